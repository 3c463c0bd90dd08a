"""Character pairs as integers: :func:`~gongbao.core.search.analysis.gram_positions` in bulk.

The exact-phrase fields (``title_grams``, ``body_grams``) hold every pair of adjacent
letters, digits and Han characters of a text with its position, about one per character: the
largest part of a cold index. :func:`pair_keys` computes a text's pairs with numpy, one
integer per pair in position order, so the index writer groups and sorts them as arrays
(:mod:`gongbao.core.search.whoosh.writer`). A key orders like the pair's UTF-8 bytes, the
order whoosh keeps its terms in; :func:`pair_text` gives the pair back.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from gongbao.core.search.analysis import GRAM_BRIDGE

__all__ = ["pair_keys", "pair_text"]

Keys = npt.NDArray[np.int64]

_SHIFT = 22  # first character; bit 21: a pair inside a run (1) or across a break (0)
_JOINED = 1 << 21
_LOW = (1 << 21) - 1


@lru_cache(maxsize=1)
def _bmp_alnum() -> npt.NDArray[np.bool_]:
    # What gram_positions keeps ([^\W_] on str: str.isalnum), for every BMP code point.
    return np.array([chr(c).isalnum() for c in range(0x10000)], dtype=np.bool_)


def _kept(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    table = _bmp_alnum()
    kept = np.zeros(codes.shape, dtype=np.bool_)
    bmp = codes < 0x10000
    kept[bmp] = table[codes[bmp]]
    for i in np.flatnonzero(~bmp):  # rare: Han extensions, symbols beyond the BMP
        kept[i] = chr(int(codes[i])).isalnum()
    return kept


def pair_keys(text: str) -> Keys:
    """One key per pair of ``text``, in position order (the pair at position ``i`` is key
    ``i``): the pairs and positions of ``gram_positions(text)``."""
    codes = np.frombuffer(text.lower().encode("utf-32-le"), dtype=np.uint32)
    at = np.flatnonzero(_kept(codes))
    if at.size < 2:
        return np.zeros(0, dtype=np.int64)
    first = codes[at[:-1]].astype(np.int64)
    second = codes[at[1:]].astype(np.int64)
    joined = ((at[1:] - at[:-1]) == 1).astype(np.int64)
    keys: Keys = (first << _SHIFT) | (joined << 21) | second
    return keys


def pair_text(key: int) -> str:
    """The pair a key stands for, as ``gram_positions`` writes it."""
    first, second = chr(key >> _SHIFT), chr(key & _LOW)
    return first + second if key & _JOINED else first + GRAM_BRIDGE + second
