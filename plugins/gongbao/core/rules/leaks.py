"""Leaks (信息泄密): personal data and security marks in anything the site publishes.

Resident ID numbers, mobile numbers, bank cards and classification marks fail the build, with
the file, the line (or PDF page) and the value masked, never shown in full. ``allow_sensitive``
lets an editor publish one specific value (an office phone) with a reason; allowed values are
reported in the build log.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.safety import LEAK_CLASSIFIED, LEAK_PERSONAL
from gongbao.core.model.records import GazetteIssue, Record
from gongbao.core.scan.sensitive import KIND_CLASSIFICATION, may_hold_hits, scan_text

__all__ = ["front_matter_leaks", "record_leaks", "text_leaks"]

_LEAK_FIX = (
    "删除或改写该内容；确需公开的（如单位办公电话），在头信息 allow_sensitive 中列出该值并写明理由，"
    "例如 allow_sensitive: [{value: '…', reason: 单位办公电话}]。"
)
_SECRET_FIX = "涉密信息不得在互联网发布：撤下该文件并按保密规定处理，确认已解密后删除密级标志。"


def text_leaks(
    path: str, text: str, first_line: int, allowed: Collection[str] = (), where: str = ""
) -> Iterator[Finding]:
    """Leaks in ``text``, which starts at ``first_line`` of ``path``; ``where`` (e.g. a PDF
    page) replaces the line and column when the text has no lines of its own in the file."""
    for hit in scan_text(text, allowed=tuple(allowed)):
        line = first_line + hit.line - 1 if not where else None
        place = where or f"第 {hit.column} 列"
        if hit.kind == KIND_CLASSIFICATION:
            yield LEAK_CLASSIFIED(path, line, f"{place}出现密级标志“{hit.masked}”。", _SECRET_FIX)
        else:
            yield LEAK_PERSONAL(path, line, f"{place}疑似{hit.kind}：{hit.masked}。", _LEAK_FIX)


def _meta_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(_meta_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{_meta_text(k)}\n{_meta_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def front_matter_leaks(
    path: str, entries: Iterable[tuple[str, Any, int | None]], allowed: Collection[str]
) -> Iterator[Finding]:
    """Leaks in every front matter value as written (aliases and page keys included)."""
    values = [
        (_meta_text(value), line)
        for key, value, line in entries
        if key not in ("allow_sensitive", "允许公开")
    ]
    # Values one by one only when the lot may hold something (rarely): one look instead of
    # one per key.
    if may_hold_hits("\n".join(text for text, _ in values)):
        for text, line in values:
            yield from text_leaks(path, text, line or 1, allowed)


def record_leaks(record: Record) -> Iterator[Finding]:
    """Leaks in a record's front matter values and body (depends on the record alone)."""
    allowed = [] if isinstance(record, GazetteIssue) else [v for v, _ in record.allow_sensitive]
    yield from front_matter_leaks(record.path, record.front_matter, allowed)
    yield from text_leaks(record.path, record.body, record.body_line, allowed)
