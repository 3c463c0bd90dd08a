"""Search: Chinese analysis, 文号 lookup, filters, malformed queries, atomic rebuilds."""

from __future__ import annotations

import dataclasses
import datetime
import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongbao.core.search.analysis import dictionary_fingerprint, dictionary_terms, segment
from gongbao.core.search.backend import (
    IndexUnavailableError,
    QueryError,
    SearchQuery,
    SearchResults,
    prepare_query_text,
)
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh.backend import WhooshBackend, open_index
from gongbao.core.search.whoosh.build import build_index
from gongbao.core.textnorm import normalize_text

DATA = Path(__file__).resolve().parents[1] / "data" / "search"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def real_records() -> list[SearchRecord]:
    """The five real documents plus a PDF page, a gazette and an abolished policy."""
    # The PDF page is extracted text with a line break inside 政府信息公开; the caller
    # (the site builder) normalises it, exactly as here.
    pdf_text = (
        "洪泽区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"
        "全面推进政府信\n息公开工作，依申请公开办理及时。"
    )
    return [
        SearchRecord(
            "policy:2024/hgzsl-265",
            "policy",
            "中华人民共和国海关审理行政复议案件程序规定",
            "policies/2024/hgzsl-265.html",
            _text("policy_01.txt"),
            datetime.date(2024, 1, 22),
            "海关总署令第265号",
            "海关总署",
            "海关规章",
            "有效",
        ),
        SearchRecord(
            "interp:2024/hgzsl-265",
            "interpretation",
            "海关总署关于《中华人民共和国海关审理行政复议案件程序规定》的解读",
            "interpretations/2024/hgzsl-265.html",
            _text("interp_01.txt"),
            datetime.date(2024, 1, 23),
            "",
            "海关总署",
        ),
        SearchRecord(
            "policy:2019/gf-5",
            "policy",
            "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
            "policies/2019/gf-5.html",
            _text("policy_11.txt"),
            datetime.date(2019, 2, 15),
            "国发〔2019〕5号",
            "国务院",
            "市场监管",
            "有效",
        ),
        SearchRecord(
            "policy:2018/gbf-115",
            "policy",
            "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
            "policies/2018/gbf-115.html",
            _text("policy_16.txt"),
            datetime.date(2018, 12, 20),
            "国办发〔2018〕115号",
            "国务院办公厅",
            "政务公开",
        ),
        SearchRecord(
            "policy:2018/gbf-123",
            "policy",
            "国务院办公厅关于推进政务新媒体健康有序发展的意见",
            "policies/2018/gbf-123.html",
            _text("policy_18.txt"),
            datetime.date(2018, 12, 27),
            "国办发〔2018〕123号",
            "国务院办公厅",
            "政务公开",
            "失效",
        ),
        SearchRecord(
            "pdf:reports/2023/hongze.pdf#2",
            "pdf",
            "洪泽区人民政府2023年政府信息公开工作年度报告",
            "reports/2023/hongze.pdf#page=2",
            normalize_text(pdf_text),
            datetime.date(2024, 2, 26),
            issuer="淮安市洪泽区人民政府",
            page=2,
        ),
        SearchRecord(
            "gazette:2023/05",
            "gazette",
            "平江市人民政府公报 2023年第5期",
            "gazette/2023/05.html",
            "平江市人民政府办公室关于印发政务公开工作要点的通知 平政办发〔2023〕51号 "
            "各有关单位要切实做好三同步工作，<script>alert(1)</script> 推进一网通办。",
            datetime.date(2023, 5, 10),
            "平政办发〔2023〕51号",
            "平江市人民政府办公室",
        ),
    ]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    build_index(real_records(), root / "index")
    return root / "index"


@pytest.fixture(scope="module")
def backend(index_dir: Path) -> Iterator[WhooshBackend]:
    with open_index(index_dir) as b:
        yield b


def ids(backend: WhooshBackend, text: str, **kw: object) -> list[str]:
    return [h.id for h in backend.search(SearchQuery(text=text, **kw)).hits]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- analysis


def test_positions_count_words_and_subwords_share_them() -> None:
    tokens = segment("关于进一步加强政务公开工作的通知", dictionary_terms(), index=True)
    pos = {t.text: t.pos for t in tokens}
    assert pos["政务公开"] == pos["政务"] == pos["公开"] == pos["加强"] + 1
    assert pos["工作"] == pos["政务公开"] + 1
    assert any(t.text == "的" and t.stopped for t in tokens)
    query = [t.text for t in segment("政务公开工作", dictionary_terms(), index=False)]
    assert query == ["政务公开", "工作"]  # precise mode only at query time


def test_fingerprint_changes_with_dictionary() -> None:
    assert dictionary_fingerprint() == dictionary_fingerprint([])
    assert dictionary_fingerprint(["平江新区"]) != dictionary_fingerprint()
    with pytest.raises(ValueError, match="空白"):
        dictionary_terms(["两个 词"])


# --------------------------------------------------------------------------- finding things


def test_word_inside_a_document(backend: WhooshBackend) -> None:
    assert "policy:2018/gbf-123" in ids(backend, "政务新媒体")
    assert ids(backend, "金伯利") == []


def test_quoted_phrase_works_on_chinese(backend: WhooshBackend) -> None:
    # Stock jieba ChineseAnalyzer stores character offsets as positions: this returned 0 hits.
    assert ids(backend, '"审理行政复议案件"')[:2] == [
        "policy:2024/hgzsl-265",
        "interp:2024/hgzsl-265",
    ]
    assert "policy:2019/gf-5" in ids(backend, "“双随机、一公开”")
    # A stop word inside the phrase (的) leaves a gap in the index: still found.
    assert "policy:2019/gf-5" in ids(backend, '"监管的意见"')
    # Words that occur, but not next to each other, do not match as a phrase.
    assert ids(backend, '"公开双随机"') == []


def test_phrase_split_across_pdf_line_break(backend: WhooshBackend) -> None:
    res = backend.search(SearchQuery(text='"全面推进政府信息公开工作"'))
    assert [h.id for h in res.hits] == ["pdf:reports/2023/hongze.pdf#2"]
    assert res.hits[0].page == 2
    assert "<mark>" in res.hits[0].excerpt_html


@pytest.mark.parametrize(
    "spelling",
    [
        "平政办发〔2023〕51号",
        "平政办发[2023]51号",
        "平政办发（2023）５１号",
        "文号:平政办发(2023)051号",
    ],
)
def test_doc_number_in_any_spelling_comes_first(backend: WhooshBackend, spelling: str) -> None:
    assert ids(backend, spelling)[0] == "gazette:2023/05"


@pytest.mark.parametrize("spelling", ["国发〔2019〕5号", "国发[2019]5号", "国发（２０１９）5号"])
def test_state_council_doc_number(backend: WhooshBackend, spelling: str) -> None:
    assert ids(backend, spelling)[0] == "policy:2019/gf-5"


def test_ling_number_finds_rule_then_its_interpretation(backend: WhooshBackend) -> None:
    assert ids(backend, "海关总署令第２６５号")[:2] == [
        "policy:2024/hgzsl-265",
        "interp:2024/hgzsl-265",
    ]


def test_issuer_and_year_filters(backend: WhooshBackend) -> None:
    assert set(ids(backend, "公开", issuer="国务院办公厅")) == {
        "policy:2018/gbf-115",
        "policy:2018/gbf-123",
    }
    assert set(ids(backend, "公开", year=2019)) == {"policy:2019/gf-5"}
    assert set(ids(backend, "issuer:海关总署 year:2024 行政复议")) == {
        "policy:2024/hgzsl-265",
        "interp:2024/hgzsl-265",
    }
    assert ids(backend, "发布机关:海关总署 kind:解读") == ["interp:2024/hgzsl-265"]


def test_kind_and_validity_filters(backend: WhooshBackend) -> None:
    assert ids(backend, "政务", kind="gazette") == ["gazette:2023/05"]
    with_invalid = ids(backend, "政务新媒体")
    assert "policy:2018/gbf-123" in with_invalid
    assert "policy:2018/gbf-123" not in ids(backend, "政务新媒体", valid_only=True)
    assert "policy:2018/gbf-123" in ids(backend, "validity:失效")


def test_facets_count_the_whole_result_set(backend: WhooshBackend) -> None:
    res = backend.search(SearchQuery(text="", page_size=1, facets=True))
    assert res.total == 7 and len(res.hits) == 1
    assert res.facets["year"] == {"2024": 3, "2023": 1, "2019": 1, "2018": 2}
    assert res.facets["kind"]["policy"] == 4
    assert res.facets["issuer"]["国务院办公厅"] == 2


def test_sort_by_date_and_paging(backend: WhooshBackend) -> None:
    res = backend.search(SearchQuery(text="公开", sort="date", page_size=2, page=1))
    dates = [h.published for h in res.hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    page2 = backend.search(SearchQuery(text="公开", sort="date", page_size=2, page=2))
    assert not {h.id for h in res.hits} & {h.id for h in page2.hits}


# The excerpt and malformed-query checks run on both engines in test_search_tantivy.py.


# --------------------------------------------------------------------------- bad input


def test_query_parameter_errors() -> None:
    with pytest.raises(QueryError, match="页码"):
        SearchQuery(text="x", page=0)
    with pytest.raises(QueryError, match="类型"):
        SearchQuery(text="x", kind="nonsense")


def test_brackets_and_odd_characters_are_plain_text(backend: WhooshBackend) -> None:
    for text in ["产业结构调整指导目录(2024年本)", "[2023] {x} ^ * ' :", "a:b:c", "NOT 公开"]:
        backend.search(SearchQuery(text=text))  # no exception


def test_prepare_query_extracts_doc_number_keys() -> None:
    prepared = prepare_query_text("通知 平政办发[2023]51号")
    assert "平政办发2023-51号" in prepared.doc_number_keys
    assert "[" not in prepared.text and "通知" in prepared.text


# --------------------------------------------------------------------------- builds


def test_atomic_rebuild_survives_a_crash(tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_index(real_records()[:3], index)

    def exploding() -> Iterator[SearchRecord]:
        yield from real_records()[3:5]
        raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        build_index(exploding(), index)
    with open_index(index) as b:
        assert ids(b, "行政复议")  # the previous index still answers
        assert b.record_count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # no temp dir left behind


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_index(real_records()[:2], index)
    # Simulate a kill between the two renames of the swap.
    index.rename(tmp_path / ".index.old-deadbeef")
    with open_index(index) as b:
        assert b.record_count == 2
    (tmp_path / ".index.tmp-999999999-abcd").mkdir()  # an abandoned build of a dead process
    build_index(real_records()[:4], index)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]
    with open_index(index) as b:
        assert b.record_count == 4


def test_unchanged_records_are_not_segmented_again(tmp_path: Path) -> None:
    records = real_records()
    first = build_index(records, tmp_path / "index")
    assert (first.records, first.resegmented, first.reused) == (7, 7, 0)
    changed = [*records[:-1], SearchRecord(**{**records[-1].__dict__, "body": "全新的正文"})]
    second = build_index(changed, tmp_path / "index")
    assert (second.records, second.resegmented, second.reused) == (7, 1, 6)
    assert second.size_bytes > 0 and second.seconds > 0
    with open_index(tmp_path / "index") as b:
        assert ids(b, "全新") == ["gazette:2023/05"]


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_duplicate_ids_refused_and_nothing_left(tmp_path: Path, engine: str) -> None:
    from gongbao.core.search import engines

    rec = real_records()[0]
    # A cold build of a list is streamed (hashed while indexed): the duplicate shows up
    # halfway through writing, and still nothing is left behind.
    with pytest.raises(ValueError, match="duplicate"):
        engines.build_index(engine, [rec, rec], tmp_path / "index")
    with pytest.raises(ValueError, match="duplicate"):
        engines.build_index(engine, iter([rec, rec]), tmp_path / "index")
    assert list(tmp_path.iterdir()) == []


def test_site_search_records_know_their_number(tmp_path: Path) -> None:
    from gongbao.core.config.siteconfig import load_settings
    from gongbao.core.publish.pipeline import plan_site
    from gongbao.core.search.site_records import SearchRecords

    root = Path(__file__).resolve().parents[2]
    # The repository's sample site, with its caches kept out of the checkout.
    settings = dataclasses.replace(
        load_settings(root / "mkdocs.yml"), cache_dir=str(tmp_path / "cache")
    )
    records = SearchRecords(plan_site(settings), settings)
    made = list(records)
    assert len(records) == len(made) > 20
    assert {r.kind for r in made} == {"policy", "interpretation", "gazette", "pdf"}
    # One writer process's share: every procs-th record from its part, the others not made.
    for procs in (2, 3):
        for part in range(procs):
            assert list(records.share(part, procs)) == made[part::procs]
    stats = build_index(records, tmp_path / "index")
    assert (stats.records, stats.resegmented, stats.reused) == (len(made), len(made), 0)
    again = build_index(records, tmp_path / "index")
    assert (again.resegmented, again.reused) == (0, len(made))


def test_missing_and_outdated_index(tmp_path: Path, index_dir: Path) -> None:
    with pytest.raises(IndexUnavailableError, match="mkdocs build"):
        open_index(tmp_path / "nope")
    with pytest.raises(IndexUnavailableError, match="词典"):
        open_index(index_dir, extra_terms=["平江新区"])
    open_index(index_dir, extra_terms=[]).close()


def test_open_backend_sees_a_rebuild(tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_index(real_records()[:1], index)
    with open_index(index) as b:
        assert b.record_count == 1
        build_index(real_records(), index)
        os.utime(index / "gongbao-index.json")
        assert ids(b, "三同步") == ["gazette:2023/05"]
        assert b.record_count == 7


def test_record_validation() -> None:
    with pytest.raises(ValueError):
        SearchRecord("x", "blog", "t", "u", "b", None)
    with pytest.raises(ValueError):
        SearchRecord("x", "pdf", "t", "u", "b", None, page=0)
    a = SearchRecord("x", "pdf", "t", "u", "b", None, page=1)
    assert a.content_hash() == SearchRecord("x", "pdf", "t", "u", "b", None, page=1).content_hash()
    assert a.content_hash() != SearchRecord("x", "pdf", "t", "u", "c", None, page=1).content_hash()


def test_unchanged_records_leave_the_live_index_alone(tmp_path: Path) -> None:
    records = real_records()
    build_index(records, tmp_path / "index")
    meta = (tmp_path / "index" / "gongbao-index.json").read_text(encoding="utf-8")
    again = build_index(records, tmp_path / "index")
    assert (again.resegmented, again.reused) == (0, len(records))
    assert (tmp_path / "index" / "gongbao-index.json").read_text(encoding="utf-8") == meta


def test_removed_records_are_deleted_and_a_new_dictionary_rebuilds(tmp_path: Path) -> None:
    records = real_records()
    build_index(records, tmp_path / "index")
    fewer = build_index(records[1:], tmp_path / "index")
    assert (fewer.records, fewer.resegmented) == (len(records) - 1, 0)
    with open_index(tmp_path / "index") as b:
        assert b.record_count == len(records) - 1
        assert records[0].id not in {h.id for h in b.search(SearchQuery(records[0].title)).hits}
    rebuilt = build_index(records[1:], tmp_path / "index", extra_terms=["示例专用词汇甲乙"])
    assert rebuilt.resegmented == len(records) - 1


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("公开", {"issuer": "国务院办公厅"}),
        ("行政复议", {"year": 2024}),
        ("政务", {"kind": "gazette"}),
        ("海关", {"kind": "interpretation"}),
        ('"行政复议机关"', {"kind": "policy"}),
        ("公开 OR 海关", {"year": 2018, "kind": "policy"}),
        ("海关 NOT 解读", {"year": 2024}),
    ],
)
def test_filters_find_what_a_whoosh_filter_finds(
    backend: WhooshBackend, text: str, filters: dict[str, object]
) -> None:
    # Filters are a mask over every match of the text (the bulk evaluator): what whoosh's
    # filter finds, in the same order with the same scores.
    sq = SearchQuery(text=text, facets=True, page_size=100, **filters)  # type: ignore[arg-type]
    got = backend.search(sq)
    q = backend._query(text)[0]
    whoosh_filter, _ = backend._filters(sq)
    ref = backend._searcher.search(q, filter=whoosh_filter, limit=None, terms=False)
    assert got.total == len(ref) > 0
    assert [(h.id, h.score) for h in got.hits] == [(hit["id"], hit.score) for hit in ref]
    assert sum(got.facets["kind"].values()) == got.total
    # Without facets (the CLI): the same first page and the same, exact, count.
    top = backend.search(dataclasses.replace(sq, facets=False, page_size=1))
    assert [h.id for h in top.hits] == [h.id for h in got.hits[:1]]
    assert top.total == got.total and top.exact


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"审理行政复议案件"', True),
        ('"行政复议机关"', True),
        ('"监管的意见"', True),  # a stop word inside: slop 2
        ('"中华人民共和国 海关"', True),  # sub-words of 中华人民共和国海关 share its position
        ('"海关总署 关于"', True),
        ('"政府信息公开 工作"', True),
        ('"行政 复议"', False),  # sub-words of one word, not two words in a row
        ('"公开双随机"', False),  # the words occur, never side by side
        ('"海关 监管"', False),
        ('"政务 政务"', True),  # one word twice (政务公开政务服务: sub-words in a row)
        ('"金伯利 海关"', False),  # a word not in the index at all
    ],
)
def test_phrases_match_what_whoosh_matches(backend: WhooshBackend, text: str, found: bool) -> None:
    # Phrases are matched on position arrays by the bulk evaluator, not by whoosh's span
    # matcher: the same documents with the same scores, in every field.
    from whoosh import query as whoosh_query

    q = backend._query(text)[0]
    assert {type(leaf) for leaf in q.leaves()} == {whoosh_query.Phrase}
    got = backend.search(SearchQuery(text=text, page_size=100))
    ref = backend._searcher.search(q, limit=None, terms=False)
    assert [(h.id, h.score) for h in got.hits] == [(hit["id"], hit.score) for hit in ref]
    assert (got.total > 0) is found and got.total == len(ref)


@pytest.mark.parametrize(
    "text",
    ['"行政复议机关"', "行政复议 海关", "海关 AND 公开", "海关 NOT 解读", "海关总署令第265号"],
)
def test_phrases_and_conjunctions_count_exactly(backend: WhooshBackend, text: str) -> None:
    # Only words and OR skip blocks for their top hits (the total is then an estimate).
    # A phrase or AND visits every candidate anyway, so it is counted exactly: whoosh's
    # estimate for a phrase found in 20 documents of 10,000 was 19,054.
    full = backend.search(SearchQuery(text=text, facets=True, page_size=100))
    top = backend.search(SearchQuery(text=text, page_size=3))
    assert top.exact and top.total == full.total > 0
    assert [h.id for h in top.hits] == [h.id for h in full.hits[:3]]


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("公开", {}),  # a word: top hits skip blocks, the counts take a second pass
        ("海关 OR 监管", {}),
        ('"行政复议机关"', {}),  # a phrase: counted while ranking
        ("行政复议 海关", {"page": 2, "page_size": 3}),
        ("海关 NOT 解读", {}),
        ("公开", {"valid_only": True}),
        ("公开", {"issuer": "国务院办公厅"}),
        ("海关", {"year": 2024, "kind": "policy"}),
        ("海关总署令第265号", {}),
    ],
)
def test_facets_are_what_whoosh_counts(
    backend: WhooshBackend, text: str, filters: dict[str, object]
) -> None:
    # Facets come from a table of each document's year, issuers and kind, not from whoosh's
    # facet collector: the same hits, scores, total and counts as whoosh gives.
    sq = SearchQuery(text=text, facets=True, **filters)  # type: ignore[arg-type]
    _assert_facets_match_whoosh(backend, sq)


def test_a_joint_document_counts_under_each_issuer(tmp_path: Path) -> None:
    joint = SearchRecord(
        "policy:2024/joint",
        "policy",
        "关于联合开展行政复议工作的通知",
        "policies/2024/joint.html",
        "海关总署与国务院办公厅联合开展行政复议工作。",
        datetime.date(2024, 3, 1),
        "署办发〔2024〕3号",
        "海关总署、国务院办公厅",
    )
    build_index(real_records(), tmp_path / "index")
    # Added as a second segment (as an update can leave it): document numbers are then offset
    # per segment, and the facet table, the recording collector and the phrase matcher must
    # still agree with whoosh.
    from whoosh import index as whoosh_index

    from gongbao.core.search.indexdir import live_dir
    from gongbao.core.search.whoosh.schema import document as _document

    ix = whoosh_index.open_dir(str(live_dir(tmp_path / "index")))
    writer = ix.writer()
    writer.add_document(**_document(joint))
    writer.commit(merge=False)
    ix.close()
    with open_index(tmp_path / "index") as b:
        assert len(b._searcher.reader().leaf_readers()) == 2
        got = _assert_facets_match_whoosh(b, SearchQuery(text="行政复议", facets=True))
        for text in ('"行政复议工作"', "行政复议 海关", "海关 OR 公开"):
            _assert_facets_match_whoosh(b, SearchQuery(text=text, facets=True, page_size=3))
        _assert_facets_match_whoosh(
            b, SearchQuery(text="行政复议", facets=True, issuer="海关总署", valid_only=True)
        )
    assert got.facets["issuer"]["国务院办公厅"] >= 1
    assert sum(got.facets["issuer"].values()) > got.total  # one document, two issuers


def _assert_facets_match_whoosh(backend: WhooshBackend, sq: SearchQuery) -> SearchResults:
    from tests.core.whoosh_reference import assert_same_as_whoosh

    assert assert_same_as_whoosh(backend, sq) > 0
    got = backend.search(sq)
    assert sum(got.facets["kind"].values()) == got.total
    return got


def test_top_page_without_facets_has_the_same_hits(backend: WhooshBackend) -> None:
    full = backend.search(SearchQuery(text="行政复议", facets=True))
    top = backend.search(SearchQuery(text="行政复议"))
    assert [h.id for h in top.hits] == [h.id for h in full.hits]
    assert top.facets == {} and full.exact
    assert top.total >= len(top.hits)


def test_parallel_writers_index_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large cold build splits the records over one whoosh writer process per core (with the
    # records frozen for the garbage collector while they run): same answers as one writer.
    from gongbao.core.search.whoosh import build as whoosh_build

    records = real_records()
    build_index(records, tmp_path / "one")
    monkeypatch.setattr(whoosh_build, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert whoosh_build._procs(len(records)) == 2
    build_index(records, tmp_path / "two")
    assert gc.get_freeze_count() == 0
    # Each of the two processes wrote its own segment; the parent committed both.
    from whoosh import index as whoosh_index

    from gongbao.core.search.indexdir import live_dir

    two = whoosh_index.open_dir(str(live_dir(tmp_path / "two")))
    assert len(two._segments()) == 2 and two.doc_count() == len(records)
    two.close()
    queries = ["政府信息公开", '"行政复议机关"', "海关", "解读"]
    with open_index(tmp_path / "one") as one, open_index(tmp_path / "two") as two:
        for text in queries:
            a = one.search(SearchQuery(text=text, facets=True))
            b = two.search(SearchQuery(text=text, facets=True))
            assert a.total == b.total and a.facets == b.facets, text
            assert sorted(h.id for h in a.hits) == sorted(h.id for h in b.hits), text
            _assert_facets_match_whoosh(two, SearchQuery(text=text, facets=True))
        assert one.search(SearchQuery(text="海关")).total > 0
