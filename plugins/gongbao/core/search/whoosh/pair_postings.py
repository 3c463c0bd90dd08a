"""A pair field's postings in the segment being written, grouped by pair when written.

The character pairs of exact phrases (:mod:`gongbao.core.search.pairs`) are most of an
index's postings. :class:`~.writer.GroupingWriter` keeps each document's pairs as one numpy
array of keys; :meth:`PairPostings.write` groups every pair's postings with one stable sort
and hands them to :func:`~.terms.write_terms` in byte order, as whoosh's writer would write
them.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from gongbao.core.search.pairs import pair_text
from gongbao.core.search.whoosh.terms import OnePosting, TermPostings, write_terms

__all__ = ["PAIR_BYTES", "PairPostings"]

#: What one character pair of a pair field costs until written (its key, and while sorting
#: its document, position and order), for the writer's memory limit.
PAIR_BYTES = 48

# One posting's document and weight, read from a pair field's arrays (as bytes: the
# documents written little-endian, the weights in the machine's order).
_U32 = struct.Struct("<I")
_F64 = struct.Struct("=d")


class PairPostings:
    """A pair field's postings in the segment being written: every document's pair keys
    (:func:`~gongbao.core.search.pairs.pair_keys`), grouped by pair when written."""

    def __init__(self) -> None:
        self._keys: list[npt.NDArray[np.int64]] = []
        self._docs: list[int] = []
        self._boosts: list[float] = []

    def add(self, docnum: int, keys: npt.NDArray[np.int64], boost: float) -> None:
        """A document's pairs, and its boost for the field (whoosh's ``_<field>_boost``)."""
        if len(keys):
            self._keys.append(keys)
            self._docs.append(docnum)
            self._boosts.append(boost)

    def write(self, fieldwriter: Any, field: Any, lengths: npt.NDArray[np.int64] | None) -> None:
        """Every pair's postings, pairs in byte order, as whoosh's writer would write them:
        for each document with the pair, its positions ascending, weight frequency × boost."""
        if not self._keys:
            return
        counts = np.array([len(k) for k in self._keys], dtype=np.int64)
        keys = np.concatenate(self._keys)
        self._keys = []
        docs = np.repeat(np.array(self._docs, dtype=np.uint32), counts)
        starts = np.repeat((np.cumsum(counts) - counts).astype(np.uint32), counts)
        positions = np.arange(len(keys), dtype=np.uint32) - starts
        del starts
        # Stable: within a pair, documents and positions stay ascending as added.
        order = np.argsort(keys, kind="stable")
        keys, docs, positions = keys[order], docs[order], positions[order]
        boosts = None
        if any(b != 1.0 for b in self._boosts):
            boosts = np.repeat(np.array(self._boosts, dtype=np.float64), counts)[order]
        del order
        new_key = np.empty(len(keys), dtype=np.bool_)
        new_key[0] = True
        np.not_equal(keys[1:], keys[:-1], out=new_key[1:])
        new_posting = new_key.copy()
        new_posting[1:] |= docs[1:] != docs[:-1]
        posting_at = np.flatnonzero(new_posting)
        freqs = np.diff(np.append(posting_at, len(keys)))
        posting_docs = docs[posting_at]
        # whoosh: the field yields freq × the format's boost, the writer multiplies that by
        # the document's boost for the field.
        weights = (freqs * field.format.field_boost).astype(np.float64)
        if boosts is not None:
            weights *= boosts[posting_at]
        sizes = (4 * freqs).astype("<u4")
        body = positions.astype("<u4", copy=False).tobytes()
        del positions
        byte_at = np.concatenate(([0], np.cumsum(sizes, dtype=np.int64)))
        doc_lengths = (
            lengths[posting_docs] if lengths is not None else np.zeros(len(posting_docs), np.int64)
        )
        term_at = np.flatnonzero(new_key[posting_at])
        term_end = np.append(term_at[1:], len(posting_at))
        write_terms(
            fieldwriter,
            _pair_terms(
                keys[posting_at[term_at]].tolist(),
                term_at.tolist(),
                term_end.tolist(),
                posting_docs.astype("<u4").tobytes(),
                weights.tobytes(),
                sizes.tobytes(),
                body,
                byte_at.tolist(),
                doc_lengths.tolist(),
            ),
        )


def _pair_terms(
    keys: list[int],
    starts: list[int],
    ends: list[int],
    docs: bytes,
    weights: bytes,
    sizes: bytes,
    body: bytes,
    byte_at: list[int],
    lengths: list[int],
) -> Iterator[TermPostings | OnePosting]:
    """Each pair's postings for :func:`~.terms.write_terms`, cut from the field's arrays (as
    bytes: documents uint32, weights float64, value sizes uint32, the values concatenated);
    a pair found in one document as that one posting."""
    doc_at, weight_at = _U32.unpack_from, _F64.unpack_from
    for key, p0, p1 in zip(keys, starts, ends, strict=True):
        if p1 - p0 == 1:
            yield (
                pair_text(key).encode("utf-8"),
                doc_at(docs, 4 * p0)[0],
                weight_at(weights, 8 * p0)[0],
                body[byte_at[p0] : byte_at[p1]],
                lengths[p0],
            )
            continue
        ids = array("I")
        ids.frombytes(docs[4 * p0 : 4 * p1])
        w = array("d")
        w.frombytes(weights[8 * p0 : 8 * p1])
        chunk_sizes = array("I")
        chunk_sizes.frombytes(sizes[4 * p0 : 4 * p1])
        values = (chunk_sizes, body[byte_at[p0] : byte_at[p1]])
        yield pair_text(key).encode("utf-8"), ids, w, values, lengths[p0:p1]
