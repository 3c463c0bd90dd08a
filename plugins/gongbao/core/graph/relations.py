"""The link graph's shape: typed relations between published records, indexed both ways.

A :class:`Relation` says that one record stands in a relation of some :class:`RelationKind` to
another (an interpretation *interprets* a document, a document is *printed in* an issue, a
document is *repealed by* another), when it took effect and on what basis. The graph holds the
relations of what is published only, so a link can never point at a withheld record, and
answers both directions of every kind: what a record points at, and what points at it.
New kinds of relation are new enum members, not new dicts.
"""

from __future__ import annotations

import datetime
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument, Record

__all__ = ["LinkGraph", "Relation", "RelationKind"]


class RelationKind(enum.Enum):
    """What a relation means, read from its source to its target."""

    INTERPRETS = "interprets"
    """An interpretation → the document it interprets (解读对象)."""
    REPEALED_BY = "repealed_by"
    """A document → the document that repealed it (废止依据)."""
    PRINTED_IN = "printed_in"
    """A document → the gazette issue it was printed in; ``basis`` is the section heading."""
    CITES = "cites"
    """A document or interpretation → a document its body cites by 文号 or 《title》."""
    AMENDS = "amends"
    """A document → a document it amends (修改)."""
    REPLACES = "replaces"
    """A document → a document it replaces (代替)."""


@dataclass(frozen=True)
class Relation:
    """One edge of the graph."""

    kind: RelationKind
    source: str
    """Id of the record the relation is read from."""
    target: str
    """Id of the record it points at."""
    date: datetime.date | None = None
    """When it took effect: the interpretation's, the repealing document's, the issue's date."""
    basis: str = ""
    """What it rests on, where the kind has one (the section an article was printed in)."""


def _index(
    relations: Iterable[Relation], end: str
) -> dict[tuple[RelationKind, str], tuple[Relation, ...]]:
    found: dict[tuple[RelationKind, str], list[Relation]] = defaultdict(list)
    for relation in relations:
        found[relation.kind, getattr(relation, end)].append(relation)
    return {key: tuple(value) for key, value in found.items()}


@dataclass(frozen=True)
class LinkGraph:
    """Who links to whom, for the published records only.

    ``relations`` are kept in the order a page lists them (interpretations by round then
    date, issues by date), so both indexes hand them out in that order.
    """

    records: Mapping[str, Record] = field(default_factory=dict)
    """Every published record by id."""
    relations: tuple[Relation, ...] = ()
    by_doc_number: Mapping[str, PolicyDocument] = field(default_factory=dict)
    """文号 key → published document, for mentions in body text."""
    by_title: Mapping[str, PolicyDocument] = field(default_factory=dict)
    """Title key (:func:`gongbao.core.graph.citations.title_key`) → published document."""
    _out: dict[tuple[RelationKind, str], tuple[Relation, ...]] = field(
        init=False, repr=False, compare=False
    )
    _in: dict[tuple[RelationKind, str], tuple[Relation, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_out", _index(self.relations, "source"))
        object.__setattr__(self, "_in", _index(self.relations, "target"))

    def outgoing(self, kind: RelationKind, record_id: str) -> tuple[Relation, ...]:
        """Relations of ``kind`` read from ``record_id``."""
        return self._out.get((kind, record_id), ())

    def incoming(self, kind: RelationKind, record_id: str) -> tuple[Relation, ...]:
        """Relations of ``kind`` that point at ``record_id``."""
        return self._in.get((kind, record_id), ())

    def targets(self, kind: RelationKind, record_id: str) -> tuple[Record, ...]:
        """The records ``record_id`` points at with relations of ``kind``."""
        return tuple(self.records[r.target] for r in self.outgoing(kind, record_id))

    def sources(self, kind: RelationKind, record_id: str) -> tuple[Record, ...]:
        """The records that point at ``record_id`` with relations of ``kind``."""
        return tuple(self.records[r.source] for r in self.incoming(kind, record_id))

    # The questions pages ask, typed.

    def interpretations_of(self, doc_id: str) -> tuple[Interpretation, ...]:
        """A document's interpretations, by round then date."""
        return tuple(
            r
            for r in self.sources(RelationKind.INTERPRETS, doc_id)
            if isinstance(r, Interpretation)
        )

    def documents_of(self, interp_id: str) -> tuple[PolicyDocument, ...]:
        """The documents an interpretation interprets, in the order it names them."""
        return tuple(
            r
            for r in self.targets(RelationKind.INTERPRETS, interp_id)
            if isinstance(r, PolicyDocument)
        )

    def repealed_by(self, doc_id: str) -> PolicyDocument | None:
        """The published document that repealed ``doc_id`` first (in force earliest)."""
        relations = self.outgoing(RelationKind.REPEALED_BY, doc_id)
        if not relations:
            return None
        first = min(relations, key=lambda r: (r.date or datetime.date.min, r.target))
        found = self.records[first.target]
        return found if isinstance(found, PolicyDocument) else None

    def repeals(self, doc_id: str) -> tuple[PolicyDocument, ...]:
        """The documents ``doc_id`` repealed."""
        return tuple(
            r
            for r in self.sources(RelationKind.REPEALED_BY, doc_id)
            if isinstance(r, PolicyDocument)
        )

    def _documents(self, records: tuple[Record, ...]) -> tuple[PolicyDocument, ...]:
        return tuple(r for r in records if isinstance(r, PolicyDocument))

    def cites(self, record_id: str) -> tuple[PolicyDocument, ...]:
        """The documents a record's body cites, in the order it first cites them."""
        return self._documents(self.targets(RelationKind.CITES, record_id))

    def cited_by(self, doc_id: str) -> tuple[PolicyDocument | Interpretation, ...]:
        """The documents and interpretations whose bodies cite ``doc_id``, oldest first."""
        return tuple(
            r
            for r in self.sources(RelationKind.CITES, doc_id)
            if isinstance(r, PolicyDocument | Interpretation)
        )

    def amends(self, doc_id: str) -> tuple[PolicyDocument, ...]:
        """The documents ``doc_id`` amends."""
        return self._documents(self.targets(RelationKind.AMENDS, doc_id))

    def amended_by(self, doc_id: str) -> tuple[PolicyDocument, ...]:
        """The documents that amend ``doc_id``, oldest first."""
        return self._documents(self.sources(RelationKind.AMENDS, doc_id))

    def replaces(self, doc_id: str) -> tuple[PolicyDocument, ...]:
        """The documents ``doc_id`` replaces."""
        return self._documents(self.targets(RelationKind.REPLACES, doc_id))

    def replaced_by(self, doc_id: str) -> tuple[PolicyDocument, ...]:
        """The documents that replace ``doc_id``, oldest first."""
        return self._documents(self.sources(RelationKind.REPLACES, doc_id))

    def issues_of(self, doc_id: str) -> tuple[tuple[GazetteIssue, str], ...]:
        """The issues a document was printed in, with the section heading, by date."""
        return tuple(
            (issue, relation.basis)
            for relation in self.outgoing(RelationKind.PRINTED_IN, doc_id)
            if isinstance(issue := self.records[relation.target], GazetteIssue)
        )
