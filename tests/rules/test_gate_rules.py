"""The publishing gate in memory: leaks, unsafe markup and 先审后发."""

from __future__ import annotations

from gongbao.core.rules import scan_record
from gongbao.core.rules.leaks import text_leaks
from gongbao.core.rules.markup import markdown_timeout, rendered_markup, unsafe_markup
from gongbao.core.rules.review import review_sign_off
from tests.corpus import codes, corpus, doc, interp, messages, settings


def test_personal_data_and_marks_in_body_and_front_matter() -> None:
    record = doc(
        "a",
        body="联系人：张三，电话 13800138000。\n\n机密★1年",
        body_line=6,
        front_matter=(("source", "身份证 11010519491231002X", 4),),
    )
    found = list(scan_record(record))
    assert codes(found) == ["leak.personal", "leak.personal", "leak.classified"]
    assert messages(found)[1:] == [
        "content/a.md:6: 第 11 列疑似手机号码：138****8000。 修改建议：删除或改写该内容；确需公开的"
        "（如单位办公电话），在头信息 allow_sensitive 中列出该值并写明理由，例如 allow_sensitive: "
        "[{value: '…', reason: 单位办公电话}]。",
        "content/a.md:8: 第 1 列出现密级标志“机密★1年”。 修改建议：涉密信息不得在互联网发布：撤下该文件"
        "并按保密规定处理，确认已解密后删除密级标志。",
    ]
    assert found[0].line == 4


def test_an_allowed_value_passes() -> None:
    record = doc("a", body="电话 13800138000", allow_sensitive=(("13800138000", "值班电话"),))
    assert list(scan_record(record)) == []


def test_pdf_pages_are_placed_by_page_not_line() -> None:
    found = list(text_leaks("content/a.pdf", "附表：13800138000", 1, (), "PDF 第 3 页"))
    assert messages(found)[0].startswith("content/a.pdf: PDF 第 3 页疑似手机号码：138****8000。")


def test_script_in_a_body_is_refused() -> None:
    found = list(unsafe_markup("content/a.md", "正文\n\n<script>alert(1)</script>", 5))
    assert codes(found) == ["html.unsafe"]
    assert found[0].line == 7
    assert found[0].message.startswith("正文含有不允许的 HTML：<script> 标签（<script>")


def test_attr_lists_and_raw_tags_are_reported_in_source_order() -> None:
    body = '# 标题 {: onclick=x}\n\n<p style="color:red">红</p>\n\n图\n{: .ok #ok}'
    found = list(unsafe_markup("content/pages/a.md", body, 3, page=True))
    assert [(f.code, f.line, f.message) for f in found] == [
        ("html.unsafe", 3, "页面含有不允许的 HTML：事件属性 onclick=（{: onclick=x}）。"),
        (
            "html.unsafe",
            5,
            '页面含有不允许的 HTML：样式属性 style=（可遮盖或伪造页面内容）（<p style="color:red">）。',
        ),
    ]


def test_rendered_refusals_and_timeouts_have_their_codes() -> None:
    (found,) = rendered_markup("content/a.md", [("td", "事件属性 onclick=")])
    assert (found.code, found.line) == ("html.unsafe", None)
    assert found.message == "页面渲染后的 <td> 含有不允许的属性或链接：事件属性 onclick=。"
    timeout = markdown_timeout("content/a.md", 20)
    assert timeout.code == "html.timeout" and timeout.is_error
    assert timeout.message.startswith("Markdown 转换超过 20 秒仍未完成")


def test_review_sign_off() -> None:
    records = corpus(
        doc("a", reviewed_by="王五", approved_by="王五", key_lines={"approved_by": 9}),
        interp("j", ("a",), reviewed_by="王五"),
        doc("b", reviewed_by="王五", approved_by="赵六"),
    )
    assert list(review_sign_off(records, settings())) == []
    found = list(review_sign_off(records, settings(require_review=True)))
    assert codes(found) == ["review.same_person", "review.missing"]
    assert messages(found) == [
        "content/a.md:9: 先审后发：审核人与签发人是同一人（王五）。 修改建议：签发人应为审核人之外的负责人。",
        "interpretations/j.md: 先审后发：缺少 approved_by（签发人）。 修改建议：在头信息中写明审核人和签发人（两人不能相同）。",
    ]
