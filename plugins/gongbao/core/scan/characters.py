"""The characters a leak can hide behind, and the text the leak detectors read.

A number or a security mark must be found however it is written: with full-width digits
(pasted 公文 text), any kind of space, hyphen, dash or dot between its groups, zero-width
characters or soft hyphens between its digits, one line break inside it, or spelled as HTML
character references (``&#49;``, ``&#x31;``, ``&nbsp;``) that the browser turns back into it.

The detectors therefore read the page with its character references decoded
(:func:`decode_references`, with a map back to the original offsets), and their patterns are
built from the families below, each of which holds every character that folds into it
(full-width, half-width, font and no-break forms: ``１``, ``－``, ``．``, U+3000). Folding the
whole page first would be simpler and cost more than all the rest of the scan; :func:`fold` is
applied to the few characters of a candidate. Hits are reported against the text as written.

The families are plain strings so that the pre-filter (``prefilter.py``) derives its tables
from exactly the same sets, and ``tests/test_check_speed.py`` checks them over every code
point.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "DASHES",
    "DIGIT_CLASS",
    "DOTS",
    "FOLD_TAGS",
    "INVISIBLES",
    "LINE_BREAKS",
    "SPACES",
    "STARS",
    "DecodedText",
    "compact",
    "decode_references",
    "fold",
]

# --- Character families --------------------------------------------------------------------

# Every character that folds to an ASCII digit (full-width, mathematical and segmented
# digits), as a regex class body. Other scripts' digits are no ASCII digit to the detectors.
DIGIT_CLASS = "0-9\uff10-\uff19\U0001d7ce-\U0001d7ff\U0001fbf0-\U0001fbf9"

# Every Unicode space separator (Zs), the tab, and the rarer breaks (VT, FF, NEL, U+2028,
# U+2029) that a page shows as space at most; U+3000 is the 全角空格 of Chinese text.
SPACES = (
    "\t\x0b\x0c\x85\u2028\u2029 \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
# Hyphens, dashes and minus signs, in their ASCII, typographic, small and full-width forms.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
# Dots used to group digits: full stop, middle dots (间隔号), bullets, full- and half-width
# forms. Each family holds whatever folds into it, so the folded text needs no other set.
DOTS = ".\u00b7\u2022\u2024\u2027\u2219\u22c5\u30fb\ufe52\uff0e\uff65"
# Characters that render as nothing (zero-width spaces and joiners, word joiner, BOM, soft
# hyphen, bidirectional and invisible operators, variation selectors, fillers) and the
# combining keycap that only draws a box around the digit before it. Between two digits they
# hide nothing from a reader, so they must hide nothing from the scan.
INVISIBLES = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\u20e3\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b"
    "\ufe0c\ufe0d\ufe0e\ufe0f\ufeff\uffa0"
)
# Line breaks. Only one may fall inside a number (a wrapped line); "\r" comes with "\n".
LINE_BREAKS = "\n\r"
# Star glyphs that can stand between 密级 and 保密期限 (GB/T 9704 prescribes ★): stars,
# asterisks and sparkles of the Dingbats, the math and symbol blocks.
STARS = (
    "*\u066d\u204e\u2051\u2217\u22c6\u2605\u2606\u2721\u2726\u2727\u2729\u272a\u272b\u272c"
    "\u272d\u272e\u272f\u2730\u2731\u2732\u2733\u2734\u2735\u2736\u2737\u2738\u2739\u273a"
    "\u273b\u273c\u273d\u273e\u2742\u2743\u2749\u274a\u274b\u2b50\u2b51\u2b52\ufe61\uff0a"
)

# --- Folding without changing offsets -------------------------------------------------------

# Decomposition tags whose NFKC form only changes the *encoding* of a character
# (full-width １, half-width forms, mathematical 𝟏, U+3000 and NBSP). Deliberately not
# <circle>/<super>: folding ① or ² to "1"/"2" would turn list markers and units into
# digit runs and produce false positives.
FOLD_TAGS = ("<wide>", "<narrow>", "<font>", "<noBreak>")


class _FoldTable(dict[int, int]):
    """A lazily filled ``str.translate`` table: each distinct character is examined once."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        result = code
        if unicodedata.decomposition(char).startswith(FOLD_TAGS):
            folded = unicodedata.normalize("NFKC", char)
            # Only 1:1 replacements keep offsets aligned with the original text.
            if len(folded) == 1:
                result = ord(folded)
        self[code] = result
        return result


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` with full-width, half-width, font and no-break forms folded; same length."""
    # ASCII text (the vast majority of digits in practice) needs no folding at all.
    return text if text.isascii() else text.translate(_FOLD)


# --- HTML character references --------------------------------------------------------------

# Named references that browsers also accept without the semicolon (the HTML 5 legacy set),
# longest first so that "&notin" is not read as "&not" + "in" when "&notin;" is meant.
_LEGACY_NAMES = sorted(
    (name for name in html.entities.html5 if not name.endswith(";")), key=len, reverse=True
)
_REFERENCE_RE = re.compile(
    r"&(?:\#[0-9]{1,8};?|\#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};|"
    + "|".join(map(re.escape, _LEGACY_NAMES))
    + ")"
)


@dataclass(frozen=True)
class DecodedText:
    """A text with its character references decoded, and the way back to the original.

    ``replaced`` holds ``(decoded_start, decoded_end, original_start, original_end)`` for each
    decoded reference, in order; between them the two texts run in step.
    """

    original: str
    text: str
    replaced: tuple[tuple[int, int, int, int], ...] = ()

    def origin(self, offset: int) -> int:
        """The original offset where the decoded character at ``offset`` was written."""
        if not self.replaced:
            return offset
        index = bisect_right(self.replaced, (offset, len(self.text) + 1)) - 1
        if index < 0:
            return offset
        _, end, original_start, original_end = self.replaced[index]
        if offset < end:
            return original_start
        return original_end + offset - end

    def origin_end(self, offset: int) -> int:
        """The original offset just after the decoded character ending at ``offset``."""
        if offset == 0 or not self.replaced:
            return offset
        index = bisect_right(self.replaced, (offset - 1, len(self.text) + 1)) - 1
        if index < 0:
            return offset
        _, end, _, original_end = self.replaced[index]
        if offset <= end:
            return original_end
        return original_end + offset - end


def decode_references(text: str) -> DecodedText:
    """Decode HTML character references as a browser would show them (once, not twice)."""
    if "&" not in text:
        return DecodedText(text, text)
    parts: list[str] = []
    replaced: list[tuple[int, int, int, int]] = []
    cursor = decoded_length = 0
    for match in _REFERENCE_RE.finditer(text):
        value = html.unescape(match.group())
        if value == match.group():
            continue  # an unknown name: shown as written
        start, end = match.span()
        parts.append(text[cursor:start])
        decoded_length += start - cursor
        parts.append(value)
        replaced.append((decoded_length, decoded_length + len(value), start, end))
        decoded_length += len(value)
        cursor = end
    if not replaced:
        return DecodedText(text, text)
    parts.append(text[cursor:])
    return DecodedText(text, "".join(parts), tuple(replaced))


# --- Comparison form -------------------------------------------------------------------------

_NOT_SIGNIFICANT = dict.fromkeys(map(ord, SPACES + DASHES + DOTS + INVISIBLES + LINE_BREAKS))


def compact(value: str) -> str:
    """The comparison form of a number: references decoded, folded, no separators, upper X."""
    return fold(html.unescape(value)).translate(_NOT_SIGNIFICANT).upper()
