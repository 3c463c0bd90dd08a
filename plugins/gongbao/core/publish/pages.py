"""What a page generator produces, and the plain values its templates are given.

A generated page is Markdown (front matter, HTML blocks from gongbao's templates, the editor's
Markdown body) that any Markdown-based SSG renders. Links inside HTML blocks are real relative
URLs computed by :mod:`gongbao.core.publish.urls`; links inside Markdown text point at ``.md``
sources so MkDocs resolves and validates them.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gongbao.core.config.settings import Settings
from gongbao.core.publish.urls import page_url, relative_url

__all__ = ["Asset", "GeneratedPage", "Linker", "front_matter", "md_escape"]


@dataclass(frozen=True)
class GeneratedPage:
    """A page the core produced: where it goes and its Markdown. With a ``src_uri`` that does
    not end in ``.md`` it is a file published as it is (an Atom feed, a CSV or JSON export)."""

    src_uri: str
    content: str
    in_nav: bool = False
    """Only archive index pages belong in the global nav; documents never do."""
    path: Path | None = None
    """A file the generator wrote (a large export, in the cache folder): published from
    there instead of ``content``, so the build does not hold it in memory."""


@dataclass(frozen=True)
class Asset:
    """A published file (issue PDF, article PDF, attachment) and what a reader needs to know."""

    src_uri: str
    """Where it lives in the site, e.g. ``gazette/2023/05.pdf``."""
    name: str
    size: int
    pages: int | None = None

    def describe(self) -> str:
        """``PDF，12 页，1.2 MB``."""
        kind = self.src_uri.rsplit(".", 1)[-1].upper() if "." in self.src_uri else "文件"
        size = (
            f"{self.size / 2**20:.1f} MB"
            if self.size >= 2**20
            else f"{max(1, self.size // 1024)} KB"
        )
        return f"{kind}，{self.pages} 页，{size}" if self.pages else f"{kind}，{size}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(text: str) -> str:
    """Text for inline Markdown: HTML entities, then backslashes before Markdown syntax (a
    title such as ``*重要*`` stays text)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def front_matter(title: str, **extra: Any) -> str:
    """YAML front matter for a generated page: the title as written, and ``extra`` keys.

    Values are data, not HTML: the SSG adapter escapes what its templates print unescaped.
    """
    meta = {"title": title, **extra}
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n\n"


class Linker:
    """Relative links from one page to records and files, honouring ``use_directory_urls``."""

    def __init__(self, src_uri: str, settings: Settings) -> None:
        self.directory_urls = settings.directory_urls
        self.url = page_url(src_uri, settings.directory_urls)
        self.src_uri = src_uri

    def href(self, target_src_uri: str) -> str:
        """The relative URL of the page built from ``target_src_uri``."""
        return relative_url(page_url(target_src_uri, self.directory_urls), self.url)

    def href_file(self, target_src_uri: str) -> str:
        """The relative URL of a non-page file (PDF, image): its URL is its path."""
        return relative_url(target_src_uri, self.url)

    def site_href(self, url: str) -> str:
        """A site-relative URL (``search``, ``api/search``) relative to this page."""
        return relative_url(url, self.url)

    def md_link(self, target_src_uri: str) -> str:
        """A Markdown link target: the ``.md`` source, which MkDocs rewrites and checks."""
        return posixpath.relpath(target_src_uri, posixpath.dirname(self.src_uri) or ".")
