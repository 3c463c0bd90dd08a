"""Mask Markdown code (closed fences and inline code spans) before scanning for markup.

Code is documentation of markup, not markup: ``<script>`` inside a code span is shown as
text. Masking replaces code by spaces and keeps newlines, so positions and line numbers in
the masked text are those of the source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

__all__ = ["mask_code"]

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


def mask_code(markdown: str) -> str:
    """``markdown`` with closed fenced code blocks and code spans replaced by spaces."""
    without_fences = _blank_out(markdown, _fenced_spans(markdown))
    return _blank_out(without_fences, _code_span_spans(without_fences))
