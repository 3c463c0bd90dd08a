"""Archive pages: documents and interpretations by year, newest first, paginated.

Documents never go in the global nav (every nav entry is rendered into every page, so a nav of
N documents costs O(N²)); only the archives' home pages do, and a year's records are split
into pages of ``per_page`` rows, so the cost of the archive stays O(N).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from gongbao.core.graph import document_status
from gongbao.core.model.records import Interpretation, PolicyDocument
from gongbao.core.publish.generators.base import SiteContext, doc_view, search_form_view
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter

__all__ = ["archive_pages", "doc_row", "interp_row", "pager_view"]

R = TypeVar("R", PolicyDocument, Interpretation)


def _by_year(records: Iterable[R]) -> dict[int, list[R]]:
    years: dict[int, list[R]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.published, r.path), reverse=True):
        years[record.published.year].append(record)
    return dict(sorted(years.items(), reverse=True))


def _status(doc: PolicyDocument, site: SiteContext, link: Linker) -> dict[str, Any]:
    """有效 / 已修改 / 已被代替 / 已废止 / 已失效, since when, linking what changed it."""
    state = document_status(doc, site.graph, site.settings.today())
    return {
        "label": state.status.value,
        "state": state.status.name.lower(),
        "date": state.date.isoformat() if state.date else "",
        "by": None if state.by is None else doc_view(state.by, link),
    }


def doc_row(doc: PolicyDocument, site: SiteContext, link: Linker) -> dict[str, Any]:
    """A row of a documents list (``archive_documents.html``)."""
    interps = site.graph.interpretations_of(doc.id)
    first = interps[0] if interps else None
    return {
        **doc_view(doc, link),
        "issuer": doc.issuer,
        "status": _status(doc, site, link),
        "interpretation": None
        if first is None
        else {"href": link.href(first.src_uri), "title": first.title},
        "exempt": not doc.needs_interpretation,
    }


def interp_row(interp: Interpretation, site: SiteContext, link: Linker) -> dict[str, Any]:
    """A row of an interpretations list (``archive_interpretations.html``)."""
    return {
        "href": link.href(interp.src_uri),
        "title": interp.title,
        "form": interp.form.value,
        "published": interp.published.isoformat(),
        "documents": [doc_view(d, link) for d in site.graph.documents_of(interp.id)],
    }


def pager_view(current: int, srcs: Sequence[str], link: Linker) -> list[dict[str, Any]]:
    """The pager of page ``current`` (1-based) of a list split over ``srcs``; ``[]`` for one."""
    if len(srcs) <= 1:
        return []
    return [
        {"number": n, "current": n == current, "href": link.href(src)}
        for n, src in enumerate(srcs, 1)
    ]


def _year_pages(
    base: str,
    title: str,
    years: dict[int, list[R]],
    template: str,
    row: Callable[[R, SiteContext, Linker], dict[str, Any]],
    site: SiteContext,
) -> Iterator[GeneratedPage]:
    per_page = site.settings.per_page
    for year, records in years.items():
        chunks = [records[i : i + per_page] for i in range(0, len(records), per_page)] or [[]]
        srcs = [f"{base}/{year}/index.md"]
        srcs += [f"{base}/{year}/{n}.md" for n in range(2, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, 1):
            link = Linker(srcs[number - 1], site.settings)
            heading = f"{title} · {year}年" + (f"（第{number}页）" if number > 1 else "")
            content = site.templates.render(
                template,
                title=heading,
                up=link.href(f"{base}/index.md"),
                count=len(records),
                rows=[row(record, site, link) for record in chunk],
                pager=pager_view(number, srcs, link),
            )
            meta = front_matter(heading, search={"exclude": True})
            yield GeneratedPage(srcs[number - 1], meta + content)


def _year_index(
    base: str,
    title: str,
    intro: str,
    years: dict[int, list[R]],
    site: SiteContext,
    views: Sequence[tuple[str, str]] = (),
) -> GeneratedPage:
    link = Linker(f"{base}/index.md", site.settings)
    content = site.templates.render(
        "archive_index.html",
        title=title,
        intro=intro,
        search_form=search_form_view(link),
        # The catalogue's views (公开目录, by 发文机关…): label and source of each.
        views=[{"label": label, "href": link.href(src)} for label, src in views],
        years=[
            {"year": year, "count": len(records), "href": link.href(f"{base}/{year}/index.md")}
            for year, records in years.items()
        ],
    )
    meta = front_matter(title, search={"exclude": True})
    return GeneratedPage(f"{base}/index.md", meta + content, in_nav=True)


def archive_pages(site: SiteContext) -> Iterator[GeneratedPage]:
    """The documents archive and the interpretations archive: a home page each (in the nav)
    and the pages of each year."""
    policies, interpretations = site.published.policies, site.published.interpretations
    docs_base = f"{site.settings.archive_dir}/documents"
    interp_base = f"{site.settings.archive_dir}/interpretations"
    doc_years = _by_year(policies)
    interp_years = _by_year(interpretations)
    interpreted = sum(1 for d in policies if site.graph.interpretations_of(d.id))
    intro = f"共 {len(policies)} 件政策文件，其中 {interpreted} 件已发布解读。按年度浏览："
    archive = site.settings.archive_dir
    doc_views = [
        ("公开目录", f"{archive}/catalogue/index.md"),
        ("按发文机关", f"{archive}/issuers/index.md"),
        ("按主题分类", f"{archive}/categories/index.md"),
    ]
    yield _year_index(docs_base, "政策文件", intro, doc_years, site, doc_views)
    yield from _year_pages(
        docs_base, "政策文件", doc_years, "archive_documents.html", doc_row, site
    )
    intro = f"共 {len(interpretations)} 件解读材料。按年度浏览："
    interp_views = [("解读按形式", f"{archive}/forms/index.md")]
    yield _year_index(interp_base, "政策解读", intro, interp_years, site, interp_views)
    yield from _year_pages(
        interp_base, "政策解读", interp_years, "archive_interpretations.html", interp_row, site
    )
