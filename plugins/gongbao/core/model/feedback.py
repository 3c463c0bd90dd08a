"""The 反馈 of a 意见征集: the ``feedback`` mapping parsed into a :class:`Feedback`.

A not-adopted opinion without a reason is kept here (with an empty reason) and reported by the
consultation's cross-field check, so the message can name the opinion and say
"就未采纳意见建议说明理由" instead of a generic "expected … received …".
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from typing import Any

from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.consultation import CONSULTATION_DATES, CONSULTATION_REASON
from gongbao.core.model.records import Consultation, Feedback, FeedbackOpinion
from gongbao.core.model.values import FieldError, parse_date, parse_text

__all__ = ["Stage", "consultation_checks", "parse_feedback", "stage_of"]

_KEYS = {
    "published": ("published", "反馈日期", "发布日期"),
    "summary": ("summary", "反馈情况", "概述"),
    "adopted": ("adopted", "采纳"),
    "not_adopted": ("not_adopted", "未采纳"),
}
_OPINION_KEYS = {"opinion": ("opinion", "意见", "意见建议"), "reason": ("reason", "理由")}
_EXAMPLE = (
    "写成 feedback: {published: 2024-04-20, summary: …, adopted: [{opinion: …}], "
    "not_adopted: [{opinion: …, reason: …}]}。"
)


def _get(mapping: dict[Any, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if name in mapping:
            return mapping[name]
    return None


def _opinion(item: Any, where: str) -> FeedbackOpinion:
    if isinstance(item, str):
        return FeedbackOpinion(parse_text(item))
    if not isinstance(item, dict):
        raise FieldError(f"{where}为含 opinion（意见）和 reason（理由）的映射", _EXAMPLE)
    known = {n for names in _OPINION_KEYS.values() for n in names}
    unknown = sorted(str(k) for k in item if k not in known)
    if unknown:
        raise FieldError(f"{where}只含 opinion（意见）和 reason（理由）", f"删除 {unknown!r}。")
    try:
        opinion = parse_text(_get(item, _OPINION_KEYS["opinion"]))
    except FieldError:
        raise FieldError(f"{where}的 opinion（意见）为非空文字", _EXAMPLE) from None
    reason = _get(item, _OPINION_KEYS["reason"])
    return FeedbackOpinion(opinion, parse_text(reason) if reason not in (None, "") else "")


def _opinions(value: Any, label: str) -> tuple[FeedbackOpinion, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldError(f"{label}为列表", _EXAMPLE)
    return tuple(_opinion(item, f"{label}第 {n} 条") for n, item in enumerate(value, 1))


def parse_feedback(value: Any) -> Feedback:
    """``feedback``: ``published`` (反馈日期), ``summary``, ``adopted`` and ``not_adopted``
    lists of ``{opinion, reason}``."""
    if not isinstance(value, dict):
        raise FieldError("含 published（反馈日期）、summary、adopted、not_adopted 的映射", _EXAMPLE)
    known = {n for names in _KEYS.values() for n in names}
    unknown = sorted(str(k) for k in value if k not in known)
    if unknown:
        raise FieldError(
            "只含 published（反馈日期）、summary、adopted（采纳）、not_adopted（未采纳）的映射",
            f"删除 {unknown!r}。",
        )
    raw_date = _get(value, _KEYS["published"])
    if raw_date is None:
        raise FieldError(
            "含 published（反馈日期）的映射", "在 feedback 下加入 published: 2024-04-20。"
        )
    try:
        published = parse_date(raw_date)
    except FieldError as exc:
        raise FieldError(f"published（反馈日期）为{exc.expected}", exc.fix) from None
    summary = _get(value, _KEYS["summary"])
    if summary is not None and not isinstance(summary, str):
        raise FieldError("summary（反馈情况）为文字", "写成一段文字，多行时用 YAML 的 | 块。")
    return Feedback(
        published=published,
        summary=(summary or "").strip(),
        adopted=_opinions(_get(value, _KEYS["adopted"]), "adopted（采纳）"),
        not_adopted=_opinions(_get(value, _KEYS["not_adopted"]), "not_adopted（未采纳）"),
    )


def consultation_checks(
    values: Mapping[str, Any], lines: Mapping[str, int], path: str
) -> list[Finding]:
    """A consultation's cross-field checks: its period, its 反馈 date, every not-adopted
    opinion with its reason."""
    findings: list[Finding] = []
    opens, closes = values.get("opens"), values.get("closes")
    if opens and closes and closes < opens:
        findings.append(
            CONSULTATION_DATES(
                path,
                lines.get("closes"),
                f"征集截止 {closes} 早于征集开始 {opens}。",
                "核对 opens（征集开始）和 closes（征集截止）。",
            )
        )
    published = values.get("published")
    if published and opens and opens < published:
        findings.append(
            CONSULTATION_DATES(
                path,
                lines.get("opens"),
                f"征集开始 {opens} 早于发布日期 {published}：草案公布之前，公众无从提出意见。",
                "把 opens（征集开始）改为发布日期当日或之后。",
            )
        )
    feedback: Feedback | None = values.get("feedback")
    if feedback is None:
        return findings
    line = lines.get("feedback")
    if closes and feedback.published < closes:
        findings.append(
            CONSULTATION_DATES(
                path,
                line,
                f"反馈日期 {feedback.published} 早于征集截止 {closes}：征集尚未结束就已反馈。",
                "把 feedback 的 published（反馈日期）改为征集截止之后的日期。",
            )
        )
    for number, item in enumerate(feedback.not_adopted, 1):
        if not item.reason:
            findings.append(
                CONSULTATION_REASON(
                    path,
                    line,
                    f"未采纳的第 {number} 条意见“{item.opinion}”没有写明理由："
                    "就未采纳意见建议说明理由。",
                    "在这条意见下加入 reason（理由），说明为何不予采纳。",
                )
            )
    return findings


class Stage(enum.Enum):
    """Where a consultation stands on a given day."""

    UPCOMING = "未开始"
    OPEN = "征集中"
    AWAITING = "已截止待反馈"
    DONE = "已反馈"


def stage_of(item: Consultation, today: datetime.date) -> Stage:
    """The stage of ``item`` on ``today`` (its 反馈 counts only once published, which the
    published view already decides)."""
    if item.feedback is not None and item.feedback.published <= today:
        return Stage.DONE
    if item.opens is not None and today < item.opens:
        return Stage.UPCOMING
    if item.closes is not None and today > item.closes:
        return Stage.AWAITING
    return Stage.OPEN
