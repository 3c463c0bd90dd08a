"""三同步: every 解读 names public documents, and every document that needs one has one in time.

A 主动公开 document that is not exempt must have at least one interpretation published within
``sync_tolerance_days`` of its own 发布日期; this is the gate that fails the build.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.sync import (
    INTERPRETS_NOT_PUBLIC,
    INTERPRETS_UNRESOLVED,
    SYNC_LATE,
    SYNC_MISSING,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Interpretation

__all__ = ["interpretation_targets", "interpretations_by_policy", "three_synchronisations"]


def interpretation_targets(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every 解读对象 resolves to a policy document that is 主动公开."""
    for interp in corpus.interpretations:
        for ref in interp.interprets:
            doc = corpus.resolve(ref)
            if doc is None and corpus.is_broken(ref):
                continue
            if doc is None:
                yield INTERPRETS_UNRESOLVED(
                    interp.path,
                    interp.line_of("interprets"),
                    f"解读对象 {ref!r} 找不到对应的政策文件（按文号和 id 均未找到）。",
                    "核对文号是否与 content/ 中文件的 doc_number（文号）一致，"
                    "或改写为该文件的 id。",
                )
            elif not doc.is_public:
                yield INTERPRETS_NOT_PUBLIC(
                    interp.path,
                    interp.line_of("interprets"),
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


_EXEMPT_HINT = "如确实无需解读，设置 interpretation: exempt 并写明 exempt_reason。"


def three_synchronisations(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """三同步: the gate. Missing or late interpretations of non-exempt public documents."""
    tolerance = datetime.timedelta(days=settings.sync_tolerance_days)
    window = "同日" if not settings.sync_tolerance_days else f"{settings.sync_tolerance_days} 天内"
    by_policy = interpretations_by_policy(corpus)
    for doc in corpus.policies:
        if not doc.needs_interpretation:
            continue
        interps = by_policy.get(doc.id, [])
        deadline = doc.published + tolerance
        if not interps:
            yield SYNC_MISSING(
                doc.path,
                doc.line_of("title"),
                f"三同步：{doc.label}（发布日期 {doc.published}）没有配套的解读材料。",
                f"在 interpretations/ 下新增解读，头信息写 interprets: {doc.doc_number or doc.id}，"
                f"发布日期不晚于 {deadline}；{_EXEMPT_HINT}",
            )
        elif all(i.published > deadline for i in interps):
            late = "；".join(f"{i.path}（{i.published}）" for i in interps)
            yield SYNC_LATE(
                doc.path,
                doc.line_of("published"),
                f"三同步：{doc.label}发布于 {doc.published}，其解读未在{window}发布：{late}。",
                f"把至少一份解读的 published（发布日期）提前到 {deadline} 或之前，"
                f"与文件同步发布；{_EXEMPT_HINT}",
            )
