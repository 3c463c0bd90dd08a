"""The query language on whoosh: a parsed query (:mod:`gongbao.core.search.query.tree`) as a
whoosh query.

The translation is one to one, and the whoosh query made from a normalised tree is exactly the
one whoosh's own parser made when it defined the language (``tests/core/test_search_query.py``
compares them), so :mod:`.bulk` scores it as whoosh would.
"""

from __future__ import annotations

from typing import Any

from whoosh import query
from whoosh.fields import Schema
from whoosh.util.times import datetime_to_long

from gongbao.core.search.analysis import STOP_WORDS
from gongbao.core.search.query.parse import parse_query
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

__all__ = ["body_terms", "parse_text_query", "query_terms", "to_whoosh"]

_BINARY: dict[type, Any] = {AndNot: query.AndNot, AndMaybe: query.AndMaybe, Require: query.Require}


def to_whoosh(node: Node | None, schema: Schema) -> Any:
    """The whoosh query of ``node`` over ``schema`` (``None`` stays ``None``)."""
    if node is None:
        return None
    if isinstance(node, Term):
        value = node.value
        if isinstance(value, int):  # a NUMERIC term: whoosh's sortable bytes
            value = schema[node.field].to_bytes(value)
        return query.Term(node.field, value)
    if isinstance(node, Phrase):
        return query.Phrase(node.field, list(node.words), slop=node.slop)
    if isinstance(node, DateRange):
        start, end = datetime_to_long(node.start), datetime_to_long(node.end)
        return query.NumericRange(node.field, start, end)
    if isinstance(node, Nothing):
        return query.error_query(node.message)
    if isinstance(node, And | Or):
        parts = [to_whoosh(p, schema) for p in node.parts]
        return query.And(parts) if isinstance(node, And) else query.Or(parts)
    if isinstance(node, Not):
        return query.Not(to_whoosh(node.part, schema))
    return _BINARY[type(node)](to_whoosh(node.a, schema), to_whoosh(node.b, schema))


def query_terms(schema: Schema) -> tuple[str, ...]:
    """The dictionary an index was built with (whoosh pickles it with the analyzer)."""
    terms: tuple[str, ...] = schema["body"].analyzer.terms
    return terms


def parse_text_query(text: str, schema: Schema) -> Any:
    """Parse prepared query text into a whoosh query over ``schema`` (an index's), or ``None``
    when nothing searchable is left; raises :class:`QueryError` as the parser does."""
    return to_whoosh(parse_query(text, query_terms(schema)), schema)


def body_terms(q: Any) -> set[str]:
    """The title/body words of a whoosh query (stop words aside): what an excerpt marks."""
    terms: set[str] = set()
    if q is None:
        return terms
    for fieldname, text in q.iter_all_terms():
        if fieldname in ("body", "title"):
            word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            if word not in STOP_WORDS:
                terms.add(word)
    return terms
