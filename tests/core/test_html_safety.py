"""Tests for gongbao.core.scan.html: script-capable raw HTML in Markdown."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongbao.core.scan import html as html_safety
from gongbao.core.scan.html import UnsafeHtml, find_unsafe_html


def reasons(markdown: str) -> list[str]:
    return [item.reason for item in find_unsafe_html(markdown)]


@pytest.mark.parametrize(
    ("markdown", "reason"),
    [
        ("<script>alert(1)</script>", "<script> 标签"),
        ("<SCRIPT src=x.js></SCRIPT>", "<script> 标签"),
        ("<script\n>alert(1)</script>", "<script> 标签"),
        ("<script/src=x.js></script>", "<script> 标签"),
        ('<iframe src="https://example.com"></iframe>', "<iframe> 标签"),
        ("<object data=x.swf></object>", "<object>/<embed> 标签"),
        ("<embed src=x.swf>", "<object>/<embed> 标签"),
        ('<form action="/x"><input></form>', "<form> 标签"),
        ("<style>body{display:none}</style>", "<style> 标签"),
        ('<base href="https://evil.example/">', "<base> 标签"),
        ('<img src=x onerror="alert(1)">', "事件属性 onerror="),
        ("<div\n  onclick = 'x()'>点击</div>", "事件属性 onclick="),
        ("<svg/onload=alert(1)>", "事件属性 onload="),
        ("<a href=\"javascript:alert('x')\">x</a>", "javascript: 链接"),
        ("<a HREF='JavaScript:void(0)'>x</a>", "javascript: 链接"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: 链接"),
        ('<a href=" java\tscript:alert(1)">x</a>', "javascript: 链接"),
        ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: 链接"),
        ('<iframe src="data:text/html,<b>x</b>">', "<iframe> 标签"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:text/html 链接"),
        ("[点击](javascript:alert(1))", "javascript: 链接"),
        ("![图](  JAVASCRIPT:alert(1))", "javascript: 链接"),
        ("[点击](<javascript:alert(1)>)", "javascript: 链接"),
        ("[点击](javascript&#58;alert(1))", "javascript: 链接"),
        ("[点击](javascript\\:alert(1))", "javascript: 链接"),
        ("[点击][1]\n\n[1]: javascript:alert(1)", "javascript: 链接"),
        ("<javascript:alert(1)>", "javascript: 链接"),
        (
            '<meta http-equiv="refresh" content="0;url=https://evil.example">',
            "<meta http-equiv=refresh> 跳转",
        ),
        # The allow-list: what is not known to be harmless is refused.
        ('<p style="position:fixed;top:0">假通知</p>', "样式属性 style=（可遮盖或伪造页面内容）"),
        ('<div data-onclick="x">', "属性 data-onclick= 不在允许范围内"),
        ("Python 中 a<b and b>c", "属性 and= 不在允许范围内"),
        ("<input autofocus>", "<input> 标签不在允许范围内"),
        ("<svg><a href=x>y</a></svg>", "<svg> 标签不在允许范围内"),
        ('<a href="file:///etc/passwd">x</a>', "链接协议 file: 不在允许范围内"),
        ('<td href="https://a.example">', "属性 href= 不能用于 <td>"),
        ("[x](ftp://example.com/a)", "链接协议 ftp: 不在允许范围内"),
    ],
)
def test_unsafe_markup_is_reported(markdown: str, reason: str) -> None:
    assert reason in reasons(markdown)


def test_position_and_snippet() -> None:
    markdown = "# 标题\n\n正文第一段。\n　　见<img src=x\n onerror=alert(1)>。\n"
    assert find_unsafe_html(markdown) == [
        UnsafeHtml(4, 4, "<img src=x\n onerror=alert(1)>", "事件属性 onerror=")
    ]


def test_snippet_is_truncated_to_80_characters() -> None:
    markdown = '<a title="' + "长" * 200 + '" onclick="x()">'
    (item,) = find_unsafe_html(markdown)
    assert item.reason == "事件属性 onclick="
    assert item.snippet == markdown[:80]
    assert (item.line, item.column) == (1, 1)


def test_one_report_per_problem_in_a_tag() -> None:
    markdown = '<a href="javascript:x()" onclick="y()" onmouseover="z()">x</a>'
    assert reasons(markdown) == [
        "javascript: 链接",
        "事件属性 onclick=",
        "事件属性 onmouseover=",
    ]


def test_quoted_greater_than_does_not_hide_an_event_attribute() -> None:
    # A browser reads this as one tag with an onclick attribute.
    assert reasons('<a title=">" onclick="x()">x</a>') == ["事件属性 onclick="]


def test_unclosed_quote_does_not_hide_a_later_tag() -> None:
    # Markdown may escape the broken <a …; the <img …> then reaches the browser as a tag.
    markdown = '<a title="x <img src=x onerror=alert(1)>'
    assert reasons(markdown) == ["事件属性 onerror="]
    assert find_unsafe_html(markdown)[0].column == 13


def test_results_are_sorted_and_lines_counted() -> None:
    markdown = "<style>\n</style>\n\n正文\n\n<script>x</script>\n[a](javascript:b)"
    assert [(i.line, i.column, i.reason) for i in find_unsafe_html(markdown)] == [
        (1, 1, "<style> 标签"),
        (6, 1, "<script> 标签"),
        (7, 3, "javascript: 链接"),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "```html\n<script>alert(1)</script>\n```",
        "~~~\n<iframe src=x></iframe>\n<img onerror=x>\n~~~",
        "````\n```\n<script>\n```\n````",
        "正文 `<script>` 是脚本标签。",
        "用 ``<a onclick=`x`>`` 绑定事件。",
        "多行 `<img\nonerror=x>` 代码。",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "onion=3 and onclick=x outside any tag",
        "<table><tr><td>1</td></tr></table><br><sup>2</sup><br/>",
        '<a href="https://www.gov.cn/zhengce/">中国政府网</a>',
        '<img src="/images/logo.png" alt="javascript: 教程">',
        "[链接](https://example.com/javascript:x) 与 [b](./data/text.html)",
        "收入<5万元且>3万元",
        "javascript: 是一种脚本语言。",
        '<p class="on" id="x" title="t" lang="en">段落</p>',
        '<table border="1"><tr><td colspan="2" align="center">合计</td></tr></table>',
        '<img src="data:image/png;base64,iVBORw0K" alt="图" width="20">',
        '<video controls src="media/jiedu.mp4" poster="media/p.jpg"></video>',
        "[来信](mailto:xxgk@example.gov.cn) 或 [电话](tel:0933-1234567)",
        '<details open markdown="1"><summary>附件</summary></details>',
    ],
)
def test_safe_markdown_is_not_reported(markdown: str) -> None:
    assert find_unsafe_html(markdown) == []


@pytest.mark.parametrize(
    "markdown",
    [
        "```\n<script>alert(1)</script>\n",  # an unclosed fence is not code
        "正文 `<script>alert(1)</script>\n\n下一段 `",  # a code span does not cross paragraphs
        "转义 \\`<script>`",  # escaped opener: no code span
        "~~~\n<script>\n```",  # a ``` does not close a ~~~ fence
    ],
)
def test_code_lookalikes_are_still_scanned(markdown: str) -> None:
    assert "<script> 标签" in reasons(markdown)


def test_text_after_a_fence_is_scanned_again() -> None:
    markdown = "```\n<script>\n```\n\n<script>x</script>"
    assert [(i.line, i.reason) for i in find_unsafe_html(markdown)] == [(5, "<script> 标签")]


# --- Robustness and speed ------------------------------------------------------------------

_TOKENS = st.sampled_from(
    [*"<>/=\"' \n`~\\[]():&#;aejnoprstv", "script", "onclick", "javascript:", "```", "&#106;"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=60).map("".join) | st.text(max_size=120))
def test_never_raises_and_snippets_match_positions(markdown: str) -> None:
    for item in find_unsafe_html(markdown):
        line = markdown.split("\n")[item.line - 1]
        rest = "\n".join([line[item.column - 1 :], *markdown.split("\n")[item.line :]])
        assert rest.startswith(item.snippet)
        assert len(item.snippet) <= 80


@pytest.mark.parametrize(
    "markdown",
    [
        "<a on" * 200_000,
        '<a x="' * 200_000,
        "<a x='\"" * 150_000,
        "<a x=\"<a x='" * 100_000,
        "](" * 500_000,
        "`" * 1000 + "x" + "``" * 100_000,
        "\n".join("`" * n for n in range(3, 1400)),
    ],
    ids=["a-on", "dquote", "mixed-quotes", "nested-quotes", "md-links", "backticks", "fences"],
)
def test_adversarial_megabyte_inputs_are_linear(markdown: str) -> None:
    started = time.perf_counter()
    # None of these is a complete tag with a dangerous attribute, or a link with a scheme.
    assert find_unsafe_html(markdown) == []
    # Generous bound: quadratic behaviour on 1 MB would take minutes.
    assert time.perf_counter() - started < 5


def test_many_real_tags_are_all_reported() -> None:
    markdown = "<b onclick=x>" * 10_000
    result = find_unsafe_html(markdown)
    assert len(result) == 10_000
    assert {item.reason for item in result} == {"事件属性 onclick="}


@settings(max_examples=500, deadline=None)
@given(st.lists(_TOKENS | st.sampled_from(["]:", "[", "\n   ["]), max_size=60).map("".join))
def test_the_shortcuts_miss_nothing(markdown: str) -> None:
    # Texts without "<", "](" or "]:" skip every pass, and a reference definition needs "]:".
    assert html_safety._MD_REF_DEF_RE.search(markdown) is None or "]:" in markdown
    fast = find_unsafe_html(markdown)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html_safety, "_may_hold_markup", lambda text: True)
        assert find_unsafe_html(markdown) == fast
