"""Identity rules, in memory: unique ids, unique 文号, the 文号 format."""

from __future__ import annotations

from gongbao.core.findings import Severity
from gongbao.core.rules.identity import doc_number_format, unique_doc_numbers, unique_ids
from tests.corpus import codes, corpus, doc, interp, issue, messages, settings


def test_ids_are_unique_across_every_kind_of_record() -> None:
    found = list(unique_ids(corpus(doc("a"), interp("a"), issue(2023, 1)), settings()))
    assert codes(found) == ["unique.id"]
    assert messages(found) == [
        "interpretations/a.md: 标识 'a' 与 content/a.md 重复。 修改建议：为其中一个文件设置不同的 id（标识）。"
    ]


def test_doc_numbers_are_unique_in_any_spelling() -> None:
    records = corpus(
        doc("a", doc_number="平政办发〔2023〕51号"),
        doc("b", doc_number="平政办发[2023]51号", key_lines={"doc_number": 3}),
        doc("c", doc_number="平政办发〔2023〕52号"),
    )
    found = list(unique_doc_numbers(records, settings()))
    assert codes(found) == ["unique.doc_number"]
    assert messages(found) == [
        "content/b.md:3: 文号 平政办发[2023]51号 与 content/a.md 的文号 平政办发〔2023〕51号 相同。"
        " 修改建议：核对文号：一个文号只能对应一份文件。"
    ]


def test_doc_number_format_is_a_warning_with_the_corrected_form() -> None:
    found = list(doc_number_format(corpus(doc("a", doc_number="平政办发[23]第05号")), settings()))
    assert codes(found) == ["doc_number.format"]
    assert found[0].severity is Severity.WARNING
    assert found[0].fix == "改为 平政办发〔2023〕5号。"
    assert list(doc_number_format(corpus(doc("b", doc_number="国令第711号")), settings())) == []
