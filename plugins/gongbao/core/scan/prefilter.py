"""Necessary conditions for any leak, tested before the detectors run.

Most pages hold no candidate at all, and these searches cost a fraction of normalising the text
and running the detectors. They must never miss: whatever ``numbers.py`` or ``marks.py`` can
report passes them (``tests/test_check_speed.py`` checks the tables over every code point and
that the scan finds the same with and without them; the hypothesis tests check every
generated leak).

* A number holds at least 11 digits joined only by separators, invisible characters and line
  breaks (:data:`JOINERS`), however many: ``[DIGIT](?:[JOINERS]*[DIGIT]){10}``. Every
  character that folds to an ASCII digit is in :data:`~characters.DIGIT_CLASS`, and every one
  that folds into a separator family is in that family already (``characters.py``).
* Every security mark holds 密, or 内 and 部 joined by spaces or invisible characters.
  No character folds to any of them.

The regex engine tries every character of a page, which costs some 13 µs for 2,000
characters. Encoding to UTF-16 and translating its bytes are plain loops in C, and
``bytes.find`` runs at memory speed, so the number test first looks for a run of 11 code units
each of whose two bytes *can* belong to a digit or a joiner, and gives only such runs to the
regex. Bytes are classified one by one, so the run also takes in characters made of such bytes
(some ASCII letters, "。", "/"): that only costs a regex call. Text with characters beyond
U+FFFF (where a code unit is half a character) takes the regex over all of it.
"""

from __future__ import annotations

import re

from gongbao.core.scan.characters import (
    DASHES,
    DIGIT_CLASS,
    DOTS,
    INVISIBLES,
    LINE_BREAKS,
    SPACES,
)

__all__ = ["JOINERS", "may_hold_marks", "may_hold_number"]

JOINERS = SPACES + DASHES + DOTS + INVISIBLES + LINE_BREAKS

# The lookbehind lets a digit run start one attempt, not one per digit.
_NUMBER_RE = re.compile(
    rf"[{DIGIT_CLASS}](?<![{DIGIT_CLASS}][{DIGIT_CLASS}])(?:[{re.escape(JOINERS)}]*+[{DIGIT_CLASS}]){{10}}"
)
_INTERNAL_RE = re.compile(rf"内[{re.escape(SPACES + INVISIBLES)}]*+部")

# The first, coarse look: every byte that is part of a digit (ASCII 0x30-0x39 0x00, full-width
# 0x10-0x19 0xFF) or of a joiner, as the low or the high byte of its UTF-16-LE code unit,
# becomes "q". A number then lies within a run of at least 11 units "qq", which ``bytes.find``
# finds at memory speed; only the characters of such a run get the regex.
_DIGIT_BYTES = frozenset([*range(0x10, 0x1A), *range(0x30, 0x3A), 0x00, 0xFF])
_JOINER_BYTES = frozenset(byte for code in map(ord, JOINERS) for byte in (code & 0xFF, code >> 8))
RUN_BYTES = bytes(
    ord("q") if byte in _DIGIT_BYTES or byte in _JOINER_BYTES else ord(".") for byte in range(256)
)
_RUN = b"q" * 22


def may_hold_number(text: str) -> bool:
    """``False`` when ``text`` (references decoded) cannot hold an ID, mobile or card number."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(text):  # characters beyond U+FFFF: the regex over all of it
        return _NUMBER_RE.search(text) is not None
    runs = units.translate(RUN_BYTES)
    found = runs.find(_RUN)
    while found >= 0:
        end = runs.find(b".", found + len(_RUN))
        if end < 0:
            end = len(runs)
        # Byte offsets to characters, rounded outwards: a run may start on a high byte.
        if _NUMBER_RE.search(text, found >> 1, (end + 1) >> 1):
            return True
        found = runs.find(_RUN, end)
    return False


def may_hold_marks(text: str) -> bool:
    """``False`` when ``text`` (references decoded) cannot hold a security mark."""
    return "密" in text or ("部" in text and _INTERNAL_RE.search(text) is not None)
