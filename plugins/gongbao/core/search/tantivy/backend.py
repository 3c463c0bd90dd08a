"""The tantivy (PyPI ``tantivy`` 0.27.0) implementation of :class:`SearchBackend`.

For archives of many thousands of records: whoosh answers in pure Python (100–800 ms on a broad
query over a large archive), tantivy in about a millisecond. Only the modules of this package
import tantivy; they are loaded only when a site sets ``search_engine: tantivy`` (see
:mod:`gongbao.core.search.engines`).

What stays exactly as with whoosh:

* **Words.** tantivy has no Chinese tokenizer and must never tokenize Chinese itself (its
  ``default`` tokenizer keeps a whole CJK run as one token and drops tokens over 40 bytes, so
  most Chinese text would be unsearchable). Every title and body is segmented by
  :func:`gongbao.core.search.analysis.segment` and stored as pre-tokenized text: the same words,
  sub-words at the word's position, stop words dropped without renumbering.
* **Query language.** Queries are parsed by :mod:`gongbao.core.search.query.parse` (with the
  dictionary the index was built with) into the engine-neutral tree, which :mod:`.query`
  translates into tantivy queries: the whoosh backend translates that same tree, so both
  engines accept exactly one language. Nothing here imports whoosh.
* **Index directory.** Meta file, incremental updates by content hash, atomic swap and recovery
  come from :mod:`gongbao.core.search.indexdir`.

Totals are always exact: tantivy counts every match cheaply.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from pathlib import Path

import tantivy

from gongbao.core.search.analysis import dictionary_fingerprint, dictionary_terms
from gongbao.core.search.backend import (
    INVALID_VALIDITY,
    IndexStats,
    IndexUnavailableError,
    QueryError,
    SearchHit,
    SearchQuery,
    SearchResults,
    facet_counts,
    matching_issuers,
)
from gongbao.core.search.excerpt import make_excerpt
from gongbao.core.search.indexdir import META_FILE, IndexHandle, live_dir
from gongbao.core.search.query.exact import PHRASE_TIER
from gongbao.core.search.query.plan import plan_query
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.tantivy.build import ENGINE, FORMAT_VERSION, build_index
from gongbao.core.search.tantivy.query import Translator

__all__ = ["TantivyBackend", "build_index", "open_index"]

#: 文号 matches are OR'ed with the text query; this boost puts the document itself first.
DOC_NUMBER_BOOST = 1000.0
#: Buckets per facet: far more issuers/years than an archive has, below tantivy's bucket limit.
_FACET_SIZE = 50_000
_FACETS = ("year", "issuer", "kind")


def open_index(index_dir: Path, *, extra_terms: Iterable[str] | None = None) -> TantivyBackend:
    """Open the tantivy index in ``index_dir`` for searching.

    With ``extra_terms`` given, the index must have been built with that same dictionary;
    otherwise :class:`IndexUnavailableError` asks for a rebuild.
    """
    backend = TantivyBackend(Path(index_dir))
    if extra_terms is not None and backend.fingerprint != dictionary_fingerprint(extra_terms):
        backend.close()
        raise IndexUnavailableError(
            "检索词典已变更，现有索引已过期，请重新运行 `mkdocs build` 重建索引。"
        )
    return backend


# --------------------------------------------------------------------------- searching


class TantivyBackend(IndexHandle):
    """A read-mostly handle on one tantivy index directory; safe to share between threads."""

    engine = ENGINE

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self._ix: tantivy.Index | None = None
        self._searcher: tantivy.Searcher | None = None
        self._open()

    # -- lifecycle ---------------------------------------------------------------------
    def _open(self) -> None:
        live = live_dir(self.index_dir)
        try:
            meta = json.loads((live / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexUnavailableError(
                f"检索索引已损坏或版本不符：{live}（请重新运行 `mkdocs build`）：{exc}"
            ) from exc
        if meta.get("engine") != ENGINE or meta.get("format") != FORMAT_VERSION:
            raise IndexUnavailableError(
                f"检索索引不是本版本的 tantivy 索引：{live}（请重新运行 `mkdocs build`）。"
            )
        try:
            ix = tantivy.Index.open(str(live))
        except (OSError, ValueError) as exc:
            raise IndexUnavailableError(
                f"检索索引已损坏或版本不符：{live}（请重新运行 `mkdocs build`）：{exc}"
            ) from exc
        terms = tuple(meta.get("terms") or dictionary_terms(meta.get("extra_terms") or ()))
        self.close()
        self._ix, self.meta = ix, meta
        self._searcher = ix.searcher()
        self._schema = ix.schema
        # Query words are segmented with the index's own dictionary.
        self._terms = terms
        self._translate = Translator(self._schema)
        self._issuer_names: list[str] | None = None
        self._remember_stamp()

    def close(self) -> None:
        """Drop the searcher and the index (tantivy unmaps the files when they are freed)."""
        self._searcher = None
        self._ix = None

    def build(self, records: Iterable[SearchRecord]) -> IndexStats:
        """Rebuild this index from ``records`` (see :func:`build_index`) and reopen it."""
        stats = build_index(records, self.index_dir, extra_terms=self.meta.get("extra_terms") or ())
        with self._lock:
            self._open()
        return stats

    # -- queries -----------------------------------------------------------------------
    def _issuers(self) -> list[str]:
        """Every issuer of a record in the index."""
        if self._issuer_names is None:
            assert self._searcher is not None
            aggs = self._searcher.aggregate(
                tantivy.Query.all_query(),
                {"issuer": {"terms": {"field": "issuer", "size": _FACET_SIZE}}},
            )
            buckets = aggs.get("issuer", {}).get("buckets", [])
            self._issuer_names = [str(b["key"]) for b in buckets if b.get("doc_count")]
        return self._issuer_names

    def _filters(self, sq: SearchQuery) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        schema = self._schema
        terms: list[tantivy.Query] = []
        if sq.issuer:
            names = matching_issuers(sq.issuer, self._issuers())
            terms.append(tantivy.Query.term_set_query(schema, "issuer", names))
        if sq.year is not None:
            terms.append(tantivy.Query.term_query(schema, "year", sq.year))
        if sq.kind:
            terms.append(tantivy.Query.term_query(schema, "kind", sq.kind))
        if sq.category:
            terms.append(tantivy.Query.term_query(schema, "category", sq.category))
        # Filters restrict, they do not rank: score 0 leaves the text query's order alone.
        clauses = [(tantivy.Occur.Must, tantivy.Query.const_score_query(t, 0.0)) for t in terms]
        if sq.valid_only:
            invalid = tantivy.Query.term_set_query(schema, "validity", sorted(INVALID_VALIDITY))
            clauses.append((tantivy.Occur.MustNot, invalid))
        return clauses

    def search(self, sq: SearchQuery) -> SearchResults:
        """Run a query; raises :class:`QueryError` (Chinese message) for malformed input.

        As with whoosh: a 文号 key, the text query and the whole query as a phrase are
        alternatives, the key boosted :data:`DOC_NUMBER_BOOST` times, the phrase adding the
        constant :data:`PHRASE_TIER`.
        """
        self.refresh()
        with self._lock:
            searcher, schema = self._searcher, self._schema
            if searcher is None:
                raise IndexUnavailableError(f"检索索引已关闭：{self.index_dir}")
            plan = plan_query(sq.text, self._terms)
            parts = [
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, "doc_number_key", key), DOC_NUMBER_BOOST
                )
                for key in plan.doc_number_keys
            ]
            if plan.tree is not None:
                parts.append(self._translate(plan.tree))
            if plan.tier is not None:
                tier = self._translate(plan.tier)
                parts.append(tantivy.Query.const_score_query(tier, PHRASE_TIER))
        every = False
        if not parts:
            # Nothing typed but maybe filters chosen: list everything that passes them.
            if plan.text:
                raise QueryError("检索式中没有可检索的词，请换用其他检索词。")
            q, every = tantivy.Query.all_query(), True
        elif len(parts) == 1:
            q = parts[0]
        else:
            q = tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts])
        filters = self._filters(sq)
        if filters:
            q = tantivy.Query.boolean_query([(tantivy.Occur.Must, q), *filters])
        offset = (sq.page - 1) * sq.page_size
        by_date = sq.sort == "date" or every
        result = searcher.search(
            q,
            limit=sq.page_size,
            count=True,
            offset=offset,
            order_by_field="published" if by_date else None,
            order=tantivy.Order.Desc,
        )
        terms = set(plan.marks)
        hits = [
            self._hit(searcher.doc(address), 0.0 if by_date else float(score), terms)
            for score, address in result.hits
        ]
        facets: dict[str, dict[str, int]] = {}
        if sq.facets:
            aggs = searcher.aggregate(
                q, {name: {"terms": {"field": name, "size": _FACET_SIZE}} for name in _FACETS}
            )
            facets = {
                name: facet_counts(
                    name,
                    (
                        (b.get("key"), b.get("doc_count", 0))
                        for b in aggs.get(name, {}).get("buckets", [])
                    ),
                )
                for name in _FACETS
            }
        # SearchResult.count is set when count=True (missing from tantivy 0.27.0's stub).
        total = int(result.count or 0)  # type: ignore[attr-defined]
        return SearchResults(total=total, hits=hits, facets=facets, exact=True)

    @staticmethod
    def _hit(doc: tantivy.Document, score: float, terms: set[str]) -> SearchHit:
        published = doc.get_first("published")
        page = doc.get_first("page")
        return SearchHit(
            id=str(doc.get_first("id")),
            kind=str(doc.get_first("kind") or ""),
            title=str(doc.get_first("title") or ""),
            url=str(doc.get_first("url") or ""),
            doc_number=str(doc.get_first("doc_number") or ""),
            issuer="、".join(str(v) for v in doc.get_all("issuer")),
            published=published.date() if isinstance(published, datetime.datetime) else None,
            score=score,
            excerpt_html=make_excerpt(str(doc.get_first("body") or ""), terms),
            page=int(page) if page is not None else None,
            issue=str(doc.get_first("issue") or ""),
        )
