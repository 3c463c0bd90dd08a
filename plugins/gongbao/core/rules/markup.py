"""Unsafe markup: script-capable HTML in what editors write is refused, not sanitised.

Silently changing an official text would publish something nobody approved: the build stops
and says where the markup is, and the editor fixes the source.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.safety import HTML_TIMEOUT, HTML_UNSAFE
from gongbao.core.scan.attr_lists import find_unsafe_attr_lists
from gongbao.core.scan.html import find_unsafe_html

__all__ = ["markdown_timeout", "rendered_markup", "unsafe_markup"]

_FIX = (
    "删除该 HTML 或属性（允许的标签和属性见错误参考 html.unsafe 与 docs/markup.md）；"
    "要显示尖括号 <，请写成 \\< 或 &lt;。"
)
_RECORD_FIX = _FIX + "为防止篡改公文，构建不会自动删改正文。"


def unsafe_markup(
    path: str, markdown: str, first_line: int, *, page: bool = False
) -> Iterator[Finding]:
    """Refused markup in ``markdown``, which starts at ``first_line`` of ``path``: raw HTML
    and Markdown link targets outside the allow-list, and attr_list attributes."""
    what, fix = ("页面", _FIX) if page else ("正文", _RECORD_FIX)
    found = [*find_unsafe_html(markdown), *find_unsafe_attr_lists(markdown)]
    for unsafe in sorted(found, key=lambda item: (item.line, item.column)):
        yield HTML_UNSAFE(
            path,
            first_line + unsafe.line - 1,
            f"{what}含有不允许的 HTML：{unsafe.reason}（{unsafe.snippet}）。",
            fix,
        )


def rendered_markup(path: str, problems: list[tuple[str, str]]) -> Iterator[Finding]:
    """What the Markdown guard refused in ``path`` once rendered (``(tag, reason)`` pairs)."""
    for tag, reason in problems:
        yield HTML_UNSAFE(
            path,
            None,
            f"页面渲染后的 <{tag}> 含有不允许的属性或链接：{reason}。",
            _FIX + "属性列表 {: } 只能设置 id、class 和白名单内的普通属性。",
        )


def markdown_timeout(path: str, seconds: float) -> Finding:
    """The finding for a page whose conversion passed the time limit."""
    return HTML_TIMEOUT(
        path,
        None,
        f"Markdown 转换超过 {seconds:g} 秒仍未完成（插件选项 markdown_time_limit），已停止构建。",
        "删除或改写成串未配对的 [、( 或 <（可放入代码块）；确属正常的超长页面，调大 markdown_time_limit。",
    )
