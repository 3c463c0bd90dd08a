"""The whoosh (whoosh-reloaded 2.7.5) implementation of :class:`SearchBackend`.

whoosh is unmaintained (see shared/reference/search-pdf.md §1), so it stays behind the
engine-neutral API in :mod:`gongbao.core.search.backend`, in the modules of this package:
:mod:`.schema` (analyzer, fields, documents), :mod:`.build` (writing an index), :mod:`.query`
(the query language), :mod:`.codec` (how posting blocks are laid out on disk),
:mod:`.postings`, :mod:`.matches` and :mod:`.bulk` (queries evaluated over those blocks),
:mod:`.facets` and this one (the open index and its results).

Searching: the query is parsed; :mod:`.bulk` finds, scores and counts every match at once
over numpy arrays, with whoosh's BM25F scores bit for bit, so totals and facets are always
exact (at 10,000 documents whoosh's own matchers took 0.3–0.5 s for a phrase and estimated
most totals; ``docs/performance.md``). A query node the evaluator does not know is answered
by whoosh's matchers, collecting every match.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index, query, sorting

from gongbao.core.search.analysis import dictionary_fingerprint
from gongbao.core.search.backend import (
    INVALID_VALIDITY,
    IndexStats,
    IndexUnavailableError,
    QueryError,
    SearchHit,
    SearchQuery,
    SearchResults,
    matching_issuers,
)
from gongbao.core.search.excerpt import make_excerpt
from gongbao.core.search.indexdir import META_FILE, IndexHandle
from gongbao.core.search.indexdir import live_dir as _live_dir
from gongbao.core.search.query.exact import PHRASE_TIER
from gongbao.core.search.query.plan import plan_query
from gongbao.core.search.records import SearchRecord, split_values
from gongbao.core.search.whoosh.build import _UNREADABLE, FORMAT_VERSION, build_index
from gongbao.core.search.whoosh.bulk import BulkSearcher, UnsupportedQueryError
from gongbao.core.search.whoosh.facets import FacetTable
from gongbao.core.search.whoosh.matches import Matches, top_documents
from gongbao.core.search.whoosh.query import query_terms, to_whoosh

__all__ = ["DOC_NUMBER_BOOST", "WhooshBackend", "build_index", "open_index"]

#: 文号 matches are OR'ed with the text query; this boost puts the document itself first.
DOC_NUMBER_BOOST = 1000.0


def open_index(index_dir: Path, *, extra_terms: Iterable[str] | None = None) -> WhooshBackend:
    """Open the index in ``index_dir`` for searching.

    With ``extra_terms`` given, the index must have been built with that same dictionary;
    otherwise :class:`IndexUnavailableError` asks for a rebuild (dictionary drift would make
    queries silently return nothing for the new terms).
    """
    index_dir = Path(index_dir)
    backend = WhooshBackend(index_dir)
    if extra_terms is not None and backend.fingerprint != dictionary_fingerprint(extra_terms):
        backend.close()
        raise IndexUnavailableError(
            "检索词典已变更，现有索引已过期，请重新运行 `mkdocs build` 重建索引。"
        )
    return backend


def _by_date(q: Any, sq: SearchQuery) -> bool:
    """Whether a page is listed newest first: asked for, or nothing typed to rank by."""
    return sq.sort == "date" or isinstance(q, query.Every)


class WhooshBackend(IndexHandle):
    """A read-mostly handle on one index directory; safe to share between threads."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self._ix: Any = None
        self._searcher: Any = None
        self._open()

    # -- lifecycle ---------------------------------------------------------------------
    def _open(self) -> None:
        live = _live_dir(self.index_dir)
        broken = f"检索索引已损坏或版本不符：{live}（请重新运行 `mkdocs build`）"
        try:
            meta = json.loads((live / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexUnavailableError(f"{broken}：{exc}") from exc
        # Before whoosh unpickles the index's table of contents: an older format may name
        # classes this version no longer has.
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
            raise IndexUnavailableError("检索索引格式已更新，请重新运行 `mkdocs build`。")
        try:
            ix = index.open_dir(str(live))
        except _UNREADABLE as exc:
            raise IndexUnavailableError(f"{broken}：{type(exc).__name__}") from exc
        self.close()
        self._ix, self.meta = ix, meta
        self._searcher = ix.searcher()
        self._facet_table: FacetTable | None = None
        self._bulk: BulkSearcher | None = None
        self._issuer_names: list[str] | None = None
        self._remember_stamp()
        self._schema = ix.schema  # its analyzer holds the dictionary queries are cut with

    def close(self) -> None:
        """Close the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def build(self, records: Iterable[SearchRecord]) -> IndexStats:
        """Rebuild this index from ``records`` (see :func:`build_index`) and reopen it."""
        stats = build_index(records, self.index_dir)
        with self._lock:
            self._open()
        return stats

    # -- queries -----------------------------------------------------------------------
    def _filters(self, sq: SearchQuery) -> tuple[Any, Any]:
        clauses: list[Any] = []
        if sq.issuer:
            names = matching_issuers(sq.issuer, self._issuers())
            clauses.append(query.Or([query.Term("issuer", name) for name in names]))
        if sq.year is not None:
            clauses.append(query.Term("year", sq.year))
        if sq.kind:
            clauses.append(query.Term("kind", sq.kind))
        if sq.category:
            clauses.append(query.Term("category", sq.category))
        filt = query.And(clauses) if clauses else None
        mask = (
            query.Or([query.Term("validity", v) for v in sorted(INVALID_VALIDITY)])
            if sq.valid_only
            else None
        )
        return filt, mask

    def _query(self, text: str) -> tuple[Any, set[str]]:
        """The whoosh query of ``text`` (:func:`plan_query`) and the words excerpts mark.

        A 文号 key, the text query and the whole query as a phrase are alternatives: the key
        scores :data:`DOC_NUMBER_BOOST` times its weight, the phrase a constant
        :data:`PHRASE_TIER` on top of the text's score.
        """
        plan = plan_query(text, query_terms(self._schema))
        parts: list[Any] = [
            query.Term("doc_number_key", key, boost=DOC_NUMBER_BOOST)
            for key in plan.doc_number_keys
        ]
        if plan.tree is not None:
            parts.append(to_whoosh(plan.tree, self._schema))
        if plan.tier is not None:
            parts.append(query.ConstantScoreQuery(to_whoosh(plan.tier, self._schema), PHRASE_TIER))
        if not parts:
            # Nothing typed but maybe filters chosen: list everything that passes them.
            if plan.text:
                raise QueryError("检索式中没有可检索的词，请换用其他检索词。")
            return query.Every(), set()
        return (parts[0] if len(parts) == 1 else query.Or(parts)), set(plan.marks)

    def search(self, sq: SearchQuery) -> SearchResults:
        """Run a query; raises :class:`QueryError` (Chinese message) for malformed input.

        Every match is found, scored and counted at once by :mod:`.bulk` (whoosh's
        hits, order and scores; exact totals and facets). A query with a part it does not
        know is answered by whoosh's own matchers instead, collecting every match.
        """
        self.refresh()
        with self._lock:
            q, marked = self._query(sq.text)
            filt, mask = self._filters(sq)
            found = self._bulk_page(q, filt, mask, sq, marked)
            return found if found is not None else self._whoosh_page(q, filt, mask, sq, marked)

    def _bulk_page(
        self, q: Any, filt: Any, mask: Any, sq: SearchQuery, marked: set[str]
    ) -> SearchResults | None:
        """One page of ``q``'s matches, from every match at once (:mod:`.bulk`);
        ``None`` when the query has a part the bulk evaluator does not know."""
        try:
            if self._bulk is None:
                self._bulk = BulkSearcher(self._searcher)
            bulk = self._bulk
            found = bulk.evaluate(q)
            keep = found.mask
            if filt is not None:  # required, scored by q alone (as whoosh's filter)
                keep = keep & bulk.evaluate(filt, scored=False).mask
            if mask is not None:  # excluded, scored by q alone (as whoosh's mask)
                keep = keep & ~bulk.evaluate(mask, scored=False).mask
        except UnsupportedQueryError:
            return None
        end = sq.page * sq.page_size
        ranked = Matches(keep, found.score)
        docs = bulk.newest_first(keep, end) if _by_date(q, sq) else top_documents(ranked, end)
        searcher = self._searcher
        hits = [
            self._hit_of(searcher.stored_fields(int(d)), float(found.score[d]), marked)
            for d in docs[end - sq.page_size : end]
        ]
        return SearchResults(
            total=int(np.count_nonzero(keep)),
            hits=hits,
            facets=self._facets().counts(keep) if sq.facets else {},
        )

    def _issuers(self) -> list[str]:
        """Every issuer of a record in the index (deleted records aside)."""
        if self._issuer_names is None:
            if self._bulk is None:
                self._bulk = BulkSearcher(self._searcher)
            live = [leaf.live for leaf in self._bulk.leaves]
            mask = np.concatenate(live) if live else np.zeros(0, dtype=np.bool_)
            self._issuer_names = list(self._facets().counts(mask)["issuer"])
        return self._issuer_names

    def _facets(self) -> FacetTable:
        if self._facet_table is None:
            self._facet_table = FacetTable(self._searcher)
        return self._facet_table

    def _whoosh_page(
        self, q: Any, filt: Any, mask: Any, sq: SearchQuery, marked: set[str]
    ) -> SearchResults:
        """One page by whoosh's own matchers, every match collected (nothing pruned by
        score, so the total is exact): the fallback for what the bulk evaluator refuses."""
        kwargs: dict[str, Any] = {"filter": filt, "mask": mask, "terms": False, "limit": None}
        by_date = _by_date(q, sq)
        if by_date:
            kwargs["sortedby"] = sorting.FieldFacet("published", reverse=True)
        results: Any = self._searcher.search(q, **kwargs)
        if by_date:  # records without a date last, as the bulk path and tantivy list them
            results = sorted(results, key=lambda h: h.get("published") is None)
        end = sq.page * sq.page_size
        hits = [
            # A hit of a sorted whoosh search carries its sort key where the score would be.
            self._hit_of(h.fields(), 0.0 if by_date else float(h.score), marked)
            for h in results[end - sq.page_size : end]
        ]
        facets = {}
        if sq.facets:
            matched = np.zeros(self._searcher.doc_count_all(), dtype=np.bool_)
            matched[[h.docnum for h in results]] = True
            facets = self._facets().counts(matched)
        return SearchResults(total=len(results), hits=hits, facets=facets)

    @staticmethod
    def _excerpt(body: str, terms: set[str]) -> str:
        return make_excerpt(body, terms)

    def _hit_of(self, fields: dict[str, Any], score: float, terms: set[str]) -> SearchHit:
        published = fields.get("published")
        return SearchHit(
            id=fields["id"],
            kind=fields.get("kind", ""),
            title=fields.get("title", ""),
            url=fields.get("url", ""),
            doc_number=fields.get("doc_number", ""),
            issuer="、".join(split_values(fields.get("issuer", ""))),
            published=published.date() if published else None,
            score=score,
            excerpt_html=self._excerpt(fields.get("body", ""), terms),
            page=fields.get("page"),
            issue=fields.get("issue") or "",
        )
