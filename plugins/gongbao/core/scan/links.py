"""Links in Markdown as editors write them, and the anchors a page offers to links.

``gongbao check`` reports links to files or anchors that do not exist (the build would publish
them broken, and MkDocs says so only in English, only in ``mkdocs build --strict``). The
targets and anchors are read here once per source, when it is loaded, and cached with its
record, so a warm check needs no body.

Read outside code (fences and code spans): inline links and images ``[text](target)``, and
reference definitions ``[label]: target``. Anchors: heading slugs as the site's ``toc``
makes them (duplicates get ``_1``, ``_2``…), ids given with ``{#id}`` / ``{: #id}``, and
``id=`` / ``name=`` in raw HTML.
"""

from __future__ import annotations

import re

from gongbao.core.scan.code import mask_code

__all__ = ["REF_PREFIX", "find_anchors", "find_links"]

REF_PREFIX = "@"
"""A target ``@平政办发〔2023〕51号`` or ``@id`` names a document, 解读 or issue, resolved at
build time (see :mod:`gongbao.core.rules.links`)."""

_INLINE_RE = re.compile(r"\]\([ \t]*(<[^>\n]{0,2000}>|[^\s()<>]{1,2000}(?:\([^\s()]*\)[^\s()]*)?)")
_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]*(<[^>\n]{0,2000}>|\S{1,2000})", re.M)
_ATX_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.+?)[ \t]*$", re.M)
_SETEXT_RE = re.compile(
    r"^(?![ ]{0,3}(?:[-*+>#]|\d+[.)])\s)[ ]{0,3}(\S[^\n]*)\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M
)
_TRAILING_HASHES_RE = re.compile(r"[ \t]+#+$")
_ATTR_LIST_RE = re.compile(r"[ \t]*\{:?[ ]*([^}\n]*)\}$")
_ATTR_ID_RE = re.compile(r"(?:^|[ ])#([^\s}]+)")
_EXPLICIT_ID_RE = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_HTML_ID_RE = re.compile(r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*["']?([^"'\s<>]+)""")
# What toc's slug does not see: Markdown emphasis and code marks, link targets, HTML tags.
_INLINE_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS_RE = re.compile(r"[*_`~]|<[^>]*>")


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def find_links(markdown: str) -> tuple[tuple[int, str], ...]:
    """(line, target) of every link, image and reference definition outside code, in order;
    targets as written, ``<…>`` brackets removed."""
    if "](" not in markdown and "]:" not in markdown:
        return ()
    text = mask_code(markdown)
    found: list[tuple[int, int, str]] = []
    for match in _INLINE_RE.finditer(text):
        found.append((match.start(), _line_of(text, match.start()), match.group(1)))
    if "]:" in text:
        for match in _REF_DEF_RE.finditer(text):
            found.append((match.start(), _line_of(text, match.start()), match.group(1)))
    found.sort()
    return tuple((line, target.strip("<>")) for _, line, target in found)


def _heading_text(raw: str) -> tuple[str, str | None]:
    """A heading's text as toc slugs it, and the id an attribute list gives it."""
    raw = _TRAILING_HASHES_RE.sub("", raw)
    given = None
    attr_list = _ATTR_LIST_RE.search(raw)
    if attr_list:
        explicit = _ATTR_ID_RE.search(attr_list.group(1))
        given = explicit.group(1) if explicit else None
        raw = raw[: attr_list.start()]
    return _MARKS_RE.sub("", _INLINE_LINK_RE.sub(r"\1", raw)).strip(), given


def find_anchors(markdown: str) -> frozenset[str]:
    """Every anchor a page made from ``markdown`` has (``#`` not included)."""
    from gongbao.core.publish.urls import slugify  # the site's own heading slugs

    text = mask_code(markdown)
    headings = sorted(
        [(m.start(), m.group(1)) for m in _ATX_RE.finditer(text)]
        + [(m.start(), m.group(1)) for m in _SETEXT_RE.finditer(text)]
    )
    anchors: set[str] = set()
    for _, raw in headings:
        heading, given = _heading_text(raw)
        if given:
            anchors.add(given)
            continue
        slug = base = slugify(heading)
        count = 0
        while slug in anchors:  # toc's unique(): 总则, 总则_1, 总则_2…
            count += 1
            slug = f"{base}_{count}"
        anchors.add(slug)
    anchors.update(m.group(1) for m in _EXPLICIT_ID_RE.finditer(text))
    if "<" in text:
        anchors.update(m.group(1) for m in _HTML_ID_RE.finditer(text))
    return frozenset(anchors)
