"""Find attr_list syntax (``{: onerror=…}``) in Markdown that would set a refused attribute.

attr_list turns ``![图](a.png){: onerror="…"}``, ``# 标题 {: onmouseover=…}`` or a line
``{: style="…"}`` under a paragraph into HTML attributes that no raw tag in the source shows.
This scanner reads the source as Python-Markdown's attr_list does (its own attribute parser),
with line numbers, for ``gongbao check`` and the build; the Markdown guard of the build
(:mod:`gongbao.core.scan.guard`) checks the attributes attr_list really set.

Where attr_list would apply: right after an inline element (``)``, ``]``, ``*``, ``_``, a
backtick, ``~``, ``=``, ``^``), or a brace group that ends its line (a block's or a
heading's list). Over-reporting is the safe side: a line ending in ``{重要}`` is reported
(attr_list would make 重要 an attribute of that block).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongbao.core.scan.allowlist import attr_list_problem
from gongbao.core.scan.code import mask_code
from gongbao.core.scan.html import UnsafeHtml

__all__ = ["find_unsafe_attr_lists"]

# attr_list's own BASE_RE, from "{" to the last "}" of the line (bounded: a list this long
# is no attribute list, and the bound keeps a line of ten thousand "{" linear).
_GROUP_RE = re.compile(r"\{:?[ ]*([^}\n ][^\n]{0,1000})\}")
_INLINE_ENDS = frozenset(")]*_`~=^")
# A list ends its line, or its table cell ("| 甲 {: .x} |").
_LINE_END_RE = re.compile(r"[ ]*(?:\n|\Z|\|)")
_SNIPPET_MAX = 80


def _applies(text: str, source: str, start: int, end: int) -> bool:
    """Whether attr_list would read the group ``text[start:end]`` as an attribute list
    (``source`` is ``text`` before code was masked: a code span is an inline element too)."""
    if start and source[start - 1] in _INLINE_ENDS:
        return True
    return _LINE_END_RE.match(text, end) is not None


def _groups(text: str, source: str) -> Iterator[tuple[int, str]]:
    """(position of "{", attribute text) of each brace group attr_list would read."""
    pos = text.find("{")
    while pos >= 0:
        match = _GROUP_RE.match(text, pos)
        # Greedy like attr_list's: the group runs to the line's last "}", so "ends its line"
        # is decided on the same span attr_list tests.
        if match and _applies(text, source, pos, match.end()):
            yield pos, match.group(1)
        pos = text.find("{", pos + 1)


def find_unsafe_attr_lists(markdown: str) -> list[UnsafeHtml]:
    """Attribute lists in ``markdown`` (outside code) that set a refused attribute."""
    if "{" not in markdown:
        return []
    text = mask_code(markdown)
    problems: list[UnsafeHtml] = []
    # Python-Markdown's own attribute parser, imported only for a text that has a group: a
    # warm check (scans cached) never imports Markdown.
    from markdown.extensions.attr_list import get_attrs_and_remainder

    for start, attributes in _groups(text, markdown):
        parsed, _ = get_attrs_and_remainder(attributes)
        for name, value in parsed:
            reason = attr_list_problem(name.lower(), value)
            if reason:
                line = markdown.count("\n", 0, start) + 1
                column = start - (markdown.rfind("\n", 0, start) + 1) + 1
                end = markdown.find("\n", start)
                snippet = markdown[start : end if end >= 0 else len(markdown)][:_SNIPPET_MAX]
                problems.append(UnsafeHtml(line, column, snippet, reason))
    return problems
