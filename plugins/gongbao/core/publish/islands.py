"""Raw HTML blocks of a generated page, set aside while the SSG converts its Markdown.

A generated page is Markdown whose larger half is HTML from gongbao's templates (the 文件信息
table, the 相关解读 and 被引用 panels, the timeline, archive tables). Python-Markdown passes a
raw HTML block through unchanged, but only after running an HTML parser over it, and MkDocs
runs a second one to collect its anchors: on a 400-document archive the two parsers were a
sixth of the rendering. :func:`set_aside` takes out the blocks that Markdown would pass
through anyway and leaves a placeholder paragraph in their place; :func:`put_back` puts them
back into the converted HTML. The page is the same, byte for byte (tested on whole sites).

A block is set aside only where the result cannot differ: it stands between blank lines, it
starts at the beginning of a line with a block-level tag, that element closes exactly at the
block's end, it is outside fenced code, and it asks for no Markdown inside
(``markdown="1"``). Everything else is left to the Markdown parser.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SetAside", "anchor_ids", "put_back", "set_aside"]

#: Block-level elements gongbao's templates start blocks with (all of them block-level for
#: Python-Markdown too).
_BLOCK_TAGS = (
    "article|aside|blockquote|details|div|dl|figure|footer|form|h[1-6]|header|nav|ol|p|"
    "section|table|ul|video"
)
_START = re.compile(rf"<({_BLOCK_TAGS})(?=[\s>/])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_ANCHOR = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)="([^"]+)\"""")


@dataclass(frozen=True)
class SetAside:
    """A page's Markdown with placeholders, and the blocks they stand for."""

    markdown: str
    blocks: tuple[str, ...]
    token: str
    """The placeholders' prefix: ``{token}{i}x`` stands for ``blocks[i]``."""


def _closes_at_end(block: str, tag: str) -> bool:
    """Whether the element ``block`` opens with is closed by the block's very last characters
    (and not before: text after it would be Markdown again)."""
    if not block.endswith(f"</{tag}>"):
        return False
    depth = 0
    pattern = re.compile(rf"<(/?){tag}(?=[\s>/])")
    for match in pattern.finditer(block):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start() == len(block) - len(tag) - 3
    return False


def _eligible(block: str) -> bool:
    start = _START.match(block)
    if start is None or "markdown=" in block:
        return False
    return _closes_at_end(block, start.group(1))


def set_aside(markdown: str, token: str | None = None) -> SetAside:
    """Take the raw HTML blocks Markdown would pass through out of ``markdown``.

    Blocks are the text between blank lines; inside a fenced code block nothing is taken.
    ``token`` defaults to a random one, which no page contains.
    """
    token = token or f"gbisland{secrets.token_hex(6)}n"
    if token in markdown:
        return SetAside(markdown, (), token)
    blocks: list[str] = []
    out: list[str] = []
    in_fence = False
    for part in markdown.split("\n\n"):
        fences = len(_FENCE.findall(part))
        if not in_fence and fences == 0 and _eligible(part):
            out.append(f"{token}{len(blocks)}x")
            blocks.append(part)
        else:
            out.append(part)
        if fences % 2:
            in_fence = not in_fence
    if not blocks:
        return SetAside(markdown, (), token)
    return SetAside("\n\n".join(out), tuple(blocks), token)


def put_back(html: str, aside: SetAside) -> str:
    """The converted page with its blocks back where their placeholders are (a
    postprocessor's step: Markdown strips the page's ends afterwards).

    Raises:
        ValueError: a placeholder is missing from ``html`` (a Markdown extension changed it):
            the page would lose a block.
    """
    if not aside.blocks:
        return html
    for i, block in enumerate(aside.blocks):
        placeholder = f"{aside.token}{i}x"
        paragraph = f"<p>{placeholder}</p>"
        if paragraph in html:
            # Python-Markdown keeps the blank line after a raw block as one newline.
            html = html.replace(paragraph, block + "\n", 1)
        elif placeholder in html:  # inside an editor's unclosed raw block: passed as text
            html = html.replace(placeholder, block, 1)
        else:
            raise ValueError(f"placeholder {placeholder} of a raw HTML block is missing")
    return html


def anchor_ids(blocks: Sequence[str]) -> set[str]:
    """The ``id`` (and ``<a name>``) values in ``blocks``: anchors links may point to."""
    return {m.group(1) for block in blocks for m in _ANCHOR.finditer(block)}
