"""Built sites the readers' tests share: the sample site as shipped, once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sites import BuildResult, build_site

ROOT = Path(__file__).parents[2]
SAMPLE = ("mkdocs.yml", "content", "interpretations", "gazette", "overrides")


def copy_sample(dest: Path) -> Path:
    """The repository's sample site (configuration and sources), copied to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample site, built as ``mkdocs build --strict`` builds it."""
    result = build_site(copy_sample(tmp_path_factory.mktemp("sample") / "site-src"))
    assert result.ok, result.log
    return result


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample site's offline copy for a 查阅点: ``GONGBAO_OFFLINE=true mkdocs build``."""
    root = copy_sample(tmp_path_factory.mktemp("offline") / "site-src")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGBAO_OFFLINE", "true")
        result = build_site(root)
    assert result.ok, result.log
    return result
