"""The query language: prepared query text → :mod:`.tree`.

Words and "phrases" search title and body; ``field:value`` (with Chinese aliases: 发文机关:,
年份:, 类型:…) searches one field; ``AND``, ``OR``, ``NOT``, ``ANDNOT``, ``ANDMAYBE``,
``REQUIRE`` and parentheses combine; ``"…"~N`` widens a phrase. Words are segmented by
:func:`gongbao.core.search.analysis.segment` (query mode) with the index's own dictionary.

The language is the one whoosh's ``MultifieldParser`` accepted as gongbao configured it
(no wildcards, ranges, boosts or single quotes), and this parser works the way that one did,
step for step (the tokens and groups: :mod:`.syntax`); this module turns the grouped syntax
into the query tree. ``tests/core/test_search_query.py`` compares the trees with whoosh's
parser.
"""

from __future__ import annotations

import re

from gongbao.core.search.analysis import segment
from gongbao.core.search.backend import QueryError
from gongbao.core.search.query.dates import parse_date
from gongbao.core.search.query.exact import exact_phrase
from gongbao.core.search.query.syntax import FIELDS, Group, Syntax, TextNode, syntax_tree
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
    leaves,
    normalize,
)

__all__ = ["parse_query"]

_KIND_ALIASES = {"政策": "policy", "文件": "policy", "解读": "interpretation", "公报": "gazette"}
#: Most terms a parsed query may look up (title and body double every word).
_MAX_LEAVES = 2 * 32
_INT32 = range(-(2**31), 2**31)

# --------------------------------------------------------------------------- query tree

#: A part that was there but holds nothing (whoosh's null query): unlike a part that vanished
#: (``None``), it counts as a side of ``ANDNOT``/``ANDMAYBE``/``REQUIRE``.
_NULL = Or(())
_BINARY: dict[str, type[AndNot | AndMaybe | Require]] = {
    "andnot": AndNot,
    "andmaybe": AndMaybe,
    "require": Require,
}


def _present(q: Node | None) -> bool:
    """Whether a part holds anything (an empty AND/OR does not; the null part does)."""
    if q is _NULL:
        return True
    return q is not None and not (isinstance(q, And | Or) and not q.parts)


def _values(kind: str, text: str, terms: tuple[str, ...]) -> list[str]:
    """A field value's terms: jieba words (stop words dropped), comma-separated values, or
    the value itself."""
    if kind == "text":
        return [t.text for t in segment(text, terms, index=False) if not t.stopped]
    if kind == "keyword":
        return [v.strip() for v in re.findall(r"[^,]+", text)]
    return [text]


def _number(name: str, text: str) -> Node:
    try:
        value = int(text)
    except ValueError:
        return Nothing(f"{text!r} is not a valid number")
    return Term(name, value) if value in _INT32 else Nothing(f"{text!r} is not a valid number")


def _date(name: str, text: str) -> Node:
    try:
        start, end = parse_date(text)
    except ValueError as exc:
        return Nothing(str(exc))
    return Term(name, start) if start == end else DateRange(name, start, end)


def _word(node: TextNode, name: str, terms: tuple[str, ...]) -> Node | None:
    kind = FIELDS[name]
    if kind == "number":
        return _number(name, node.text)
    if kind == "date":
        return _date(name, node.text)
    words = _values(kind, node.text, terms)
    if len(words) > 1:
        return And(tuple(Term(name, w) for w in words))
    return Term(name, words[0]) if words else None


def _phrase(node: TextNode, name: str, terms: tuple[str, ...], exact: bool) -> Node:
    kind = FIELDS[name]
    if exact and kind == "text" and (found := exact_phrase(node.text, name, node.slop)):
        return found
    if kind != "text":
        # The value as typed, or its comma-separated values: all of them (whoosh made a
        # phrase of several, which it could not search in a field without positions).
        values = _values("keyword" if kind == "keyword" else "id", node.text, terms)
        if len(values) > 1:
            return And(tuple(Term(name, v) for v in values))
        return Phrase(name, tuple(values), node.slop)
    # Stop words are not indexed but keep their positions: the phrase allows a gap as long
    # as the longest run of stop words inside it (工作的通知: 工作, then 通知 two later).
    words: list[str] = []
    gap = run = 0
    for tok in segment(node.text, terms, index=False):
        if tok.stopped:
            run += 1
            continue
        if words:
            gap = max(gap, run)
        run = 0
        words.append(tok.text)
    return Phrase(name, tuple(words), max(node.slop, 1 + gap))


def _query(node: Syntax, terms: tuple[str, ...], exact: bool) -> Node | None:
    if isinstance(node, TextNode):
        assert node.fieldname is not None  # every text node has a field by now
        if node.phrase:
            return _phrase(node, node.fieldname, terms, exact)
        return _word(node, node.fieldname, terms)
    assert isinstance(node, Group), node
    if node.kind in ("and", "or"):
        parts = [q for n in node.nodes if (q := _query(n, terms, exact)) is not None]
        return (And if node.kind == "and" else Or)(tuple(parts))
    if node.kind == "not":
        part = _query(node.nodes[0], terms, exact) if node.nodes else None
        return Not(part) if part is not None and _present(part) else None
    if len(node.nodes) != 2:
        # An operator that took another operator as one side ("REQUIRE ANDNOT 海关": whoosh's
        # parser fails an assert there): what is left is searched on its own.
        return _query(node.nodes[0], terms, exact) if node.nodes else None
    a, b = (_query(n, terms, exact) for n in node.nodes)
    if a is None:
        return _NULL if b is None else b
    if b is None:
        return a
    return _BINARY[node.kind](a, b)


def parse_query(text: str, terms: tuple[str, ...], *, exact: bool = True) -> Node | None:
    """Parse prepared query text (see :func:`~gongbao.core.search.backend.prepare_query_text`)
    into a normalised tree, or ``None`` when nothing searchable is left; ``terms`` is the
    dictionary the index was built with.

    With ``exact`` (what the engines search), a quoted phrase in title or body is an exact
    substring (see :func:`~gongbao.core.search.query.exact.exact_phrase`); without it, a
    phrase of jieba words in a row, as whoosh's parser made it (the tree
    ``tests/core/test_search_query.py`` compares).

    Raises :class:`QueryError` (Chinese message) for a query with too many terms.
    """
    if not text:
        return None
    text = re.sub(r"((?:kind|类型):)(\S+)", lambda m: m[1] + _KIND_ALIASES.get(m[2], m[2]), text)
    q = _query(syntax_tree(text), terms, exact)
    tree = normalize(q if _present(q) else None)
    if sum(1 for _ in leaves(tree)) > _MAX_LEAVES:
        raise QueryError("检索词太多，请减少检索词。")
    return tree
