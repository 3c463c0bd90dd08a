"""The tantivy backend: the same behaviour as whoosh, checked on both engines side by side.

Every behavioural test runs against both engines (same records, same queries) and asserts the
same hit ids, totals and facets; the rest covers what only exists once: engine choice and
switching, the tantivy build's incremental updates, a site built with ``search_engine:
tantivy``, and the error when tantivy is chosen but not installed.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import json
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from gongbao.cli import main
from gongbao.core.config.siteconfig import load_settings
from gongbao.core.findings import FindingsError
from gongbao.core.search import engines
from gongbao.core.search.backend import (
    IndexUnavailableError,
    QueryError,
    SearchBackend,
    SearchQuery,
    SearchResults,
)
from gongbao.core.search.indexdir import META_FILE
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.tantivy.backend import TantivyBackend
from gongbao.server.app import make_app
from tests.core.test_search import real_records
from tests.sites import build_site, interpretation, policy, write_site

ENGINES = ("whoosh", "tantivy")
PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "gongbao"


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    for engine in ENGINES:
        engines.build_index(engine, real_records(), root / engine)
    return root


@pytest.fixture(scope="module", params=ENGINES)
def backend(request: pytest.FixtureRequest, index_root: Path) -> Iterator[SearchBackend]:
    with engines.open_index(index_root / request.param) as b:
        yield b


@pytest.fixture(scope="module")
def both(index_root: Path) -> Iterator[dict[str, SearchBackend]]:
    opened = {engine: engines.open_index(index_root / engine) for engine in ENGINES}
    yield opened
    for b in opened.values():
        b.close()


def ids(backend: SearchBackend, text: str, **kw: Any) -> list[str]:
    return [h.id for h in backend.search(SearchQuery(text=text, page_size=50, **kw)).hits]


def run_both(both: dict[str, SearchBackend], text: str, **kw: Any) -> SearchResults:
    """Run on both engines; assert the same hits (as a set), total and facets; return one."""
    whoosh = both["whoosh"].search(SearchQuery(text=text, page_size=50, facets=True, **kw))
    tantivy = both["tantivy"].search(SearchQuery(text=text, page_size=50, facets=True, **kw))
    assert {h.id for h in tantivy.hits} == {h.id for h in whoosh.hits}, text
    assert tantivy.total == whoosh.total == len(tantivy.hits), text
    assert tantivy.facets == whoosh.facets, text
    assert tantivy.exact
    return tantivy


# --------------------------------------------------------------------------- engine choice


def test_open_index_picks_the_engine_from_the_meta_file(index_root: Path) -> None:
    assert engines.engine_of(index_root / "whoosh") == "whoosh"
    assert engines.engine_of(index_root / "tantivy") == "tantivy"
    with engines.open_index(index_root / "tantivy") as b:
        assert isinstance(b, TantivyBackend)
    meta = json.loads((index_root / "tantivy" / META_FILE).read_text(encoding="utf-8"))
    assert meta["engine"] == "tantivy" and len(meta["hashes"]) == 7


def test_a_meta_file_without_engine_is_whoosh(tmp_path: Path) -> None:
    # Indexes built before tantivy support have no "engine" key: they keep working.
    engines.build_index("whoosh", real_records()[:2], tmp_path / "ix")
    meta_path = tmp_path / "ix" / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["engine"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with engines.open_index(tmp_path / "ix") as b:
        assert type(b).__name__ == "WhooshBackend"
        assert ids(b, "行政复议") == ["policy:2024/hgzsl-265", "interp:2024/hgzsl-265"]
    # ... and are updated in place by whoosh, not rebuilt.
    stats = engines.build_index("whoosh", real_records()[:3], tmp_path / "ix")
    assert (stats.resegmented, stats.reused) == (1, 2)


def test_unknown_engine_and_missing_index(tmp_path: Path) -> None:
    with pytest.raises(engines.EngineUnavailableError, match=r"search_engine.*'lucene'"):
        engines.build_index("lucene", real_records(), tmp_path / "ix")
    with pytest.raises(IndexUnavailableError, match="找不到检索索引"):
        engines.open_index(tmp_path / "nothing")


def test_only_the_tantivy_backend_imports_tantivy() -> None:
    users = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(n.split(".")[0] == "tantivy" for n in names):
                users.add(path.relative_to(PACKAGE).as_posix())
    assert users == {
        f"core/search/tantivy/{name}.py" for name in ("schema", "build", "query", "backend")
    }


# --------------------------------------------------------------------------- same behaviour


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("行政复议", {"policy:2024/hgzsl-265", "interp:2024/hgzsl-265"}),
        ("三同步", {"gazette:2023/05"}),
        ("政务新媒体", {"policy:2018/gbf-123"}),
        ("政府信息公开", {"pdf:reports/2023/hongze.pdf#2", "policy:2024/hgzsl-265"}),
        # Phrases: consecutive words, a dictionary word + a word, a stop word in the middle.
        ('"政务公开 工作"', {"gazette:2023/05"}),
        ('"行政复议机关"', {"policy:2024/hgzsl-265"}),
        ('"要点的通知"', {"gazette:2023/05"}),
        ("“工作要点的通知”", {"gazette:2023/05"}),
        ('"要点通知"', set()),  # 的 sits between them in the text: not adjacent
        ('"工作 政务公开"', set()),  # word order counts
        ('"政府信息公开工作"', {"pdf:reports/2023/hongze.pdf#2"}),  # across a PDF line break
        # Operators.
        ("行政复议 AND 海关", {"policy:2024/hgzsl-265", "interp:2024/hgzsl-265"}),
        ("三同步 OR 政务新媒体", {"gazette:2023/05", "policy:2018/gbf-123"}),
        ("(三同步 OR 行政复议) NOT 解读", {"policy:2024/hgzsl-265", "gazette:2023/05"}),
        ("NOT 公开", set()),
        (
            "公开 NOT 海关",
            {
                "pdf:reports/2023/hongze.pdf#2",
                "policy:2018/gbf-123",
                "policy:2018/gbf-115",
                "gazette:2023/05",
            },
        ),
        # Fields and their Chinese aliases.
        ("发布机关:海关总署 kind:解读", {"interp:2024/hgzsl-265"}),
        ("issuer:海关总署 year:2024 行政复议", {"policy:2024/hgzsl-265", "interp:2024/hgzsl-265"}),
        ("年份:2019", {"policy:2019/gf-5"}),
        ("year:2018 公开", {"policy:2018/gbf-115", "policy:2018/gbf-123"}),
        ("分类:政务公开", {"policy:2018/gbf-115", "policy:2018/gbf-123"}),
        ("标题:海关", {"policy:2024/hgzsl-265", "interp:2024/hgzsl-265"}),
        ("validity:失效", {"policy:2018/gbf-123"}),
        (
            "日期:2024",
            {"policy:2024/hgzsl-265", "interp:2024/hgzsl-265", "pdf:reports/2023/hongze.pdf#2"},
        ),
        ("published:20240122", {"policy:2024/hgzsl-265"}),
        ("产业结构调整指导目录(2024年本)", set()),
        ("a:b:c", set()),
    ],
)
def test_same_hits_on_both_engines(
    both: dict[str, SearchBackend], text: str, expected: set[str]
) -> None:
    assert {h.id for h in run_both(both, text).hits} == expected


def test_types_alias_and_filters_agree(both: dict[str, SearchBackend]) -> None:
    assert len(run_both(both, "类型:政策 公开").hits) == 4
    assert {h.id for h in run_both(both, "公开", issuer="国务院办公厅").hits} == {
        "policy:2018/gbf-115",
        "policy:2018/gbf-123",
    }
    assert {h.id for h in run_both(both, "公开", year=2019).hits} == {"policy:2019/gf-5"}
    assert {h.id for h in run_both(both, "政务", kind="gazette").hits} == {"gazette:2023/05"}
    assert {h.id for h in run_both(both, "公开", category="市场监管").hits} == {"policy:2019/gf-5"}
    assert "policy:2018/gbf-123" in {h.id for h in run_both(both, "政务新媒体").hits}
    assert run_both(both, "政务新媒体", valid_only=True).hits == []
    # Records without a validity (解读, 公报, PDF) are not "invalid".
    valid = {h.id for h in run_both(both, "", valid_only=True).hits}
    assert valid == {r.id for r in real_records()} - {"policy:2018/gbf-123"}


@pytest.mark.parametrize(
    ("spelling", "first"),
    [
        ("平政办发〔2023〕51号", "gazette:2023/05"),
        ("平政办发[2023]51号", "gazette:2023/05"),
        ("平政办发（2023）５１号", "gazette:2023/05"),
        ("文号:平政办发(2023)051号", "gazette:2023/05"),
        ("国发（２０１９）5号", "policy:2019/gf-5"),
        ("关于国发[2019]5号", "policy:2019/gf-5"),
        ("海关总署令第２６５号", "policy:2024/hgzsl-265"),
    ],
)
def test_doc_number_in_any_spelling_comes_first(
    backend: SearchBackend, spelling: str, first: str
) -> None:
    assert ids(backend, spelling)[0] == first


def test_facets_and_totals(both: dict[str, SearchBackend]) -> None:
    res = run_both(both, "")
    assert res.total == 7
    assert res.facets["year"] == {"2024": 3, "2023": 1, "2019": 1, "2018": 2}
    assert list(res.facets["year"]) == ["2024", "2023", "2019", "2018"]  # newest first
    assert res.facets["kind"] == {"policy": 4, "gazette": 1, "interpretation": 1, "pdf": 1}
    assert res.facets["issuer"]["海关总署"] == 2 and res.facets["issuer"]["国务院办公厅"] == 2
    filtered = run_both(both, "公开", valid_only=True, year=2018)
    assert filtered.total == 1 and filtered.facets["year"] == {"2018": 1}


def test_joint_issuers_are_separate_values(tmp_path: Path) -> None:
    record = dataclasses.replace(real_records()[2], issuer="国务院、海关总署", category="a，b")
    for engine in ENGINES:
        engines.build_index(engine, [record], tmp_path / engine)
        with engines.open_index(tmp_path / engine) as b:
            res = b.search(SearchQuery("", facets=True))
            assert res.facets["issuer"] == {"国务院": 1, "海关总署": 1}, engine
            assert res.hits[0].issuer == "国务院、海关总署", engine
            assert ids(b, "", issuer="海关总署") == [record.id], engine
            assert ids(b, "", category="b") == [record.id], engine


def test_sort_by_date_and_pagination(both: dict[str, SearchBackend]) -> None:
    orders = {}
    for engine, b in both.items():
        pages = [
            b.search(SearchQuery("公开", sort="date", page=page, page_size=3)) for page in (1, 2, 3)
        ]
        assert [len(p.hits) for p in pages] == [3, 3, 1], engine
        assert all(p.total == 7 for p in pages), engine
        hits = [h for p in pages for h in p.hits]
        dates = [h.published for h in hits]
        assert dates == sorted(dates, reverse=True), engine  # type: ignore[type-var]
        orders[engine] = [h.id for h in hits]
    assert orders["tantivy"] == orders["whoosh"]
    # An empty query lists everything, newest first, on both engines.
    assert ids(both["tantivy"], "") == ids(both["whoosh"], "")
    # Relevance pages do not overlap and cover all matches.
    seen = [
        h.id
        for p in (1, 2, 3)
        for h in both["tantivy"].search(SearchQuery("公开", page=p, page_size=3)).hits
    ]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7


def test_hits_carry_the_same_stored_fields(both: dict[str, SearchBackend]) -> None:
    for text in ("行政复议", "政府信息公开", "三同步"):
        whoosh = {h.id: h for h in both["whoosh"].search(SearchQuery(text, page_size=50)).hits}
        tantivy = {h.id: h for h in both["tantivy"].search(SearchQuery(text, page_size=50)).hits}
        for hit_id, hit in tantivy.items():
            ref = whoosh[hit_id]
            fields = ("kind", "title", "url", "doc_number", "issuer", "published", "page")
            for name in (*fields, "excerpt_html"):
                assert getattr(hit, name) == getattr(ref, name), (text, hit_id, name)
    pdf = both["tantivy"].search(SearchQuery("政府信息公开", kind="pdf")).hits[0]
    assert pdf.page == 2 and pdf.published == datetime.date(2024, 2, 26)


def test_excerpt_is_escaped_and_marked(backend: SearchBackend) -> None:
    hit = backend.search(SearchQuery(text="三同步")).hits[0]
    assert "<mark>三同步</mark>" in hit.excerpt_html
    assert "<script>" not in hit.excerpt_html and "&lt;script&gt;" in hit.excerpt_html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"政务公开', "引号不成对"),
        ("AND", "AND"),
        ("政务 OR", "后面缺少检索词"),
        ("(政务 公开", "括号不成对"),
        ("政" * 10_000, "检索词过长"),
        ("year:abc", "年份"),
        ("，。、", "没有可检索的词"),
    ],
)
def test_malformed_queries_raise_query_error(
    backend: SearchBackend, text: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        backend.search(SearchQuery(text=text))


def test_untranslatable_query_is_a_query_error(both: dict[str, SearchBackend]) -> None:
    # Every node our parser makes has a translation; should the tree ever grow a node the
    # translator does not know, the user gets a Chinese message, not a wrong result or a
    # traceback.
    from gongbao.core.search.query import tree

    @dataclasses.dataclass(frozen=True)
    class Wildcard:
        field: str
        pattern: str

    backend = both["tantivy"]
    assert isinstance(backend, TantivyBackend)
    with pytest.raises(QueryError, match="暂不支持"):
        backend._translate(Wildcard("body", "政*"))  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="暂不支持"):
        backend._translate(tree.And((tree.Term("body", "政务"), Wildcard("body", "a*"))))  # type: ignore[arg-type]


def test_andnot_means_and_not_on_tantivy(both: dict[str, SearchBackend]) -> None:
    # whoosh 2.7.5's AndNot matcher returns a document containing both words here (a whoosh
    # bug); tantivy gives what the operator says.
    tantivy = both["tantivy"]
    assert ids(tantivy, "政务 ANDNOT 公开") == ids(tantivy, "政务 AND NOT 公开") == []
    assert set(ids(tantivy, "政务 ANDMAYBE 公开")) == set(ids(tantivy, "政务"))
    assert set(ids(tantivy, "政务 REQUIRE 三同步")) == {"gazette:2023/05"}


# --------------------------------------------------------------------------- builds


def _changed(records: list[SearchRecord]) -> list[SearchRecord]:
    edited = dataclasses.replace(records[0], body=records[0].body + " 新增条款：数字孪生城市。")
    return [edited, *records[1:4], real_records()[6]]  # records[4] removed, gazette added


@pytest.mark.parametrize("engine", ENGINES)
def test_incremental_rebuild_counts_and_deletes(tmp_path: Path, engine: str) -> None:
    index = tmp_path / "ix"
    records = real_records()[:5]
    first = engines.build_index(engine, records, index)
    assert (first.records, first.resegmented, first.reused) == (5, 5, 0)
    again = engines.build_index(engine, records, index)
    assert (again.resegmented, again.reused, again.pending) == (0, 5, None)
    second = engines.build_index(engine, _changed(records), index)
    assert (second.records, second.resegmented, second.reused) == (5, 2, 3)
    with engines.open_index(index) as b:
        assert ids(b, "数字孪生") == [records[0].id]
        assert ids(b, "政务新媒体") == []  # records[4], deleted
        assert ids(b, "三同步") == ["gazette:2023/05"]
        res = b.search(SearchQuery("", page_size=50, facets=True))
        assert res.total == 5 and sum(res.facets["kind"].values()) == 5


def test_tantivy_index_does_not_grow_with_rebuilds(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    records = real_records()
    sizes = []
    for n in range(6):
        body = f"第{n}次修订。"
        edited = dataclasses.replace(records[6], body=records[6].body + body)
        sizes.append(engines.build_index("tantivy", [*records[:6], edited], index).size_bytes)
    assert max(sizes) < 2.5 * sizes[0]
    with engines.open_index(index) as b:
        assert b.search(SearchQuery("", page_size=1)).total == 7
        assert ids(b, "第5次修订") == ["gazette:2023/05"] and ids(b, "第4次修订") == []


@pytest.mark.parametrize(("old", "new"), [("whoosh", "tantivy"), ("tantivy", "whoosh")])
def test_switching_engines_rebuilds_from_scratch(tmp_path: Path, old: str, new: str) -> None:
    index = tmp_path / "ix"
    engines.build_index(old, real_records(), index)
    stats = engines.build_index(new, real_records(), index)
    assert (stats.resegmented, stats.reused) == (7, 0)
    assert engines.engine_of(index) == new
    with engines.open_index(index) as b:
        assert ids(b, '"行政复议机关"') == ["policy:2024/hgzsl-265"]
    assert engines.build_index(new, real_records(), index).resegmented == 0


def test_deferred_build_is_published_or_discarded(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    engines.build_index("tantivy", real_records()[:2], index)
    stats = engines.build_index("tantivy", real_records()[:3], index, defer_swap=True)
    assert stats.pending is not None and stats.pending.is_dir()
    with engines.open_index(index) as b:
        assert b.search(SearchQuery("")).total == 2  # not yet swapped in
        engines.publish_build(stats)
        assert b.search(SearchQuery("")).total == 3  # refresh() noticed the swap
    dropped = engines.build_index("tantivy", real_records()[:4], index, defer_swap=True)
    engines.discard_build(dropped)
    assert dropped.pending is not None and not dropped.pending.exists()
    with engines.open_index(index) as b:
        assert b.search(SearchQuery("")).total == 3


def test_failed_tantivy_build_keeps_the_previous_index(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    engines.build_index("tantivy", real_records()[:3], index)

    def exploding() -> Iterator[SearchRecord]:
        yield from real_records()[3:5]
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        engines.build_index("tantivy", exploding(), index)
    with pytest.raises(ValueError, match="duplicate"):
        engines.build_index("tantivy", real_records()[:2] * 2, index)
    assert list(tmp_path.iterdir()) == [index]  # no temporary folder left behind
    with engines.open_index(index) as b:
        assert b.search(SearchQuery("")).total == 3


def test_dictionary_change_rebuilds_and_is_checked_on_open(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    engines.build_index("tantivy", real_records(), index)
    stats = engines.build_index("tantivy", real_records(), index, extra_terms=["数字孪生"])
    assert stats.resegmented == 7
    with pytest.raises(IndexUnavailableError, match="词典已变更"):
        engines.open_index(index, extra_terms=[])
    with engines.open_index(index, extra_terms=["数字孪生"]) as b:
        assert ids(b, "行政复议")


def test_server_follows_an_engine_switch(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    index = tmp_path / "ix"
    engines.build_index("whoosh", real_records()[:3], index)
    app = make_app(tmp_path / "site", index)

    def api(q: str) -> dict[str, Any]:
        environ: dict[str, Any] = {
            "PATH_INFO": "/api/search",
            "QUERY_STRING": urllib.parse.urlencode({"q": q}),
        }
        setup_testing_defaults(environ)
        status: list[str] = []

        def start_response(code: str, headers: list[tuple[str, str]], *exc: object) -> Any:
            status.append(code)

        body = b"".join(app(environ, start_response))
        assert status == ["200 OK"], body.decode()
        data: dict[str, Any] = json.loads(body)
        return data

    assert api("行政复议")["total"] == 2
    engines.build_index("tantivy", real_records(), index)
    data = api("三同步")  # only in the new index, which the running app must reopen
    assert data["total"] == 1 and data["results"][0]["id"] == "gazette:2023/05"


# --------------------------------------------------------------------------- sites


def test_site_built_with_tantivy(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(
                body="各单位要推进政务公开工作，落实三同步要求。", normative=False
            ),
            "content/policies/b.md": policy(
                title="国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
                doc_number="国办发〔2018〕115号",
                issuer="国务院办公厅",
                published="2018-12-20",
                body="合法性审核机制是行政复议机关依法行政的基础。",
            ),
            "interpretations/a.md": interpretation(),
            "interpretations/b.md": interpretation(
                interprets="国办发〔2018〕115号", title="合法性审核机制解读", published="2018-12-20"
            ),
        },
        {"search_engine": "tantivy", "normative_in_gazette": "off"},
    )
    result = build_site(site)
    assert result.ok, result.log
    index = site / "search-index"
    assert engines.engine_of(index) == "tantivy"
    with engines.open_index(index) as b:
        assert isinstance(b, TantivyBackend)
        first = b.search(SearchQuery("国办发[2018]115号")).hits[0]
        assert first.title.startswith("国务院办公厅关于全面推行")
        phrase = b.search(SearchQuery('"政务公开 工作"', page_size=50))
        assert {h.id for h in phrase.hits} == {
            "policy:policies/a",
            "interpretation:interpretations/a",
            "interpretation:interpretations/b",  # the default 解读 body has the phrase too
        }
    cli = CliRunner().invoke(main, ["search", "行政复议", "--index", str(index), "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output)["total"] == 1
    # Switching the site back to whoosh rebuilds the index with whoosh.
    write_site(site, {}, {"search_engine": "whoosh", "normative_in_gazette": "off"})
    assert build_site(site).ok
    assert engines.engine_of(index) == "whoosh"


def test_tantivy_chosen_but_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules is how Python spells "this package cannot be imported".
    monkeypatch.setitem(sys.modules, "tantivy", None)
    with pytest.raises(engines.EngineUnavailableError) as info:
        engines.require_engine("tantivy")
    message = str(info.value)
    assert "search_engine" in message and "'tantivy'" in message
    assert "pip install 'gongbao[tantivy]'" in message
    site = write_site(
        tmp_path,
        {"content/policies/a.md": policy(), "interpretations/a.md": interpretation()},
        {"search_engine": "tantivy"},
    )
    result = build_site(site)
    assert not result.ok
    assert "pip install 'gongbao[tantivy]'" in result.log
    assert not (site / "search-index").exists()


def test_invalid_engine_option(tmp_path: Path) -> None:
    site = write_site(tmp_path, {}, {"search_engine": "lucene"})
    with pytest.raises(FindingsError) as info:
        load_settings(site / "mkdocs.yml")
    text = str(info.value)
    assert "search_engine" in text and "'lucene'" in text and "whoosh" in text
    with pytest.raises(Abort):  # the plugin's Choice refuses it too
        build_site(site)
