"""A cold build's whoosh segments, written term by term instead of posting by posting.

whoosh's writer puts every posting (one per word per document: some 800 for a short policy
with its character pairs) into a pool as a tuple, sorts all of them, and then feeds them one
at a time through three layers of Python calls into the posting blocks. On a cold build of a
400-document archive that was half of the index's time. :class:`GroupingWriter` keeps each
word's postings together as they arrive (documents, weights, and for the position fields the
positions themselves, in flat arrays), keeps a pair field's pairs as numpy keys
(:func:`~gongbao.core.search.pairs.pair_keys`, grouped by one stable sort when written),
sorts only the words, and writes each word's postings, blocks and term table row at once
(:func:`~.terms.write_terms`).

The segment is the one whoosh would write, byte for byte: the same stored fields, lengths,
columns and term table, the same blocks with the same statistics (tested against whoosh's own
writer). It is used only to create an index (nothing to merge, nothing to delete); updating
an index in place stays with whoosh's writer, which reads these segments like its own. When
the postings held pass the memory limit, the segment is finished and a new one begun, so a
large archive is written in a few segments instead of being held whole.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.writing import SegmentWriter

from gongbao.core.search.whoosh.codec import ArrayFieldWriter, ArrayPositions
from gongbao.core.search.whoosh.pair_postings import PAIR_BYTES, PairPostings
from gongbao.core.search.whoosh.terms import OnePosting, TermPostings, write_terms

__all__ = ["GroupingWriter", "can_group"]

#: What holding one more word costs (its entry and arrays), for the memory limit.
_TERM_BYTES = 400
#: What one more posting costs beyond its positions (document, weight, count).
_POSTING_BYTES = 12


class _Term:
    """One word's postings in the segment being written, in document order."""

    __slots__ = ("ids", "positions", "sizes", "values", "weights")

    def __init__(self, positional: bool) -> None:
        self.ids = array("I")
        self.weights = array("d")  # as added; the blocks keep 32-bit floats
        # Position fields keep the positions themselves (encoded only when written); other
        # fields keep each posting's encoded value.
        self.sizes: array[int] | None = array("I") if positional else None
        self.positions: array[int] | None = array("I") if positional else None
        self.values: list[bytes] | None = None if positional else []


def can_group(schema: Any) -> bool:
    """Whether every field of ``schema`` is one :class:`GroupingWriter` writes as whoosh
    would (no spelling words, no term vectors)."""
    return all(
        not field.separate_spelling() and not field.vector for _name, field in schema.items()
    )


class GroupingWriter(SegmentWriter):  # type: ignore[misc]  # whoosh has no type hints
    """whoosh's ``SegmentWriter`` for a new, empty index, postings grouped by word.

    Documents are added with :meth:`add_document` and the index written with :meth:`commit`,
    as with whoosh's writer; nothing else of its interface (deleting, updating, merging
    another reader) is supported.
    """

    def __init__(self, ix: Any, *, limitmb: int, codec: Any, lock: bool = True) -> None:
        # lock=False: a writer process beside the one holding the index's write lock.
        super().__init__(ix, limitmb=limitmb, codec=codec, _lk=lock)
        if self.segments:
            raise ValueError("GroupingWriter only creates an index")
        self._limit = limitmb * 1024 * 1024
        self._held = 0
        self._terms: dict[str, dict[bytes, _Term]] = {}
        self._pairs: dict[str, PairPostings] = {}
        self._written: list[Any] = []

    def _not_here(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("GroupingWriter only adds documents to a new index")

    # Not for a new index: whoosh's versions would use the pool this writer never flushes.
    update_document = delete_document = delete_by_term = delete_by_query = _not_here
    add_reader = add_field = remove_field = _not_here

    # -- documents ------------------------------------------------------------------------
    def add_document(self, **fields: Any) -> None:
        """Add one document (the same fields, boosts and stored values as whoosh's)."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = self._index(fieldname, field, value, docnum, boost)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(
                    fieldname, field, customval if field.stored else None, length
                )
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if self._held > self._limit:
            self._next_segment()

    def _index(self, fieldname: str, field: Any, value: Any, docnum: int, boost: float) -> int:
        """Hold the field's postings; return its length (what whoosh stores for scoring)."""
        keys_of = getattr(field, "pair_keys", None)
        keys = keys_of(value) if keys_of is not None else None
        if keys is not None:  # character pairs: kept as arrays, grouped when written
            pairs = self._pairs.get(fieldname)
            if pairs is None:
                pairs = self._pairs[fieldname] = PairPostings()
            pairs.add(docnum, keys, boost)
            self._held += PAIR_BYTES * len(keys)
            return len(keys) if field.scorable else 0
        terms = self._terms.setdefault(fieldname, {})
        scorable = field.scorable
        length = 0
        held = 0
        positions_of = getattr(field, "index_positions", None)
        grouped = positions_of(value) if positions_of is not None else None
        if grouped is not None:
            fboost = field.format.field_boost
            for word, positions in grouped.items():
                tbytes = word.encode("utf-8")
                term = terms.get(tbytes)
                if term is None:
                    term = terms[tbytes] = _Term(True)
                    held += _TERM_BYTES
                freq = len(positions)
                weight = freq * fboost  # what the field's index() yields, then whoosh's boost
                weight *= boost
                if scorable:
                    length += freq
                term.ids.append(docnum)
                term.weights.append(weight)
                term.sizes.append(freq)  # type: ignore[union-attr]
                term.positions.extend(positions)  # type: ignore[union-attr]
                held += _POSTING_BYTES + 4 * freq
        else:
            for tbytes, freq, weight, vbytes in field.index(value):
                term = terms.get(tbytes)
                if term is None:
                    term = terms[tbytes] = _Term(False)
                    held += _TERM_BYTES
                weight *= boost
                if scorable:
                    length += freq
                term.ids.append(docnum)
                term.weights.append(weight)
                term.values.append(vbytes)  # type: ignore[union-attr]
                held += _POSTING_BYTES + len(vbytes or b"")
        self._held += held
        return length

    # -- segments -------------------------------------------------------------------------
    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        fieldwriter = self.fieldwriter
        if not isinstance(fieldwriter, ArrayFieldWriter):
            raise TypeError("GroupingWriter writes ArrayCodec segments only")
        table = _LengthTable(lengths)
        for fieldname in sorted(self._terms.keys() | self._pairs.keys()):
            field = self.schema[fieldname]
            if fieldname in self._pairs:
                fieldwriter.start_field(fieldname, field)
                self._pairs[fieldname].write(fieldwriter, field, table.array(fieldname))
                fieldwriter.finish_field()
                continue
            terms = self._terms[fieldname]
            if not terms:
                continue
            fieldwriter.start_field(fieldname, field)
            field_lengths = table.of(fieldname)
            write_terms(fieldwriter, _word_terms(terms, field_lengths))
            fieldwriter.finish_field()
        fieldwriter.close()
        if lengths is not None:
            lengths.close()
        self._terms = {}
        self._pairs = {}
        self._held = 0

    def _next_segment(self) -> None:
        """Finish the segment being written and start a new one (the memory limit)."""
        self._written.append(self._finalize_segment())
        self.newsegment = segment = self.codec.new_segment(self.storage, self.indexname)
        self.compound = segment.should_assemble()
        self.perdocwriter = self.codec.per_document_writer(self.storage, segment)
        self.fieldwriter = self.codec.field_writer(self.storage, segment)
        self.docnum = self.docbase = 0
        self._added = False

    def finish_segments(self) -> list[Any]:
        """Write the last segment; every segment written (for :meth:`commit_segments`, in
        this process or the one holding the lock)."""
        self._check_state()
        segments = list(self._written)
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._written = []
        self._added = False
        return segments

    def commit_segments(self, segments: list[Any]) -> None:
        """Make ``segments`` the index (its table of contents) and release the lock."""
        self._commit_toc(segments)
        self._finish()

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        """Write the last segment and the index's table of contents."""
        self.commit_segments(self.finish_segments())


def _word_terms(
    terms: dict[bytes, _Term], field_lengths: Callable[[int], int]
) -> Iterator[TermPostings | OnePosting]:
    """A field's words in byte order for :func:`~.terms.write_terms`; a position field's word
    found in one document as that one posting."""
    for tbytes, t in sorted(terms.items()):
        ids = t.ids
        if len(ids) == 1 and t.positions is not None:
            doc = ids[0]
            value = ArrayPositions.encode_many(t.positions)
            yield tbytes, doc, t.weights[0], value, field_lengths(doc)
        else:
            yield tbytes, ids, t.weights, _values(t), [field_lengths(d) for d in ids]


def _values(term: _Term) -> tuple[array[int], bytes] | list[bytes]:
    """A word's posting values: ``(sizes, concatenated bytes)`` for a position field (the
    positions as :class:`ArrayPositions` encodes them), else each posting's value."""
    if term.positions is None:
        assert term.values is not None
        return [v or b"" for v in term.values]
    assert term.sizes is not None
    # A posting with k positions has a value of 4k bytes.
    sizes = array("I", (4 * n for n in term.sizes))
    return sizes, ArrayPositions.encode_many(term.positions)


class _LengthTable:
    """Each document's stored field length, read once per field (as the codec's writer)."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths

    def _read(self, fieldname: str) -> list[int]:
        read = self._lengths.doc_field_length
        return [read(d, fieldname) for d in range(self._lengths.doc_count_all())]

    def of(self, fieldname: str) -> Any:
        if self._lengths is None:
            return lambda _docnum: 0
        return self._read(fieldname).__getitem__

    def array(self, fieldname: str) -> npt.NDArray[np.int64] | None:
        """The lengths as an array indexed by document, or None (no lengths kept)."""
        if self._lengths is None:
            return None
        # A document without the field reads as None (falsy, as 0 is to the block writer).
        return np.array([n or 0 for n in self._read(fieldname)], dtype=np.int64)
