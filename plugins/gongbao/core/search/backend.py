"""Engine-neutral search API: queries, results, errors and the backend protocol.

Nothing here imports an index engine. Two backends implement :class:`SearchBackend`:
:mod:`gongbao.core.search.whoosh.backend` (the default) and
:mod:`gongbao.core.search.tantivy.backend` (plugin option ``search_engine: tantivy``, for large
archives); callers pick one through :mod:`gongbao.core.search.engines` and see only this API.
The query-text checks live here too, so every backend rejects the same malformed input with the
same Chinese messages.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from gongbao.core.errors import GongbaoError
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.search.records import RECORD_KINDS, SearchRecord

__all__ = [
    "INVALID_VALIDITY",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "IndexStats",
    "IndexUnavailableError",
    "PreparedQuery",
    "QueryError",
    "SearchBackend",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "facet_counts",
    "matching_issuers",
    "prepare_query_text",
]

#: Longer input is refused: nobody types more, and parsing/segmenting cost grows with it.
MAX_QUERY_CHARS = 200
#: Most words/operators a query may have (after segmentation, each is one index lookup).
MAX_QUERY_TERMS = 32
MAX_PAGE_SIZE = 100

#: Validity values that ``valid_only`` excludes. Records without a validity (解读, 公报) stay.
INVALID_VALIDITY: frozenset[str] = frozenset({"失效", "废止", "已失效", "已废止"})

SortOrder = Literal["relevance", "date"]


class QueryError(GongbaoError):
    """A malformed query; ``str(error)`` is a Chinese message fit to show the user."""


class IndexUnavailableError(GongbaoError):
    """The index is missing, damaged or was built with another dictionary."""


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for: free text plus structured filters."""

    text: str
    issuer: str | None = None
    year: int | None = None
    kind: str | None = None
    category: str | None = None
    valid_only: bool = False
    sort: SortOrder = "relevance"
    page: int = 1
    page_size: int = 10
    facets: bool = False
    """Count results by year, issuer and kind. Needs every match visited: ask only when shown
    (the HTTP API and the JSON output do)."""

    def __post_init__(self) -> None:
        if self.sort not in ("relevance", "date"):
            raise QueryError(f"排序方式只能是 relevance（相关度）或 date（日期）：{self.sort!r}")
        if self.page < 1:
            raise QueryError("页码必须从 1 开始。")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise QueryError(f"每页条数必须在 1 到 {MAX_PAGE_SIZE} 之间。")
        if self.kind is not None and self.kind not in RECORD_KINDS:
            raise QueryError(f"未知的类型 {self.kind!r}，可选：{'、'.join(RECORD_KINDS)}。")
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise QueryError(f"年份 {self.year} 不在合理范围内。")


@dataclass(frozen=True)
class SearchHit:
    """One result. ``excerpt_html`` is safe HTML: escaped text with ``<mark>`` around matches."""

    id: str
    kind: str
    title: str
    url: str
    doc_number: str
    issuer: str
    published: datetime.date | None
    score: float
    excerpt_html: str
    page: int | None = None
    issue: str = ""
    """The 刊期 of a gazette PDF page (its issuer is empty: the gazette is no 发布机关)."""


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, the total, and facet counts over the *whole* result set."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    exact: bool = True
    """False when ``total`` is the engine's estimate: a relevance-ranked page without facets
    or filters is found without visiting every match, so the count is not known exactly."""


@dataclass(frozen=True)
class IndexStats:
    """What a build did: counts, size on disk and wall time."""

    records: int
    resegmented: int
    reused: int
    size_bytes: int
    seconds: float
    fingerprint: str
    index_dir: Path
    pending: Path | None = None
    """A committed build not yet swapped in (``defer_swap=True``): publish or discard it."""


class SearchBackend(Protocol):
    """What the site, the CLI and the server need from a search engine."""

    def build(self, records: Iterable[SearchRecord]) -> IndexStats:
        """Replace the index with ``records`` (atomically; reusing what it can)."""
        ...

    def search(self, query: SearchQuery) -> SearchResults:
        """Run ``query``; raise :class:`QueryError` for malformed input."""
        ...

    def close(self) -> None:
        """Release files and caches."""
        ...

    def refresh(self) -> None:
        """Reopen if a build has swapped in a new index since the backend was opened."""
        ...

    def __enter__(self) -> SearchBackend:
        """Use as a context manager: closed on exit."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close the backend."""
        ...


# --------------------------------------------------------------------------- query text


@dataclass(frozen=True)
class PreparedQuery:
    """Query text after checks: 文号 pulled out as matching keys, the rest for the parser."""

    text: str
    doc_number_keys: tuple[str, ...]


_FIELD_NAMES = (
    "issuer|发布机关|发文机关|机关|year|年份|年度|kind|类型|category|分类|类别|validity|效力"
    "|title|标题|body|正文|全文|published|日期"
)
_FULLWIDTH_FIELD_COLON = re.compile(rf"(?<![\w])({_FIELD_NAMES})\s*：\s*")
_YEAR_FIELD = re.compile(r"(?<![\w])(?:year|年份|年度):(?P<value>[^\s)]*)")
_DOCNO_FIELD = re.compile(r"(?:文号|发文字号|doc_number)\s*[:：]\s*(?P<value>[^\s\"]+)")
_D = "[0-9０-９]"
_HAN = r"[\u3400-\u9fffA-Za-z]"
# 平政办发〔2023〕51号 in any bracket / digit width (cf. docnumber.DOC_NUMBER_RE, but anchored to a
# single run of characters so the words typed before it are not swallowed into the prefix).
_DOCNO_BRACKET = re.compile(
    rf"(?P<prefix>{_HAN}{{1,20}})\s*[〔\[［(（【〖{{｛]\s*(?P<year>{_D}{{4}})\s*"
    rf"[〕\]］)）】〗}}｝]\s*第?\s*(?P<seq>{_D}+)\s*号"
)
# 海关总署令第265号, or 海关总署令265号 without the 第.
_DOCNO_LING = re.compile(rf"(?P<prefix>{_HAN}{{0,19}}令)\s*第?\s*(?P<seq>{_D}+)\s*号")
# 海关总署公告2024年第10号, and a 文号 typed with 年 instead of brackets (国发2019年5号).
# The prefix must end as 机关代字 and 公告 numbers do, or 关于2019年5号 would be a 文号 too.
_DOCNO_YEARLY = re.compile(
    rf"(?P<prefix>{_HAN}{{0,19}}(?:发|函|字|电|公告|通告))\s*(?P<year>{_D}{{4}})\s*年"
    rf"\s*第?\s*(?P<seq>{_D}+)\s*号"
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_MAX_PREFIX_CANDIDATES = 8


def _candidate_keys(prefix: str, rest: str, min_len: int) -> list[str]:
    # The prefix run may carry words typed before the 文号 (关于平政办发…): try its suffixes,
    # longest first. Each is one exact term lookup, so this stays cheap.
    keys: list[str] = []
    for i in range(len(prefix)):
        candidate = prefix[i:]
        if len(candidate) < min_len or len(keys) >= _MAX_PREFIX_CANDIDATES:
            break
        key = doc_number_key(candidate + rest)
        if key not in keys:
            keys.append(key)
    return keys


def _ascii_digits(text: str) -> str:
    return text.translate({0xFF10 + i: 0x30 + i for i in range(10)})


def _extract_doc_numbers(text: str) -> tuple[str, list[str]]:
    keys: list[str] = []

    def explicit(match: re.Match[str]) -> str:
        value = match["value"]
        found = len(keys)
        replaced = _find_forms(value, keys)
        if len(keys) == found:  # not a recognised form: match it as typed (still normalised)
            keys.append(doc_number_key(value))
            return f' "{value}" '
        return f" {replaced} "

    text = _DOCNO_FIELD.sub(explicit, text)
    text = _find_forms(text, keys)
    return text, list(dict.fromkeys(keys))


def _find_forms(text: str, keys: list[str]) -> str:
    def bracket(m: re.Match[str]) -> str:
        rest = _ascii_digits(f"〔{m['year']}〕{m['seq']}号")
        keys.extend(_candidate_keys(m["prefix"], rest, 2))
        return f' "{m["prefix"]}{rest}" '

    def ling(m: re.Match[str]) -> str:
        rest = _ascii_digits(f"第{m['seq']}号")
        keys.extend(_candidate_keys(m["prefix"], rest, 2))
        return f' "{m["prefix"]}{rest}" '

    def yearly(m: re.Match[str]) -> str:
        rest = _ascii_digits(f"{m['year']}年第{m['seq']}号")
        notice = m["prefix"].endswith("告")
        keys.extend(_candidate_keys(m["prefix"], rest, 3 if notice else 2))
        if notice:
            return f' "{m["prefix"]}{rest}" '
        # Other documents cite it as GB/T 9704 writes it: 国发〔2019〕5号.
        cited = _ascii_digits(f"〔{m['year']}〕{int(m['seq'])}号")
        return f' "{m["prefix"]}{cited}" '

    # Skip text already inside quotes: "…" phrases are the user's own business.
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        part = _DOCNO_BRACKET.sub(bracket, parts[i])
        part = _DOCNO_YEARLY.sub(yearly, part)
        parts[i] = _DOCNO_LING.sub(ling, part)
    return '"'.join(parts)


def _check_structure(text: str) -> None:
    """Reject what a parser would silently mangle: stray quotes, parentheses and operators."""
    if text.count('"') % 2:
        raise QueryError('引号不成对：请检查检索式中的引号（"…" 或 “…”）是否成对出现。')
    tokens: list[str] = []
    for i, part in enumerate(text.split('"')):
        if i % 2:
            tokens.append("PHRASE")
            continue
        tokens.extend(re.findall(r"\(|\)|[^\s()]+", part))
    depth = 0
    previous: str | None = None
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth < 0:
                raise QueryError("括号不成对：多了右括号“)”。")
            if previous in _OPERATORS:
                raise QueryError(f"运算符 {previous} 后面缺少检索词。")
        elif token in ("AND", "OR") and (
            previous is None or previous in _OPERATORS or previous == "("
        ):
            raise QueryError(f"运算符 {token} 前面缺少检索词，例如：政务公开 {token} 营商环境。")
        previous = token
    if depth > 0:
        raise QueryError("括号不成对：缺少右括号“)”。")
    if previous in _OPERATORS:
        raise QueryError(f"运算符 {previous} 后面缺少检索词。")
    words = [t for t in tokens if t not in ("(", ")")]
    if words and all(t in _OPERATORS for t in words):
        raise QueryError("检索式只有运算符（AND/OR/NOT），请输入检索词。")
    if len(words) > MAX_QUERY_TERMS:
        raise QueryError(f"检索词太多（{len(words)}个），请减少到{MAX_QUERY_TERMS}个以内。")


def prepare_query_text(text: str) -> PreparedQuery:
    """Check and normalise user input; pull out 文号 in any common spelling.

    Raises :class:`QueryError` with a Chinese message for input that is too long, has unbalanced
    quotes/parentheses or misplaced operators. 文号 (``平政办发[2023]51号``,
    ``海关总署令第265号``, ``海关总署令265号``, ``海关总署公告2024年第10号``, ``国发2019年5号``,
    ``文号:…``; see :func:`~gongbao.core.model.docnumber.doc_number_key`) become matching
    keys and are replaced in the text by a quoted phrase, so brackets never reach the query
    parser.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"检索词过长（{len(text)}个字符），请缩短到{MAX_QUERY_CHARS}个字符以内。")
    # Control characters (from copy-paste) would end up in terms; treat them as spaces.
    text = re.sub(r"[\x00-\x1f\x7f\u3000]", " ", text)
    # Chinese input methods give curly and full-width quotes: all of them mean a phrase.
    text = re.sub(r"[“”„‟＂「」]", '"', text)
    text = _FULLWIDTH_FIELD_COLON.sub(r"\1:", text)
    for match in _YEAR_FIELD.finditer(text):
        # whoosh would silently turn year:abc into "match nothing".
        if not re.fullmatch(r"\d{4}", match["value"]):
            raise QueryError(f"年份必须是四位数字，例如 year:2024（收到：{match['value']}）。")
    if text.count('"') % 2:
        _check_structure(text)  # raises the quote message before 文号 extraction adds quotes
    text, keys = _extract_doc_numbers(text)
    _check_structure(text)
    return PreparedQuery(text=re.sub(r"\s+", " ", text).strip(), doc_number_keys=tuple(keys))


def matching_issuers(wanted: str, issuers: Iterable[str]) -> list[str]:
    """The issuers an issuer filter ``wanted`` keeps, sorted: ``wanted`` itself where a record
    has exactly that issuer (a facet link: its count is the results' count), otherwise every
    issuer whose name contains it (海关 → 海关总署, 海关总署广东分署). Empty: none matches."""
    names = set(issuers)
    if wanted in names:
        return [wanted]
    return sorted(name for name in names if wanted in name)


def facet_counts(name: str, pairs: Iterable[tuple[object, int]]) -> dict[str, int]:
    """(value, count) pairs of one facet as a sidebar shows them.

    Empty values are dropped and equal labels merged; years newest first, the other facets
    by count, then by name.
    """
    out: dict[str, int] = {}
    for key, count in pairs:
        if key is None or key == "":
            continue
        label = str(key)
        out[label] = out.get(label, 0) + int(count)
    if name == "year":
        return dict(sorted(out.items(), reverse=True))
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
