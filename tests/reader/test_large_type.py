"""大字 (适老化) in real headless Chromium: no layout shift, a readable switch, phone tables."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http import serving
from tests.reader.cdp import Browser, Page, chromium
from tests.sites import BuildResult

# Installed before the page's own scripts: every layout shift not caused by input, from the start.
OBSERVER = """window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({type: "layout-shift", buffered: true});"""

# Table cells narrower than three characters of their own type size (one-character-a-line text).
SQUEEZED = """JSON.stringify([...document.querySelectorAll(
    ".gb-list th, .gb-list td, .gb-meta th, .gb-meta td")]
  .filter((cell) => cell.textContent.trim().length >= 2)
  .map((cell) => {
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [cell.textContent.trim().slice(0, 12), inner / parseFloat(style.fontSize)];
  })
  .filter(([, chars]) => chars < 3))"""

PAGES = (
    "index.html",
    "policies/2024/hgzsl-270.html",
    "interpretations/2024/hgzsl-270-jd.html",
    "archive/documents/2024/index.html",
    "archive/interpretations/2024/index.html",
    "archive/gazette/2024.html",
    "gazette/2024/01.html",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


def _open(browser: Browser, url: str, width: int) -> Page:
    page = browser.new_page(width, 900, mobile=width < 500)
    page.init_script(OBSERVER)
    page.goto(url)
    return page


def _large(page: Page) -> bool:
    return bool(page.eval('document.documentElement.classList.contains("gb-large")'))


@pytest.mark.parametrize("width", [1280, 390])
def test_switching_and_reloading_shifts_nothing(
    browser: Browser, sample: BuildResult, width: int
) -> None:
    url = (sample.site / "policies/2024/hgzsl-270.html").as_uri()
    page = _open(browser, url, width)
    assert page.eval("window.__cls") < 0.01
    assert not _large(page)
    page.click(".gb-size-toggle")
    assert _large(page)
    assert page.eval('document.querySelector(".gb-size-toggle").textContent') == "标准字号"
    assert page.eval('localStorage.getItem("gongbao.large")') == "1"
    # The choice is applied before the first paint of every later page: no shift on load.
    page.reload(settle=1.0)
    assert _large(page)
    assert page.eval("window.__cls") < 0.01, page.eval("window.__cls")
    page.goto((sample.site / "archive/documents/2024/index.html").as_uri(), settle=1.0)
    assert _large(page)
    assert page.eval("window.__cls") < 0.01
    assert page.eval('document.querySelector(".gb-size-toggle").getAttribute("aria-pressed")') == (
        "true"
    )
    page.click(".gb-size-toggle")
    assert not _large(page)
    assert page.eval('localStorage.getItem("gongbao.large")') == "0"
    page.reload(settle=1.0)
    assert not _large(page)
    assert page.eval("window.__cls") < 0.01


def test_the_switch_label_is_readable(browser: Browser, sample: BuildResult) -> None:
    page = _open(browser, (sample.site / "index.html").as_uri(), 390)
    size = page.eval(
        'parseFloat(getComputedStyle(document.querySelector(".gb-size-toggle")).fontSize)'
    )
    assert size >= 14
    name = page.eval('document.querySelector(".gb-size-toggle").textContent')
    assert name == "大字"


@pytest.mark.parametrize("large", [False, True])
def test_tables_reflow_on_a_phone(browser: Browser, sample: BuildResult, large: bool) -> None:
    page = browser.new_page(390, 844, mobile=True)
    page.goto((sample.site / "index.html").as_uri())
    page.eval(f'localStorage.setItem("gongbao.large", "{int(large)}")')
    for path in PAGES:
        page.goto((sample.site / path).as_uri(), settle=0.2)
        assert _large(page) is large
        assert json.loads(page.eval(SQUEEZED)) == [], path
        # The page itself never scrolls sideways; a wide list scrolls inside its own box.
        width = page.eval("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (path, width)


def test_the_search_page_honours_large_type(
    browser: Browser, sample: BuildResult, tmp_path: Path
) -> None:
    with serving(sample.site, sample.site.parent / "search-index") as url:
        page = browser.new_page(390, 844, mobile=True)
        page.init_script(OBSERVER)
        page.goto(url + "/search?q=海关")
        assert not _large(page)
        assert page.eval("document.querySelectorAll('.gb-size-toggle').length") == 1
        page.click(".gb-size-toggle")
        assert _large(page)
        # A document page of the same site is shown large too, and back on the search page.
        page.goto(url + "/policies/2024/hgzsl-270.html")
        assert _large(page)
        page.goto(url + "/search?q=海关", settle=1.0)
        assert _large(page)
        assert page.eval("window.__cls") < 0.01
        size = page.eval("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert size == pytest.approx(16 * 1.56, abs=0.1)
        time.sleep(0)
