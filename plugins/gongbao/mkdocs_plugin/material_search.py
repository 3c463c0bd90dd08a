"""The site's browser search is gongbao's, not Material's.

Material's search plugin segments every page's HTML with jieba at build time (about 45 % of a
1,000-document build) and its client ORs jieba's words with a trailing wildcard: ``三同步``
found 70 pages of which one contains it. gongbao instead writes its own index
(:mod:`gongbao.core.search.browser`) from the text it already has, and its header search box
(``theme/partials/search.html``, ``gongbao-search.js``) reads it. Sites keep ``search`` in
their ``plugins:`` (``gongbao init`` and the sample do): Material shows the search box only
then. Every page is excluded from Material's own index, so it writes an empty one and never
loads jieba.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.search.browser.records import browser_docs, page_doc
from gongbao.core.search.browser.writer import BrowserDoc, build_browser_index

__all__ = ["SEARCH_JS", "BrowserSearch", "exclude_from_material"]

SEARCH_JS = "assets/javascripts/gongbao-search.js"
"""The client, site-relative (``theme/assets/javascripts/gongbao-search.js``)."""

INDEX_DIR = "search/gongbao"


def exclude_from_material(meta: dict[str, Any]) -> None:
    """Keep a page out of Material's browser index (gongbao's index has it)."""
    search = meta.get("search")
    meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}


class BrowserSearch:
    """Ordinary pages seen during the build, then the whole index written at its end."""

    def __init__(self) -> None:
        self.pages: list[BrowserDoc] = []

    def add_page(self, src_uri: str, title: str, markdown: str, settings: Settings) -> None:
        """An ordinary page (its Markdown, before rendering) for the index."""
        self.pages.append(page_doc(src_uri, title, markdown, settings))

    def write(self, site_dir: Path, plan: SitePlan, settings: Settings) -> str:
        """Write ``search/gongbao/`` into ``site_dir``; return a line for the build log."""
        started = time.perf_counter()
        pages = sorted(self.pages, key=lambda d: d.url)
        index = build_browser_index(browser_docs(plan, settings, pages), base=INDEX_DIR)
        target = site_dir / INDEX_DIR
        if target.exists():  # mkdocs serve writes into the same folder again
            shutil.rmtree(target)
        for name, data in index.files.items():
            path = site_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return (
            f"浏览器搜索索引：{index.docs} 个页面，{index.terms} 个检索项，"
            f"{index.size / 2**20:.1f} MB，{len(index.files)} 个文件，"
            f"{time.perf_counter() - started:.1f} 秒。"
        )
