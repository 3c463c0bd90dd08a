"""``mkdocs serve`` while sources have errors: the preview keeps serving and shows them."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.sites import policy, write_site


def test_a_preview_with_errors_shows_them_on_every_page(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/policies/a.md": policy()})  # no 解读: 三同步
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    page = (tmp_path / "served" / "policies" / "a.html").read_text(encoding="utf-8")
    home = (tmp_path / "served" / "index.html").read_text(encoding="utf-8")
    for html in (page, home):
        assert '<div class="gb-build-errors admonition failure" role="alert">' in html
        assert "本地预览：源文件有 1 个错误，正式构建会失败" in html
        assert "<code>content/policies/a.md:2</code> 三同步：" in html
    # The preview's index stays in the project, not beside the temporary site folder.
    assert (site / ".gongbao-cache" / "serve-index").is_dir()
    assert not (tmp_path / "search-index").exists()
