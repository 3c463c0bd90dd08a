"""Lifecycle rules in memory: every relation names a document, validity agrees with repeals,
no relation points at the future or goes round a cycle; exact messages."""

from __future__ import annotations

from gongbao.core.findings import Severity
from gongbao.core.model.records import Validity
from gongbao.core.rules import RULES, run_rules
from gongbao.core.rules.lifecycle import (
    change_references,
    repeal_cycles,
    repeal_references,
    replace_cycles,
)
from tests.corpus import codes, corpus, doc, messages, settings

GONE = Validity.REPEALED


def test_a_repeal_basis_that_names_nothing_is_an_error() -> None:
    records = corpus(
        doc("old", repealed_by="平政发〔2099〕1号", validity=GONE, key_lines={"repealed_by": 9})
    )
    found = list(repeal_references(records, settings()))
    assert codes(found) == ["repeal.unresolved"]
    assert found[0].severity is Severity.ERROR
    assert messages(found) == [
        "content/old.md:9: 废止依据 '平政发〔2099〕1号' 找不到对应的政策文件。"
        " 修改建议：核对文号或 id；废止它的文件不在本站时，先把它加入 content/。"
    ]
    # A document that exists but failed validation has its own error: not reported twice.
    records = corpus(doc("old", repealed_by="broken", validity=GONE), broken=frozenset({"broken"}))
    assert list(repeal_references(records, settings())) == []


def test_repealed_but_still_valid_and_the_reverse_are_errors() -> None:
    records = corpus(
        doc("old", repealed_by="new", key_lines={"repealed_by": 7}),
        doc("new"),
        doc("gone", validity=GONE, key_lines={"validity": 6}),
    )
    found = list(repeal_references(records, settings()))
    assert codes(found) == ["repeal.validity", "repeal.basis_missing"]
    assert {f.severity for f in found} == {Severity.ERROR}
    assert messages(found) == [
        "content/old.md:7: 写了 repealed_by（废止依据），但 validity（有效性）仍为有效。"
        " 修改建议：把 validity 改为 废止 或 失效，或删除 repealed_by。",
        "content/gone.md:6: validity（有效性）为废止，但没有写 repealed_by（废止依据）。"
        " 修改建议：加入 repealed_by: 废止它的文件的文号或 id；只是到期失效的，把 validity 改为 失效。",
    ]
    # 失效 needs no basis: a document may simply run out.
    assert list(repeal_references(corpus(doc("x", validity=Validity.EXPIRED)), settings())) == []


def test_a_document_repealed_by_one_published_before_it() -> None:
    records = corpus(
        doc(
            "old",
            doc_number="平政发〔2023〕5号",
            published="2023-06-01",
            repealed_by="平政发〔2022〕9号",
            validity=GONE,
        ),
        doc("new", doc_number="平政发〔2022〕9号", published="2022-03-01"),
    )
    found = list(repeal_references(records, settings()))
    assert codes(found) == ["repeal.order"]
    assert found[0].message == (
        "平政发〔2023〕5号《关于old的通知》（2023-06-01 发布）的废止依据"
        " 平政发〔2022〕9号《关于new的通知》（2022-03-01 发布）早于它本身。"
    )


def test_a_resolved_repeal_with_its_validity_is_fine() -> None:
    records = corpus(doc("old", repealed_by="new", validity=GONE), doc("new"))
    assert list(repeal_references(records, settings())) == []


def test_amends_and_replaces_name_older_documents() -> None:
    records = corpus(
        doc(
            "new",
            doc_number="平政发〔2024〕2号",
            published="2024-01-05",
            amends=("平政发〔2099〕1号", "old", "平政发[2024]2号"),
            replaces=("later",),
            key_lines={"amends": 8, "replaces": 9},
        ),
        doc("old", published="2020-01-01"),
        doc("later", doc_number="平政发〔2024〕7号", published="2024-05-01"),
    )
    found = list(change_references(records, settings()))
    assert codes(found) == ["lifecycle.unresolved", "lifecycle.self", "lifecycle.order"]
    assert {f.severity for f in found} == {Severity.ERROR}
    assert messages(found) == [
        "content/new.md:8: amends（修改）中的 '平政发〔2099〕1号' 找不到对应的政策文件。"
        " 修改建议：核对文号或 id（〔〕、[]、() 等写法均可）；被修改的文件不在本站时，先把它加入 content/。",
        "content/new.md:8: 平政发〔2024〕2号《关于new的通知》的 amends（修改）'平政发[2024]2号' 就是它自己。"
        " 修改建议：把 amends 改为被修改的旧文件的文号或 id。",
        "content/new.md:9: 平政发〔2024〕2号《关于new的通知》（2024-01-05 发布）代替了晚于它发布的"
        " 平政发〔2024〕7号《关于later的通知》（2024-05-01 发布）。"
        " 修改建议：把 replaces 写在新文件中，指向旧文件；并核对两份文件的发布日期。",
    ]


def test_a_cycle_of_replacements_is_reported_once() -> None:
    records = corpus(
        doc("a", replaces=("b",), key_lines={"replaces": 5}),
        doc("b", replaces=("c", "d")),
        doc("c", replaces=("a",)),
        doc("d"),
        doc("e", replaces=("a",)),
    )
    found = list(replace_cycles(records, settings()))
    assert codes(found) == ["lifecycle.replace_cycle"]
    assert messages(found) == [
        "content/a.md:5: 代替关系形成循环：content/a.md → content/b.md → content/c.md → content/a.md"
        "（每份文件都代替下一份）。 修改建议：核对这些文件的 replaces，只保留真实的代替关系。"
    ]
    # A chain is no cycle; a long one costs one walk (no recursion limit).
    chain = corpus(*(doc(f"d{n:05d}", replaces=(f"d{n + 1:05d}",)) for n in range(3000)))
    assert list(replace_cycles(chain, settings())) == []


def test_the_lifecycle_rules_run_with_every_source_rule() -> None:
    records = corpus(doc("a", amends=("nothing",)))
    assert "lifecycle.unresolved" in codes(run_rules(records, settings()))
    assert {"repeal", "repeal.cycle", "lifecycle", "lifecycle.replace_cycle"} <= set(RULES)


def test_repealed_by_takes_a_list_each_entry_checked() -> None:
    records = corpus(
        doc(
            "old",
            repealed_by=("new", "平政发〔2099〕1号"),
            validity=GONE,
            key_lines={"repealed_by": 4},
        ),
        doc("new"),
        doc("x", repealed_by=("y", "new"), validity=GONE),
        doc("y", repealed_by=("x",), validity=GONE),
    )
    found = list(repeal_references(records, settings()))
    assert messages(found) == [
        "content/old.md:4: 废止依据 '平政发〔2099〕1号' 找不到对应的政策文件。"
        " 修改建议：核对文号或 id；废止它的文件不在本站时，先把它加入 content/。"
    ]
    found = list(repeal_cycles(records, settings()))
    assert [f.message for f in found] == [
        "废止关系形成循环：content/x.md → content/y.md → content/x.md（每份文件都被下一份废止）。"
    ]
