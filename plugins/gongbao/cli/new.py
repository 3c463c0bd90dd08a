"""``gongbao new``: a new source with every field of the content model, commented in Chinese."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import click
import yaml

from gongbao.cli.options import config_file_option
from gongbao.core.config.settings import Settings
from gongbao.core.config.siteconfig import load_settings
from gongbao.core.findings import FindingsError, format_findings
from gongbao.core.model.build import KINDS
from gongbao.core.model.fields import FieldSpec
from gongbao.core.model.records import PolicyDocument
from gongbao.core.model.values import value_help

__all__ = ["new"]

_KINDS = {
    "policy": "policy",
    "interpretation": "interpretation",
    "issue": "gazette",
    "consultation": "consultation",
}


def _line(key: str, value: Any) -> str:
    """``key: value`` as YAML writes a one-line value (quoted where YAML would retype it)."""
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True, width=1000)
    return dumped.strip().removeprefix("{").removesuffix("}")


def _comment(spec: FieldSpec) -> str:
    need = "必填" if spec.required else "可不写"
    help_text = value_help(spec.parse)
    return f"# {spec.aliases[0] if spec.aliases else spec.name}（{need}）" + (
        f"：{help_text}" if help_text else ""
    )


def front_matter(kind: str, values: dict[str, Any]) -> str:
    """Every field of ``kind``, in table order: given values written, the others commented
    out, each with its Chinese name and what it takes."""
    lines = ["---"]
    for spec in KINDS[kind].fields:
        if spec.name in values:
            lines.append(f"{_line(spec.name, values[spec.name])}  {_comment(spec)}")
        else:
            lines.append(f"# {spec.name}:  {_comment(spec)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _free(folder: Path, stem: str) -> Path:
    """``folder/stem.md``, or the first ``stem-2.md``, ``stem-3.md``… that does not exist."""
    candidate, n = folder / f"{stem}.md", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.md"
    return candidate


def _document(settings: Settings, ref: str) -> PolicyDocument | None:
    """The document a 文号 or id names, from the sources as they are (no check is run)."""
    from gongbao.core.sources.load import load_corpus

    corpus, _ = load_corpus(settings, bodies=False)
    return corpus.resolve(ref)


def _plan(
    kind: str, settings: Settings, today: datetime.date, title: str | None, ref: str | None
) -> tuple[Path, dict[str, Any], str]:
    """Where the new source goes, its values, and its body."""
    root, year = settings.root, today.year
    if kind == "policy":
        folder = root / settings.content_dir / "policies" / str(year)
        values: dict[str, Any] = {
            "title": title or "（请填写标题）",
            "issuer": "（请填写发文机关）",
        }
        values["published"] = today
        return _free(folder, today.strftime("%Y%m%d")), values, "（正文）\n"
    if kind == "consultation":
        folder = root / settings.consultations_dir / str(year)
        stem = today.strftime("%Y%m%d") + "-zj"
        values = {
            "title": title or "（请填写标题，如 关于《……（征求意见稿）》公开征求意见的公告）",
            "issuer": "（请填写征集单位）",
            "published": today,
            "id": f"zj-{stem.removesuffix('-zj')}",
            "opens": today,
            "closes": today + datetime.timedelta(days=30),
        }
        return _free(folder, stem), values, "（征求意见稿正文）\n"
    if kind == "interpretation":
        doc = _document(settings, ref) if ref else None
        folder = root / settings.interpretations_dir / str(year)
        values = {
            "title": title or (f"《{doc.title}》政策解读" if doc else "（请填写解读标题）"),
            "published": today,
            "issuer": doc.issuer if doc else "（请填写解读机关）",
            "interprets": ref or "（请填写解读的文件的文号或 id）",
        }
        return _free(folder, today.strftime("%Y%m%d") + "-jd"), values, "## 一、出台背景\n\n"
    folder = root / settings.gazette_dir / str(year)
    numbers = [int(m[1]) for p in folder.glob("*.md") if (m := re.fullmatch(r"(\d+)", p.stem))]
    number = max(numbers, default=0) + 1
    values = {
        "year": year,
        "number": number,
        "published": today,
        "sections": [{"heading": "（栏目名）", "items": [ref or "（文号或 id）"]}],
    }
    if title:
        values["title"] = title
    return folder / f"{number:02d}.md", values, ""


@click.command(
    short_help="新建一份政策文件、解读、意见征集或一期公报的源文件，列出全部字段及说明。"
)
@click.argument("kind", type=click.Choice(sorted(_KINDS)))
@click.option("--title", help="标题。")
@click.option("--for", "ref", help="解读的文件（解读）或本期刊登的文件（公报）的文号或 id。")
@config_file_option
def new(kind: str, title: str | None, ref: str | None, config_file: Path) -> None:
    """新建一份政策文件（policy）、解读（interpretation）、意见征集（consultation）或一期公报（issue），列出全部字段及说明；不会覆盖已有文件。"""
    try:
        settings = load_settings(config_file)
    except FindingsError as exc:
        raise click.ClickException(format_findings(exc.findings)) from exc
    today = settings.today()
    record_kind = _KINDS[kind]
    path, values, body = _plan(record_kind, settings, today, title, ref)
    text = front_matter(record_kind, values) + ("\n" + body if body else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # never overwrites
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} 已存在，未覆盖。") from None
    shown = path.relative_to(settings.root).as_posix()
    click.echo(f"已新建 {shown}。填写标注“必填”的字段后运行 gongbao check。")
