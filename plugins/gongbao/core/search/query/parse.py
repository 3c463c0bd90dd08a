"""The query language: prepared query text → :mod:`.tree`.

Words and "phrases" search title and body; ``field:value`` (with Chinese aliases: 发文机关:,
年份:, 类型:…) searches one field; ``AND``, ``OR``, ``NOT``, ``ANDNOT``, ``ANDMAYBE``,
``REQUIRE`` and parentheses combine; ``"…"~N`` widens a phrase. Words are segmented by
:func:`gongbao.core.search.analysis.segment` (query mode) with the index's own dictionary.

The language is the one whoosh's ``MultifieldParser`` accepted as gongbao configured it
(no wildcards, ranges, boosts or single quotes), and this parser works the way that one did,
step for step: the text is cut into tokens by the same patterns, tried in the same order;
parentheses group, field aliases are resolved, field names attach to what follows them
(unknown ones are plain text), bare words and phrases become an ``OR`` over title and body,
and the operators are applied (``NOT`` first, then ``AND``, ``OR``, ``ANDNOT``, ``ANDMAYBE``,
``REQUIRE``). ``tests/core/test_search_query.py`` compares the trees with whoosh's parser.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gongbao.core.search.analysis import segment
from gongbao.core.search.backend import QueryError
from gongbao.core.search.query.dates import parse_date
from gongbao.core.search.query.exact import exact_phrase
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

__all__ = ["ALIASES", "FIELDS", "parse_query"]

#: Each searchable field and how its values become terms: ``text`` (jieba words), ``keyword``
#: (comma-separated values), ``id`` (the value as typed), ``number`` and ``date``.
FIELDS = {
    "title": "text",
    "body": "text",
    "issuer": "keyword",
    "category": "keyword",
    "kind": "id",
    "year": "number",
    "validity": "id",
    "published": "date",
}
ALIASES = {
    "issuer": ["发布机关", "发文机关", "机关"],
    "year": ["年份", "年度"],
    "kind": ["类型"],
    "category": ["分类", "类别"],
    "validity": ["效力"],
    "title": ["标题"],
    "body": ["正文", "全文"],
    "published": ["日期"],
}
_FIELD_OF_ALIAS = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_KIND_ALIASES = {"政策": "policy", "文件": "policy", "解读": "interpretation", "公报": "gazette"}
_DEFAULT_FIELDS = ("title", "body")
#: Most terms a parsed query may look up (title and body double every word).
_MAX_LEAVES = 2 * 32
_INT32 = range(-(2**31), 2**31)

# --------------------------------------------------------------------------- syntax nodes


@dataclass
class _Text:
    """A word (``phrase`` false) or a quoted phrase, with the field it searches."""

    text: str
    phrase: bool = False
    slop: int = 1
    fieldname: str | None = None


@dataclass
class _FieldName:
    fieldname: str
    original: str


@dataclass
class _Group:
    """``and``/``or`` (any number of parts), ``not`` (one), ``andnot``/``andmaybe``/
    ``require`` (two)."""

    kind: str
    nodes: list[_Syntax] = field(default_factory=list)


@dataclass
class _Marker:
    """``space``, ``open``, ``close``, or an operator (its group kind)."""

    kind: str


_Syntax = _Text | _FieldName | _Group | _Marker
_OPERATORS = ("not", "and", "or", "andnot", "andmaybe", "require")

_TAGGERS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Syntax]]] = [
    (re.compile(r"(?<=\s)ANDNOT(?=\s)"), lambda m: _Marker("andnot")),
    (re.compile(r"(?<=\s)ANDMAYBE(?=\s)"), lambda m: _Marker("andmaybe")),
    (re.compile(r"(?P<text>\w+|[*]):"), lambda m: _FieldName(m["text"], m[0])),
    (re.compile(r"[(]"), lambda m: _Marker("open")),
    (re.compile(r"[)]"), lambda m: _Marker("close")),
    (re.compile(r"(^|(?<=(\s|[()])))NOT(?=\s)"), lambda m: _Marker("not")),
    (re.compile(r"(?<=\s)AND(?=\s)"), lambda m: _Marker("and")),
    (re.compile(r"(?<=\s)OR(?=\s)"), lambda m: _Marker("or")),
    (re.compile(r"(^|(?<=\s))REQUIRE(?=\s)"), lambda m: _Marker("require")),
    (
        re.compile(r'"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?'),
        lambda m: _Text(m["text"], phrase=True, slop=int(m["slop"] or 1)),
    ),
    (re.compile(r"\s+"), lambda m: _Marker("space")),
]


def _tag(text: str) -> list[_Syntax]:
    """Tokens: at each position the first pattern that matches; text between them is words."""
    nodes: list[_Syntax] = []
    prev = pos = 0
    while pos < len(text):
        for expr, make in _TAGGERS:
            m = expr.match(text, pos)
            if m:
                if prev < pos:
                    nodes.append(_Text(text[prev:pos]))
                nodes.append(make(m))
                prev = pos = m.end()
                break
        else:
            pos += 1
    if prev < len(text):
        nodes.append(_Text(text[prev:]))
    return nodes


def _parenthesise(nodes: list[_Syntax]) -> _Group:
    stack = [_Group("and")]
    for node in nodes:
        if isinstance(node, _Marker) and node.kind == "open":
            stack.append(_Group("and"))
        elif isinstance(node, _Marker) and node.kind == "close":
            if len(stack) > 1:
                last = stack.pop()
                stack[-1].nodes.append(last)
        else:
            stack[-1].nodes.append(node)
    top = stack[0]
    for unclosed in stack[1:]:
        top.nodes.extend(unclosed.nodes)
    if len(top.nodes) == 1 and isinstance(top.nodes[0], _Group):
        return top.nodes[0]
    return top


def _resolve_aliases(group: _Group) -> None:
    for node in group.nodes:
        if isinstance(node, _Group):
            _resolve_aliases(node)
        elif isinstance(node, _FieldName) and node.fieldname in _FIELD_OF_ALIAS:
            node.fieldname = _FIELD_OF_ALIAS[node.fieldname]


def _set_field(node: _Syntax, name: str) -> None:
    if isinstance(node, _Group):
        for child in node.nodes:
            _set_field(child, name)
    elif isinstance(node, _Text) and node.fieldname is None:
        node.fieldname = name


def _unknown_fields_as_text(group: _Group) -> list[_Syntax]:
    out: list[_Syntax] = []
    pending: _FieldName | None = None
    for node in group.nodes:
        if isinstance(node, _FieldName) and node.fieldname not in FIELDS:
            pending = node
            continue
        if pending is not None:
            if isinstance(node, _Text):
                node.text = pending.original + node.text
            else:
                out.append(_Text(pending.original))
            pending = None
        out.append(node)
    if pending is not None:
        out.append(_Text(pending.original))
    return out


def _attach_fields(group: _Group) -> _Group:
    """``field:`` applies to the node right after it; a name with nothing after is text."""
    nodes = _unknown_fields_as_text(group)
    out: list[_Syntax] = []
    i = len(nodes)
    while i > 0:
        i -= 1
        node = nodes[i]
        if isinstance(node, _FieldName):
            node = _Text(node.original)
        elif isinstance(node, _Group):
            node = _attach_fields(node)
        before = nodes[i - 1] if i > 0 else None
        if isinstance(before, _FieldName) and not _is_space(node):
            _set_field(node, before.fieldname)
            i -= 1
        out.append(node)
    out.reverse()
    return _Group(group.kind, out)


def _is_space(node: _Syntax) -> bool:
    return isinstance(node, _Marker) and node.kind == "space"


def _default_fields(group: _Group) -> None:
    for i, node in enumerate(group.nodes):
        if isinstance(node, _Group):
            _default_fields(node)
        elif isinstance(node, _Text) and node.fieldname is None:
            copies: list[_Syntax] = []
            for name in _DEFAULT_FIELDS:
                one = copy.copy(node)
                one.fieldname = name
                copies.append(one)
            group.nodes[i] = _Group("or", copies)


def _drop_spaces(group: _Group) -> _Group:
    return _Group(
        group.kind,
        [_drop_spaces(n) if isinstance(n, _Group) else n for n in group.nodes if not _is_space(n)],
    )


def _apply_operators(group: _Group) -> _Group:
    nodes = group.nodes
    for kind in _OPERATORS:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if not (isinstance(node, _Marker) and node.kind == kind):
                i += 1
            elif kind == "not":  # prefix: takes the node after it
                length = len(nodes)
                del nodes[i]
                if i < length - 1:
                    nodes[i] = _Group("not", [nodes[i]])
            elif 0 < i < len(nodes) - 1:  # infix: takes the nodes on both sides
                left, right = nodes[i - 1], nodes[i + 1]
                if kind in ("and", "or") and isinstance(left, _Group) and left.kind == kind:
                    left.nodes.append(right)
                    del nodes[i : i + 2]
                else:
                    nodes[i - 1 : i + 2] = [_Group(kind, [left, right])]
            else:  # nothing on one side: ignored
                del nodes[i]
    for i, node in enumerate(nodes):
        if isinstance(node, _Group):
            nodes[i] = _apply_operators(node)
    return group


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


def _word(node: _Text, name: str, terms: tuple[str, ...]) -> Node | None:
    kind = FIELDS[name]
    if kind == "number":
        return _number(name, node.text)
    if kind == "date":
        return _date(name, node.text)
    words = _values(kind, node.text, terms)
    if len(words) > 1:
        return And(tuple(Term(name, w) for w in words))
    return Term(name, words[0]) if words else None


def _phrase(node: _Text, name: str, terms: tuple[str, ...], exact: bool) -> Node:
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


def _query(node: _Syntax, terms: tuple[str, ...], exact: bool) -> Node | None:
    if isinstance(node, _Text):
        assert node.fieldname is not None  # every text node has a field by now
        if node.phrase:
            return _phrase(node, node.fieldname, terms, exact)
        return _word(node, node.fieldname, terms)
    assert isinstance(node, _Group), node
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
    group = _parenthesise(_tag(text))
    _resolve_aliases(group)
    group = _attach_fields(group)
    _default_fields(group)
    group = _apply_operators(_drop_spaces(group))
    q = _query(group, terms, exact)
    tree = normalize(q if _present(q) else None)
    if sum(1 for _ in leaves(tree)) > _MAX_LEAVES:
        raise QueryError("检索词太多，请减少检索词。")
    return tree
