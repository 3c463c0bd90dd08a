"""Pages come from templates a site can override, and values are escaped by the templates."""

from __future__ import annotations

from pathlib import Path

from gongbao.core.publish.templating import DEFAULT_DIR, Templates
from tests.sites import build_site, interpretation, policy, write_site


def test_every_page_family_has_its_template() -> None:
    names = sorted(p.name for p in (DEFAULT_DIR / "gongbao").glob("*.html"))
    assert names == [
        "_archive_year.html",
        "_consultation_rows.html",
        "_feed_links.html",
        "_head.html",
        "_macros.html",
        "archive_documents.html",
        "archive_index.html",
        "archive_interpretations.html",
        "build_errors.html",
        "catalogue_groups.html",
        "catalogue_home.html",
        "consultation.html",
        "consultations_index.html",
        "consultations_page.html",
        "gazette_home.html",
        "gazette_issue.html",
        "gazette_year.html",
        "interpretation.html",
        "interpretation_images.html",
        "interpretation_qa.html",
        "interpretation_text.html",
        "interpretation_transcript.html",
        "interpretation_video.html",
        "opendata.html",
        "policy.html",
        "search_page.html",
    ]


def test_values_are_escaped_and_the_body_is_not() -> None:
    templates = Templates()
    out = templates.render(
        "interpretation.html",
        title="<b>标题</b> *强调*",
        issuer='机关 "甲" & <乙>',
        published="2023-05-22",
        form="文字解读",
        round=2,
        documents=[
            {"href": "a.html?x=1&y=2", "title": "<i>", "doc_number": "", "published": "2023-05-22"}
        ],
        presentation={"template": "gongbao/interpretation_text.html", "body": "正文 **加粗**\n"},
        rounds=[],
    )
    assert "# &lt;b&gt;标题&lt;/b&gt; \\*强调\\*" in out
    assert "<td>机关 &#34;甲&#34; &amp; &lt;乙&gt;</td>" in out
    assert '<a href="a.html?x=1&amp;y=2">&lt;i&gt;</a>' in out
    assert "第2轮（跟踪解读）" in out
    assert out.endswith("正文 **加粗**\n")


def test_a_site_override_changes_the_page(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(),
            "interpretations/a.md": interpretation(),
            "overrides/gongbao/interpretation.html": (
                '{% import "gongbao/_macros.html" as m %}\n# {{ title|md }}\n\n'
                '<p class="site-own">本站解读：{{ issuer }}</p>\n\n{{ body }}\n'
            ),
        },
        theme={"name": "material", "language": "zh", "font": False, "custom_dir": "overrides"},
    )
    result = build_site(site)
    assert result.ok, result.log
    page = result.read("interpretations/a.html")
    assert '<p class="site-own">本站解读：平凉市人民政府办公室</p>' in page
    assert "gb-meta--interp" not in page
    # The other pages keep gongbao's own templates.
    assert 'class="gb-meta"' in result.read("policies/a.html")


def test_the_preview_banner_escapes_what_it_shows(tmp_path: Path) -> None:
    from gongbao.core.config.settings import Settings
    from gongbao.core.findings.catalogue.sync import SYNC_MISSING
    from gongbao.core.publish.banner import error_banner

    finding = SYNC_MISSING("content/a.md", 3, "标题 <script>x</script> 没有解读。", "补上解读。")
    html = error_banner([finding], Settings(root=tmp_path))
    assert (
        "<code>content/a.md:3</code> 标题 &lt;script&gt;x&lt;/script&gt; 没有解读。<br>修改建议：补上解读。"
        in html
    )
