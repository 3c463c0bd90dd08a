"""Rules over a loaded corpus. Each rule is a pure function returning findings.

The 三同步 gate lives here: a 主动公开 document that is not exempt must have at least one
interpretation published within ``sync_tolerance_days`` of its own 发布日期.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding, Severity
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key, lint_doc_number
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument, Validity

__all__ = ["RULES", "run_rules"]

Rule = Callable[[Corpus, Settings], Iterable[Finding]]


def unique_ids(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Ids are unique across documents, interpretations and gazette issues."""
    first: dict[str, str] = {}
    for record in corpus:
        if record.id in first:
            yield Finding(
                record.path,
                record.line_of("id"),
                "unique.id",
                f"标识 {record.id!r} 与 {first[record.id]} 重复。",
                "为其中一个文件设置不同的 id（标识）。",
            )
        else:
            first[record.id] = record.path


def unique_doc_numbers(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """A 文号 names one document, whatever its spelling."""
    first: dict[str, PolicyDocument] = {}
    for doc in corpus.policies:
        if not doc.doc_number:
            continue
        key = doc_number_key(doc.doc_number)
        if key in first:
            other = first[key]
            yield Finding(
                doc.path,
                doc.line_of("doc_number"),
                "unique.doc_number",
                f"文号 {doc.doc_number} 与 {other.path} 的文号 {other.doc_number} 相同。",
                "核对文号：一个文号只能对应一份文件。",
            )
        else:
            first[key] = doc


def doc_number_format(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """GB/T 9704-2012 7.2.5: full year in 〔〕, no 第, no leading zeros (a warning)."""
    for doc in corpus.policies:
        fixed = lint_doc_number(doc.doc_number) if doc.doc_number else None
        if fixed:
            yield Finding(
                doc.path,
                doc.line_of("doc_number"),
                "doc_number.format",
                f"文号 {doc.doc_number} 不符合 GB/T 9704-2012 7.2.5"
                "（年份用六角括号〔〕括入且写全，顺序号不加“第”、不编虚位）。",
                f"改为 {fixed}。",
                Severity.WARNING,
            )


def interpretation_targets(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every 解读对象 resolves to a policy document that is 主动公开."""
    for interp in corpus.interpretations:
        for ref in interp.interprets:
            doc = corpus.resolve(ref)
            if doc is None and corpus.is_broken(ref):
                continue
            if doc is None:
                yield Finding(
                    interp.path,
                    interp.line_of("interprets"),
                    "interprets.unresolved",
                    f"解读对象 {ref!r} 找不到对应的政策文件（按文号和 id 均未找到）。",
                    "核对文号是否与 content/ 中文件的 doc_number（文号）一致，"
                    "或改写为该文件的 id。",
                )
            elif not doc.is_public:
                yield Finding(
                    interp.path,
                    interp.line_of("interprets"),
                    "interprets.not_public",
                    f"解读对象 {doc.label}（{doc.path}）的公开属性为"
                    f"{doc.disclosure.value}，其解读不能公开发布。",
                    "删除这份解读，或在确认文件可以主动公开后修改其 disclosure（公开属性）。",
                )


def interpretations_by_policy(corpus: Corpus) -> dict[str, list[Interpretation]]:
    """Policy id → the interpretations that name it, in source order."""
    found: dict[str, list[Interpretation]] = defaultdict(list)
    for interp in corpus.interpretations:
        seen: set[str] = set()
        for ref in interp.interprets:
            doc = corpus.resolve(ref)
            if doc and doc.id not in seen:
                seen.add(doc.id)
                found[doc.id].append(interp)
    return found


def three_synchronisations(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """三同步: the gate. Missing or late interpretations of non-exempt public documents."""
    tolerance = datetime.timedelta(days=settings.sync_tolerance_days)
    window = "同日" if not settings.sync_tolerance_days else f"{settings.sync_tolerance_days} 天内"
    by_policy = interpretations_by_policy(corpus)
    for doc in corpus.policies:
        if not doc.needs_interpretation:
            continue
        interps = by_policy.get(doc.id, [])
        ref = doc.doc_number or doc.id
        exempt_hint = "如确实无需解读，设置 interpretation: exempt 并写明 exempt_reason。"
        if not interps:
            yield Finding(
                doc.path,
                doc.line_of("title"),
                "sync.missing",
                f"三同步：{doc.label}（发布日期 {doc.published}）没有配套的解读材料。",
                f"在 interpretations/ 下新增解读，头信息写 interprets: {ref}，"
                f"发布日期不晚于 {doc.published + tolerance}；{exempt_hint}",
            )
            continue
        deadline = doc.published + tolerance
        if all(i.published > deadline for i in interps):
            late = "；".join(f"{i.path}（{i.published}）" for i in interps)
            yield Finding(
                doc.path,
                doc.line_of("published"),
                "sync.late",
                f"三同步：{doc.label}发布于 {doc.published}，其解读未在{window}发布：{late}。",
                f"把至少一份解读的 published（发布日期）提前到 {deadline} 或之前，"
                f"与文件同步发布；{exempt_hint}",
            )


def repeal_references(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """``repealed_by`` resolves, and goes with a 废止/失效 validity."""
    for doc in corpus.policies:
        if not doc.repealed_by:
            continue
        if corpus.resolve(doc.repealed_by) is None:
            yield Finding(
                doc.path,
                doc.line_of("repealed_by"),
                "repeal.unresolved",
                f"废止依据 {doc.repealed_by!r} 找不到对应的政策文件，横幅中将不带链接。",
                "核对文号，或先把废止它的文件加入 content/。",
                Severity.WARNING,
            )
        if doc.validity is Validity.VALID:
            yield Finding(
                doc.path,
                doc.line_of("repealed_by"),
                "repeal.validity",
                "写了 repealed_by（废止依据），但 validity（有效性）仍为有效。",
                "把 validity 改为 废止 或 失效，或删除 repealed_by。",
                Severity.WARNING,
            )


def gazette_issues(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Issues are unique by year+number and serial; every entry resolves, once, to a public
    document; numbering gaps and serials that go backwards are warnings."""
    by_number: dict[tuple[int, int], str] = {}
    by_serial: dict[int, str] = {}
    printed_in: dict[str, str] = {}
    for issue in corpus.issues:
        label = f"{issue.year}年第{issue.number}期"
        key = (issue.year, issue.number)
        if key in by_number:
            yield Finding(
                issue.path,
                issue.line_of("number"),
                "gazette.duplicate_number",
                f"公报{label}与 {by_number[key]} 重复。",
                "核对 year（年度）和 number（期号）。",
            )
        else:
            by_number[key] = issue.path
        if issue.serial is not None:
            if issue.serial in by_serial:
                yield Finding(
                    issue.path,
                    issue.line_of("serial"),
                    "gazette.duplicate_serial",
                    f"总期号 {issue.serial} 与 {by_serial[issue.serial]} 重复。",
                    "核对 serial（总期号）。",
                )
            else:
                by_serial[issue.serial] = issue.path
        line = issue.line_of("sections")
        for section in issue.sections:
            for item in section.items:
                if not item.ref:
                    continue
                doc = corpus.resolve(item.ref)
                where = f"公报{label}栏目“{section.heading}”的条目 {item.ref!r}"
                if doc is None and corpus.is_broken(item.ref):
                    continue
                if doc is None:
                    yield Finding(
                        issue.path,
                        line,
                        "gazette.unresolved",
                        f"{where}找不到对应的政策文件。",
                        "核对文号或 id；人事任免等无需页面的条目请写成 text: …。",
                    )
                elif not doc.is_public:
                    yield Finding(
                        issue.path,
                        line,
                        "gazette.not_public",
                        f"{where}指向{doc.disclosure.value}的文件 {doc.path}，"
                        "公报只刊登主动公开文件。",
                        "从目录中删除该条目，或核对该文件的 disclosure（公开属性）。",
                    )
                elif doc.id in printed_in:
                    yield Finding(
                        issue.path,
                        line,
                        "gazette.twice",
                        f"{doc.label}已刊登于 {printed_in[doc.id]}，不能在{label}再次刊登。",
                        "同一文件只在一期公报中刊登；删除重复的条目。",
                    )
                else:
                    printed_in[doc.id] = issue.path
        if not issue.pdf and any(item.pages for s in issue.sections for item in s.items):
            yield Finding(
                issue.path,
                line,
                "gazette.pages_without_pdf",
                f"公报{label}的条目写了 pages（页码），但没有 pdf（公报PDF）。",
                "加入 pdf: 本期PDF的文件名，或删除 pages。",
            )

    years: dict[int, list[GazetteIssue]] = defaultdict(list)
    for issue in corpus.issues:
        years[issue.year].append(issue)
    for year, issues in sorted(years.items()):
        issues.sort(key=lambda i: i.number)
        for before, after in pairwise(issues):
            if after.number > before.number + 1:
                missing = "、".join(f"第{n}期" for n in range(before.number + 1, after.number))
                yield Finding(
                    after.path,
                    after.line_of("number"),
                    "gazette.gap",
                    f"{year}年公报缺少{missing}（第{before.number}期之后是第{after.number}期）。",
                    "补上缺少的期次，或核对期号。",
                    Severity.WARNING,
                )
    ordered = sorted(
        (i for i in corpus.issues if i.serial is not None), key=lambda i: (i.year, i.number)
    )
    for before, after in pairwise(ordered):
        if before.serial is not None and after.serial is not None and after.serial <= before.serial:
            yield Finding(
                after.path,
                after.line_of("serial"),
                "gazette.serial_order",
                f"总期号倒退：{after.year}年第{after.number}期为总第{after.serial}期，"
                f"而此前的{before.year}年第{before.number}期已是总第{before.serial}期。",
                "总期号应随期次递增，核对 serial（总期号）。",
                Severity.WARNING,
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
        yield Finding(
            doc.path,
            doc.line_of("normative"),
            "gazette.normative",
            message,
            "在 gazette/ 中文件发布之后的一期公报的 sections 里加入该文件的文号"
            "（政府公报是规范性文件标准文本的法定载体）。",
            severity,
        )


RULES: dict[str, Rule] = {
    "unique.id": unique_ids,
    "unique.doc_number": unique_doc_numbers,
    "doc_number.format": doc_number_format,
    "interprets": interpretation_targets,
    "sync": three_synchronisations,
    "repeal": repeal_references,
    "gazette": gazette_issues,
    "gazette.normative": normative_in_gazette,
}
"""Every rule, by name; run in this order."""


def run_rules(
    corpus: Corpus, settings: Settings, rules: Iterable[Rule] | None = None
) -> list[Finding]:
    """Run ``rules`` (default: all) and return their findings."""
    findings: list[Finding] = []
    for rule in rules if rules is not None else RULES.values():
        findings.extend(rule(corpus, settings))
    return findings
