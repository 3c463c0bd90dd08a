"""The ``gongbao`` command: check a site, start a new one, search and serve it.

Errors are translated here, once: core exceptions become one-paragraph messages on stderr with a
non-zero exit code, never tracebacks.
"""

from __future__ import annotations

import datetime
import functools
import gc
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import ClassVar

import click

from gongbao.core.config.siteconfig import load_settings
from gongbao.core.findings import FindingsError, format_findings
from gongbao.core.publish.pipeline import check_site

__all__ = ["main", "run"]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"应为 YYYY-MM-DD，实际为 {value!r}") from None


class _Commands(click.Group):
    """The command group. ``search`` and ``serve`` live in :mod:`gongbao.cli.search`, which
    loads whoosh's side of the package: it is imported only when one of them is asked for, so
    ``gongbao check`` (a pre-commit hook) does not pay for it."""

    _LAZY: ClassVar[dict[str, str]] = {"search": "search_command", "serve": "serve_command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, the lazy ones included, sorted as click sorts them."""
        return sorted({*super().list_commands(ctx), *self._LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called ``cmd_name``, importing the search commands on demand."""
        if cmd_name in self._LAZY and cmd_name not in self.commands:
            from gongbao.cli import search as cli_search

            self.add_command(getattr(cli_search, self._LAZY[cmd_name]), cmd_name)
        return super().get_command(ctx, cmd_name)


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


# Set by ``check``: the process holds tens of thousands of records that nothing needs freeing.
_quick_exit = False


def run() -> None:
    """The ``gongbao`` command (and ``python -m gongbao``): :func:`main`, then, after a check,
    an exit without tearing the interpreter down.

    Freeing every record of a 20,000-source check one by one took ≈ 0.07 s after its work was
    done (mypy's ``hard_exit`` skips the same teardown). Output is flushed first; the cache is
    already written. Tests call :func:`main`, which exits normally.
    """
    try:
        main()
    except SystemExit as exc:
        if not _quick_exit:
            raise
        code = exc.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongbao")
def main() -> None:
    """gongbao: publish a 政府公报 and its 政策解读 as a static site."""


@main.command()
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The site's mkdocs.yml.",
)
@click.option("--as-of", callback=_date, help="Treat this date (YYYY-MM-DD) as today.")
def check(config_file: Path, as_of: datetime.date | None) -> None:
    """Run every rule (三同步, references, fields) without rendering; exit 1 on any error."""
    started = time.perf_counter()
    try:
        settings = load_settings(config_file, as_of=as_of)
    except FindingsError as exc:
        raise click.ClickException(format_findings(exc.findings)) from None
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
    global _quick_exit
    _quick_exit = True
    if findings:
        click.echo(format_findings(findings), err=True)
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    summary = (
        f"检查了 {len(corpus.policies)} 份政策文件、{len(corpus.interpretations)} 份解读、"
        f"{len(corpus.issues)} 期公报：{errors} 个错误，{warnings} 个警告"
        f"（{time.perf_counter() - started:.2f} 秒）。"
    )
    click.echo(summary, err=True)
    if errors:
        sys.exit(1)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Write a new minimal site into DIRECTORY (which must be empty or absent)."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(
            f"目录 {directory} 不是空的。请指定一个新目录，例如 gongbao init my-site。"
        )
    from importlib import resources  # only ``init`` needs it

    scaffold = resources.files("gongbao") / "scaffold"
    with resources.as_file(scaffold) as source:
        shutil.copytree(source, directory, dirs_exist_ok=True)
    (directory / "gazette").mkdir(exist_ok=True)
    # Build outputs and caches are not sources.
    (directory / ".gitignore").write_text(
        "/site/\n/search-index/\n/.gongbao-cache/\n.gongbao-staging-*/\n.gongbao-old-*/\n",
        encoding="utf-8",
    )
    click.echo(
        f"已在 {directory} 创建站点。下一步：\n"
        f"  cd {directory}\n"
        "  gongbao check          # 检查三同步、文号和字段\n"
        "  mkdocs build --strict  # 生成网站到 site/\n"
        "  mkdocs serve           # 本地预览"
    )
