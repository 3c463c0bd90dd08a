"""Atom feeds: parsed back, dated from the records, nothing withheld, linked from pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import feedparser

from gongbao.core.publish.generators.catalogues import group_slug
from tests.sites import BuildResult, build_site, interpretation, policy, write_site

EXEMPT = {"interpretation": "exempt", "exempt_reason": "内部工作安排"}
ISSUE = """---
year: 2023
number: 1
published: 2023-06-30
sections:
  - heading: 市政府办公室文件
    items:
      - 平政办发〔2023〕51号
---
"""


def _files() -> dict[str, str]:
    return {
        "content/policies/a.md": policy(catalogue="法规文件", category="政务公开"),
        "interpretations/a.md": interpretation(form="图解"),
        "content/policies/s.md": policy(
            title="平凉市2023年统计公报",
            doc_number="平统发〔2023〕2号",
            published="2023-04-01",
            issuer="平凉市统计局",
            **EXEMPT,
        ),
        "content/policies/secret.md": policy(
            title="不予公开的请示",
            doc_number="平政办发〔2023〕60号",
            disclosure="不予公开",
            **EXEMPT,
        ),
        "content/policies/later.md": policy(
            title="尚未发布的通知",
            doc_number="平政办发〔2023〕70号",
            published="2023-12-01",
            **EXEMPT,
        ),
        "gazette/2023/01.md": ISSUE,
    }


def _build(root: Path, **config: Any) -> BuildResult:
    site = write_site(
        root,
        _files(),
        {"as_of": "2023-07-01", "gazette_title": "平凉市政府公报", "catalogues": ["法规文件"]},
        **config,
    )
    result = build_site(site)
    assert result.ok, result.log
    return result


def _parse(result: BuildResult, path: str) -> Any:
    parsed = feedparser.parse((result.site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_document_feed_lists_published_documents_newest_first(tmp_path: Path) -> None:
    result = _build(tmp_path)
    feed = _parse(result, "feeds/documents.xml")
    assert feed.feed.title == "测试站点：最新政策文件"
    assert feed.feed.updated == "2023-05-22T00:00:00+08:00"  # the newest record, not the clock
    assert [(e.title, e.link, e.updated) for e in feed.entries] == [
        (
            "平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知",
            "../policies/a.html",
            "2023-05-22T00:00:00+08:00",
        ),
        ("平凉市2023年统计公报", "../policies/s.html", "2023-04-01T00:00:00+08:00"),
    ]
    first = feed.entries[0]
    assert first.summary == "平政办发〔2023〕51号 · 平凉市人民政府办公室 · 发布日期 2023-05-22"
    assert first.author == "平凉市人民政府办公室"
    assert [t.term for t in first.tags] == ["法规文件", "政务公开"]
    assert first.id.startswith("urn:uuid:")
    # The relative links resolve to the built pages.
    for entry in feed.entries:
        assert (result.site / "feeds" / entry.link).resolve().is_file()


def test_interpretation_gazette_and_issuer_feeds(tmp_path: Path) -> None:
    result = _build(tmp_path)
    interps = _parse(result, "feeds/interpretations.xml")
    assert [(e.title, e.summary) for e in interps.entries] == [
        (
            "《平凉市2023年政务公开工作要点》政策解读",
            "图文解读 · 解读对象 平政办发〔2023〕51号 · 平凉市人民政府办公室",
        )
    ]
    gazette = _parse(result, "feeds/gazette.xml")
    assert gazette.feed.title == "平凉市政府公报：最新一期"
    assert [(e.title, e.link, e.summary) for e in gazette.entries] == [
        ("平凉市政府公报2023年第1期", "../gazette/2023/01.html", "市政府办公室文件")
    ]
    stats = _parse(result, f"feeds/issuers/{group_slug('平凉市统计局')}.xml")
    assert stats.feed.title == "平凉市统计局：最新政策文件"
    assert stats.feed.link == f"../../archive/issuers/{group_slug('平凉市统计局')}/index.html"
    assert [e.title for e in stats.entries] == ["平凉市2023年统计公报"]
    issuer_feeds = sorted(p.name for p in (result.site / "feeds/issuers").iterdir())
    assert issuer_feeds == sorted(
        f"{group_slug(name)}.xml" for name in ("平凉市统计局", "平凉市人民政府办公室")
    )


def test_no_feed_holds_anything_withheld_and_builds_are_identical(tmp_path: Path) -> None:
    first = _build(tmp_path / "one")
    second = _build(tmp_path / "two")
    feeds = sorted(p.relative_to(first.site) for p in (first.site / "feeds").rglob("*.xml"))
    assert len(feeds) == 5
    for path in feeds:
        text = (first.site / path).read_text("utf-8")
        for withheld in (
            "不予公开的请示",
            "平政办发〔2023〕60号",
            "尚未发布的通知",
            "平政办发〔2023〕70号",
        ):
            assert withheld not in text, (path, withheld)
        assert (first.site / path).read_bytes() == (second.site / path).read_bytes()


def test_pages_link_their_feeds(tmp_path: Path) -> None:
    result = _build(tmp_path)
    page = result.read("policies/s.html")
    links = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', page
    )
    assert links == [
        ("测试站点：最新政策文件", "../feeds/documents.xml"),
        ("测试站点：最新政策解读", "../feeds/interpretations.xml"),
        ("平凉市政府公报：最新一期", "../feeds/gazette.xml"),
        ("平凉市统计局：最新政策文件", f"../feeds/issuers/{group_slug('平凉市统计局')}.xml"),
    ]
    slug = group_slug("平凉市统计局")
    issuer_page = result.read(f"archive/issuers/{slug}/index.html")
    assert (
        f'title="平凉市统计局：最新政策文件" href="../../../feeds/issuers/{slug}.xml">'
        in issuer_page
    )
    home = result.read("index.html")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="测试站点：最新政策文件" href="feeds/documents.xml">'
        in home
    )
    assert home.index("application/atom+xml") < home.index("</head>")


def test_with_a_site_url_links_and_ids_are_absolute(tmp_path: Path) -> None:
    result = _build(tmp_path, site_url="https://www.example.gov.cn/xxgk/")
    feed = _parse(result, "feeds/documents.xml")
    assert feed.entries[0].link == "https://www.example.gov.cn/xxgk/policies/a.html"
    assert feed.entries[0].id == "https://www.example.gov.cn/xxgk/policies/a.html"
    assert feed.feed.id == "https://www.example.gov.cn/xxgk/feeds/documents.xml"
    assert 'href="https://www.example.gov.cn/xxgk/feeds/documents.xml"' in result.read(
        "policies/a.html"
    )
