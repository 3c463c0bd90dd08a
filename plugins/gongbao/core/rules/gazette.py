"""Gazette rules: issues are numbered once and in order, their tables of contents name public
documents printed once, and every 规范性文件 is printed in an issue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding, Severity
from gongbao.core.findings.catalogue.gazette import (
    GAZETTE_DUPLICATE_NUMBER,
    GAZETTE_DUPLICATE_SERIAL,
    GAZETTE_GAP,
    GAZETTE_NORMATIVE,
    GAZETTE_NOT_PUBLIC,
    GAZETTE_PAGES_WITHOUT_PDF,
    GAZETTE_SERIAL_ORDER,
    GAZETTE_TWICE,
    GAZETTE_UNRESOLVED,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue

__all__ = ["gazette_entries", "gazette_numbering", "gazette_sequence", "normative_in_gazette"]


def _label(issue: GazetteIssue) -> str:
    return f"{issue.year}年第{issue.number}期"


def gazette_numbering(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Issues are unique by year and number, and by serial."""
    by_number: dict[tuple[int, int], str] = {}
    by_serial: dict[int, str] = {}
    for issue in corpus.issues:
        key = (issue.year, issue.number)
        if key in by_number:
            yield GAZETTE_DUPLICATE_NUMBER(
                issue.path,
                issue.line_of("number"),
                f"公报{_label(issue)}与 {by_number[key]} 重复。",
                "核对 year（年度）和 number（期号）。",
            )
        else:
            by_number[key] = issue.path
        if issue.serial is None:
            continue
        if issue.serial in by_serial:
            yield GAZETTE_DUPLICATE_SERIAL(
                issue.path,
                issue.line_of("serial"),
                f"总期号 {issue.serial} 与 {by_serial[issue.serial]} 重复。",
                "核对 serial（总期号）。",
            )
        else:
            by_serial[issue.serial] = issue.path


def gazette_entries(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every table-of-contents entry resolves, once across all issues, to a public document;
    page ranges need the issue PDF."""
    printed_in: dict[str, str] = {}
    for issue, section, item, doc in corpus.gazette_entries():
        if not item.ref or (doc is None and corpus.is_broken(item.ref)):
            continue
        line = issue.line_of("sections")
        where = f"公报{_label(issue)}栏目“{section.heading}”的条目 {item.ref!r}"
        if doc is None:
            yield GAZETTE_UNRESOLVED(
                issue.path,
                line,
                f"{where}找不到对应的政策文件。",
                "核对文号或 id；人事任免等无需页面的条目请写成 text: …。",
            )
        elif not doc.is_public:
            yield GAZETTE_NOT_PUBLIC(
                issue.path,
                line,
                f"{where}指向{doc.disclosure.value}的文件 {doc.path}，公报只刊登主动公开文件。",
                "从目录中删除该条目，或核对该文件的 disclosure（公开属性）。",
            )
        elif doc.id in printed_in:
            yield GAZETTE_TWICE(
                issue.path,
                line,
                f"{doc.label}已刊登于 {printed_in[doc.id]}，不能在{_label(issue)}再次刊登。",
                "同一文件只在一期公报中刊登；删除重复的条目。",
            )
        else:
            printed_in[doc.id] = issue.path
    for issue in corpus.issues:
        if not issue.pdf and any(item.pages for s in issue.sections for item in s.items):
            yield GAZETTE_PAGES_WITHOUT_PDF(
                issue.path,
                issue.line_of("sections"),
                f"公报{_label(issue)}的条目写了 pages（页码），但没有 pdf（公报PDF）。",
                "加入 pdf: 本期PDF的文件名，或删除 pages。",
            )


def gazette_sequence(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Warnings: a gap in a year's numbering, serials that go backwards."""
    years: dict[int, list[GazetteIssue]] = defaultdict(list)
    for issue in corpus.issues:
        years[issue.year].append(issue)
    for year, issues in sorted(years.items()):
        issues.sort(key=lambda i: i.number)
        first = issues[0]
        if first.number > 1:
            missing = (
                "、".join(f"第{n}期" for n in range(1, first.number))
                if first.number <= 4
                else f"第1期至第{first.number - 1}期"
            )
            yield GAZETTE_GAP(
                first.path,
                first.line_of("number"),
                f"{year}年公报缺少{missing}（该年度最早的一期是第{first.number}期，期号应从第1期开始）。",
                "补上缺少的期次，或核对期号。",
            )
        for before, after in pairwise(issues):
            if after.number > before.number + 1:
                missing = "、".join(f"第{n}期" for n in range(before.number + 1, after.number))
                yield GAZETTE_GAP(
                    after.path,
                    after.line_of("number"),
                    f"{year}年公报缺少{missing}（第{before.number}期之后是第{after.number}期）。",
                    "补上缺少的期次，或核对期号。",
                )
    ordered = sorted(
        (i for i in corpus.issues if i.serial is not None), key=lambda i: (i.year, i.number)
    )
    for before, after in pairwise(ordered):
        if before.serial is not None and after.serial is not None and after.serial <= before.serial:
            yield GAZETTE_SERIAL_ORDER(
                after.path,
                after.line_of("serial"),
                f"总期号倒退：{after.year}年第{after.number}期为总第{after.serial}期，"
                f"而此前的{before.year}年第{before.number}期已是总第{before.serial}期。",
                "总期号应随期次递增，核对 serial（总期号）。",
            )


def normative_in_gazette(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every 主动公开 规范性文件 is printed in an issue published on or after its own date."""
    if settings.normative_in_gazette == "off":
        return
    severity = Severity.ERROR if settings.normative_in_gazette == "error" else Severity.WARNING
    printed: dict[str, list[GazetteIssue]] = defaultdict(list)
    for issue, _, _, doc in corpus.gazette_entries():
        if doc is not None:
            printed[doc.id].append(issue)
    for doc in corpus.policies:
        if not (doc.normative and doc.is_public):
            continue
        issues = printed.get(doc.id, [])
        if any(i.published >= doc.published for i in issues):
            continue
        if issues:
            early = "、".join(f"{i.path}（{i.published}）" for i in issues)
            message = f"规范性文件{doc.label}（发布日期 {doc.published}）刊登的公报早于文件发布：{early}。"
        else:
            message = f"规范性文件{doc.label}（发布日期 {doc.published}）未刊登于任何一期公报。"
        yield GAZETTE_NORMATIVE(
            doc.path,
            doc.line_of("normative"),
            message,
            "在 gazette/ 中文件发布之后的一期公报的 sections 里加入该文件的文号"
            "（政府公报是规范性文件标准文本的法定载体）。",
            severity=severity,
        )
