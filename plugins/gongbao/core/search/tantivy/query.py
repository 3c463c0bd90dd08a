"""The query language on tantivy: a parsed query translated into tantivy queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, ClassVar

import tantivy

from gongbao.core.search.backend import QueryError

__all__ = ["TITLE_BOOST", "Translator"]

#: whoosh's ``TEXT(field_boost=2.0)`` on titles, applied here to title clauses.
TITLE_BOOST = 2.0


#: whoosh stores DATETIME values as microseconds since 0001-01-01 (``datetime_to_long``).
_WHOOSH_EPOCH = datetime.datetime(1, 1, 1)
_UNSUPPORTED = "检索式中含有暂不支持的写法（{}），请改用词语、“短语”、字段和 AND/OR/NOT。"


def _whoosh_datetime(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return _WHOOSH_EPOCH + datetime.timedelta(microseconds=int(value))


class Translator:
    """whoosh query tree → tantivy query, for the node types our parser produces."""

    def __init__(self, schema: tantivy.Schema, wschema: Any) -> None:
        self.schema = schema
        self.wschema = wschema

    #: whoosh class name → handler. Anything else (a parser plugin added later, say) is refused
    #: rather than silently mistranslated. whoosh's NullQuery is a ``_NullQuery`` singleton.
    _HANDLERS: ClassVar[dict[str, str]] = {
        "And": "_and",
        "Or": "_or",
        "Not": "_not",
        "AndNot": "_and_not",
        "AndMaybe": "_and_maybe",
        "Require": "_require",
        "DisjunctionMax": "_dismax",
        "Every": "_every",
        "_NullQuery": "_null",
        "NullQuery": "_null",
        "Term": "_term",
        "Phrase": "_phrase",
        "NumericRange": "_numeric_range",
        "DateRange": "_numeric_range",
    }

    def __call__(self, q: Any) -> tantivy.Query:
        name = type(q).__name__
        handler = self._HANDLERS.get(name)
        if handler is None:
            raise QueryError(_UNSUPPORTED.format(name))
        result: tantivy.Query = getattr(self, handler)(q)
        boost = float(getattr(q, "boost", 1.0) or 1.0)
        if boost != 1.0 and name not in ("Term", "Phrase"):
            result = tantivy.Query.boost_query(result, boost)
        return result

    # -- boolean structure --------------------------------------------------------------
    def _clauses(
        self, subqueries: Iterable[Any], occur: tantivy.Occur
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for sub in subqueries:
            if type(sub).__name__ == "Not" and occur == tantivy.Occur.Must:
                clauses.append((tantivy.Occur.MustNot, self(sub.query)))
            else:
                clauses.append((occur, self(sub)))
        if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
            # A query of exclusions alone matches nothing in tantivy; whoosh means "all but".
            clauses.insert(0, (tantivy.Occur.Must, tantivy.Query.all_query()))
        return clauses

    def _and(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(self._clauses(q.subqueries, tantivy.Occur.Must))

    def _or(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(self._clauses(q.subqueries, tantivy.Occur.Should))

    def _not(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.all_query()),
                (tantivy.Occur.MustNot, self(q.query)),
            ]
        )

    def _and_not(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(q.a)), (tantivy.Occur.MustNot, self(q.b))]
        )

    def _and_maybe(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(q.a)), (tantivy.Occur.Should, self(q.b))]
        )

    def _require(self, q: Any) -> tantivy.Query:
        # The right side must match but, as in whoosh, does not add to the score.
        required = tantivy.Query.const_score_query(self(q.b), 0.0)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(q.a)), (tantivy.Occur.Must, required)]
        )

    def _dismax(self, q: Any) -> tantivy.Query:
        return tantivy.Query.disjunction_max_query(
            [self(sub) for sub in q.subqueries], tie_breaker=float(q.tiebreak)
        )

    def _every(self, q: Any) -> tantivy.Query:
        fieldname = getattr(q, "fieldname", None)
        if fieldname in ("published", "year"):
            return tantivy.Query.exists_query(fieldname)  # year:* = records that have a date
        return tantivy.Query.all_query()

    def _null(self, q: Any) -> tantivy.Query:
        return tantivy.Query.empty_query()

    # -- leaves -------------------------------------------------------------------------
    def _field_boost(self, fieldname: str, q: Any, result: tantivy.Query) -> tantivy.Query:
        boost = float(getattr(q, "boost", 1.0) or 1.0) * (
            TITLE_BOOST if fieldname == "title" else 1.0
        )
        return result if boost == 1.0 else tantivy.Query.boost_query(result, boost)

    def _value(self, fieldname: str, value: Any) -> Any:
        if isinstance(value, bytes):
            # NUMERIC/DATETIME terms arrive in whoosh's sortable byte encoding.
            value = self.wschema[fieldname].from_bytes(value)
        if fieldname == "year":
            return int(value)
        if fieldname == "published":
            return _whoosh_datetime(value)
        return str(value)

    def _term(self, q: Any) -> tantivy.Query:
        fieldname = q.fieldname
        result = tantivy.Query.term_query(self.schema, fieldname, self._value(fieldname, q.text))
        return self._field_boost(fieldname, q, result)

    def _phrase(self, q: Any) -> tantivy.Query:
        fieldname = q.fieldname
        words: list[str | tuple[int, str]] = [str(w) for w in q.words]
        if not words:
            return tantivy.Query.empty_query()
        if len(words) == 1:  # tantivy refuses (panics on) one-word phrases
            result = tantivy.Query.term_query(self.schema, fieldname, str(words[0]))
        else:
            # whoosh's slop is the largest position step allowed between each pair of words
            # (1 = adjacent; _StopAwarePhrase widens it by the stop words inside the phrase).
            # tantivy's slop is a budget of extra positions for the whole phrase (0 =
            # adjacent). Same matches for the usual cases (no stop word: exact; two words
            # around stop words: one gap); with three or more words around stop words the
            # budget may also accept a few matches whoosh would not (never fewer).
            extra = max(0, int(q.slop) - 1) * (len(words) - 1)
            result = tantivy.Query.phrase_query(self.schema, fieldname, words, slop=extra)
        return self._field_boost(fieldname, q, result)

    def _range(self, q: Any, field_type: tantivy.FieldType, convert: Any) -> tantivy.Query:
        return tantivy.Query.range_query(
            self.schema,
            q.fieldname,
            field_type,
            None if q.start is None else convert(q.start),
            None if q.end is None else convert(q.end),
            include_lower=not q.startexcl,
            include_upper=not q.endexcl,
        )

    def _numeric_range(self, q: Any) -> tantivy.Query:
        if q.fieldname == "published":
            return self._range(q, tantivy.FieldType.Date, _whoosh_datetime)
        if q.fieldname in ("year", "page"):
            return self._range(q, tantivy.FieldType.Integer, int)
        raise QueryError(_UNSUPPORTED.format(f"{q.fieldname} 范围"))
