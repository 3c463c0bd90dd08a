"""``gongbao report annual``: the 年报 figures the archive can give, for one year."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click

from gongbao.cli.options import as_of_date, config_file_option
from gongbao.core.config.siteconfig import load_settings
from gongbao.core.findings import FindingsError, format_findings

__all__ = ["report"]


def _figure(label: str, value: object) -> str:
    """``已解读件数 8``; a breakdown as ``解读形式 文字解读 8、政策问答 1``."""
    if isinstance(value, dict):
        return f"{label} " + ("、".join(f"{k} {v}" for k, v in value.items()) or "无")
    return f"{label} {'—' if value is None else value}"


@click.group()
def report() -> None:
    """从已发布的文件统计报告数据。"""


@report.command()
@click.option("--year", type=int, required=True, help="统计年度，如 2024。")
@config_file_option
@click.option("--as-of", callback=as_of_date, help="把这一天（YYYY-MM-DD）当作今天。")
@click.option("--json", "form", flag_value="json", help="JSON：每个数字及其统计的文件 id。")
@click.option("--csv", "form", flag_value="csv", help="CSV（中文表头）。")
@click.option("--md", "form", flag_value="md", help="Markdown 年报草稿。")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="与 --md 同用：把草稿和 SVG 图表写入这个目录。",
)
def annual(
    year: int,
    config_file: Path,
    as_of: datetime.date | None,
    form: str | None,
    output: Path | None,
) -> None:
    """政府信息公开工作年度报告：表二第二十条第（一）项和政策解读数据（只统计已发布的文件）。"""
    from gongbao.core.report import annual_report
    from gongbao.core.report.output import as_csv, as_json, as_markdown
    from gongbao.core.sources.load import load_corpus

    try:
        settings = load_settings(config_file, as_of=as_of)
    except FindingsError as exc:
        raise click.ClickException(format_findings(exc.findings)) from exc
    corpus, _ = load_corpus(settings, bodies=False)
    figures = annual_report(corpus, year, settings.today(), settings.sync_tolerance_days)
    if form == "json":
        click.echo(json.dumps(as_json(figures), ensure_ascii=False, indent=2))
    elif form == "csv":
        click.echo(as_csv(figures), nl=False)
    elif form == "md" and output is not None:
        from gongbao.core.report.charts import form_chart, monthly_chart

        output.mkdir(parents=True, exist_ok=True)
        charts = {
            f"{year}年每月发布政策文件件数": (f"{year}-monthly.svg", monthly_chart(figures)),
            f"{year}年政策解读形式": (f"{year}-forms.svg", form_chart(figures)),
        }
        for name, svg in charts.values():
            (output / name).write_text(svg, encoding="utf-8")
        draft = as_markdown(figures, {caption: name for caption, (name, _) in charts.items()})
        (output / f"{year}年报.md").write_text(draft, encoding="utf-8")
        click.echo(f"已写入 {output / f'{year}年报.md'} 及 {len(charts)} 张 SVG 图表。")
    elif form == "md":
        click.echo(as_markdown(figures))
    else:
        data = as_json(figures)
        click.echo(f"{year}年 表二 第二十条第（一）项（截至 {figures.as_of}）")
        for row, cols in data["第二十条第（一）项"].items():
            click.echo(f"  {row}：" + "，".join(f"{k} {v}" for k, v in cols.items()))
        click.echo("政策解读：" + "，".join(_figure(k, v) for k, v in data["政策解读"].items()))
        for note in figures.notes:
            click.echo(f"说明：{note}")
