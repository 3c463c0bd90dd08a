"""Search outputs of a real build: the whoosh index and the browser index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.search import SearchQuery
from gongbao.core.search.whoosh.backend import open_index
from tests.pdfmaker import make_pdf
from tests.sites import BuildResult, build_site, interpretation, policy, write_site

REAL = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("search")
    real_text = (REAL / "policy_16.txt").read_text(encoding="utf-8")
    site = write_site(
        root,
        {
            "content/policies/a.md": policy(attachments=["分工表.pdf"]),
            "interpretations/a.md": interpretation(),
            "content/policies/b.md": policy(
                title="国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
                doc_number="国办发〔2018〕115号",
                issuer="国务院办公厅",
                published="2018-12-20",
                body=real_text,
            ),
            "interpretations/b.md": interpretation(
                interprets="国办发〔2018〕115号", title="合法性审核机制解读", published="2018-12-20"
            ),
            "content/policies/c.md": policy(
                title="关于某拆迁补偿个案的复函",
                doc_number="平政办函〔2023〕7号",
                disclosure="依申请公开",
                body="合法性审核机制 个案补偿标准",
            ),
        },
    )
    make_pdf(
        site / "content/policies/分工表.pdf",
        ["政务公开重点任务分工表", "推进政务\n公开标准化规范化，牵头单位：市政府政务公开办"],
    )
    result = build_site(site)
    assert result.ok, result.log
    return result


def _search(built: BuildResult, text: str, **filters: object) -> list[tuple[str, str]]:
    with open_index(built.site.parent / "search-index") as backend:
        results = backend.search(SearchQuery(text, **filters))  # type: ignore[arg-type]
    return [(hit.kind, hit.title) for hit in results.hits]


def test_word_inside_a_real_document(built: BuildResult) -> None:
    assert ("policy", "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见") in _search(
        built, "合法性审核"
    )


@pytest.mark.parametrize(
    "spelling", ["国办发〔2018〕115号", "国办发[2018]115号", "国办发（2018）１１５号"]
)
def test_doc_number_in_three_spellings_finds_the_document_first(
    built: BuildResult, spelling: str
) -> None:
    assert _search(built, spelling)[0] == (
        "policy",
        "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
    )


def test_phrase_split_across_a_pdf_line_break(built: BuildResult) -> None:
    with open_index(built.site.parent / "search-index") as backend:
        results = backend.search(SearchQuery('"政务公开标准化"', kind="pdf"))
    assert [(hit.url, hit.page) for hit in results.hits] == [("policies/分工表.pdf#page=2", 2)]
    assert "<mark>" in results.hits[0].excerpt_html


def test_filters_by_issuer_and_year(built: BuildResult) -> None:
    assert _search(built, "合法性审核", issuer="国务院办公厅", year=2018, kind="policy") == [
        ("policy", "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见")
    ]
    assert _search(built, "合法性审核", year=2023) == []


def test_documents_on_request_are_never_found(built: BuildResult) -> None:
    assert all(title != "关于某拆迁补偿个案的复函" for _, title in _search(built, "个案补偿标准"))
    assert _search(built, "平政办函〔2023〕7号") == []


def test_cli_search_json(built: BuildResult) -> None:
    result = CliRunner().invoke(
        main,
        [
            "search",
            "国办发[2018]115号",
            "--index",
            str(built.site.parent / "search-index"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["results"][0]["url"] == "policies/b.html"
    assert data["results"][0]["doc_number"] == "国办发〔2018〕115号"


def test_material_indexes_no_page_and_gongbao_indexes_every_record(tmp_path: Path) -> None:
    files = {
        "content/policies/a.md": policy(body="## 第一章 总则\n\n" + "政务公开。" * 500),
        "interpretations/a.md": interpretation(),
    }
    full = build_site(write_site(tmp_path / "full", files))
    parked = build_site(write_site(tmp_path / "parked", files, {"client_search_limit": 100}))
    assert full.ok and parked.ok
    # Material's search plugin stays listed (it shows the header box) but indexes nothing:
    # no jieba pass over the pages, no second result list.
    assert json.loads(full.read("search/search_index.json"))["docs"] == []
    manifest = full.read("search/gongbao/index.js")
    assert manifest.startswith('__gongbaoSearch("m",0,{"docs":3,')  # policy, 解读, 首页
    ident = json.loads(manifest.split(",", 2)[2].rsplit(")", 1)[0])["id"]
    docs = sorted((full.site / "search/gongbao" / ident / "d").glob("*.js"))
    urls = {json.loads(p.read_text("utf-8").split(",", 2)[2].rsplit(")", 1)[0])["u"] for p in docs}
    assert urls == {"policies/a.html", "interpretations/a.html", "index.html"}
    # A large archive parks record pages' HTML compressed between MkDocs' two passes: the
    # pages it writes are the very pages of a small build, and so is the browser index.
    assert "政务公开。政务公开。" in parked.read("policies/a.html")
    for page in ("policies/a.html", "interpretations/a.html", "search/gongbao/index.js"):
        assert parked.read(page) == full.read(page)


def test_pdf_hits_open_their_page_and_gazette_pdfs_show_their_issue(tmp_path: Path) -> None:
    from tests.test_gazette import GAP_1_TO_5, _site_with_issue_pdf, _warnings

    # The issue is 2023年第6期: the one warning is the gap before it.
    result = build_site(_site_with_issue_pdf(tmp_path), strict=False)
    assert result.ok and _warnings(result.log) == [GAP_1_TO_5], result.log
    with open_index(result.site.parent / "search-index") as backend:
        hits = backend.search(SearchQuery('"信息公开申请办理规定"', kind="pdf", page_size=100)).hits
    issue_pages = [h for h in hits if h.url.startswith("gazette/")]
    assert [(h.url, h.page, h.issuer, h.issue) for h in issue_pages] == [
        ("gazette/2023/2023-06.pdf#page=2", 2, "", "2023年第6期")
    ]
    assert all(h.url.endswith(f".pdf#page={h.page}") for h in hits)
