"""Site settings the core needs, independent of where they were read from (mkdocs.yml or CLI).

Every plugin option (:data:`~gongbao.core.config.options.OPTIONS`) but ``enabled`` is a field
of the same name here, with the default declared there; the other fields describe the site
itself (its folder, MkDocs' ``docs_dir`` and ``use_directory_urls``, the theme's overrides).
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from gongbao.core.config.catalogues import CatalogueEntry
from gongbao.core.config.options import default

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to load, check and render a site."""

    root: Path
    """Project root: the folder holding ``mkdocs.yml``."""
    content_dir: str = "content"
    """Policy documents and ordinary pages (MkDocs' ``docs_dir``)."""
    directory_urls: bool = False
    """MkDocs' ``use_directory_urls``; ``False`` keeps the site usable from ``file://``."""
    site_name: str = "政府信息公开"
    template_dirs: tuple[Path, ...] = ()
    """Folders searched before gongbao's own templates (the theme's ``custom_dir``)."""
    strict: bool = False
    """MkDocs' ``strict``: warnings fail the build, and ``gongbao check`` too."""
    config_file: str = "mkdocs.yml"
    """The site configuration, relative to ``root`` (its values are published, and scanned)."""
    site_url: str | None = None
    """MkDocs' ``site_url``: feeds and open data give absolute links when it is set."""

    # Plugin options (gongbao.core.config.options).
    interpretations_dir: str = default("interpretations_dir")
    gazette_dir: str = default("gazette_dir")
    consultations_dir: str = default("consultations_dir")
    """意见征集 (consultations and their 反馈)."""
    feedback_due_days: int = default("feedback_due_days")
    """Days after a consultation closes before a missing 反馈 is a warning."""
    audit_stale_days: int = default("audit_stale_days")
    """``gongbao audit``: a column with nothing newer than this many days is 不更新."""
    audit_forbidden: tuple[str, ...] = default("audit_forbidden")
    """``gongbao audit``: expressions that must not appear (``错误=正确`` names the right one)."""
    audit_required: tuple[str, ...] = default("audit_required")
    """``gongbao audit``: expressions the published site must contain."""
    page_globs: tuple[str, ...] = default("page_globs")
    """Files in ``content_dir`` that are ordinary pages, not policy documents."""
    sync_tolerance_days: int = default("sync_tolerance_days")
    """三同步: days an interpretation may follow its document (0 = the same day)."""
    normative_in_gazette: str = default("normative_in_gazette")
    """``error``, ``warn`` or ``off``: every 规范性文件 must appear in a gazette issue."""
    require_review: bool = default("require_review")
    """先审后发: every published record names ``reviewed_by`` and a different ``approved_by``."""
    as_of: datetime.date | None = default("as_of")  # noqa: RUF009  (None: a plain value)
    """The build's idea of today (documents published later are scheduled, not published)."""
    time_zone: str = default("time_zone")
    """Whose date "today" is when ``as_of`` is not set."""
    archive_dir: str = default("archive_dir")
    """Where generated archive pages live in the site."""
    per_page: int = default("per_page")
    """Rows per generated archive page."""
    catalogues: tuple[CatalogueEntry, ...] = default("catalogues")
    """The 公开目录's entries, in order (default: 条例第二十条 and 第二十一条)."""
    empty_catalogue_error: bool = default("empty_catalogue_error")
    """An empty 公开目录 entry (空白栏目) is an error, not a warning."""
    markdown_time_limit: int = default("markdown_time_limit")
    """Seconds one page's Markdown conversion may take (0: unbounded)."""
    gazette_title: str = default("gazette_title")
    """Name printed on gazette issues, e.g. 平凉市人民政府公报."""
    pdf_errors: str = default("pdf_errors")
    """``error`` or ``warn``: what an unreadable PDF does to the build."""
    cache_dir: str = default("cache_dir")
    """Caches (PDF text, segmentation, generated PDFs), relative to ``root``; safe to delete."""
    search_index: bool = default("search_index")
    search_engine: str = default("search_engine")
    """Full-text index engine: ``whoosh`` (default) or ``tantivy``."""
    search_index_dir: str | None = default("search_index_dir")
    """Where the index goes, relative to ``root``; ``None``: ``search-index/`` beside the site."""
    search_terms: tuple[str, ...] = default("search_terms")
    client_search_limit: int = default("client_search_limit")
    client_search_summary: int = default("client_search_summary")
    # 政府网站发展指引: footer and page meta tags (shown by the MkDocs plugin).
    site_sponsor: str | None = default("site_sponsor")
    """主办单位."""
    site_organizer: str | None = default("site_organizer")
    """承办单位."""
    site_contact: str | None = default("site_contact")
    """联系方式."""
    site_id_code: str | None = default("site_id_code")
    """网站标识码 (``SiteIDCode``)."""
    site_domain: str | None = default("site_domain")
    """``SiteDomain``; ``None``: the host of ``site_url``."""
    icp_number: str | None = default("icp_number")
    """ICP备案号."""
    police_number: str | None = default("police_number")
    """公安机关备案号."""

    def today(self) -> datetime.date:
        """The build's date: ``as_of``, else today in ``time_zone`` (not the machine's zone:
        the same sources built at the same instant publish the same records anywhere)."""
        if self.as_of is not None:
            return self.as_of
        return datetime.datetime.now(zoneinfo.ZoneInfo(self.time_zone)).date()
