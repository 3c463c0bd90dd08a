"""Lifecycle rules in memory: repeal references and validity."""

from __future__ import annotations

from gongbao.core.findings import Severity
from gongbao.core.model.records import Validity
from gongbao.core.rules.lifecycle import repeal_references
from tests.corpus import codes, corpus, doc, settings


def test_a_repeal_basis_that_names_nothing_is_a_warning() -> None:
    records = corpus(doc("old", repealed_by="平政发〔2099〕1号", validity=Validity.REPEALED))
    found = list(repeal_references(records, settings()))
    assert codes(found) == ["repeal.unresolved"]
    assert found[0].severity is Severity.WARNING
    assert (
        found[0].message == "废止依据 '平政发〔2099〕1号' 找不到对应的政策文件，横幅中将不带链接。"
    )


def test_repealed_but_still_valid_is_a_warning() -> None:
    records = corpus(doc("old", repealed_by="new"), doc("new"))
    found = list(repeal_references(records, settings()))
    assert codes(found) == ["repeal.validity"]
    assert found[0].message == "写了 repealed_by（废止依据），但 validity（有效性）仍为有效。"


def test_a_resolved_repeal_with_its_validity_is_fine() -> None:
    records = corpus(doc("old", repealed_by="new", validity=Validity.REPEALED), doc("new"))
    assert list(repeal_references(records, settings())) == []
