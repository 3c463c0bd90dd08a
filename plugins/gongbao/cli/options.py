"""Options several commands share, declared once: the site's configuration file and the day
to take as today."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

__all__ = ["as_of_date", "config_file_option"]


def as_of_date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime.date | None:
    """``--as-of YYYY-MM-DD`` as a date (``None`` when not given), refused in Chinese."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"应为 YYYY-MM-DD，实际为 {value!r}") from None


config_file_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="站点的 mkdocs.yml。",
)
"""``-f/--config-file``: the site's mkdocs.yml (default: the one in the current folder)."""
