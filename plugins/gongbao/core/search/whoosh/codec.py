"""whoosh's W3 codec with posting blocks laid out as arrays (for :mod:`.bulk`).

whoosh writes each block of up to 128 postings as one zlib-compressed pickle of three tuples:
document numbers, weights and encoded values (positions, which whoosh encodes as pickled gaps;
here :class:`ArrayPositions`, plain 32-bit integers). Reading a common word of a
10,000-document archive meant unpickling some 60,000 small objects and inflating every
position even when only the documents were wanted: ≈ 25 ms a word before any matching.

:class:`ArrayCodec` keeps everything else of W3 (terms, columns, stored fields, block
headers with their skip statistics, inlined single postings) and writes a block's data as::

    head length (uint32) | zlib(ids uint32[n] + weights float32[n] + value lengths uint32[n])
                         | zlib(the values, concatenated)

all little-endian; a small block (:data:`COMPRESS_FROM`) keeps both parts uncompressed, and
says so with compression level 0 in its block info, as W3's own blocks do.
:class:`ArrayLeafMatcher` reads that layout for whoosh's own matchers
(the fallback path, merging segments) and, through :meth:`ArrayLeafMatcher.read_all`,
hands the bulk evaluator whole arrays: a word's documents and weights without inflating its
positions, and its positions as one array when a phrase asks for them. Segments remember
their codec (whoosh pickles it by import path), so an index may mix segments of both codecs.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pickle import dumps
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.formats import Positions
from whoosh.system import emptybytes, pack_int
from whoosh.util.numeric import length_to_byte

__all__ = [
    "COMPRESS_FROM",
    "ArrayCodec",
    "ArrayLeafMatcher",
    "ArrayPositions",
    "Blocks",
    "block_bytes",
]

_BIG_ENDIAN = sys.byteorder == "big"
if array("I").itemsize != 4:  # pragma: no cover - every platform Python supports today
    raise ImportError("gongbao's whoosh index needs 4-byte unsigned ints (array 'I')")
_HEAD = struct.Struct("<I")

#: Blocks whose head and values together are smaller than this (bytes) are stored as they
#: are: zlib would make them larger (its own header and checksum are 6 bytes), and calling
#: it costs more than the rest of writing the block. Most words of an archive occur in one
#: or two documents, so most blocks are this small.
COMPRESS_FROM = 128


def _le(values: array[Any]) -> bytes:
    """The array's bytes, little-endian."""
    if _BIG_ENDIAN:  # pragma: no cover - no big-endian CI machine
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_le(typecode: str, data: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(data)
    if _BIG_ENDIAN:  # pragma: no cover
        values.byteswap()
    return values


class ArrayPositions(Positions):
    """whoosh's ``Positions`` format, each posting's positions stored as an array.

    whoosh stores a count and the pickled gaps between positions, which can only be decoded
    one posting at a time in Python. Here a posting is its positions as little-endian 32-bit
    integers and nothing else (the count is the length): a word's positions in a whole block
    decode with one :func:`numpy.frombuffer`, which is what lets :mod:`.bulk` match a
    phrase over every candidate document at once; compressed in :class:`ArrayCodec` blocks,
    the index is a third smaller than whoosh's. whoosh's own matchers decode through the
    methods below, so they see the same positions. Pickled into the index by import path: do
    not move or rename without bumping the index format.
    """

    def encode(self, poslist: Iterable[int]) -> bytes:
        """The positions (ascending) as the posting's value."""
        return _le(array("I", poslist))

    @staticmethod
    def encode_many(positions: array[int]) -> bytes:
        """The values of several postings at once: their positions, concatenated in posting
        order, are the concatenation of their values (each is its positions)."""
        return _le(positions)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """The positions a value holds (what ``Positions`` returns for its own encoding)."""
        return _from_le("I", valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        """How many positions the value holds."""
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        """The frequency times the field's boost, as for ``Positions``."""
        boost: float = self.field_boost
        return self.decode_frequency(valuestring) * boost


class ArrayCodec(W3Codec):
    """W3 with array-shaped posting blocks (see the module brief). Pickled into each segment
    by import path: do not move or rename without bumping the index format."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        """Array blocks for document postings; term vectors (not used here) stay W3's."""
        if byteids:
            return super().postings_writer(dbfile, byteids=byteids)
        return ArrayPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=False,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage: Any, segment: Any) -> Any:
        """W3's field writer, reading each field's lengths once (see :class:`_Lengths`)."""
        return ArrayFieldWriter(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        """An :class:`ArrayLeafMatcher`, or whoosh's list matcher for inlined postings."""
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class _Lengths:
    """A segment's field lengths, read once per field instead of once per posting.

    whoosh's writer asks for the length of the posting's field in its document for every
    posting it writes (for the block's length bounds): a column read each time, about a sixth
    of a build. The lengths are the same; only the reads are fewer.
    """

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        table = self._fields.get(fieldname)
        if table is None:
            read = self._lengths.doc_field_length
            count = self._lengths.doc_count_all()
            table = self._fields[fieldname] = [read(d, fieldname) for d in range(count)]
        return table[docnum] if docnum < len(table) else default


class ArrayFieldWriter(W3FieldWriter):
    """W3's field writer with the field lengths of :class:`_Lengths`."""

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Write the postings (whoosh's own loop) with lengths read once per field."""
        super().add_postings(schema, _Lengths(lengths) if lengths else lengths, items)


class ArrayPostingsWriter(W3PostingsWriter):
    """Writes blocks in the array layout; everything else (term info, inlining) is W3's."""

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        values: list[bytes] = self._values
        self._postfile.write(
            block_bytes(
                self._ids,
                self._weights,
                array("I", map(len, values)),
                emptybytes.join(values),
                fixed=self._format.fixed_value_size(),
                maxweight=self._maxweight,
                minlength=self._minlength,
                maxlength=self._maxlength,
                level=self._compression,
                last=last,
            )
        )
        self._blockcount += 1
        self._new_block()


def block_bytes(
    ids: array[int],
    weights: array[float],
    sizes: array[int],
    body: bytes,
    *,
    fixed: int | None,
    maxweight: float,
    minlength: int | None,
    maxlength: int,
    level: int,
    last: bool,
) -> bytes:
    """One posting block as it is written: its length (negative for a word's last block, as
    W3 marks it), the block info whoosh's readers skip by, and the data (module brief).

    ``weights`` are 32-bit floats, ``sizes`` each value's length, ``body`` the values
    concatenated, ``fixed`` the format's fixed value size (then no sizes are kept, and no
    values at all for a size of 0); the statistics are ``add_posting``'s. A block
    smaller than :data:`COMPRESS_FROM` is stored as it is and says so (level 0 in its info).
    """
    head = _le(ids) + _le(weights)
    if fixed is None or fixed < 0:
        head += _le(sizes)
    if fixed == 0:
        body = emptybytes
    return frame_block(
        head,
        body,
        postings=len(ids),
        last_id=ids[-1],
        maxweight=maxweight,
        minlength=minlength,
        maxlength=maxlength,
        level=level,
        last=last,
    )


def frame_block(
    head: bytes,
    body: bytes,
    *,
    postings: int,
    last_id: int,
    maxweight: float,
    minlength: int | None,
    maxlength: int,
    level: int,
    last: bool,
) -> bytes:
    """A block's ``head`` (documents, weights, value sizes) and ``body`` (the values) as
    written: compressed at ``level`` unless smaller than :data:`COMPRESS_FROM`, behind the
    block info and the block's length (see :func:`block_bytes`)."""
    if level and len(head) + len(body) >= COMPRESS_FROM:
        head, body = zlib.compress(head, level), zlib.compress(body, level)
    else:
        level = 0
    data = _HEAD.pack(len(head)) + head + body
    # The block info (count, last id, maximum weight, compression level, minimum and maximum
    # length bytes), as W3 writes it.
    info = dumps(
        (
            postings,
            last_id,
            maxweight,
            level,
            length_to_byte(minlength),
            length_to_byte(maxlength),
        ),
        2,
    )
    size = len(info) + len(data)
    framed: bytes = pack_int(-size if last else size) + info + data
    return framed


@dataclass(frozen=True)
class Blocks:
    """A word's postings in one segment, read whole: what the bulk evaluator works on."""

    ids: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float32]
    lengths: npt.NDArray[np.int64] | None
    """Bytes of each posting's value (variable-size formats), or None."""
    packed_values: list[bytes]
    """Each block's values as stored; see :meth:`values`."""
    compressed: list[bool]
    """Whether each block's values are compressed."""

    def values(self) -> bytes:
        """Every posting's value, concatenated in posting order."""
        return b"".join(
            zlib.decompress(v) if packed else v
            for v, packed in zip(self.packed_values, self.compressed, strict=True)
        )


class ArrayLeafMatcher(W3LeafMatcher):
    """Reads array-layout blocks: whoosh's matcher interface plus :meth:`read_all`."""

    _data: Any  # None until a block's data is read: (head, raw block, offset of the values)

    def _read_data(self) -> None:
        raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        (size,) = _HEAD.unpack_from(raw)
        head = raw[4 : 4 + size]
        self._data = (zlib.decompress(head) if self._compression else head, raw, 4 + size)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        n = self._blocklength
        self._ids = _from_le("I", self._data[0][: 4 * n])

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        n = self._blocklength
        self._weights = _from_le("f", self._data[0][4 * n : 8 * n])

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        head, raw, start = self._data
        n = self._blocklength
        fixed = self._fixedsize
        if fixed == 0:
            self._values = (None,) * n
            return
        body = zlib.decompress(raw[start:]) if self._compression else raw[start:]
        variable = fixed is None or fixed < 0
        lengths = _from_le("I", head[8 * n : 12 * n]) if variable else array("I", [fixed] * n)
        values = []
        at = 0
        for size in lengths:
            values.append(body[at : at + size])
            at += size
        self._values = tuple(values)

    def read_all(self) -> Blocks:
        """Every block of this word from the first: documents, weights, value lengths, and
        the values still compressed (inflated only if :meth:`Blocks.values` is called)."""
        ids, weights, lengths, packed, compressed = [], [], [], [], []
        variable = self._fixedsize is None or self._fixedsize < 0
        get = self._postfile.get
        self.reset()
        while True:
            raw = get(self._dataoffset, self._nextoffset - self._dataoffset)
            (size,) = _HEAD.unpack_from(raw)
            head = raw[4 : 4 + size]
            if self._compression:  # this block's, from its info
                head = zlib.decompress(head)
            n = self._blocklength
            ids.append(np.frombuffer(head, dtype="<u4", count=n))
            weights.append(np.frombuffer(head, dtype="<f4", count=n, offset=4 * n))
            if variable:
                lengths.append(np.frombuffer(head, dtype="<u4", count=n, offset=8 * n))
            packed.append(raw[4 + size :])
            compressed.append(bool(self._compression))
            if self._lastblock:
                break
            self._goto(self._nextoffset)
        self.reset()
        return Blocks(
            np.concatenate(ids).astype(np.int64),
            np.concatenate(weights).astype(np.float32),
            np.concatenate(lengths).astype(np.int64) if variable else None,
            packed,
            compressed,
        )
