"""Detectors for 国家秘密 markings and personal data that must never reach a published page.

Four kinds are reported, each under its Chinese label:

* ``居民身份证号码`` — 18-character resident ID numbers (GB 11643-1999): a real province
  code, a valid birth date and the ISO 7064 MOD 11-2 check character.
* ``手机号码`` — mainland mobile numbers ``1[3-9]X XXXX XXXX``, optionally with ``+86`` /
  ``86-`` and grouped by spaces or hyphens (``138-0013-8000``, ``138 0013 8000``).
* ``银行卡号`` — 16–19 digit Luhn-valid card numbers, optionally grouped in fours.
* ``密级标志`` — GB/T 9704 security marks (``机密★1年``, ``秘密★``, ``绝密★长期``) and the
  internal-use marks ``内部资料`` / ``内部文件`` / ``注意保密``.

Design constraints (the scanner runs over every page of a 10,000-document archive):

* Every regex is precompiled, anchored on a literal or a bounded digit run, and uses
  lookarounds of fixed width, so matching is linear in the input; checksums and dates are
  verified in Python only for the few candidates the regexes yield.
* Full-width digits are common in pasted 公文 text. Matching runs on a *same-length* folded
  copy of the text (each full-width/narrow/font-variant character is replaced by its
  single-character NFKC form), so every offset in the copy is an offset in the original and
  positions are reported against what the author actually wrote.
* ``SensitiveHit.value`` is the raw match so that callers can locate and fix it; it must
  never be printed or logged. Print ``masked`` instead.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

__all__ = [
    "KIND_BANK_CARD",
    "KIND_CLASSIFICATION",
    "KIND_ID_CARD",
    "KIND_MOBILE",
    "SensitiveHit",
    "mask",
    "may_hold_hits",
    "scan_text",
]

KIND_ID_CARD = "居民身份证号码"
KIND_MOBILE = "手机号码"
KIND_BANK_CARD = "银行卡号"
KIND_CLASSIFICATION = "密级标志"


@dataclass(frozen=True)
class SensitiveHit:
    """One detected item. ``value`` is the raw text: never print it, print ``masked``."""

    kind: str
    value: str
    masked: str
    line: int
    column: int

    def __repr__(self) -> str:
        # A repr ends up in logs, pytest failure output and tracebacks: keep the raw value out.
        return (
            f"SensitiveHit(kind={self.kind!r}, masked={self.masked!r}, "
            f"line={self.line}, column={self.column})"
        )


# --- Folding full-width characters without changing offsets ---------------------------------

# Decomposition tags whose NFKC form only changes the *encoding* of a character
# (full-width １, half-width forms, mathematical 𝟏, U+3000 and NBSP). Deliberately not
# <circle>/<super>: folding ① or ² to "1"/"2" would turn list markers and units into
# digit runs and produce false positives.
_FOLD_TAGS = ("<wide>", "<narrow>", "<font>", "<noBreak>")


class _FoldTable(dict[int, int]):
    """A lazily filled ``str.translate`` table: each distinct character is examined once."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        result = code
        if unicodedata.decomposition(char).startswith(_FOLD_TAGS):
            folded = unicodedata.normalize("NFKC", char)
            # Only 1:1 replacements keep offsets aligned with the original text.
            if len(folded) == 1:
                result = ord(folded)
        self[code] = result
        return result


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    # ASCII text (the vast majority of digits in practice) needs no folding at all.
    return text if text.isascii() else text.translate(_FOLD)


# --- Patterns ------------------------------------------------------------------------------

# 18 characters not glued to other ASCII letters/digits: a 17-digit 索引号 followed by a
# letter (11620622013933539B) or a longer code is not an ID number.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])", re.ASCII)

# Mobile numbers: optional country prefix, then 3-4-4 with one consistent separator.
# The lookarounds reject a twelfth digit; scan_text also rejects a hyphen-grouped number
# inside a longer hyphenated code ("138-0013-8000-1"). A space-grouped number may be
# followed by the next one in a list ("138 0013 8000 139 0000 0000"), so it is kept.
_MOBILE_RE = re.compile(
    r"""
    (?<!\d)
    (?P<prefix>\+86[ \-]?|86[ \-])?
    (?P<number>1[3-9]\d(?P<sep>[ \-]?)\d{4}(?P=sep)\d{4})
    (?!\d)
    """,
    re.ASCII | re.VERBOSE,
)

# Card numbers: a plain 16-19 digit run, or groups of four with one consistent separator
# and an optional short tail group (19-digit cards are often written 4-4-4-4-3).
_CARD_RE = re.compile(
    r"""
    (?<![0-9A-Za-z])
    (?:
        \d{16,19}
      | \d{4}(?P<sep>[ \-])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?
    )
    (?![0-9A-Za-z])
    """,
    re.ASCII | re.VERBOSE,
)

# GB/T 9704-2012 7.2.3: 密级和保密期限之间用"★"隔开. 秘密 without a star is ordinary prose
# (商业秘密, 国家秘密, 保守秘密), so the star is mandatory; the period is optional.
_MARK_RE = re.compile(
    r"""
    (?:绝密|机密|秘密)[ \t]*[★☆*]
    (?:[ \t]*(?:\d{1,3}[ \t]*(?:年|个月|月|日|天)|长期))?
  | 内部资料 | 内部文件 | 注意保密
    """,
    re.VERBOSE,
)

# GB/T 2260 province-level codes (first two digits of the area code).
_PROVINCES = frozenset(
    [
        *range(11, 16),  # 华北
        *range(21, 24),  # 东北
        *range(31, 38),  # 华东
        *range(41, 47),  # 中南
        *range(50, 55),  # 西南
        *range(61, 66),  # 西北
        71,  # 台湾
        81,  # 香港
        82,  # 澳门
    ]
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_EARLIEST_BIRTH = date(1900, 1, 1)

_SEPARATORS_RE = re.compile(r"[\s\-]+")

# Necessary conditions for any hit, tested on the text as written, before folding: most pages
# have no candidate at all, and these C-speed searches cost a tenth of folding and the four
# patterns. Every ID, card and mobile match holds three digits followed by eight more, or by
# two groups of four behind one separator each; a character that folds to an ASCII digit is a
# Unicode decimal digit (``\d``), and one that folds to a separator is not. No character
# folds to the CJK of a security mark. (tests/test_check_speed.py checks both over every code
# point, and that the scan finds the same hits with and without these shortcuts.)
_NUMBER_HINT_RE = re.compile(r"\d\d\d(?:\d{8}|\D\d{4}\D\d{4})")

# The same test at half the cost for text without characters beyond U+FFFF (≈ 9.5 against
# 18 µs a page of 2,000 characters): the regex engine tries every character of the page,
# while encoding to UTF-16 and translating its bytes are plain loops in C, and the search
# only stops at runs of three digits ("dzdzdz", a literal it can jump to).
# In UTF-16-LE an ASCII digit is (0x30-0x39, 0x00) and a full-width one (0x10-0x19, 0xFF):
# both become "dz". So do U+0010-0019 and Ｐ-Ｙ, and pairs across two code units can too;
# that only sends a page to the full scan. Every other character that folds to a digit is
# beyond U+FFFF (𝟏, 🯱), and such text takes the regex.
_UNIT_DIGITS = bytes(
    ord("d")
    if 0x10 <= byte <= 0x19 or 0x30 <= byte <= 0x39
    else ord("z" if byte in (0, 255) else ".")
    for byte in range(256)
)
_UNIT_HINT_RE = re.compile(rb"dzdzdz(?:(?:dz){8}|..(?:dz){4}..(?:dz){4})", re.DOTALL)
_MARK_WORDS = ("绝密", "机密", "秘密", "内部资料", "内部文件", "注意保密")
# Every mark word holds one of these: two searches instead of six rule out most pages.
_MARK_STEMS = ("密", "内部")


# --- Validators ----------------------------------------------------------------------------


def _id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _is_valid_id(number: str, today: date) -> bool:
    if int(number[:2]) not in _PROVINCES:
        return False
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not _EARLIEST_BIRTH <= birth <= today:
        return False
    return _id_check_char(number[:17]) == number[17].upper()


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _compact(value: str) -> str:
    """The comparison form for ``allowed``: folded, no spaces/hyphens, upper-case X."""
    return _SEPARATORS_RE.sub("", _fold(value)).upper()


# --- Masking -------------------------------------------------------------------------------


def mask(value: str, kind: str) -> str:
    """Return a printable form of a hit's value.

    * 居民身份证号码: first 3 and last 2 characters, the rest ``*``, same length
      (``110*************23``).
    * 手机号码: ``138****8000`` (country prefix and separators dropped).
    * 银行卡号: first 4 and last 4 digits, the rest ``*``, same number of digits.
    * 密级标志: unchanged — a mark is not personal data, and editors need to see it.

    Raises ``ValueError`` for an unknown kind.
    """
    if kind == KIND_CLASSIFICATION:
        return value
    compact = _compact(value)
    if kind == KIND_ID_CARD:
        keep_head, keep_tail = 3, 2
    elif kind == KIND_MOBILE:
        # Drop a +86 / 86 prefix: the subscriber number is the last 11 digits.
        digits = "".join(ch for ch in compact if ch.isdigit())[-11:]
        if len(digits) < 11:
            return "*" * len(digits)
        return f"{digits[:3]}****{digits[-4:]}"
    elif kind == KIND_BANK_CARD:
        keep_head, keep_tail = 4, 4
    else:
        raise ValueError(f"unknown sensitive kind: {kind!r}")
    if len(compact) <= keep_head + keep_tail:
        # Too short to reveal anything safely.
        return "*" * len(compact)
    hidden = "*" * (len(compact) - keep_head - keep_tail)
    return f"{compact[:keep_head]}{hidden}{compact[-keep_tail:]}"


# --- Scanning ------------------------------------------------------------------------------


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    # ``spans`` come from one finditer, so they are sorted and disjoint: only the last span
    # starting before ``end`` can overlap. Bisection keeps a page full of numbers linear-ish.
    index = bisect_left(spans, (end, -1)) - 1
    return index >= 0 and spans[index][1] > start


def _find_numbers(folded: str, today: date, found: list[tuple[int, int, str]]) -> None:
    """Append the ID, bank card and mobile number spans of ``folded`` to ``found``."""
    id_spans: list[tuple[int, int]] = []
    for match in _ID_RE.finditer(folded):
        if _is_valid_id(match.group(), today):
            id_spans.append(match.span())
            found.append((match.start(), match.end(), KIND_ID_CARD))

    card_spans: list[tuple[int, int]] = []
    for match in _CARD_RE.finditer(folded):
        start, end = match.span()
        sep = match.group("sep")
        # Not the tail of a longer hyphenated code ("1234-5678-…"); space-grouped numbers may
        # stand side by side in a list, so those are kept.
        if sep == "-" and start >= 2 and folded[start - 1] == "-" and folded[start - 2].isdigit():
            continue
        digits = match.group().replace(sep, "") if sep else match.group()
        if _luhn_ok(digits) and not _overlaps(start, end, id_spans):
            card_spans.append((start, end))
            found.append((start, end, KIND_BANK_CARD))

    for match in _MOBILE_RE.finditer(folded):
        start, end = match.span()
        sep = match.group("sep")
        if sep == "-" and (
            (start >= 2 and folded[start - 1] == "-" and folded[start - 2].isdigit())
            or (folded[end : end + 1] == "-" and folded[end + 1 : end + 2].isdigit())
        ):
            continue
        if not _overlaps(start, end, id_spans) and not _overlaps(start, end, card_spans):
            found.append((start, end, KIND_MOBILE))


def _hints(text: str) -> tuple[bool, bool]:
    """Whether ``text`` may hold a number worth reporting, and a security mark."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(text):  # nothing beyond U+FFFF
        masked = units.translate(_UNIT_DIGITS)
        numbers = _UNIT_HINT_RE.search(masked) is not None
    else:
        numbers = _NUMBER_HINT_RE.search(text) is not None
    marks = any(stem in text for stem in _MARK_STEMS) and any(word in text for word in _MARK_WORDS)
    return numbers, marks


def may_hold_hits(text: str) -> bool:
    """``False`` when :func:`scan_text` finds nothing in ``text``, nor in any part of it:
    one look at several values joined tells that none of them needs scanning."""
    return any(_hints(text))


def scan_text(text: str, *, allowed: Collection[str] = ()) -> list[SensitiveHit]:
    """Find resident ID numbers, mobile numbers, bank card numbers and security marks.

    Hits are returned in order of position. ``line`` and ``column`` are 1-based; lines are
    separated by ``"\\n"`` and columns count code points, so
    ``text.split("\\n")[line - 1][column - 1:].startswith(hit.value)`` always holds.
    A value listed in ``allowed`` (e.g. a published 12345-style service number or a
    deliberately published card number of a 财政专户) is skipped; entries are compared after
    folding full-width digits and removing spaces and hyphens.
    """
    numbers, marks = _hints(text)
    if not numbers and not marks:
        return []
    folded = _fold(text)
    allow = {_compact(item) for item in allowed}
    found: list[tuple[int, int, str]] = []
    if numbers:
        _find_numbers(folded, date.today(), found)
    if marks:
        for match in _MARK_RE.finditer(folded):
            found.append((match.start(), match.end(), KIND_CLASSIFICATION))

    found.sort()
    hits: list[SensitiveHit] = []
    line, line_start, cursor = 1, 0, 0
    for start, end, kind in found:
        value = text[start:end]
        compact = _compact(value)
        if compact in allow:
            continue
        if kind == KIND_MOBILE and compact[-11:] in allow:
            # "+86 138-0013-8000" is allowed by listing "13800138000".
            continue
        # Hits arrive sorted, so counting newlines incrementally keeps this linear.
        newlines = text.count("\n", cursor, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", cursor, start) + 1
        cursor = start
        hits.append(SensitiveHit(kind, value, mask(value, kind), line, start - line_start + 1))
    return hits
