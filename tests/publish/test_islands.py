"""Raw HTML blocks set aside during the Markdown pass: the pages come out the same.

The rules are tested on small texts; then every generated page of the sample site is
converted by Python-Markdown both ways, and the whole sample site is built both ways and
compared file by file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest

from gongbao.core.config.siteconfig import load_settings
from gongbao.core.publish import islands
from gongbao.core.publish.islands import anchor_ids, put_back, set_aside
from gongbao.core.publish.pipeline import plan_site
from tests.sites import build_site

REPO = Path(__file__).resolve().parents[2]
TOKEN = "gbislandtestn"


def _convert(text: str) -> str:
    md = markdown.Markdown(extensions=["toc", "tables", "admonition", "attr_list", "fenced_code"])
    return md.convert(text)


def _both_ways(text: str) -> tuple[str, str]:
    aside = set_aside(text, TOKEN)
    # put_back runs as a postprocessor, before Markdown strips the page's ends.
    return _convert(text), put_back(_convert(aside.markdown), aside).strip()


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ('<table class="gb-meta">\n<tr><td>a</td></tr>\n</table>', 1),
        ("<div><div>a</div>\n<div>b</div></div>", 1),
        ("<section>\n<h2 id=x>t</h2>\n</section>\n\n# 标题\n\n<p>a</p>", 2),
        # The element closes before the block ends: the rest is Markdown again.
        ("<div>a</div>\n*b*", 0),
        ("<p>a</p> and *b*", 0),
        # Not a block-level start, Markdown inside, indented: left to the parser.
        ("<span>a</span>", 0),
        ('<div markdown="1">\n*a*\n</div>', 0),
        ("    <div>code</div>", 0),
        ("text\n<div>a</div>", 0),
        # Inside fenced code nothing is taken, across blank lines too.
        ("```html\n<div>a</div>\n\n<div>b</div>\n```\n\n<div>c</div>", 1),
        ("~~~\n\n<div>a</div>\n\n~~~", 0),
    ],
)
def test_what_is_set_aside(text: str, taken: int) -> None:
    aside = set_aside(text, TOKEN)
    assert len(aside.blocks) == taken
    plain, fast = _both_ways(text)
    assert fast == plain


def test_a_page_containing_the_token_is_left_alone() -> None:
    text = f"<div>a</div>\n\n{TOKEN}0x"
    assert set_aside(text, TOKEN).blocks == ()


def test_a_missing_placeholder_is_an_error() -> None:
    aside = set_aside("<div>a</div>\n\n<div>b</div>", TOKEN)
    with pytest.raises(ValueError, match=r"gbislandtestn1x"):
        put_back(f"<p>{TOKEN}0x</p>", aside)


def test_an_editor_block_left_open_keeps_the_blocks_after_it() -> None:
    # Markdown passes the rest of the page as raw text: the placeholder is found bare.
    text = "<div>\n正文\n\n<table><tr><td>a</td></tr></table>\n\n结尾"
    plain, fast = _both_ways(text)
    assert fast == plain


def test_anchor_ids_of_blocks() -> None:
    blocks = ['<section id="gb-related"><h2 id="h">t</h2><a name="q1">x</a></section>']
    assert anchor_ids(blocks) == {"gb-related", "h", "q1"}


def _sample(root: Path) -> Path:
    site = root / "sample"
    site.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "interpretations", "overrides", "gazette"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy(source, site / name)
    return site


def test_every_generated_page_of_the_sample_converts_the_same(tmp_path: Path) -> None:
    plan = plan_site(load_settings(_sample(tmp_path) / "mkdocs.yml"))
    pages = [p for p in plan.pages if p.src_uri.endswith(".md") and p.content]
    assert len(pages) > 50
    taken = 0
    for page in pages:
        body = page.content.split("\n---\n", 1)[-1]  # MkDocs strips the front matter first
        aside = set_aside(body, TOKEN)
        taken += len(aside.blocks)
        plain, fast = _convert(body), put_back(_convert(aside.markdown), aside).strip()
        assert fast == plain, page.src_uri
    assert taken > 3 * len(pages) // 2  # most of the pages' HTML is set aside


def test_the_sample_site_is_the_same_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[int] = []

    def counted(text: str, token: str | None = None) -> islands.SetAside:
        aside = set_aside(text, token)
        taken.append(len(aside.blocks))
        return aside

    monkeypatch.setattr("gongbao.mkdocs_plugin.islands.set_aside", counted)
    fast = build_site(_sample(tmp_path / "fast"))
    assert fast.ok, fast.log
    assert sum(taken) > len(taken) > 50  # the adapter did set blocks aside

    def nothing_aside(text: str, token: str | None = None) -> islands.SetAside:
        return islands.SetAside(text, (), token or TOKEN)

    monkeypatch.setattr("gongbao.mkdocs_plugin.islands.set_aside", nothing_aside)
    plain = build_site(_sample(tmp_path / "plain"))
    assert plain.ok, plain.log
    names = sorted(
        p.relative_to(plain.site).as_posix() for p in plain.site.rglob("*.html") if p.is_file()
    )
    assert len(names) > 50
    for name in names:
        assert (fast.site / name).read_bytes() == (plain.site / name).read_bytes(), name
