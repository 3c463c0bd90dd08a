"""The adapter's side of the Markdown guard: install it, tell it the page, report what it saw.

The guard (:mod:`gongbao.core.scan.guard`) runs inside Python-Markdown; this module turns its
refusals and a conversion past ``markdown_time_limit`` into ``PluginError`` messages shaped
like every other finding (file, what, fix).
"""

from __future__ import annotations

from typing import Any, NoReturn, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from gongbao.core.findings import format_findings
from gongbao.core.rules.markup import markdown_timeout, rendered_markup
from gongbao.core.scan.guard import MarkupGuard

__all__ = ["PageGuard"]


class PageGuard:
    """One build's guard: added to ``markdown_extensions``, told each page's source."""

    def __init__(self, time_limit: float) -> None:
        self.guard = MarkupGuard(time_limit=time_limit, on_timeout=self._timeout)
        self.path = ""

    def install(self, config: MkDocsConfig) -> None:
        """Add the guard to the extensions every page is converted with (once)."""
        # MkDocs types the list as names, but hands it to Python-Markdown, which takes
        # Extension instances too: one instance keeps one build's state.
        extensions = cast(list[Any], config.markdown_extensions)
        extensions[:] = [e for e in extensions if not isinstance(e, MarkupGuard)]
        extensions.append(self.guard)

    def start(self, path: str) -> None:
        """The page about to be converted comes from ``path`` (as editors know it)."""
        self.path = path
        self.guard.take()

    def finish(self) -> None:
        """After a conversion: stop the clock and fail on what the guard refused."""
        self.guard.disarm()
        problems = self.guard.take()
        if problems:
            findings = list(rendered_markup(self.path, problems))
            raise PluginError(
                f"发现 {len(findings)} 个错误，未生成网站：\n" + format_findings(findings)
            )

    def stop(self) -> None:
        """After a failed build: no timer may outlive it."""
        self.guard.disarm()

    def _timeout(self, seconds: float) -> NoReturn:
        raise PluginError(
            "发现 1 个错误，未生成网站：\n" + markdown_timeout(self.path, seconds).format()
        )
