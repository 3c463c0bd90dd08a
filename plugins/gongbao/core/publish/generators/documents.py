"""Pages of policy documents and of interpretations, each linking the other both ways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from gongbao.core.model.records import Interpretation, PolicyDocument, Validity
from gongbao.core.publish.generators.base import (
    SiteContext,
    asset_view,
    doc_view,
    interp_view,
    issue_label,
)
from gongbao.core.publish.generators.body import page_body
from gongbao.core.publish.generators.consultations import consultation_link
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter

__all__ = ["document_pages", "interpretation_pages"]


def _banner(doc: PolicyDocument, site: SiteContext, link: Linker) -> dict[str, Any] | None:
    """The 已废止/已失效 banner, linking what repealed the document when it is published."""
    if doc.validity is Validity.VALID:
        return None
    newer = site.graph.repealed_by(doc.id)
    return {
        "state": "repealed" if doc.validity is Validity.REPEALED else "expired",
        "validity": doc.validity.value,
        "newer": None
        if newer is None
        else {
            "href": link.href(newer.src_uri),
            "title": newer.title,
            "label": newer.doc_number or newer.title,
        },
        "basis": doc.repealed_by,
    }


def _meta_rows(doc: PolicyDocument) -> list[tuple[str, Any, str, Any]]:
    """The metadata table (索引号, 主题分类, 发文机关, 成文日期, 文号, 发布日期, 公开属性, 有效性)."""
    written = {"date": doc.written.isoformat()} if doc.written else ""
    return [
        ("索引号", doc.index_number, "主题分类", doc.category),
        ("发文机关", doc.issuer, "成文日期", written),
        ("文号", doc.doc_number, "发布日期", {"date": doc.published.isoformat()}),
        ("公开属性", doc.disclosure.value, "有效性", doc.validity.value),
    ]


def _policy_page(doc: PolicyDocument, site: SiteContext) -> GeneratedPage:
    link = Linker(doc.src_uri, site.settings)
    graph, files = site.graph, site.files
    article = files.article_pdfs.get(doc.id)
    interps = graph.interpretations_of(doc.id)
    context = {
        "title": doc.title,
        "banner": _banner(doc, site, link),
        "meta": _meta_rows(doc),
        "keywords": "　".join(doc.keywords),
        "printed": [
            {
                "href": link.href(issue.src_uri),
                "label": issue_label(issue, site.settings.gazette_title),
                "heading": heading,
            }
            for issue, heading in graph.issues_of(doc.id)
        ],
        "article": asset_view(article, link) if article else None,
        "attachments": [asset_view(a, link) for a in files.attachments.get(doc.id, ())],
        "interpretations": [interp_view(i, link) for i in interps],
        "exempt_reason": doc.exempt_reason if not doc.needs_interpretation else "",
        # The editor's Markdown, checked by the gate: rendered by the SSG, not escaped here.
        "body": Markup(page_body(doc.body, doc.title, graph, link, doc.id, site.published)),
        "repeals": [doc_view(d, link) for d in graph.repeals(doc.id)],
        "consultation": consultation_link(doc, site, link),
    }
    content = front_matter(doc.title, gongbao_kind="policy") + site.templates.render(
        "policy.html", **context
    )
    return GeneratedPage(doc.src_uri, content)


def _interpretation_page(interp: Interpretation, site: SiteContext) -> GeneratedPage:
    link = Linker(interp.src_uri, site.settings)
    docs = site.graph.documents_of(interp.id)
    own = docs[0].id if len(docs) == 1 else ""
    context = {
        "title": interp.title,
        "issuer": interp.issuer,
        "published": interp.published.isoformat(),
        "form": interp.form.value,
        "round": interp.round,
        "documents": [doc_view(d, link) for d in docs],
        "body": Markup(page_body(interp.body, interp.title, site.graph, link, own, site.published)),
    }
    content = front_matter(interp.title, gongbao_kind="interpretation") + site.templates.render(
        "interpretation.html", **context
    )
    return GeneratedPage(interp.src_uri, content)


def document_pages(site: SiteContext) -> Iterator[GeneratedPage]:
    """One page per published policy document."""
    for doc in site.published.policies:
        yield _policy_page(doc, site)


def interpretation_pages(site: SiteContext) -> Iterator[GeneratedPage]:
    """One page per published interpretation."""
    for interp in site.published.interpretations:
        yield _interpretation_page(interp, site)
