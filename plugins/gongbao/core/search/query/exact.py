"""Exact phrases: a quoted phrase is a substring of the normalised title or body.

The words of the index come from jieba, which cuts 专项附加扣除 as one word (its sub-words
专项, 附加, 扣除 at the same position), so a phrase of words cannot find 专项附加 inside it.
Every title and body is therefore also indexed as character pairs (``title_grams``,
``body_grams``; :func:`~gongbao.core.search.analysis.gram_positions`): a phrase is its pairs
at consecutive positions, found exactly where the text contains it and never across
punctuation, in both engines by their own phrase queries.
"""

from __future__ import annotations

import re

from gongbao.core.search.analysis import GRAM_SUFFIX, phrase_grams
from gongbao.core.search.query.tree import Node, Or, Phrase, normalize
from gongbao.core.textnorm import normalize_text

__all__ = ["PHRASE_TIER", "exact_phrase", "is_gram_field", "whole_query_phrase"]

#: What containing the whole of an unquoted query as a phrase adds to a record's score: more
#: than any text score reaches, so those records rank first (and among them by relevance).
#: Less than a 文号 match, which puts the document itself before everything.
PHRASE_TIER = 10_000.0

_OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT|ANDNOT|ANDMAYBE|REQUIRE)(?:\s|$)")
_SYNTAX = re.compile(r'["():]')


def is_gram_field(name: str) -> bool:
    """Whether ``name`` is a field of character pairs (``body_grams``)."""
    return name.endswith(GRAM_SUFFIX)


def exact_phrase(text: str, field: str, slop: int = 1) -> Node | None:
    """A phrase typed without ``~N`` and without spaces inside: an exact substring of ``field``
    (``title`` or ``body``), as a phrase of its character pairs. ``None`` for what stays a
    phrase of words: a phrase with spaces or a slop, or of a single character."""
    if slop != 1 or re.search(r"\s", text):
        return None
    grams = phrase_grams(normalize_text(text))
    if not grams:
        return None
    return normalize(Phrase(field + GRAM_SUFFIX, grams))


def whole_query_phrase(prepared_text: str) -> Node | None:
    """For a plain query (words only: no quotes, fields, parentheses or operators), the whole
    of it as an exact phrase of title or body; ``None`` otherwise.

    The spaces between Chinese words are dropped as the text's are (``行政 复议`` is the
    phrase 行政复议). Records containing it rank first (:data:`PHRASE_TIER`); they are found
    even where the segmenter cut the words otherwise.
    """
    if not prepared_text or _SYNTAX.search(prepared_text) or _OPERATOR.search(prepared_text):
        return None
    text = normalize_text(prepared_text)
    grams = phrase_grams(text)
    if not grams or " " in text:
        # Latin words with spaces between stay words: a space is no Chinese phrase.
        return None
    return normalize(Or(tuple(Phrase(f + GRAM_SUFFIX, grams) for f in ("title", "body"))))
