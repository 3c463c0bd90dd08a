"""The parsed query: a small tree of frozen nodes that no index engine owns.

:mod:`.parse` builds it from the query text; each engine translates it
(:mod:`gongbao.core.search.whoosh.query`, :mod:`gongbao.core.search.tantivy.query`).
:func:`normalize` simplifies a tree by whoosh's rules (nested ``AND``/``OR`` flattened,
duplicates and empty parts dropped, one-child groups unwrapped), so that the whoosh query made
from a normalised tree is exactly the one whoosh's own parser made: the scores the bulk
evaluator reproduces depend on that shape.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from gongbao.core.search.analysis import GRAM_SUFFIX, STOP_WORDS, gram_runs

__all__ = [
    "And",
    "AndMaybe",
    "AndNot",
    "DateRange",
    "Node",
    "Not",
    "Nothing",
    "Or",
    "Phrase",
    "Require",
    "Term",
    "body_terms",
    "leaves",
    "normalize",
]

#: A term's value: text, a year (``year``) or an exact timestamp (``published``).
Value = str | int | datetime.datetime


@dataclass(frozen=True)
class Term:
    """One term of one field: a word of title/body, or a field's whole value."""

    field: str
    value: Value


@dataclass(frozen=True)
class Phrase:
    """Words in a row: each 1 to ``slop`` positions after the previous one."""

    field: str
    words: tuple[str, ...]
    slop: int = 1


@dataclass(frozen=True)
class DateRange:
    """``published`` within ``start`` and ``end``, both included (``日期:2024``)."""

    field: str
    start: datetime.datetime
    end: datetime.datetime


@dataclass(frozen=True, eq=False)
class Nothing:
    """Matches no document: a field value that cannot be read (``日期:明天``). Like whoosh's
    error query it is never merged with another one, nor dropped as empty."""

    message: str


@dataclass(frozen=True)
class And:
    """Every part matches; the scores add up."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one part matches; the scores of those that do add up."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Every document the part does not match."""

    part: Node


@dataclass(frozen=True)
class AndNot:
    """``a ANDNOT b``: ``a``'s matches that ``b`` does not match."""

    a: Node
    b: Node


@dataclass(frozen=True)
class AndMaybe:
    """``a ANDMAYBE b``: ``a``'s matches, ranked higher where ``b`` matches too."""

    a: Node
    b: Node


@dataclass(frozen=True)
class Require:
    """``a REQUIRE b``: ``a``'s matches that ``b`` matches too, scored by ``a`` alone."""

    a: Node
    b: Node


Node = Term | Phrase | DateRange | Nothing | And | Or | Not | AndNot | AndMaybe | Require
Leaf = Term | Phrase | DateRange | Nothing


def _group(cls: type[And] | type[Or], parts: tuple[Node | None, ...]) -> Node | None:
    flat: list[Node | None] = []
    for part in parts:
        part = normalize(part)
        if isinstance(part, cls):
            flat.extend(part.parts)
        else:
            flat.append(part)
    kept: list[Node] = []
    for node in flat:
        if node is not None and node not in kept:
            kept.append(node)
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return cls(tuple(kept))


def normalize(node: Node | None) -> Node | None:
    """The simplified tree; ``None`` when nothing is left to search (whoosh's null query)."""
    if isinstance(node, And | Or):
        return _group(type(node), node.parts)
    if isinstance(node, Phrase):
        if not node.words:
            return None
        if len(node.words) == 1:
            return Term(node.field, node.words[0])
        return node
    if isinstance(node, Not):
        part = normalize(node.part)
        return None if part is None else Not(part)
    if isinstance(node, AndNot | AndMaybe | Require):
        a, b = normalize(node.a), normalize(node.b)
        if a is None:
            return None
        if b is None:
            return None if isinstance(node, Require) else a
        return type(node)(a, b)
    return node


def leaves(node: Node | None) -> Iterator[Leaf]:
    """The terms, phrases, ranges and void parts of a tree, left to right."""
    if node is None:
        return
    if isinstance(node, And | Or):
        for part in node.parts:
            yield from leaves(part)
    elif isinstance(node, Not):
        yield from leaves(node.part)
    elif isinstance(node, AndNot | AndMaybe | Require):
        yield from leaves(node.a)
        yield from leaves(node.b)
    else:
        yield node


def body_terms(node: Node | None) -> set[str]:
    """The title/body words of a query (stop words aside): what an excerpt marks."""
    terms: set[str] = set()
    for leaf in leaves(node):
        if isinstance(leaf, Term | Phrase) and leaf.field.endswith(GRAM_SUFFIX):
            # An exact phrase (its character pairs): the phrase's own text is marked.
            pairs = leaf.words if isinstance(leaf, Phrase) else (str(leaf.value),)
            terms.update(run for run in gram_runs(pairs) if len(run) > 1)
        elif isinstance(leaf, Term | Phrase) and leaf.field in ("body", "title"):
            words = leaf.words if isinstance(leaf, Phrase) else (str(leaf.value),)
            terms.update(w for w in words if w not in STOP_WORDS)
    return terms
