"""What the feeds and the open data share: links from a published file to pages and files, and
record dates as instants.

A generated file whose ``src_uri`` does not end in ``.md`` (``feeds/documents.xml``,
``opendata/documents.csv``) is published as it is, not rendered as a page. Links are absolute
when the site has a ``site_url``; otherwise relative to the file, so a copy opened from
``file://`` (an offline 查阅点) still resolves them.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from urllib.parse import urljoin

from gongbao.core.config.settings import Settings
from gongbao.core.publish.urls import page_url, relative_url

__all__ = ["file_link", "instant", "page_link", "stable_id"]


def _link(url: str, from_src: str, settings: Settings) -> str:
    if settings.site_url:
        return urljoin(settings.site_url.rstrip("/") + "/", url)
    return relative_url(url, from_src)


def page_link(target_src_uri: str, from_src: str, settings: Settings) -> str:
    """The link from the file ``from_src`` to the page built from ``target_src_uri``."""
    return _link(page_url(target_src_uri, settings.directory_urls), from_src, settings)


def file_link(target: str, from_src: str, settings: Settings) -> str:
    """The link from the file ``from_src`` to the published file ``target`` (a PDF)."""
    return _link(target, from_src, settings)


def instant(day: datetime.date, settings: Settings) -> datetime.datetime:
    """Midnight of ``day`` in the site's time zone: records carry dates, feeds want instants,
    and the same sources must give the same bytes."""
    return datetime.datetime.combine(day, datetime.time(), zoneinfo.ZoneInfo(settings.time_zone))


def stable_id(what: str, settings: Settings) -> str:
    """A permanent identifier: the absolute URL when there is a ``site_url``, else a UUID
    derived from the site's name and ``what`` (the same on every build)."""
    if settings.site_url:
        return urljoin(settings.site_url.rstrip("/") + "/", what)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"gongbao:{settings.site_name}:{what}").urn
