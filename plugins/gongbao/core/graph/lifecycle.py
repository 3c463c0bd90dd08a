"""A document's lifecycle: its status on a date, and the timeline of its relations.

Shared by every output that says whether a document is in force: the document page and the
archive rows, the open-data exports, the 年报. The status is read from the published graph
(what repealed, replaced or amended the document, when each took effect) and from the
document's own 有效性 and 有效期至:

1. 已废止 — ``repealed_by`` names a published document, or ``validity`` says 废止;
2. 已被代替 — a published document ``replaces`` it;
3. 已失效 — ``valid_until`` is before the build date, or ``validity`` says 失效;
4. 已修改 — a published document ``amends`` it (it stays in force, as amended);
5. 有效 — none of these.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from gongbao.core.graph.build import in_force_from
from gongbao.core.graph.relations import LinkGraph, RelationKind
from gongbao.core.model.records import PolicyDocument, Record, Validity

__all__ = ["Event", "Lifecycle", "Status", "document_status", "timeline"]


class Status(enum.Enum):
    """What a reader needs to know first: may this document still be relied on?"""

    VALID = "有效"
    AMENDED = "已修改"
    REPLACED = "已被代替"
    REPEALED = "已废止"
    EXPIRED = "已失效"

    @property
    def in_force(self) -> bool:
        """Whether the document still applies (an amended one does, as amended)."""
        return self in (Status.VALID, Status.AMENDED)


@dataclass(frozen=True)
class Lifecycle:
    """A document's status on a date, since when, and what made it so."""

    status: Status
    date: datetime.date | None = None
    """Since when: the changing document's 施行日期 (else 发布日期), the day after 有效期至."""
    by: PolicyDocument | None = None
    """The published document that repealed, replaced or (last) amended it."""


def document_status(doc: PolicyDocument, graph: LinkGraph, today: datetime.date) -> Lifecycle:
    """The status of ``doc`` on ``today`` (the build date), from the published ``graph``."""
    newer = graph.repealed_by(doc.id)
    if newer is not None:
        return Lifecycle(Status.REPEALED, in_force_from(newer), newer)
    if doc.validity is Validity.REPEALED:
        return Lifecycle(Status.REPEALED)
    replacing = graph.replaced_by(doc.id)
    if replacing:
        return Lifecycle(Status.REPLACED, in_force_from(replacing[0]), replacing[0])
    if doc.valid_until is not None and doc.valid_until < today:
        return Lifecycle(Status.EXPIRED, doc.valid_until + datetime.timedelta(days=1))
    if doc.validity is Validity.EXPIRED:
        return Lifecycle(Status.EXPIRED)
    amending = graph.amended_by(doc.id)
    if amending:
        return Lifecycle(Status.AMENDED, in_force_from(amending[-1]), amending[-1])
    return Lifecycle(Status.VALID)


@dataclass(frozen=True)
class Event:
    """One dated step of a document's life."""

    date: datetime.date
    label: str
    """成文, 发布, 施行, 修改了, 被修改, 代替了, 被代替, 废止了, 被废止, 刊载, 解读, 有效期至."""
    record: Record | None = None
    """The other record of a relation."""


# Relations from the document (→ other) and to it (other →), with the labels a timeline uses.
_OUTGOING = ((RelationKind.AMENDS, "修改了"), (RelationKind.REPLACES, "代替了"))
_INCOMING = (
    (RelationKind.AMENDS, "被修改"),
    (RelationKind.REPLACES, "被代替"),
    (RelationKind.REPEALED_BY, "废止了"),
)


def timeline(doc: PolicyDocument, graph: LinkGraph) -> list[Event]:
    """The document's own dates and its relations, in date order (a day's own dates first)."""
    events = [Event(doc.published, "发布")]
    if doc.written:
        events.append(Event(doc.written, "成文"))
    if doc.effective:
        events.append(Event(doc.effective, "施行"))
    if doc.valid_until:
        events.append(Event(doc.valid_until, "有效期至"))
    for kind, label in _OUTGOING:
        for relation in graph.outgoing(kind, doc.id):
            events.append(
                Event(relation.date or doc.published, label, graph.records[relation.target])
            )
    for kind, label in _INCOMING:
        for relation in graph.incoming(kind, doc.id):
            other = graph.records[relation.source]
            events.append(Event(relation.date or other.published, label, other))
    for relation in graph.outgoing(RelationKind.REPEALED_BY, doc.id):
        events.append(
            Event(relation.date or doc.published, "被废止", graph.records[relation.target])
        )
    for relation in graph.outgoing(RelationKind.PRINTED_IN, doc.id):
        events.append(Event(relation.date or doc.published, "刊载", graph.records[relation.target]))
    for interp in graph.interpretations_of(doc.id):
        events.append(Event(interp.published, "解读", interp))
    order = {label: n for n, label in enumerate(_LABEL_ORDER)}
    events.sort(key=lambda e: (e.date, order[e.label], e.record.path if e.record else ""))
    return events


_LABEL_ORDER = (
    "成文",
    "发布",
    "施行",
    "刊载",
    "解读",
    "修改了",
    "代替了",
    "废止了",
    "被修改",
    "被代替",
    "被废止",
    "有效期至",
)
