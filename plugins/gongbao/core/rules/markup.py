"""Unsafe markup: script-capable HTML in what editors write is refused, not sanitised.

Silently changing an official text would publish something nobody approved: the build stops
and says where the markup is, and the editor fixes the source.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.safety import HTML_UNSAFE
from gongbao.core.scan.html import find_unsafe_html

__all__ = ["unsafe_markup"]

_RECORD_FIX = "删除该 HTML；需要表格、上标等请用 Markdown 或无脚本的 HTML。为防止篡改公文，构建不会自动删改正文。"


def unsafe_markup(
    path: str, markdown: str, first_line: int, *, page: bool = False
) -> Iterator[Finding]:
    """Script-capable markup in ``markdown``, which starts at ``first_line`` of ``path``."""
    what, fix = ("页面", "删除该 HTML。") if page else ("正文", _RECORD_FIX)
    for unsafe in find_unsafe_html(markdown):
        yield HTML_UNSAFE(
            path,
            first_line + unsafe.line - 1,
            f"{what}含有可执行的 HTML：{unsafe.reason}（{unsafe.snippet}）。",
            fix,
        )
