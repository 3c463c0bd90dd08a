"""The whoosh (whoosh-reloaded 2.7.5) implementation of :class:`SearchBackend`.

This is the only module that imports whoosh: the engine is unmaintained (see
shared/reference/search-pdf.md §1), so it stays behind the engine-neutral API in
:mod:`gongbao.core.search.backend`. Its query parser (:func:`make_query_parser`) also defines
the query language of the tantivy backend, which translates the parsed tree.

The index directory (meta file, temporary build, atomic swap, recovery) is handled by
:mod:`gongbao.core.search.indexdir`: a build never touches the live index until it has
committed; then the live directory is renamed aside and the new one renamed into place.

Searching uses whoosh's matchers and BM25F scores, with three changes measured on a 10,000-
document archive (``docs/performance.md``): phrases are matched on plain integer positions
(:class:`_PhraseMatcher`), only words and ``OR`` skip blocks for their top hits (everything else
is counted exactly, never pruned by score), and facets are counted from a per-document table
(:class:`_FacetTable`) instead of whoosh's facet collector. Each gives whoosh's own results
(tested against it).
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import pickle
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain
from pathlib import Path
from typing import Any

from whoosh import collectors, index, query, sorting
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.matching import NullMatcher, WrappingMatcher
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
from whoosh.query.spans import Span, SpanNear2
from whoosh.query.wrappers import WrappingQuery
from whoosh.system import _INT_SIZE

from gongbao.core.docnumber import canonical_doc_number, doc_number_key
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

__all__ = [
    "FACET_FIELDS",
    "JiebaText",
    "JiebaTokenizer",
    "WhooshBackend",
    "body_terms",
    "build_index",
    "decode_positions",
    "discard_build",
    "make_query_parser",
    "make_schema",
    "open_index",
    "parse_text_query",
    "publish_build",
]

ENGINE = "whoosh"
FORMAT_VERSION = 2
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
    writer itself. The postings are the same (words, frequencies, weights and encoded
    positions), so queries, highlighting and an index written by plain ``TEXT`` are unchanged.
    Pickled into the index by import path, like :class:`JiebaTokenizer`.
    """

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        analyzer, fmt = self.analyzer, self.format
        fast = (
            isinstance(value, str)
            and not kwargs
            and type(analyzer) is JiebaTokenizer
            and analyzer.hmm
            and type(fmt) is Positions
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


def _manifest(index_dir: Path, fingerprint: str) -> dict[str, str] | None:
    """``{record id: content hash}`` of the live index, if it can be updated in place."""
    # Another engine's index (the site switched engines) is never updated in place.
    return _read_manifest(
        index_dir, engine=ENGINE, format_version=FORMAT_VERSION, fingerprint=fingerprint
    )


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
                ix.writer(procs=procs, limitmb=WRITER_POOL_MB, multisegment=True)
                if procs > 1
                else ix.writer(limitmb=SINGLE_POOL_MB)
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


class _ExactMatcher(WrappingMatcher):
    """A matcher that is never pruned by score, so every match is visited and counted.

    whoosh's top-hits collector otherwise skips blocks (``skip_to_quality``) and replaces
    branches that cannot reach the current top (``replace(minscore)``) while still reporting
    its count as exact.
    """

    def supports_block_quality(self) -> bool:
        return False

    def replace(self, minquality: float = 0) -> Any:
        child = self.child.replace(0)
        return self if child is self.child else self._replacement(child)

    def _replacement(self, newchild: Any) -> Any:
        return self.__class__(newchild)


class _Filtered(query.Require):
    """Documents matching ``a`` and the filter ``b``, scored by ``a`` alone.

    Never pruned by score (:class:`_ExactMatcher`): whoosh's ``RequireMatcher`` can leave
    both sides on the same document when it skips (an assertion fails), and pruning while
    counting gave a filtered query a quarter of its real total.
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _ExactMatcher(super().matcher(searcher, context))


def decode_positions(value: bytes) -> list[int]:
    """``Positions().decode_positions(value)``: the positions of a word in one document.

    The same decoding (a count, then pickled gaps between positions), with the gaps summed
    by ``itertools.accumulate`` instead of a Python loop: phrase matching decodes the
    positions of every word in every candidate document.
    """
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[_INT_SIZE:])))


class _PhraseMatcher(SpanNear2.SpanNear2Matcher):
    """whoosh's ordered phrase matcher, with the position check done on plain integers.

    whoosh builds a ``Span`` object for every position of every word in every candidate
    document and merges them pairwise; a phrase of two common words over a large archive spent
    most of its time there. Here the positions are decoded once per word and followed as a
    map from where a partial phrase ends to where it starts. Which documents match is the
    same (the rule is SpanNear2's, ordered, ``mindist`` 1: each word 1 to ``slop`` positions
    after the previous one); scores come from the words, as before.
    """

    def _get_spans(self) -> list[Any]:
        slop = self.slop
        ms = self.ms
        chains = {p: p for p in decode_positions(ms[0].value())}
        steps = range(1, slop + 1)
        for m in ms[1:]:
            if not chains:
                return []
            ahead: dict[int, int] = {}
            for p in decode_positions(m.value()):
                for step in steps:
                    start = chains.get(p - step)
                    if start is not None and start < ahead.get(p, p + 1):
                        ahead[p] = start
            chains = ahead
        return [Span(start, end) for end, start in sorted(chains.items())]


class _Phrase(query.Phrase):
    """An ordered phrase matched by :class:`_PhraseMatcher` (what the parser's ``Phrase``
    becomes in the whoosh backend; the tantivy backend translates the parser's own)."""

    @classmethod
    def of(cls, q: Any) -> Any:
        """``q`` itself, or a copy of it as this class if it is a plain ``Phrase``."""
        if type(q) is not query.Phrase:
            return q
        new = cls(q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges)
        new.startchar, new.endchar = getattr(q, "startchar", None), getattr(q, "endchar", None)
        return new

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        # whoosh's Phrase.matcher, with this module's span matcher.
        if self.boost != 1.0 or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        if type(field.format) is not Positions:
            return super().matcher(searcher, context)  # not our encoding: whoosh's own
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, text) not in reader:
                return NullMatcher()  # a word missing: no document has the phrase
            terms.append(query.Term(self.fieldname, text))
        ms = [t.matcher(searcher, context) for t in terms]
        return _PhraseMatcher(ms, slop=self.slop, ordered=True, mindist=1)


class _Exact(WrappingQuery):
    """``child``, never pruned by score (:class:`_ExactMatcher`): every match is counted.

    Without it whoosh's top-hits collector still prunes branches by the current minimum
    score (``replace(minscore)``) when told not to skip blocks, and calls its count exact:
    ``海关 AND 监管`` reported 1,230 of its 19,044 matches at 10,000 documents.
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _ExactMatcher(self.child.matcher(searcher, context))


def _prunable(q: Any) -> bool:
    """Whether top hits of ``q`` are worth finding by skipping blocks (whoosh's ``optimize``).

    Only for words and alternatives (``Term``, ``Or``): skipping blocks that cannot reach the
    top is what makes a broad word fast, and whoosh's estimate of their total (the words'
    document counts) is close. A phrase or an ``AND`` gains nothing from it, because every
    candidate is still visited (measured at 10,000 documents: the same time or less without
    it), while the estimate is the rarest word's count: 19,054 for a phrase found in 20
    documents. Those are counted exactly instead.
    """
    if isinstance(q, query.Term):
        return True
    return type(q) is query.Or and all(_prunable(child) for child in q.children())


class _RecordingCollector(collectors.TopCollector):
    """whoosh's top-hits collector that also keeps the number of every match it sees."""

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.seen: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.seen.append(self.offset + sub_docnum)
        return super().collect(sub_docnum)


#: The facets the HTTP API and the JSON output count: by year, issuer and kind.
FACET_FIELDS = ("year", "issuer", "kind")


class _FacetTable:
    """Each document's values of :data:`FACET_FIELDS`, read once from the index's terms.

    A document has one year and one kind, and one or more issuers (a joint document counts
    once under each, as whoosh's overlapping facet counts it); a document without a value
    (a record with no date) is counted under none.
    """

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        schema = searcher.schema
        self.values: dict[str, dict[int, list[Any]]] = {}
        for name in FACET_FIELDS:
            field = schema[name]
            by_doc: dict[int, list[Any]] = {}
            # Full-precision terms only: a numeric field also indexes shifted prefixes.
            for text in field.sortable_terms(reader, name):
                value = field.from_bytes(text)
                for docnum in reader.postings(name, text).all_ids():
                    by_doc.setdefault(docnum, []).append(value)
            self.values[name] = by_doc

    def counts(self, docnums: Iterable[int]) -> dict[str, dict[str, int]]:
        """Facet counts over ``docnums``, as :func:`facet_counts` shows them."""
        docs = list(docnums)
        out = {}
        for name in FACET_FIELDS:
            by_doc = self.values[name]
            counter = Counter(chain.from_iterable(by_doc.get(d, ()) for d in docs))
            out[name] = facet_counts(name, counter.items())
        return out


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
        try:
            meta = json.loads((live / META_FILE).read_text(encoding="utf-8"))
            ix = index.open_dir(str(live))
        except (OSError, ValueError, index.IndexError) as exc:
            raise IndexUnavailableError(
                f"检索索引已损坏或版本不符：{live}（请重新运行 `mkdocs build`）：{exc}"
            ) from exc
        if meta.get("format") != FORMAT_VERSION:
            ix.close()
            raise IndexUnavailableError("检索索引格式已更新，请重新运行 `mkdocs build`。")
        self.close()
        self._ix, self.meta = ix, meta
        self._searcher = ix.searcher()
        self._facet_table: _FacetTable | None = None
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
        q = parse_text_query(self._parser, text)
        return q.accept(_Phrase.of) if q is not None else None

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
        """Run a query; raises :class:`QueryError` (Chinese message) for malformed input."""
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
            if filt is not None and not isinstance(q, query.Every):
                # whoosh tests a search's filter against every match of the text query; as a
                # required clause the engine skips to the documents both share instead. Same
                # hits, order, scores and counts (tested).
                q, filt = _Filtered(q, filt), None
            if sq.facets and sq.sort != "date" and not isinstance(q, query.Every):
                return self._faceted_page(q, mask, sq)
            searcher = self._searcher
            facets = {
                "year": sorting.FieldFacet("year"),
                "issuer": sorting.FieldFacet("issuer", allow_overlap=True),
                "kind": sorting.FieldFacet("kind"),
            }
            kwargs: dict[str, Any] = {"filter": filt, "mask": mask, "terms": False}
            if sq.facets:
                kwargs.update(groupedby=facets, maptype=sorting.Count)
            if sq.sort == "date" or isinstance(q, query.Every):
                kwargs["sortedby"] = sorting.FieldFacet("published", reverse=True)
            elif not sq.facets and filt is None and mask is None:
                # Top hits only: whoosh skips blocks that cannot reach the top (10x faster on
                # a broad query over a large archive); the total becomes an estimate.
                return self._top_page(q, sq)
            page = searcher.search_page(q, sq.page, pagelen=sq.page_size, **kwargs)
            marked = body_terms(q)
            hits = [self._hit(h, marked) for h in page]
            results = page.results
            counts = (
                {name: facet_counts(name, results.groups(name).items()) for name in facets}
                if sq.facets
                else {}
            )
            return SearchResults(total=len(results), hits=hits, facets=counts)

    def _faceted_page(self, q: Any, mask: Any, sq: SearchQuery) -> SearchResults:
        """A relevance-ranked page with the exact total and facet counts.

        whoosh's facet collector asks each facet for each match's value, in Python: for a
        word found in most of 10,000 documents that was most of the query's time. Here the
        matching document numbers are gathered (while ranking, or by a scoring-free pass for
        words, whose top hits skip blocks) and counted against a table of each document's
        year, issuers and kind. Same hits, scores, total and counts as whoosh's (tested).
        """
        if mask is not None:
            q = query.AndNot(q, mask)  # ranked by q alone, as whoosh's mask ranks
        end = sq.page * sq.page_size
        searcher = self._searcher
        if _prunable(q):
            results = searcher.search(q, limit=end, terms=False)
            docnums: list[int] = list(q.docs(searcher))
        else:
            collector = _RecordingCollector(limit=end, usequality=False)
            searcher.search_with_collector(_Exact(q), collector)
            results, docnums = collector.results(), collector.seen
        if self._facet_table is None:
            self._facet_table = _FacetTable(searcher)
        marked = body_terms(q)
        return SearchResults(
            total=len(docnums),
            hits=[self._hit(h, marked) for h in results[end - sq.page_size : end]],
            facets=self._facet_table.counts(docnums),
        )

    def _top_page(self, q: Any, sq: SearchQuery) -> SearchResults:
        end = sq.page * sq.page_size
        prune = _prunable(q)
        results = self._searcher.search(
            q if prune else _Exact(q), limit=end, terms=False, optimize=prune
        )
        marked = body_terms(q)
        hits = [self._hit(h, marked) for h in results[end - sq.page_size : end]]
        exact = results.has_exact_length()
        total = len(results) if exact else max(results.estimated_length(), results.scored_length())
        return SearchResults(total=total, hits=hits, exact=exact)

    @staticmethod
    def _excerpt(body: str, terms: set[str]) -> str:
        return make_excerpt(body, terms)

    def _hit(self, hit: Any, terms: set[str]) -> SearchHit:
        fields = hit.fields()
        published = fields.get("published")
        return SearchHit(
            id=fields["id"],
            kind=fields.get("kind", ""),
            title=fields.get("title", ""),
            url=fields.get("url", ""),
            doc_number=fields.get("doc_number", ""),
            issuer="、".join(_split_list(fields.get("issuer", ""))),
            published=published.date() if published else None,
            score=float(hit.score or 0.0),
            excerpt_html=self._excerpt(fields.get("body", ""), terms),
            page=fields.get("page"),
        )
