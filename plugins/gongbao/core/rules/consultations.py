"""意见征集 and 反馈: a document put to the public goes out only after its published feedback.

A policy document naming its ``consultation`` (意见征集) is published only when that
consultation exists and its 反馈 is dated on or before the document's 发布日期 (公众参与:
"应征集尽征集，应反馈尽反馈"). A consultation closed more than ``feedback_due_days`` ago
without 反馈 is a warning; every attachment a consultation lists must exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.consultation import (
    CONSULTATION_ATTACHMENT,
    CONSULTATION_FEEDBACK_LATE,
    CONSULTATION_NO_FEEDBACK,
    CONSULTATION_OVERDUE,
    CONSULTATION_UNRESOLVED,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.sources.walk import resolve_inside

__all__ = [
    "consultation_attachments",
    "consultation_gate",
    "feedback_overdue",
    "withheld_consultation_files",
]


def consultation_gate(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every ``consultation`` names one; a published document's has 反馈 in time."""
    today = settings.today()
    for doc in corpus.policies:
        if not doc.consultation:
            continue
        line = doc.line_of("consultation")
        found = corpus.consultation(doc.consultation)
        if found is None:
            yield CONSULTATION_UNRESOLVED(
                doc.path,
                line,
                f"意见征集 {doc.consultation!r} 找不到（{settings.consultations_dir}/ 中没有这个 id）。",
                f"核对 consultation（意见征集）是否与 {settings.consultations_dir}/ 中"
                "某份意见征集的 id 一致。",
            )
            continue
        if not doc.is_public or doc.published > today:
            continue  # not published by this build: gated on the day it is
        if found.feedback is None:
            yield CONSULTATION_NO_FEEDBACK(
                doc.path,
                line,
                f"{doc.label}（发布日期 {doc.published}）的意见征集“{found.title}”"
                f"（{found.path}）尚未公布反馈：先反馈，后发布。",
                f"在 {found.path} 的头信息中加入 feedback（反馈），反馈日期不晚于 {doc.published}。",
            )
        elif found.feedback.published > doc.published:
            yield CONSULTATION_FEEDBACK_LATE(
                doc.path,
                line,
                f"{doc.label}发布于 {doc.published}，其意见征集“{found.title}”的反馈"
                f"晚至 {found.feedback.published} 才公布（{found.path}）。",
                f"把反馈日期提前到 {doc.published} 或之前，或推迟文件的发布日期。",
            )


def feedback_overdue(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """A consultation closed more than ``feedback_due_days`` ago and still without 反馈."""
    today = settings.today()
    due = datetime.timedelta(days=settings.feedback_due_days)
    for item in corpus.consultations:
        if item.feedback is None and item.closes is not None and item.closes + due < today:
            days = (today - item.closes).days
            yield CONSULTATION_OVERDUE(
                item.path,
                item.line_of("closes"),
                f"意见征集“{item.title}”已于 {item.closes} 截止，{days} 天仍未反馈"
                f"（期限 {settings.feedback_due_days} 天）。",
                "整理收到的意见，在头信息中加入 feedback（反馈），写明采纳和未采纳的意见及理由。",
            )


def consultation_attachments(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every attachment a consultation lists is a file beside it."""
    folder = settings.root / settings.consultations_dir
    for item in corpus.consultations:
        for value in item.attachments:
            resolved = resolve_inside(settings.root / item.path, value, folder)
            if isinstance(resolved, str):
                yield CONSULTATION_ATTACHMENT(
                    item.path,
                    item.line_of("attachments"),
                    f"附件 {value!r} {resolved}。",
                    "核对 attachments（附件）中的路径（相对于该意见征集文件），或把文件放到该位置。",
                )


def withheld_consultation_files(corpus: Corpus, settings: Settings) -> frozenset[str]:
    """Project paths of the attachments of consultations not published yet: they wait with
    their page (a draft must not be readable before its 发布日期)."""
    today = settings.today()
    folder = settings.root / settings.consultations_dir
    withheld = set()
    for item in corpus.consultations:
        if item.published <= today:
            continue
        for value in item.attachments:
            resolved = resolve_inside(settings.root / item.path, value, folder)
            if not isinstance(resolved, str):
                withheld.add(resolved.resolve().relative_to(settings.root.resolve()).as_posix())
    return frozenset(withheld)
