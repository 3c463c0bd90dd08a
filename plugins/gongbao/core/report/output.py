"""The annual report's figures as JSON (every cell with the ids it counts), CSV and a Markdown
draft in the layout of the unified 年报 format (国办公开办函〔2021〕30号)."""

from __future__ import annotations

import csv
import io
from typing import Any

from gongbao.core.report.annual import COLUMNS, ITEM, AnnualReport

__all__ = ["INTERPRETATION_LABELS", "as_csv", "as_json", "as_markdown"]

INTERPRETATION_LABELS = (
    "本年发布文件数",
    "已解读件数",
    "免于解读件数",
    "三同步按时件数",
    "解读材料数",
)


def _counts(cells: dict[str, tuple[str, ...]]) -> dict[str, int]:
    return {label: len(ids) for label, ids in cells.items()}


def _lists(cells: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {label: list(ids) for label, ids in cells.items()}


def as_json(report: AnnualReport) -> dict[str, Any]:
    """The report object: the numbers under their Chinese labels, and under ``ids`` the ids
    counted in each of them."""
    interp = report.interpretation
    return {
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        ITEM: {row: _counts(cols) for row, cols in report.table.items()},
        "政策解读": {
            **{label: len(interp[label]) for label in INTERPRETATION_LABELS},
            "平均解读间隔天数": report.average_days,
            "解读形式": _counts(report.by_form),
            "解读轮次": _counts(report.by_round),
        },
        "每月发布文件数": {f"{n}月": len(ids) for n, ids in enumerate(report.monthly, 1)},
        "ids": {
            ITEM: {row: _lists(cols) for row, cols in report.table.items()},
            "政策解读": {
                **{label: list(interp[label]) for label in INTERPRETATION_LABELS},
                "解读形式": _lists(report.by_form),
                "解读轮次": _lists(report.by_round),
            },
            "每月发布文件数": {f"{n}月": list(ids) for n, ids in enumerate(report.monthly, 1)},
        },
        "notes": list(report.notes),
    }


def as_csv(report: AnnualReport) -> str:
    """Table 二 and the 政策解读 figures, one block each (Chinese headers)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"表二 {ITEM}", *COLUMNS])
    for row, cols in report.table.items():
        writer.writerow([row, *(len(cols[c]) for c in COLUMNS)])
    writer.writerow([])
    writer.writerow(["政策解读", "数值"])
    for label in INTERPRETATION_LABELS:
        writer.writerow([label, len(report.interpretation[label])])
    writer.writerow(
        ["平均解读间隔天数", "" if report.average_days is None else report.average_days]
    )
    for form, ids in report.by_form.items():
        writer.writerow([f"解读形式：{form}", len(ids)])
    for label, ids in report.by_round.items():
        writer.writerow([f"解读轮次：{label}", len(ids)])
    return out.getvalue()


def as_markdown(report: AnnualReport, charts: dict[str, str] | None = None) -> str:
    """A draft of the report's sections that the archive can fill; ``charts`` maps a chart's
    caption to its SVG file, relative to the draft."""
    interp = report.interpretation
    average = "—" if report.average_days is None else f"{report.average_days} 天"
    lines = [
        f"# {report.year}年政府信息公开工作年度报告（草稿）",
        "",
        f"> 由 gongbao 根据本站已发布的文件统计，截至 {report.as_of}。"
        "表三、表四及其余各项需按实际情况填写。",
        "",
        "## 二、主动公开政府信息情况",
        "",
        f"| {ITEM} | | | |",
        "| --- | --- | --- | --- |",
        f"| 信息内容 | {' | '.join(COLUMNS)} |",
    ]
    for row, cols in report.table.items():
        lines.append(f"| {row} | {' | '.join(str(len(cols[c])) for c in COLUMNS)} |")
    lines += [
        "",
        "## 政策解读情况",
        "",
        f"本年发布政策文件 {len(interp['本年发布文件数'])} 件，其中已解读 {len(interp['已解读件数'])} 件、"
        f"免于解读 {len(interp['免于解读件数'])} 件，与文件同步发布解读（三同步）{len(interp['三同步按时件数'])} 件；"
        f"发布解读材料 {len(interp['解读材料数'])} 件，文件发布到首次解读平均间隔 {average}。",
        "",
        "| 解读形式 | 件数 |",
        "| --- | --- |",
        *(f"| {form} | {len(ids)} |" for form, ids in report.by_form.items()),
        "",
        "| 解读轮次 | 件数 |",
        "| --- | --- |",
        *(f"| {label} | {len(ids)} |" for label, ids in report.by_round.items()),
        "",
    ]
    for caption, path in (charts or {}).items():
        lines += [f"![{caption}]({path})", ""]
    if report.notes:
        lines += ["## 统计说明", "", *(f"- {note}" for note in report.notes), ""]
    return "\n".join(lines)
