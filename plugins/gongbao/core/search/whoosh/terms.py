"""A field's words written in one pass: their posting blocks and their term table entries.

whoosh writes a word through three objects (the field writer's ``start_term``, the postings
writer's ``add_posting`` and ``finish_postings``, the term info's ``add_block`` and
``to_bytes``, the term table's ``add``), each asking its file where it is and writing a few
bytes at a time. An archive's words are mostly rare (a varied 400-document archive has some
300,000 words and pairs, three quarters of them in one document), so that per-word machinery
was most of writing its index. :func:`write_terms` produces the same bytes in the same files
(the writer's tests compare every term and block with whoosh's own writer): each word's
blocks and statistics at once (:func:`term_blocks`; :func:`one_block` for a word in one
document, straight from its posting), its term info packed as
``W3TermInfo.to_bytes`` packs it, its term table row as ``OrderedHashWriter.add`` writes it,
with the file positions counted instead of asked for and the bytes written in batches.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable
from hashlib import md5
from itertools import accumulate
from typing import Any, NamedTuple, TypeAlias

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.filedb.filetables import _lengths as _row_lengths  # a row: key, value lengths
from whoosh.system import emptybytes, pack_ushort
from whoosh.util.numeric import length_to_byte

from gongbao.core.search.whoosh.codec import ArrayFieldWriter, block_bytes, frame_block

__all__ = ["OnePosting", "TermBlocks", "TermPostings", "one_block", "term_blocks", "write_terms"]

#: One word's postings, as :class:`~.writer.GroupingWriter` holds them: its bytes, the
#: documents, the weights as added, the values (``(sizes, concatenated)`` or one per
#: posting) and each posting's field length.
TermPostings: TypeAlias = (
    "tuple[bytes, array[int], array[float], tuple[array[int], bytes] | list[bytes], list[int]]"
)

#: A word found in one document only (most words of an archive: three quarters of a varied
#: one's): its bytes, the document, the weight as added, the value and the field length.
#: The value is kept even when empty, as ``(sizes, concatenated)`` values are.
OnePosting: TypeAlias = "tuple[bytes, int, float, bytes, int]"

# W3TermInfo.to_bytes's struct, then the postings' offset and length (pack_long, pack_int):
# all in network order, so one struct packs the three without padding.
_INFO = struct.Struct(W3TermInfo._struct.format + "qi")
# A one-posting block's head: the document, the weight as a 32-bit float, the value's size.
_ONE_SIZED = struct.Struct("<IfI")
_ONE = struct.Struct("<If")

#: Bytes gathered before they are written (each file's batch).
_BATCH_BYTES = 1 << 20


class TermBlocks(NamedTuple):
    """A word's postings as written blocks, with the statistics its term info keeps."""

    data: bytes
    """The postings as they go into the postings file (header and blocks)."""
    postings: int
    weight: float
    maxweight: float
    minlength: int | None
    maxlength: int


def term_blocks(
    ids: array[int],
    weights: array[float],
    values: tuple[array[int], bytes] | list[bytes],
    lengths: list[int],
    *,
    fixed: int | None,
    limit: int,
    level: int,
) -> TermBlocks:
    """A whole word's postings, in blocks of ``limit``, with the statistics W3's term info
    gathers from them: what ``add_posting`` for each then ``finish_postings`` would write.

    ``weights`` are the weights as added (doubles; the blocks keep them as 32-bit floats),
    ``lengths`` each posting's field length, ``values`` either each posting's value or
    ``(sizes, the values concatenated)``; ``fixed`` is the format's fixed value size.
    """
    count = len(ids)
    offsets: list[int] = []
    if isinstance(values, tuple):
        offsets = [0, *accumulate(values[0])]
    parts = [WHOOSH3_HEADER_MAGIC]
    weight, maxweight, minlength, maxlength = 0.0, 0.0, None, 0
    for start in range(0, count, limit):
        stop = min(start + limit, count)
        whole = start == 0 and stop == count  # the usual case: no slices to copy
        block_ids = ids if whole else ids[start:stop]
        chunk = weights if whole else weights[start:stop]
        floats = array("f", chunk)
        top = max(chunk)
        # add_posting's statistics: the largest weight (from 0), and the shortest and
        # longest non-zero field length.
        block_max = top if top > 0 else 0
        given = [n for n in (lengths if whole else lengths[start:stop]) if n]
        block_min = min(given) if given else None
        block_maxlen = max(given) if given else 0
        if isinstance(values, tuple):
            sizes = values[0] if whole else values[0][start:stop]
            body = values[1] if whole else values[1][offsets[start] : offsets[stop]]
        else:
            kept = [v for v in values[start:stop] if v]  # add_posting drops empty values
            sizes, body = array("I", map(len, kept)), emptybytes.join(kept)
        parts.append(
            block_bytes(
                block_ids,
                floats,
                sizes,
                body,
                fixed=fixed,
                maxweight=block_max,
                minlength=block_min,
                maxlength=block_maxlen,
                level=level,
                last=stop == count,
            )
        )
        # W3TermInfo.add_block's running statistics.
        weight += sum(floats)
        maxweight = max(maxweight, block_max)
        minlength = block_min if minlength is None else min(minlength, block_min)  # type: ignore[type-var]
        maxlength = max(maxlength, block_maxlen)
    return TermBlocks(emptybytes.join(parts), count, weight, maxweight, minlength, maxlength)


def one_block(
    doc: int, weight: float, value: bytes, length: int, *, fixed: int | None, level: int
) -> TermBlocks:
    """:func:`term_blocks` for a word in one document: the same bytes and statistics,
    packed straight from the posting (no arrays, no slices).

    ``value`` is kept even when empty (the ``(sizes, concatenated)`` form's rule).
    """
    sized = fixed is None or fixed < 0
    head = _ONE_SIZED.pack(doc, weight, len(value)) if sized else _ONE.pack(doc, weight)
    maxweight = weight if weight > 0 else 0
    minlength = length or None
    block = frame_block(
        head,
        emptybytes if fixed == 0 else value,
        postings=1,
        last_id=doc,
        maxweight=maxweight,
        minlength=minlength,
        maxlength=length,
        level=level,
        last=True,
    )
    data = WHOOSH3_HEADER_MAGIC + block
    # The block keeps the weight as a 32-bit float, and the term info sums what it keeps.
    kept: float = _ONE.unpack_from(_ONE.pack(0, weight))[1]
    return TermBlocks(data, 1, kept, maxweight, minlength, length)


def write_terms(fieldwriter: ArrayFieldWriter, terms: Iterable[TermPostings | OnePosting]) -> None:
    """Write ``terms`` (in byte order) into the field ``fieldwriter`` has started, as
    ``start_term``, ``add`` for each posting and ``finish_term`` would for each word.

    A word is given with all its postings (:data:`TermPostings`) or, found in one document,
    as that posting (:data:`OnePosting`).

    Raises:
        ValueError: a word is not after the one before it (the term table's order).
    """
    postwriter: Any = fieldwriter._postwriter
    if postwriter is None:
        raise ValueError("write_terms needs a started field (start_field)")
    fixed = fieldwriter._format.fixed_value_size()
    limit, level = postwriter._blocklimit, postwriter._compression
    postfile = fieldwriter._postfile
    table: OrderedHashWriter = fieldwriter._tindex
    prefix = pack_ushort(fieldwriter._fieldid)
    hashfn, buckets, positions = table.hashfn, table.buckets, table.index
    if hashfn is md5_hash:
        hashfn = _md5_low  # the same number, without a hex string in between
    pack_info = _INFO.pack
    # Both files are written only here until the field is done: their positions are known.
    post_at, row_at = postfile.tell(), table.dbfile.tell()
    posts: list[bytes] = []
    rows: list[bytes] = []
    held = 0
    lastkey = table.lastkey
    for term in terms:
        key = prefix + term[0]
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        lastkey = key
        blocks, first, last = _blocks_of(term, fixed=fixed, limit=limit, level=level)
        data = blocks.data
        # W3TermInfo.to_bytes, without making a W3TermInfo for each word.
        info = pack_info(
            0,  # not inlined
            blocks.weight,
            blocks.postings,
            0 if blocks.minlength is None else length_to_byte(blocks.minlength),
            length_to_byte(blocks.maxlength),
            blocks.maxweight,
            first,
            last,
            post_at,
            len(data),
        )
        posts.append(data)
        post_at += len(data)
        row = _row_lengths.pack(len(key), len(info)) + key + info
        positions.append(row_at)
        h = hashfn(key)
        buckets[h & 255].append((h, row_at))
        rows.append(row)
        row_at += len(row)
        held += len(data) + len(row)
        if held > _BATCH_BYTES:
            postfile.write(emptybytes.join(posts))
            table.dbfile.write(emptybytes.join(rows))
            posts, rows, held = [], [], 0
    postfile.write(emptybytes.join(posts))
    table.dbfile.write(emptybytes.join(rows))
    table.lastkey = lastkey


def _blocks_of(
    term: TermPostings | OnePosting, *, fixed: int | None, limit: int, level: int
) -> tuple[TermBlocks, int, int]:
    """A word's blocks, and its first and last document."""
    if isinstance(term[1], int):
        _text, doc, weight, value, length = term
        return one_block(doc, weight, value, length, fixed=fixed, level=level), doc, doc
    _text, ids, weights, values, lengths = term
    blocks = term_blocks(ids, weights, values, lengths, fixed=fixed, limit=limit, level=level)
    return blocks, ids[0], ids[-1]


def _md5_low(key: bytes) -> int:
    """whoosh's ``md5_hash``: the digest's low 32 bits, read from its last four bytes."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
