"""Interpretation forms in a real browser: the video's captions are read by the browser's own
player from the <track>, and a 政策问答 question is an anchor a reader can link to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http import serving
from tests.publish.test_graph_pages import _site
from tests.reader.cdp import Browser, chromium
from tests.reader.test_axe import _violations
from tests.sites import build_site, write_site


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("forms")
    result = build_site(write_site(root, _site(root), {"as_of": "2025-01-01"}))
    assert result.ok, result.log
    with serving(result.site, root / "search-index") as url:
        yield url + "/"


def test_the_browsers_own_player_reads_the_captions_track(browser: Browser, served: str) -> None:
    page = browser.new_page()
    page.goto(served + "interpretations/2023/video.html", settle=1.0)
    track = page.eval(
        """new Promise(resolve => {
          const video = document.querySelector('video');
          const element = video.querySelector('track');
          const done = () => resolve({
            kind: element.track.kind, mode: element.track.mode, ready: element.readyState,
            cues: Array.from(element.track.cues || []).map(c => c.text),
            iframes: document.querySelectorAll('iframe').length,
          });
          if (element.readyState === 2) done(); else element.addEventListener('load', done);
          setTimeout(done, 4000);
        })"""
    )
    assert track == {
        "kind": "captions",
        "mode": "showing",
        "ready": 2,
        "cues": ["欢迎收看。"],
        "iframes": 0,
    }


def test_a_question_is_an_anchor_a_reader_can_link_to(browser: Browser, served: str) -> None:
    page = browser.new_page()
    page.goto(served + "interpretations/2023/qa.html#q2")
    found = page.eval(
        "[location.hash, document.getElementById('q2').textContent,"
        " document.querySelector('.gb-qa-index a[href=\"#q2\"]') !== null]"
    )
    assert found == ["#q2", "问2　修改了哪些内容？", True]


def test_no_serious_accessibility_violation_on_the_graph_pages(
    browser: Browser, served: str
) -> None:
    pages = [
        "interpretations/2023/video.html",
        "interpretations/2023/qa.html",
        "policies/2019/rules.html",  # status, relation lists both ways, timeline
        "policies/2018/old.html",  # 已被代替 banner
        "policies/2023/amender.html",  # citations linked, rounds
        "archive/documents/2018/index.html",  # the status column
    ]
    failures = {url: found for url in pages if (found := _violations(browser, served + url))}
    assert failures == {}
