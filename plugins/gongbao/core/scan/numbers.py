"""Personal numbers in page text: resident ID numbers, mobile numbers and bank card numbers.

A number is read as a *chain*: groups of digits joined by short gaps of spaces (of any kind),
hyphens or dashes, dots, with at most one line break in the whole number. Zero-width
characters and soft hyphens are ignored wherever they stand, inside a group or in a gap.
Full-width and mathematical digits and separators are read as their plain forms; the text
given has its character references decoded (``characters.py``).

Which groups of a chain form a number is decided by the number's own checks, which are what
keeps the scan precise on real gazette text full of dates, 文号 and amounts:

* 居民身份证号码, 18 characters (GB 11643-1999): a real province code, a birth date between
  1900 and today and the ISO 7064 MOD 11-2 check character; grouped in any way.
* 居民身份证号码, old 15-digit form (1984-2004 cards): province and city code, a valid 19YY
  birth date; grouped only at its fields (6-6-3), because it has no check digit.
* 手机号码: ``1[3-9]`` and nine more digits, optionally after ``+86``/``86``/``0086``, grouped
  as people write them (3-4-4, 3-8, 4-4-3 or not at all).
* 银行卡号: 16-19 digits passing the Luhn check, written as one run, in fours as cards are
  printed (4-4-4-4, 4-4-4-4-3) or with the issuer number apart (6-12, 6-13). Not a card:
  digits beginning with a date of 1990 to today (no issuer number begins with 19 or 20; a
  流水号 often does), a row of years in fours (a table's head: 2017 2018 2019 2020; three
  years or more), a number introduced by a label that names it a serial number (受理编号：…,
  订单号 …). Such a label also rules out the weakly checked 15-digit ID, not the
  18-character one (证书编号 and 证件编号 are often the holder's ID number).

A gap of hyphens or dots only binds: a number is never cut out of a longer hyphenated code
(``138-0013-8000-1`` is no mobile number). A gap with a space or a line break may also stand
between two numbers listed side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from gongbao.core.scan.characters import DASHES, DIGIT_CLASS, DOTS, INVISIBLES, SPACES, fold

__all__ = ["KIND_BANK_CARD", "KIND_ID_CARD", "KIND_MOBILE", "find_numbers"]

KIND_ID_CARD = "居民身份证号码"
KIND_MOBILE = "手机号码"
KIND_BANK_CARD = "银行卡号"

_I = f"[{re.escape(INVISIBLES)}]"
_H = f"[{re.escape(SPACES + DASHES + DOTS)}]"
_D = f"[{DIGIT_CLASS}]"
# A group: digits, invisible characters between them, an ID's check character at the end;
# matched run by run, not digit by digit (5 MB of digits: 10 ms instead of 400).
_GROUP_TAIL = rf"{_D}*+(?:{_I}++{_D}++)*+(?:{_I}*+[XxＸｘ])?"
_GROUP = _D + _GROUP_TAIL
# A gap: up to four visible separators, or a line break with up to four on either side.
_GAP = rf"{_I}*(?:(?:{_H}{_I}*){{1,4}}(?:\r?\n{_I}*(?:{_H}{_I}*){{0,4}})?|\r?\n{_I}*(?:{_H}{_I}*){{0,4}})"
# The first digit is matched before the lookbehind: a pattern that begins with a character
# class lets the engine skip ahead to the next digit, one that begins with a lookbehind does not.
# An ID's check character may also stand apart, as the last group ("…102000 X").
_LONE_X = "[XxＸｘ](?![0-9A-Za-z])"
_CHAIN_RE = re.compile(rf"{_D}(?<!{_D}{_D}){_GROUP_TAIL}(?:{_GAP}{_GROUP})*(?:{_GAP}{_LONE_X})?")
_GROUP_RE = re.compile(f"{_GROUP}|{_LONE_X}")
_STRIP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLES))
_SPACE_OR_BREAK = frozenset(SPACES + "\n")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

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
_MOBILE_GROUPINGS = frozenset([(11,), (3, 8), (3, 4, 4), (4, 4, 3)])
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
_MOBILE_PREFIXES = ("86", "0086")

# Labels that name the number after them a serial or registration number ("受理编号：…").
# A bare 编号 after 卡/账/户 (银行卡编号, 账户编号) or 证/件 (证件编号) names no serial.
_LABEL_RE = re.compile(
    r"(?:受理编号|受理号|业务编号|证书编号|证书号|登记编号|登记号|备案编号|备案号|注册号|"
    r"许可证编号|许可证号|批准文号|文号|序列号|序号|流水号|交易流水号|订单编号|订单号|运单号|"
    r"单号|合同编号|合同号|项目编号|项目代码|案件编号|案号|档案号|索引号|批次号|批号|申请号|"
    r"专利号|发票号码|发票代码|条形码|条码|追溯码|识别码|统一社会信用代码|社会信用代码|"
    r"组织机构代码|(?<![卡账户证件])编号)"
    r"[\s:：*_|（(]{0,6}(?:为|是)?[\s:：]{0,3}\Z"
)
_LABEL_REACH = 24
# What a run of digits that passes a card's (or an old ID's) checks is when its label, a date
# at its start or the years in it say it is a serial number or a table's head.
_SERIAL = "serial"


@dataclass(frozen=True, slots=True)
class _Group:
    start: int
    end: int
    digits: str  # ASCII digits, an ID's check character "X" last


@dataclass(frozen=True, slots=True)
class _Chain:
    """The groups of one chain; ``strong[k]`` and ``breaks[k]`` describe the gap between
    group ``k`` and group ``k + 1``."""

    text: str
    groups: list[_Group]
    sizes: list[int]  # digits in each group
    strong: list[bool]  # the gap holds a space or a line break: a number may end there
    breaks: list[bool]  # the gap holds a line break


# --- Checks --------------------------------------------------------------------------------


def _birth(year: str, month: str, day: str, today: date) -> bool:
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return False
    return _EARLIEST_BIRTH <= born <= today


def is_id_number(number: str, today: date) -> bool:
    """An 18-character resident ID number (province, birth date, check character)."""
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in _PROVINCES:
        return False
    if not _birth(number[6:10], number[10:12], number[12:14], today):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def is_old_id_number(number: str, today: date) -> bool:
    """A 15-digit resident ID number: province and city code, a 19YY birth date."""
    if len(number) != 15 or not number.isdigit() or int(number[:2]) not in _PROVINCES:
        return False
    return number[2:4] != "00" and _birth("19" + number[6:8], number[8:10], number[10:12], today)


def luhn_ok(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812-1) check of a card number."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _dated(digits: str, today: date) -> bool:
    """Whether ``digits`` begins with a date of 1990 to today (a 流水号, not a card)."""
    year = int(digits[:4])
    return 1990 <= year <= today.year and _birth(digits[:4], digits[4:6], digits[6:8], today)


def _groupings(sizes: list[int], breaks: list[bool]) -> Iterator[tuple[int, ...]]:
    """The group sizes as written; a line break may also have wrapped a group in two."""
    yield tuple(sizes)
    if True in breaks:
        at = breaks.index(True)
        yield (*sizes[:at], sizes[at] + sizes[at + 1], *sizes[at + 2 :])


def _card_grouping(sizes: tuple[int, ...]) -> bool:
    if len(sizes) == 1:
        return True
    if len(sizes) == 2 and sizes[0] == 6:
        # 622202 1234567890128 (a postcode before a mobile number, 6 + 11, is no card).
        return sizes[1] in (12, 13)
    # 4-4-4-4 and 4-4-4-4-3, as the 16- and 19-digit cards in use are printed.
    return sizes in ((4, 4, 4, 4), (4, 4, 4, 4, 3))


def _old_id_grouping(sizes: tuple[int, ...]) -> bool:
    cuts, at = set(), 0
    for size in sizes[:-1]:
        at += size
        cuts.add(at)
    return cuts <= {6, 12}


# --- Reading chains ------------------------------------------------------------------------


def _chain(text: str, start: int, end: int) -> _Chain:
    groups: list[_Group] = []
    strong: list[bool] = []
    breaks: list[bool] = []
    for match in _GROUP_RE.finditer(text, start, end):
        if groups:
            gap = text[groups[-1].end : match.start()]
            strong.append(not _SPACE_OR_BREAK.isdisjoint(gap))
            breaks.append("\n" in gap)
        digits = match.group()
        if not digits.isascii():
            digits = fold(digits).translate(_STRIP_INVISIBLE)
        groups.append(_Group(match.start(), match.end(), digits.upper()))
    return _Chain(text, groups, [len(group.digits) for group in groups], strong, breaks)


@dataclass(frozen=True, slots=True)
class _Window:
    """Groups ``first`` to ``last`` of a chain, read as one number."""

    chain: _Chain
    first: int
    last: int
    digits: str

    @property
    def start(self) -> int:
        return self.chain.groups[self.first].start

    def groupings(self, skip: int = 0) -> Iterator[tuple[int, ...]]:
        """The group sizes (the first ``skip`` groups left out), as written or unwrapped."""
        first = self.first + skip
        return _groupings(
            self.chain.sizes[first : self.last + 1], self.chain.breaks[first : self.last]
        )

    def glued(self) -> bool:
        """Whether a letter touches the number (索引号 11620622013933539B, not an ID)."""
        text, end = self.chain.text, self.chain.groups[self.last].end
        before = fold(text[self.start - 1]) if self.start > 0 else ""
        after = fold(text[end]) if end < len(text) else ""
        return before in _LETTERS or after in _LETTERS

    def labelled(self) -> bool:
        """Whether a label before the number names it a serial number (受理编号：…)."""
        return (
            _LABEL_RE.search(self.chain.text, max(0, self.start - _LABEL_REACH), self.start)
            is not None
        )


def _mobile_start(window: _Window) -> int | None:
    """The start of the mobile number ``window`` holds (a "+86" in front included), if any."""
    digits, start = window.digits, window.start
    if not _MOBILE_RE.fullmatch(digits, len(digits) - 11):
        return None
    first_group = window.chain.groups[window.first].digits
    plus = start > 0 and window.chain.text[start - 1] in "+＋"
    if len(digits) == 11:
        groupings, plus = window.groupings(), False
    elif first_group in _MOBILE_PREFIXES and len(digits) == len(first_group) + 11:
        groupings, plus = window.groupings(skip=1), plus and first_group == "86"
    elif plus and len(digits) == 13 and first_group.startswith("86"):
        # "+8613800138000", "+86138 0013 8000": the 86 is part of the first group.
        groupings = ((g[0] - 2, *g[1:]) for g in window.groupings())
    else:
        return None
    if not any(grouping in _MOBILE_GROUPINGS for grouping in groupings):
        return None
    return start - 1 if plus else start


def _old_id(window: _Window, today: date) -> str | None:
    if not (
        is_old_id_number(window.digits, today)
        and any(_old_id_grouping(g) for g in window.groupings())
        and not window.glued()
    ):
        return None
    return _SERIAL if window.labelled() else KIND_ID_CARD


def _card(window: _Window, today: date) -> str | None:
    if not (
        any(_card_grouping(g) for g in window.groupings())
        and luhn_ok(window.digits)
        and not window.glued()
    ):
        return None
    if _dated(window.digits, today) or _years(window) or window.labelled():
        return _SERIAL
    return KIND_BANK_CARD


def _years(window: _Window) -> bool:
    """A row of years grouped in fours (2017 2018 2019 2020), as a table's head has: three
    groups of 19xx or 20xx in one card number would be a coincidence of 1 in 30,000."""
    groups = window.chain.groups[window.first : window.last + 1]
    return (
        len(groups) >= 4
        and sum(len(group.digits) == 4 and group.digits[:2] in ("19", "20") for group in groups)
        >= 3
    )


def _kind(window: _Window, today: date) -> tuple[int, str] | None:
    """The kind of number ``window`` is (or ``_SERIAL``), with its start, or ``None``."""
    digits = window.digits
    length = len(digits)
    if "X" in digits:
        # Only an 18-character ID number ends in X.
        if length == 18 and digits[-1] == "X" and is_id_number(digits, today):
            return None if window.glued() else (window.start, KIND_ID_CARD)
        return None
    if length == 18 and is_id_number(digits, today) and not window.glued():
        return window.start, KIND_ID_CARD
    kind = _old_id(window, today) if length == 15 else None
    if kind is None and length >= 16:
        kind = _card(window, today)
    if kind is not None:
        return window.start, kind
    mobile = _mobile_start(window) if length in (11, 13, 15) else None
    return None if mobile is None else (mobile, KIND_MOBILE)


def _windows(chain: _Chain, first: int) -> list[_Window]:
    """The numbers groups from ``first`` on could form: 11-19 digits, one line break at most,
    ending where a number may end."""
    windows: list[_Window] = []
    groups, sizes, breaks, strong = chain.groups, chain.sizes, chain.breaks, chain.strong
    total = lines = widest = 0
    last_group = len(groups) - 1
    # At most 19 groups: every group has a digit. Sums and maxima, not strings, are kept
    # per step (a page of "1 1 1 …" has a window start at every digit).
    for last in range(first, min(last_group, first + 18) + 1):
        if last > first and breaks[last - 1]:
            lines += 1
        size = sizes[last]
        total += size
        if total > 19 or lines > 1:
            break
        if size > widest:
            widest = size
        # Every grouping but an ID number's has a group of three digits or more, even with
        # one group wrapped: "1 3 8 0 0 …" costs one look per digit, not nine.
        if total >= 11 and (widest >= 3 or total == 18) and (last == last_group or strong[last]):
            digits = "".join([group.digits for group in groups[first : last + 1]])
            # Small groups only: nothing but an 18-digit ID number, born in 19xx or 20xx.
            if widest >= 3 or digits[6:8] in ("19", "20"):
                windows.append(_Window(chain, first, last, digits))
    return windows


def _numbers_in(chain: _Chain, today: date) -> Iterator[tuple[int, int, str]]:
    first = 0
    while first < len(chain.groups):
        if first == 0 or chain.strong[first - 1]:
            for window in reversed(_windows(chain, first)):  # the longest number first
                kind = _kind(window, today)
                if kind is not None:
                    if kind[1] != _SERIAL:  # a serial number is passed over, parts and all
                        yield kind[0], chain.groups[window.last].end, kind[1]
                    first = window.last
                    break
        first += 1


def find_numbers(text: str, today: date) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of every ID, mobile and card number in ``text``, in order.

    ``text`` is the page with its character references decoded (full-width forms are read as
    they are: folding a whole page would cost more than the scan).
    """
    for match in _CHAIN_RE.finditer(text):
        if match.end() - match.start() < 11:
            continue  # fewer than 11 digits: no number
        yield from _numbers_in(_chain(text, *match.span()), today)
