"""``gongbao check``: every rule the build runs, without rendering (a pre-commit hook)."""

from __future__ import annotations

import datetime
import functools
import gc
import os
import sys
import time
from pathlib import Path

import click

from gongbao.cli import quick_exit
from gongbao.cli.options import as_of_date, config_file_option
from gongbao.core.config.siteconfig import load_settings
from gongbao.core.findings import FindingsError, format_findings
from gongbao.core.publish.pipeline import check_site

__all__ = ["check"]


@functools.cache
def _collect_in_forked_children() -> None:
    """Re-enable the cyclic collector in every child forked from now on (once per process)."""
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_collect_new_objects)


def _collect_new_objects() -> None:
    # The objects inherited from the check were allocated with the collector off and would
    # all sit in its youngest generation: the child's first collection would walk every one
    # of them (and copy their pages). Frozen, they are never scanned; the child's own
    # objects (pypdf's graphs) are collected as usual.
    gc.freeze()
    gc.enable()


@click.command()
@config_file_option
@click.option("--as-of", callback=as_of_date, help="把这一天（YYYY-MM-DD）当作今天。")
@click.option(
    "--strict/--no-strict",
    default=None,
    help="警告也视为错误（与 mkdocs build --strict 一致）；默认跟随 mkdocs.yml 的 strict。",
)
def check(config_file: Path, as_of: datetime.date | None, strict: bool | None) -> None:
    """运行构建的全部检查（三同步、文号、字段、公报、PDF、泄密），不生成网站；有错误时退出码为 1。"""
    started = time.perf_counter()
    try:
        settings = load_settings(config_file, as_of=as_of)
    except FindingsError as exc:
        raise click.ClickException(format_findings(exc.findings)) from exc
    # The check allocates tens of thousands of long-lived records (cached or parsed) and no
    # garbage cycles worth collecting: the cyclic collector would only rescan the growing
    # heap again and again (a third of a warm run at 10,000 documents). Processes forked
    # meanwhile (PDF readers, parse workers) collect as usual: pypdf's object graphs do form
    # cycles, and a PDF reader's memory bound must mean what it meant.
    _collect_in_forked_children()
    collecting = gc.isenabled()
    gc.disable()
    try:
        corpus, findings = check_site(settings)
    finally:
        if collecting:
            gc.enable()
    quick_exit.set()
    if findings:
        click.echo(format_findings(findings), err=True)
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    summary = (
        f"检查了 {len(corpus.policies)} 份政策文件、{len(corpus.interpretations)} 份解读、"
        f"{len(corpus.issues)} 期公报"
        + (f"、{len(corpus.consultations)} 份意见征集" if corpus.consultations else "")
        + f"：{errors} 个错误，{warnings} 个警告"
        f"（{time.perf_counter() - started:.2f} 秒）。"
    )
    strict = settings.strict if strict is None else strict
    if strict and warnings:
        summary += "按 --strict，警告也视为错误。"
    click.echo(summary, err=True)
    if errors or (strict and warnings):
        sys.exit(1)
