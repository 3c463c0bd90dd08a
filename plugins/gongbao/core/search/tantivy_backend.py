"""The tantivy (PyPI ``tantivy`` 0.27.0) implementation of :class:`SearchBackend`.

For archives of many thousands of records: whoosh answers in pure Python (100–800 ms on a broad
query over a large archive), tantivy in about a millisecond. This is the only module that
imports tantivy; it is loaded only when a site sets ``search_engine: tantivy`` (see
:mod:`gongbao.core.search.engines`).

What stays exactly as with whoosh:

* **Words.** tantivy has no Chinese tokenizer and must never tokenize Chinese itself (its
  ``default`` tokenizer keeps a whole CJK run as one token and drops tokens over 40 bytes, so
  most Chinese text would be unsearchable). Every title and body is segmented by
  :func:`gongbao.core.search.analysis.segment` and stored as pre-tokenized text: the same words,
  sub-words at the word's position, stop words dropped without renumbering.
* **Query language.** Queries are parsed by whoosh's parser configured exactly as for
  :class:`~gongbao.core.search.whoosh_backend.WhooshBackend` (it segments query words with the
  same dictionary) and the parsed tree is translated into tantivy queries; there is no second
  parser. The tree is inspected by class name, because only ``whoosh_backend`` imports whoosh.
* **Index directory.** Meta file, incremental updates by content hash, atomic swap and recovery
  come from :mod:`gongbao.core.search.indexdir`.

Totals are always exact: tantivy counts every match cheaply.
"""

from __future__ import annotations

import datetime
import json
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import tantivy

from gongbao.core.model.docnumber import canonical_doc_number, doc_number_key
from gongbao.core.search.analysis import (
    dictionary_fingerprint,
    dictionary_terms,
    segment,
)
from gongbao.core.search.backend import (
    INVALID_VALIDITY,
    IndexStats,
    IndexUnavailableError,
    QueryError,
    SearchHit,
    SearchQuery,
    SearchResults,
    facet_counts,
    prepare_query_text,
)
from gongbao.core.search.excerpt import make_excerpt
from gongbao.core.search.indexdir import (
    META_FILE,
    IndexHandle,
    RecordChanges,
    dir_size,
    discard_build,
    finish_build,
    live_dir,
    manifest,
    new_temp_dir,
    publish_build,
    recover,
)
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh_backend import (
    _split_list,
    body_terms,
    make_query_parser,
    parse_text_query,
)
from gongbao.core.search.whoosh_backend import make_schema as whoosh_schema

__all__ = [
    "ENGINE",
    "TantivyBackend",
    "build_index",
    "discard_build",
    "make_schema",
    "open_index",
    "publish_build",
]

ENGINE = "tantivy"
FORMAT_VERSION = 1
#: 文号 matches are OR'ed with the text query; this boost puts the document itself first.
DOC_NUMBER_BOOST = 1000.0
#: whoosh's ``TEXT(field_boost=2.0)`` on titles, applied here to title clauses.
TITLE_BOOST = 2.0
#: Pre-tokenized fields ignore their tokenizer; ``whitespace`` is named so that nothing can ever
#: fall back to tantivy's ``default`` tokenizer, which mangles Chinese (see the module brief).
_TEXT_TOKENIZER = "whitespace"
#: One writer thread: the cost of a build is segmenting in Python, not tantivy's indexing.
_WRITER_HEAP = 64_000_000
#: Buckets per facet: far more issuers/years than an archive has, below tantivy's bucket limit.
_FACET_SIZE = 50_000
_FACETS = ("year", "issuer", "kind")


# --------------------------------------------------------------------------- schema, documents


def make_schema() -> tantivy.Schema:
    """The tantivy schema: the same fields as whoosh's (see docs/search.md)."""
    sb = tantivy.SchemaBuilder()
    # raw: the whole value is one term (exact match, term delete by id, facets).
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("doc_number", stored=True, tokenizer_name="raw")
    sb.add_text_field("doc_number_key", tokenizer_name="raw")
    sb.add_text_field("issuer", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("category", stored=True, tokenizer_name="raw")
    sb.add_text_field("validity", stored=True, tokenizer_name="raw")
    sb.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title", stored=True, tokenizer_name=_TEXT_TOKENIZER)
    sb.add_text_field("body", stored=True, tokenizer_name=_TEXT_TOKENIZER)
    sb.add_date_field("published", stored=True, indexed=True, fast=True)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("page", stored=True)
    return sb.build()


def _tokens(text: str, terms: tuple[str, ...]) -> tantivy.PreTokenizedString:
    # Index mode: sub-words share their word's position; stop words are dropped but keep their
    # position (no renumbering), so phrases with a stop word inside stay aligned.
    tokens = [
        tantivy.Token(tok.text, tok.pos, tok.start, tok.end)
        for tok in segment(text, terms, index=True)
        if not tok.stopped
    ]
    return tantivy.PreTokenizedString(text, tokens)


def _document(record: SearchRecord, terms: tuple[str, ...]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", record.id)
    doc.add_text("kind", record.kind)
    doc.add_text("url", record.url)
    doc.add_pre_tokenized_text("title", _tokens(record.title, terms))
    doc.add_pre_tokenized_text("body", _tokens(record.body, terms))
    if record.page is not None:
        doc.add_integer("page", record.page)
    if record.doc_number:
        doc.add_text("doc_number", canonical_doc_number(record.doc_number))
        doc.add_text("doc_number_key", doc_number_key(record.doc_number))
    # Joint documents have several issuers; each is one term (and one facet value).
    for issuer in _split_list(record.issuer):
        doc.add_text("issuer", issuer)
    for category in _split_list(record.category):
        doc.add_text("category", category)
    if record.validity:
        doc.add_text("validity", record.validity)
    if record.published is not None:
        doc.add_date("published", datetime.datetime.combine(record.published, datetime.time()))
        doc.add_integer("year", record.published.year)
    return doc


# --------------------------------------------------------------------------- building


def build_index(
    records: Iterable[SearchRecord],
    index_dir: Path,
    *,
    extra_terms: Iterable[str] = (),
    defer_swap: bool = False,
) -> IndexStats:
    """Bring the tantivy index in ``index_dir`` up to date with ``records``, atomically.

    The same contract as :func:`gongbao.core.search.whoosh_backend.build_index`: unchanged
    records (by content hash) are neither re-segmented nor rewritten, changed ones replace
    their old version, vanished ones are deleted by a term delete on ``id``; a different
    dictionary, format or engine rebuilds from scratch. Work happens in a copy swapped in
    after the commit (or returned as ``stats.pending`` with ``defer_swap``). Raises
    ``ValueError`` for duplicate record ids; on any error the previous index is kept.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(index_dir)
    extra = tuple(extra_terms)
    terms = dictionary_terms(extra)
    fingerprint = dictionary_fingerprint(extra)
    previous = manifest(
        index_dir, engine=ENGINE, format_version=FORMAT_VERSION, fingerprint=fingerprint
    )
    changes = RecordChanges.of(records, previous)
    hashes = changes.hashes

    def stats(size: int, pending: Path | None = None) -> IndexStats:
        return changes.stats(
            started=started,
            fingerprint=fingerprint,
            index_dir=index_dir,
            size=size,
            pending=pending,
        )

    if previous is not None and changes.nothing:
        return stats(dir_size(live_dir(index_dir)))

    tmp = new_temp_dir(index_dir)
    try:
        if previous is None:
            tmp.mkdir()
            ix = tantivy.Index(make_schema(), path=str(tmp), reuse=False)
        else:
            shutil.copytree(live_dir(index_dir), tmp)
            ix = tantivy.Index.open(str(tmp))
        writer = ix.writer(heap_size=_WRITER_HEAP, num_threads=1)
        try:
            for record_id in changes.removed:
                writer.delete_documents_by_term("id", record_id)
            for record in changes.changed:
                if previous is not None:
                    # A delete only affects documents added before it: the new version stays.
                    writer.delete_documents_by_term("id", record.id)
                writer.add_document(_document(record, terms))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        # Files of segments replaced by this commit would otherwise be copied on every build.
        writer.garbage_collect_files()
        writer.wait_merging_threads()
        del writer, ix
        size, pending = finish_build(
            tmp,
            index_dir,
            engine=ENGINE,
            format_version=FORMAT_VERSION,
            fingerprint=fingerprint,
            hashes=hashes,
            defer_swap=defer_swap,
            # The query side must segment with this very dictionary (whoosh pickles it
            # into its schema; tantivy has nowhere else to keep it).
            extra_terms=list(extra),
            terms=list(terms),
        )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return stats(size, pending)


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


# --------------------------------------------------------------------------- query translation

#: whoosh stores DATETIME values as microseconds since 0001-01-01 (``datetime_to_long``).
_WHOOSH_EPOCH = datetime.datetime(1, 1, 1)
_UNSUPPORTED = "检索式中含有暂不支持的写法（{}），请改用词语、“短语”、字段和 AND/OR/NOT。"


def _whoosh_datetime(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return _WHOOSH_EPOCH + datetime.timedelta(microseconds=int(value))


class _Translator:
    """whoosh query tree → tantivy query, for the node types our parser produces."""

    def __init__(self, schema: tantivy.Schema, wschema: Any) -> None:
        self.schema = schema
        self.wschema = wschema

    #: whoosh class name → handler. Anything else (a parser plugin added later, say) is refused
    #: rather than silently mistranslated. whoosh's NullQuery is a ``_NullQuery`` singleton.
    _HANDLERS: ClassVar[dict[str, str]] = {
        "And": "_and",
        "Or": "_or",
        "Not": "_not",
        "AndNot": "_and_not",
        "AndMaybe": "_and_maybe",
        "Require": "_require",
        "DisjunctionMax": "_dismax",
        "Every": "_every",
        "_NullQuery": "_null",
        "NullQuery": "_null",
        "Term": "_term",
        "Phrase": "_phrase",
        "NumericRange": "_numeric_range",
        "DateRange": "_numeric_range",
    }

    def __call__(self, q: Any) -> tantivy.Query:
        name = type(q).__name__
        handler = self._HANDLERS.get(name)
        if handler is None:
            raise QueryError(_UNSUPPORTED.format(name))
        result: tantivy.Query = getattr(self, handler)(q)
        boost = float(getattr(q, "boost", 1.0) or 1.0)
        if boost != 1.0 and name not in ("Term", "Phrase"):
            result = tantivy.Query.boost_query(result, boost)
        return result

    # -- boolean structure --------------------------------------------------------------
    def _clauses(
        self, subqueries: Iterable[Any], occur: tantivy.Occur
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for sub in subqueries:
            if type(sub).__name__ == "Not" and occur == tantivy.Occur.Must:
                clauses.append((tantivy.Occur.MustNot, self(sub.query)))
            else:
                clauses.append((occur, self(sub)))
        if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
            # A query of exclusions alone matches nothing in tantivy; whoosh means "all but".
            clauses.insert(0, (tantivy.Occur.Must, tantivy.Query.all_query()))
        return clauses

    def _and(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(self._clauses(q.subqueries, tantivy.Occur.Must))

    def _or(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(self._clauses(q.subqueries, tantivy.Occur.Should))

    def _not(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.all_query()),
                (tantivy.Occur.MustNot, self(q.query)),
            ]
        )

    def _and_not(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(q.a)), (tantivy.Occur.MustNot, self(q.b))]
        )

    def _and_maybe(self, q: Any) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(q.a)), (tantivy.Occur.Should, self(q.b))]
        )

    def _require(self, q: Any) -> tantivy.Query:
        # The right side must match but, as in whoosh, does not add to the score.
        required = tantivy.Query.const_score_query(self(q.b), 0.0)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self(q.a)), (tantivy.Occur.Must, required)]
        )

    def _dismax(self, q: Any) -> tantivy.Query:
        return tantivy.Query.disjunction_max_query(
            [self(sub) for sub in q.subqueries], tie_breaker=float(q.tiebreak)
        )

    def _every(self, q: Any) -> tantivy.Query:
        fieldname = getattr(q, "fieldname", None)
        if fieldname in ("published", "year"):
            return tantivy.Query.exists_query(fieldname)  # year:* = records that have a date
        return tantivy.Query.all_query()

    def _null(self, q: Any) -> tantivy.Query:
        return tantivy.Query.empty_query()

    # -- leaves -------------------------------------------------------------------------
    def _field_boost(self, fieldname: str, q: Any, result: tantivy.Query) -> tantivy.Query:
        boost = float(getattr(q, "boost", 1.0) or 1.0) * (
            TITLE_BOOST if fieldname == "title" else 1.0
        )
        return result if boost == 1.0 else tantivy.Query.boost_query(result, boost)

    def _value(self, fieldname: str, value: Any) -> Any:
        if isinstance(value, bytes):
            # NUMERIC/DATETIME terms arrive in whoosh's sortable byte encoding.
            value = self.wschema[fieldname].from_bytes(value)
        if fieldname == "year":
            return int(value)
        if fieldname == "published":
            return _whoosh_datetime(value)
        return str(value)

    def _term(self, q: Any) -> tantivy.Query:
        fieldname = q.fieldname
        result = tantivy.Query.term_query(self.schema, fieldname, self._value(fieldname, q.text))
        return self._field_boost(fieldname, q, result)

    def _phrase(self, q: Any) -> tantivy.Query:
        fieldname = q.fieldname
        words: list[str | tuple[int, str]] = [str(w) for w in q.words]
        if not words:
            return tantivy.Query.empty_query()
        if len(words) == 1:  # tantivy refuses (panics on) one-word phrases
            result = tantivy.Query.term_query(self.schema, fieldname, str(words[0]))
        else:
            # whoosh's slop is the largest position step allowed between each pair of words
            # (1 = adjacent; _StopAwarePhrase widens it by the stop words inside the phrase).
            # tantivy's slop is a budget of extra positions for the whole phrase (0 =
            # adjacent). Same matches for the usual cases (no stop word: exact; two words
            # around stop words: one gap); with three or more words around stop words the
            # budget may also accept a few matches whoosh would not (never fewer).
            extra = max(0, int(q.slop) - 1) * (len(words) - 1)
            result = tantivy.Query.phrase_query(self.schema, fieldname, words, slop=extra)
        return self._field_boost(fieldname, q, result)

    def _range(self, q: Any, field_type: tantivy.FieldType, convert: Any) -> tantivy.Query:
        return tantivy.Query.range_query(
            self.schema,
            q.fieldname,
            field_type,
            None if q.start is None else convert(q.start),
            None if q.end is None else convert(q.end),
            include_lower=not q.startexcl,
            include_upper=not q.endexcl,
        )

    def _numeric_range(self, q: Any) -> tantivy.Query:
        if q.fieldname == "published":
            return self._range(q, tantivy.FieldType.Date, _whoosh_datetime)
        if q.fieldname in ("year", "page"):
            return self._range(q, tantivy.FieldType.Integer, int)
        raise QueryError(_UNSUPPORTED.format(f"{q.fieldname} 范围"))


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
        wschema = whoosh_schema(terms)
        self.close()
        self._ix, self.meta = ix, meta
        self._searcher = ix.searcher()
        self._schema = ix.schema
        # The whoosh parser segments query words with the index's own dictionary.
        self._parser = make_query_parser(wschema)
        self._translate = _Translator(self._schema, wschema)
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
    def _filters(self, sq: SearchQuery) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        schema = self._schema
        terms: list[tantivy.Query] = []
        if sq.issuer:
            terms.append(tantivy.Query.term_query(schema, "issuer", sq.issuer))
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
        """Run a query; raises :class:`QueryError` (Chinese message) for malformed input."""
        prepared = prepare_query_text(sq.text)
        self.refresh()
        with self._lock:
            searcher, schema = self._searcher, self._schema
            if searcher is None:
                raise IndexUnavailableError(f"检索索引已关闭：{self.index_dir}")
            text_q = parse_text_query(self._parser, prepared.text)
            parts = [
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, "doc_number_key", key), DOC_NUMBER_BOOST
                )
                for key in prepared.doc_number_keys
            ]
            if text_q is not None:
                parts.append(self._translate(text_q))
        every = False
        if not parts:
            # Nothing typed but maybe filters chosen: list everything that passes them.
            if prepared.text:
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
        terms = body_terms(text_q)
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
        )
