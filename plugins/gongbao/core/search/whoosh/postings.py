"""One segment's postings and field lengths read whole, as arrays (for :mod:`.bulk`).

A word's postings come from the array-shaped blocks of :mod:`.codec` (documents and weights
without inflating positions) or, for a segment written by whoosh's own codec, from its W3
blocks; field lengths come from whoosh's one-byte length column. Deleted documents are
included here and dropped with :attr:`Leaf.live`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher
from whoosh.util.numeric import byte_to_length

from gongbao.core.search.whoosh.codec import ArrayLeafMatcher

__all__ = ["BoolArray", "FloatArray", "IntArray", "Leaf", "Postings"]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: byte → field length, whoosh's lossy one-byte encoding of a document's field length.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class Postings:
    """One word's postings in one segment: document numbers, weights and, on demand, the
    encoded values (``(bytes of each value, all values concatenated)``)."""

    ids: IntArray
    weights: FloatArray
    values: Callable[[], tuple[IntArray, bytes]]


class _Inflated:
    """A word's posting values, inflated on first use only and then counted against its
    leaf's cache."""

    __slots__ = ("_leaf", "_values", "got", "held")

    def __init__(self, values: Callable[[], tuple[IntArray, bytes]], leaf: Leaf) -> None:
        self._values = values
        self._leaf = leaf
        self.got: tuple[IntArray, bytes] | None = None
        self.held = 0

    def __call__(self) -> tuple[IntArray, bytes]:
        if self.got is None:
            self.got = self._values()
            self.held = len(self.got[1]) + 8 * len(self.got[0])
            self._leaf._hold(self.held)
        return self.got


class Leaf:
    """One segment: its reader, its size, its deleted documents, and the postings of the words
    queries asked for lately (up to ``cache_bytes``: the common words and character pairs of
    a server's queries are read and inflated once, not per query)."""

    def __init__(self, reader: Any, cache_bytes: int = 0) -> None:
        self.reader = reader
        self._cache: OrderedDict[tuple[str, bytes], Postings | None] = OrderedDict()
        self._cache_limit = cache_bytes
        self._cached = 0
        self.size = reader.doc_count_all()
        live = np.ones(self.size, dtype=np.bool_)
        if reader.has_deletions():
            live[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
        self.live = live
        self._lengths: dict[str, FloatArray] = {}

    def lengths(self, fieldname: str) -> FloatArray:
        """Each document's length of ``fieldname`` as whoosh's scorer sees it."""
        got = self._lengths.get(fieldname)
        if got is None:
            got = self._lengths[fieldname] = self._read_lengths(fieldname)
        return got

    def _read_lengths(self, fieldname: str) -> FloatArray:
        perdoc = self.reader._perdoc
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        raw = np.zeros(self.size, dtype=np.uint8)
        if column is not None:
            count = min(column._count, self.size)
            # The column is one unsigned byte per document, stored as written; documents past
            # its end have the default (0), as the column reader's own lookup gives.
            data = column._dbfile.get(column._basepos, count)
            raw[:count] = np.frombuffer(data, dtype=np.uint8)
        return _LENGTH_OF_BYTE[raw]

    def postings(self, fieldname: str, text: bytes) -> Postings | None:
        """All postings of a word in this segment (deleted documents included), or None."""
        key = (fieldname, text)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        got = self._read_postings(fieldname, text)
        if self._cache_limit:
            if got is not None:
                got = Postings(got.ids, got.weights, self._remembered(got.values))
                self._hold(16 * len(got.ids))
            self._cache[key] = got
        return got

    def _hold(self, size: int) -> None:
        self._cached += size
        while self._cached > self._cache_limit and len(self._cache) > 1:
            _key, dropped = self._cache.popitem(last=False)
            if dropped is not None:
                held = dropped.values.held if isinstance(dropped.values, _Inflated) else 0
                self._cached -= 16 * len(dropped.ids) + held

    def _remembered(self, values: Callable[[], tuple[IntArray, bytes]]) -> _Inflated:
        return _Inflated(values, self)

    def _read_postings(self, fieldname: str, text: bytes) -> Postings | None:
        reader = self.reader
        if (fieldname, text) not in reader:
            return None
        m = reader.postings(fieldname, text)
        if isinstance(m, FilterMatcher):
            m = m.child  # the deletion filter: applied with ``live`` instead
        # whoosh keeps weights as 32-bit floats: they are read back rounded that way.
        if type(m) is ArrayLeafMatcher:
            blocks = m.read_all()

            def array_values() -> tuple[IntArray, bytes]:
                assert blocks.lengths is not None
                return blocks.lengths, blocks.values()

            return Postings(blocks.ids, blocks.weights.astype(np.float64), array_values)
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []
        if type(m) is W3LeafMatcher:  # a segment written by whoosh's own codec
            fixed = m._fixedsize
            while True:
                m._read_data()
                block_ids, block_weights, block_values = m._data
                n = len(block_ids)
                ids.extend(accumulate(block_ids))  # delta-encoded within a block
                if block_weights is None:
                    weights.extend([1.0] * n)
                elif isinstance(block_weights, float):
                    weights.extend([block_weights] * n)
                else:
                    weights.extend(block_weights)
                if fixed is None or fixed < 0:
                    values.extend(block_values)
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
        else:  # inlined postings (a word in one document), or another matcher
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                values.append(m.value())
                m.next()

        def listed_values() -> tuple[IntArray, bytes]:
            sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
            return sizes, b"".join(values)

        w = np.array(weights, dtype=np.float32).astype(np.float64)
        return Postings(np.array(ids, dtype=np.int64), w, listed_values)
