"""The offline copy (GONGBAO_OFFLINE=true) from file://: nothing from other hosts, search works."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongbao.mkdocs_plugin.offline import SHIM
from tests.reader.cdp import Browser, Page, chromium
from tests.sites import BuildResult

VENDORED = (Path(__file__).parents[2] / "plugins/gongbao/mkdocs_plugin/theme" / SHIM).parent


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


def _local(requests: list[str]) -> list[str]:
    """Requests that left the copy: anything but its own files (and inline data: images)."""
    return [url for url in requests if not url.startswith(("file://", "data:"))]


def test_the_shim_is_vendored_with_licence_and_provenance(offline: BuildResult) -> None:
    shipped = (offline.site / SHIM).read_bytes()
    assert shipped == (VENDORED / "shim.js").read_bytes()
    provenance = (VENDORED / "PROVENANCE.md").read_text("utf-8")
    assert "iframe-worker 1.0.4" in provenance
    assert hashlib.sha256(shipped).hexdigest() in provenance
    assert (
        (offline.site / "assets/javascripts/iframe-worker/LICENSE")
        .read_text("utf-8")
        .startswith("Copyright (c) 2020-2022 Martin Donath")
    )
    for path in offline.site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "unpkg.com" not in text, path
        assert re.search(
            r'<script src="(/|(\.\./)*)assets/javascripts/iframe-worker/shim\.js">', text
        )


def test_only_the_offline_copy_gets_the_shim(sample: BuildResult) -> None:
    assert "iframe-worker" not in sample.read("index.html")


def _search(page: Page, words: str) -> int:
    page.click('label[for="__search"]')
    page.eval(
        "(() => { const input = document.querySelector('.md-search__input'); input.focus();"
        f" input.value = {words!r}; input.dispatchEvent(new Event('input', {{bubbles: true}})); }})()"
    )
    for _ in range(60):
        found = page.eval("document.querySelectorAll('[data-search-result]').length")
        if found:
            return int(found)
        time.sleep(0.25)
    return 0


def test_round_trip_and_search_from_file_url_touch_no_other_host(
    browser: Browser, offline: BuildResult
) -> None:
    page = browser.new_page(1280, 900)
    page.goto((offline.site / "policies/2024/hgzsl-270.html").as_uri(), settle=1.0)
    # document → 解读 → document, by the links on the pages
    page.click('.gb-panel a[href$="hgzsl-270-jd.html"]')
    time.sleep(1.0)
    assert page.eval("location.pathname").endswith("/interpretations/2024/hgzsl-270-jd.html")
    assert page.eval("document.title").startswith("海关总署关于《中华人民共和国出口货物原产地")
    page.click('.gb-panel--original a[href$="hgzsl-270.html"]')
    time.sleep(1.0)
    assert page.eval("location.pathname").endswith("/policies/2024/hgzsl-270.html")
    # gongbao's search loads its index as scripts, which file:// allows (fetch is refused).
    found = _search(page, "原产地")
    assert found >= 1
    meta = page.eval("document.querySelector('[data-search-total]').textContent")
    assert meta == f"共 {found} 条结果"
    requests = set(page.requests)
    assert any(url.endswith("/" + SHIM) for url in requests)
    assert any(url.endswith("/search/gongbao/index.js") for url in requests)
    # Material's own search (its worker and index) never starts.
    assert not any("/assets/javascripts/workers/search." in url for url in requests)
    assert not any("/search/search_index" in url for url in requests)
    assert _local(page.requests) == []


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "archive/documents/index.html",
        "archive/interpretations/2024/index.html",
        "archive/gazette/2024.html",
        "gazette/2024/01.html",
        "404.html",
    ],
)
def test_every_kind_of_page_touches_no_other_host(
    browser: Browser, offline: BuildResult, path: str
) -> None:
    page = browser.new_page(1280, 900)
    page.goto((offline.site / path).as_uri(), settle=0.5)
    assert page.requests[0] == (offline.site / path).as_uri()
    assert _local(page.requests) == []
