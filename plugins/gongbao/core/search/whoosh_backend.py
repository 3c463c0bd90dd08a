"""The whoosh (whoosh-reloaded 2.7.5) implementation of :class:`SearchBackend`.

whoosh is unmaintained (see shared/reference/search-pdf.md §1), so it stays behind the
engine-neutral API in :mod:`gongbao.core.search.backend`, in three modules: this one (schema,
analyzer, building, the query language, results), :mod:`.whoosh_codec` (how posting blocks are
laid out on disk) and :mod:`.whoosh_bulk` (queries evaluated over those blocks). Its query
parser (:func:`make_query_parser`) also defines the query language of the tantivy backend,
which translates the parsed tree.

The index directory (meta file, temporary build, atomic swap, recovery) is handled by
:mod:`gongbao.core.search.indexdir`: a build never touches the live index until it has
committed; then the live directory is renamed aside and the new one renamed into place.

Searching: whoosh parses the query; :mod:`.whoosh_bulk` finds, scores and counts every match
at once over numpy arrays, with whoosh's BM25F scores bit for bit, so totals and facets are
always exact (at 10,000 documents whoosh's own matchers took 0.3–0.5 s for a phrase and
estimated most totals; ``docs/performance.md``). A query node the evaluator does not know is
answered by whoosh's matchers, collecting every match.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index, query, sorting
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import (
    BoostPlugin,
    EveryPlugin,
    FieldAliasPlugin,
    MultifieldParser,
    PhrasePlugin,
    RangePlugin,
    SingleQuotePlugin,
    WildcardPlugin,
)
from whoosh.qparser.common import QueryParserError
from whoosh.qparser.syntax import ErrorNode

from gongbao.core.model.docnumber import canonical_doc_number, doc_number_key
from gongbao.core.search.analysis import (
    STOP_WORDS,
    dictionary_fingerprint,
    dictionary_terms,
    index_positions,
    prepare_segmenter,
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
    discard_build,
    finish_build,
    new_temp_dir,
    publish_build,
)
from gongbao.core.search.indexdir import dir_size as _dir_size
from gongbao.core.search.indexdir import live_dir as _live_dir
from gongbao.core.search.indexdir import manifest as _read_manifest
from gongbao.core.search.indexdir import recover as _recover
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh_bulk import (
    BulkSearcher,
    Matches,
    UnsupportedQueryError,
    top_documents,
)
from gongbao.core.search.whoosh_codec import ArrayCodec, ArrayPositions

__all__ = [
    "FACET_FIELDS",
    "ArrayPositions",
    "JiebaText",
    "JiebaTokenizer",
    "WhooshBackend",
    "body_terms",
    "build_index",
    "discard_build",
    "make_query_parser",
    "make_schema",
    "open_index",
    "parse_text_query",
    "publish_build",
]

ENGINE = "whoosh"
#: 3: positions stored as arrays (:class:`ArrayPositions`) in array-shaped posting blocks
#: (:class:`~gongbao.core.search.whoosh_codec.ArrayCodec`); older indexes are rebuilt.
FORMAT_VERSION = 3
#: 文号 matches are OR'ed with the text query; this boost puts the document itself first.
DOC_NUMBER_BOOST = 1000.0
_EXCERPT_WINDOW = 700  # characters of body handed to the highlighter (jieba is the cost)
_MARK_OPEN = re.compile(r'<mark class="[^"]*">')
_ISSUER_SPLIT = re.compile(r"[\s,，、;；]+")


# --------------------------------------------------------------------------- analyzer


class JiebaTokenizer(Tokenizer):
    """whoosh adapter for :func:`gongbao.core.search.analysis.segment`.

    whoosh pickles the analyzer into the index; this class is found again by its import path
    (``gongbao.core.search.whoosh_backend.JiebaTokenizer``) — do not move or rename it without a
    rebuild. Its pickled state is the full user dictionary, so a reopened index segments
    queries exactly as it segmented its documents.
    """

    def __init__(self, terms: tuple[str, ...] = (), hmm: bool = True) -> None:
        self.terms = tuple(terms)
        self.hmm = hmm

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.terms, self.hmm))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        # Everything but an explicit query expands sub-words (index, highlighting).
        for tok in segment(value, self.terms, index=mode != "query", hmm=self.hmm):
            if tok.stopped and removestops:
                continue  # dropped, but positions are NOT renumbered: phrases stay aligned
            t.text, t.boost, t.stopped = tok.text, 1.0, tok.stopped
            if keeporiginal:
                t.original = tok.text
            if positions:
                t.pos = start_pos + tok.pos
            if chars:
                t.startchar, t.endchar = start_char + tok.start, start_char + tok.end
            yield t


class JiebaText(TEXT):
    """A ``TEXT`` field whose postings come straight from :func:`index_positions`.

    whoosh indexes a field by running the analyzer and collecting one token object per word;
    for the Chinese bodies of a large archive that bookkeeping cost as much as the whoosh
    writer itself. The words, frequencies and weights are what plain ``TEXT`` would write;
    positions are stored as :class:`ArrayPositions`. Pickled into the index by import path,
    like :class:`JiebaTokenizer`.
    """

    def __init__(self, *args: Any, field_boost: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, field_boost=field_boost, **kwargs)
        self.format = ArrayPositions(field_boost=field_boost)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        analyzer, fmt = self.analyzer, self.format
        fast = (
            isinstance(value, str)
            and not kwargs
            and type(analyzer) is JiebaTokenizer
            and analyzer.hmm
            and type(fmt) is ArrayPositions
        )
        if not fast:
            yield from super().index(value, **kwargs)
            return
        boost = fmt.field_boost
        for word, positions in index_positions(value, analyzer.terms).items():
            freq = len(positions)
            yield word.encode("utf-8"), freq, freq * boost, fmt.encode(positions)


def make_schema(terms: tuple[str, ...]) -> Schema:
    """The index schema (see the module brief); ``terms`` is the jieba user dictionary."""
    analyzer = JiebaTokenizer(terms)
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        doc_number=ID(stored=True),
        doc_number_key=ID,
        issuer=KEYWORD(stored=True, commas=True, scorable=False),
        category=KEYWORD(stored=True, commas=True, scorable=False),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, stored=True, sortable=True),
        validity=ID(stored=True),
        url=STORED,
        title=JiebaText(analyzer=analyzer, stored=True, field_boost=2.0),
        body=JiebaText(analyzer=analyzer, stored=True),
        page=STORED,
        content_hash=STORED,
    )


# --------------------------------------------------------------------------- building


def _split_list(value: str) -> list[str]:
    return [v for v in _ISSUER_SPLIT.split(value) if v]


def _document(record: SearchRecord) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "body": record.body,
        "url": record.url,
        "page": record.page,
        "content_hash": record.content_hash(),
    }
    if record.doc_number:
        doc["doc_number"] = canonical_doc_number(record.doc_number)
        doc["doc_number_key"] = doc_number_key(record.doc_number)
    # Joint documents have several issuers; each is one keyword (and one facet value).
    if record.issuer:
        doc["issuer"] = ",".join(_split_list(record.issuer))
    if record.category:
        doc["category"] = ",".join(_split_list(record.category))
    if record.validity:
        doc["validity"] = record.validity
    if record.published is not None:
        doc["published"] = datetime.datetime.combine(record.published, datetime.time())
        doc["year"] = record.published.year
    return doc


#: whoosh's posting pool per writer process (MB) before it spills a sorted run to disk. With
#: parallel writers a small pool was as fast as a large one (4,000 records, two writers: 65 s
#: at 16 MB each, 79 s at 128 MB) and holds far less memory in each writer.
WRITER_POOL_MB = 16
#: The pool of a single writer (small archives, in-place updates); 256 MB measured best.
SINGLE_POOL_MB = 256

#: Below this many records (about 4,000 documents) more writer processes cost more than they
#: save: MkDocs is rendering on the other core for most of the index build anyway.
PARALLEL_THRESHOLD = 8000


def _procs(records: int) -> int:
    # whoosh forks its writers: never from a process with other threads (mkdocs serve).
    if records < PARALLEL_THRESHOLD or threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


#: What opening an index whose table of contents is damaged (or names classes this version
#: does not have) raises while whoosh unpickles it.
_UNREADABLE = (OSError, ValueError, EOFError, ImportError, AttributeError, index.IndexError)


def _manifest(index_dir: Path, fingerprint: str) -> dict[str, str] | None:
    """``{record id: content hash}`` of the live index, if it can be updated in place."""
    # Another engine's index (the site switched engines) is never updated in place.
    previous = _read_manifest(
        index_dir, engine=ENGINE, format_version=FORMAT_VERSION, fingerprint=fingerprint
    )
    if previous is not None:
        try:
            index.open_dir(str(_live_dir(index_dir))).close()
        except _UNREADABLE:
            return None  # damaged: rebuilt from scratch, never updated in place
    return previous


def build_index(
    records: Iterable[SearchRecord],
    index_dir: Path,
    *,
    extra_terms: Iterable[str] = (),
    defer_swap: bool = False,
) -> IndexStats:
    """Bring the index in ``index_dir`` up to date with ``records``, atomically.

    The index itself is the segmentation cache: each record's content hash is kept in the
    index's manifest, so an unchanged record is neither re-segmented nor rewritten; changed and
    new records are (re)indexed and vanished ones deleted. When nothing changed the live index
    is left alone. A different dictionary (``extra_terms``, ``terms.txt``, jieba) forces a full
    rebuild, since stale tokens would silently miss. Updates happen in a copy that replaces the
    live index only after committing; with ``defer_swap`` the committed copy is returned as
    ``stats.pending`` for :func:`publish_build` (or :func:`discard_build`), so a site build can
    publish its index only if the whole build succeeded. Raises ``ValueError`` for duplicate
    record ids; on any error the previous index is kept.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover(index_dir)
    terms = dictionary_terms(extra_terms)
    fingerprint = dictionary_fingerprint(extra_terms)
    previous = _manifest(index_dir, fingerprint)
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
        return stats(_dir_size(_live_dir(index_dir)))

    tmp = new_temp_dir(index_dir)
    try:
        if previous is None:
            tmp.mkdir()
            ix = index.create_in(str(tmp), make_schema(terms))
        else:
            shutil.copytree(_live_dir(index_dir), tmp)
            ix = index.open_dir(str(tmp))
        # A large cold build splits the documents over one writer process per core (each
        # writes its own segment; segmentation is the cost and parallelises).
        procs = _procs(changes.count) if previous is None else 1
        # With procs > 1 whoosh forks its writer processes: what this process holds (the
        # site plan the records are made from, the segmenter's dictionary table, built here
        # first) is frozen until they are done, so no cycle collector copies its pages into
        # each of them. Thawed afterwards unless a caller had frozen before us (IndexBuild).
        freeze = procs > 1
        thaw = freeze and gc.get_freeze_count() == 0
        if freeze:
            prepare_segmenter(terms)
            gc.freeze()
        try:
            writer = (
                ix.writer(
                    procs=procs, limitmb=WRITER_POOL_MB, multisegment=True, codec=ArrayCodec()
                )
                if procs > 1
                else ix.writer(limitmb=SINGLE_POOL_MB, codec=ArrayCodec())
            )
            try:
                for record_id in changes.removed:
                    writer.delete_by_term("id", record_id)
                for record in changes.changed:
                    # update_document deletes the old version by the unique id field first.
                    add = writer.add_document if previous is None else writer.update_document
                    add(**_document(record))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        finally:
            if thaw:
                gc.unfreeze()
        ix.close()
        size, pending = finish_build(
            tmp,
            index_dir,
            engine=ENGINE,
            format_version=FORMAT_VERSION,
            fingerprint=fingerprint,
            hashes=hashes,
            defer_swap=defer_swap,
        )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return stats(size, pending)


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


# --------------------------------------------------------------------------- searching


class _StopAwarePhrase(PhrasePlugin):
    """``"…"`` phrases whose stop words (dropped from the index) leave gaps of the right size.

    whoosh builds a Phrase from the words alone; 工作的通知 would then need 工作 and 通知 to
    be adjacent, but 的 (a stop word) sits between them in the index. We widen the slop by the
    longest run of stop words inside the phrase.
    """

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser: Any) -> Any:
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema else None
            if field is None or not isinstance(field.analyzer, JiebaTokenizer):
                return super().query(parser)
            words: list[str] = []
            char_ranges: list[tuple[int, int]] = []
            gap = run = 0
            sc = self.textstartchar
            for t in field.tokenize(self.text, mode="query", chars=True, removestops=False):
                if t.stopped:
                    run += 1
                    continue
                if words:
                    gap = max(gap, run)
                run = 0
                words.append(t.text)
                char_ranges.append((sc + t.startchar, sc + t.endchar))
            q = parser.phraseclass(
                fieldname,
                words,
                slop=max(self.slop, 1 + gap),
                boost=self.boost,
                char_ranges=char_ranges,
            )
            q.startchar, q.endchar = self.startchar, self.endchar
            return q

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser: Any, match: Any) -> Any:
            slop = int(match.group("slop")) if match.group("slop") else 1
            return _StopAwarePhrase.PhraseNode(match.group("text"), match.start("text"), slop)


_QUERY_FIELDS = ("title", "body", "issuer", "category", "kind", "year", "validity", "published")
_ALIASES = {
    "issuer": ["发布机关", "发文机关", "机关"],
    "year": ["年份", "年度"],
    "kind": ["类型"],
    "category": ["分类", "类别"],
    "validity": ["效力"],
    "title": ["标题"],
    "body": ["正文", "全文"],
    "published": ["日期"],
}
_KIND_ALIASES = {"政策": "policy", "文件": "policy", "解读": "interpretation", "公报": "gazette"}


def _leaves(q: Any) -> Iterator[Any]:
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)


def make_query_parser(schema: Schema) -> MultifieldParser:
    """The query-language parser over ``schema`` (an index's, or :func:`make_schema`'s).

    Words and phrases search title and body; field aliases (发文机关:, 年份:, 类型:…), AND/OR/
    NOT and quoted phrases with stop-word gaps. The tantivy backend parses with this same
    parser and translates the tree, so both engines accept exactly one query language.
    """
    parser = MultifieldParser(
        ["title", "body"], Schema(**{name: schema[name] for name in _QUERY_FIELDS})
    )
    for plugin in (
        WildcardPlugin,
        RangePlugin,
        BoostPlugin,
        SingleQuotePlugin,
        EveryPlugin,
        PhrasePlugin,
    ):
        # Wildcards expand to thousands of terms; [] {} ^ ' are ordinary text in Chinese.
        parser.remove_plugin_class(plugin)
    parser.add_plugin(_StopAwarePhrase())
    parser.add_plugin(FieldAliasPlugin(_ALIASES))
    return parser


def parse_text_query(parser: MultifieldParser, text: str) -> Any:
    """Parse prepared query text (see :func:`~gongbao.core.search.backend.prepare_query_text`)
    into a normalised whoosh query, or ``None`` when nothing searchable is left.

    Raises :class:`QueryError` (Chinese message) for what the parser cannot make sense of.
    """
    if not text:
        return None
    text = re.sub(r"((?:kind|类型):)(\S+)", lambda m: m[1] + _KIND_ALIASES.get(m[2], m[2]), text)
    try:
        q = parser.parse(text)
    except QueryParserError as exc:  # pragma: no cover - the parser is lenient
        raise QueryError(f"无法解析检索式：{exc}") from exc
    except ValueError as exc:
        raise QueryError(f"检索式中的字段值无效：{exc}") from exc
    leaves = list(_leaves(q))
    for leaf in leaves:
        if isinstance(leaf, ErrorNode) or type(leaf).__name__ == "ErrorQuery":
            raise QueryError(f"检索式有误：{getattr(leaf, 'message', leaf)}")
    if len(leaves) > 2 * 32:  # title+body double every word
        raise QueryError("检索词太多，请减少检索词。")
    q = q.normalize()
    return None if q is query.NullQuery else q


def body_terms(q: Any) -> set[str]:
    """The title/body words of a parsed query (stop words aside): what an excerpt marks."""
    terms: set[str] = set()
    if q is None:
        return terms
    for fieldname, text in q.iter_all_terms():
        if fieldname in ("body", "title"):
            word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            if word not in STOP_WORDS:
                terms.add(word)
    return terms


#: The facets the HTTP API and the JSON output count: by year, issuer and kind.
FACET_FIELDS = ("year", "issuer", "kind")


class _FacetTable:
    """Each document's values of :data:`FACET_FIELDS`, read once from the index's terms.

    A document has one year and one kind, and one or more issuers (a joint document counts
    once under each, as whoosh's overlapping facet counts it); a document without a value
    (a record with no date) is counted under none. Held as (document, value) pairs, so the
    counts over any set of matches are one ``bincount`` per facet.
    """

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        schema = searcher.schema
        self._pairs: dict[str, tuple[list[Any], Any, Any]] = {}
        for name in FACET_FIELDS:
            field = schema[name]
            labels: list[Any] = []
            docs: list[Any] = []
            # Full-precision terms only: a numeric field also indexes shifted prefixes.
            for text in field.sortable_terms(reader, name):
                labels.append(field.from_bytes(text))
                docs.append(np.fromiter(reader.postings(name, text).all_ids(), dtype=np.int64))
            codes = [np.full(len(d), i, dtype=np.int64) for i, d in enumerate(docs)]
            self._pairs[name] = (
                labels,
                np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
                np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64),
            )

    def counts(self, mask: Any) -> dict[str, dict[str, int]]:
        """Facet counts over the documents ``mask`` (a boolean array) marks, as
        :func:`facet_counts` shows them."""
        out = {}
        for name in FACET_FIELDS:
            labels, docs, codes = self._pairs[name]
            counted = np.bincount(codes[mask[docs]], minlength=len(labels)).tolist()
            out[name] = facet_counts(
                name, [(v, n) for v, n in zip(labels, counted, strict=True) if n]
            )
        return out


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
        self._facet_table: _FacetTable | None = None
        self._bulk: BulkSearcher | None = None
        self._remember_stamp()
        self._parser = make_query_parser(ix.schema)

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
    def _text_query(self, text: str) -> Any:
        return parse_text_query(self._parser, text)

    def _filters(self, sq: SearchQuery) -> tuple[Any, Any]:
        clauses: list[Any] = []
        if sq.issuer:
            clauses.append(query.Term("issuer", sq.issuer))
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

    def search(self, sq: SearchQuery) -> SearchResults:
        """Run a query; raises :class:`QueryError` (Chinese message) for malformed input.

        Every match is found, scored and counted at once by :mod:`.whoosh_bulk` (whoosh's
        hits, order and scores; exact totals and facets). A query with a part it does not
        know is answered by whoosh's own matchers instead, collecting every match.
        """
        prepared = prepare_query_text(sq.text)
        self.refresh()
        with self._lock:
            text_q = self._text_query(prepared.text)
            parts: list[Any] = [
                query.Term("doc_number_key", key, boost=DOC_NUMBER_BOOST)
                for key in prepared.doc_number_keys
            ]
            if text_q is not None:
                parts.append(text_q)
            if not parts:
                # Nothing typed but maybe filters chosen: list everything that passes them.
                if not prepared.text:
                    q: Any = query.Every()
                else:
                    raise QueryError("检索式中没有可检索的词，请换用其他检索词。")
            else:
                q = parts[0] if len(parts) == 1 else query.Or(parts)
            filt, mask = self._filters(sq)
            found = self._bulk_page(q, filt, mask, sq)
            return found if found is not None else self._whoosh_page(q, filt, mask, sq)

    def _bulk_page(self, q: Any, filt: Any, mask: Any, sq: SearchQuery) -> SearchResults | None:
        """One page of ``q``'s matches, from every match at once (:mod:`.whoosh_bulk`);
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
        marked = body_terms(q)
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

    def _facets(self) -> _FacetTable:
        if self._facet_table is None:
            self._facet_table = _FacetTable(self._searcher)
        return self._facet_table

    def _whoosh_page(self, q: Any, filt: Any, mask: Any, sq: SearchQuery) -> SearchResults:
        """One page by whoosh's own matchers, every match collected (nothing pruned by
        score, so the total is exact): the fallback for what the bulk evaluator refuses."""
        kwargs: dict[str, Any] = {"filter": filt, "mask": mask, "terms": False, "limit": None}
        by_date = _by_date(q, sq)
        if by_date:
            kwargs["sortedby"] = sorting.FieldFacet("published", reverse=True)
        results = self._searcher.search(q, **kwargs)
        end = sq.page * sq.page_size
        marked = body_terms(q)
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
            issuer="、".join(_split_list(fields.get("issuer", ""))),
            published=published.date() if published else None,
            score=score,
            excerpt_html=self._excerpt(fields.get("body", ""), terms),
            page=fields.get("page"),
        )
