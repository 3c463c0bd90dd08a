"""Decide every 检查指标 item a build can decide.

The sources are checked as ``gongbao check`` checks them (the same findings), the published
view gives the columns and the documents, and the built site (when there is one) is scanned
for broken links and page dates. Thresholds follow 国办秘函〔2019〕19号: 5 or more blank
columns, or 5 or more columns not updated, fail the site outright.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gongbao.core.audit.columns import site_columns
from gongbao.core.audit.expressions import expression_item
from gongbao.core.audit.items import AuditItem, Kind, Result
from gongbao.core.audit.sitescan import SiteScan, scan_site
from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.model.corpus import Corpus
from gongbao.core.publish.pipeline import check_site
from gongbao.core.publish.view import published_view

__all__ = ["ITEMS", "VETO_COLUMNS", "Audit", "run_audit"]

VETO_COLUMNS = 5
"""空白栏目 / 栏目不更新: this many (or more) fail the site (国办秘函〔2019〕19号)."""

_SHOWN = 20
"""Details listed per item; the evidence line gives the full count."""


@dataclass(frozen=True)
class Audit:
    """What the audit looked at, and its items."""

    corpus: Corpus
    published: Corpus
    findings: list[Finding]
    settings: Settings
    site: SiteScan | None
    site_dir: Path

    @property
    def today(self) -> datetime.date:
        """The audit's date (``--as-of``, else today)."""
        return self.settings.today()


def _verdict(failed: bool) -> Result:
    return Result.FAIL if failed else Result.PASS


def _formatted(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(f.format() for f in sorted(findings))[:_SHOWN]


def _blank_columns(audit: Audit) -> AuditItem:
    blank = [c for c in site_columns(audit.published, audit.settings) if c.count == 0]
    evidence = f"空白栏目 {len(blank)} 个（达到 {VETO_COLUMNS} 个即单项否决）"
    details = tuple(f"{c.name}（{c.where}）暂无信息" for c in blank)
    return AuditItem("空白栏目", Kind.VETO, _verdict(len(blank) >= VETO_COLUMNS), evidence, details)


def _stale_columns(audit: Audit) -> AuditItem:
    days = audit.settings.audit_stale_days
    since = audit.today - datetime.timedelta(days=days)
    stale = [
        c
        for c in site_columns(audit.published, audit.settings)
        if c.dated and c.count and c.newest is not None and c.newest < since
    ]
    evidence = f"{len(stale)} 个栏目 {days} 天内未更新（达到 {VETO_COLUMNS} 个即单项否决）"
    details = tuple(f"{c.name}（{c.where}）最近更新 {c.newest}" for c in stale)
    return AuditItem(
        "栏目不更新", Kind.VETO, _verdict(len(stale) >= VETO_COLUMNS), evidence, details
    )


_LINK_CODES = ("link.", "attachment.", "consultation.attachment")


def _links(audit: Audit) -> AuditItem:
    found = [f for f in audit.findings if f.code.startswith(_LINK_CODES)]
    details = list(_formatted(found))
    if audit.site is None:
        evidence = f"源文件中失效链接或缺失附件 {len(found)} 处；未找到已生成的网站 {audit.site_dir}，未扫描页面"
        result = Result.FAIL if found else Result.UNDECIDED
        return AuditItem("链接可用性", Kind.DEDUCT, result, evidence, tuple(details))
    broken = audit.site.broken
    details += broken[:_SHOWN]
    evidence = (
        f"源文件中 {len(found)} 处；已生成网站 {audit.site.pages} 个页面、{audit.site.links} 个站内链接中"
        f"失效 {len(broken)} 个"
    )
    return AuditItem(
        "链接可用性", Kind.DEDUCT, _verdict(bool(found or broken)), evidence, tuple(details)
    )


def _interpretations(audit: Audit) -> AuditItem:
    interpreted: set[str] = set()
    for interp in audit.published.interpretations:
        for ref in interp.interprets:
            doc = audit.published.resolve(ref)
            if doc is not None:
                interpreted.add(doc.id)
    due = [d for d in audit.published.policies if d.needs_interpretation]
    missing = [d for d in due if d.id not in interpreted]
    share = f"{(len(due) - len(missing)) / len(due):.0%}" if due else "—"
    evidence = f"需解读文件 {len(due)} 件，已关联解读 {len(due) - len(missing)} 件（{share}）"
    details = tuple(f"{d.path}: {d.label}没有关联解读" for d in missing[:_SHOWN])
    return AuditItem("解读关联", Kind.DEDUCT, _verdict(bool(missing)), evidence, details)


def _dates(audit: Audit) -> AuditItem:
    found = [f for f in audit.findings if f.code in ("field.dates", "consultation.dates")]
    future = audit.site.future if audit.site is not None else []
    evidence = f"发布日期早于成文日期等 {len(found)} 处；已生成网站中晚于 {audit.today} 的发稿日期 {len(future)} 处"
    details = (*_formatted(found), *future[:_SHOWN])
    return AuditItem("伪造发稿日期", Kind.VETO, _verdict(bool(found or future)), evidence, details)


def _leaks(audit: Audit) -> AuditItem:
    found = [f for f in audit.findings if f.code.startswith("leak.")]
    secret = sum(1 for f in found if f.code == "leak.classified")
    evidence = f"密级标志 {secret} 处，个人信息 {len(found) - secret} 处"
    return AuditItem(
        "泄露国家秘密或个人信息", Kind.VETO, _verdict(bool(found)), evidence, _formatted(found)
    )


def _expressions(audit: Audit) -> AuditItem:
    return expression_item(audit.published, audit.settings)


def _metadata(audit: Audit) -> AuditItem:
    content = audit.settings.content_dir + "/"
    unloaded = [
        f for f in audit.findings if f.code == "field.missing" and f.path.startswith(content)
    ]
    no_index = [d for d in audit.published.policies if not d.index_number]
    total = len(audit.published.policies)
    evidence = (
        f"已发布文件 {total} 件，缺索引号 {len(no_index)} 件；"
        f"因缺发文机关、发布日期等必填项未能发布 {len(unloaded)} 件"
    )
    details = (
        *(f"{d.path}: {d.label}缺少 index_number（索引号）" for d in no_index[:_SHOWN]),
        *_formatted(unloaded),
    )
    return AuditItem(
        "元数据完整性", Kind.DEDUCT, _verdict(bool(no_index or unloaded)), evidence, details
    )


ITEMS: tuple[Callable[[Audit], AuditItem], ...] = (
    _blank_columns,
    _stale_columns,
    _links,
    _interpretations,
    _dates,
    _expressions,
    _leaks,
    _metadata,
)
"""Every item, in the table's order."""


def run_audit(settings: Settings, site_dir: Path) -> list[AuditItem]:
    """Every item the build can decide, for the site of ``settings`` built into ``site_dir``."""
    corpus, findings = check_site(settings)
    published, _ = published_view(corpus, settings.today())
    site = scan_site(site_dir, settings.today()) if site_dir.is_dir() else None
    audit = Audit(corpus, published, findings, settings, site, site_dir)
    return [item(audit) for item in ITEMS]
