"""Search excerpts: the matched words in context, marked with ``<mark>``.

The words are already known from the query, so finding them is plain string search; running
the segmenter over the body of every hit (what whoosh's highlighter does) cost about 8 ms per
hit, most of a query's time. Chinese has no word boundaries to respect: a term is marked
wherever it occurs, longest terms first, without overlaps.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["make_excerpt"]


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` of every term occurrence, longest terms first."""
    taken = bytearray(len(text))
    spans = []
    for term in terms:
        start = text.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                spans.append((start, end))
            start = text.find(term, start + 1)
    return sorted(spans)


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    # Adjacent marks read as one match (a phrase split into words).
    return "".join(out).replace("</mark><mark>", "")


def make_excerpt(
    body: str, terms: Iterable[str], *, width: int = 160, fragments: int = 2, plain: int = 120
) -> str:
    """HTML: up to ``fragments`` windows of about ``width`` characters around the densest
    matches, joined with …, with the terms marked; the opening ``plain`` characters when
    nothing matches. Everything outside the marks is escaped."""
    if not body:
        return ""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    spans = _spans(body, words)
    if not spans:
        return html.escape(body[:plain]) + ("…" if len(body) > plain else "")
    # Score a window starting at each match by how many distinct terms it shows, then count.
    windows = []
    for i, (start, _) in enumerate(spans):
        begin = max(0, start - width // 4)
        inside = [s for s in spans[i:] if s[1] <= begin + width]
        distinct = len({body[s:e] for s, e in inside})
        windows.append((-distinct, -len(inside), begin))
    chosen: list[int] = []
    for _, _, begin in sorted(windows):
        if all(abs(begin - other) >= width for other in chosen):
            chosen.append(begin)
        if len(chosen) == fragments:
            break
    parts = []
    for begin in sorted(chosen):
        end = min(len(body), begin + width)
        local = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
        text = _mark(body[begin:end], local)
        parts.append(("…" if begin > 0 else "") + text + ("…" if end < len(body) else ""))
    return re.sub(r"…+", "…", "".join(parts))
