"""The site's own look for the pages ``gongbao serve`` makes itself (``/search``).

The built site is the authority on how a page looks: its home page names the site, links the
stylesheets (Material's, gongbao's, the palette's and any ``extra_css``), sets the colour palette
on ``<body>`` and lists the site's sections in its navigation. :func:`read_shell` reads those
from ``index.html`` once (only data: the page itself is a template, and every value is escaped
there), so the search page wears the same header, colours, sections and type as every other page.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["NavLink", "SiteShell", "read_shell"]


@dataclass(frozen=True)
class NavLink:
    """A top-level section of the site: its label and its address from the site's root."""

    label: str
    href: str


@dataclass(frozen=True)
class SiteShell:
    """What the search page takes from the built site."""

    site_name: str = "站内检索"
    lang: str = "zh-CN"
    stylesheets: tuple[str, ...] = ()
    body_attrs: tuple[tuple[str, str], ...] = ()
    """``data-md-color-*`` of the site's ``<body>``: its palette."""
    nav: tuple[NavLink, ...] = ()
    scripts: tuple[str, ...] = field(default=())
    """gongbao's own script (the 大字 switch), when the site has it."""


def _absolute(href: str) -> str | None:
    """A link of the home page as seen from ``/search`` (the home page sits at the root)."""
    if not href or href.startswith(("#", "javascript:", "data:")):
        return None
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc:
        return href
    return urllib.parse.urljoin("/", href)


class _HomePage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.site_name = ""
        self.title = ""
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.body_attrs: list[tuple[str, str]] = []
        self.tabs: list[NavLink] = []
        self.nav: list[NavLink] = []
        self._in_title = False
        self._tab_href: str | None = None
        self._tab_text: list[str] = []
        self._primary = 0  # nesting depth of <ul> inside the primary navigation, 0: outside
        self._item: dict[str, str] | None = None
        self._label_depth = 0
        self._label: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("name") == "SiteName":
            self.site_name = a.get("content", "")
        elif tag == "link" and "stylesheet" in a.get("rel", "").split():
            href = _absolute(a.get("href", ""))
            if href:
                self.stylesheets.append(href)
        elif tag == "script" and a.get("src", "").endswith("javascripts/gongbao.js"):
            href = _absolute(a["src"])
            if href:
                self.scripts.append(href)
        elif tag == "body":
            self.body_attrs = [(k, v) for k, v in a.items() if k.startswith("data-md-color-")]
        elif tag == "a" and "md-tabs__link" in classes:
            self._tab_href, self._tab_text = _absolute(a.get("href", "")), []
        elif tag == "nav" and "md-nav--primary" in classes and not self.nav:
            self._primary = -1  # the next <ul> is the top level
        self._nav_start(tag, a, classes)

    def _nav_start(self, tag: str, a: dict[str, str], classes: list[str]) -> None:
        if self._primary == 0:
            return
        if tag == "ul":
            self._primary = 1 if self._primary == -1 else self._primary + 1
        elif tag == "li" and self._primary == 1:
            self._item = {}
        elif self._item is not None:
            if tag == "a" and "href" not in self._item:
                href = _absolute(a.get("href", ""))
                if href:
                    self._item["href"] = href
            if tag == "span" and "md-ellipsis" in classes and "label" not in self._item:
                self._label_depth, self._label = 1, []
            elif tag == "span" and self._label_depth:
                self._label_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "a" and self._tab_href is not None:
            label = " ".join("".join(self._tab_text).split())
            if label:
                self.tabs.append(NavLink(label, self._tab_href))
            self._tab_href = None
        if self._primary <= 0:
            return
        if tag == "span" and self._label_depth:
            self._label_depth -= 1
            if not self._label_depth and self._item is not None:
                self._item["label"] = " ".join("".join(self._label).split())
        elif tag == "li" and self._primary == 1 and self._item is not None:
            if self._item.get("label") and self._item.get("href"):
                self.nav.append(NavLink(self._item["label"], self._item["href"]))
            self._item = None
        elif tag == "ul":
            self._primary -= 1  # 0 again after the top level's </ul>: the navigation is read

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._tab_href is not None:
            self._tab_text.append(data)
        if self._label_depth:
            self._label.append(data)


def read_shell(site_dir: Path) -> SiteShell:
    """The look of the site built in ``site_dir`` (defaults when it has no home page yet)."""
    home = Path(site_dir) / "index.html"
    try:
        text = home.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return SiteShell()
    page = _HomePage()
    page.feed(text)
    page.close()
    name = page.site_name or page.title.rsplit(" - ", 1)[-1].strip()
    return SiteShell(
        site_name=name or SiteShell.site_name,
        lang="zh-CN" if page.lang in ("", "zh") else page.lang,
        stylesheets=tuple(dict.fromkeys(page.stylesheets)),
        body_attrs=tuple(page.body_attrs),
        nav=tuple(page.tabs or page.nav),
        scripts=tuple(dict.fromkeys(page.scripts)),
    )
