"""``gongbao errors``: the error reference, in the terminal."""

from __future__ import annotations

import click

__all__ = ["errors"]


@click.command()
@click.argument("code", required=False)
def errors(code: str | None) -> None:
    """列出所有错误代码；给出 CODE（如 sync.missing）时说明它的含义和改法。"""
    from gongbao.core.findings.catalogue import FAMILY_HEADINGS
    from gongbao.core.findings.codes import REGISTRY

    if code is None:
        for family, heading in FAMILY_HEADINGS.items():
            codes = [c for c in REGISTRY.values() if c.family == family]
            if codes:
                click.echo(f"{heading}：")
                for item in codes:
                    click.echo(f"  {item.id:<28} {item.title}")
        return
    found = REGISTRY.get(code)
    if found is None:
        raise click.ClickException(f"没有错误代码 {code!r}。运行 gongbao errors 查看全部代码。")
    level = "错误（构建失败）" if found.is_error else "警告（--strict 时构建失败）"
    click.echo(
        f"{found.id}：{found.title}\n级别：{level}\n说明：{found.explanation}\n修改方法：{found.fix}"
    )
