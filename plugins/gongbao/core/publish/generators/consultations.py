"""意见征集 pages: one per published consultation (its period, draft and 反馈), and the
column that lists them by stage (征集中 with the days left, 已截止待反馈, 已反馈), each with
its count. A document page links its consultation; the consultation lists the documents made
from it (both from the published view, so a withheld document is never named).

Each stage lists at most ``per_page`` rows on the column's page; the rest go on further pages
of that stage, so the column stays O(N).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup

from gongbao.core.model.feedback import Stage, stage_of
from gongbao.core.model.records import Consultation, FeedbackOpinion, PolicyDocument
from gongbao.core.publish.generators.base import SiteContext, doc_view
from gongbao.core.publish.generators.body import page_body
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter

__all__ = ["column_base", "consultation_link", "consultation_pages"]

_CSS = {
    Stage.OPEN: "open",
    Stage.AWAITING: "awaiting",
    Stage.DONE: "done",
    Stage.UPCOMING: "upcoming",
}
_ORDER = (Stage.OPEN, Stage.AWAITING, Stage.DONE, Stage.UPCOMING)


def column_base(site: SiteContext) -> str:
    """Where the 意见征集 column's pages live in the site."""
    return f"{site.settings.archive_dir}/consultations"


def _stage(item: Consultation, site: SiteContext) -> dict[str, Any]:
    today = site.settings.today()
    stage = stage_of(item, today)
    days_left = None
    if stage is Stage.OPEN and item.closes is not None:
        days_left = (item.closes - today).days + 1  # the closing day is still open
    return {"code": _CSS[stage], "css": _CSS[stage], "label": stage.value, "days_left": days_left}


def _opinions(items: Sequence[FeedbackOpinion]) -> list[dict[str, str]]:
    return [{"opinion": o.opinion, "reason": o.reason} for o in items]


def _documents(site: SiteContext) -> dict[str, list[PolicyDocument]]:
    """Consultation id → the published documents made from it (one pass, not one per page)."""
    found: dict[str, list[PolicyDocument]] = defaultdict(list)
    for doc in site.published.policies:
        if doc.consultation:
            found[doc.consultation.strip()].append(doc)
    return found


def _page(item: Consultation, site: SiteContext, documents: list[PolicyDocument]) -> GeneratedPage:
    link = Linker(item.src_uri, site.settings)
    here = posixpath.dirname(item.path)
    feedback = item.feedback
    context = {
        "title": item.title,
        "issuer": item.issuer,
        "published": item.published.isoformat(),
        "opens": item.opens.isoformat() if item.opens else "",
        "closes": item.closes.isoformat() if item.closes else "",
        "stage": _stage(item, site),
        "documents": [doc_view(d, link) for d in documents],
        "attachments": [
            {
                "href": link.href_file(posixpath.normpath(posixpath.join(here, value))),
                "name": posixpath.basename(value),
            }
            for value in item.attachments
        ],
        "feedback": None
        if feedback is None
        else {
            "published": feedback.published.isoformat(),
            "summary": feedback.summary,
            "adopted": _opinions(feedback.adopted),
            "not_adopted": _opinions(feedback.not_adopted),
        },
        # The draft, as the editor wrote it and the gate checked it.
        "body": Markup(page_body(item.body, item.title, site.graph, link, "", site.published)),
    }
    content = front_matter(item.title, gongbao_kind="consultation") + site.templates.render(
        "consultation.html", **context
    )
    return GeneratedPage(item.src_uri, content)


def consultation_link(
    doc: PolicyDocument, site: SiteContext, link: Linker
) -> dict[str, Any] | None:
    """What a document page says of its consultation: the link, and its 反馈 when published."""
    item = site.published.consultation(doc.consultation) if doc.consultation else None
    if item is None:
        return None
    href = link.href(item.src_uri)
    feedback = item.feedback
    return {
        "href": href,
        "title": item.title,
        "feedback_href": f"{href}#gb-feedback" if feedback else "",
        "feedback_published": feedback.published.isoformat() if feedback else "",
    }


def _row(item: Consultation, site: SiteContext, link: Linker) -> dict[str, Any]:
    stage = _stage(item, site)
    return {
        "href": link.href(item.src_uri),
        "title": item.title,
        "issuer": item.issuer,
        "opens": item.opens.isoformat() if item.opens else "",
        "closes": item.closes.isoformat() if item.closes else "",
        "days_left": stage["days_left"],
        "feedback": item.feedback.published.isoformat() if item.feedback else "",
    }


def _column(site: SiteContext) -> Iterator[GeneratedPage]:
    base = column_base(site)
    index = f"{base}/index.md"
    per_page = site.settings.per_page
    today = site.settings.today()
    grouped: dict[Stage, list[Consultation]] = {stage: [] for stage in _ORDER}
    # Newest first within each stage; the open ones by how soon they close.
    for item in sorted(
        site.published.consultations, key=lambda c: (c.published, c.path), reverse=True
    ):
        grouped[stage_of(item, today)].append(item)
    grouped[Stage.OPEN].sort(key=lambda c: (c.closes or c.published, c.path))
    groups = []
    extra: list[GeneratedPage] = []
    for stage in _ORDER:
        items = grouped[stage]
        if stage is Stage.UPCOMING and not items:
            continue
        chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
        srcs = [index] + [f"{base}/{_CSS[stage]}/{n}.md" for n in range(2, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, 1):
            here = Linker(srcs[number - 1], site.settings)
            group = {
                "label": stage.value,
                "css": _CSS[stage],
                "count": len(items),
                "rows": [_row(item, site, here) for item in chunk],
                "pager": []
                if len(srcs) == 1
                else [
                    {"number": n, "current": n == number, "href": here.href(src)}
                    for n, src in enumerate(srcs, 1)
                ],
            }
            if number == 1:
                groups.append(group)
                continue
            title = f"意见征集 · {stage.value}（第{number}页）"
            content = site.templates.render(
                "consultations_page.html", title=title, up=here.href(index), group=group
            )
            meta = front_matter(title, search={"exclude": True})
            extra.append(GeneratedPage(srcs[number - 1], meta + content))
    content = site.templates.render(
        "consultations_index.html",
        title="意见征集",
        total=len(site.published.consultations),
        groups=groups,
    )
    yield GeneratedPage(
        index, front_matter("意见征集", search={"exclude": True}) + content, in_nav=True
    )
    yield from extra


def consultation_pages(site: SiteContext) -> Iterator[GeneratedPage]:
    """One page per published consultation, and the 意见征集 column."""
    documents = _documents(site)
    for item in site.published.consultations:
        yield _page(item, site, documents.get(item.id, []))
    yield from _column(site)
