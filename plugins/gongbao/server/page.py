"""The ``/search`` results page of ``gongbao serve``: what the template shows, made from a query
and its results (template ``gongbao/search_page.html``, in the site's look from :mod:`.shell`).

Every filter of the query (kind, year, issuer, category, valid only, sort) is carried by every
link the page makes: the next page, a facet, the clearing of one filter. Facet counts are links
that add their value as a filter; the issuer facet's values are full names, which the issuer
filter matches exactly (``matching_issuers``), so a facet's count is the count its link finds.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from markupsafe import Markup

from gongbao.core.publish.templating import Templates
from gongbao.core.search.backend import SearchHit, SearchQuery, SearchResults
from gongbao.core.search.records import RECORD_KINDS, without_zero_width
from gongbao.server.shell import SiteShell

__all__ = ["FILTER_PARAMS", "render_page"]

_TEMPLATES = Templates()
#: The query string parameters of a search, in the order links write them.
FILTER_PARAMS = ("q", "kind", "year", "issuer", "category", "valid_only", "sort")
_FACETS = (("kind", "类型"), ("year", "年份"), ("issuer", "发布机关"))
#: The default results per page (``SearchQuery.page_size``); another one is kept on links.
_PAGE_SIZE = 10
#: Page numbers shown around the current one.
_PAGE_WINDOW = 2


def _params(raw_q: str, sq: SearchQuery | None) -> dict[str, str]:
    """The search as query string parameters (empty ones left out)."""
    if sq is None:
        return {"q": raw_q} if raw_q else {}
    values = {
        "q": raw_q,
        "kind": sq.kind or "",
        "year": str(sq.year) if sq.year is not None else "",
        "issuer": sq.issuer or "",
        "category": sq.category or "",
        "valid_only": "1" if sq.valid_only else "",
        "sort": "date" if sq.sort == "date" else "",
        "page_size": str(sq.page_size) if sq.page_size != _PAGE_SIZE else "",
    }
    return {k: v for k, v in values.items() if v}


def _href(params: dict[str, str], **changes: str | int | None) -> str:
    merged = dict(params)
    for name, value in changes.items():
        if value is None or value == "":
            merged.pop(name, None)
        else:
            merged[name] = str(value)
    ordered = [(k, merged[k]) for k in (*FILTER_PARAMS, "page_size", "page") if k in merged]
    return "/search?" + urllib.parse.urlencode(ordered) if ordered else "/search"


def _link(url: str) -> str:
    # Record URLs are site-relative ("policies/2024/x.html"); the page lives at /search.
    return url if url.startswith(("/", "http://", "https://")) else "/" + url


def _hit_view(hit: SearchHit) -> dict[str, Any]:
    meta = [RECORD_KINDS.get(hit.kind, hit.kind)]
    if hit.doc_number:
        meta.append(f"文号：{hit.doc_number}")
    if hit.issue:
        meta.append(f"刊期：{hit.issue}")
    if hit.issuer:
        meta.append(f"发布机关：{hit.issuer}")
    published = None
    if hit.published:
        day = hit.published
        published = {"iso": day.isoformat(), "text": f"{day.year}年{day.month}月{day.day}日"}
    return {
        "href": _link(hit.url),
        "title": without_zero_width(hit.title),
        "meta": meta,
        "published": published,
        "page": hit.page,
        # Escaped text with <mark> around matches, made by the backend.
        "excerpt": Markup(without_zero_width(hit.excerpt_html)),
    }


def _page_link(label: str, href: str = "", **extra: Any) -> dict[str, Any]:
    return {"label": label, "href": href, "rel": "", "current": False, "aria": "", **extra}


def _pager(params: dict[str, str], sq: SearchQuery, res: SearchResults) -> dict[str, Any] | None:
    pages = (res.total + sq.page_size - 1) // sq.page_size
    if pages <= 1:
        return None
    current = min(sq.page, pages)
    links: list[dict[str, Any]] = []
    if current > 1:
        links.append(_page_link("上一页", _href(params, page=current - 1), rel="prev"))
    first = max(1, current - _PAGE_WINDOW)
    last = min(pages, current + _PAGE_WINDOW)
    numbers = sorted({1, *range(first, last + 1), pages})
    previous = 0
    for number in numbers:
        if number - previous > 1:
            links.append(_page_link("…"))
        previous = number
        href = _href(params, page=number if number > 1 else None)
        links.append(_page_link(str(number), href, current=number == current, aria=f"第{number}页"))
    if current < pages:
        links.append(_page_link("下一页", _href(params, page=current + 1), rel="next"))
    return {"page": current, "pages": pages, "links": links}


def _facet_views(params: dict[str, str], res: SearchResults) -> list[dict[str, Any]]:
    views = []
    for name, title in _FACETS:
        counts = res.facets.get(name) or {}
        chosen = params.get(name, "")
        items = []
        for value, count in counts.items():
            label = f"{value}年" if name == "year" else RECORD_KINDS.get(value, value)
            items.append(
                {
                    "label": label,
                    "count": count,
                    "href": _href(params, **{name: value}, page=None),
                    "current": value == chosen,
                }
            )
        if items or chosen:
            views.append(
                {
                    "name": name,
                    "title": title,
                    "items": items,
                    "clear": _href(params, **{name: None}, page=None) if chosen else None,
                }
            )
    return views


def _active_filters(sq: SearchQuery | None) -> list[str]:
    if sq is None:
        return []
    active = []
    if sq.kind:
        active.append(f"类型：{RECORD_KINDS.get(sq.kind, sq.kind)}")
    if sq.year is not None:
        active.append(f"年份：{sq.year}")
    if sq.issuer:
        active.append(f"发布机关：{sq.issuer}")
    if sq.category:
        active.append(f"分类：{sq.category}")
    if sq.valid_only:
        active.append("只看有效文件")
    return active


def render_page(
    raw_q: str,
    raw: dict[str, str],
    sq: SearchQuery | None,
    res: SearchResults | None,
    error: str,
    shell: SiteShell,
) -> str:
    """The HTML of the results page; ``raw`` is the request's parameters as typed (shown in
    the form when the query was refused)."""
    params = _params(raw_q, sq) if sq is not None else {k: v for k, v in raw.items() if v}
    shown = sq is not None and res is not None
    filters = {
        "kind": params.get("kind", ""),
        "year": params.get("year", ""),
        "issuer": params.get("issuer", ""),
        "category": params.get("category", ""),
        "valid_only": bool(params.get("valid_only")),
        "sort": params.get("sort", "relevance"),
        "active": _active_filters(sq),
    }
    return _TEMPLATES.render(
        "search_page.html",
        shell=shell,
        query=raw_q,
        filters=filters,
        kinds=list(RECORD_KINDS.items()),
        error=error,
        results={"total": res.total, "hits": [_hit_view(h) for h in res.hits]}
        if shown and res is not None
        else None,
        pager=_pager(params, sq, res) if sq is not None and res is not None else None,
        facets=_facet_views(params, res) if res is not None else [],
        clear_href=_href({"q": raw_q} if raw_q else {}),
    )
