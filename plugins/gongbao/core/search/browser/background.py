"""The browser index of a site build, written beside the rendering.

Like the full-text index (:mod:`gongbao.core.search.background`), the browser index is made in
a forked child while the SSG renders pages: it needs only the plan, and on two cores the
rendering is the longest path of a build, so the index costs no wall time. The child writes
into a folder in the cache; :meth:`BrowserIndexBuild.install` moves it into the built site.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import re
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from gongbao.core.config.settings import Settings
from gongbao.core.errors import GongbaoError
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.search.browser.records import browser_docs, page_doc
from gongbao.core.search.browser.writer import BrowserDoc, write_browser_index
from gongbao.core.sources.frontmatter import FrontMatterError, parse_source

__all__ = ["INDEX_DIR", "BrowserIndexBuild", "BrowserIndexStats", "ordinary_pages"]

INDEX_DIR = "search/gongbao"
"""Where the index goes in the built site."""

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class BrowserIndexStats:
    """What a browser index build wrote."""

    docs: int
    terms: int
    files: int
    size_bytes: int


def ordinary_pages(plan: SitePlan, settings: Settings) -> list[BrowserDoc]:
    """The published ordinary pages (首页, 指南 …) with the title MkDocs gives them when the
    front matter or the first heading names one (else the file name)."""
    docs = []
    for page in plan.published.pages:
        try:
            text = (settings.root / page.path).read_text(encoding="utf-8")
            source = parse_source(text, page.path)
        except (OSError, UnicodeDecodeError, FrontMatterError):
            continue  # MkDocs reports an unreadable page itself
        title = source.meta.get("title")
        if not isinstance(title, str) or not title:
            heading = _HEADING.search(source.body)
            title = heading.group(1) if heading else Path(page.src_uri).stem
        docs.append(page_doc(page.src_uri, title, source.body, settings))
    return docs


def _write(plan: SitePlan, settings: Settings, folder: Path) -> BrowserIndexStats:
    pages = ordinary_pages(plan, settings)
    folder.mkdir(parents=True, exist_ok=True)
    index = write_browser_index(browser_docs(plan, settings, pages), folder, base=INDEX_DIR)
    return BrowserIndexStats(index.docs, index.terms, index.file_count, index.size)


def _child(plan: SitePlan, settings: Settings, folder: Path, conn: Connection) -> None:
    try:
        conn.send(("ok", _write(plan, settings, folder)))
    except BaseException as exc:  # reported to the parent, which fails the build
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class BrowserIndexError(GongbaoError):
    """The browser index could not be written; the message says why."""


class BrowserIndexBuild:
    """The browser index of one build: started with the plan, moved into the site at the end."""

    def __init__(self, plan: SitePlan, settings: Settings) -> None:
        """Start writing into a fresh folder of the cache folder."""
        cache = settings.root / settings.cache_dir
        try:
            cache.mkdir(parents=True, exist_ok=True)
            self.folder = cache / f"browser-index-{secrets.token_hex(4)}"
            self.folder.mkdir()
        except OSError:
            # A cache folder that cannot be written is reported by the check (cache.unwritable);
            # the build still succeeds, with the index written in the system's temporary folder.
            self.folder = Path(tempfile.mkdtemp(prefix="gongbao-browser-index-"))
        self._stats: BrowserIndexStats | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        # fork shares the plan without pickling it; only safe without other threads (mkdocs
        # serve runs a file watcher thread: write in-process there).
        if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._conn, child_conn = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_child, args=(plan, settings, self.folder, child_conn), daemon=True
            )
            self._process.start()
            child_conn.close()
        else:
            self._stats = _write(plan, settings, self.folder)

    def wait(self) -> BrowserIndexStats:
        """The written index.

        Raises:
            BrowserIndexError: it could not be written; the message says why.
        """
        if self._stats is not None:
            return self._stats
        assert self._process is not None
        try:
            status, payload = self._conn.recv()
        except EOFError:
            status, payload = "error", f"进程意外退出（退出码 {self._process.exitcode}）"
        self._process.join()
        if status != "ok":
            self.cancel()
            raise BrowserIndexError(f"浏览器搜索索引生成失败：{payload}")
        assert isinstance(payload, BrowserIndexStats)
        self._stats = payload
        return payload

    def install(self, site_dir: Path) -> BrowserIndexStats:
        """Move the index into ``site_dir`` (replacing one a previous serve build left)."""
        stats = self.wait()
        target = site_dir / INDEX_DIR
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(self.folder / INDEX_DIR), str(target))
        shutil.rmtree(self.folder, ignore_errors=True)
        return stats

    def cancel(self) -> None:
        """Stop the child and drop what it wrote."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        with contextlib.suppress(OSError):
            shutil.rmtree(self.folder)
