"""What every page generator is given, and the plain values shared by several of them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from gongbao.core.config.settings import Settings
from gongbao.core.graph import LinkGraph
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument
from gongbao.core.publish.assets import PublishedFiles
from gongbao.core.publish.pages import Asset, GeneratedPage, Linker
from gongbao.core.publish.templating import Templates

__all__ = [
    "Generator",
    "SiteContext",
    "asset_view",
    "doc_view",
    "interp_view",
    "issue_label",
    "search_form_view",
]


@dataclass(frozen=True)
class SiteContext:
    """Everything generators may read: the published view, its links, files and settings."""

    published: Corpus
    graph: LinkGraph
    files: PublishedFiles
    settings: Settings
    templates: Templates


class Generator(Protocol):
    """Makes some of a site's pages (documents, archives, the gazette…)."""

    def __call__(self, site: SiteContext) -> Iterable[GeneratedPage]:
        """The pages, in a stable order."""
        ...


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def asset_view(asset: Asset, link: Linker) -> dict[str, Any]:
    """A published file as templates show it: link, name, kind, pages and size."""
    return {"href": link.href_file(asset.src_uri), "name": asset.name, "describe": asset.describe()}


def doc_view(doc: PolicyDocument, link: Linker) -> dict[str, Any]:
    """A document in a list: link, title, 文号, date."""
    return {
        "href": link.href(doc.src_uri),
        "title": doc.title,
        "doc_number": doc.doc_number,
        "published": _date(doc.published),
    }


def interp_view(interp: Interpretation, link: Linker) -> dict[str, Any]:
    """An interpretation in a list: link, title, form, date, round."""
    return {
        "href": link.href(interp.src_uri),
        "title": interp.title,
        "form": interp.form.value,
        "published": _date(interp.published),
        "round": interp.round,
    }


def issue_label(issue: GazetteIssue, gazette_title: str) -> str:
    """《平凉市人民政府公报》2023年第5期（总第120期）."""
    serial = f"（总第{issue.serial}期）" if issue.serial else ""
    return f"《{gazette_title}》{issue.year}年第{issue.number}期{serial}"


def search_form_view(link: Linker) -> dict[str, str]:
    """Where the advanced-search form of ``gongbao serve`` sends its query, and what it
    probes: the form stays hidden until the page's script finds the service answering, so a
    static host (or ``file://``) never shows a form that cannot work."""
    return {"action": link.site_href("search"), "probe": link.site_href("api/search")}
