"""三同步 in memory: what interpretations interpret, and the gate itself."""

from __future__ import annotations

from gongbao.core.model.records import Disclosure, InterpretationRequirement
from gongbao.core.rules.sync import interpretation_targets, three_synchronisations
from tests.corpus import codes, corpus, doc, interp, messages, settings

NUMBER = "平政办发〔2023〕51号"


def test_a_document_without_an_interpretation_fails_the_gate() -> None:
    records = corpus(
        doc("a", doc_number=NUMBER, title="关于加强政策解读工作的通知", key_lines={"title": 2})
    )
    found = list(three_synchronisations(records, settings()))
    assert codes(found) == ["sync.missing"]
    assert found[0].is_error
    assert messages(found) == [
        "content/a.md:2: 三同步：平政办发〔2023〕51号《关于加强政策解读工作的通知》（发布日期 2023-05-22）"
        "没有配套的解读材料。 修改建议：在 interpretations/ 下新增解读，头信息写 interprets: "
        "平政办发〔2023〕51号，发布日期不晚于 2023-05-22；如确实无需解读，设置 interpretation: exempt "
        "并写明 exempt_reason。"
    ]


def test_an_interpretation_found_by_any_spelling_of_the_doc_number_satisfies_it() -> None:
    records = corpus(doc("a", doc_number=NUMBER), interp("j", ("平政办发[2023]51号",)))
    assert list(three_synchronisations(records, settings())) == []


def test_a_late_interpretation_fails_unless_within_the_tolerance() -> None:
    records = corpus(
        doc("a", doc_number=NUMBER, key_lines={"published": 5}),
        interp("j", (NUMBER,), published="2023-05-25"),
    )
    found = list(three_synchronisations(records, settings()))
    assert codes(found) == ["sync.late"]
    assert found[0].message == (
        "三同步：平政办发〔2023〕51号《关于a的通知》发布于 2023-05-22，其解读未在同日发布："
        "interpretations/j.md（2023-05-25）。"
    )
    assert found[0].line == 5
    assert list(three_synchronisations(records, settings(sync_tolerance_days=3))) == []
    late = list(three_synchronisations(records, settings(sync_tolerance_days=2)))
    assert "未在2 天内发布" in late[0].message


def test_exempt_and_non_public_documents_need_no_interpretation() -> None:
    records = corpus(
        doc("a", interpretation=InterpretationRequirement.EXEMPT, exempt_reason="内部事务"),
        doc("b", disclosure=Disclosure.ON_REQUEST),
    )
    assert list(three_synchronisations(records, settings())) == []


def test_interpretation_targets_resolve_to_public_documents() -> None:
    records = corpus(
        doc("a", doc_number=NUMBER, disclosure=Disclosure.WITHHELD),
        interp("j", (NUMBER, "平政发〔2099〕1号"), key_lines={"interprets": 4}),
    )
    found = list(interpretation_targets(records, settings()))
    assert codes(found) == ["interprets.not_public", "interprets.unresolved"]
    assert messages(found)[0] == (
        "interpretations/j.md:4: 解读对象 平政办发〔2023〕51号《关于a的通知》（content/a.md）的公开属性为"
        "不予公开，其解读不能公开发布。 修改建议：删除这份解读，或在确认文件可以主动公开后修改其 "
        "disclosure（公开属性）。"
    )
    assert (
        found[1].message
        == "解读对象 '平政发〔2099〕1号' 找不到对应的政策文件（按文号和 id 均未找到）。"
    )


def test_a_reference_to_a_document_that_failed_to_load_is_not_reported_again() -> None:
    records = corpus(interp("j", ("broken-doc",)), broken=frozenset({"broken-doc"}))
    assert list(interpretation_targets(records, settings())) == []
