"""Whole-index evaluation of whoosh queries over arrays: every match, scored, in one pass.

whoosh answers a query by stepping a tree of matchers through the documents one at a time, in
Python: at 10,000 documents (20,000 records) a phrase or an ``AND`` of two common words spent
0.3–0.5 s doing that, and counting the matches exactly or by facet cost as much again. Here each
word's postings are read whole (from the array-shaped blocks of :mod:`.codec`: documents
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
falls back to whoosh's matchers. Of what the query language makes (words, phrases, fields,
the operators) only a date range (``日期:2024``, a ``NumericRange``) is one of those.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from whoosh import query
from whoosh.scoring import BM25F

from gongbao.core.search.whoosh.codec import ArrayPositions
from gongbao.core.search.whoosh.matches import Matches, binary_tree, intersect, only, union
from gongbao.core.search.whoosh.postings import BoolArray, IntArray, Leaf, Postings

__all__ = ["BulkSearcher", "UnsupportedQueryError"]


#: Words whose scorers (idf, average length) are kept per opened index.
_SCORER_CACHE = 4096
#: The postings kept read and inflated per opened index (the words and character pairs of
#: recent queries; a common pair of a 10,000-document archive is a few MB of positions).
POSTINGS_CACHE_BYTES = 96 * 1024 * 1024


class UnsupportedQueryError(Exception):
    """A query node this module does not evaluate; use whoosh's matchers instead."""


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
        subs = searcher.leaf_searchers()
        share = POSTINGS_CACHE_BYTES // max(1, len(subs))
        self.leaves = [Leaf(sub.reader(), cache_bytes=share) for sub, _offset in subs]
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
        reversed sort key, then by document number; documents without a value (a record
        without a date) come last, as tantivy lists them (whoosh's own sort would put them
        first: the column's default value is the largest).
        """
        keys = self._date_keys.get(fieldname)
        if keys is None:
            parts: list[Any] = []
            missing: list[bool] = []
            for leaf in self.leaves:
                if not leaf.size:
                    continue  # an empty index's reader has no columns
                reader = leaf.reader
                column = reader.column_reader(fieldname, reverse=True, translate=False)
                raw = reader.column_reader(fieldname, translate=False)
                default = reader.schema[fieldname].column_type.default_value(False)
                parts.extend(map(column.sort_key, range(leaf.size)))
                missing.extend(raw[i] == default for i in range(leaf.size))
            # The default may not fit in 64 bits: order by each key's rank among the keys
            # instead (the same order), documents without a value after all the others.
            dated = sorted({key for key, gone in zip(parts, missing, strict=True) if not gone})
            rank = {key: i for i, key in enumerate(dated)}
            last = len(rank)
            keys = self._date_keys[fieldname] = np.fromiter(
                (last if gone else rank[key] for key, gone in zip(parts, missing, strict=True)),
                np.int64,
                len(parts),
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


class _Evaluation:
    """One query over one segment."""

    def __init__(self, bulk: BulkSearcher, leaf: Leaf) -> None:
        self.bulk = bulk
        self.leaf = leaf
        self.reader = leaf.reader
        self.size = leaf.size
        self._postings: dict[tuple[str, bytes], Postings | None] = {}

    # -- helpers --------------------------------------------------------------------------
    def none(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=np.bool_), np.zeros(self.size, dtype=np.float64))

    def postings(self, fieldname: str, text: bytes) -> Postings | None:
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
        m = self.tree(subs, intersect, lambda s: 0 - s.estimate_size(reader), scored)
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
            m = self.tree(subs, union, lambda s: s.estimate_size(reader), scored)
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
        return self.boosted(only(a, a.mask & (b if keep else ~b)), q.boost)

    def constant(self, q: Any, scored: bool) -> Matches:
        # ConstantScoreQuery: its child's matches, each scored the constant (a ListMatcher
        # of the child's ids with all weights equal).
        child = self.run(q.child, scored=False)
        return Matches(child.mask, np.where(child.mask, float(q.score), 0.0))

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
        m = binary_tree(intersect, words)
        candidates = m.mask & self.leaf.live
        if not candidates.any():
            return self.none()
        found = self._positions_line_up(q.fieldname, texts, candidates, q.slop)
        return self.boosted(only(m, found), q.boost)

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


_HANDLERS: dict[type, Callable[[_Evaluation, Any, bool], Matches]] = {
    query.Term: _Evaluation.term,
    query.And: _Evaluation.and_,
    query.Or: _Evaluation.or_,
    query.Not: _Evaluation.not_,
    query.AndNot: _Evaluation.and_not,
    query.Require: _Evaluation.require,
    query.Phrase: _Evaluation.phrase,
    query.Every: _Evaluation.every,
    query.ConstantScoreQuery: _Evaluation.constant,
    type(query.NullQuery): _Evaluation.null,
}
