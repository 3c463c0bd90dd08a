"""Text normalisation for search, and a detector for silently wrong CJK text.

Both functions are pure standard library so that every indexer (PDF, Markdown, HTML)
can share them and agree on what a "normalised" string is.

Why not plain NFKC: it would turn Chinese full-width punctuation （，：） into ASCII,
circled list markers ① into ``1``, ``㎡`` into ``m2`` and ``……`` into ``......``, all of
which carry meaning in 公文. Only the compatibility mappings that change the *encoding*
of a letter, digit, ASCII symbol or space (full-width ``２０２３``/``ＡＢ``/``５．２％``,
U+3000, Kangxi radicals that PDF fonts emit instead of ordinary Han characters, Latin
ligatures) are applied.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "GARBLED_THRESHOLD",
    "TEXTNORM_VERSION",
    "cjk_garbage_ratio",
    "is_cjk",
    "normalize_text",
]

#: Bump whenever normalize_text's output changes, so caches of normalised text expire.
TEXTNORM_VERSION = 1

#: A page whose :func:`cjk_garbage_ratio` exceeds this is reported as garbled. Real
#: Chinese text scores ~0.00001 (20 of 4.7 M Han characters outside GB2312); pypdf's
#: output for Identity-H fonts without /ToUnicode scores 0.07-1.0.
GARBLED_THRESHOLD = 0.05

# Code point ranges of characters that are written without spaces between them:
# Han (all extensions), radicals, strokes, kana, bopomofo, CJK punctuation, full-width
# and vertical forms, enclosed CJK/alphanumerics (①, ㈠, ⑴ are Chinese list markers).
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2460, 0x24FF),  # Enclosed Alphanumerics ① ⑴ ⒈
    (0x2E80, 0x2FDF),  # CJK Radicals Supplement, Kangxi Radicals
    (0x2FF0, 0x30FF),  # Ideographic Description, CJK Symbols and Punctuation, Kana
    (0x3100, 0x312F),  # Bopomofo
    (0x3190, 0x31FF),  # Kanbun, Bopomofo Extended, CJK Strokes, Katakana Ext.
    (0x3200, 0x33FF),  # Enclosed CJK Letters and Months, CJK Compatibility
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFF64),  # full-width punctuation (letters/digits are mapped away first)
    (0x20000, 0x3FFFF),  # CJK Extensions B-H, Compatibility Ideographs Supplement
)

_HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)

# Letters and marks of these blocks never occur in Chinese government text, but they are
# exactly what pypdf produces when it reads glyph ids of an Identity-H font as UTF-16
# (kampo.pdf comes out as Oriya, Kannada, NKo, Sinhala ... with no Han at all, so the
# GB2312 test alone misses it). Scripts of China's minority languages (Arabic script for
# Uyghur/Kazakh, Tibetan, Mongolian, Tai Le, New Tai Lue, Hangul) are deliberately absent.
_UNEXPECTED_SCRIPT_RANGES: tuple[tuple[int, int], ...] = (
    (0x0530, 0x05FF),  # Armenian, Hebrew
    (0x0700, 0x074F),  # Syriac
    (0x0780, 0x089F),  # Thaana, NKo, Samaritan, Mandaic, Syriac Supplement
    (0x0900, 0x0DFF),  # Devanagari ... Sinhala
    (0x0E80, 0x0EFF),  # Lao
    (0x10A0, 0x10FF),  # Georgian
    (0x1200, 0x17FF),  # Ethiopic ... Khmer
    (0x18B0, 0x194F),  # Canadian Syllabics Ext., Limbu
    (0x19E0, 0x1CFF),  # Khmer Symbols ... Vedic Extensions
)

_LINE_BREAKS = "\n\r\v\f\x85\u2028\u2029"
# Whitespace that separates words; zero-width spaces and the BOM count as separators
# because PDF producers (and mkdocs-material's jieba integration) use them that way.
_SPACE_CLASS = r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]"
_PARAGRAPH_BREAK_RE = re.compile(rf"(?:[{_LINE_BREAKS}]{_SPACE_CLASS}*){{2,}}|[\f\u2029]")
_WHITESPACE_RE = re.compile(rf"(?:{_SPACE_CLASS}|[{_LINE_BREAKS}])+")

_SOFT_HYPHEN = "\u00ad"
# Full-width forms that are Chinese punctuation marks in their own right (GB/T 15834).
_KEPT_FULLWIDTH = frozenset("，：；！？（）［］｛｝")
_PLAIN_SPACES = frozenset(" \t\n\r\v\f\x85\u2028\u2029")


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def is_cjk(char: str) -> bool:
    """True if ``char`` belongs to text written without spaces (Han, kana, CJK punctuation)."""
    return _in_ranges(ord(char), _CJK_RANGES)


def _map_char(char: str) -> str:
    """Apply only the compatibility mappings that change a letter's or digit's encoding."""
    if char.isascii():
        return char
    decomposition = unicodedata.decomposition(char)
    if not decomposition.startswith("<"):
        return char
    mapped = unicodedata.normalize("NFKC", char)
    tag = decomposition.split(">", 1)[0] + ">"
    if tag == "<wide>":
        # ２０２３ -> 2023, ＡＢ -> AB, and the symbols inside numbers and addresses
        # (５．２％, ０５１７－８７２２, ＠, ／) so that queries typed in ASCII match;
        # the full-width forms of Chinese punctuation marks (，：；！？（）) stay.
        return char if char in _KEPT_FULLWIDTH or not 0xFF01 <= ord(char) <= 0xFF5E else mapped
    if tag in ("<compat>", "<font>", "<narrow>"):
        category = unicodedata.category(char)
        kangxi = 0x2E80 <= ord(char) <= 0x2FDF
        # Letters only (ligature ﬁ, Kangxi radical ⼈ -> 人, half-width katakana); not
        # Roman numerals (Nl), ellipsis …, ℃ or ㎡, which are meaningful as written.
        if (category.startswith("L") or kangxi) and mapped.isalpha():
            return mapped
    return char


class _CompatTable(dict[int, str]):
    """``str.translate`` table that computes each code point's mapping once, on first use."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _map_char(chr(code))
        return value


_COMPAT = _CompatTable()


def _join_paragraph(paragraph: str) -> str:
    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        before = paragraph[start - 1] if start > 0 else ""
        after = paragraph[end] if end < len(paragraph) else ""
        if not before or not after:
            return ""
        # Chinese is written without spaces: a gap next to a CJK character is a PDF line
        # break or letter-spacing artefact (``政务\n公开``, ``电 话 ：``, WPS's
        # automatic gap in ``2023 年``). Between Latin words/numbers it is a real space.
        if is_cjk(before) or is_cjk(after):
            return ""
        return " "

    return _WHITESPACE_RE.sub(replace, paragraph)


def normalize_text(text: str) -> str:
    """Normalise extracted or authored text for indexing and comparison.

    * Full-width digits, Latin letters, ASCII symbols (``．％－／＠``) and all space
      characters become ASCII (``２０２３`` -> ``2023``, ``ＡＢ`` -> ``AB``, U+3000 ->
      space); Chinese punctuation （，。：；！？〔〕《》“”） is kept as it is.
    * Line breaks and spaces next to a CJK character or CJK punctuation are removed
      (``政务\\n公开`` -> ``政务公开``, ``电 话 ：`` -> ``电话：``).
    * Between Latin words and numbers any run of whitespace becomes one space.
    * Paragraph breaks (a blank line, form feed or U+2029) are kept as a single ``\\n``;
      leading and trailing whitespace is dropped.

    Control characters are kept on purpose: :func:`cjk_garbage_ratio` needs to see them.
    Within one paragraph the function is idempotent (a second pass would join the
    paragraphs, since a single ``\n`` is an ordinary line break on input).
    """
    # CRLF and lone CR are one line break each, not the blank line of a paragraph break.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).replace(_SOFT_HYPHEN, "")
    text = text.translate(_COMPAT)
    paragraphs = (_join_paragraph(p) for p in _PARAGRAPH_BREAK_RE.split(text))
    return "\n".join(p for p in paragraphs if p)


def _encodable_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _is_suspicious(char: str) -> bool:
    cp = ord(char)
    if char == "\ufffd":
        return True
    category = unicodedata.category(char)
    # Cc control, Co private use, Cs lone surrogate, Cn unassigned: never real text.
    if category in ("Cc", "Co", "Cs", "Cn"):
        return True
    if _in_ranges(cp, _HAN_RANGES):
        return not _encodable_gb2312(char)
    return category[0] in "LM" and _in_ranges(cp, _UNEXPECTED_SCRIPT_RANGES)


def cjk_garbage_ratio(text: str) -> float:
    """Share of non-space characters that indicate silently mis-decoded CJK text.

    Counted as suspicious: Han characters not encodable in GB2312 (real Chinese text has
    almost none: 20 of 4.7 M in a corpus of laws), control / private-use / unassigned
    characters and U+FFFD, and letters of scripts that do not occur in Chinese government
    documents (Indic, NKo, Sinhala ...; what glyph ids decoded as UTF-16 look like).
    Returns 0.0 for text without non-space characters.
    """
    total = 0
    bad = 0
    for char in text:
        # Not str.isspace(): it also accepts the control characters U+001C-U+001F.
        if char in _PLAIN_SPACES or unicodedata.category(char) == "Zs":
            continue
        total += 1
        if _is_suspicious(char):
            bad += 1
    return bad / total if total else 0.0
