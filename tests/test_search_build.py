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


def test_large_archive_keeps_titles_and_summaries_in_the_browser_index(tmp_path: Path) -> None:
    files = {
        "content/policies/a.md": policy(body="## 第一章 总则\n\n" + "政务公开。" * 500),
        "interpretations/a.md": interpretation(),
    }
    full = build_site(write_site(tmp_path / "full", files))
    trimmed = build_site(write_site(tmp_path / "trimmed", files, {"client_search_limit": 100}))
    assert full.ok and trimmed.ok
    big = json.loads(full.read("search/search_index.json"))
    small = json.loads(trimmed.read("search/search_index.json"))
    assert any("#" in d["location"] for d in big["docs"])
    assert not any("#" in d["location"] for d in small["docs"])
    assert max(len(d["text"]) for d in small["docs"]) <= 120
    # Record pages get one compact entry each (title, 文号, issuer, date, opening text).
    entry = next(d for d in small["docs"] if d["location"] == "policies/a.html")
    # Segmented the way Material segments (jieba, zero-width spaces), so its client finds words.
    assert entry["text"].startswith(
        "平\u200b政办发\u200b〔2023〕51\u200b号\u200b \u200b平凉市\u200b人民政府\u200b办公室\u200b 2023-05-22"
    )
    assert [d["location"] for d in small["docs"]].count("policies/a.html") == 1
    # A large archive parks record pages' HTML compressed between MkDocs' two passes: the
    # pages it writes are the very pages of a small build.
    assert "政务公开。政务公开。" in trimmed.read("policies/a.html")
    for page in ("policies/a.html", "interpretations/a.html"):
        assert trimmed.read(page) == full.read(page)
    assert (
        len(trimmed.read("search/search_index.json"))
        < len(full.read("search/search_index.json")) / 3
    )


def test_pdf_hits_open_their_page_and_gazette_pdfs_show_their_issue(tmp_path: Path) -> None:
    from tests.test_gazette import _site_with_issue_pdf

    result = build_site(_site_with_issue_pdf(tmp_path))
    assert result.ok, result.log
    with open_index(result.site.parent / "search-index") as backend:
        hits = backend.search(SearchQuery('"信息公开申请办理规定"', kind="pdf", page_size=100)).hits
    issue_pages = [h for h in hits if h.url.startswith("gazette/")]
    assert [(h.url, h.page, h.issuer, h.issue) for h in issue_pages] == [
        ("gazette/2023/2023-06.pdf#page=2", 2, "", "2023年第6期")
    ]
    assert all(h.url.endswith(f".pdf#page={h.page}") for h in hits)
