"""Where a build's search index goes: never a folder shared with other projects."""

from __future__ import annotations

from pathlib import Path

from gongbao.core.config.settings import Settings
from gongbao.mkdocs_plugin.pagemeta import index_location


def test_served_sites_keep_their_index_in_the_project(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    served = Path("/tmp/mkdocs_abc123")  # what mkdocs serve gives as site_dir
    assert index_location(settings, served, "serve") == tmp_path / ".gongbao-cache" / "serve-index"
    assert index_location(settings, tmp_path / "site", "build") == tmp_path / "search-index"
    chosen = Settings(root=tmp_path, search_index_dir="var/index")
    assert index_location(chosen, served, "serve") == tmp_path / "var" / "index"
