"""The Markdown guard, in Python-Markdown itself: attr_list attributes and links as rendered,
and the time limit of one conversion."""

from __future__ import annotations

import time

import markdown
import pytest

from gongbao.core.scan.guard import MarkupGuard, MarkupTimeoutError

EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "footnotes"]


def refused(source: str, extensions: list[str] = EXTENSIONS) -> list[tuple[str, str]]:
    guard = MarkupGuard()
    markdown.markdown(source, extensions=[*extensions, guard])
    return guard.take()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('![图](a.png){: onerror="document.title=1"}', [("img", "事件属性 onerror=")]),
        (
            "段落\n{: onfocus=x autofocus}",
            [("p", "事件属性 onfocus="), ("p", "属性 autofocus= 不在允许范围内")],
        ),
        ("## 标题 {: onmouseover=x}", [("h2", "事件属性 onmouseover=")]),
        (
            '段落\n{: style="position:fixed;inset:0"}',
            [("p", "样式属性 style=（可遮盖或伪造页面内容）")],
        ),
        (
            '[中国政府网](https://www.gov.cn){: href="https://evil.example"}',
            [("a", "属性 href= 不能用 {: } 设置（链接地址请写在 Markdown 链接里）")],
        ),
        ("[点击](javascript:alert(1))", [("a", "javascript: 链接")]),
        ("![图](vbscript:x)", [("img", "vbscript: 链接")]),
    ],
)
def test_what_attr_list_and_links_set_is_checked(
    source: str, expected: list[tuple[str, str]]
) -> None:
    assert refused(source) == expected


def test_what_extensions_generate_is_not_the_editors() -> None:
    source = (
        "# 标题 {: #t .lead lang=en}\n\n正文[^1]\n\n| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n\n"
        '!!! note "注意"\n    内容\n\n[^1]: 脚注\n\n<div markdown="1" class="x">**粗**</div>\n'
    )
    assert refused(source) == []
    tabbed = '=== "一"\n    甲\n\n=== "二"\n    乙\n'
    assert refused(tabbed, [*EXTENSIONS, "pymdownx.tabbed"]) == []


def test_take_reports_once() -> None:
    guard = MarkupGuard()
    md = markdown.Markdown(extensions=["attr_list", guard])
    md.convert("段落\n{: onclick=x}")
    assert guard.take() == [("p", "事件属性 onclick=")]
    assert guard.take() == []
    md.reset()
    md.convert("段落")
    assert guard.take() == []


def test_a_conversion_past_the_limit_raises_within_the_limit() -> None:
    guard = MarkupGuard(time_limit=1)
    started = time.monotonic()
    with pytest.raises(MarkupTimeoutError, match="Markdown 转换超过 1 秒"):
        markdown.markdown("[" * 20_000, extensions=[guard])
    assert time.monotonic() - started < 5
    # The timer is gone: a later slow step of the same process is not interrupted.
    markdown.markdown("普通段落。" * 1000, extensions=[guard])
    time.sleep(1.2)


def test_no_limit_when_zero() -> None:
    guard = MarkupGuard(time_limit=0)
    assert markdown.markdown("[" * 2000, extensions=[guard]).startswith("<p>[")
