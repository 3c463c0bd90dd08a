"""Pages of policy documents and of interpretations, each linking the other both ways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from gongbao.core.graph import document_status, timeline
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument
from gongbao.core.publish.generators.base import (
    SiteContext,
    asset_view,
    doc_view,
    interp_view,
    issue_label,
)
from gongbao.core.publish.generators.body import page_body, strip_title
from gongbao.core.publish.generators.consultations import consultation_link
from gongbao.core.publish.generators.forms import form_view
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter

__all__ = ["document_pages", "interpretation_pages"]


def _status_view(doc: PolicyDocument, site: SiteContext, link: Linker) -> dict[str, Any]:
    """有效 / 已修改 / 已被代替 / 已废止 / 已失效, since when, and what changed it."""
    state = document_status(doc, site.graph, site.settings.today())
    return {
        "label": state.status.value,
        "state": state.status.name.lower(),
        "in_force": state.status.in_force,
        "date": state.date.isoformat() if state.date else "",
        "by": None if state.by is None else doc_view(state.by, link),
        # A 废止 validity without a published repealing document: what the editor wrote.
        "basis": "、".join(doc.repealed_by) if state.by is None else "",
    }


def _meta_rows(doc: PolicyDocument, status: dict[str, Any]) -> list[tuple[str, Any, str, Any]]:
    """The metadata table (索引号, 主题分类, 发文机关, 成文日期, 文号, 发布日期, 公开属性, 有效性,
    with 施行日期 and 有效期至 when given)."""
    written = {"date": doc.written.isoformat()} if doc.written else ""
    rows: list[tuple[str, Any, str, Any]] = [
        ("索引号", doc.index_number, "主题分类", doc.category),
        ("发文机关", doc.issuer, "成文日期", written),
        ("文号", doc.doc_number, "发布日期", {"date": doc.published.isoformat()}),
    ]
    if doc.effective or doc.valid_until:
        effective = {"date": doc.effective.isoformat()} if doc.effective else ""
        until = {"date": doc.valid_until.isoformat()} if doc.valid_until else ""
        rows.append(("施行日期", effective, "有效期至", until))
    rows.append(("公开属性", doc.disclosure.value, "有效性", {"status": status}))
    return rows


def _record_view(record: PolicyDocument | Interpretation, link: Linker) -> dict[str, Any]:
    if isinstance(record, PolicyDocument):
        return doc_view(record, link)
    return {**interp_view(record, link), "doc_number": "", "kind": "解读"}


def _timeline_view(doc: PolicyDocument, site: SiteContext, link: Linker) -> list[dict[str, Any]]:
    events = []
    for event in timeline(doc, site.graph):
        other = event.record
        events.append(
            {
                "date": event.date.isoformat(),
                "label": event.label,
                "href": link.href(other.src_uri) if other is not None else "",
                "title": issue_label(other, site.settings.gazette_title)
                if isinstance(other, GazetteIssue)
                else (other.title if other is not None else ""),
                "doc_number": other.doc_number if isinstance(other, PolicyDocument) else "",
            }
        )
    return events


def _relations(doc: PolicyDocument, site: SiteContext, link: Linker) -> list[dict[str, Any]]:
    """The lists of related documents, each direction of each relation under its own
    heading, those that say the document is no longer as published first."""
    graph = site.graph
    lists = [
        ("gb-replaced-by", "代替本文件的文件", graph.replaced_by(doc.id)),
        ("gb-amended-by", "修改本文件的文件", graph.amended_by(doc.id)),
        ("gb-replaces", "本文件代替的文件", graph.replaces(doc.id)),
        ("gb-amends", "本文件修改的文件", graph.amends(doc.id)),
        ("gb-repeals", "本文件废止的文件", graph.repeals(doc.id)),
        ("gb-cites", "本文引用", graph.cites(doc.id)),
        ("gb-cited-by", "被引用", graph.cited_by(doc.id)),
    ]
    return [
        {"id": key, "heading": heading, "records": [_record_view(r, link) for r in records]}
        for key, heading, records in lists
        if records
    ]


def _policy_page(doc: PolicyDocument, site: SiteContext) -> GeneratedPage:
    link = Linker(doc.src_uri, site.settings)
    graph, files = site.graph, site.files
    article = files.article_pdfs.get(doc.id)
    interps = graph.interpretations_of(doc.id)
    status = _status_view(doc, site, link)
    events = _timeline_view(doc, site, link)
    context = {
        "title": doc.title,
        "status": status,
        "meta": _meta_rows(doc, status),
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
        "relations": _relations(doc, site, link),
        # Publication alone is no story: the timeline is shown when something else happened.
        "timeline": events if len(events) > 1 else [],
        "consultation": consultation_link(doc, site, link),
    }
    content = front_matter(doc.title, gongbao_kind="policy") + site.templates.render(
        "policy.html", **context
    )
    return GeneratedPage(doc.src_uri, content)


def _rounds(
    interp: Interpretation, docs: tuple[PolicyDocument, ...], site: SiteContext, link: Linker
) -> list[dict[str, Any]]:
    """The interpretations of the same documents, by round then date, when there are more
    than this one."""
    seen: dict[str, Interpretation] = {}
    for doc in docs:
        for other in site.graph.interpretations_of(doc.id):
            seen.setdefault(other.id, other)
    if len(seen) < 2:
        return []
    ordered = sorted(seen.values(), key=lambda i: (i.round, i.published, i.path))
    return [{**interp_view(i, link), "current": i.id == interp.id} for i in ordered]


def _interpretation_page(interp: Interpretation, site: SiteContext) -> GeneratedPage:
    link = Linker(interp.src_uri, site.settings)
    docs = site.graph.documents_of(interp.id)
    own = docs[0].id if len(docs) == 1 else ""
    presentation = form_view(
        interp,
        strip_title(interp.body, interp.title),
        lambda markdown: page_body(markdown, "", site.graph, link, own, site.published),
        link,
    )
    context = {
        "title": interp.title,
        "issuer": interp.issuer,
        "published": interp.published.isoformat(),
        "form": interp.form.value,
        "round": interp.round,
        "documents": [doc_view(d, link) for d in docs],
        # Every round of the documents it interprets, this one marked: 首次解读, 第2轮…
        "rounds": _rounds(interp, docs, site, link),
        "presentation": presentation,
        # The whole text, for a site's own template that shows no form of its own.
        "body": presentation["body"],
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
