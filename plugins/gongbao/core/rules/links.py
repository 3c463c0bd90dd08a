"""Links editors write: to files and anchors of the site, and to records by 文号 or id.

A relative target is resolved from the page's place in the site's source tree
(``policies/2023/a.md`` links ``../../interpretations/2023/a-jd.md``) and must be a page or a
file the site publishes; an anchor (``#第三条``) must be one the target page has. Generated
archive pages (``archive_dir``) and links leaving the source tree are not checked here.
``[标题](@平政办发〔2023〕51号)`` and ``[标题](@id)`` name a published record and are
replaced by its address when pages are made (:func:`ref_src_uri`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.links import (
    LINK_ANCHOR,
    LINK_BROKEN,
    LINK_UNRESOLVED,
    LINK_WITHHELD,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.scan.links import REF_PREFIX

__all__ = ["LinkSource", "broken_links", "ref_src_uri"]

_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Anchors of gongbao's own record-page panels (templates/gongbao/_macros.html and friends).
_PAGE_ANCHOR_PREFIX = "gb-"


@dataclass(frozen=True)
class LinkSource:
    """One page's links: where they are written, and where the page sits in the site."""

    path: str
    src_uri: str
    first_line: int
    links: tuple[tuple[int, str], ...]


def ref_src_uri(corpus: Corpus, ref: str) -> str | None:
    """The ``src_uri`` of the record ``ref`` (a 文号 in any spelling, or an id) names."""
    doc = corpus.resolve(ref)
    if doc is not None:
        return doc.src_uri
    key = ref.strip()
    for interp in corpus.interpretations:
        if interp.id == key:
            return interp.src_uri
    for issue in corpus.issues:
        if issue.id == key:
            return issue.src_uri
    consultation = corpus.consultation(key)
    return consultation.src_uri if consultation is not None else None


def _site_uri(path: str, settings: Settings) -> str:
    content = settings.content_dir + "/"
    return path[len(content) :] if path.startswith(content) else path


def _targets(
    published: Corpus, pages: dict[str, frozenset[str]], settings: Settings
) -> dict[str, frozenset[str] | None]:
    """Every src_uri a link may reach: pages with their anchors, files with None."""
    targets: dict[str, frozenset[str] | None] = {
        _site_uri(path, settings): None for path in published.files
    }
    for record in published:
        targets[record.src_uri] = record.anchors
    targets.update(pages)
    return targets


def _split(target: str) -> tuple[str, str]:
    path, _, anchor = unquote(target).partition("#")
    return path.partition("?")[0], anchor


def _check_ref(
    source: LinkSource,
    line: int,
    target: str,
    published: Corpus,
    targets: dict[str, frozenset[str] | None],
) -> Finding | None:
    ref, anchor = _split(target[len(REF_PREFIX) :])
    resolved = ref_src_uri(published, ref)
    if resolved is not None:
        return _check_anchor(source, line, target, anchor, resolved, targets.get(resolved))
    return LINK_UNRESOLVED(
        source.path,
        source.first_line + line - 1,
        f"链接目标 {target} 找不到对应的已发布政策文件、解读或公报（按文号和 id 均未找到）。",
        "核对文号或 id 是否与目标文件头信息中的 doc_number（文号）或 id 一致；"
        "目标若不公开或尚未发布，删除该链接。",
    )


def _check_one(
    source: LinkSource,
    line: int,
    target: str,
    targets: dict[str, frozenset[str] | None],
    withheld: frozenset[str],
    settings: Settings,
) -> Finding | None:
    path, anchor = _split(target)
    where = source.first_line + line - 1
    if not path:  # "#anchor" on the page itself
        resolved = source.src_uri
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source.src_uri), path))
        if resolved.startswith(("../", settings.archive_dir + "/")) or resolved == "..":
            return None  # outside the sources, or a generated archive page
        if not path.endswith(".md") and "." not in posixpath.basename(path):
            return None  # a folder or a page address MkDocs resolves itself
    if resolved in withheld:
        return LINK_WITHHELD(
            source.path,
            where,
            f"链接 {target} 指向的 {resolved} 不在网站上发布（非主动公开，或尚未到发布日期）。",
            "删除该链接，或等目标文件发布后再加上。",
        )
    if resolved.endswith(".html") and resolved not in targets:
        resolved = resolved.removesuffix(".html") + ".md"  # the page's address, not its source
    if resolved not in targets:
        return LINK_BROKEN(
            source.path,
            where,
            f"链接 {target} 指向的文件不存在（按本文件的位置解析为 {resolved}）。",
            "核对路径和文件名（区分大小写）；链接政策文件、解读或公报可写 [标题](@文号) 或 [标题](@id)。",
        )
    return _check_anchor(source, line, target, anchor, resolved, targets[resolved])


def _check_anchor(
    source: LinkSource,
    line: int,
    target: str,
    anchor: str,
    resolved: str,
    anchors: frozenset[str] | None,
) -> Finding | None:
    if not anchor or anchors is None or anchor in anchors:
        return None
    if anchor.startswith(_PAGE_ANCHOR_PREFIX):
        return None  # a panel of gongbao's record page
    shown = "、".join(sorted(anchors)[:5]) or "无"
    return LINK_ANCHOR(
        source.path,
        source.first_line + line - 1,
        f"链接 {target} 的锚点 #{anchor} 在 {resolved} 中不存在（现有锚点：{shown}）。",
        "改成现有标题的锚点，或在目标标题后用 {#锚点} 固定它。",
    )


def broken_links(
    corpus: Corpus,
    published: Corpus,
    sources: Iterable[LinkSource],
    page_anchors: dict[str, frozenset[str]],
    settings: Settings,
) -> Iterator[Finding]:
    """Links of ``sources`` to files or anchors the site does not have, and ``@`` links to
    records it does not publish. ``page_anchors``: the ordinary pages' anchors by src_uri."""
    targets = _targets(published, page_anchors, settings)
    withheld = frozenset(r.src_uri for r in corpus if r.src_uri not in targets)
    for source in sources:
        for line, target in source.links:
            if target.startswith(REF_PREFIX):
                finding = _check_ref(source, line, target, published, targets)
            elif _SCHEME_RE.match(target) or target.startswith(("/", "\\")):
                continue  # another site, mail, or an absolute address
            else:
                finding = _check_one(source, line, target, targets, withheld, settings)
            if finding is not None:
                yield finding
