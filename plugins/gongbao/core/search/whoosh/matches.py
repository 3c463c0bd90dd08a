"""What a query matches in a segment or an index: a mask and scores, and how they combine.

The combinations are whoosh's, to the last bit: sums in the order whoosh's matchers add, the
tree shapes it builds, and the order its top-hits collector ranks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gongbao.core.search.whoosh.postings import BoolArray, FloatArray, IntArray

__all__ = ["Matches", "binary_tree", "intersect", "only", "top_documents", "union"]


@dataclass(frozen=True)
class Matches:
    """The documents of one segment (or of the whole index) a query matches, and their scores.

    ``score`` is 0.0 wherever ``mask`` is false, so adding two of them gives whoosh's sum for
    documents either matched (``x + 0.0`` is exactly ``x``).
    """

    mask: BoolArray
    score: FloatArray


def top_documents(matches: Matches, end: int) -> IntArray:
    """The first ``end`` matching document numbers by score, ties by document number.

    whoosh's top-hits collector orders by score, highest first, then by document number.
    """
    docs = np.flatnonzero(matches.mask)
    if len(docs) == 0:
        return docs.astype(np.int64)
    scores = matches.score[docs]
    if len(docs) > end:
        # Everything scoring at least the end-th best: a superset of the page, then ordered.
        cut = np.partition(-scores, end - 1)[end - 1]
        keep = -scores <= cut
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:end]
    return docs[order].astype(np.int64)


def binary_tree(combine: Callable[[Matches, Matches], Matches], ms: list[Matches]) -> Matches:
    """whoosh's ``make_binary_tree``: halves, recursively."""
    if len(ms) == 1:
        return ms[0]
    half = len(ms) // 2
    return combine(binary_tree(combine, ms[:half]), binary_tree(combine, ms[half:]))


def intersect(a: Matches, b: Matches) -> Matches:
    mask = a.mask & b.mask
    return Matches(mask, np.where(mask, a.score + b.score, 0.0))


def union(a: Matches, b: Matches) -> Matches:
    return Matches(a.mask | b.mask, a.score + b.score)


def only(m: Matches, mask: BoolArray) -> Matches:
    return Matches(mask, np.where(mask, m.score, 0.0))
