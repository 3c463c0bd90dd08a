"""``gongbao init``: a new site that builds with ``mkdocs build --strict``."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

__all__ = ["init"]


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """在 DIRECTORY（须为空目录或不存在）中创建一个新站点。"""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(
            f"目录 {directory} 不是空的。请指定一个新目录，例如 gongbao init my-site。"
        )
    from importlib import resources  # only ``init`` needs it

    scaffold = resources.files("gongbao") / "scaffold"
    with resources.as_file(scaffold) as source:
        shutil.copytree(source, directory, dirs_exist_ok=True)
    from gongbao.core.findings.reference import reference_markdown

    # The error reference, made from this version's codes: every code a check can report.
    (directory / "错误参考.md").write_text(reference_markdown(), encoding="utf-8")
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
        "  mkdocs serve           # 本地预览\n"
        "编辑指南见 编辑指南.md，错误代码见 错误参考.md。"
    )
