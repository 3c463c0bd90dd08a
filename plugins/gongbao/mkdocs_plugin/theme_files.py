"""What the plugin adds to Material's theme and to MkDocs' files: its theme folder, stylesheets
and scripts, and the static files (images, PDFs, media) beside sources outside ``docs_dir``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from gongbao.mkdocs_plugin.material_search import SEARCH_JS

__all__ = ["ASSETS", "THEME_DIR", "install_theme", "static_files"]

THEME_DIR = Path(__file__).parent / "theme"
"""Partials (footer, search box, head) and assets, ahead of Material's own."""
CSS = "assets/stylesheets/gongbao.css"
PALETTE_CSS = "assets/stylesheets/gongbao-palette.css"  # mkdocs_plugin/palette.py
JS = "assets/javascripts/gongbao.js"
ASSETS = (
    (PALETTE_CSS, "extra_css"),
    (CSS, "extra_css"),
    (JS, "extra_javascript"),
    *((js, "extra_javascript") for js in SEARCH_JS),
)
"""Each asset of :data:`THEME_DIR` every page links, with the MkDocs option that links it."""


def install_theme(config: MkDocsConfig) -> None:
    """Put the plugin's theme folder after the site's ``custom_dir`` and before the theme's own,
    and link its assets from every page."""
    dirs = config.theme.dirs
    dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for asset, option in ASSETS:
        if asset not in (extra := config[option]):
            extra.append(asset)


def static_files(
    paths: Iterable[str], root: Path, content_dir: str, config: MkDocsConfig
) -> Iterator[File]:
    """Images, PDFs and media beside interpretations (图文解读), issues and consultations, as
    the core listed and checked them; MkDocs adds ``docs_dir``'s own files itself."""
    content = content_dir + "/"
    for path in paths:
        if not path.startswith(content):
            yield File(
                path,
                src_dir=str(root),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
