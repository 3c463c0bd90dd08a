"""文号 (发文字号): normalisation, matching keys and the GB/T 9704-2012 7.2.5 lint.

GB/T 9704-2012 7.2.5: "年份、发文顺序号用阿拉伯数字标注；年份应标全称，用六角括号“〔〕”括入；
发文顺序号不加“第”字，不编虚位（即1不编为01），在阿拉伯数字后加“号”字。"

Two other numbering families are legitimate and are left alone by the lint:
令 numbers (``国务院令第711号``, ``海关总署令第265号``) and 公告 numbers
(``海关总署公告2024年第10号``), which do use 第.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from gongbao.core.model.text import identity

__all__ = [
    "DOC_NUMBER_RE",
    "ORDER_ALIASES",
    "canonical_doc_number",
    "doc_number_key",
    "lint_doc_number",
]

# Every bracket people type around the year, mapped to the standard 六角括号.
_OPEN = "〔[［(（【〖{｛"
_CLOSE = "〕]］)）】〗}｝"

DOC_NUMBER_RE = re.compile(
    r"""
    (?P<prefix>[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z\s]*?)   # 机关代字: 平政办发, 国办发明电
    \s*[〔\[［(（【〖{｛]\s*
    (?P<year>\d{4}|\d{2})                                        # 2023 (or the wrong 23)
    \s*[〕\]］)）】〗}｝]\s*
    (?P<di>第?)\s*
    (?P<seq>\d+)\s*号                                            # 51号 (or 第051号)
    """,
    re.VERBOSE,
)


class _DigitTable(dict[int, str]):
    # Full-width digits (０-９) and ideographic spaces are common in pasted 文号; each code
    # point's mapping is computed once, then str.translate does the work in C.
    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = self[code] = (
            unicodedata.normalize("NFKC", char) if char.isdigit() or char == "\u3000" else char
        )
        return value


_DIGITS = _DigitTable()
_BRACKETS = {ord(c): None for c in _OPEN + _CLOSE}
_SPACES_RE = re.compile(r"\s+")
# After brackets and spaces are gone: a number by year written with 年 (公告 numbers), and a
# 令 number.
_YEARLY_RE = re.compile(r"(?P<prefix>.*?[^\d])(?P<year>\d{4})年第?(?P<seq>\d+)号")
_ORDER_RE = re.compile(r"(?P<prefix>.+令)第?(?P<seq>\d+)号")
#: The abbreviations of 令 prefixes that documents use for one another (中国政府网 numbers the
#: State Council's decrees 国令第N号, citations write 国务院令第N号).
ORDER_ALIASES: dict[str, str] = {"国务院令": "国令"}

# A 文号 already in GB/T 9704 form (ASCII digits, 〔〕, no spaces, no leading zero): what
# almost every document of an archive has, and what normalisation would return unchanged.
_CANONICAL_RE = re.compile(r"[\u3400-\u9fffA-Za-z]+〔[0-9]{4}〕[1-9][0-9]*号")


def _ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def _full_year(year: str) -> str:
    if len(year) == 4:
        return year
    # A two-digit year is ambiguous; policy archives are overwhelmingly post-1950.
    return ("19" if int(year) > 50 else "20") + year


@functools.lru_cache(maxsize=1 << 16)
def canonical_doc_number(value: str) -> str:
    """Return the GB/T 9704 spelling of a 文号, or the trimmed input if it is not of that family.

    >>> canonical_doc_number("平政办发[2023]051号")
    '平政办发〔2023〕51号'
    """
    if _CANONICAL_RE.fullmatch(value):
        return value
    text = _ascii_digits(value).strip()
    match = DOC_NUMBER_RE.fullmatch(text)
    if not match:
        return _SPACES_RE.sub("", text) if text else text
    prefix = _SPACES_RE.sub("", match["prefix"])
    return f"{prefix}〔{_full_year(match['year'])}〕{int(match['seq'])}号"


@functools.lru_cache(maxsize=1 << 16)
def doc_number_key(value: str) -> str:
    """A matching key: equal for every common spelling of the same 文号.

    Brackets (〔〕 [] () 【】 in half or full width), full-width digits and letters, spaces,
    invisible characters, a stray 第 and leading zeros all fold away, so
    ``平政办发（2023）０51号`` finds ``平政办发〔2023〕51号``.
    """
    if _CANONICAL_RE.fullmatch(value):  # its own canonical form: no other bracket, no space
        return value.replace("〔", "").replace("〕", "-").casefold()
    canonical = canonical_doc_number(identity(value))
    # 〔2023〕51 -> 2023-51: keep a separator so 〔2023〕51 and 〔202〕351 can never collide.
    key = canonical.replace("〔", "").replace("〕", "-")
    key = _SPACES_RE.sub("", key.translate(_BRACKETS))
    # The other two families (module brief): 公告2024年第10号 is the 2024-10 of its prefix, as
    # 公告〔2024〕10号 is (and 国发2019年5号 is 国发〔2019〕5号); 令第265号 and 令265号 are one
    # number; 国务院令 is abbreviated 国令.
    yearly = _YEARLY_RE.fullmatch(key)
    if yearly:
        key = f"{yearly['prefix']}{yearly['year']}-{int(yearly['seq'])}号"
    else:
        order = _ORDER_RE.fullmatch(key)
        if order:
            prefix = ORDER_ALIASES.get(order["prefix"], order["prefix"])
            key = f"{prefix}{int(order['seq'])}号"
    return key.casefold()


def lint_doc_number(value: str) -> str | None:
    """Return the corrected 文号 if ``value`` breaks GB/T 9704-2012 7.2.5, else ``None``.

    >>> lint_doc_number("平政办发〔2023〕51号") is None
    True
    >>> lint_doc_number("平政办发[23]第05号")
    '平政办发〔2023〕5号'
    """
    if _CANONICAL_RE.fullmatch(value):
        return None
    text = value.strip()
    match = DOC_NUMBER_RE.fullmatch(_ascii_digits(text))
    if not match:
        return None
    fixed = canonical_doc_number(text)
    return None if fixed == text else fixed
