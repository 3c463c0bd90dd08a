"""Citations in running text: 文号 in any common spelling and 《titles》 of published documents.

A body cites a document by its 文号 (``平政办发〔2023〕51号``, ``国办发[2018]115号``,
``平政发（２０１９）第03号``…: :mod:`.mentions`) or by its exact title in 书名号. A title that
itself quotes a title is written with the inner 书名号 as 〈〉 (``《国务院关于修改〈……条例〉的
决定》``); editors also nest 《》 in 《》. Both spellings are one title here, and the front
matter's ``title: 国务院关于修改《……条例》的决定`` is the same title again. A title two
published documents share names neither: it is left unlinked.

Titles are indexed once per build (:func:`title_index`); finding the citations of a text is
one pass over it, so citing costs O(text), never O(documents × documents).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from gongbao.core.graph.mentions import find_mentions
from gongbao.core.model.records import PolicyDocument

__all__ = ["TITLE_RE", "find_citations", "find_titles", "title_index", "title_key"]

# 《…》 with one level of nesting inside, as 〈…〉 or as 《…》.
TITLE_RE = re.compile(r"《((?:[^《》〈〉\n]|〈[^《》〈〉\n]*〉|《[^《》〈〉\n]*》)+)》")
_INNER_RE = re.compile(r"[〈《]([^《》〈〉\n]+)[〉》]")
_SPACES_RE = re.compile(r"\s+")
_NESTED = str.maketrans({"〈": "《", "〉": "》"})


def title_key(title: str) -> str:
    """The matching key of a title: spaces dropped, inner 〈〉 read as 《》."""
    return _SPACES_RE.sub("", title).translate(_NESTED)


def title_index(documents: Iterable[PolicyDocument]) -> dict[str, PolicyDocument]:
    """Title key → document, for the titles exactly one of ``documents`` has."""
    found: dict[str, PolicyDocument | None] = {}
    for doc in documents:
        key = title_key(doc.title)
        # A shared title (two 关于做好……工作的通知) names no document in particular.
        found[key] = None if key in found else doc
    return {key: doc for key, doc in found.items() if doc is not None}


def find_titles(
    text: str, by_title: Mapping[str, PolicyDocument], exclude: str = ""
) -> list[tuple[int, int, PolicyDocument]]:
    """``(start, end, document)`` of every 《title》 of a published document in ``text``,
    书名号 included. When the whole title names nothing, a title quoted inside it may."""
    found: list[tuple[int, int, PolicyDocument]] = []
    if not by_title:
        return found
    for match in TITLE_RE.finditer(text):
        doc = by_title.get(title_key(match.group(1)))
        if doc is not None:
            if doc.id != exclude:
                found.append((match.start(), match.end(), doc))
            continue
        offset = match.start(1)
        for inner in _INNER_RE.finditer(match.group(1)):
            doc = by_title.get(title_key(inner.group(1)))
            if doc is not None and doc.id != exclude:
                found.append((offset + inner.start(), offset + inner.end(), doc))
    return found


def find_citations(
    text: str,
    by_doc_number: Mapping[str, PolicyDocument],
    by_title: Mapping[str, PolicyDocument],
    exclude: str = "",
) -> list[tuple[int, int, PolicyDocument]]:
    """Every cited published document in ``text``, by 文号 or by title, in text order and
    never overlapping (a 文号 inside a cited title is part of the title)."""
    titles = find_titles(text, by_title, exclude) if "《" in text else []
    numbers = find_mentions(text, by_doc_number, exclude) if "号" in text else []
    if not titles:
        return numbers
    spans = sorted([*titles, *numbers], key=lambda span: (span[0], -span[1]))
    out: list[tuple[int, int, PolicyDocument]] = []
    for span in spans:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out
