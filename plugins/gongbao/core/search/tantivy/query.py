"""The query language on tantivy: a parsed query (:mod:`gongbao.core.search.query.tree`) as a
tantivy query."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import tantivy

from gongbao.core.search.backend import QueryError
from gongbao.core.search.query.tree import (
    And,
    AndMaybe,
    AndNot,
    DateRange,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Require,
    Term,
)

__all__ = ["TITLE_BOOST", "Translator"]

#: whoosh's ``TEXT(field_boost=2.0)`` on titles, applied here to title clauses.
TITLE_BOOST = 2.0
#: A ``published`` value typed as a number counts microseconds from 0001-01-01 (as whoosh
#: reads such a term).
_EPOCH = datetime.datetime(1, 1, 1)
_UNSUPPORTED = "检索式中含有暂不支持的写法（{}），请改用词语、“短语”、字段和 AND/OR/NOT。"

Clause = tuple[tantivy.Occur, tantivy.Query]


class Translator:
    """Query tree → tantivy query over ``schema``."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def __call__(self, node: Node) -> tantivy.Query:
        handler = self._HANDLERS.get(type(node))
        if handler is None:  # a node added to the tree but not here: refused, not guessed
            raise QueryError(_UNSUPPORTED.format(type(node).__name__))
        return handler(self, node)

    # -- boolean structure --------------------------------------------------------------
    def _clauses(self, parts: Iterable[Node], occur: tantivy.Occur) -> list[Clause]:
        clauses: list[Clause] = []
        for part in parts:
            if isinstance(part, Not) and occur == tantivy.Occur.Must:
                clauses.append((tantivy.Occur.MustNot, self(part.part)))
            else:
                clauses.append((occur, self(part)))
        if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
            # A query of exclusions alone matches nothing in tantivy; NOT means "all but".
            clauses.insert(0, (tantivy.Occur.Must, tantivy.Query.all_query()))
        return clauses

    def _and(self, node: And) -> tantivy.Query:
        return tantivy.Query.boolean_query(self._clauses(node.parts, tantivy.Occur.Must))

    def _or(self, node: Or) -> tantivy.Query:
        return tantivy.Query.boolean_query(self._clauses(node.parts, tantivy.Occur.Should))

    def _not(self, node: Not) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.all_query()),
                (tantivy.Occur.MustNot, self(node.part)),
            ]
        )

    def _and_not(self, node: AndNot) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(node.a)), (tantivy.Occur.MustNot, self(node.b))]
        )

    def _and_maybe(self, node: AndMaybe) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(node.a)), (tantivy.Occur.Should, self(node.b))]
        )

    def _require(self, node: Require) -> tantivy.Query:
        # The right side must match but, as in whoosh, does not add to the score.
        required = tantivy.Query.const_score_query(self(node.b), 0.0)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(node.a)), (tantivy.Occur.Must, required)]
        )

    def _nothing(self, node: Nothing) -> tantivy.Query:
        return tantivy.Query.empty_query()

    # -- leaves -------------------------------------------------------------------------
    @staticmethod
    def _field_boost(fieldname: str, result: tantivy.Query) -> tantivy.Query:
        if fieldname not in ("title", "title_grams"):
            return result
        return tantivy.Query.boost_query(result, TITLE_BOOST)

    def _term(self, node: Term) -> tantivy.Query:
        fieldname, value = node.field, node.value
        converted: int | str | datetime.datetime
        if isinstance(value, datetime.datetime):
            converted = value
        elif fieldname == "year":
            converted = int(value)
        elif fieldname == "published":
            try:
                converted = _EPOCH + datetime.timedelta(microseconds=int(value))
            except (ValueError, OverflowError):
                return tantivy.Query.empty_query()  # not a date: nothing has it
        else:
            converted = str(value)
        try:
            result = tantivy.Query.term_query(self.schema, fieldname, converted)
        except ValueError:  # a date outside tantivy's range (years 1678–2261): none has it
            return tantivy.Query.empty_query()
        return self._field_boost(fieldname, result)

    def _phrase(self, node: Phrase) -> tantivy.Query:
        fieldname = node.field
        words: list[str | tuple[int, str]] = list(node.words)
        if not words:
            return tantivy.Query.empty_query()
        if len(words) == 1:  # tantivy refuses (panics on) one-word phrases
            result = tantivy.Query.term_query(self.schema, fieldname, node.words[0])
        else:
            # Our slop is the largest position step allowed between each pair of words (1 =
            # adjacent; stop words inside the phrase widen it). tantivy's slop is a budget of
            # extra positions for the whole phrase (0 = adjacent). Same matches for the usual
            # cases (no stop word: exact; two words around stop words: one gap); with three
            # or more words around stop words the budget may also accept a few matches whoosh
            # would not (never fewer).
            extra = max(0, node.slop - 1) * (len(words) - 1)
            result = tantivy.Query.phrase_query(self.schema, fieldname, words, slop=extra)
        return self._field_boost(fieldname, result)

    def _date_range(self, node: DateRange) -> tantivy.Query:
        return tantivy.Query.range_query(
            self.schema,
            node.field,
            tantivy.FieldType.Date,
            node.start,
            node.end,
            include_lower=True,
            include_upper=True,
        )

    _HANDLERS: ClassVar[dict[type, Callable[[Translator, Any], tantivy.Query]]] = {
        And: _and,
        Or: _or,
        Not: _not,
        AndNot: _and_not,
        AndMaybe: _and_maybe,
        Require: _require,
        Nothing: _nothing,
        Term: _term,
        Phrase: _phrase,
        DateRange: _date_range,
    }
