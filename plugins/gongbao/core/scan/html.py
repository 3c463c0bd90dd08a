"""Find raw HTML in Markdown that could run script on a published government page.

Policy: refuse, don't sanitise. An official text must be published exactly as approved, so
a build never rewrites it; it stops and reports where the offending markup is.

What is reported (case-insensitive, whitespace and newlines inside tags tolerated):
``<script``, ``<iframe``/``<frame``, ``<object``/``<embed``/``<applet``, ``<form``,
``<style``, ``<base``, ``<meta http-equiv=refresh``, any ``on*=`` event attribute inside a
tag, and ``javascript:`` / ``vbscript:`` / ``data:text/html`` URLs in URL attributes, in
Markdown link/image targets ``[x](…)``, in reference definitions ``[x]: …`` and in
autolinks ``<javascript:…>``. URLs are compared the way a browser reads them: HTML
entities decoded (``&#106;avascript:``), tabs/newlines/control characters removed, case
folded.

What is not reported: text inside fenced code blocks (````` ``` ````` / ``~~~``) and inline
code spans (documentation of a tag), escaped text (``&lt;script&gt;``), ``on…=`` outside a
tag, and ordinary markup (``<table>``, ``<br>``, ``<a href="https://…">``).

Where Markdown renderers and browsers disagree about what is a tag, the detector takes the
union of the readings and reports if *any* reading is dangerous:

* a browser-like, quote-aware tokenizer (how Python-Markdown's block-level raw HTML reaches
  the browser: ``<a title=">" onclick=…>`` is one tag), and
* Python-Markdown's inline reading, where a tag runs from ``<name`` to the next ``<`` or
  ``>`` whatever the quotes (so ``<a title="x <img src=x onerror=…>`` with an unclosed quote
  still reports the ``<img``).

Every pass is linear in the input: tags in each pass are disjoint, regexes only use bounded
or non-overlapping scans, and an unclosed quote is searched for at most once per quote
character. Known over-reporting, accepted because refusing is the safe side: tags inside
HTML comments, indented code blocks and backslash-escaped ``\\<`` are still scanned.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from gongbao.core.scan.allowlist import (
    DANGEROUS_TAGS,
    attribute_problem,
    script_problem,
    tag_problem,
    url_problem,
)
from gongbao.core.scan.code import mask_code

__all__ = ["UnsafeHtml", "find_unsafe_html"]

_SNIPPET_MAX = 80


@dataclass(frozen=True)
class UnsafeHtml:
    """One piece of script-capable markup: where it starts, what it is, and why."""

    line: int
    column: int
    snippet: str
    reason: str


# --- Tags ----------------------------------------------------------------------------------

_TAG_START_RE = re.compile(r"<[A-Za-z]")
# Python-Markdown's inline HTML reading: from <name to the next < or >, quotes ignored.
_INLINE_TAG_RE = re.compile(r"<[A-Za-z][^<>]*")
_TAG_NAME_RE = re.compile(r"<([^\s/<>]+)")
# Browser attribute tokens: a name runs to whitespace, "/", ">" or "="; a value is quoted
# (possibly unclosed at the end of the region) or runs to whitespace or ">".
_ATTR_RE = re.compile(r"""([^\s/>=][^\s/>=]*)(?:\s*=\s*("[^"]*"?|'[^']*'?|[^\s>]*))?""")
_N_STOP_RE = re.compile(r"[>=]")
_WHITESPACE_RE = re.compile(r"\s+")
_UNQUOTED_STOP_RE = re.compile(r"[\s>]")

# Browsers drop control characters and spaces in a URL or an attribute keyword.
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f]+")


def _unquote(value: str) -> str:
    if value[:1] in {'"', "'"}:
        value = value[1:]
        if value[-1:] in {'"', "'"}:
            value = value[:-1]
    return value


_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _dangerous_scheme(url: str, *, markdown: bool = False) -> str | None:
    """The reason if ``url`` (a link target) is not an allowed link, else None."""
    if markdown:
        url = _MD_ESCAPE_RE.sub(r"\1", url)
    # Markdown targets may be images: data:image URLs are allowed there.
    return url_problem(url, tag="img" if markdown else "a")


def _check_tag(tag: str, *, complete: bool = True) -> list[str]:
    """Reasons why one tag (``<name …`` without the closing ``>``) may not be published.

    A region with no closing ``>`` (``complete=False``) is no tag to Python-Markdown or a
    browser; only what would be dangerous in another reading of it is reported.
    """
    name_match = _TAG_NAME_RE.match(tag)
    if not name_match:
        return []
    name = name_match.group(1).lower()
    reasons: list[str] = []
    if ":" in name:
        # Not an element a browser shows (<o:p>, <mailto:…>); an autolink-like
        # <javascript:alert(1)> is still refused in case a renderer links it.
        scheme = _dangerous_scheme(tag[1:])
        if scheme and not scheme.startswith("链接协议"):
            reasons.append(scheme)
        return reasons
    problem = tag_problem(name) if complete else DANGEROUS_TAGS.get(name)
    if problem:
        reasons.append(problem)
    for attr in _ATTR_RE.finditer(tag, name_match.end()):
        attr_name = attr.group(1).lower()
        raw_value = attr.group(2)
        value = None if raw_value is None else _unquote(raw_value)
        problem = (
            attribute_problem(name, attr_name, value)
            if complete
            else script_problem(attr_name, value)
        )
        if problem:
            reasons.append(problem)
        if (
            name == "meta"
            and attr_name == "http-equiv"
            and value is not None
            and _URL_JUNK_RE.sub("", html.unescape(value)).lower() == "refresh"
        ):
            reasons.append("<meta http-equiv=refresh> 跳转")
    return reasons


def _browser_tags(text: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of tags as a browser's tokenizer reads them, ``>`` excluded.

    One left-to-right pass: quotes only open right after ``=`` and may contain ``<`` and
    ``>``. A tag whose quote never closes is dropped by browsers; the scan resumes after
    that quote so tags inside it are still seen (Markdown may treat the broken tag as text).
    A tag with no ``>`` after it ends the pass: no later tag can be complete either.
    """
    tags: list[tuple[int, int]] = []
    # First position from which a quote character is known not to occur again.
    absent_from = {'"': len(text) + 1, "'": len(text) + 1}
    pos = 0
    while True:
        start_match = _TAG_START_RE.search(text, pos)
        if not start_match:
            return tags
        start = start_match.start()
        i = start_match.end()
        while True:
            stop = _N_STOP_RE.search(text, i)
            if not stop:
                return tags
            if stop.group() == ">":
                tags.append((start, stop.start()))
                pos = stop.end()
                break
            i = stop.end()
            spaces = _WHITESPACE_RE.match(text, i)
            if spaces:
                i = spaces.end()
            char = text[i : i + 1]
            if char in {'"', "'"}:
                close = -1 if i >= absent_from[char] else text.find(char, i + 1)
                if close < 0:
                    absent_from[char] = min(absent_from[char], i)
                    pos = i + 1
                    break
                i = close + 1
            elif char == ">":
                tags.append((start, i))
                pos = i + 1
                break
            else:
                unquoted_stop = _UNQUOTED_STOP_RE.search(text, i)
                if not unquoted_stop:
                    return tags
                if unquoted_stop.group() == ">":
                    tags.append((start, unquoted_stop.start()))
                    pos = unquoted_stop.end()
                    break
                i = unquoted_stop.end()


# --- Markdown link targets -----------------------------------------------------------------

_MD_LINK_RE = re.compile(r"\]\(")
# Only the first characters of a destination decide its scheme, and a scheme (even
# entity-encoded, &#x6A;…) contains no brackets: stopping at them and at 256 characters keeps
# "](](](…" linear. "javascript:alert(1)" is still seen as "javascript:alert".
_MD_DEST_RE = re.compile(r"\s*<?([^\s<>()\[\]]{0,256})")
_MD_REF_DEF_RE = re.compile(
    r"^[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]*\n?[ \t]*<?([^\s>]{0,256})", re.MULTILINE
)


def _markdown_links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of dangerous Markdown link/image targets and reference definitions."""
    found: list[tuple[int, int, str]] = []
    for link in _MD_LINK_RE.finditer(text):
        dest = _MD_DEST_RE.match(text, link.end())
        # No ":" (or entity/escape that could encode one) means no scheme at all.
        if dest and any(char in dest.group(1) for char in ":&\\"):
            reason = _dangerous_scheme(dest.group(1), markdown=True)
            if reason:
                found.append((link.start(), dest.end(), reason))
    if "]:" not in text:
        return found  # no reference definition: its line-by-line search costs more than this
    for ref in _MD_REF_DEF_RE.finditer(text):
        reason = _dangerous_scheme(ref.group(1), markdown=True)
        if reason:
            found.append((ref.start(), ref.end(), reason))
    return found


# --- Entry point ---------------------------------------------------------------------------


def _may_hold_markup(markdown: str) -> bool:
    """Whether ``markdown`` has what every report needs: a tag's ``<``, a link target's
    ``](`` or a reference definition's ``]:``. Most documents have none of them, and these
    three searches cost a tenth of the passes they spare."""
    return "<" in markdown or "](" in markdown or "]:" in markdown


def find_unsafe_html(markdown: str) -> list[UnsafeHtml]:
    """Report raw HTML and link targets in ``markdown`` that could run script.

    Results are sorted by position; ``line``/``column`` (1-based, lines split on ``"\\n"``)
    point at the ``<`` of the tag or the ``](`` of the link, and ``snippet`` is the original
    text from there, at most 80 characters. Code blocks and code spans are ignored.
    """
    if not _may_hold_markup(markdown):
        return []
    text = mask_code(markdown)
    found: dict[tuple[int, str], int] = {}

    def add(start: int, end: int, reason: str) -> None:
        # Both tag readings often agree; keep one report per (position, reason).
        key = (start, reason)
        if key not in found or found[key] < end:
            found[key] = end

    for start, end in _browser_tags(text):
        for reason in _check_tag(text[start:end]):
            add(start, end + 1, reason)
    for tag in _INLINE_TAG_RE.finditer(text):
        # Show the closing ">" when there is one; the region itself stops before it.
        closed = text[tag.end() : tag.end() + 1] == ">"
        end = tag.end() + closed
        for reason in _check_tag(tag.group(), complete=closed):
            add(tag.start(), end, reason)
    for start, end, reason in _markdown_links(text):
        add(start, end, reason)

    results: list[UnsafeHtml] = []
    line, line_start, cursor = 1, 0, 0
    # Stable sort on position only: within one tag, reasons stay in attribute order.
    for (start, reason), end in sorted(found.items(), key=lambda item: item[0][0]):
        newlines = markdown.count("\n", cursor, start)
        if newlines:
            line += newlines
            line_start = markdown.rfind("\n", cursor, start) + 1
        cursor = start
        snippet = markdown[start : min(end, start + _SNIPPET_MAX)]
        results.append(UnsafeHtml(line, start - line_start + 1, snippet, reason))
    return results
