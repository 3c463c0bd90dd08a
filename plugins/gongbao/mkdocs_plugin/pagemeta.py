"""What the adapter decides about each page and each build: its front matter as text, where
the build's search index goes."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings

__all__ = ["escape_meta", "index_location"]


def escape_meta(meta: dict[str, Any]) -> None:
    """HTML-escape every text value of a page's front matter, in place.

    Material prints ``page.title``, ``page.meta.description``, ``subtitle``… into its
    templates without escaping (MkDocs treats a title as HTML taken from a rendered heading),
    so a title written as ``"\\x3cscript…"`` in YAML would run. Front matter is data: it is
    shown as text, on every page, generated or ordinary.
    """
    for key, value in meta.items():
        if isinstance(value, str):
            meta[key] = html.escape(value, quote=True)


def index_location(settings: Settings, site_dir: Path, command: str) -> Path:
    """Where the build's search index goes: ``search_index_dir``, else beside the site.

    ``mkdocs serve`` builds into a new folder of the system's temporary directory: beside it
    would be one ``search-index`` shared by every project served on the machine. Served
    sites keep theirs in the project's cache folder instead.
    """
    if settings.search_index_dir:
        return settings.root / settings.search_index_dir
    if command == "serve":
        return settings.root / settings.cache_dir / "serve-index"
    return site_dir.resolve().parent / "search-index"
