"""Page URLs and relative links, computed the way MkDocs computes them.

Keeping this in the core lets generated HTML carry real relative hrefs that work from a sub-path
and from ``file://`` without asking the SSG (a test checks it agrees with MkDocs).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata

__all__ = ["page_url", "relative_url", "slugify"]


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL of the page built from ``src_uri`` (``a/b.md`` → ``a/b/`` or ``a/b.html``)."""
    stem = src_uri.removesuffix(".md")
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        parent = posixpath.dirname(stem)
        if directory_urls:
            return f"{parent}/" if parent else ""
        return f"{parent}/index.html" if parent else "index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(target: str, source: str) -> str:
    """``target`` relative to the page at ``source`` (both site-relative URLs)."""
    base = source if source.endswith("/") or not source else posixpath.dirname(source)
    rel = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors that keep Chinese: ``第一章 总则`` → ``第一章-总则`` (not ``_1``).

    Same contract as Python-Markdown's ``toc`` ``slugify(value, separator)``.
    """
    value = unicodedata.normalize("NFKC", value)
    value = re.sub(r"<[^>]*>", "", value)
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)
