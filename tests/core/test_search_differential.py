"""Differential tests over one query set (``test_search_query.QUERIES``, every construct of the
language): the same records written two ways must answer alike.

* whoosh's stock W3 codec against gongbao's array codec (``whoosh/codec.py``): identical hits,
  scores (bit for bit), totals and facets;
* whoosh against tantivy: the same hits and totals and facets. Scores differ (both are BM25,
  computed differently: whoosh's one-byte field lengths, tantivy's own statistics), so only the
  sets of hits are compared, not their order;
* whoosh against tantivy on the real texts of tests/data/corpus: exact phrases, the whole plain
  query ranked first, 文号 in their spellings, issuer filters by part of a name: the same hits,
  totals, facets and excerpts, and the same documents in each rank tier (文号, whole phrase,
  the rest).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gongbao.core.search import engines
from gongbao.core.search.backend import QueryError, SearchBackend, SearchQuery, SearchResults
from gongbao.core.search.whoosh import build as whoosh_build
from gongbao.core.search.whoosh.backend import WhooshBackend, open_index
from tests.core.test_search import real_records
from tests.core.test_search_bulk import _extra_records
from tests.core.test_search_probes import DOC_NUMBER_VARIANTS, PROBES, corpus_records
from tests.core.test_search_query import QUERIES

SETTINGS: list[dict[str, Any]] = [{}, {"valid_only": True, "sort": "date"}, {"kind": "policy"}]


def _records() -> list[Any]:
    return [*real_records(), *_extra_records()]


def _answer(backend: SearchBackend, text: str, settings: dict[str, Any]) -> SearchResults | str:
    try:
        return backend.search(SearchQuery(text=text, page_size=100, facets=True, **settings))
    except QueryError as exc:
        return f"QueryError: {exc}"


@pytest.fixture(scope="module")
def codecs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, WhooshBackend]]:
    from whoosh.codec.whoosh3 import W3Codec

    root = tmp_path_factory.mktemp("codecs")
    whoosh_build.build_index(_records(), root / "array")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(whoosh_build, "ArrayCodec", W3Codec)
        # whoosh's own writer (the grouping writer writes array blocks only).
        mp.setattr(whoosh_build, "can_group", lambda schema: False)
        whoosh_build.build_index(_records(), root / "stock")
    opened = {name: open_index(root / name) for name in ("array", "stock")}
    for name, backend in opened.items():
        readers = backend._searcher.reader().leaf_readers()
        names = {type(r._segment.codec()).__name__ for r, _ in readers}
        assert names == {"ArrayCodec" if name == "array" else "W3Codec"}, name
    yield opened
    for backend in opened.values():
        backend.close()


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: ",".join(s) or "plain")
def test_stock_and_array_codec_answer_alike(
    codecs: dict[str, WhooshBackend], settings: dict[str, Any]
) -> None:
    found = 0
    for text in QUERIES:
        array, stock = (_answer(codecs[name], text, settings) for name in ("array", "stock"))
        if isinstance(array, str) or isinstance(stock, str):
            assert array == stock, text
            continue
        assert [(h.id, h.score) for h in array.hits] == [(h.id, h.score) for h in stock.hits], text
        assert (array.total, array.facets) == (stock.total, stock.facets), text
        assert [h.excerpt_html for h in array.hits] == [h.excerpt_html for h in stock.hits], text
        found += array.total > 0
    assert found > len(QUERIES) // 2


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SearchBackend]]:
    root = tmp_path_factory.mktemp("both")
    for engine in ("whoosh", "tantivy"):
        engines.build_index(engine, _records(), root / engine)
    opened = {engine: engines.open_index(root / engine) for engine in ("whoosh", "tantivy")}
    yield opened
    for backend in opened.values():
        backend.close()


#: Where the engines disagree, and why (each entry is checked to still disagree).
DIFFERENT = {
    # A stop word inside a phrase allows a gap (slop 3 here: 政务 then 公开 one to three words
    # later). tantivy's slop also accepts the two words at the same position, which the
    # sub-words 政务 and 公开 of 政务公开 are; whoosh's ordered span needs each word after
    # the previous one.
    '"政务 的 的 公开"': "tantivy's slop also matches words at one position",
}


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: ",".join(s) or "plain")
def test_whoosh_and_tantivy_find_the_same(
    both: dict[str, SearchBackend], settings: dict[str, Any]
) -> None:
    found = 0
    for text in QUERIES:
        whoosh, tantivy = (_answer(both[e], text, settings) for e in ("whoosh", "tantivy"))
        if isinstance(whoosh, str) or isinstance(tantivy, str):
            assert whoosh == tantivy, text
            continue
        theirs, ours = {h.id for h in whoosh.hits}, {h.id for h in tantivy.hits}
        if text in DIFFERENT:  # more matches, never fewer
            assert theirs <= ours and whoosh.total <= tantivy.total, text
            if not settings:
                assert theirs < ours, f"{text} no longer differs: drop it from DIFFERENT"
            continue
        assert theirs == ours, text
        assert (whoosh.total, whoosh.facets) == (tantivy.total, tantivy.facets), text
        if settings.get("sort") == "date":  # by date the order is the same too
            assert [h.id for h in whoosh.hits] == [h.id for h in tantivy.hits], text
        found += whoosh.total > 0
    assert found > len(QUERIES) // 2


# --------------------------------------------------------------------------- exact phrases

#: Quoted phrases, plain queries ranked by the whole phrase, 文号 spellings and issuer filters
#: on the real texts of tests/data/corpus (test_search_probes.py computes their truth).
CORPUS_QUERIES = [
    *(f'"{p}"' for p in PROBES[::4]),
    '"个人信息，不得公开"',
    '"专项附加" OR "综合保税"',
    '"信息公开" NOT 海关',
    '标题:"海关总署"',
    "专项 附加",
    "信息 公开",
    "综合保税区 监管",
    "海关总署 行政复议",
    *DOC_NUMBER_VARIANTS,
]
CORPUS_SETTINGS: list[dict[str, Any]] = [
    {},
    {"issuer": "海关", "sort": "date"},
    {"issuer": "国务院"},
    {"kind": "interpretation", "valid_only": True},
]


@pytest.fixture(scope="module")
def corpus_engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SearchBackend]]:
    root = tmp_path_factory.mktemp("corpus")
    for engine in ("whoosh", "tantivy"):
        engines.build_index(engine, corpus_records(), root / engine)
    opened = {engine: engines.open_index(root / engine) for engine in ("whoosh", "tantivy")}
    yield opened
    for backend in opened.values():
        backend.close()


def _tiers(results: SearchResults) -> list[set[str]]:
    """The hits grouped by rank tier: 文号 match, whole phrase, the rest (scores are far apart)."""
    tiers: list[set[str]] = [set(), set(), set()]
    for hit in results.hits:
        tiers[0 if hit.score >= 1e5 else 1 if hit.score >= 1e4 else 2].add(hit.id)
    return tiers


@pytest.mark.parametrize("settings", CORPUS_SETTINGS, ids=lambda s: ",".join(s) or "plain")
def test_whoosh_and_tantivy_agree_on_exact_phrases_tiers_and_filters(
    corpus_engines: dict[str, SearchBackend], settings: dict[str, Any]
) -> None:
    found = 0
    for text in CORPUS_QUERIES:
        whoosh, tantivy = (
            _answer(corpus_engines[e], text, settings) for e in ("whoosh", "tantivy")
        )
        assert not isinstance(whoosh, str) and not isinstance(tantivy, str), (text, whoosh)
        assert {h.id for h in whoosh.hits} == {h.id for h in tantivy.hits}, text
        assert (whoosh.total, whoosh.facets) == (tantivy.total, tantivy.facets), text
        if settings.get("sort") == "date":  # newest first (records of one day in either order)
            assert [h.published for h in whoosh.hits] == [h.published for h in tantivy.hits]
            days = [h.published for h in whoosh.hits]
            assert days == sorted(days, key=lambda d: (d is None, -(d.toordinal() if d else 0)))
        else:  # the same documents first: 文号, then the whole phrase, then the rest
            assert _tiers(whoosh) == _tiers(tantivy), text
        excerpts = {h.id: h.excerpt_html for h in tantivy.hits}
        assert all(excerpts[h.id] == h.excerpt_html for h in whoosh.hits), text
        found += whoosh.total > 0
    assert found >= 20
