"""Detectors for 国家秘密 markings and personal data that must never reach a published page.

Four kinds are reported, each under its Chinese label (the rules of each are documented where
they live: ``numbers.py`` for the numbers, ``marks.py`` for the marks):

* ``居民身份证号码`` — 18-character resident ID numbers (GB 11643-1999) and the old 15-digit
  form: a real province code, a valid birth date and, for 18 characters, the check character.
* ``手机号码`` — mainland mobile numbers ``1[3-9]X XXXX XXXX``, optionally with ``+86``.
* ``银行卡号`` — 16–19 digit Luhn-valid card numbers in the usual groupings.
* ``密级标志`` — GB/T 9704 security marks (``机密★1年``, ``★秘密``, ``工作秘密`` on its own
  line) and the internal-use marks ``内部资料`` / ``内部文件`` / ``注意保密``.

However a number is written — full-width digits, any spaces, hyphens, dashes or dots between
its groups, zero-width characters or soft hyphens between its digits, one line break inside
it, HTML character references (``&#49;``, ``&#x31;``, ``&nbsp;``) — it is found, and reported
at the place where it starts in the text as written (``characters.py``).

Design constraints (the scanner runs over every page of a 10,000-document archive):

* Every regex is precompiled, anchored on a digit or a literal, with bounded repetitions, so
  matching is linear in the input; checksums and dates are verified in Python only for the
  few candidates the regexes yield.
* A pre-filter (``prefilter.py``) that never misses rules out most pages before any of that.
* ``SensitiveHit.value`` is the raw text so that callers can locate and fix it; it must never
  be printed or logged. Print ``masked`` instead.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from gongbao.core.scan.characters import DecodedText, compact, decode_references
from gongbao.core.scan.marks import KIND_CLASSIFICATION, find_marks
from gongbao.core.scan.numbers import KIND_BANK_CARD, KIND_ID_CARD, KIND_MOBILE, find_numbers
from gongbao.core.scan.prefilter import may_hold_marks, may_hold_number

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


# --- Masking -------------------------------------------------------------------------------


def mask(value: str, kind: str) -> str:
    """Return a printable form of a hit's value.

    * 居民身份证号码: first 3 and last 2 characters, the rest ``*``, same length
      (``110*************23``).
    * 手机号码: ``138****8000`` (country prefix and separators dropped).
    * 银行卡号: first 4 and last 4 digits, the rest ``*``, same number of digits.
    * 密级标志: unchanged — a mark is not personal data, and editors need to see it.

    Separators, invisible characters, line breaks and character references are dropped and
    full-width digits folded before masking. Raises ``ValueError`` for an unknown kind.
    """
    if kind == KIND_CLASSIFICATION:
        return value
    plain = compact(value)
    if kind == KIND_ID_CARD:
        keep_head, keep_tail = 3, 2
    elif kind == KIND_MOBILE:
        # Drop a +86 / 86 prefix: the subscriber number is the last 11 digits.
        digits = "".join(ch for ch in plain if ch.isdigit())[-11:]
        if len(digits) < 11:
            return "*" * len(digits)
        return f"{digits[:3]}****{digits[-4:]}"
    elif kind == KIND_BANK_CARD:
        keep_head, keep_tail = 4, 4
    else:
        raise ValueError(f"unknown sensitive kind: {kind!r}")
    if len(plain) <= keep_head + keep_tail:
        # Too short to reveal anything safely.
        return "*" * len(plain)
    hidden = "*" * (len(plain) - keep_head - keep_tail)
    return f"{plain[:keep_head]}{hidden}{plain[-keep_tail:]}"


# --- Scanning ------------------------------------------------------------------------------


def _hints(decoded: str) -> tuple[bool, bool]:
    """Whether ``decoded`` may hold a number worth reporting, and a security mark."""
    return may_hold_number(decoded), may_hold_marks(decoded)


def may_hold_hits(text: str) -> bool:
    """``False`` when :func:`scan_text` finds nothing in ``text``, nor in any part of it:
    one look at several values joined tells that none of them needs scanning."""
    if "&" in text:
        text = decode_references(text).text
    # A mark's test is the cheaper, and many pages pass it (保密, 密切): it goes first.
    return may_hold_marks(text) or may_hold_number(text)


def _found(decoded: DecodedText, numbers: bool, marks: bool) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` in the original text, sorted by position."""
    found: list[tuple[int, int, str]] = []
    if numbers:
        found.extend(find_numbers(decoded.text, date.today()))
    if marks:
        found.extend(find_marks(decoded.text))
    found.sort()
    return [(decoded.origin(start), decoded.origin_end(end), kind) for start, end, kind in found]


def scan_text(text: str, *, allowed: Collection[str] = ()) -> list[SensitiveHit]:
    """Find resident ID numbers, mobile numbers, bank card numbers and security marks.

    Hits are returned in order of position. ``line`` and ``column`` are 1-based and point at
    the hit's first character in ``text`` as written (character references count as written);
    lines are separated by ``"\\n"`` and columns count code points. ``value`` is the text
    from there, ``text[offset:offset + len(value)]``; a number may run on over one line
    break. A value listed in ``allowed`` (e.g. a published 12345-style service number or a
    deliberately published card number of a 财政专户) is skipped; entries are compared after
    decoding references, folding full-width digits and removing separators, so any spelling
    of the same number matches.
    """
    decoded = decode_references(text)
    numbers, marks = _hints(decoded.text)
    if not numbers and not marks:
        return []
    allow = {compact(item) for item in allowed}
    hits: list[SensitiveHit] = []
    line, line_start, cursor = 1, 0, 0
    for start, end, kind in _found(decoded, numbers, marks):
        value = text[start:end]
        plain = compact(value)
        if plain in allow:
            continue
        if kind == KIND_MOBILE and plain[-11:] in allow:
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
