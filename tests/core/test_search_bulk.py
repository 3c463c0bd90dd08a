"""The bulk evaluator (whoosh/bulk.py) against whoosh's own search, hit for hit and bit for bit.

Each query is answered by the backend (every match at once, over arrays) and by stock whoosh
(its matchers, its ``Phrase``, its filter, mask, sort and facet collector, nothing pruned), on
three indexes: the real texts in one segment; the same in two segments with deleted
documents; and more than 5,000 short records in one segment, where whoosh combines ``OR``
clauses in a size-weighted tree instead of a preloaded array.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongbao.core.search.backend import SearchQuery
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh.backend import WhooshBackend, open_index
from gongbao.core.search.whoosh.build import build_index
from gongbao.core.search.whoosh.codec import ArrayPositions
from gongbao.core.search.whoosh.schema import document as _document
from tests.core.test_search import real_records
from tests.core.whoosh_reference import assert_same_as_whoosh

TEXTS = [
    "海关",
    "行政复议",
    "政府信息公开",
    "公开 海关",
    "海关 OR 监管",
    "海关 OR 监管 OR 公开",
    "行政复议 OR 海关 OR 监管 OR 检查 OR 解读",
    "海关 AND 监管",
    "行政复议 NOT 海关",
    "公开 NOT 海关 NOT 监管",
    "(海关 OR 检疫) NOT 监管",
    "NOT 海关",
    '"行政复议机关"',
    '"海关 监管"',
    '"监管的意见"',
    '"中华人民共和国 海关"',
    '"政务 政务"',
    '"审理行政复议案件" OR 检查',
    '"政府信息公开 工作" 公开',
    "标题:海关",
    "正文:解读 海关",
    "发文机关:海关总署 行政复议",
    "年份:2019 监管",
    "类型:解读 政策",
    "海关总署令第265号",
    "国发〔2019〕5号",
    "国发[2019]5号 监管",
    "金伯利",
]
FILTERS: list[dict[str, Any]] = [
    {},
    {"valid_only": True},
    {"kind": "policy"},
    {"issuer": "海关总署", "valid_only": True},
    {"year": 2024},
    {"sort": "date"},
    {"page": 2, "page_size": 2},
]


def _uses_bulk(backend: WhooshBackend, sq: SearchQuery, monkeypatch: pytest.MonkeyPatch) -> None:
    """The query is answered by the bulk evaluator, not by the fallback to whoosh."""
    calls: list[object] = []
    original = backend._bulk_page

    def spy(*args: Any) -> Any:
        found = original(*args)
        calls.append(found)
        return found

    monkeypatch.setattr(backend, "_bulk_page", spy)
    backend.search(sq)
    monkeypatch.undo()
    assert calls and calls[0] is not None, sq


@pytest.fixture(scope="module")
def one_segment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshBackend]:
    root = tmp_path_factory.mktemp("bulk-one")
    build_index(real_records(), root / "index")
    with open_index(root / "index") as b:
        yield b


def _extra_records() -> list[SearchRecord]:
    joint = SearchRecord(
        "policy:2024/joint",
        "policy",
        "关于联合开展行政复议工作的通知",
        "policies/2024/joint.html",
        "海关总署与国务院办公厅联合开展行政复议工作。海关监管，行政复议机关依法审理。",
        datetime.date(2024, 3, 1),
        "署办发〔2024〕3号",
        "海关总署、国务院办公厅",
    )
    return [joint]


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshBackend]:
    from whoosh import index as whoosh_index

    from gongbao.core.search.indexdir import live_dir

    root = tmp_path_factory.mktemp("bulk-two")
    records = real_records()
    build_index(records, root / "index")
    ix = whoosh_index.open_dir(str(live_dir(root / "index")))
    writer = ix.writer()
    for record in _extra_records():
        writer.add_document(**_document(record))
    # A changed record: its old version is deleted from the first segment.
    changed = records[0]
    doc = _document(changed)
    doc["body"] += "\n海关监管 行政复议机关 政府信息公开工作。"
    writer.update_document(**doc)
    writer.delete_by_term("id", records[2].id)
    writer.commit(merge=False)
    ix.close()
    with open_index(root / "index") as b:
        readers = b._searcher.reader().leaf_readers()
        assert len(readers) == 2 and readers[0][0].has_deletions()
        # The first segment is gongbao's array layout, the second whoosh's own (ix.writer()
        # above): both are read, by the bulk evaluator and by whoosh's matchers.
        codecs = [type(r._segment.codec()).__name__ for r, _ in readers]
        assert codecs == ["ArrayCodec", "W3Codec"]
        yield b


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "plain")
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("index", ["one_segment", "two_segments"])
def test_queries_find_what_whoosh_finds(
    request: pytest.FixtureRequest, index: str, text: str, filters: dict[str, Any]
) -> None:
    # The real texts in one segment, and in two with deleted documents.
    backend = request.getfixturevalue(index)
    assert_same_as_whoosh(backend, SearchQuery(text=text, facets=True, **filters))


def test_remembered_postings_answer_as_fresh_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The postings cache: a budget of a few words (evicting all the time), none, and the
    # default give the same answers, query after query (the cache warm from earlier ones).
    from gongbao.core.search.whoosh import bulk

    build_index(real_records(), tmp_path / "index")
    answers, kept = {}, {}
    for budget in (0, 2_000, bulk.POSTINGS_CACHE_BYTES):
        monkeypatch.setattr(bulk, "POSTINGS_CACHE_BYTES", budget)
        with open_index(tmp_path / "index") as backend:
            got = []
            for _round in range(2):
                for text in TEXTS:
                    found = backend.search(SearchQuery(text=text, facets=True))
                    got.append((found.total, [h.id for h in found.hits], found.facets))
            assert backend._bulk is not None
            kept[budget] = sum(len(leaf._cache) for leaf in backend._bulk.leaves)
        answers[budget] = got
    assert answers[0] == answers[2_000] == answers[bulk.POSTINGS_CACHE_BYTES]
    assert kept[0] == 0 < kept[2_000] < kept[bulk.POSTINGS_CACHE_BYTES]


def test_the_queries_find_something_and_use_the_bulk_path(
    two_segments: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparisons above mean something only if most queries match documents, and only if
    # the bulk evaluator answered them.
    found = [assert_same_as_whoosh(two_segments, SearchQuery(text=t, facets=True)) for t in TEXTS]
    assert sum(1 for n in found if n > 0) >= 20
    for text in TEXTS:
        _uses_bulk(two_segments, SearchQuery(text=text), monkeypatch)


def _sentences() -> list[str]:
    import re

    sentences: list[str] = []
    for record in real_records():
        sentences += [s for s in re.split(r"[。；\n]", record.body) if 8 <= len(s) <= 80]
    return sentences


@pytest.fixture(scope="module")
def large_segment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshBackend]:
    # More than 5,000 documents in a segment: whoosh's OR of three or more clauses becomes a
    # tree of unions weighted by estimated size (below that, a preloaded array).
    rng = random.Random(11)
    sentences = _sentences()
    issuers = ["海关总署", "国务院", "国务院办公厅", "平凉市人民政府"]
    records = [
        SearchRecord(
            f"policy:{i}",
            "policy" if i % 3 else "interpretation",
            rng.choice(sentences)[:30],
            f"p/{i}.html",
            "。".join(rng.sample(sentences, 3)),
            datetime.date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
            "",
            rng.choice(issuers),
            "",
            "废止" if i % 17 == 0 else "有效",
        )
        for i in range(5100)
    ]
    root = tmp_path_factory.mktemp("bulk-large")
    build_index(records, root / "index")
    with open_index(root / "index") as b:
        assert b._searcher.reader().doc_count_all() > 5000
        yield b


@pytest.mark.parametrize(
    "text",
    [
        "海关 OR 监管 OR 公开",
        "行政复议 OR 海关 OR 监管 OR 检查 OR 解读",
        "(海关 OR 检疫 OR 公开) NOT 监管",
        "海关 AND 监管 AND 公开",
        '"行政复议机关"',
        '"海关 监管" OR 政府',
        "政府信息公开",
    ],
)
@pytest.mark.parametrize("filters", [{}, {"valid_only": True, "kind": "policy"}, {"sort": "date"}])
def test_a_large_segment_is_what_whoosh_finds(
    large_segment: WhooshBackend, text: str, filters: dict[str, Any]
) -> None:
    assert assert_same_as_whoosh(large_segment, SearchQuery(text=text, facets=True, **filters))


def test_deleted_documents_never_come_back(two_segments: WhooshBackend) -> None:
    # whoosh's own NOT at the root of a query (an InverseMatcher) returns documents deleted
    # from a segment, such as the old version of an updated record; the bulk evaluator
    # never does.
    from whoosh import query as whoosh_query

    searcher = two_segments._searcher
    q = whoosh_query.Not(whoosh_query.Term("body", "海关"))
    theirs = [hit["id"] for hit in searcher.search(q, limit=None)]
    ours = [h.id for h in two_segments.search(SearchQuery(text="NOT 海关", page_size=100)).hits]
    assert "policy:2019/gf-5" in theirs  # deleted
    assert "policy:2019/gf-5" not in ours
    assert set(ours) < set(theirs)


def test_an_unknown_query_node_falls_back_to_whoosh(
    one_segment: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DisjunctionMax is an Or subclass that scores otherwise: never evaluated as an Or.
    from whoosh import query as whoosh_query

    dismax = whoosh_query.DisjunctionMax(
        [whoosh_query.Term("title", "海关"), whoosh_query.Term("body", "海关")]
    )
    monkeypatch.setattr(one_segment, "_query", lambda text: (dismax, {"海关"}))
    got = one_segment.search(SearchQuery(text="海关", page_size=100))
    ref = one_segment._searcher.search(dismax, limit=None, terms=False)
    assert [(h.id, h.score) for h in got.hits] == [(hit["id"], hit.score) for hit in ref]
    assert len(ref) > 0


def test_the_fallback_counts_facets_and_sorts_by_date(
    one_segment: WhooshBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh import query as whoosh_query

    dismax = whoosh_query.DisjunctionMax(
        [whoosh_query.Term("title", "海关"), whoosh_query.Term("body", "海关")]
    )
    plain = one_segment.search(SearchQuery(text="海关", facets=True, sort="date", page_size=100))
    monkeypatch.setattr(one_segment, "_query", lambda text: (dismax, {"海关"}))
    got = one_segment.search(SearchQuery(text="海关", facets=True, sort="date", page_size=100))
    # The same documents as the word itself, newest first, counted the same way.
    assert [h.id for h in got.hits] == [h.id for h in plain.hits]
    assert (got.total, got.facets) == (plain.total, plain.facets)
    assert got.total > 1 and all(h.score == 0.0 for h in got.hits)


def test_an_empty_index_finds_nothing(tmp_path: Path) -> None:
    build_index([], tmp_path / "index")
    with open_index(tmp_path / "index") as b:
        for sq in (
            SearchQuery(text="海关", facets=True),
            SearchQuery(text="", year=2020, facets=True),
            SearchQuery(text='"海关 监管"', sort="date"),
            SearchQuery(text="NOT 海关"),
        ):
            got = b.search(sq)
            assert (got.total, got.hits) == (0, [])
            assert got.facets == ({"year": {}, "issuer": {}, "kind": {}} if sq.facets else {})


def test_a_damaged_index_asks_for_a_rebuild(tmp_path: Path) -> None:
    from gongbao.core.search.backend import IndexUnavailableError
    from gongbao.core.search.indexdir import live_dir

    build_index(real_records(), tmp_path / "index")
    (toc,) = live_dir(tmp_path / "index").glob("*.toc")
    data = toc.read_bytes()
    toc.write_bytes(data[:20] + b"garbage" * 5 + data[55:])  # unpickles as a missing module
    with pytest.raises(IndexUnavailableError, match=r"检索索引已损坏或版本不符：.*重新运行"):
        open_index(tmp_path / "index")
    # The next build rebuilds it from scratch instead of failing to update it in place.
    stats = build_index(real_records(), tmp_path / "index")
    assert stats.resegmented == stats.records == len(real_records())
    with open_index(tmp_path / "index") as b:
        assert b.search(SearchQuery(text="海关")).total > 0


def test_array_positions_round_trip() -> None:
    fmt = ArrayPositions(field_boost=2.0)
    rng = random.Random(7)
    for size in (1, 2, 5, 300, 5000):
        positions = sorted(rng.sample(range(1 << 31), size))
        value = fmt.encode(positions)
        assert len(value) == 4 * size
        assert fmt.decode_positions(value) == positions
        assert fmt.decode_frequency(value) == size
        assert fmt.decode_weight(value) == 2.0 * size
