"""Pages as a reader's browser sees them: real headless Chromium (Debian ``chromium``)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.http import serving
from tests.sites import BuildResult, build_site, interpretation, policy, write_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(*args: str) -> str:
    assert CHROMIUM, "headless Chromium is needed: apt-get install chromium (scripts/test does it)"
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=8000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("browser")
    site = write_site(
        root,
        {
            "content/policies/a.md": policy(body="## 第一章　总则\n\n第一条 为了推进政务公开。"),
            "interpretations/a.md": interpretation(),
        },
    )
    result = build_site(site)
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def served(built: BuildResult) -> Iterator[str]:
    with serving(built.site, built.site.parent / "search-index") as url:
        yield url + "/"


def test_advanced_search_form_appears_where_the_service_answers(
    built: BuildResult, served: str
) -> None:
    dom = _chromium("--dump-dom", served + "archive/documents/index.html")
    form = dom[dom.index('<form class="gb-search-form"') :]
    form = form[: form.index(">")]
    assert "hidden" not in form
    # From file:// (an offline 查阅点) the same form stays hidden: there is no service.
    offline = _chromium("--dump-dom", (built.site / "archive/documents/index.html").as_uri())
    offline_form = offline[offline.index('<form class="gb-search-form"') :]
    assert 'hidden=""' in offline_form[: offline_form.index(">")]


def test_document_page_from_file_url(built: BuildResult) -> None:
    dom = _chromium("--dump-dom", (built.site / "policies/a.html").as_uri())
    assert '<html lang="zh"' in dom
    assert '<th scope="row">文号</th><td>平政办发〔2023〕51号</td>' in dom
    assert '<a href="../interpretations/a.html">《平凉市2023年政务公开工作要点》政策解读</a>' in dom
    # The 大字 (适老化) switch was added by the plugin's script.
    assert 'class="md-header__button gb-size-toggle" aria-pressed="false">大字</button>' in dom


def test_screenshot_renders(built: BuildResult, served: str, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    _chromium(f"--screenshot={shot}", "--window-size=1280,1600", served + "policies/a.html")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
