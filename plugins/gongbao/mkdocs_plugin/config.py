"""The ``gongbao`` plugin's options in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["GongbaoConfig"]


class GongbaoConfig(base.Config):
    """Options of ``plugins: [gongbao]``. Paths are relative to ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)

    # Source folders (policy documents are MkDocs' own ``docs_dir``)
    interpretations_dir = c.Type(str, default="interpretations")
    """解读 materials: ``interpretations/**/*.md``."""
    gazette_dir = c.Type(str, default="gazette")
    """Gazette issues: ``gazette/**/*.md``."""
    page_globs = c.ListOfItems(c.Type(str), default=["index.md", "pages/**", "**/index.md"])
    """Files in ``docs_dir`` that are ordinary pages (home, 指南), not policy documents."""

    # Rules
    sync_tolerance_days = c.Type(int, default=0)
    """三同步: days an interpretation may follow its document (0 = the same day; some cities 3)."""
    require_review = c.Type(bool, default=False)
    """先审后发: published records must name ``reviewed_by`` and a different ``approved_by``."""
    normative_in_gazette = c.Choice(("error", "warn", "off"), default="error")
    """Every 主动公开 规范性文件 must appear in a gazette issue published on or after it."""
    as_of = c.Optional(c.Type(str))
    """The build's idea of today (YYYY-MM-DD); also ``GONGBAO_AS_OF``. Later 发布日期 wait."""

    # Archive pages
    archive_dir = c.Type(str, default="archive")
    """Where generated archive pages live in the site."""
    per_page = c.Type(int, default=50)
    """Rows per archive page."""
    gazette_title = c.Type(str, default="政府公报")
    """The gazette's name, e.g. 平凉市人民政府公报."""

    # PDFs and caches
    pdf_errors = c.Choice(("error", "warn"), default="error")
    """What an unreadable (encrypted, corrupt, truncated) PDF does: fail the build or warn."""
    cache_dir = c.Type(str, default=".gongbao-cache")
    """Caches of PDF text, segmentation and generated PDFs; safe to delete."""

    # Search
    search_index = c.Type(bool, default=True)
    """Build the full-text index (for ``gongbao search`` and ``gongbao serve``)."""
    search_engine = c.Choice(("whoosh", "tantivy"), default="whoosh")
    """Index engine: ``whoosh``, or ``tantivy`` for archives of many thousands of documents
    (a faster index build; ``pip install 'gongbao[tantivy]'``). Changing it rebuilds the index."""
    search_index_dir = c.Optional(c.Type(str))
    """Where the index goes; default ``search-index/`` beside ``site_dir`` (not published)."""
    search_terms = c.ListOfItems(c.Type(str), default=[])
    """Extra words for the Chinese segmenter (issuer names, local terms)."""
    client_search_limit = c.Type(int, default=2_000_000)
    """Past this many characters of text, the browser index keeps titles and summaries only."""
    client_search_summary = c.Type(int, default=120)
    """Characters of text kept per page in a trimmed browser index."""
