"""Differential tests over one query set (``test_search_query.QUERIES``, every construct of the
language): the same records written two ways must answer alike.

* whoosh's stock W3 codec against gongbao's array codec (``whoosh/codec.py``): identical hits,
  scores (bit for bit), totals and facets;
* whoosh against tantivy: the same hits and totals and facets. Scores differ (both are BM25,
  computed differently: whoosh's one-byte field lengths, tantivy's own statistics), so only the
  sets of hits are compared, not their order.
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
