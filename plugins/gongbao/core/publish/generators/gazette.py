"""Gazette pages: the gazette home, one page per year (month by month), one page per issue
with its table of contents linking every document printed in it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from markupsafe import Markup

from gongbao.core.model.records import GazetteIssue, GazetteItem
from gongbao.core.publish.generators.base import SiteContext, asset_view, search_form_view
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter
from gongbao.core.publish.refs import resolve_refs
from gongbao.core.rules.links import ref_src_uri

__all__ = ["gazette_pages"]


def _item(item: GazetteItem, site: SiteContext, link: Linker) -> dict[str, Any]:
    doc = site.published.resolve(item.ref) if item.ref else None
    if doc is None:
        return {"href": "", "text": item.text or item.ref, "pages": item.pages}
    article = site.files.article_pdfs.get(doc.id)
    return {
        "href": link.href(doc.src_uri),
        "text": item.text or doc.title,
        "doc_number": doc.doc_number,
        "pages": item.pages,
        "article": asset_view(article, link) if article else None,
    }


def _issue_page(issue: GazetteIssue, site: SiteContext) -> GeneratedPage:
    link = Linker(issue.src_uri, site.settings)
    pdf = site.files.issue_pdfs.get(issue.id)
    year_page = f"{site.settings.archive_dir}/gazette/{issue.year}.md"
    content = site.templates.render(
        "gazette_issue.html",
        title=issue.title,
        up=link.href(year_page),
        year=issue.year,
        number=issue.number,
        serial=issue.serial,
        published=issue.published.isoformat(),
        pdf=asset_view(pdf, link) if pdf else None,
        sections=[
            {"heading": s.heading, "entries": [_item(item, site, link) for item in s.items]}
            for s in issue.sections
        ],
        # The issue's own Markdown (a foreword), checked by the gate like every page.
        body=Markup(
            resolve_refs(issue.body, issue.src_uri, partial(ref_src_uri, site.published)).strip(
                "\n"
            )
            + "\n"
        ),
    )
    return GeneratedPage(issue.src_uri, front_matter(issue.title, gongbao_kind="gazette") + content)


def _year_page(year: int, issues: Sequence[GazetteIssue], site: SiteContext) -> GeneratedPage:
    settings = site.settings
    src = f"{settings.archive_dir}/gazette/{year}.md"
    link = Linker(src, settings)
    by_month: dict[int, list[GazetteIssue]] = defaultdict(list)
    for issue in issues:
        by_month[issue.published.month].append(issue)
    months = []
    for month in range(1, 13):
        entries = []
        for issue in sorted(by_month.get(month, []), key=lambda i: i.number):
            pdf = site.files.issue_pdfs.get(issue.id)
            entries.append(
                {
                    "href": link.href(issue.src_uri),
                    "number": issue.number,
                    "serial": issue.serial,
                    "published": issue.published.isoformat(),
                    "pdf": link.href_file(pdf.src_uri) if pdf else "",
                }
            )
        months.append({"month": month, "issues": entries})
    title = f"{settings.gazette_title} · {year}年"
    content = site.templates.render(
        "gazette_year.html",
        title=title,
        home=link.href(f"{settings.archive_dir}/gazette/index.md"),
        year=year,
        count=len(issues),
        months=months,
    )
    return GeneratedPage(src, front_matter(title, search={"exclude": True}) + content)


def _home_page(years: dict[int, list[GazetteIssue]], site: SiteContext) -> GeneratedPage:
    settings = site.settings
    src = f"{settings.archive_dir}/gazette/index.md"
    link = Linker(src, settings)
    rows = []
    for year in sorted(years, reverse=True):
        latest = max(years[year], key=lambda i: i.number)
        rows.append(
            {
                "year": year,
                "count": len(years[year]),
                "href": link.href(f"{settings.archive_dir}/gazette/{year}.md"),
                "latest": {"href": link.href(latest.src_uri), "number": latest.number},
            }
        )
    content = site.templates.render(
        "gazette_home.html",
        title=settings.gazette_title,
        count=len(site.published.issues),
        search_form=search_form_view(link),
        years=rows,
    )
    meta = front_matter(settings.gazette_title, search={"exclude": True})
    return GeneratedPage(src, meta + content, in_nav=True)


def gazette_pages(site: SiteContext) -> Iterator[GeneratedPage]:
    """The gazette home (in the nav), a page per year, a page per issue."""
    years: dict[int, list[GazetteIssue]] = defaultdict(list)
    for issue in site.published.issues:
        years[issue.year].append(issue)
    yield _home_page(years, site)
    for year in sorted(years, reverse=True):
        yield _year_page(year, years[year], site)
    for issue in site.published.issues:
        yield _issue_page(issue, site)
