"""What the browser index holds: every published record and ordinary page, and nothing else."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.publish.urls import page_url
from gongbao.core.search.browser.writer import BrowserDoc
from gongbao.core.search.site_records import markdown_to_text
from gongbao.core.textnorm import normalize_text

__all__ = ["browser_docs", "page_doc"]


def browser_docs(
    plan: SitePlan, settings: Settings, pages: Iterable[BrowserDoc] = ()
) -> Iterator[BrowserDoc]:
    """The published view's documents, interpretations and gazette issues, then ``pages``.

    Only ``plan.published`` is read: what is withheld or scheduled never reaches the index.
    PDF pages are left to the full-text index (``gongbao serve``): their text would double
    the browser index for what the record pages already say.
    """

    def url(src_uri: str) -> str:
        return page_url(src_uri, settings.directory_urls)

    published = plan.published
    for doc in published.policies:
        yield BrowserDoc(
            kind="policy",
            url=url(doc.src_uri),
            title=doc.title,
            body=markdown_to_text(doc.body),
            doc_number=doc.doc_number,
            issuer=doc.issuer,
            published=doc.published,
        )
    for interp in published.interpretations:
        yield BrowserDoc(
            kind="interpretation",
            url=url(interp.src_uri),
            title=interp.title,
            body=markdown_to_text(interp.body),
            issuer=interp.issuer,
            published=interp.published,
        )
    for issue in published.issues:
        toc = "\n".join(
            item.text or item.ref for section in issue.sections for item in section.items
        )
        yield BrowserDoc(
            kind="gazette",
            url=url(issue.src_uri),
            title=issue.title,
            body=normalize_text(f"{toc}\n\n{markdown_to_text(issue.body)}"),
            issuer=settings.gazette_title,
            published=issue.published,
        )
    yield from pages


def page_doc(src_uri: str, title: str, markdown: str, settings: Settings) -> BrowserDoc:
    """An ordinary page (首页, 指南) as the browser index holds it."""
    return BrowserDoc(
        kind="page",
        url=page_url(src_uri, settings.directory_urls),
        title=title,
        body=markdown_to_text(markdown),
    )
