"""Government site conventions (政府网站发展指引): footer, page meta tags, anchors, sitemap."""

from __future__ import annotations

import re
from pathlib import Path

from gongbao.core.config.options import OptionError, parse_options
from gongbao.core.findings.finding import Severity
from gongbao.mkdocs_plugin.conventions import drop_empty_sitemap
from tests.sites import BuildResult, build_site, interpretation, policy, write_site

FOOTER = {
    "site_sponsor": "某市人民政府办公室",
    "site_organizer": "某市大数据中心",
    "site_contact": "0933-8212345 <政务服务热线>",
    "site_id_code": "6208000001",
    "icp_number": "陇ICP备05000001号",
    "police_number": "甘公网安备 62080202000001号",
}


def _meta(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta name="([A-Z][A-Za-z]+)" content="([^"]*)">', page)


def _footer(page: str) -> str:
    start = page.index('<div class="md-copyright gb-footer">')
    return page[start : page.index("</div>", start) + 6]


def test_sample_footer_is_chinese_with_no_foreign_credit(sample: BuildResult) -> None:
    for page in (
        "index.html",
        "policies/2023/pzbf-2023-51.html",
        "404.html",
        "gazette/2024/01.html",
    ):
        text = sample.read(page)
        footer = re.sub(r"\s+", " ", _footer(text))
        assert footer == (
            '<div class="md-copyright gb-footer"> <ul class="gb-footer__list"> '
            "<li>主办单位：平凉市人民政府办公室（示例）</li> "
            "<li>承办单位：gongbao 示例站点</li> "
            "<li>联系方式：示例站点不受理咨询；内容来源见 PROVENANCE.md</li> "
            "</ul> </div>"
        ), page
        assert "Made with" not in text
        assert "squidfunk" not in text
        assert 'name="generator"' not in text


def test_sample_meta_tags_on_every_kind_of_page(sample: BuildResult) -> None:
    site_name = ("SiteName", "平凉市人民政府信息公开（示例）")
    assert _meta(sample.read("index.html")) == [site_name]
    assert _meta(sample.read("archive/documents/index.html")) == [site_name]
    assert _meta(sample.read("404.html")) == [site_name]
    tags = _meta(sample.read("interpretations/2024/hgzsl-270-jd.html"))
    assert tags[:6] == [
        site_name,
        ("ColumnName", "政策解读"),
        ("ArticleTitle", "海关总署关于《中华人民共和国出口货物原产地证书签证管理办法》的解读"),
        ("PubDate", "2024-07-30"),
        ("ContentSource", "海关总署"),
        ("Keywords", "政策解读"),
    ]
    assert tags[6][0] == "Description"
    assert tags[6][1].startswith("海关总署于2024年7月30日公布了《中华人民共和国出口货物原产地")
    assert len(tags[6][1]) == 120
    issue = dict(_meta(sample.read("gazette/2024/01.html")))
    assert issue["ColumnName"] == "政府公报"
    assert issue["ArticleTitle"] == "平凉市人民政府公报（示例）2024年第1期（总第3期）"
    assert issue["PubDate"] == "2024-01-31"
    assert issue["ContentSource"] == "平凉市人民政府公报（示例）"
    for path in sample.site.rglob("*.html"):
        assert 'name="generator"' not in path.read_text("utf-8"), path


def test_sample_heading_anchors_have_chinese_titles(sample: BuildResult) -> None:
    page = sample.read("interpretations/2024/hgzsl-270-jd.html")
    assert 'title="本段链接">&para;</a>' in page
    assert "Permanent link" not in page


def test_without_site_url_no_empty_sitemap_and_a_chinese_notice(sample: BuildResult) -> None:
    assert not (sample.site / "sitemap.xml").exists()
    assert not (sample.site / "sitemap.xml.gz").exists()
    notice = [line for line in sample.log.splitlines() if "site_url" in line]
    assert notice == [
        "INFO: gongbao: mkdocs.yml: 未设置 site_url（网站的正式网址），本次构建不生成站点地图 "
        "sitemap.xml。 修改建议：在 mkdocs.yml 中加上 site_url: https://（本站域名）/；"
        "只在查阅点离线使用的副本可以不设。"
    ]


def _full_site(root: Path, **config: object) -> BuildResult:
    site = write_site(
        root,
        {
            "content/policies/a.md": policy(
                title='关于"公开"<工作>的通知', keywords=["政务公开", "规范性文件"]
            ),
            "interpretations/a.md": interpretation(),
        },
        FOOTER,
        **config,
    )
    result = build_site(site)
    assert result.ok, result.log
    return result


def test_footer_options_and_escaped_meta_tags(tmp_path: Path) -> None:
    result = _full_site(tmp_path, site_url="https://www.example.gov.cn/gk/")
    page = result.read("policies/a.html")
    assert re.sub(r"\s+", " ", _footer(page)) == (
        '<div class="md-copyright gb-footer"> <ul class="gb-footer__list"> '
        "<li>主办单位：某市人民政府办公室</li> "
        "<li>承办单位：某市大数据中心</li> "
        "<li>联系方式：0933-8212345 &lt;政务服务热线&gt;</li> "
        "<li>网站标识码：6208000001</li> "
        '<li>ICP备案号：<a href="https://beian.miit.gov.cn/" rel="noopener">陇ICP备05000001号</a></li> '
        "<li>公安机关备案号：<a "
        'href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=62080202000001" '
        'rel="noopener">甘公网安备 62080202000001号</a></li> </ul> </div>'
    )
    assert _meta(page) == [
        ("SiteName", "测试站点"),
        ("SiteDomain", "www.example.gov.cn"),
        ("SiteIDCode", "6208000001"),
        ("ColumnName", "政策文件"),
        ("ArticleTitle", "关于&#34;公开&#34;&lt;工作&gt;的通知"),
        ("PubDate", "2023-05-22"),
        ("ContentSource", "平凉市人民政府办公室"),
        ("Keywords", "政务公开,规范性文件"),
        ("Description", "现将《平凉市2023年政务公开工作要点》印发给你们，请认真抓好贯彻落实。"),
    ]
    interp = dict(_meta(result.read("interpretations/a.html")))
    # An interpretation carries the 主题词 of the document it interprets.
    assert interp["Keywords"] == "政务公开,规范性文件"
    assert interp["ColumnName"] == "政策解读"
    # With a site_url: a sitemap of every page, dated from the sources, and no notice.
    sitemap = result.read("sitemap.xml")
    assert (
        "<loc>https://www.example.gov.cn/gk/policies/a.html</loc>\n"
        "         <lastmod>2023-05-22</lastmod>" in sitemap
    )
    assert "<loc>https://www.example.gov.cn/gk/interpretations/a.html</loc>" in sitemap
    assert (result.site / "sitemap.xml.gz").is_file()
    assert "site_url" not in result.log


def test_site_domain_option_and_own_permalink_title(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"content/pages/p.md": "# 页面\n\n## 一、总则\n\n正文。\n"},
        {"site_domain": "gk.example.gov.cn"},
        markdown_extensions=[{"toc": {"permalink": True, "permalink_title": "链接"}}],
    )
    result = build_site(site)
    assert result.ok, result.log
    page = result.read("pages/p.html")
    assert _meta(page) == [("SiteName", "测试站点"), ("SiteDomain", "gk.example.gov.cn")]
    assert 'title="链接">&para;</a>' in page
    # No footer options: Material's footer keeps only what the site set, without credits.
    assert re.sub(r"\s+", " ", _footer(page)) == '<div class="md-copyright gb-footer"> </div>'


def test_footer_option_must_be_text() -> None:
    try:
        parse_options({"site_sponsor": ["a"]})
    except OptionError as exc:
        assert str(exc) == "选项 site_sponsor（主办单位）应为一段文字，实际为 ['a']。"
    else:  # pragma: no cover
        raise AssertionError("a list was accepted as 主办单位")


def test_missing_site_url_is_a_notice_not_a_warning(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    notice = drop_empty_sitemap(tmp_path, None, "mkdocs.yml")
    assert notice is not None
    assert (notice.code, notice.severity, notice.is_error) == (
        "config.site_url",
        Severity.NOTICE,
        False,
    )
    assert not (tmp_path / "sitemap.xml").exists()
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    assert drop_empty_sitemap(tmp_path, "https://www.example.gov.cn/", "mkdocs.yml") is None
    assert (tmp_path / "sitemap.xml").read_text("utf-8") == "<urlset/>"
