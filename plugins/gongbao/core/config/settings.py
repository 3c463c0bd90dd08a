"""Site settings the core needs, independent of where they were read from (mkdocs.yml or CLI)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to load, check and render a site."""

    root: Path
    """Project root: the folder holding ``mkdocs.yml``."""
    content_dir: str = "content"
    """Policy documents and ordinary pages (MkDocs' ``docs_dir``)."""
    interpretations_dir: str = "interpretations"
    gazette_dir: str = "gazette"
    page_globs: tuple[str, ...] = ("index.md", "pages/**", "**/index.md")
    """Files in ``content_dir`` that are ordinary pages, not policy documents."""
    sync_tolerance_days: int = 0
    """三同步: days an interpretation may follow its document (0 = the same day)."""
    per_page: int = 50
    """Rows per generated archive page."""
    directory_urls: bool = False
    """MkDocs' ``use_directory_urls``; ``False`` keeps the site usable from ``file://``."""
    site_name: str = "政府信息公开"
    gazette_title: str = "政府公报"
    """Name printed on gazette issues, e.g. 平凉市人民政府公报."""
    normative_in_gazette: str = "error"
    """``error``, ``warn`` or ``off``: every 规范性文件 must appear in a gazette issue."""
    as_of: datetime.date | None = None
    """The build's idea of today (documents published later are scheduled, not published)."""
    archive_dir: str = "archive"
    """Where generated archive pages live in the site."""
    cache_dir: str = ".gongbao-cache"
    """Caches (PDF text, segmentation, generated PDFs), relative to ``root``; safe to delete."""
    require_review: bool = False
    """先审后发: every published record names ``reviewed_by`` and a different ``approved_by``."""
    pdf_errors: str = "error"
    """``error`` or ``warn``: what an unreadable PDF does to the build."""
    search_engine: str = "whoosh"
    """Full-text index engine: ``whoosh`` (default) or ``tantivy`` (large archives; needs
    ``pip install 'gongbao[tantivy]'``)."""
