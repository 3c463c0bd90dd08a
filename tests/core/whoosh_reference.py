"""Stock whoosh's answer to a :class:`SearchQuery`, to compare the backend with.

The query is parsed by whoosh's own ``MultifieldParser`` configured as gongbao configured it
before it had a parser of its own (:func:`make_query_parser`, with the stop-word-aware phrase
plugin): the language is defined by what that parser did.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh import query
from whoosh.fields import Schema
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

from gongbao.core.search.backend import QueryError, SearchQuery, facet_counts
from gongbao.core.search.whoosh.backend import WhooshBackend
from gongbao.core.search.whoosh.schema import JiebaTokenizer


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


def reference_parse(parser: MultifieldParser, text: str) -> Any:
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


def reference(backend: WhooshBackend, sq: SearchQuery) -> tuple[list[Any], Any]:
    """Stock whoosh: the parser's query, filter, mask, sort and facets; every hit, the total
    and the facet counts."""
    from whoosh import sorting

    # The backend's own whoosh query (test_search_query.py compares its parts with whoosh's
    # parser): what is compared here is how it is evaluated.
    q, _marks = backend._query(sq.text)
    filt, mask = backend._filters(sq)
    # whoosh's NOT at the root returns deleted documents (test_search_bulk.py,
    # test_deleted_documents_never_come_back): leave them out of the reference.
    searcher = backend._searcher
    deleted = {d for d in range(searcher.doc_count_all()) if searcher.reader().is_deleted(d)}
    if deleted:
        mask = deleted | (set(searcher.docs_for_query(mask)) if mask is not None else set())
    groups = {
        "year": sorting.FieldFacet("year"),
        "issuer": sorting.FieldFacet("issuer", allow_overlap=True),
        "kind": sorting.FieldFacet("kind"),
    }
    kwargs: dict[str, Any] = {}
    if sq.sort == "date":
        kwargs["sortedby"] = sorting.FieldFacet("published", reverse=True)
    ref = backend._searcher.search(
        q,
        filter=filt,
        mask=mask,
        limit=None,
        groupedby=groups,
        maptype=sorting.Count,
        terms=False,
        **kwargs,
    )
    facets = {name: facet_counts(name, ref.groups(name).items()) for name in groups}
    return list(ref), (len(ref), facets)


def assert_same_as_whoosh(backend: WhooshBackend, sq: SearchQuery) -> int:
    """The backend's page, scores, exact total and facets are whoosh's; returns the total."""
    got = backend.search(sq)
    ref, (total, facets) = reference(backend, sq)
    start = (sq.page - 1) * sq.page_size
    page = ref[start : start + sq.page_size]
    assert [h.id for h in got.hits] == [hit["id"] for hit in page], sq
    if sq.sort != "date":  # whoosh's sorted hits carry the sort key as their "score"
        assert [h.score for h in got.hits] == [hit.score for hit in page], sq
    assert (got.total, got.exact) == (total, True), sq
    if sq.facets:
        assert got.facets == facets, sq
    return int(total)


def searcher_schema(backend: WhooshBackend) -> Any:
    """The schema of the backend's open index (its analyzer holds the index's dictionary)."""
    return backend._searcher.schema
