"""文号 mentioned in running text, resolved against the published documents."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import PolicyDocument

__all__ = ["MENTION_RE", "find_mentions", "mention_spans", "number_mentions", "resolve_mention"]

# 文号 as they appear in running text: 平政办发〔2023〕51号, 国办发[2018]115号, 海关总署令第265号,
# 海关总署公告2024年第10号. The prefix is kept short so a sentence is not swallowed into it.
MENTION_RE = re.compile(
    r"""
    [\u4e00-\u9fff]{1,10}?(?:
        [〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号    # 平政办发〔2023〕51号
      | 令\s*第\s*\d{1,5}\s*号                                       # 海关总署令第265号
      | 公告\s*\d{4}\s*年\s*第\s*\d{1,5}\s*号                         # 海关总署公告2024年第10号
    )
    """,
    re.VERBOSE,
)

# The same mentions found from their number (the bracketed year, 令第, 公告…年第) backwards: the
# regex above tries ten prefix lengths at every Chinese character of a page, this one only
# looks back where a number is (a body of 4,000 characters: 30 times faster).
_NUMBER_RE = re.compile(
    r"""
      [〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号
    | 令\s*第\s*\d{1,5}\s*号
    | 公告\s*\d{4}\s*年\s*第\s*\d{1,5}\s*号
    """,
    re.VERBOSE,
)
_PREFIX_MAX = 10


def mention_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every match of :data:`MENTION_RE` in ``text``, in order."""
    last = 0
    for match in _NUMBER_RE.finditer(text):
        number = match.start()
        start = number
        while (
            start > last
            and number - start < _PREFIX_MAX
            and "\u4e00" <= text[start - 1] <= "\u9fff"
        ):
            start -= 1
        if start < number:
            yield start, match.end()
            last = match.end()


def find_mentions(
    text: str, by_doc_number: Mapping[str, PolicyDocument], exclude: str = ""
) -> list[tuple[int, int, PolicyDocument]]:
    """``(start, end, document)`` for every published 文号 mentioned in ``text``.

    ``exclude`` is the id of the page's own document: a page does not link to itself.
    """
    found = []
    for begin, end in mention_spans(text):
        resolved = resolve_mention(text[begin:end], by_doc_number)
        if resolved is not None and resolved[1].id != exclude:
            found.append((begin + resolved[0], end, resolved[1]))
    return found


def resolve_mention(
    candidate: str, by_doc_number: Mapping[str, PolicyDocument]
) -> tuple[int, PolicyDocument] | None:
    """Where in a mention its 文号 starts and the document it names, if it names one.

    A mention may start a few characters early (…印发平政办发〔2023〕51号): the longest suffix
    that is a known 文号 wins.
    """
    for start in range(len(candidate)):
        doc = by_doc_number.get(doc_number_key(candidate[start:]))
        if doc is not None:
            return start, doc
    return None


def number_mentions(text: str) -> tuple[tuple[int, str], ...]:
    """``(line, text)`` of every 文号-like mention in ``text`` (line 0 is its first), resolved
    or not: read once when a source is loaded and cached with its record, so the citation
    rule runs on a warm check that reads no bodies."""
    if "号" not in text:
        return ()
    found = []
    line, counted = 0, 0
    for start, end in mention_spans(text):
        line += text.count("\n", counted, start)
        counted = start
        found.append((line, text[start:end]))
    return tuple(found)
