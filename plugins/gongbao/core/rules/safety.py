"""The last gate before the public: leaks, unsafe HTML and 先审后发.

- Leaks (信息泄密): resident ID numbers, mobile numbers, bank cards and security classification
  marks in published text, front matter values and attachment PDFs fail the build. The message
  shows the value masked, never in full. ``allow_sensitive`` lets an editor publish a specific
  value (an office phone) with a reason; allowed values are reported in the build log.
- Unsafe HTML (``<script>``, ``on*=`` attributes, ``javascript:`` links…) is refused, not
  sanitised: silently changing an official text is worse than stopping the build.
- 先审后发: with ``require_review``, every published record names a reviewer and a different
  approver.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.model.records import Interpretation, PolicyDocument
from gongbao.core.publish.assets import PdfPage
from gongbao.core.scan.html import find_unsafe_html
from gongbao.core.scan.sensitive import KIND_CLASSIFICATION, may_hold_hits, scan_text

__all__ = ["AllowedValue", "read_page", "safety_findings", "scan_record"]

_LEAK_FIX = (
    "删除或改写该内容；确需公开的（如单位办公电话），在头信息 allow_sensitive 中列出该值并写明理由，"
    "例如 allow_sensitive: [{value: '…', reason: 单位办公电话}]。"
)
_SECRET_FIX = "涉密信息不得在互联网发布：撤下该文件并按保密规定处理，确认已解密后删除密级标志。"


@dataclass(frozen=True)
class AllowedValue:
    """A sensitive value an editor allowed, for the build log."""

    path: str
    value: str
    reason: str


def _leaks(
    path: str, text: str, first_line: int, allowed: Iterable[str], where: str = ""
) -> Iterator[Finding]:
    for hit in scan_text(text, allowed=tuple(allowed)):
        line = first_line + hit.line - 1 if not where else None
        place = where or f"第 {hit.column} 列"
        if hit.kind == KIND_CLASSIFICATION:
            yield Finding(
                path, line, "leak.classified", f"{place}出现密级标志“{hit.masked}”。", _SECRET_FIX
            )
        else:
            yield Finding(
                path, line, "leak.personal", f"{place}疑似{hit.kind}：{hit.masked}。", _LEAK_FIX
            )


def _meta_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(_meta_text(v) for v in value)
    return "" if value is None else str(value)


def scan_record(record: PolicyDocument | Interpretation) -> tuple[Finding, ...]:
    """Leaks in every front matter value and the body, and unsafe HTML in the body.

    Depends on the record alone, so the loader caches it with the record.
    """
    allowed = [v for v, _ in record.allow_sensitive]
    found: list[Finding] = []
    values = [
        (_meta_text(value), line)
        for key, value, line in record.front_matter
        if key not in ("allow_sensitive", "允许公开")
    ]
    # Values one by one only when the lot may hold something (rarely): one look instead of
    # one per key.
    if may_hold_hits("\n".join(text for text, _ in values)):
        for text, line in values:
            found.extend(_leaks(record.path, text, line or 1, allowed))
    found.extend(_leaks(record.path, record.body, record.body_line, allowed))
    for unsafe in find_unsafe_html(record.body):
        found.append(
            Finding(
                record.path,
                record.body_line + unsafe.line - 1,
                "html.unsafe",
                f"正文含有可执行的 HTML：{unsafe.reason}（{unsafe.snippet}）。",
                "删除该 HTML；需要表格、上标等请用 Markdown 或无脚本的 HTML。为防止篡改公文，构建不会自动删改正文。",
            )
        )
    return tuple(found)


def _review_findings(record: PolicyDocument | Interpretation) -> Iterator[Finding]:
    if not record.reviewed_by or not record.approved_by:
        missing = "、".join(
            label
            for label, value in (
                ("reviewed_by（审核人）", record.reviewed_by),
                ("approved_by（签发人）", record.approved_by),
            )
            if not value
        )
        yield Finding(
            record.path,
            None,
            "review.missing",
            f"先审后发：缺少 {missing}。",
            "在头信息中写明审核人和签发人（两人不能相同）。",
        )
    elif record.reviewed_by == record.approved_by:
        yield Finding(
            record.path,
            record.line_of("approved_by"),
            "review.same_person",
            f"先审后发：审核人与签发人是同一人（{record.reviewed_by}）。",
            "签发人应为审核人之外的负责人。",
        )


def safety_findings(
    records: Iterable[PolicyDocument | Interpretation],
    pages: Iterable[tuple[str, str]],
    pdf_pages: Iterable[PdfPage],
    allowed_by_owner: Mapping[str, tuple[str, ...]],
    settings: Settings,
    scans: Mapping[str, tuple[Finding, ...]] | None = None,
) -> tuple[list[Finding], list[AllowedValue]]:
    """Findings for every published record, ordinary page and PDF page.

    Every front matter value is scanned as written (aliases and page keys included);
    ``pages`` are ``(path, text)`` of ordinary pages; PDF pages are scanned with the
    allowances of the record that owns them. ``scans`` holds :func:`scan_record` results
    already computed (and cached) by the loader, by path.
    """
    findings: list[Finding] = []
    allowed: list[AllowedValue] = []
    scans = scans or {}
    for record in records:
        scanned = scans.get(record.path)
        findings.extend(scan_record(record) if scanned is None else scanned)
        if settings.require_review:
            findings.extend(_review_findings(record))
        allowed.extend(AllowedValue(record.path, v, r) for v, r in record.allow_sensitive)
    for path, text in pages:
        findings.extend(_leaks(path, text, 1, ()))
        for unsafe in find_unsafe_html(text):
            findings.append(
                Finding(
                    path,
                    unsafe.line,
                    "html.unsafe",
                    f"页面含有可执行的 HTML：{unsafe.reason}（{unsafe.snippet}）。",
                    "删除该 HTML。",
                )
            )
    for page in pdf_pages:
        findings.extend(
            _leaks(
                page.src_uri,
                page.text,
                1,
                allowed_by_owner.get(page.owner_id, ()),
                where=f"PDF 第 {page.page} 页",
            )
        )
    return findings, allowed


def read_page(root: Path, path: str) -> str:
    """An ordinary page's text, tolerant of encoding errors (it is scanned, not parsed)."""
    return (root / path).read_text(encoding="utf-8", errors="replace")
