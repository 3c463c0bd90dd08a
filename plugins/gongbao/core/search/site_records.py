"""Turn a site plan into search records: only what is published, with its page URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.model.records import GazetteIssue, PolicyDocument
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.publish.urls import page_url
from gongbao.core.search.records import SearchRecord
from gongbao.core.textnorm import normalize_text

__all__ = ["SearchRecords", "markdown_to_text", "search_records"]

_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>\n]*>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_MARKUP = re.compile(r"[*_`|>]+|\\(?=[\\`*_{}\[\]()#+\-.!|~<>])")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.MULTILINE)


def markdown_to_text(markdown: str) -> str:
    """The readable text of a Markdown body, normalised for Chinese search."""
    text = _FENCE.sub("", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _MARKUP.sub(" ", text)
    return normalize_text(text)


class _Share:
    """Which records of the sequence are made: every ``procs``-th from ``part`` (the share of
    one index writer process), counted before a record is made."""

    def __init__(self, part: int, procs: int) -> None:
        self.part, self.procs, self.seen = part, procs, -1

    def __call__(self) -> bool:
        self.seen += 1
        return self.seen % self.procs == self.part


def search_records(
    plan: SitePlan, settings: Settings, share: tuple[int, int] = (0, 1)
) -> Iterator[SearchRecord]:
    """Every published document, interpretation, gazette issue and PDF page; with ``share``
    ``(part, procs)`` only every ``procs``-th of them from ``part`` (the others not made)."""

    def url(src_uri: str) -> str:
        return page_url(src_uri, settings.directory_urls)

    mine = _Share(*share)
    published = plan.published
    for doc in published.policies:
        if not mine():
            continue
        yield SearchRecord(
            id=f"policy:{doc.id}",
            kind="policy",
            title=doc.title,
            url=url(doc.src_uri),
            body=markdown_to_text(doc.body),
            published=doc.published,
            doc_number=doc.doc_number,
            issuer=doc.issuer,
            category=doc.category,
            validity=doc.validity.value,
        )
    for interp in published.interpretations:
        if not mine():
            continue
        yield SearchRecord(
            id=f"interpretation:{interp.id}",
            kind="interpretation",
            title=interp.title,
            url=url(interp.src_uri),
            body=markdown_to_text(interp.body),
            published=interp.published,
            # No doc_number: a 文号 query must rank the document itself first; the
            # interpretation is still found through the 文号 quoted in its text.
            issuer=interp.issuer,
        )
    for issue in published.issues:
        if not mine():
            continue
        toc = " ".join(
            item.text or item.ref for section in issue.sections for item in section.items
        )
        yield SearchRecord(
            id=f"gazette:{issue.id}",
            kind="gazette",
            title=issue.title,
            url=url(issue.src_uri),
            body=normalize_text(f"{toc}\n{markdown_to_text(issue.body)}"),
            published=issue.published,
            issuer=settings.gazette_title,
        )
    owners: dict[str, PolicyDocument] = {d.id: d for d in published.policies}
    issues: dict[str, GazetteIssue] = {i.id: i for i in published.issues}
    for page in plan.files.pdf_pages:
        if not page.indexed:
            continue  # text that looks mis-decoded would only mislead a reader
        if not mine():
            continue
        owner_doc = owners.get(page.owner_id)
        owner_issue = issues.get(page.owner_id)
        # Attachment paths are docs_dir-relative and issue PDFs root-relative: both are the
        # file's path in the built site.
        # A hit opens the PDF at its page; a gazette's PDF shows its 刊期 (the gazette is no
        # 发布机关).
        yield SearchRecord(
            id=f"pdf:{page.src_uri}#{page.page}",
            kind="pdf",
            title=page.title,
            url=f"{page.src_uri}#page={page.page}",
            body=page.text,
            published=owner_doc.published
            if owner_doc
            else (owner_issue.published if owner_issue else None),
            doc_number=owner_doc.doc_number if owner_doc else "",
            issuer=owner_doc.issuer if owner_doc else "",
            page=page.page,
            issue=f"{owner_issue.year}年第{owner_issue.number}期" if owner_issue else "",
        )


class SearchRecords:
    """The search records of a plan, made on demand, with ``len()`` known up front.

    An index build streams them: a large archive's 20,000 normalised bodies are never in
    memory together, and the record count (which decides how many writer processes a cold
    build uses) is known without making them.
    """

    def __init__(self, plan: SitePlan, settings: Settings) -> None:
        self.plan = plan
        self.settings = settings

    def __len__(self) -> int:
        published = self.plan.published
        return (
            len(published.policies)
            + len(published.interpretations)
            + len(published.issues)
            + sum(1 for page in self.plan.files.pdf_pages if page.indexed)
        )

    def __iter__(self) -> Iterator[SearchRecord]:
        return search_records(self.plan, self.settings)

    def share(self, part: int, procs: int) -> Iterator[SearchRecord]:
        """Every ``procs``-th record from ``part``, the others not made (one writer's share)."""
        return search_records(self.plan, self.settings, (part, procs))
