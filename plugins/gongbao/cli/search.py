"""``gongbao search`` and ``gongbao serve`` (registered in the main CLI group by gongbao.cli)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from gongbao.core.search.backend import IndexUnavailableError, QueryError, SearchQuery
from gongbao.core.search.records import RECORD_KINDS

__all__ = ["search_command", "serve_command"]

# Outside site/ on purpose: the index must not be deployed with the static files.
DEFAULT_INDEX = Path("search-index")
DEFAULT_SITE = Path("site")
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _terminal_excerpt(excerpt_html: str) -> str:
    import html

    # Terminals cannot show <mark>: render matches as 【…】 and drop any other markup.
    text = _MARK.sub(lambda m: f"【{m[1]}】", excerpt_html)
    return html.unescape(_TAG.sub("", text)).replace("\n", " ")


@click.command("search")
@click.argument("query")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_INDEX,
    show_default=True,
    help="检索索引目录（由 mkdocs build 生成）",
)
@click.option("--issuer", help="只看某发布机关")
@click.option("--year", type=int, help="只看某年份")
@click.option("--kind", type=click.Choice(sorted(RECORD_KINDS)), help="只看某类型")
@click.option("--category", help="只看某分类")
@click.option("--valid-only", is_flag=True, help="排除已失效、已废止的文件")
@click.option(
    "--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True
)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def search_command(
    query: str,
    index_dir: Path,
    issuer: str | None,
    year: int | None,
    kind: str | None,
    category: str | None,
    valid_only: bool,
    sort: str,
    limit: int,
    as_json: bool,
) -> None:
    """在已构建的检索索引中查找 QUERY（支持 "短语"、AND/OR/NOT、issuer:、year:、文号）。"""
    from gongbao.core.search.engines import open_index

    try:
        sq = SearchQuery(
            text=query,
            issuer=issuer,
            year=year,
            kind=kind,
            category=category,
            valid_only=valid_only,
            sort="date" if sort == "date" else "relevance",
            page=1,
            page_size=limit,
            # Facets need every match counted; only the JSON output shows them.
            facets=as_json,
        )
        with open_index(index_dir) as backend:
            res = backend.search(sq)
    except IndexUnavailableError as exc:
        raise click.ClickException(
            f"{exc}\n提示：先运行 `mkdocs build`，或用 --index 指定索引目录。"
        ) from exc
    except QueryError as exc:
        raise click.ClickException(
            f"{exc}\n提示：短语请用成对引号，运算符两侧都要有检索词。"
        ) from exc
    if as_json:
        data = {
            "query": query,
            "total": res.total,
            "results": [
                {
                    "id": h.id,
                    "kind": h.kind,
                    "title": h.title,
                    "url": h.url,
                    "doc_number": h.doc_number,
                    "issuer": h.issuer,
                    "published": h.published.isoformat() if h.published else None,
                    "score": round(h.score, 4),
                    "excerpt_html": h.excerpt_html,
                    "page": h.page,
                    "issue": h.issue,
                }
                for h in res.hits
            ],
            "facets": res.facets,
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    about = "" if res.exact else "约 "
    click.echo(
        f"共 {about}{res.total} 条结果" + (f"，显示前 {len(res.hits)} 条" if res.hits else "")
    )
    for n, hit in enumerate(res.hits, 1):
        click.echo("")
        click.secho(f"{n}. {hit.title}", bold=True)
        meta = [RECORD_KINDS.get(hit.kind, hit.kind)]
        if hit.doc_number:
            meta.append(hit.doc_number)
        if hit.issue:
            meta.append(f"刊期：{hit.issue}")
        elif hit.issuer:
            meta.append(hit.issuer)
        if hit.published:
            meta.append(hit.published.isoformat())
        if hit.page:
            meta.append(f"第{hit.page}页")
        click.echo("   " + " | ".join(meta))
        click.echo(f"   {hit.url}")
        if hit.excerpt_html:
            click.echo("   " + _terminal_excerpt(hit.excerpt_html))


@click.command("serve")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_SITE,
    show_default=True,
    help="已构建的站点目录",
)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help=f"检索索引目录（默认：{DEFAULT_INDEX}）",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve_command(site_dir: Path, index_dir: Path | None, host: str, port: int) -> None:
    """用 waitress 提供站点和在线检索（/search 与 /api/search），生产环境请置于 nginx 之后。"""
    if not site_dir.is_dir():
        raise click.ClickException(
            f"找不到站点目录 {site_dir}：请先运行 `mkdocs build`，或用 --site 指定。"
        )
    index_dir = index_dir or DEFAULT_INDEX
    if not index_dir.exists():
        click.echo(
            f"警告：找不到检索索引 {index_dir}，/search 将返回 503（运行 `mkdocs build` 生成）。",
            err=True,
        )
    from gongbao.server.app import run_server

    click.echo(f"http://{host}:{port}/  （Ctrl+C 停止）")
    run_server(site_dir, index_dir, host=host, port=port)
