"""互设跳转链接 as a reader follows them: document → 解读 → document, over http and file://."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest

from tests.http import serving
from tests.reader.cdp import Browser, chromium
from tests.sites import BuildResult

RELATED = "section[aria-labelledby=gb-related] li a"
ORIGINAL = "section[aria-labelledby=gb-original] li a"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


def _round_trip(browser: Browser, base: str) -> list[str]:
    """Every document page of the sample's 2024 archive, to its first 解读 and back."""
    page = browser.new_page(390, 844, mobile=True)
    page.goto(f"{base}/archive/documents/2024/index.html")
    documents = page.eval(
        "[...document.querySelectorAll('.gb-list td a[href*=\"policies/\"]')].map((a) => a.href)"
    )
    assert len(documents) >= 5
    for document in documents:
        page.goto(document, settle=0.2)
        title = page.eval("document.querySelector('h1').firstChild.textContent")
        interpretation = page.follow(RELATED)
        assert "/interpretations/" in interpretation
        # The interpretation names its document, by title, and links straight back to it.
        assert page.eval(f"document.querySelector({ORIGINAL!r}).textContent") == title
        assert unquote(page.follow(ORIGINAL)) == unquote(document)
    requests = page.requests
    page.send("Page.close")
    return requests


def test_document_to_interpretation_and_back_over_http(
    browser: Browser, sample: BuildResult
) -> None:
    with serving(sample.site, sample.site.parent / "search-index") as url:
        requests = _round_trip(browser, url)
        assert [r for r in requests if not r.startswith((url, "data:"))] == []


def test_document_to_interpretation_and_back_over_file(
    browser: Browser, offline: BuildResult
) -> None:
    requests = _round_trip(browser, offline.site.as_uri())
    assert [r for r in requests if not r.startswith(("file://", "data:"))] == []
