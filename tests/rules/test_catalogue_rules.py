"""公开目录 rules, in memory: entries documents name, counts, 空白栏目; 索引号 and the start of a
year's gazette numbering."""

from __future__ import annotations

from typing import Any

import pytest

from gongbao.core.config.catalogues import DEFAULT_CATALOGUES, CatalogueEntry
from gongbao.core.config.options import OptionError, parse_options
from gongbao.core.findings import Severity
from gongbao.core.rules import PUBLISHED_RULES, RULES
from gongbao.core.rules.catalogue import (
    catalogue_counts,
    catalogue_values,
    empty_catalogue,
    empty_entries,
)
from gongbao.core.rules.gazette import gazette_sequence
from gongbao.core.rules.identity import unique_index_numbers
from tests.corpus import codes, corpus, doc, issue, messages, settings

SMALL = (CatalogueEntry("法规文件", "行政法规、规章和规范性文件"), CatalogueEntry("统计信息"))


def test_the_default_is_article_20_and_the_article_21_group() -> None:
    names = [e.name for e in DEFAULT_CATALOGUES]
    assert len(names) == 16 == len(set(names))
    assert DEFAULT_CATALOGUES[0].basis == "条例第二十条（一）"
    assert DEFAULT_CATALOGUES[14].basis == "条例第二十条（十五）"
    assert DEFAULT_CATALOGUES[14].title.endswith("规定规定应当主动公开的其他政府信息")
    assert DEFAULT_CATALOGUES[15].basis.startswith("条例第二十一条")
    assert parse_options({})["catalogues"] == DEFAULT_CATALOGUES


def test_the_option_takes_names_or_mappings() -> None:
    parsed = parse_options({"catalogues": ["统计信息", {"name": "法规文件", "title": "规章"}]})
    assert parsed["catalogues"] == (CatalogueEntry("统计信息"), CatalogueEntry("法规文件", "规章"))


@pytest.mark.parametrize("value", [[], ["a", "a"], [{"name": ""}], [{"name": "a", "x": 1}], "a"])
def test_a_bad_catalogue_option_is_refused(value: Any) -> None:
    with pytest.raises(OptionError) as info:
        parse_options({"catalogues": value})
    assert str(info.value) == (
        "选项 catalogues（公开目录）应为栏目名称的列表（或 {name, title, basis}），名称不重复，"
        f"实际为 {value!r}。"
    )


def test_an_unknown_entry_is_an_error_listing_the_valid_names() -> None:
    records = corpus(
        doc("a", catalogue="统计信息"),
        doc("b", catalogue="行政法规、规章和规范性文件"),  # the full title names it too
        doc("c", catalogue="统计数据", key_lines={"catalogue": 5}),
    )
    found = list(catalogue_values(records, settings(catalogues=SMALL)))
    assert messages(found) == [
        "content/c.md:5: catalogue（公开目录）应为本站公开目录中的栏目名称，实际为 '统计数据'。"
        " 修改建议：改为以下之一：法规文件、统计信息；或在 mkdocs.yml 的 catalogues 中加入该栏目。"
    ]
    assert codes(found) == ["catalogue.unknown"]
    assert found[0].is_error
    assert "catalogue" in RULES


def test_counts_follow_the_catalogue_order_newest_first() -> None:
    records = corpus(
        doc("a", catalogue="统计信息", published="2023-01-01"),
        doc("b", catalogue="统计信息", published="2023-06-01"),
        doc("c", catalogue="行政法规、规章和规范性文件"),
        doc("d"),
    )
    counts, unassigned = catalogue_counts(
        records, settings(catalogues=(*SMALL, CatalogueEntry("政府采购")))
    )
    assert [(c.entry.name, c.count, [d.id for d in c.documents]) for c in counts] == [
        ("法规文件", 1, ["c"]),
        ("统计信息", 2, ["b", "a"]),
        ("政府采购", 0, []),
    ]
    assert [d.id for d in unassigned] == ["d"]
    assert [
        e.name
        for e in empty_entries(records, settings(catalogues=(*SMALL, CatalogueEntry("政府采购"))))
    ] == ["政府采购"]


def test_an_empty_entry_is_a_warning_or_with_the_option_an_error() -> None:
    records = corpus(doc("a", catalogue="统计信息"))
    found = list(empty_catalogue(records, settings(catalogues=SMALL)))
    assert messages(found) == [
        "mkdocs.yml: 公开目录栏目“法规文件”（行政法规、规章和规范性文件）暂无信息：没有已发布的文件写 "
        "catalogue: 法规文件。 修改建议：发布属于该栏目的文件（头信息写 catalogue: 法规文件），"
        "或在 mkdocs.yml 的 catalogues 中删去本站不适用的栏目。"
    ]
    assert found[0].severity is Severity.WARNING
    strict = list(empty_catalogue(records, settings(catalogues=SMALL, empty_catalogue_error=True)))
    assert [f.severity for f in strict] == [Severity.ERROR]
    assert PUBLISHED_RULES["catalogue.empty"] is empty_catalogue


def test_a_site_that_does_not_use_the_catalogue_is_not_told_about_empty_entries() -> None:
    assert list(empty_catalogue(corpus(doc("a")), settings())) == []
    # With one document in the default catalogue, the other fifteen entries are reported.
    found = list(empty_catalogue(corpus(doc("a", catalogue="法规文件")), settings()))
    assert len(found) == 15
    assert codes(found) == ["catalogue.empty"] * 15


def test_a_duplicate_index_number_names_both_files() -> None:
    records = corpus(
        doc("a", index_number="000014349/2023-00001", key_lines={"index_number": 4}),
        doc("b", index_number="000014349/2023-00001 ", key_lines={"index_number": 6}),
        doc("c", index_number="000014349/2023-00002"),
        doc("d"),
        doc("e"),
    )
    found = list(unique_index_numbers(records, settings()))
    assert messages(found) == [
        "content/b.md:6: 索引号 000014349/2023-00001 与 content/a.md:4 的索引号相同（《关于a的通知》）。"
        " 修改建议：核对索引号：一个索引号只能对应一份文件，按本机关的索引号编制规则为其中一份重新编号。"
    ]
    assert found[0].is_error
    assert "unique.index_number" in RULES


def test_a_year_that_does_not_start_at_issue_1_is_a_gap_warning() -> None:
    found = list(gazette_sequence(corpus(issue(2023, 3), issue(2023, 4)), settings()))
    assert messages(found) == [
        "gazette/2023/03.md:3: 2023年公报缺少第1期、第2期（该年度最早的一期是第3期，期号应从第1期开始）。"
        " 修改建议：补上缺少的期次，或核对期号。"
    ]
    assert found[0].severity is Severity.WARNING
    late = list(gazette_sequence(corpus(issue(2024, 12)), settings()))
    assert [f.message for f in late] == [
        "2024年公报缺少第1期至第11期（该年度最早的一期是第12期，期号应从第1期开始）。"
    ]
    assert list(gazette_sequence(corpus(issue(2024, 1), issue(2024, 2)), settings())) == []
