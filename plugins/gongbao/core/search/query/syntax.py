"""The query language's syntax: query text cut into tokens and grouped, the way whoosh's
``MultifieldParser`` did it as gongbao configured it (see :mod:`.parse`).

:func:`syntax_tree` runs the passes in whoosh's order: tokens by the same patterns tried in
the same order; parentheses group; field aliases are resolved; field names attach to what
follows them (unknown ones are plain text); bare words and phrases become an ``or`` over title
and body; spaces go; the operators are applied (``NOT`` first, then ``AND``, ``OR``,
``ANDNOT``, ``ANDMAYBE``, ``REQUIRE``). :mod:`.parse` turns the result into a query tree.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["ALIASES", "FIELDS", "FieldNode", "Group", "Marker", "Syntax", "TextNode", "syntax_tree"]

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
_DEFAULT_FIELDS = ("title", "body")


@dataclass
class TextNode:
    """A word (``phrase`` false) or a quoted phrase, with the field it searches."""

    text: str
    phrase: bool = False
    slop: int = 1
    fieldname: str | None = None


@dataclass
class FieldNode:
    fieldname: str
    original: str


@dataclass
class Group:
    """``and``/``or`` (any number of parts), ``not`` (one), ``andnot``/``andmaybe``/
    ``require`` (two)."""

    kind: str
    nodes: list[Syntax] = field(default_factory=list)


@dataclass
class Marker:
    """``space``, ``open``, ``close``, or an operator (its group kind)."""

    kind: str


Syntax = TextNode | FieldNode | Group | Marker
_OPERATORS = ("not", "and", "or", "andnot", "andmaybe", "require")

_TAGGERS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Syntax]]] = [
    (re.compile(r"(?<=\s)ANDNOT(?=\s)"), lambda m: Marker("andnot")),
    (re.compile(r"(?<=\s)ANDMAYBE(?=\s)"), lambda m: Marker("andmaybe")),
    (re.compile(r"(?P<text>\w+|[*]):"), lambda m: FieldNode(m["text"], m[0])),
    (re.compile(r"[(]"), lambda m: Marker("open")),
    (re.compile(r"[)]"), lambda m: Marker("close")),
    (re.compile(r"(^|(?<=(\s|[()])))NOT(?=\s)"), lambda m: Marker("not")),
    (re.compile(r"(?<=\s)AND(?=\s)"), lambda m: Marker("and")),
    (re.compile(r"(?<=\s)OR(?=\s)"), lambda m: Marker("or")),
    (re.compile(r"(^|(?<=\s))REQUIRE(?=\s)"), lambda m: Marker("require")),
    (
        re.compile(r'"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?'),
        lambda m: TextNode(m["text"], phrase=True, slop=int(m["slop"] or 1)),
    ),
    (re.compile(r"\s+"), lambda m: Marker("space")),
]


def _tag(text: str) -> list[Syntax]:
    """Tokens: at each position the first pattern that matches; text between them is words."""
    nodes: list[Syntax] = []
    prev = pos = 0
    while pos < len(text):
        for expr, make in _TAGGERS:
            m = expr.match(text, pos)
            if m:
                if prev < pos:
                    nodes.append(TextNode(text[prev:pos]))
                nodes.append(make(m))
                prev = pos = m.end()
                break
        else:
            pos += 1
    if prev < len(text):
        nodes.append(TextNode(text[prev:]))
    return nodes


def _parenthesise(nodes: list[Syntax]) -> Group:
    stack = [Group("and")]
    for node in nodes:
        if isinstance(node, Marker) and node.kind == "open":
            stack.append(Group("and"))
        elif isinstance(node, Marker) and node.kind == "close":
            if len(stack) > 1:
                last = stack.pop()
                stack[-1].nodes.append(last)
        else:
            stack[-1].nodes.append(node)
    top = stack[0]
    for unclosed in stack[1:]:
        top.nodes.extend(unclosed.nodes)
    if len(top.nodes) == 1 and isinstance(top.nodes[0], Group):
        return top.nodes[0]
    return top


def _resolve_aliases(group: Group) -> None:
    for node in group.nodes:
        if isinstance(node, Group):
            _resolve_aliases(node)
        elif isinstance(node, FieldNode) and node.fieldname in _FIELD_OF_ALIAS:
            node.fieldname = _FIELD_OF_ALIAS[node.fieldname]


def _set_field(node: Syntax, name: str) -> None:
    if isinstance(node, Group):
        for child in node.nodes:
            _set_field(child, name)
    elif isinstance(node, TextNode) and node.fieldname is None:
        node.fieldname = name


def _unknown_fields_as_text(group: Group) -> list[Syntax]:
    out: list[Syntax] = []
    pending: FieldNode | None = None
    for node in group.nodes:
        if isinstance(node, FieldNode) and node.fieldname not in FIELDS:
            pending = node
            continue
        if pending is not None:
            if isinstance(node, TextNode):
                node.text = pending.original + node.text
            else:
                out.append(TextNode(pending.original))
            pending = None
        out.append(node)
    if pending is not None:
        out.append(TextNode(pending.original))
    return out


def _attach_fields(group: Group) -> Group:
    """``field:`` applies to the node right after it; a name with nothing after is text."""
    nodes = _unknown_fields_as_text(group)
    out: list[Syntax] = []
    i = len(nodes)
    while i > 0:
        i -= 1
        node = nodes[i]
        if isinstance(node, FieldNode):
            node = TextNode(node.original)
        elif isinstance(node, Group):
            node = _attach_fields(node)
        before = nodes[i - 1] if i > 0 else None
        if isinstance(before, FieldNode) and not _is_space(node):
            _set_field(node, before.fieldname)
            i -= 1
        out.append(node)
    out.reverse()
    return Group(group.kind, out)


def _is_space(node: Syntax) -> bool:
    return isinstance(node, Marker) and node.kind == "space"


def _default_fields(group: Group) -> None:
    for i, node in enumerate(group.nodes):
        if isinstance(node, Group):
            _default_fields(node)
        elif isinstance(node, TextNode) and node.fieldname is None:
            copies: list[Syntax] = []
            for name in _DEFAULT_FIELDS:
                one = copy.copy(node)
                one.fieldname = name
                copies.append(one)
            group.nodes[i] = Group("or", copies)


def _drop_spaces(group: Group) -> Group:
    return Group(
        group.kind,
        [_drop_spaces(n) if isinstance(n, Group) else n for n in group.nodes if not _is_space(n)],
    )


def _apply_operators(group: Group) -> Group:
    nodes = group.nodes
    for kind in _OPERATORS:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if not (isinstance(node, Marker) and node.kind == kind):
                i += 1
            elif kind == "not":  # prefix: takes the node after it
                length = len(nodes)
                del nodes[i]
                if i < length - 1:
                    nodes[i] = Group("not", [nodes[i]])
            elif 0 < i < len(nodes) - 1:  # infix: takes the nodes on both sides
                left, right = nodes[i - 1], nodes[i + 1]
                if kind in ("and", "or") and isinstance(left, Group) and left.kind == kind:
                    left.nodes.append(right)
                    del nodes[i : i + 2]
                else:
                    nodes[i - 1 : i + 2] = [Group(kind, [left, right])]
            else:  # nothing on one side: ignored
                del nodes[i]
    for i, node in enumerate(nodes):
        if isinstance(node, Group):
            nodes[i] = _apply_operators(node)
    return group


def syntax_tree(text: str) -> Group:
    """``text`` as grouped syntax: every text node with its field, the operators applied."""
    group = _parenthesise(_tag(text))
    _resolve_aliases(group)
    group = _attach_fields(group)
    _default_fields(group)
    return _apply_operators(_drop_spaces(group))
