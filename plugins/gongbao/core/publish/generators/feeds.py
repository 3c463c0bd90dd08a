"""Atom feeds (RFC 4287), written by feedgenerator (Pelican's maintained standalone copy of
Django's feed writer), not by hand: new documents, new interpretations, new gazette issues, and
one feed per 发文机关.

Each feed holds the newest :data:`FEED_ENTRIES` records of the published view (a reader polls
a feed for what is new; the archive holds the rest). Every date comes from the records
(midnight of the 发布日期 in the site's time zone), never from the clock: an empty feed is
dated by the newest record of the site, so two builds of the same sources give the same
bytes. Pages point at their feeds with ``<link rel="alternate">`` (:func:`page_feeds`, used by
the SSG adapter).
"""

from __future__ import annotations

import datetime
import html
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import feedgenerator

from gongbao.core.config.settings import Settings
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument
from gongbao.core.publish.generators.base import SiteContext
from gongbao.core.publish.generators.catalogues import group_slug
from gongbao.core.publish.generators.outputs import (
    file_link,
    instant,
    page_link,
    stable_id,
)
from gongbao.core.publish.pages import GeneratedPage
from gongbao.core.publish.urls import page_url

__all__ = ["FEED_ENTRIES", "Feed", "feed_files", "issuer_feed", "page_feeds", "site_feeds"]

FEED_ENTRIES = 50
"""Entries per feed: the newest records."""

FEEDS_DIR = "feeds"


@dataclass(frozen=True)
class Feed:
    """A feed of the site: where it is and what it is called."""

    src: str
    """Its path in the site, e.g. ``feeds/documents.xml``."""
    title: str


def site_feeds(settings: Settings) -> tuple[Feed, ...]:
    """The site-wide feeds, which every page links."""
    name = settings.site_name
    return (
        Feed(f"{FEEDS_DIR}/documents.xml", f"{name}：最新政策文件"),
        Feed(f"{FEEDS_DIR}/interpretations.xml", f"{name}：最新政策解读"),
        Feed(f"{FEEDS_DIR}/gazette.xml", f"{settings.gazette_title}：最新一期"),
    )


def issuer_feed(issuer: str) -> Feed:
    """The feed of one 发文机关's documents."""
    return Feed(f"{FEEDS_DIR}/issuers/{group_slug(issuer)}.xml", f"{issuer}：最新政策文件")


def page_feeds(published: Corpus, settings: Settings) -> dict[str, tuple[Feed, ...]]:
    """The issuer feed of each page that has one (a document's, its issuer's list pages), by
    the page's ``src_uri``; every page also links :func:`site_feeds`."""
    found: dict[str, tuple[Feed, ...]] = {}
    counts: dict[str, int] = defaultdict(int)
    for doc in published.policies:
        found[doc.src_uri] = (issuer_feed(doc.issuer),)
        counts[doc.issuer] += 1
    base = f"{settings.archive_dir}/issuers"
    for issuer, count in counts.items():
        pages = -(-count // settings.per_page)
        slug = group_slug(issuer)
        for n in range(1, pages + 1):
            found[f"{base}/{slug}/{'index' if n == 1 else n}.md"] = (issuer_feed(issuer),)
    return found


class _AtomFeed(feedgenerator.Atom1Feed):  # type: ignore[misc]  # feedgenerator is untyped
    """feedgenerator's Atom writer, dated by the site when it has no entries (instead of now)."""

    def __init__(self, *args: Any, empty_date: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_date = empty_date

    def latest_post_date(self) -> datetime.datetime:
        """The newest entry's date, or the site's newest record's when there is none."""
        if self.items:
            latest: datetime.datetime = super().latest_post_date()
            return latest
        return self.empty_date


def _newest(records: Iterable[Any]) -> list[Any]:
    ordered = sorted(records, key=lambda r: (r.published, r.path), reverse=True)
    return ordered[:FEED_ENTRIES]


def _new_feed(feed: Feed, home_src: str, site: SiteContext, empty: datetime.date) -> _AtomFeed:
    settings = site.settings
    return _AtomFeed(
        title=feed.title,
        link=page_link(home_src, feed.src, settings),
        description=feed.title,
        language="zh-CN",
        feed_url=file_link(feed.src, feed.src, settings),
        feed_guid=stable_id(feed.src, settings),
        empty_date=instant(empty, settings),
    )


def _entry(
    atom: _AtomFeed,
    feed: Feed,
    record: PolicyDocument | Interpretation | GazetteIssue,
    summary: Sequence[str],
    site: SiteContext,
    **extra: Any,
) -> None:
    settings = site.settings
    when = instant(record.published, settings)
    atom.add_item(
        title=record.title,
        link=page_link(record.src_uri, feed.src, settings),
        # Atom's summary is written as type="html": plain text is escaped for it.
        description=html.escape(" · ".join(part for part in summary if part)),
        pubdate=when,
        updateddate=when,
        unique_id=stable_id(page_url(record.src_uri, settings.directory_urls), settings),
        **extra,
    )


def _doc_summary(doc: PolicyDocument) -> list[str]:
    return [doc.doc_number, doc.issuer, f"发布日期 {doc.published.isoformat()}"]


def _documents(
    feed: Feed,
    home_src: str,
    docs: Iterable[PolicyDocument],
    site: SiteContext,
    empty: datetime.date,
) -> GeneratedPage:
    atom = _new_feed(feed, home_src, site, empty)
    for doc in _newest(docs):
        categories = [c for c in (doc.catalogue, doc.category) if c]
        _entry(
            atom, feed, doc, _doc_summary(doc), site, author_name=doc.issuer, categories=categories
        )
    return GeneratedPage(feed.src, atom.writeString("utf-8"))


def _interpretations(feed: Feed, site: SiteContext, empty: datetime.date) -> GeneratedPage:
    atom = _new_feed(feed, f"{site.settings.archive_dir}/interpretations/index.md", site, empty)
    for interp in _newest(site.published.interpretations):
        targets = "、".join(d.doc_number or d.title for d in site.graph.documents_of(interp.id))
        summary = [interp.form.value, f"解读对象 {targets}" if targets else "", interp.issuer]
        _entry(
            atom,
            feed,
            interp,
            summary,
            site,
            author_name=interp.issuer,
            categories=[interp.form.value],
        )
    return GeneratedPage(feed.src, atom.writeString("utf-8"))


def _gazette(feed: Feed, site: SiteContext, empty: datetime.date) -> GeneratedPage:
    settings = site.settings
    atom = _new_feed(feed, f"{settings.archive_dir}/gazette/index.md", site, empty)
    for issue in _newest(site.published.issues):
        pdf = site.files.issue_pdfs.get(issue.id)
        enclosures = (
            [
                feedgenerator.Enclosure(
                    file_link(pdf.src_uri, feed.src, settings), str(pdf.size), "application/pdf"
                )
            ]
            if pdf
            else []
        )
        summary = [section.heading for section in issue.sections]
        _entry(atom, feed, issue, summary, site, enclosures=enclosures)
    return GeneratedPage(feed.src, atom.writeString("utf-8"))


def feed_files(site: SiteContext) -> Iterator[GeneratedPage]:
    """Every feed of the site: the three site-wide ones, then one per 发文机关."""
    published = site.published
    dates = [r.published for r in published]
    empty = max(dates, default=datetime.date(2000, 1, 1))
    archive = site.settings.archive_dir
    documents, interpretations, gazette = site_feeds(site.settings)
    yield _documents(documents, f"{archive}/documents/index.md", published.policies, site, empty)
    yield _interpretations(interpretations, site, empty)
    yield _gazette(gazette, site, empty)
    by_issuer: dict[str, list[PolicyDocument]] = defaultdict(list)
    for doc in published.policies:
        by_issuer[doc.issuer].append(doc)
    for issuer in sorted(by_issuer):
        home = f"{archive}/issuers/{group_slug(issuer)}/index.md"
        yield _documents(issuer_feed(issuer), home, by_issuer[issuer], site, empty)
