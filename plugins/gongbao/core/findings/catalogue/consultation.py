"""Codes of 意见征集 and its 反馈 (公众参与: 应征集尽征集，应反馈尽反馈)."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

CONSULTATION_REASON = declare(
    "consultation.reason_missing",
    E,
    "未采纳的意见没有说明理由",
    "意见征集的反馈要就未采纳意见建议说明理由；只列意见不说理由，等于没有反馈。",
    "在 feedback 的 not_adopted（未采纳）中为每条意见写明 reason（理由）。",
)
CONSULTATION_DATES = declare(
    "consultation.dates",
    E,
    "意见征集的日期前后矛盾",
    "征集开始不能早于意见征集的发布日期，征集截止不能早于征集开始，反馈日期不能早于征集截止："
    "否则征集期或反馈是虚构的。",
    "核对 published（发布日期）、opens（征集开始）、closes（征集截止）和 feedback 的 published（反馈日期）。",
)
CONSULTATION_UNRESOLVED = declare(
    "consultation.unresolved",
    E,
    "政策文件的意见征集找不到",
    "文件写明了意见征集，但 consultations/ 中没有这个 id：公众参与无从查证。",
    "核对 consultation（意见征集）是否与 consultations/ 中某份意见征集的 id 一致。",
)
CONSULTATION_NO_FEEDBACK = declare(
    "consultation.no_feedback",
    E,
    "意见征集尚未反馈，文件就已发布",
    "涉及公众利益的文件须先征集意见、公布反馈，再发布：没有反馈的征集不能作为发布依据。",
    "在意见征集的头信息中加入 feedback（反馈），反馈日期不晚于文件的发布日期。",
)
CONSULTATION_FEEDBACK_LATE = declare(
    "consultation.feedback_late",
    E,
    "意见征集的反馈晚于文件发布",
    "反馈应在文件发布之前（或同日）公布，让公众看到意见如何被采纳。",
    "把反馈日期提前到文件发布日期或之前，或推迟文件的发布日期。",
)
CONSULTATION_OVERDUE = declare(
    "consultation.feedback_overdue",
    W,
    "意见征集截止多日仍未反馈",
    "应反馈尽反馈：征集截止超过 feedback_due_days 天仍未公布反馈。",
    "整理收到的意见，在头信息中加入 feedback（反馈），写明采纳和未采纳的意见及理由。",
)
CONSULTATION_ATTACHMENT = declare(
    "consultation.attachment",
    E,
    "意见征集的附件找不到",
    "列出的附件（征求意见稿、起草说明）必须随页面发布。",
    "核对 attachments（附件）中的路径（相对于该意见征集文件），或把文件放到该位置。",
)
