"""The whoosh index schema: the jieba analyzer, the fields, and a record as a whoosh document.

:class:`JiebaTokenizer` and :class:`JiebaText` are pickled into every index by import path
(``gongbao.core.search.whoosh.schema``): moving or renaming them means bumping
:data:`~gongbao.core.search.whoosh.build.FORMAT_VERSION`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from gongbao.core.model.docnumber import canonical_doc_number, doc_number_key
from gongbao.core.search.analysis import gram_positions, index_positions, segment
from gongbao.core.search.pairs import pair_keys
from gongbao.core.search.records import SearchRecord, split_values
from gongbao.core.search.whoosh.codec import ArrayPositions

__all__ = ["GramText", "GramTokenizer", "JiebaText", "JiebaTokenizer", "document", "make_schema"]


class JiebaTokenizer(Tokenizer):
    """whoosh adapter for :func:`gongbao.core.search.analysis.segment`.

    whoosh pickles the analyzer into the index; this class is found again by its import path
    (``gongbao.core.search.whoosh.schema.JiebaTokenizer``) — do not move or rename it without
    bumping the index format. Its pickled state is the full user dictionary, so a reopened index segments
    queries exactly as it segmented its documents.
    """

    def __init__(self, terms: tuple[str, ...] = (), hmm: bool = True) -> None:
        self.terms = tuple(terms)
        self.hmm = hmm

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.terms, self.hmm))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        # Everything but an explicit query expands sub-words (index, highlighting).
        for tok in segment(value, self.terms, index=mode != "query", hmm=self.hmm):
            if tok.stopped and removestops:
                continue  # dropped, but positions are NOT renumbered: phrases stay aligned
            t.text, t.boost, t.stopped = tok.text, 1.0, tok.stopped
            if keeporiginal:
                t.original = tok.text
            if positions:
                t.pos = start_pos + tok.pos
            if chars:
                t.startchar, t.endchar = start_char + tok.start, start_char + tok.end
            yield t


class JiebaText(TEXT):
    """A ``TEXT`` field whose postings come straight from :func:`index_positions`.

    whoosh indexes a field by running the analyzer and collecting one token object per word;
    for the Chinese bodies of a large archive that bookkeeping cost as much as the whoosh
    writer itself. The words, frequencies and weights are what plain ``TEXT`` would write;
    positions are stored as :class:`ArrayPositions`. Pickled into the index by import path,
    like :class:`JiebaTokenizer`.
    """

    def __init__(self, *args: Any, field_boost: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, field_boost=field_boost, **kwargs)
        self.format = ArrayPositions(field_boost=field_boost)

    def index_positions(self, value: Any) -> dict[str, list[int]] | None:
        """Each word of ``value`` with its positions, what :meth:`index` writes (for
        :mod:`.writer`); ``None`` where the field analyses otherwise (whoosh's way)."""
        analyzer = self.analyzer
        fast = (
            isinstance(value, str)
            and type(analyzer) is JiebaTokenizer
            and analyzer.hmm
            and type(self.format) is ArrayPositions
        )
        return index_positions(value, analyzer.terms) if fast else None

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        grouped = None if kwargs else self.index_positions(value)
        if grouped is None:
            yield from super().index(value, **kwargs)
            return
        fmt = self.format
        boost = fmt.field_boost
        for word, positions in grouped.items():
            freq = len(positions)
            yield word.encode("utf-8"), freq, freq * boost, fmt.encode(positions)


class GramTokenizer(Tokenizer):
    """whoosh adapter for :func:`gongbao.core.search.analysis.gram_positions`: the character
    pairs of a text (exact phrases). Pickled into the index by import path."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pairs = (
            sorted((p, g) for g, ps in gram_positions(value).items() for p in ps)
            if tokenize
            else [(0, value)]
        )
        for pos, gram in pairs:
            t.text = t.original = gram
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos + pos
            if chars:  # a pair's place in the text is not kept: positions are what phrases use
                t.startchar, t.endchar = start_char, start_char
            yield t


class GramText(TEXT):
    """A ``TEXT`` field of character pairs (:func:`gram_positions`), positions as arrays.

    Not stored: the text is the title's or body's. Pickled into the index by import path.
    """

    def __init__(self, *, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=GramTokenizer(), field_boost=field_boost)
        self.format = ArrayPositions(field_boost=field_boost)

    def index_positions(self, value: Any) -> dict[str, list[int]] | None:
        """Each pair of ``value`` with its positions, what :meth:`index` writes; ``None``
        where the field analyses otherwise."""
        if not isinstance(value, str) or type(self.format) is not ArrayPositions:
            return None
        return gram_positions(value)

    def pair_keys(self, value: Any) -> npt.NDArray[np.int64] | None:
        """The same pairs as integer keys in position order (:func:`pair_keys`), for
        :mod:`.writer`; ``None`` where the field analyses otherwise."""
        if not isinstance(value, str) or type(self.format) is not ArrayPositions:
            return None
        return pair_keys(value)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        grouped = None if kwargs else self.index_positions(value)
        if grouped is None:
            yield from super().index(value, **kwargs)
            return
        fmt = self.format
        boost = fmt.field_boost
        for gram, positions in grouped.items():
            freq = len(positions)
            yield gram.encode("utf-8"), freq, freq * boost, fmt.encode(positions)


def make_schema(terms: tuple[str, ...]) -> Schema:
    """The index schema (see the module brief); ``terms`` is the jieba user dictionary."""
    analyzer = JiebaTokenizer(terms)
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        doc_number=ID(stored=True),
        doc_number_key=ID,
        issuer=KEYWORD(stored=True, commas=True, scorable=False),
        category=KEYWORD(stored=True, commas=True, scorable=False),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, stored=True, sortable=True),
        validity=ID(stored=True),
        url=STORED,
        title=JiebaText(analyzer=analyzer, stored=True, field_boost=2.0),
        body=JiebaText(analyzer=analyzer, stored=True),
        # Exact phrases (gongbao.core.search.query.exact): the character pairs of each.
        title_grams=GramText(field_boost=2.0),
        body_grams=GramText(),
        page=STORED,
        issue=STORED,
        content_hash=STORED,
    )


def document(record: SearchRecord) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "body": record.body,
        "title_grams": record.title,
        "body_grams": record.body,
        "url": record.url,
        "page": record.page,
        "issue": record.issue,
        "content_hash": record.content_hash(),
    }
    if record.doc_number:
        doc["doc_number"] = canonical_doc_number(record.doc_number)
        doc["doc_number_key"] = doc_number_key(record.doc_number)
    # Joint documents have several issuers; each is one keyword (and one facet value).
    if record.issuer:
        doc["issuer"] = ",".join(split_values(record.issuer))
    if record.category:
        doc["category"] = ",".join(split_values(record.category))
    if record.validity:
        doc["validity"] = record.validity
    if record.published is not None:
        doc["published"] = datetime.datetime.combine(record.published, datetime.time())
        doc["year"] = record.published.year
    return doc
