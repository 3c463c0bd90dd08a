"""Whole-index evaluation of whoosh queries over arrays: every match, scored, in one pass.

whoosh answers a query by stepping a tree of matchers through the documents one at a time, in
Python: at 10,000 documents (20,000 records) a phrase or an ``AND`` of two common words spent
0.3–0.5 s doing that, and counting the matches exactly or by facet cost as much again. Here each
word's postings are read whole (from the array-shaped blocks of :mod:`.whoosh_codec`: documents
and weights without inflating positions; whoosh's own W3 blocks are read too) and the query is
evaluated over numpy arrays with one entry per document: a mask of the documents that match and
the score of each.

The results are whoosh's, to the last bit: scores are BM25F with whoosh's formula, parameters,
document frequencies and field lengths, computed in the same order of floating-point operations
and combined in the same tree shapes whoosh builds (per segment, from the same size estimates);
ranking breaks ties by document number as whoosh's collector does; the set of matches is the
one whoosh's matchers visit (tested against whoosh on multi-segment indexes with deletions).
What the arrays add is that every query is counted exactly and its facets come free, and one
whoosh fault is gone: its ``NOT`` at the root of a query returns deleted documents (an old
version of an updated record); here a deleted document never matches.

Query nodes this module does not know raise :class:`UnsupportedQueryError` and the backend
falls back to whoosh's matchers. The query parser (``make_query_parser``) produces none: it
has no ranges or wildcards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from gongbao.core.search.whoosh_codec import ArrayLeafMatcher, ArrayPositions

__all__ = ["BulkSearcher", "Matches", "UnsupportedQueryError", "top_documents"]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: byte → field length, whoosh's lossy one-byte encoding of a document's field length.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


#: Words whose scorers (idf, average length) are kept per opened index.
_SCORER_CACHE = 4096


class UnsupportedQueryError(Exception):
    """A query node this module does not evaluate; use whoosh's matchers instead."""


@dataclass(frozen=True)
class Matches:
    """The documents of one segment (or of the whole index) a query matches, and their scores.

    ``score`` is 0.0 wherever ``mask`` is false, so adding two of them gives whoosh's sum for
    documents either matched (``x + 0.0`` is exactly ``x``).
    """

    mask: BoolArray
    score: FloatArray


@dataclass(frozen=True)
class _Postings:
    """One word's postings in one segment: document numbers, weights and, on demand, the
    encoded values (``(bytes of each value, all values concatenated)``)."""

    ids: IntArray
    weights: FloatArray
    values: Callable[[], tuple[IntArray, bytes]]


class _Leaf:
    """One segment: its reader, its size and its deleted documents."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
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

    def postings(self, fieldname: str, text: bytes) -> _Postings | None:
        """All postings of a word in this segment (deleted documents included), or None."""
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

            return _Postings(blocks.ids, blocks.weights.astype(np.float64), array_values)
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
        return _Postings(np.array(ids, dtype=np.int64), w, listed_values)


class BulkSearcher:
    """Evaluates queries on a whoosh searcher's index (see the module brief).

    Holds per-segment tables (deleted documents, field lengths) read on first use; create one
    per opened searcher. Not thread-safe on its own: the backend serialises searches.
    """

    def __init__(self, searcher: Any) -> None:
        if type(searcher.weighting) is not BM25F:
            raise UnsupportedQueryError("only whoosh's default BM25F weighting is reproduced")
        self.searcher = searcher
        self.weighting = searcher.weighting
        # In document-number order: whoosh numbers a segment's documents after the previous.
        self.leaves = [_Leaf(sub.reader()) for sub, _offset in searcher.leaf_searchers()]
        self._scorers: dict[tuple[str, bytes], Any] = {}
        self._date_keys: dict[str, IntArray] = {}

    # -- the whole index -----------------------------------------------------------------
    def evaluate(self, q: Any, *, scored: bool = True) -> Matches:
        """``q``'s matches and scores over the whole index (document numbers are global).

        Deleted documents never match. With ``scored`` false only the mask is meaningful.
        """
        masks, scores = [], []
        for leaf in self.leaves:
            got = _Evaluation(self, leaf).run(q, scored=scored)
            mask = got.mask & leaf.live
            masks.append(mask)
            scores.append(np.where(mask, got.score, 0.0))
        if not masks:
            return Matches(np.zeros(0, dtype=np.bool_), np.zeros(0, dtype=np.float64))
        return Matches(np.concatenate(masks), np.concatenate(scores))

    def newest_first(self, mask: BoolArray, end: int, fieldname: str = "published") -> IntArray:
        """The first ``end`` documents of ``mask`` by ``fieldname``, newest first.

        whoosh's sort (``FieldFacet(fieldname, reverse=True)``) orders by the column's
        reversed sort key, then by document number; documents without a value take the
        column's default, as there.
        """
        keys = self._date_keys.get(fieldname)
        if keys is None:
            parts = []
            for leaf in self.leaves:
                if not leaf.size:
                    continue  # an empty index's reader has no columns
                column = leaf.reader.column_reader(fieldname, reverse=True, translate=False)
                key = column.sort_key
                parts.append(np.fromiter(map(key, range(leaf.size)), np.int64, leaf.size))
            keys = self._date_keys[fieldname] = (
                np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            )
        docs = np.flatnonzero(mask)
        order = np.lexsort((docs, keys[docs]))[:end]
        return docs[order].astype(np.int64)

    def scorer(self, fieldname: str, text: bytes) -> Any:
        """whoosh's scorer of a word (idf and average length of the whole index)."""
        key = (fieldname, text)
        got = self._scorers.get(key)
        if got is None:
            if len(self._scorers) >= _SCORER_CACHE:
                self._scorers.clear()  # a long-running server sees ever new words
            got = self._scorers[key] = self.weighting.scorer(self.searcher, fieldname, text)
        return got


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


class _Evaluation:
    """One query over one segment."""

    def __init__(self, bulk: BulkSearcher, leaf: _Leaf) -> None:
        self.bulk = bulk
        self.leaf = leaf
        self.reader = leaf.reader
        self.size = leaf.size
        self._postings: dict[tuple[str, bytes], _Postings | None] = {}

    # -- helpers --------------------------------------------------------------------------
    def none(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=np.bool_), np.zeros(self.size, dtype=np.float64))

    def postings(self, fieldname: str, text: bytes) -> _Postings | None:
        key = (fieldname, text)
        if key not in self._postings:
            self._postings[key] = self.leaf.postings(fieldname, text)
        return self._postings[key]

    @staticmethod
    def boosted(m: Matches, boost: float) -> Matches:
        if boost == 1.0:
            return m
        return Matches(m.mask, m.score * boost)

    # -- dispatch -------------------------------------------------------------------------
    def run(self, q: Any, *, scored: bool) -> Matches:
        """``q`` on this segment. ``scored`` is false inside ``NOT`` (whoosh's boolean
        context), where only which documents match counts."""
        handler = _HANDLERS.get(type(q))
        if handler is None:
            raise UnsupportedQueryError(type(q).__name__)
        return handler(self, q, scored)

    # -- leaves ---------------------------------------------------------------------------
    def term(self, q: Any, scored: bool) -> Matches:
        schema = self.bulk.searcher.schema
        if q.fieldname not in schema:
            return self.none()
        field = schema[q.fieldname]
        try:
            text = field.to_bytes(q.text)
        except ValueError:
            return self.none()
        return self.boosted(self.word(q.fieldname, text, scored), q.boost)

    def word(self, fieldname: str, text: bytes, scored: bool) -> Matches:
        """One word in one field: its postings, scored as whoosh's scorer scores them."""
        p = self.postings(fieldname, text)
        m = self.none()
        if p is None:
            return m
        m.mask[p.ids] = True
        if not scored:
            return m
        scorer = self.bulk.scorer(fieldname, text)
        if not hasattr(scorer, "idf"):  # WeightScorer: a field without lengths
            m.score[p.ids] = p.weights
            return m
        # bm25(idf, tf, fl, avgfl, B, K1) in whoosh's order of operations.
        tf = p.weights
        fl = self.leaf.lengths(fieldname)[p.ids]
        b, k1 = scorer.B, scorer.K1
        m.score[p.ids] = scorer.idf * (
            (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / scorer.avgfl))
        )
        return m

    # -- compounds ------------------------------------------------------------------------
    def tree(
        self,
        subs: Sequence[Any],
        combine: Callable[[Matches, Matches], Matches],
        weight: Callable[[Any], float],
        scored: bool,
    ) -> Matches:
        """whoosh's ``_tree_matcher`` for ``AND`` and ``OR``: a binary tree of ``subs``
        weighted by their estimated sizes (``make_weighted_tree``)."""
        ms = [self.run(s, scored=scored) for s in subs]
        if len(ms) == 1:
            return ms[0]
        # make_weighted_tree: the two lightest first (a stable sort: equal estimates keep
        # their order, where whoosh itself would fail comparing two matchers).
        items = sorted(zip([weight(s) for s in subs], ms, strict=True), key=lambda t: t[0])
        pool: list[tuple[float, Matches]] = list(items)
        while len(pool) > 1:
            (wa, a), (wb, b) = pool[0], pool[1]
            del pool[:2]
            merged = (wa + wb, combine(a, b))
            at = len(pool)
            for i, (w, _m) in enumerate(pool):
                if w > merged[0]:
                    at = i
                    break
            pool.insert(at, merged)
        return pool[0][1]

    def and_(self, q: Any, scored: bool) -> Matches:
        subs = q.subqueries
        if not subs:
            return self.none()
        if len(subs) == 1:
            return self.run(subs[0], scored=scored)
        reader = self.reader
        m = self.tree(subs, _intersect, lambda s: 0 - s.estimate_size(reader), scored)
        return self.boosted(m, q.boost)

    def or_(self, q: Any, scored: bool) -> Matches:
        subs = q.subqueries
        if not subs:
            return self.none()
        if len(subs) == 1:
            return self.run(subs[0], scored=scored)
        if q.scale or q.minmatch:
            raise UnsupportedQueryError("Or with scale or minmatch")
        # Or's AUTO choice, for the context whoosh's collectors search with (needs_current
        # false): a tree of unions, or for small segments and many clauses a preloaded array.
        if len(subs) < q.TOO_MANY_CLAUSES and (len(subs) == 2 or self.size > 5000):
            reader = self.reader
            m = self.tree(subs, _union, lambda s: s.estimate_size(reader), scored)
            return self.boosted(m, q.boost)
        return self.preloaded_or(subs, q.boost, scored)

    def preloaded_or(self, subs: Sequence[Any], boost: float, scored: bool) -> Matches:
        # ArrayUnionMatcher: a document matches where its summed score is positive.
        total = np.zeros(self.size, dtype=np.float64)
        for s in subs:
            m = self.run(s, scored=scored)
            if scored:
                total[m.mask] += m.score[m.mask] * boost
            else:
                total[m.mask] = 1.0
        mask = total > 0
        return Matches(mask, total if scored else np.where(mask, 1.0, 0.0))

    def not_(self, q: Any, scored: bool) -> Matches:
        # InverseMatcher: every document not matched (deleted ones are dropped later), with
        # the constant weight 1.0 as its score.
        child = self.run(q.query, scored=False)
        mask = ~child.mask & self.leaf.live
        return Matches(mask, np.where(mask, 1.0, 0.0))

    def and_not(self, q: Any, scored: bool) -> Matches:
        return self._gated(q, scored, keep=False)

    def require(self, q: Any, scored: bool) -> Matches:
        return self._gated(q, scored, keep=True)

    def _gated(self, q: Any, scored: bool, *, keep: bool) -> Matches:
        # ``a``, scored by ``a`` alone, where ``b`` matches (Require) or does not (AndNot).
        a = self.run(q.a, scored=scored)
        b = self.run(q.b, scored=False).mask
        return self.boosted(_only(a, a.mask & (b if keep else ~b)), q.boost)

    def every(self, q: Any, scored: bool) -> Matches:
        # Every document (listed by date: the backend never ranks these by score).
        if q.fieldname not in (None, "", "*"):
            raise UnsupportedQueryError("Every with a field")
        return Matches(np.ones(self.size, dtype=np.bool_), np.full(self.size, q.boost))

    def null(self, q: Any, scored: bool) -> Matches:
        return self.none()

    def phrase(self, q: Any, scored: bool) -> Matches:
        """An ordered phrase: the words' intersection, kept where the positions line up.

        whoosh's rule (``SpanNear2``, ordered, ``mindist`` 1): each word 1 to ``slop``
        positions after the previous one. The score is the intersection's, as whoosh's span
        matcher passes its child's score through.
        """
        schema = self.bulk.searcher.schema
        if q.fieldname not in schema:
            return self.none()
        field = schema[q.fieldname]
        if type(field.format) is not ArrayPositions:
            raise UnsupportedQueryError("positions not stored as arrays")
        texts = []
        for word in q.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return self.none()
            if (q.fieldname, text) not in self.reader:
                return self.none()  # a word missing: no document has the phrase
            texts.append(text)
        words = [self.word(q.fieldname, t, scored) for t in texts]
        m = _binary_tree(_intersect, words)
        candidates = m.mask & self.leaf.live
        if not candidates.any():
            return self.none()
        found = self._positions_line_up(q.fieldname, texts, candidates, q.slop)
        return self.boosted(_only(m, found), q.boost)

    def _positions_line_up(
        self, fieldname: str, texts: list[bytes], candidates: BoolArray, slop: int
    ) -> BoolArray:
        alive: IntArray | None = None
        for text in texts:
            keys = self._position_keys(fieldname, text, candidates)
            if alive is not None:
                hit = np.zeros(len(keys), dtype=np.bool_)
                if len(alive):
                    last = len(alive) - 1
                    for step in range(1, slop + 1):
                        wanted = keys - step
                        at = np.minimum(np.searchsorted(alive, wanted), last)
                        hit |= alive[at] == wanted
                keys = keys[hit]
            alive = keys
            if not len(alive):
                break
        found = np.zeros(self.size, dtype=np.bool_)
        if alive is not None and len(alive):
            found[alive >> 32] = True
        return found

    def _position_keys(self, fieldname: str, text: bytes, candidates: BoolArray) -> IntArray:
        """``document << 32 | position`` of every occurrence in a candidate, ascending."""
        p = self.postings(fieldname, text)
        if p is None:
            return np.zeros(0, dtype=np.int64)
        sizes, data = p.values()
        docs = np.repeat(p.ids, sizes // 4)
        positions = np.frombuffer(data, dtype="<u4").astype(np.int64)
        keep = candidates[docs]
        return (docs[keep] << 32) | positions[keep]


def _binary_tree(combine: Callable[[Matches, Matches], Matches], ms: list[Matches]) -> Matches:
    """whoosh's ``make_binary_tree``: halves, recursively."""
    if len(ms) == 1:
        return ms[0]
    half = len(ms) // 2
    return combine(_binary_tree(combine, ms[:half]), _binary_tree(combine, ms[half:]))


def _intersect(a: Matches, b: Matches) -> Matches:
    mask = a.mask & b.mask
    return Matches(mask, np.where(mask, a.score + b.score, 0.0))


def _union(a: Matches, b: Matches) -> Matches:
    return Matches(a.mask | b.mask, a.score + b.score)


def _only(m: Matches, mask: BoolArray) -> Matches:
    return Matches(mask, np.where(mask, m.score, 0.0))


_HANDLERS: dict[type, Callable[[_Evaluation, Any, bool], Matches]] = {
    query.Term: _Evaluation.term,
    query.And: _Evaluation.and_,
    query.Or: _Evaluation.or_,
    query.Not: _Evaluation.not_,
    query.AndNot: _Evaluation.and_not,
    query.Require: _Evaluation.require,
    query.Phrase: _Evaluation.phrase,
    query.Every: _Evaluation.every,
    type(query.NullQuery): _Evaluation.null,
}
