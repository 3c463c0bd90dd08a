"""Gazette rules in memory: numbering, tables of contents, 规范性文件 in the gazette."""

from __future__ import annotations

from dataclasses import replace

from gongbao.core.findings import Severity
from gongbao.core.model.records import Disclosure
from gongbao.core.rules.gazette import (
    gazette_entries,
    gazette_numbering,
    gazette_sequence,
    normative_in_gazette,
)
from tests.corpus import codes, corpus, doc, issue, messages, settings


def test_year_and_number_and_serial_are_unique() -> None:
    records = corpus(issue(2023, 1, serial=10), issue(2023, 1, serial=10))
    found = list(gazette_numbering(records, settings()))
    assert codes(found) == ["gazette.duplicate_number", "gazette.duplicate_serial"]
    assert messages(found) == [
        "gazette/2023/01.md:3: 公报2023年第1期与 gazette/2023/01.md 重复。 修改建议：核对 year（年度）和 number（期号）。",
        "gazette/2023/01.md:4: 总期号 10 与 gazette/2023/01.md 重复。 修改建议：核对 serial（总期号）。",
    ]


def test_entries_resolve_once_to_public_documents() -> None:
    records = corpus(
        doc("a"),
        doc("secret", disclosure=Disclosure.ON_REQUEST),
        issue(2023, 1, "a", "secret", "nothing"),
        issue(2023, 2, "a"),
    )
    found = list(gazette_entries(records, settings()))
    assert codes(found) == ["gazette.not_public", "gazette.unresolved", "gazette.twice"]
    assert [f.message for f in found] == [
        "公报2023年第1期栏目“市政府文件”的条目 'secret'指向依申请公开的文件 content/secret.md，公报只刊登主动公开文件。",
        "公报2023年第1期栏目“市政府文件”的条目 'nothing'找不到对应的政策文件。",
        "《关于a的通知》已刊登于 gazette/2023/01.md，不能在2023年第2期再次刊登。",
    ]


def test_pages_need_the_issue_pdf() -> None:
    records = corpus(doc("a"), issue(2023, 1, "a", pages={"a": (1, 2)}))
    found = list(gazette_entries(records, settings()))
    assert codes(found) == ["gazette.pages_without_pdf"]
    assert found[0].message == "公报2023年第1期的条目写了 pages（页码），但没有 pdf（公报PDF）。"


def test_gaps_and_serials_going_back_are_warnings() -> None:
    records = corpus(issue(2023, 1, serial=20), issue(2023, 4, serial=19))
    found = list(gazette_sequence(records, settings()))
    assert codes(found) == ["gazette.gap", "gazette.serial_order"]
    assert {f.severity for f in found} == {Severity.WARNING}
    assert found[0].message == "2023年公报缺少第2期、第3期（第1期之后是第4期）。"
    assert found[1].message == (
        "总期号倒退：2023年第4期为总第19期，而此前的2023年第1期已是总第20期。"
    )


def test_every_normative_document_is_printed_on_or_after_its_date() -> None:
    printed_late = doc("a", normative=True, published="2023-05-22")
    records = corpus(
        printed_late, doc("b", normative=True), issue(2023, 1, "a", published="2023-01-28")
    )
    found = list(normative_in_gazette(records, settings()))
    assert codes(found) == ["gazette.normative", "gazette.normative"]
    assert [f.message for f in found] == [
        "规范性文件《关于a的通知》（发布日期 2023-05-22）刊登的公报早于文件发布：gazette/2023/01.md（2023-01-28）。",
        "规范性文件《关于b的通知》（发布日期 2023-05-22）未刊登于任何一期公报。",
    ]
    warned = list(normative_in_gazette(records, settings(normative_in_gazette="warn")))
    assert {f.severity for f in warned} == {Severity.WARNING}
    assert list(normative_in_gazette(records, settings(normative_in_gazette="off"))) == []
    fixed = corpus(printed_late, issue(2023, 6, "a", published="2023-06-28"))
    assert list(normative_in_gazette(fixed, settings())) == []
    assert replace(printed_late, normative=False).normative is False
