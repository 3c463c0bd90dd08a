"""Each 解读形式 in its own presentation: what the interpretation page shows besides its text.

* 视频解读 / 动漫解读 with a ``video``: the browser's own ``<video>`` player, its ``poster``
  and a ``<track>`` of ``captions`` (no third-party player, no embed);
* 图文解读: its ``images`` in order, each a numbered figure;
* 政策问答: each question an entry with its own anchor (``#q1``, ``#q2``…) a reader can link
  to, its answer below it. A question is a paragraph beginning with 问： (after an optional
  number: ``1.``, ``一、``, ``（一）``) or a heading ending in a question mark;
* 新闻发布会 / 在线访谈: the transcript, each turn's speaker (``主持人：``, ``【主持人】``) set
  apart;
* every other form: the text as written.

The template of each form is ``gongbao/interpretation_<kind>.html`` (overridable by a site).
The editor's Markdown stays Markdown (rendered by the SSG); only question texts and media
URLs are values the templates escape.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from gongbao.core.model.records import Interpretation, InterpretationForm
from gongbao.core.publish.pages import Linker

__all__ = ["form_view", "questions", "transcript"]

Body = Callable[[str], str]
"""Turns a piece of the editor's Markdown into the page's (links resolved, 文号 linked)."""

_VIDEO_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
}
_NUMBER = r"(?:[（(]?[0-9０-９一二三四五六七八九十百]+[)）]?[、.．]?\s*)?"
_QUESTION_RE = re.compile(
    rf"^(?:#{{2,4}}\s+)?(?:\*\*)?{_NUMBER}(?:问|Q|q)\s*\d*\s*[:：]\s*(?:\*\*)?\s*(?P<text>.+?)(?:\*\*)?\s*$"
)
_HEADING_QUESTION_RE = re.compile(rf"^#{{2,4}}\s+{_NUMBER}(?P<text>.+[？?])\s*#*\s*$")
_SPEAKER_RE = re.compile(
    r"^(?:\*\*)?(?:【(?P<bracketed>[^】\n]{1,20})】|(?P<plain>[\u4e00-\u9fffA-Za-z·（）()]{1,20}?)[:：])"
    r"(?:\*\*)?\s*"
)


def _src(interp: Interpretation, value: str) -> str:
    """The site path of a file an interpretation names, relative to its page's source."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(interp.src_uri), value))


def questions(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first question, and each question with the Markdown answering it."""
    intro: list[str] = []
    entries: list[tuple[str, list[str]]] = []
    for line in markdown.split("\n"):
        match = _QUESTION_RE.match(line) or _HEADING_QUESTION_RE.match(line)
        if match:
            entries.append((match.group("text").strip(), []))
        elif entries:
            entries[-1][1].append(line)
        else:
            intro.append(line)
    return "\n".join(intro), [(q, "\n".join(a).strip("\n")) for q, a in entries]


def transcript(markdown: str) -> str:
    """The Markdown with each paragraph's leading speaker in bold (``**主持人：**``)."""
    out = []
    starts = True  # at the start of a paragraph
    for line in markdown.split("\n"):
        match = _SPEAKER_RE.match(line) if starts and line.strip() else None
        if match:
            speaker = match.group("bracketed") or match.group("plain")
            line = f"**{speaker}：**{line[match.end() :]}"
        out.append(line)
        starts = not line.strip()
    return "\n".join(out)


def _video(interp: Interpretation, link: Linker) -> dict[str, Any] | None:
    if not interp.video:
        return None
    src = _src(interp, interp.video)
    suffix = posixpath.splitext(src)[1].lower()
    return {
        "src": link.href_file(src),
        "type": _VIDEO_TYPES.get(suffix, ""),
        "poster": link.href_file(_src(interp, interp.poster)) if interp.poster else "",
        "captions": link.href_file(_src(interp, interp.captions)) if interp.captions else "",
    }


def _images(interp: Interpretation, link: Linker) -> list[dict[str, Any]]:
    return [
        {"src": link.href_file(_src(interp, value)), "number": n, "alt": f"{interp.title}（图{n}）"}
        for n, value in enumerate(interp.images, 1)
    ]


_KINDS = {
    InterpretationForm.VIDEO: "video",
    InterpretationForm.ANIMATION: "video",
    InterpretationForm.ILLUSTRATED: "images",
    InterpretationForm.QA: "qa",
    InterpretationForm.PRESS_CONFERENCE: "transcript",
    InterpretationForm.INTERVIEW: "transcript",
}


def form_view(interp: Interpretation, markdown: str, body: Body, link: Linker) -> dict[str, Any]:
    """The form's template and what it shows; ``markdown`` is the body without a repeated
    title, ``body`` makes a piece of it the page's Markdown."""
    kind = _KINDS.get(interp.form, "text")
    view: dict[str, Any] = {"kind": kind, "template": f"gongbao/interpretation_{kind}.html"}
    if kind == "video":
        view["video"] = _video(interp, link)
    if kind == "images":
        view["images"] = _images(interp, link)
    if kind == "qa":
        intro, entries = questions(markdown)
        view["intro"] = Markup(body(intro)) if intro.strip() else ""
        view["questions"] = [
            {"id": f"q{n}", "number": n, "question": q, "answer": Markup(body(a))}
            for n, (q, a) in enumerate(entries, 1)
        ]
        if not entries:  # no question found: the text as written
            view["kind"], view["template"] = "text", "gongbao/interpretation_text.html"
    text = transcript(markdown) if kind == "transcript" else markdown
    view["body"] = Markup(body(text))
    return view
