"""What the browser index and its client agree on: characters, positions, hashes, 文号 keys.

Every function here has a twin in the client (``gongbao-search.js``); a browser test runs both
on the same inputs. The index does not segment words: a Chinese query matches wherever it is a
substring of the text, whatever a segmenter would have made of it, so the text is indexed as
overlapping character pairs (bigrams) with their positions, and single characters by document.

Positions count *slots*: every letter, digit or Han character takes one, and every run of
anything else (punctuation, spaces, line breaks) takes one more. A pair of characters is indexed
only inside a run, so a phrase never matches across ``，`` or a sentence break, and two query
words quoted together (``"海关 监管"``) are adjacent when the second starts one slot after the
first ends.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from gongbao.core.model.docnumber import DOC_NUMBER_RE, ORDER_ALIASES

__all__ = [
    "HASH_A",
    "HASH_B",
    "HASH_C",
    "HASH_D",
    "docnumber_lookup_key",
    "fnv1a",
    "looks_like_docnumber",
    "term_hash",
    "word_mask",
]

#: Multipliers of :func:`term_hash` (odd 32-bit constants, as in the client).
HASH_A = 0x9E3779B1
HASH_B = 0x85EBCA77
HASH_C = 0xC2B2AE35
HASH_D = 0x27D4EB2F
_M32 = 0xFFFFFFFF


@lru_cache(maxsize=1)
def _bmp_table() -> npt.NDArray[np.bool_]:
    # Letters and digits (Unicode categories L* and N*: the client's /[\p{L}\p{N}]/u) of the
    # Basic Multilingual Plane; computed once, then every text is classified by one lookup.
    return np.array(
        [unicodedata.category(chr(c))[0] in "LN" for c in range(0x10000)], dtype=np.bool_
    )


def word_mask(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """For each code point: is it a letter or digit (a character the index keeps)?

    Beyond the BMP only the Han extensions (U+20000–U+3FFFF) count, which is all that
    government text has there.
    """
    table = _bmp_table()
    inside = codes < 0x10000
    mask = np.zeros(codes.shape, dtype=np.bool_)
    mask[inside] = table[codes[inside]]
    mask[~inside] = (codes[~inside] >= 0x20000) & (codes[~inside] <= 0x3FFFF)
    return mask


def term_hash(*chars: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A 32-bit hash of a term of one to four characters (code points; 0 where none).

    The client computes the same with ``Math.imul``: decides which shard file holds a term.
    """
    m32 = np.uint64(_M32)
    h: npt.NDArray[np.uint64] = np.zeros(chars[0].shape, dtype=np.uint64)
    for char, factor in zip(chars, (HASH_A, HASH_B, HASH_C, HASH_D), strict=False):
        h ^= (char * np.uint64(factor)) & m32
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x2C1B3C6D)) & m32
    h ^= h >> np.uint64(12)
    return h


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the code points of ``text`` (shards of the 文号 table)."""
    h = 0x811C9DC5
    for char in text:
        h = ((h ^ ord(char)) * 0x01000193) & _M32
    return h


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
_SEPARATORS = re.compile(r"[\s〔〕\[\]［］()（）【】〖〗{}｛｝第\-－—]+")
_YEAR_WORD = re.compile(r"(?<=\d)年")
_DIGITS = re.compile(r"\d+")
_LOOSE_DASH = re.compile(r"-(?!\d)|(?<!\d)-")
_RUN_ON_YEAR = re.compile(r"((?:19|20)\d\d)(\d+号)$")
_DOCNUMBER_LIKE = re.compile(r"\d\s*号$")
_ORDER = re.compile(r"(.+令)(\d+号)")


def looks_like_docnumber(query: str) -> bool:
    """A query the client also looks up as a 文号: it ends with a number and 号."""
    query = unicodedata.normalize("NFKC", query).strip()
    return bool(_DOCNUMBER_LIKE.search(query)) and len(query) <= 40


def docnumber_lookup_key(value: str) -> str:
    """One key for every common spelling of a 文号: brackets of any kind or none, full-width
    digits, 第, 年 between year and number, leading zeros and spaces all fold away.

    ``平政办发〔2023〕51号``, ``平政办发[2023]51号``, ``平政办发（2023）051号``,
    ``平政办发2023年第51号`` and ``平政办发２０２３51号`` give ``平政办发2023-51号``;
    ``海关总署令第265号`` and ``海关总署令265号`` give ``海关总署令265号``; ``国务院令第707号``
    gives ``国令707号``. A bracketed
    文号 is read with :data:`gongbao.core.model.docnumber.DOC_NUMBER_RE` (two-digit years
    widened as the server does); the client has a line-for-line twin of this function.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip()
    match = DOC_NUMBER_RE.fullmatch(text)
    if match:
        year = match["year"]
        if len(year) == 2:  # as docnumber._full_year: archives are overwhelmingly post-1950
            year = ("19" if int(year) > 50 else "20") + year
        prefix = re.sub(r"\s+", "", match["prefix"])
        seq = match["seq"].lstrip("0") or "0"
        return f"{prefix}{year}-{seq}号".lower()
    text = _YEAR_WORD.sub("-", text)
    text = _SEPARATORS.sub("-", text)
    text = _DIGITS.sub(lambda m: m.group(0).lstrip("0") or "0", text)
    text = re.sub(r"-+", "-", text)
    text = _LOOSE_DASH.sub("", text)
    if "-" not in text:
        # 平政办发202351号: a year run into the number (brackets left out altogether).
        text = _RUN_ON_YEAR.sub(r"\1-\2", text)
        # 国务院令707号 is 国令707号 (ORDER_ALIASES, as the server's key has it).
        order = _ORDER.fullmatch(text)
        if order and order[1] in ORDER_ALIASES:
            text = ORDER_ALIASES[order[1]] + order[2]
    return text.lower()
