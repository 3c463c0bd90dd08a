"""What both engines search for one query text: the parsed tree, the 文号 keys, the phrase
tier and the words an excerpt marks, made once here so that whoosh and tantivy agree."""

from __future__ import annotations

from dataclasses import dataclass

from gongbao.core.search.backend import prepare_query_text
from gongbao.core.search.query.exact import whole_query_phrase
from gongbao.core.search.query.parse import parse_query
from gongbao.core.search.query.tree import Node, body_terms

__all__ = ["QueryPlan", "plan_query"]


@dataclass(frozen=True)
class QueryPlan:
    """One query, ready to translate.

    A record matches if it has one of ``doc_number_keys`` (ranked first), matches ``tree``, or
    contains ``tier`` (the whole plain query as an exact phrase, ranked before the rest).
    """

    text: str
    """The prepared query text (empty: nothing typed; list what the filters let through)."""
    tree: Node | None
    doc_number_keys: tuple[str, ...]
    tier: Node | None
    marks: frozenset[str]

    @property
    def empty(self) -> bool:
        """Nothing to search for (no words, no 文号)."""
        return self.tree is None and self.tier is None and not self.doc_number_keys


def plan_query(text: str, terms: tuple[str, ...]) -> QueryPlan:
    """Check, prepare and parse ``text`` with the index's dictionary ``terms``.

    Raises :class:`~gongbao.core.search.backend.QueryError` for malformed input.
    """
    prepared = prepare_query_text(text)
    tree = parse_query(prepared.text, terms)
    # A 文号 query already puts its document first; its text is a quoted phrase anyway.
    tier = None if prepared.doc_number_keys else whole_query_phrase(prepared.text)
    return QueryPlan(
        text=prepared.text,
        tree=tree,
        doc_number_keys=prepared.doc_number_keys,
        tier=tier,
        marks=frozenset(body_terms(tree) | body_terms(tier)),
    )
