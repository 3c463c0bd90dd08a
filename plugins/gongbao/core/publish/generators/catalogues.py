"""公开目录 pages: the catalogue (every entry with its count), documents by 发文机关 and by 主题分类,
interpretations by 解读形式; every group links a paginated list.

Only the catalogue's home goes in the nav; the other views are linked from it and from the
archives' home pages. Every page is built in one pass over the published view and lists at
most ``per_page`` rows, so the cost stays O(N). Group pages live at a short hash of the
group's name (``archive/issuers/3f2a…/``): stable when other groups come and go, and ASCII.
An entry with nothing in it still has its page, which says 暂无信息 (what the 空白栏目 report
counts, :func:`gongbao.core.rules.catalogue.empty_catalogue`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from gongbao.core.model.records import Interpretation, InterpretationForm, PolicyDocument
from gongbao.core.publish.generators.archives import doc_row, interp_row
from gongbao.core.publish.generators.base import SiteContext
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter
from gongbao.core.rules.catalogue import catalogue_counts

__all__ = ["catalogue_pages", "group_slug", "window_pager"]

R = TypeVar("R", PolicyDocument, Interpretation)

UNCATEGORISED = "未分类"
UNASSIGNED = "未归入公开目录"


def group_slug(name: str) -> str:
    """The folder of a group's pages: the first 10 hex digits of the name's SHA-1."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class _Group:
    name: str
    records: Sequence[PolicyDocument] | Sequence[Interpretation]
    slug: str
    title: str = ""
    basis: str = ""


def _newest_first(records: Iterable[R]) -> list[R]:
    return sorted(records, key=lambda r: (r.published, r.path), reverse=True)


PAGER_WINDOW = 4
"""Pages either side of the current one that the pager links (plus the first and the last)."""


def window_pager(current: int, srcs: Sequence[str], link: Linker) -> list[dict[str, Any]]:
    """A windowed pager: the first page, the last, and ``PAGER_WINDOW`` pages either side of
    the current one, with a gap marker between. A catalogue entry may hold every document of
    the site (200 pages at 10,000): linking every page from every page would be quadratic."""
    if len(srcs) <= 1:
        return []
    shown = sorted(
        {1, len(srcs)}
        | set(range(max(1, current - PAGER_WINDOW), min(len(srcs), current + PAGER_WINDOW) + 1))
    )
    pager: list[dict[str, Any]] = []
    for n in shown:
        if pager and n > pager[-1]["number"] + 1:
            pager.append({"gap": True, "number": n - 1})
        pager.append({"number": n, "current": n == current, "href": link.href(srcs[n - 1])})
    return pager


def _list_pages(
    base: str,
    heading: str,
    records: Sequence[R],
    row: Callable[[R, SiteContext, Linker], dict[str, Any]],
    template: str,
    up: tuple[str, str],
    site: SiteContext,
) -> Iterator[GeneratedPage]:
    """A list split into pages of ``per_page`` rows: ``base/index.md``, ``base/2.md``…"""
    per_page = site.settings.per_page
    chunks: list[Sequence[R]] = [
        records[i : i + per_page] for i in range(0, len(records), per_page)
    ] or [[]]
    srcs = [f"{base}/index.md", *(f"{base}/{n}.md" for n in range(2, len(chunks) + 1))]
    for number, chunk in enumerate(chunks, 1):
        link = Linker(srcs[number - 1], site.settings)
        title = heading + (f"（第{number}页）" if number > 1 else "")
        content = site.templates.render(
            template,
            title=title,
            up=link.href(up[0]),
            up_label=up[1],
            count=len(records),
            rows=[row(record, site, link) for record in chunk],
            pager=window_pager(number, srcs, link),
        )
        yield GeneratedPage(
            srcs[number - 1], front_matter(title, search={"exclude": True}) + content
        )


def _group_view(group: _Group, base: str, link: Linker) -> dict[str, Any]:
    return {
        "name": group.name,
        "title": group.title,
        "basis": group.basis,
        "count": len(group.records),
        "href": link.href(f"{base}/{group.slug}/index.md"),
    }


def _by(records: Iterable[R], key: Callable[[R], str], last: str = "") -> list[_Group]:
    """Groups of ``records`` by ``key``, largest first (then by name); ``last`` at the end."""
    groups: dict[str, list[R]] = defaultdict(list)
    for record in _newest_first(records):
        groups[key(record)].append(record)
    order = sorted(groups, key=lambda name: (name == last, -len(groups[name]), name))
    return [_Group(name, groups[name], group_slug(name)) for name in order]


def _groups_page(
    base: str, title: str, intro: str, groups: Sequence[_Group], site: SiteContext
) -> GeneratedPage:
    src = f"{base}/index.md"
    link = Linker(src, site.settings)
    content = site.templates.render(
        "catalogue_groups.html",
        title=title,
        intro=intro,
        up=link.href(f"{site.settings.archive_dir}/catalogue/index.md"),
        groups=[_group_view(g, base, link) for g in groups],
    )
    return GeneratedPage(src, front_matter(title, search={"exclude": True}) + content)


def _view_family(
    base: str,
    title: str,
    intro: str,
    groups: Sequence[_Group],
    documents: bool,
    site: SiteContext,
) -> Iterator[GeneratedPage]:
    yield _groups_page(base, title, intro, groups, site)
    for group in groups:
        heading = f"{title} · {group.name}"
        up = (f"{base}/index.md", title)
        if documents:
            docs = [r for r in group.records if isinstance(r, PolicyDocument)]
            yield from _list_pages(
                f"{base}/{group.slug}", heading, docs, doc_row, "archive_documents.html", up, site
            )
        else:
            interps = [r for r in group.records if isinstance(r, Interpretation)]
            yield from _list_pages(
                f"{base}/{group.slug}",
                heading,
                interps,
                interp_row,
                "archive_interpretations.html",
                up,
                site,
            )


def catalogue_pages(site: SiteContext) -> Iterator[GeneratedPage]:
    """The 公开目录 home (in the nav), its entries' lists, and the views by 发文机关, by 主题分类
    and of interpretations by 解读形式."""
    archive = site.settings.archive_dir
    published = site.published
    counts, unassigned = catalogue_counts(published, site.settings)
    entries = [
        _Group(c.entry.name, c.documents, group_slug(c.entry.name), c.entry.title, c.entry.basis)
        for c in counts
    ]
    extra = [_Group(UNASSIGNED, unassigned, "unassigned")] if unassigned else []
    issuers = _by(published.policies, lambda d: d.issuer)
    categories = _by(
        published.policies, lambda d: d.category.strip() or UNCATEGORISED, UNCATEGORISED
    )
    by_form: dict[InterpretationForm, list[Interpretation]] = {f: [] for f in InterpretationForm}
    for interp in _newest_first(published.interpretations):
        by_form[interp.form].append(interp)
    forms = [_Group(f.value, by_form[f], f.name.lower()) for f in InterpretationForm]

    base = f"{archive}/catalogue"
    link = Linker(f"{base}/index.md", site.settings)
    views = [
        ("按发文机关", f"{archive}/issuers/index.md", f"{len(issuers)} 个发文机关"),
        ("按主题分类", f"{archive}/categories/index.md", f"{len(categories)} 个主题分类"),
        ("解读按形式", f"{archive}/forms/index.md", f"{len(published.interpretations)} 件解读"),
    ]
    content = site.templates.render(
        "catalogue_home.html",
        title="公开目录",
        total=len(published.policies),
        empty=sum(1 for e in entries if not e.records),
        entries=[_group_view(g, base, link) for g in entries],
        unassigned=[_group_view(g, base, link) for g in extra],
        views=[{"label": label, "href": link.href(src), "count": n} for label, src, n in views],
    )
    meta = front_matter("公开目录", search={"exclude": True})
    yield GeneratedPage(f"{base}/index.md", meta + content, in_nav=True)
    for group in (*entries, *extra):
        yield from _list_pages(
            f"{base}/{group.slug}",
            f"公开目录 · {group.name}",
            [r for r in group.records if isinstance(r, PolicyDocument)],
            doc_row,
            "archive_documents.html",
            (f"{base}/index.md", "公开目录"),
            site,
        )
    yield from _view_family(
        f"{archive}/issuers",
        "按发文机关",
        f"共 {len(published.policies)} 件政策文件，来自 {len(issuers)} 个发文机关：",
        issuers,
        True,
        site,
    )
    yield from _view_family(
        f"{archive}/categories",
        "按主题分类",
        f"共 {len(published.policies)} 件政策文件，按主题分类（category）浏览：",
        categories,
        True,
        site,
    )
    yield from _view_family(
        f"{archive}/forms",
        "解读按形式",
        f"共 {len(published.interpretations)} 件解读材料，按解读形式浏览：",
        forms,
        False,
        site,
    )
