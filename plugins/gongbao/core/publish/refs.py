"""``[标题](@平政办发〔2023〕51号)`` and ``[标题](@id)``: links to records by 文号 or id.

Editors name what they link to, not where its page happens to live; pages are made with the
target's ``.md`` source path in place of the reference (MkDocs turns it into the page's URL
and checks it). A reference the site does not publish is an error of the gate
(``link.unresolved``, :mod:`gongbao.core.rules.links`); one left unresolved here stays as
written. Code is left alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from gongbao.core.scan.code import mask_code
from gongbao.core.scan.links import REF_PREFIX

__all__ = ["resolve_refs"]

_REF_RE = re.compile(r"\]\([ \t]*(<?)" + re.escape(REF_PREFIX) + r"([^\s()<>#]+)(#[^\s()<>]*)?(>?)")


def resolve_refs(markdown: str, src_uri: str, lookup: Callable[[str], str | None]) -> str:
    """``markdown`` (a page at ``src_uri``) with every ``@`` target ``lookup`` knows replaced
    by the relative ``.md`` path of its page."""
    if "](" + REF_PREFIX not in markdown and "](<" + REF_PREFIX not in markdown:
        return markdown
    masked = mask_code(markdown)
    here = posixpath.dirname(src_uri) or "."
    pieces: list[str] = []
    last = 0
    for match in _REF_RE.finditer(masked):
        target = lookup(match.group(2))
        if target is None:
            continue
        start, end = match.span()
        pieces.append(markdown[last:start])
        pieces.append(f"]({posixpath.relpath(target, here)}{match.group(3) or ''}")
        last = end
    pieces.append(markdown[last:])
    return "".join(pieces)
