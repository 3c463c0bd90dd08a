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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

__all__ = ["UnsafeHtml", "find_unsafe_html"]

_SNIPPET_MAX = 80


@dataclass(frozen=True)
class UnsafeHtml:
    """One piece of script-capable markup: where it starts, what it is, and why."""

    line: int
    column: int
    snippet: str
    reason: str


# --- Masking code --------------------------------------------------------------------------

# CommonMark fences: up to three spaces of indentation, three or more ` or ~. A backtick
# fence's info string may not contain a backtick.
_FENCE_OPEN_RE = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
_FENCE_CLOSE_RE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")
_BACKTICKS_RE = re.compile(r"`+")
# Positions of the "\n" that ends a line followed by a blank line: code spans stop there.
_PARAGRAPH_BREAK_RE = re.compile(r"\n(?=[ \t]*(?:\n|\Z))")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")


def _fenced_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of closed fenced code blocks (an unclosed fence is not code).

    Python-Markdown's fenced_code and pymdownx.superfences only treat a *closed* fence as
    code, so an unclosed fence is scanned like ordinary text: safer than CommonMark's
    "runs to the end of the document".
    """
    if "```" not in text and "~~~" not in text:
        return []  # no line can open a fence: most documents, and this runs for every one
    lines = text.split("\n")
    offsets: list[int] = []
    offset = 0
    for line in lines:
        offsets.append(offset)
        offset += len(line) + 1

    # Bare fence lines (possible closers), per fence character, in line order.
    closer_lines: dict[str, list[int]] = {"`": [], "~": []}
    closer_lengths: dict[str, list[int]] = {"`": [], "~": []}
    for index, line in enumerate(lines):
        match = _FENCE_CLOSE_RE.fullmatch(line)
        if match:
            fence = match.group(1)
            closer_lines[fence[0]].append(index)
            closer_lengths[fence[0]].append(len(fence))

    # Once an opener of length n found no closer, no later opener of length >= n can:
    # remembering that keeps a document full of unclosed fences linear.
    failed_at: dict[str, float] = {"`": float("inf"), "~": float("inf")}
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        match = _FENCE_OPEN_RE.fullmatch(lines[index])
        if not match or (match.group(1)[0] == "`" and "`" in match.group(2)):
            index += 1
            continue
        char, length = match.group(1)[0], len(match.group(1))
        if length >= failed_at[char]:
            index += 1
            continue
        candidates, lengths = closer_lines[char], closer_lengths[char]
        k = bisect_right(candidates, index)
        while k < len(candidates) and lengths[k] < length:
            k += 1
        if k == len(candidates):
            failed_at[char] = length
            index += 1
            continue
        close = candidates[k]
        spans.append((offsets[index], offsets[close] + len(lines[close])))
        index = close + 1
    return spans


def _code_span_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of inline code spans, as Python-Markdown's BACKTICK_RE finds them.

    An opener is a backtick run not preceded by an odd number of backslashes (an escaped
    first backtick shortens the run by one); its closer is the next run of exactly the same
    length within the same paragraph. Runs are indexed by length, so this is O(n log n) even
    for many unmatched openers.
    """
    if "`" not in text:
        return []
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for run_index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(run_index)
    breaks = [m.start() for m in _PARAGRAPH_BREAK_RE.finditer(text)]

    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        backslashes = 0
        while start - backslashes - 1 >= 0 and text[start - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2:
            start += 1
        same = by_length.get(end - start, [])
        k = bisect_right(same, index)
        if k < len(same):
            closer_start, closer_end = runs[same[k]]
            b = bisect_left(breaks, end)
            if b == len(breaks) or breaks[b] >= closer_start:
                spans.append((start, closer_end))
                index = same[k] + 1
                continue
        index += 1
    return spans


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span by spaces, keeping newlines so that offsets and lines still match."""
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts.append(text[cursor:start])
        parts.append(_NOT_NEWLINE_RE.sub(" ", text[start:end]))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _mask_code(markdown: str) -> str:
    without_fences = _blank_out(markdown, _fenced_spans(markdown))
    return _blank_out(without_fences, _code_span_spans(without_fences))


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

_DANGEROUS_TAGS = {
    "script": "<script> 标签",
    "iframe": "<iframe> 标签",
    "frame": "<frame> 标签",
    "frameset": "<frame> 标签",
    "object": "<object>/<embed> 标签",
    "embed": "<object>/<embed> 标签",
    "applet": "<object>/<embed> 标签",
    "form": "<form> 标签",
    "style": "<style> 标签",
    "base": "<base> 标签",
}
_URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "xlink:href",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "codebase",
        "dynsrc",
        "lowsrc",
    ]
)
_EVENT_ATTR_RE = re.compile(r"on[a-z]+", re.ASCII)
_DANGEROUS_SCHEMES = (
    ("javascript:", "javascript: 链接"),
    ("vbscript:", "vbscript: 链接"),
    ("data:text/html", "data:text/html 链接"),
)
# Browsers drop leading/trailing C0 controls and spaces and remove tabs/newlines inside a
# URL; removing every one of them (also inner spaces) can only over-report.
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f]+")
# CommonMark/Python-Markdown backslash escapes in link destinations: "javascript\:".
_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _dangerous_scheme(url: str, *, markdown: bool = False) -> str | None:
    """The reason if ``url`` would run script when followed, else None."""
    if markdown:
        url = _MD_ESCAPE_RE.sub(r"\1", url)
    normalized = _URL_JUNK_RE.sub("", html.unescape(url)).lower()
    for prefix, reason in _DANGEROUS_SCHEMES:
        if normalized.startswith(prefix):
            return reason
    return None


def _unquote(value: str) -> str:
    if value[:1] in {'"', "'"}:
        value = value[1:]
        if value[-1:] in {'"', "'"}:
            value = value[:-1]
    return value


def _check_tag(tag: str) -> list[str]:
    """Reasons why one tag (``<name …`` without the closing ``>``) is unsafe."""
    name_match = _TAG_NAME_RE.match(tag)
    if not name_match:
        return []
    name = name_match.group(1).lower()
    reasons: list[str] = []
    if name in _DANGEROUS_TAGS:
        reasons.append(_DANGEROUS_TAGS[name])
    elif ":" in name:
        # An autolink <javascript:alert(1)> becomes <a href="javascript:alert(1)">.
        scheme = _dangerous_scheme(tag[1:])
        if scheme:
            reasons.append(scheme)
    for attr in _ATTR_RE.finditer(tag, name_match.end()):
        attr_name = attr.group(1).lower()
        raw_value = attr.group(2)
        if raw_value is None:
            continue
        value = _unquote(raw_value)
        if _EVENT_ATTR_RE.fullmatch(attr_name):
            reasons.append(f"事件属性 {attr_name}=")
        elif attr_name in _URL_ATTRIBUTES:
            scheme = _dangerous_scheme(value)
            if scheme:
                reasons.append(scheme)
        elif (
            name == "meta"
            and attr_name == "http-equiv"
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
    text = _mask_code(markdown)
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
        end = tag.end() + (text[tag.end() : tag.end() + 1] == ">")
        for reason in _check_tag(tag.group()):
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
