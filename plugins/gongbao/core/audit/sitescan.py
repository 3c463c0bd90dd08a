"""Scan a built site: every internal link and file reference must lead to a file of the site,
and no page may carry a ``PubDate`` after the audit's date.

Only what the site itself serves is checked (relative and root-relative addresses); other
sites, ``mailto:`` and ``data:`` are left to a link checker that may go online. ``404.html``
is skipped: MkDocs writes its links for whichever address was not found.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["SiteScan", "scan_site"]

_ATTRS = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "iframe": "src",
}
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass
class SiteScan:
    """What the scan found."""

    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)
    """``page → target`` of every internal reference to a missing file."""
    future: list[str] = field(default_factory=list)
    """``page（PubDate …）`` of every page dated after the audit's date."""


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.pub_date = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "PubDate":
            self.pub_date = values.get("content") or ""
            return
        name = _ATTRS.get(tag)
        value = values.get(name) if name else None
        if value:
            self.refs.append(value)


def _target(site: Path, page: str, ref: str) -> str | None:
    """The site-relative file ``ref`` on ``page`` must be, or ``None`` when not internal."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, mail, data, or "#anchor" on the page itself
    path = unquote(parts.path)
    joined = (
        path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    )
    target = posixpath.normpath(joined) if joined else "."
    if target.startswith("../") or target == "..":
        return target  # leaves the site: certainly broken
    if path.endswith("/") or target == "." or (site / target).is_dir():
        target = posixpath.join("" if target == "." else target, "index.html")
    return target


def scan_site(site: Path, today: datetime.date) -> SiteScan:
    """Scan every HTML page of the built site at ``site``."""
    found = SiteScan()
    for file in sorted(site.rglob("*.html")):
        page = file.relative_to(site).as_posix()
        if page == "404.html":
            continue
        found.pages += 1
        parser = _Refs()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        for ref in parser.refs:
            target = _target(site, page, ref)
            if target is None:
                continue
            found.links += 1
            if target.startswith("..") or not (site / target).is_file():
                found.broken.append(f"{page} → {ref}")
        match = _DATE.search(parser.pub_date)
        try:
            dated = datetime.date.fromisoformat(match.group(1)) if match else None
        except ValueError:
            dated = None  # not a calendar date: a page-metadata problem, not a future date
        if dated is not None and dated > today:
            found.future.append(f"{page}（PubDate {parser.pub_date}）")
    return found
