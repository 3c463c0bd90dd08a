"""One document's terms: every run of 1–4 adjacent letters/digits/Han characters, and where
its two-character terms stand.

A word of up to four characters (most Chinese queries: 海关, 申请人, 行政复议) is answered by its
own document list, without positions; longer words and quoted phrases are proven by the
positions of their pairs. Characters get dense numbers in order of first appearance
(:class:`Alphabet`), so a term of up to four characters is one 64-bit key.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gongbao.core.search.browser.text import term_hash, word_mask

__all__ = ["MAX_GRAM", "Alphabet", "DocGrams", "doc_grams"]

#: The longest term with a document list of its own.
MAX_GRAM = 4

_U64 = np.uint64
_BITS = 16
#: Ids 1..65535; a corpus has a few thousand distinct characters. Past that, the rarest
#: characters share the last id (their terms then merge: a wider match, never a missed one).
_LAST_ID = (1 << _BITS) - 1


class Alphabet:
    """Dense ids (1 …) for the characters the index keeps; 0 stands for "no character"."""

    def __init__(self) -> None:
        self._ids = np.zeros(0x110000, dtype=np.uint32)
        self.code_points: list[int] = [0]
        self._table = np.zeros(1, dtype=_U64)

    def ids(
        self, codes: npt.NDArray[np.uint32], word: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.uint64]:
        """The id of every kept character of ``codes`` (0 where ``word`` is false)."""
        kept = codes[word]
        fresh = np.unique(kept[self._ids[kept] == 0])
        if fresh.size:
            start = len(self.code_points)
            new_ids = np.minimum(np.arange(start, start + fresh.size), _LAST_ID)
            self._ids[fresh] = new_ids
            self.code_points.extend(fresh[new_ids < _LAST_ID].tolist())
            if len(self.code_points) <= _LAST_ID < start + fresh.size:
                self.code_points.append(int(fresh[new_ids == _LAST_ID][0]))
        out = np.zeros(codes.shape, dtype=_U64)
        out[word] = self._ids[kept].astype(_U64)
        return out

    def chars(self, keys: npt.NDArray[np.uint64]) -> list[npt.NDArray[np.uint64]]:
        """The code points of each key's characters, first to fourth (0 where none)."""
        if self._table.size != len(self.code_points):
            self._table = np.array(self.code_points, dtype=_U64)
        table = self._table
        mask = _U64(_LAST_ID)
        return [
            table[((keys >> _U64(_BITS * (MAX_GRAM - 1 - j))) & mask).astype(np.int64)]
            for j in range(MAX_GRAM)
        ]

    def text(self, keys: npt.NDArray[np.uint64]) -> list[str]:
        """Each key as the term it stands for."""
        columns = [c.tolist() for c in self.chars(keys)]
        return ["".join(chr(c) for c in chars if c) for chars in zip(*columns, strict=True)]

    def hashes(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """Each key's :func:`term_hash` (its shard modulo the shard count: ``shardOf``)."""
        return term_hash(*self.chars(keys))


@dataclass(frozen=True)
class DocGrams:
    """The terms of one document."""

    keys: npt.NDArray[np.uint64]
    """Every distinct term of 1–4 characters, sorted."""
    values: npt.NDArray[np.uint64]
    """For each: ``count << 1 | in title``."""
    pair_keys: npt.NDArray[np.uint64]
    """Two-character terms in text order, with :attr:`pair_pos` their slot positions."""
    pair_pos: npt.NDArray[np.uint32]
    slots: npt.NDArray[np.int64]
    """Slots used up to and including each character (excerpt chunks start at one)."""


def doc_grams(text: str, title_len: int, alphabet: Alphabet) -> DocGrams:
    """The terms of ``text`` (lower-cased), whose first ``title_len`` characters are the title."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    word = word_mask(codes)
    # One slot per kept character and one per run of anything else.
    after_word = np.concatenate(([False], word[:-1])) if word.size else word
    slots = np.cumsum(word | after_word, dtype=np.int64)
    ids = alphabet.ids(codes, word)
    keys, flags = [], []
    ok = word
    key = np.zeros(codes.shape, dtype=_U64)
    pair_keys = np.zeros(0, dtype=_U64)
    pair_pos = np.zeros(0, dtype=np.uint32)
    for n in range(1, MAX_GRAM + 1):
        if n > 1:
            ok = ok[:-1] & word[n - 1 :]
            key = key[:-1]
        key = key | (ids[n - 1 : n - 1 + key.size] << _U64(_BITS * (MAX_GRAM - n)))
        starts = np.nonzero(ok)[0]
        keys.append(key[starts])
        flags.append(starts + n <= title_len)
        if n == 2:
            pair_keys = key[starts]
            pair_pos = (slots[starts] - 1).astype(np.uint32)
    all_keys = np.concatenate(keys)
    all_flags = np.concatenate(flags)
    order = np.argsort(all_keys)  # equal keys in any order: only their count and flags count
    all_keys, all_flags = all_keys[order], all_flags[order]
    new = np.ones(all_keys.size, dtype=np.bool_)
    new[1:] = all_keys[1:] != all_keys[:-1]
    first = np.nonzero(new)[0]
    counts = np.diff(np.append(first, all_keys.size)).astype(_U64)
    titled = (
        np.maximum.reduceat(all_flags.astype(np.uint8), first).astype(_U64)
        if first.size
        else np.zeros(0, dtype=_U64)
    )
    return DocGrams(all_keys[first], (counts << _U64(1)) | titled, pair_keys, pair_pos, slots)
