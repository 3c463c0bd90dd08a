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

import time
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.errors import GongbaoError
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.search.browser.background import BrowserIndexBuild

__all__ = ["SEARCH_JS", "BrowserSearch", "exclude_from_material"]

SEARCH_JS = ("assets/javascripts/gongbao-search.js", "assets/javascripts/gongbao-search-ui.js")
"""The client, site-relative (``theme/assets/javascripts/``): the index and queries, then the
search box, in this order."""


def exclude_from_material(meta: dict[str, Any]) -> None:
    """Keep a page out of Material's browser index (gongbao's index has it)."""
    search = meta.get("search")
    meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}


class BrowserSearch:
    """gongbao's browser index of one build: written beside the rendering, installed last."""

    def __init__(self, plan: SitePlan, settings: Settings) -> None:
        self.started = time.perf_counter()
        self.build: BrowserIndexBuild | None = BrowserIndexBuild(plan, settings)

    def install(self, site_dir: Path) -> str:
        """Move the index into ``site_dir``; return a line for the build log.

        Raises:
            GongbaoError: the index could not be written (the message says why).
        """
        if self.build is None:
            raise GongbaoError("浏览器搜索索引已取消。")
        stats = self.build.install(site_dir)
        self.build = None
        return (
            f"浏览器搜索索引：{stats.docs} 个页面，{stats.terms} 个检索项，"
            f"{stats.size_bytes / 2**20:.1f} MB，{stats.files} 个文件"
            f"（与页面生成同时进行，共 {time.perf_counter() - self.started:.1f} 秒）。"
        )

    def cancel(self) -> None:
        """Stop writing and drop what was written."""
        if self.build is not None:
            self.build.cancel()
            self.build = None
