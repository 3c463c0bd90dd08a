"""The MkDocs plugin: a thin adapter between MkDocs events and :mod:`gongbao.core`.

- ``on_config``: settings from ``mkdocs.yml``; Chinese heading anchors; the plugin's theme assets.
- ``on_pre_build``: load, check, link and render with the core. Errors raise ``PluginError``
  here, *before* MkDocs cleans ``site_dir``, so a failed build leaves the previous site intact.
- ``on_files``: replace policy sources with rendered pages, drop withheld ones, add generated
  archive pages (``File.generated``, never written into ``content/``) and source assets.
- ``on_page_content`` / ``on_page_context`` / ``on_post_page``: in a large archive, park each
  record page's HTML compressed in a temporary file (in the cache folder) between MkDocs' two
  passes and let it go once written (MkDocs renders every page before it writes any, so a
  10,000-document archive would otherwise hold all of them in memory at once).
- ``on_env``: page dates from the sources (deterministic sitemaps).
- ``on_post_build``: gongbao's browser search index, the full-text index (built meanwhile in a
  child process) and the atomic swap of the staged site, all only when the build succeeded.
"""

from __future__ import annotations

import dataclasses
import datetime
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from gongbao.core.config.options import OptionError
from gongbao.core.config.settings import Settings
from gongbao.core.config.siteconfig import settings_from_options
from gongbao.core.errors import GongbaoError
from gongbao.core.findings import format_findings
from gongbao.core.publish.banner import error_banner
from gongbao.core.publish.pipeline import SitePlan, plan_site
from gongbao.core.publish.refs import resolve_refs
from gongbao.core.publish.urls import slugify
from gongbao.core.rules.links import ref_src_uri
from gongbao.core.search.background import IndexBuild
from gongbao.mkdocs_plugin import conventions
from gongbao.mkdocs_plugin.atomic import AtomicSite, strict_warnings
from gongbao.mkdocs_plugin.config import GongbaoConfig
from gongbao.mkdocs_plugin.feedlinks import FeedLinks
from gongbao.mkdocs_plugin.islands import HtmlIslands
from gongbao.mkdocs_plugin.markup import PageGuard
from gongbao.mkdocs_plugin.material_search import BrowserSearch, exclude_from_material
from gongbao.mkdocs_plugin.offline import use_local_shim
from gongbao.mkdocs_plugin.pagemeta import escape_meta, index_location
from gongbao.mkdocs_plugin.parking import PageParking
from gongbao.mkdocs_plugin.theme_files import install_theme, static_files

__all__ = ["GongbaoPlugin"]

log = get_plugin_logger(__name__)


class GongbaoPlugin(BasePlugin[GongbaoConfig]):  # type: ignore[no-untyped-call]
    """Publish policy documents, interpretations and gazette issues."""

    settings: Settings
    plan: SitePlan
    command: str = "build"
    staging: AtomicSite | None = None
    index: IndexBuild | None = None
    compact_pages: frozenset[str] = frozenset()
    parked: PageParking | None = None
    guard: PageGuard | None = None
    ordinary_pages: frozenset[str] = frozenset()
    banner: str = ""
    """The preview's error banner (``mkdocs serve`` while sources have errors)."""
    sources: dict[str, str] = {}  # noqa: RUF012  (replaced per build)
    head_tags: conventions.Tags
    article_tags: dict[str, conventions.Tags]
    feed_links: FeedLinks
    browser: BrowserSearch | None = None
    islands: HtmlIslands | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command: only ``build`` and ``gh-deploy`` stage the site atomically."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Read settings; make anchors keep Chinese; add the plugin's stylesheet."""
        if not self.config["enabled"]:
            return config
        root = Path(config.config_file_path).resolve().parent
        docs_dir = Path(config.docs_dir).resolve()
        try:
            content_dir = docs_dir.relative_to(root).as_posix()
        except ValueError:
            raise PluginError(
                f"gongbao: docs_dir {config.docs_dir!r} 应位于 mkdocs.yml 所在目录之内。"
                "修改建议：在 mkdocs.yml 中设置 docs_dir: content。"
            ) from None
        custom_dir = config.theme.custom_dir
        try:
            self.settings = settings_from_options(
                root,
                dict(self.config),
                content_dir=content_dir,
                directory_urls=config.use_directory_urls,
                site_name=config.site_name,
                template_dirs=(Path(custom_dir),) if custom_dir else (),
                strict=bool(config.strict),
                config_file=Path(config.config_file_path).name,
                site_url=config.site_url,
            )
        except OptionError as exc:
            raise PluginError(f"mkdocs.yml: {exc} 修改建议：{exc.fix}") from exc
        self.staging = None
        self.index = None
        site_dir = Path(config.site_dir)
        self.index_dir = index_location(self.settings, site_dir, self.command)
        if self.command in ("build", "gh-deploy"):
            # Build into a sibling folder and swap it in only when everything succeeded, so a
            # failed or killed build leaves the previous site whole.
            self.staging = AtomicSite(site_dir)
            try:
                config.site_dir = str(self.staging.prepare())
            except OSError as exc:
                self.staging = None
                raise PluginError(
                    f"gongbao: 无法在 {site_dir.resolve().parent} 中准备新网站的临时目录"
                    f"（{exc.strerror or exc}）。修改建议：确认该目录存在且可写，"
                    "或在 mkdocs.yml 中把 site_dir 改到可写的位置。"
                ) from exc
        # Every page is converted with the Markdown guard (attr_list checks, a time limit).
        self.guard = PageGuard(self.settings.markdown_time_limit)
        self.guard.install(config)
        self.islands = HtmlIslands()
        self.islands.install(config)
        # Python-Markdown's default slugify turns 第一章 总则 into "_1": keep Chinese anchors.
        if "toc" in config.markdown_extensions:
            config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify)
        install_theme(config)
        conventions.configure(config, self.settings)
        use_local_shim(config)
        self.head_tags = conventions.site_tags(config.site_name, config.site_url, self.settings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Run the core. Runs before MkDocs empties ``site_dir``."""
        if not self.config["enabled"]:
            return
        # A local preview keeps serving while sources have errors: it shows them on every page.
        previewing = self.command == "serve"
        self.plan = plan_site(
            self.settings, despite_errors=previewing, analysed=self._start_indexes
        )
        self.banner = ""
        for finding in self.plan.findings:
            if not finding.is_error:
                log.warning(finding.format())
        for value in self.plan.allowed:
            log.info(f"允许公开：{value.path} 中的 {value.value}（理由：{value.reason}）。")
        for record in self.plan.scheduled:
            log.info(f"定时发布：{record.path}（发布日期 {record.published}）本次不发布。")
        if self.plan.errors and previewing:
            for finding in self.plan.errors:
                log.warning(finding.format())
            self.banner = error_banner(self.plan.errors, self.settings)
        elif self.plan.errors:
            raise PluginError(
                f"发现 {len(self.plan.errors)} 个错误，未生成网站：\n"
                + format_findings(self.plan.errors)
            )
        # A large archive parks its record pages' HTML between MkDocs' two passes.
        self.article_tags = conventions.article_tags(self.plan.published, self.settings)
        self.feed_links = FeedLinks(self.plan.published, self.settings)
        records = (*self.plan.published.policies, *self.plan.published.interpretations)
        large = sum(len(r.body) for r in records) > self.settings.client_search_limit
        self.compact_pages = frozenset(r.src_uri for r in records) if large else frozenset()
        self.sources = {r.src_uri: r.path for r in records}
        self.ordinary_pages = frozenset(p.src_uri for p in self.plan.published.pages)

    def _start_indexes(self, plan: SitePlan) -> None:
        """The browser index and the full-text index, each in a child process, as soon as the
        core has the published view (before it renders pages): they run on the second core
        while the core and then MkDocs render on the first."""
        self.browser = BrowserSearch(plan, self.settings)
        if self.settings.search_index:
            try:
                self.index = IndexBuild(
                    plan, self.settings, self.index_dir, self.settings.search_terms
                )
            except GongbaoError as exc:
                raise PluginError(f"gongbao: {exc}") from exc

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Swap policy sources for rendered pages and add generated ones."""
        if not self.config["enabled"]:
            return files
        plan = self.plan
        sources = {d.src_uri for d in plan.corpus.policies}
        for file in list(files):
            if file.src_uri in sources:
                files.remove(file)
        for file in list(files):
            if file.src_uri in plan.withheld_src_uris or file.src_uri in plan.files.generated:
                files.remove(file)
        for src_uri, path in sorted(plan.files.generated.items()):
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        islands = self.islands or HtmlIslands()
        for page in plan.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(
                    f"gongbao: 生成页面 {page.src_uri} 与 {config.docs_dir} 中的同名文件冲突。"
                    "修改建议：重命名或移走该文件。"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            made = (
                {"abs_src_path": str(page.path)}
                if page.path
                else {"content": islands.markdown(page.src_uri, page.content)}
            )
            files.append(File.generated(config, page.src_uri, inclusion=inclusion, **made))
        for static in static_files(
            self.plan.static, self.settings.root, self.settings.content_dir, config
        ):
            files.append(static)
        # The Files hold the generated Markdown now; the index child has its own copy.
        self.plan = dataclasses.replace(plan, pages=())
        self._unpark()
        self.parked = PageParking(self.settings.root / self.settings.cache_dir)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        """Escape what Material prints from front matter; keep every page out of Material's
        browser index (gongbao writes its own)."""
        if not self.config["enabled"]:
            return markdown
        escape_meta(page.meta)
        if page.file.src_uri in self.ordinary_pages:  # record pages resolved theirs in the core
            markdown = resolve_refs(
                markdown, page.file.src_uri, partial(ref_src_uri, self.plan.published)
            )
        if self.islands is not None:
            self.islands.start(page.file.src_uri)
        if self.guard is not None:
            src_uri = page.file.src_uri
            self.guard.start(self.sources.get(src_uri, f"{self.settings.content_dir}/{src_uri}"))
        exclude_from_material(page.meta)  # gongbao's browser index has every page
        return markdown

    @event_priority(-100)  # after every other plugin has changed the HTML
    def on_page_content(
        self, html: str, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Park a record page's HTML on disk until MkDocs writes it; drop its Markdown.

        Only for a large archive (``compact_pages``): MkDocs renders every page before writing
        any, and 20,000 rendered record pages were most of a 10,000-document build's memory.
        """
        if self.guard is not None:
            self.guard.finish()
        if self.islands is not None:
            self.islands.finish(page)
        if self.banner:
            html = self.banner + html
        src_uri = page.file.src_uri
        if src_uri not in self.compact_pages:
            return html
        assert self.parked is not None, "set in on_files"
        if not self.parked.park(src_uri, html):
            return html  # the cache folder cannot take it: kept in memory, as for a small site
        if "title" in page.meta:  # otherwise Page.title falls back to reading the Markdown
            page.markdown = ""
            if page.file.generated_by:
                page.file.content_string = ""
        return ""

    @event_priority(100)  # before any other plugin (Material's search) reads page.content
    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        """Put a parked page's HTML back just before its template is rendered."""
        parked = self.parked.take(page.file.src_uri) if self.parked is not None else None
        if parked is not None:
            page.content = parked
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        """A record page of a large archive is written: let its HTML go."""
        if page.file.src_uri in self.compact_pages:
            page.content = None
        if not self.config["enabled"]:
            return output
        tags = self.head_tags + self.article_tags.get(page.file.src_uri, [])
        output = self.feed_links.add(output, page.file.src_uri, page.url)
        return conventions.head_with_tags(output, tags)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """404.html and the other theme pages carry the site's tags too, and no generator."""
        if not self.config["enabled"] or not template_name.endswith(".html"):
            return output_content
        return conventions.head_with_tags(output_content, self.head_tags)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Date every page from its sources, not the clock, so two builds are byte-identical."""
        if not self.config["enabled"]:
            return env
        published = self.plan.published
        dates: dict[str, datetime.date] = {d.src_uri: d.published for d in published.policies}
        dates.update((i.src_uri, i.published) for i in published.interpretations)
        dates.update((i.src_uri, i.published) for i in published.issues)
        dates.update((c.src_uri, c.published) for c in published.consultations)
        latest = max(dates.values(), default=datetime.date(2000, 1, 1)).isoformat()
        for file in files.documentation_pages():
            if file.page is not None:
                date = dates.get(file.src_uri)
                file.page.update_date = date.isoformat() if date else latest
        return env

    @event_priority(-100)  # after every other plugin has written into the staging folder
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the browser search index; build the full-text index; swap the site in."""
        if not self.config["enabled"]:
            return
        site_dir = Path(config.site_dir)
        self._unpark()
        if self.index is not None:
            # The index child and its writers exit first: the browser entries below then do
            # not add to the memory they hold (at 10,000 documents the build's peak was here).
            try:
                self.index.wait()
            except GongbaoError as exc:
                raise PluginError(f"gongbao: 全文索引生成失败：{exc}") from exc
        if self.browser is not None:
            try:
                log.info(self.browser.install(site_dir))
            except GongbaoError as exc:
                raise PluginError(f"gongbao: {exc}") from exc
        notice = conventions.drop_empty_sitemap(
            site_dir, config.site_url, self.settings.config_file
        )
        if notice is not None:
            log.info(notice.format())
        if self.staging is not None:
            if config.strict and strict_warnings():
                # MkDocs aborts right after this event: keep the previous site and index.
                self.staging.discard()
                if self.index is not None:
                    self.index.cancel()
                return
            self.staging.commit()
            config.site_dir = str(self.staging.target)
        if self.index is not None:
            stats = self.index.publish()
            log.info(
                f"全文索引：{stats.records} 条记录（重新分词 {stats.resegmented}，复用 {stats.reused}），"
                f"{stats.size_bytes / 2**20:.1f} MB，{stats.seconds:.1f} 秒，位于 {self.index_dir}。"
            )

    def on_build_error(self, *, error: Exception) -> None:
        """Drop the staging folder and the unpublished index; the previous ones stay."""
        if self.guard is not None:
            self.guard.stop()
        self._unpark()
        if self.staging is not None:
            self.staging.discard()
        if self.index is not None:
            self.index.cancel()
        if self.browser is not None:
            self.browser.cancel()

    def on_shutdown(self) -> None:
        """Whatever happened, leave no staging folder or indexing process behind."""
        self._unpark()
        if self.staging is not None:
            self.staging.discard()
        if self.index is not None:
            self.index.cancel()
        if self.browser is not None:
            self.browser.cancel()

    def _unpark(self) -> None:
        if self.parked is not None:
            self.parked.close()
            self.parked = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when interpretations, gazette issues or consultations change."""
        if self.config["enabled"]:
            folders = (
                self.settings.interpretations_dir,
                self.settings.gazette_dir,
                self.settings.consultations_dir,
            )
            for folder in folders:
                if (self.settings.root / folder).is_dir():
                    server.watch(str(self.settings.root / folder))
        return server
