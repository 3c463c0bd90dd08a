"""先审后发: with ``require_review``, every published record names a reviewer and a different
approver (分级审核、先审后发)."""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.safety import REVIEW_MISSING, REVIEW_SAME_PERSON
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Consultation, Interpretation, PolicyDocument

__all__ = ["review_sign_off"]


def review_sign_off(published: Corpus, settings: Settings) -> Iterator[Finding]:
    """Reviewer and approver on every published document, interpretation and consultation."""
    if not settings.require_review:
        return
    records: list[PolicyDocument | Interpretation | Consultation] = [
        *published.policies,
        *published.interpretations,
        *published.consultations,
    ]
    for record in records:
        if not record.reviewed_by or not record.approved_by:
            missing = "、".join(
                label
                for label, value in (
                    ("reviewed_by（审核人）", record.reviewed_by),
                    ("approved_by（签发人）", record.approved_by),
                )
                if not value
            )
            yield REVIEW_MISSING(
                record.path,
                None,
                f"先审后发：缺少 {missing}。",
                "在头信息中写明审核人和签发人（两人不能相同）。",
            )
        elif record.reviewed_by == record.approved_by:
            yield REVIEW_SAME_PERSON(
                record.path,
                record.line_of("approved_by"),
                f"先审后发：审核人与签发人是同一人（{record.reviewed_by}）。",
                "签发人应为审核人之外的负责人。",
            )
