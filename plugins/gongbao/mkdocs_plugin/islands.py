"""Generated pages' raw HTML blocks kept out of MkDocs' Markdown pass (see
:mod:`gongbao.core.publish.islands`).

Set aside when a generated page becomes a MkDocs file; put back by a Python-Markdown
postprocessor at the end of the page's conversion, so MkDocs and every plugin see the whole
page as before (and the blocks' anchors are added to the page's for link validation).
"""

from __future__ import annotations

import secrets
from typing import Any, cast

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from gongbao.core.publish.islands import SetAside, anchor_ids, put_back, set_aside

__all__ = ["HtmlIslands"]

#: After Python-Markdown's own postprocessors (raw HTML 30, ampersands 20): the blocks go in
#: exactly as written, as raw HTML does.
_PRIORITY = 5


class _PutBack(Postprocessor):
    def __init__(self, islands: HtmlIslands) -> None:
        super().__init__()
        self.islands = islands

    def run(self, text: str) -> str:
        return self.islands.put_back(text)


class HtmlIslands(Extension):
    """One build's set-aside blocks, by page; a Markdown extension putting them back."""

    def __init__(self) -> None:
        super().__init__()
        # One token per build: no page contains it (set_aside checks), and it never reaches
        # a written page.
        self.token = f"gbisland{secrets.token_hex(6)}n"
        self._pages: dict[str, SetAside] = {}
        self._current: SetAside | None = None
        self._src_uri = ""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        """Register the postprocessor."""
        md.postprocessors.register(_PutBack(self), "gongbao_islands", _PRIORITY)

    def install(self, config: MkDocsConfig) -> None:
        """Add this build's instance to the extensions every page is converted with."""
        extensions = cast(list[Any], config.markdown_extensions)
        extensions[:] = [e for e in extensions if not isinstance(e, HtmlIslands)]
        extensions.append(self)

    def markdown(self, src_uri: str, content: str) -> str:
        """``content`` with its raw HTML blocks replaced by placeholders."""
        aside = set_aside(content, self.token)
        if aside.blocks:
            self._pages[src_uri] = aside
        return aside.markdown

    def start(self, src_uri: str) -> None:
        """The page about to be converted."""
        self._src_uri = src_uri
        self._current = self._pages.get(src_uri)

    def put_back(self, html: str) -> str:
        """The converted page with its blocks back.

        Postprocessors also run on pieces of a page (the toc extension renders each heading
        with them): only the text with the placeholders is the page.
        """
        aside = self._current
        if aside is None or aside.token not in html:
            return html
        self._current = None
        try:
            return put_back(html, aside)
        except ValueError as exc:
            raise self._missing(str(exc)) from exc

    def finish(self, page: Any) -> None:
        """After a conversion: the blocks' anchors are the page's too (MkDocs checks links
        to them); the blocks are let go."""
        aside = self._pages.pop(page.file.src_uri, None)
        if aside is None:
            return
        if self._current is aside:  # no placeholder reached the HTML
            self._current = None
            raise self._missing(f"placeholder {aside.token}0x is missing")
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchor_ids(aside.blocks)

    def _missing(self, detail: str) -> PluginError:
        return PluginError(
            f"gongbao: 页面 {self._src_uri} 的 HTML 块在 Markdown 转换后缺失（{detail}）。"
            "修改建议：检查 mkdocs.yml 中改写正文文字的 Markdown 扩展，并报告此问题。"
        )
