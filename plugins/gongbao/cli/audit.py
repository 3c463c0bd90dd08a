"""``gongbao audit``: the 政府网站与政务新媒体检查指标 items a build can decide, as a table."""

from __future__ import annotations

import datetime
import json
import sys
import unicodedata
from pathlib import Path

import click

from gongbao.cli.options import as_of_date, config_file_option
from gongbao.core.config.siteconfig import load_settings, site_values
from gongbao.core.findings import FindingsError, format_findings

__all__ = ["audit"]


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _site_dir(config_file: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    try:
        values = site_values(config_file.read_text(encoding="utf-8-sig"))
    except OSError:
        values = {}
    return config_file.resolve().parent / str(values.get("site_dir") or "site")


@click.command()
@config_file_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="已生成的网站目录；默认取 mkdocs.yml 的 site_dir（site/）。",
)
@click.option("--as-of", callback=as_of_date, help="把这一天（YYYY-MM-DD）当作检查日。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供 CI 使用）。")
def audit(
    config_file: Path, site_dir: Path | None, as_of: datetime.date | None, as_json: bool
) -> None:
    """按《政府网站与政务新媒体检查指标》逐项自查能由构建判定的指标；单项否决项不通过时退出码为 1。"""
    from gongbao.core.audit import run_audit

    try:
        settings = load_settings(config_file, as_of=as_of)
    except FindingsError as exc:
        raise click.ClickException(format_findings(exc.findings)) from exc
    items = run_audit(settings, _site_dir(config_file, site_dir))
    failed = [item for item in items if item.vetoes]
    if as_json:
        report = {
            "date": settings.today().isoformat(),
            "passed": not failed,
            "items": [item.as_json() for item in items],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        rows = [("指标", "类别", "结果", "依据")]
        rows += [(i.name, i.kind.value, i.result.value, i.evidence) for i in items]
        widths = [max(_width(row[n]) for row in rows) for n in range(3)]
        for row in rows:
            click.echo("  ".join([*(_pad(row[n], widths[n]) for n in range(3)), row[3]]))
        for item in items:
            if item.details:
                click.echo(f"\n{item.name}：")
                for detail in item.details:
                    click.echo(f"  {detail}")
        verdict = (
            f"\n单项否决指标不通过：{'、'.join(i.name for i in failed)}。网站将被判定为不合格。"
            if failed
            else "\n单项否决指标均未发现问题（扣分指标见上表）。"
        )
        click.echo(verdict)
    if failed:
        sys.exit(1)
