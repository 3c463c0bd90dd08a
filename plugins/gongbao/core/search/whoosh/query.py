"""The query language on whoosh: whoosh's parser configured for it."""

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

from gongbao.core.search.analysis import STOP_WORDS
from gongbao.core.search.backend import QueryError
from gongbao.core.search.whoosh.schema import JiebaTokenizer

__all__ = ["body_terms", "make_query_parser", "parse_text_query"]


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
