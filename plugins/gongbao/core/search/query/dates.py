"""``日期:`` values: ``YYYY[MM[DD[hh[mm[ss[uuuuuu]]]]]]`` as a range of timestamps.

The rules (and the messages for what cannot be read) are whoosh's ``DATETIME`` field's, which
defined the query language first: ``-``, ``.`` and spaces are ignored; a value given down to
the microsecond is one timestamp, anything shorter the whole year, month, day… it names.
"""

from __future__ import annotations

import calendar
import datetime

__all__ = ["parse_date"]

_UNITS = ("month", "day", "hour", "minute", "second", "microsecond")
_LIMITS = {
    "month": (1, 12, "month must be in 1..12"),
    "hour": (0, 23, "hour must be in 0..23"),
    "minute": (0, 59, "minute must be in 0..59"),
    "second": (0, 59, "second must be in 0..59"),
    "microsecond": (0, 999999, "microsecond must be in 0..999999"),
}


def _fields(text: str) -> list[int | None]:
    n = len(text)
    cuts = ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14))
    values: list[int | None] = [int(text[a:b]) if n >= b else None for a, b in cuts]
    values.append(int(text[14:]) if n == 20 else None)
    return values


def _check(year: int | None, values: dict[str, int | None]) -> None:
    # In the order whoosh's ``adatetime`` checks them (the first failure is the message).
    month, day = values["month"], values["day"]
    if month is not None and not 1 <= month <= 12:
        raise ValueError(_LIMITS["month"][2])
    if day is not None and day < 1:
        raise ValueError("day must be greater than 1")
    if year is not None and month is not None and day is not None:
        last_day = calendar.monthrange(year, month)[1]
        if day > last_day:
            raise ValueError("day is out of range for month")
    for unit in ("hour", "minute", "second", "microsecond"):
        low, high, message = _LIMITS[unit]
        value = values[unit]
        if value is not None and not low <= value <= high:
            raise ValueError(message)


def parse_date(text: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The first and last instant ``text`` names (equal for a full timestamp).

    Raises ``ValueError`` for what is not a date (the message says why).
    """
    text = text.replace(" ", "").replace("-", "").replace(".", "")
    year, *rest = _fields(text)
    values = dict(zip(_UNITS, rest, strict=True))
    _check(year, values)
    if year is None:  # shorter than a year
        raise ValueError(f"{text!r} is not a parseable date")
    month, day, hour, minute, second, micro = rest
    start = datetime.datetime(
        year, month or 1, day or 1, hour or 0, minute or 0, second or 0, micro or 0
    )
    if micro is not None:
        return start, start
    last_month = 12 if month is None else month
    last_day = calendar.monthrange(year, last_month)[1] if day is None else day
    end = datetime.datetime(
        year,
        last_month,
        last_day,
        23 if hour is None else hour,
        59 if minute is None else minute,
        59 if second is None else second,
        999999,
    )
    return start, end
