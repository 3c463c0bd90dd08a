"""The editor's Markdown body as a page shows it: a repeated title dropped, ``@`` links, 文号
and 《titles》 of published documents linked.

Only Markdown is touched here (links to ``.md`` sources that MkDocs checks), never HTML; code,
existing links, autolinks and tags are left as they are.
"""

from __future__ import annotations

import re
from functools import partial

from gongbao.core.graph import LinkGraph, find_citations
from gongbao.core.model.corpus import Corpus
from gongbao.core.publish.pages import Linker
from gongbao.core.publish.refs import resolve_refs
from gongbao.core.rules.links import ref_src_uri

__all__ = ["link_mentions", "page_body", "strip_title"]

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Spans where a 文号 must not become a link: code, existing links/images, autolinks, HTML tags.
_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>\n]*>")


def strip_title(body: str, title: str) -> str:
    """The body without a first heading that repeats the page's title."""
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# ") and first[2:].strip().strip("#").strip() == title.strip():
        return rest
    return body


def _link_span(text: str, graph: LinkGraph, link: Linker, own_id: str) -> str:
    mentions = find_citations(text, graph.by_doc_number, graph.by_title, exclude=own_id)
    if not mentions:
        return text
    out = []
    last = 0
    for start, end, doc in mentions:
        label = text[start:end].replace("[", "\\[").replace("]", "\\]")
        out.append(text[last:start])
        out.append(f"[{label}]({link.md_link(doc.src_uri)})")
        last = end
    out.append(text[last:])
    return "".join(out)


def link_mentions(body: str, graph: LinkGraph, link: Linker, own_id: str) -> str:
    """Turn 文号 and 《titles》 cited in body text into links to the documents' pages."""
    if not graph.by_doc_number and not graph.by_title:
        return body
    out = []
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        # A line with no 号 and no 《 cites nothing (most lines of a page).
        if in_fence or line.startswith(("    ", "\t")) or ("号" not in line and "《" not in line):
            out.append(line)
            continue
        pieces = []
        last = 0
        for protected in _PROTECTED.finditer(line):
            pieces.append(_link_span(line[last : protected.start()], graph, link, own_id))
            pieces.append(protected.group(0))
            last = protected.end()
        pieces.append(_link_span(line[last:], graph, link, own_id))
        out.append("".join(pieces))
    return "\n".join(out)


def page_body(
    body: str, title: str, graph: LinkGraph, link: Linker, own_id: str, published: Corpus
) -> str:
    """The body of a record's page: without a first heading that repeats the title, ``@``
    links resolved, 文号 and 《titles》 linked (not to ``own_id``, the page's own document), ending in one
    newline."""
    body = resolve_refs(strip_title(body, title), link.src_uri, partial(ref_src_uri, published))
    return link_mentions(body, graph, link, own_id).strip("\n") + "\n"
