"""axe-core (WCAG 2.1 A and AA) in real headless Chromium on every page type a reader meets.

Two palettes: the sample site's ``primary: red`` (Material's red is 3.44:1 on white, fixed by
``gongbao-palette.css``) and ``gongbao init``'s default. Pages are found in the built site by kind,
not listed by name, so a page type added later is covered as soon as it is built; the search page
and its results come from ``gongbao serve`` over http. A positive control proves that axe runs and
reports what it should.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongbao.cli import main
from tests.http import serving
from tests.reader.cdp import Browser, chromium
from tests.sites import BuildResult, build_site

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
RUN = (
    f"axe.run(document, {OPTIONS})"
    ".then((r) => JSON.stringify(r.violations.map((v) => ({id: v.id, impact: v.impact,"
    " nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary)}))))"
)

# Page kinds: a glob in the built site. Each kind must exist in the site it is checked on.
KINDS = {
    "home": "index.html",
    "ordinary page": "pages/*.html",
    "document": "policies/*/*.html",
    "interpretation": "interpretations/*/*.html",
    "documents archive": "archive/documents/index.html",
    "documents year": "archive/documents/*/index.html",
    "interpretations archive": "archive/interpretations/index.html",
    "interpretations year": "archive/interpretations/*/index.html",
    "gazette archive": "archive/gazette/index.html",
    "gazette year": "archive/gazette/[0-9]*.html",
    "gazette issue": "gazette/*/*.html",
}
# Served by gongbao serve, over http only.
SERVED = {"not found": "/no-such-page.html", "search page": "/search", "search results": None}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``gongbao init``'s site, built as shipped: Material's default palette."""
    root = tmp_path_factory.mktemp("init") / "site-src"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    result = build_site(root)
    assert result.ok, result.log
    return result


def _violations(browser: Browser, url: str, setup: str = "") -> list[dict[str, object]]:
    page = browser.new_page(1280, 900)
    page.goto(url, settle=0.5)
    if setup:
        page.eval(setup)
    page.eval(AXE + "\n;0")
    found: list[dict[str, object]] = json.loads(page.eval(RUN))
    page.send("Page.close")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _pages(site: Path) -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    for kind, pattern in KINDS.items():
        matches = sorted(site.glob(pattern))
        assert matches, f"{site} has no {kind} page ({pattern})"
        chosen[kind] = matches[0]
    return chosen


def _search_query(built: BuildResult) -> str:
    # A word the built archive contains: the first document's title, cut to four characters.
    document = _pages(built.site)["document"].read_text(encoding="utf-8")
    title = document.split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0]
    return title[:4]


@pytest.mark.parametrize("which", ["sample", "scaffold"])
def test_no_serious_violations_on_any_page_type(
    browser: Browser, which: str, request: pytest.FixtureRequest
) -> None:
    built: BuildResult = request.getfixturevalue(which)
    failures = {
        kind: found
        for kind, path in _pages(built.site).items()
        if (found := _violations(browser, path.as_uri()))
    }
    query = _search_query(built)
    with serving(built.site, built.site.parent / "search-index") as url:
        for kind, path in SERVED.items():
            target = url + (path or f"/search?q={query}")
            if found := _violations(browser, target):
                failures[kind] = found
        results = browser.new_page()
        results.goto(f"{url}/search?q={query}")
        # The results page is checked with results on it, not an empty list.
        assert results.eval("document.querySelectorAll('main a[href]').length") > 0
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_axe_reports_what_it_should(browser: Browser, sample: BuildResult) -> None:
    """The positive control: a low-contrast paragraph and an unlabeled field are reported."""
    page = (sample.site / "index.html").as_uri()
    spoil = (
        "(() => { const p = document.createElement('p'); p.textContent = '低对比度文字';"
        " p.style.color = '#bbbbbb'; const i = document.createElement('input');"
        " document.querySelector('article').append(p, i); })()"
    )
    found = {v["id"] for v in _violations(browser, page, spoil)}
    assert {"color-contrast", "label"} <= found
