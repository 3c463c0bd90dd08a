"""Valid personal numbers for the leak detector's tests, built by their published rules.

Nothing here calls the detector: an ID number gets its ISO 7064 MOD 11-2 check character
(GB 11643-1999), a card its Luhn check digit, so a test that finds them tests the detector.
"""

from __future__ import annotations

from gongbao.core.scan.sensitive import SensitiveHit

# GB/T 2260 province-level codes.
PROVINCES: tuple[int, ...] = (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37)
PROVINCES += (41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(area: str = "110105", birth: str = "19491231", seq: str = "002") -> str:
    """An 18-character resident ID number with a correct check character."""
    body = area + birth + seq
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def make_old_id(area: str = "110101", birth: str = "900307", seq: str = "123") -> str:
    """A 15-digit resident ID number of the 1984-2004 form: area, YYMMDD (19YY), sequence."""
    return area + birth + seq


def luhn_digit(prefix: str) -> str:
    """The Luhn check digit that completes ``prefix``."""
    total = 0
    for index, char in enumerate(reversed(prefix + "0")):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def make_card(prefix: str) -> str:
    """``prefix`` plus its Luhn check digit."""
    return prefix + luhn_digit(prefix)


def luhn_valid(digits: str) -> bool:
    """Whether ``digits`` passes the Luhn check (an independent statement of the rule)."""
    return luhn_digit(digits[:-1]) == digits[-1]


def offset_of(text: str, hit: SensitiveHit) -> int:
    """The offset in ``text`` that ``hit.line`` and ``hit.column`` name."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: hit.line - 1]) + hit.column - 1


def written_at(text: str, hit: SensitiveHit) -> str:
    """The text at the hit's position, as long as its value."""
    start = offset_of(text, hit)
    return text[start : start + len(hit.value)]
