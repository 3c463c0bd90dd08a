"""The published view: what a build publishes on its date, and what waits for a later one.

Only 主动公开 documents are ever published; a 发布日期 after the build's date holds a record
back (scheduled, listed in the build log); an interpretation never appears before every
document it explains is public. Everything a build writes (pages, search index, sitemap,
exports) is made from this view, so nothing withheld can leak into it.
"""

from __future__ import annotations

import dataclasses
import datetime

from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Consultation, Interpretation, PolicyDocument

__all__ = ["published_view"]


def published_view(
    corpus: Corpus, as_of: datetime.date
) -> tuple[Corpus, tuple[PolicyDocument | Interpretation, ...]]:
    """The records a build publishes on ``as_of``, and those scheduled for later."""
    scheduled: list[PolicyDocument | Interpretation] = []
    policies = []
    for doc in corpus.policies:
        if not doc.is_public:
            continue
        if doc.published > as_of:
            scheduled.append(doc)
            continue
        policies.append(doc)
    shown = {d.id for d in policies}
    interpretations = []
    for interp in corpus.interpretations:
        targets = [corpus.resolve(ref) for ref in interp.interprets]
        if interp.published > as_of or any(t is None or t.id not in shown for t in targets):
            # An interpretation must not appear before every document it explains is public.
            if all(t is not None and t.is_public for t in targets):
                scheduled.append(interp)
            continue
        interpretations.append(interp)
    issues = tuple(i for i in corpus.issues if i.published <= as_of)
    consultations = tuple(_consultations(corpus, as_of))
    view = Corpus(
        tuple(policies),
        tuple(interpretations),
        issues,
        corpus.pages,
        corpus.files,
        consultations=consultations,
    )
    return view, tuple(scheduled)


def _consultations(corpus: Corpus, as_of: datetime.date) -> list[Consultation]:
    """Consultations published by ``as_of``; a 反馈 dated later is not shown yet."""
    shown = []
    for item in corpus.consultations:
        if item.published > as_of:
            continue
        if item.feedback is not None and item.feedback.published > as_of:
            item = dataclasses.replace(item, feedback=None)
        shown.append(item)
    return shown
