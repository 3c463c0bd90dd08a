"""Interpretation rules: rounds follow their dates, and the media a form shows are there.

A document's interpretations are grouped once (O(N)); within a document, each round must be
published no earlier than every lower round. The video, poster, captions and images an
interpretation names must be files of its source folder, published with the site (checked
against the corpus's file list, not the disk).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.citations import MEDIA_MISSING, ROUND_ORDER
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Interpretation

__all__ = ["interpretation_media", "media_path", "round_order"]


def round_order(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """A later round of a document's interpretations is not dated before an earlier one."""
    by_doc: dict[str, list[Interpretation]] = defaultdict(list)
    for interp in corpus.interpretations:
        seen: set[str] = set()
        for ref in interp.interprets:
            doc = corpus.resolve(ref)
            if doc is not None and doc.id not in seen:
                seen.add(doc.id)
                by_doc[doc.id].append(interp)
    reported: set[tuple[str, str]] = set()
    for doc in corpus.policies:
        rounds = sorted(by_doc.get(doc.id, ()), key=lambda i: (i.round, i.published, i.path))
        latest: Interpretation | None = None  # the latest-dated one of the lower rounds
        for number, interp in enumerate(rounds):
            if number and rounds[number - 1].round < interp.round:
                earlier = rounds[number - 1]
                if latest is None or earlier.published > latest.published:
                    latest = earlier
            if latest is None or interp.published >= latest.published:
                continue
            if (interp.path, latest.path) in reported:
                continue  # one pair, reported once even when it interprets several documents
            reported.add((interp.path, latest.path))
            yield ROUND_ORDER(
                interp.path,
                interp.line_of("round") or interp.line_of("published"),
                f"第{interp.round}轮解读（{interp.published.isoformat()}）早于同一文件"
                f"{doc.label}的第{latest.round}轮解读 {latest.path}"
                f"（{latest.published.isoformat()}）。",
                "核对两份解读的 round（解读轮次）和 published（发布日期）：轮次应按发布先后编号。",
            )


_MEDIA = (("video", "视频"), ("poster", "封面"), ("captions", "字幕"))
_EXAMPLES = {
    "video": "解读视频.mp4",
    "poster": "封面.jpg",
    "captions": "字幕.vtt",
    "images": "[图1.png]",
}


def media_path(interp: Interpretation, value: str) -> str:
    """The project-relative path of a file an interpretation names, relative to its file."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(interp.path), value))


def _named(interp: Interpretation) -> Iterator[tuple[str, str, str]]:
    for name, label in _MEDIA:
        value = getattr(interp, name)
        if value:
            yield name, label, value
    for position, value in enumerate(interp.images, 1):
        yield "images", f"第 {position} 张图片", value


def interpretation_media(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every video, poster, captions file and image an interpretation names is a file of the
    interpretations folder."""
    files = frozenset(corpus.files)
    folder = settings.interpretations_dir.rstrip("/") + "/"
    for interp in corpus.interpretations:
        for name, label, value in _named(interp):
            path = media_path(interp, value)
            if path.startswith(folder) and path in files:
                continue
            why = "不在 " + folder + " 中" if not path.startswith(folder) else "文件不存在"
            yield MEDIA_MISSING(
                interp.path,
                interp.line_of(name),
                f"{name}（{label}）{value!r}：{why}（按本文件所在目录解析为 {path}）。",
                f"把文件放在解读同目录（或其子目录）中，写相对路径，如 {name}: {_EXAMPLES[name]}。",
            )
