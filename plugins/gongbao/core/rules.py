"""Rules over a loaded corpus. Each rule is a pure function returning findings.

The 三同步 gate lives here: a 主动公开 document that is not exempt must have at least one
interpretation published within ``sync_tolerance_days`` of its own 发布日期.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from gongbao.core.corpus import Corpus
from gongbao.core.docnumber import doc_number_key, lint_doc_number
from gongbao.core.findings import Finding, Severity
from gongbao.core.model import Interpretation, PolicyDocument, Validity
from gongbao.core.settings import Settings

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


RULES: dict[str, Rule] = {
    "unique.id": unique_ids,
    "unique.doc_number": unique_doc_numbers,
    "doc_number.format": doc_number_format,
    "interprets": interpretation_targets,
    "sync": three_synchronisations,
    "repeal": repeal_references,
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
