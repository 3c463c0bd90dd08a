"""Jinja2 templates of gongbao's pages, with autoescape, overridable by a site.

Every page gongbao generates comes from a template under ``gongbao/`` (shipped in
``core/publish/templates/gongbao/``). A site overrides one the Material way: a file with the
same name in its ``overrides/`` folder (``theme.custom_dir``), e.g.
``overrides/gongbao/policy.html``, is used instead. Templates receive plain data (strings,
numbers, lists and mappings built by the generators) and every value is HTML-escaped unless a
generator marked it as Markdown the editor wrote (the body, already checked by the gate).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from gongbao.core.publish.pages import md_escape

__all__ = ["DEFAULT_DIR", "Templates"]

DEFAULT_DIR = Path(__file__).with_name("templates")
"""gongbao's own templates; a site's override folders are searched first."""


def _md(value: object) -> Markup:
    """Inline Markdown text (a heading): HTML entities and Markdown syntax escaped."""
    return Markup(md_escape(str(value)))


class Templates:
    """The template environment of one site."""

    def __init__(self, override_dirs: Sequence[Path] = ()) -> None:
        search = [str(d) for d in override_dirs if d.is_dir()] + [str(DEFAULT_DIR)]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = _md

    def render(self, name: str, /, **context: Any) -> str:
        """Render ``gongbao/<name>`` with ``context``."""
        return self.env.get_template(f"gongbao/{name}").render(**context)
