"""Security classification marks (密级标志) in page text.

What a classified document that reached the web carries (GB/T 9704-2012 7.2.3: "密级和保密
期限之间用“★”隔开"), in the forms an editor or a PDF's text layer produces:

* 密级★保密期限: ``机密★1年``, ``秘密★``, ``绝密★长期``, ``工作秘密★6个月``; any star glyph
  (``✱``, ``☆``, ``⭐``…), spaces of any kind or invisible characters between the characters
  (``秘　密★1年``). An ASCII ``*`` is also Markdown emphasis (``**机密**`` is bold prose), so it
  counts as a star only when a period follows it or it ends the line.
* the star first: ``★机密``, ``★秘密★1年`` — but ``★机密文件管理`` is a bulleted heading, so the
  mark must not run on into a word.
* a 密级 alone on its line, as it stands at the head of a document: ``机密``, ``工作秘密``,
  ``**秘密**``. In a sentence (国家秘密、商业秘密、工作秘密) these words are the law's prose.
* the internal-use marks ``内部资料``, ``内部文件``, ``注意保密``.

A mark wholly inside quotation marks (“…”, ‘…’, 「…」, 『…』, "…") is a text *about*
marking — ``密级和保密期限之间用“★”隔开，如“机密★5年”`` — and is not reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from gongbao.core.scan.characters import DIGIT_CLASS, INVISIBLES, SPACES, STARS

__all__ = ["KIND_CLASSIFICATION", "find_marks"]

KIND_CLASSIFICATION = "密级标志"

_W = f"[{re.escape(SPACES + INVISIBLES)}]{{0,3}}"
_LEVELS = (f"工{_W}作{_W}秘{_W}密", f"秘{_W}密", f"机{_W}密", f"绝{_W}密")
_LEVEL = "|".join(_LEVELS)
_GLYPH = f"[{re.escape(STARS.replace('*', '').replace('＊', ''))}]"
_ASTERISK = "(?<![*＊])[*＊](?![*＊])"
_PERIOD = f"(?:[{DIGIT_CLASS}]{{1,3}}|[一二三四五六七八九十两]{{1,3}}){_W}(?:年|个{_W}月|月|日|天)|长{_W}期"
_DECOR = rf"[{re.escape(SPACES + INVISIBLES)}\r#＃>＞*＊_＿+\-\[\]【】（）()〔〕]"
_CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"

# Each pattern begins with a literal or a character class in every branch, so that the engine
# skips ahead to the characters a mark can begin with (a pattern that begins with a group or a
# line start makes it try every character of the page: 70 µs instead of 2 for a page).
_STAR_AFTER = (
    f"{_W}(?:{_GLYPH}(?:{_W}(?:{_PERIOD}))?|{_ASTERISK}(?:{_W}(?:{_PERIOD})|(?={_W}(?:\r|\n|$))))"
)
_LEVEL_FIRST_RE = re.compile(
    "|".join(
        [
            *(level + _STAR_AFTER for level in _LEVELS),
            f"内{_W}部{_W}(?:资{_W}料|文{_W}件)",
            f"注{_W}意{_W}保{_W}密",
        ]
    )
)
_STAR_FIRST_RE = re.compile(
    f"{_GLYPH}{_W}(?:{_LEVEL})(?:{_W}{_GLYPH})?(?:{_W}(?:{_PERIOD}))?(?!{_CJK})"
)
# A 密级 alone on its line, tried only on the lines that hold a 密.
_LINE_RE = re.compile(f"{_DECOR}*({_LEVEL}){_DECOR}*")

_QUOTED_RE = re.compile(
    r"“[^“”\n]{0,80}”|‘[^‘’\n]{0,80}’|「[^「」\n]{0,80}」|『[^『』\n]{0,80}』|[\"＂][^\"＂\n]{0,80}[\"＂]"
)


def _quoted(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTED_RE.finditer(text)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    # Quoted spans come from one finditer: sorted and disjoint.
    index = bisect_left(spans, (start, -1)) - 1
    return index >= 0 and spans[index][0] < start and end < spans[index][1]


def _alone_on_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the 密级 that stand alone on their lines."""
    at = text.find("密")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        match = _LINE_RE.fullmatch(text, start, end)
        if match is not None:
            yield match.span(1)
        at = text.find("密", end)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another ("★机密★1年" holds "机密★1年"; "机密*" holds "机密")."""
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[1] > kept[-1][1]:
            kept.append(span)
    return kept


def find_marks(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of every security mark in ``text`` (references decoded)."""
    found = [match.span() for match in _LEVEL_FIRST_RE.finditer(text)]
    found.extend(match.span() for match in _STAR_FIRST_RE.finditer(text))
    if "密" in text:
        found.extend(_alone_on_lines(text))
    found = _outermost(found)
    spans = _quoted(text) if found else []
    for start, end in found:
        if not _inside(start, end, spans):
            yield start, end, KIND_CLASSIFICATION
