"""Gazette archive pages: the gazette home, one page per year, one page per issue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from gongbao.core.config.settings import Settings
from gongbao.core.graph.links import LinkGraph
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue
from gongbao.core.publish.render import (
    Asset,
    GeneratedPage,
    Linker,
    asset_link,
    date_html,
    esc,
    front_matter,
    md_escape,
    search_form,
)

__all__ = ["issue_label", "render_gazette"]


def issue_label(issue: GazetteIssue, gazette_title: str) -> str:
    """《平凉市人民政府公报》2023年第5期（总第120期）."""
    serial = f"（总第{issue.serial}期）" if issue.serial else ""
    return f"《{gazette_title}》{issue.year}年第{issue.number}期{serial}"


def _issue_page(
    issue: GazetteIssue,
    corpus: Corpus,
    graph: LinkGraph,
    settings: Settings,
    issue_pdfs: Mapping[str, Asset],
    article_pdfs: Mapping[str, Asset],
) -> GeneratedPage:
    link = Linker(issue.src_uri, settings)
    title = issue.title
    rows = [
        ("出版日期", date_html(issue.published)),
        ("期号", f"{issue.year}年第{issue.number}期"),
        ("总期号", f"总第{issue.serial}期" if issue.serial else "—"),
    ]
    pdf = issue_pdfs.get(issue.id)
    if pdf is not None:
        rows.append(("PDF 版", asset_link(pdf, link, f"下载本期公报 {pdf.name}")))
    table = (
        '<table class="gb-meta gb-meta--interp">\n<caption class="gb-sr-only">本期信息</caption>\n'
        "<tbody>\n"
        + "\n".join(f'<tr><th scope="row">{a}</th><td>{b}</td></tr>' for a, b in rows)
        + "\n</tbody>\n</table>\n"
    )
    toc = ['<h2 id="gb-toc">目录</h2>']
    for index, section in enumerate(issue.sections, 1):
        toc.append(f'<h3 id="gb-section-{index}">{esc(section.heading)}</h3>\n<ol class="gb-toc">')
        for item in section.items:
            doc = corpus.resolve(item.ref) if item.ref else None
            pages = (
                f' <span class="gb-muted">第{item.pages[0]}–{item.pages[1]}页</span>'
                if item.pages
                else ""
            )
            if doc is None:
                toc.append(f"<li>{esc(item.text or item.ref)}{pages}</li>")
                continue
            number = (
                f' <span class="gb-docno">{esc(doc.doc_number)}</span>' if doc.doc_number else ""
            )
            article = article_pdfs.get(doc.id)
            extra = f" · {asset_link(article, link, '本文PDF')}" if article else ""
            toc.append(
                f'<li><a href="{link.href(doc.src_uri)}">{esc(item.text or doc.title)}</a>'
                f"{number}{pages}{extra}</li>"
            )
        toc.append("</ol>")
    year_page = f"{settings.archive_dir}/gazette/{issue.year}.md"
    up = f'<p><a href="{link.href(year_page)}">← {issue.year}年各期</a></p>\n'
    content = (
        front_matter(title, gongbao_kind="gazette")
        + f"# {md_escape(title)}\n\n{up}\n{table}\n"
        + "\n".join(toc)
        + "\n\n"
        + issue.body.strip("\n")
        + "\n"
    )
    return GeneratedPage(issue.src_uri, content)


def _year_page(
    year: int, issues: Sequence[GazetteIssue], settings: Settings, issue_pdfs: Mapping[str, Asset]
) -> GeneratedPage:
    src = f"{settings.archive_dir}/gazette/{year}.md"
    link = Linker(src, settings)
    by_month: dict[int, list[GazetteIssue]] = defaultdict(list)
    for issue in issues:
        by_month[issue.published.month].append(issue)
    rows = []
    for month in range(1, 13):
        entries = by_month.get(month, [])
        if not entries:
            rows.append(
                f'<tr><th scope="row">{month}月</th><td class="gb-muted">本月未出版</td></tr>'
            )
            continue
        cells = []
        for issue in sorted(entries, key=lambda i: i.number):
            serial = f"（总第{issue.serial}期）" if issue.serial else ""
            pdf = issue_pdfs.get(issue.id)
            pdf_link = f' · <a href="{link.href_file(pdf.src_uri)}">PDF</a>' if pdf else ""
            cells.append(
                f'<a href="{link.href(issue.src_uri)}">第{issue.number}期</a>{serial} '
                f"{date_html(issue.published)}{pdf_link}"
            )
        rows.append(f'<tr><th scope="row">{month}月</th><td>{"<br>".join(cells)}</td></tr>')
    title = f"{settings.gazette_title} · {year}年"
    home = (
        f'<p><a href="{link.href(f"{settings.archive_dir}/gazette/index.md")}">← 全部年度</a></p>\n'
    )
    content = (
        front_matter(title, search={"exclude": True})
        + f"# {md_escape(title)}\n\n{home}\n<p>{year}年共出版 {len(issues)} 期。</p>\n\n"
        + '<table class="gb-list">\n<caption class="gb-sr-only">按月份排列的各期公报</caption>\n'
        + '<thead><tr><th scope="col">月份</th><th scope="col">期次</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )
    return GeneratedPage(src, content)


def render_gazette(
    corpus: Corpus,
    graph: LinkGraph,
    settings: Settings,
    issue_pdfs: Mapping[str, Asset] | None = None,
    article_pdfs: Mapping[str, Asset] | None = None,
) -> list[GeneratedPage]:
    """The gazette home, year pages and issue pages of the published corpus."""
    issue_pdfs = issue_pdfs or {}
    article_pdfs = article_pdfs or {}
    years: dict[int, list[GazetteIssue]] = defaultdict(list)
    for issue in corpus.issues:
        years[issue.year].append(issue)
    home_src = f"{settings.archive_dir}/gazette/index.md"
    link = Linker(home_src, settings)
    items = []
    for year in sorted(years, reverse=True):
        issues = sorted(years[year], key=lambda i: i.number, reverse=True)
        latest = issues[0]
        items.append(
            f'<li><a href="{link.href(f"{settings.archive_dir}/gazette/{year}.md")}">{year}年</a>'
            f'（{len(issues)} 期，最新：<a href="{link.href(latest.src_uri)}">第{latest.number}期</a>）</li>'
        )
    body = f'<ul class="gb-years">\n{chr(10).join(items)}\n</ul>\n' if items else "<p>暂无。</p>\n"
    title = settings.gazette_title
    home = GeneratedPage(
        home_src,
        front_matter(title, search={"exclude": True})
        + f"# {md_escape(title)}\n\n<p>政府公报是刊登规章和规范性文件标准文本的法定载体。"
        f"共 {len(corpus.issues)} 期，按年度浏览：</p>\n\n{search_form(link)}\n{body}",
        in_nav=True,
    )
    pages = [home]
    for year in sorted(years, reverse=True):
        pages.append(_year_page(year, years[year], settings, issue_pdfs))
    for issue in corpus.issues:
        pages.append(_issue_page(issue, corpus, graph, settings, issue_pdfs, article_pdfs))
    return pages
