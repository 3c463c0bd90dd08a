"""A field's words written in one pass: their posting blocks and their term table entries.

whoosh writes a word through three objects (the field writer's ``start_term``, the postings
writer's ``add_posting`` and ``finish_postings``, the term info's ``add_block`` and
``to_bytes``, the term table's ``add``), each asking its file where it is and writing a few
bytes at a time. An archive's words are mostly rare (a varied 400-document archive has some
300,000 words and pairs, three quarters of them in one document), so that per-word machinery
was most of writing its index. :func:`write_terms` produces the same bytes in the same files
(the writer's tests compare every term and block with whoosh's own writer): each word's
blocks and statistics at once (:func:`term_blocks`), its term info packed as
``W3TermInfo.to_bytes`` packs it, its term table row as ``OrderedHashWriter.add`` writes it,
with the file positions counted instead of asked for and the bytes written in batches.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, TypeAlias

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _row_lengths  # a row: key, value lengths
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from gongbao.core.search.whoosh.codec import ArrayFieldWriter, block_bytes

__all__ = ["TermBlocks", "TermPostings", "term_blocks", "write_terms"]

#: One word's postings, as :class:`~.writer.GroupingWriter` holds them: its bytes, the
#: documents, the weights as added, the values (``(sizes, concatenated)`` or one per
#: posting) and each posting's field length.
TermPostings: TypeAlias = (
    "tuple[bytes, array[int], array[float], tuple[array[int], bytes] | list[bytes], list[int]]"
)

#: Bytes gathered before they are written (each file's batch).
_BATCH_BYTES = 1 << 20


@dataclass(frozen=True)
class TermBlocks:
    """A word's postings as written blocks, with the statistics its term info keeps."""

    data: bytes
    """The postings as they go into the postings file (header and blocks)."""
    count: int
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


def write_terms(fieldwriter: ArrayFieldWriter, terms: Iterable[TermPostings]) -> None:
    """Write ``terms`` (in byte order) into the field ``fieldwriter`` has started, as
    ``start_term``, ``add`` for each posting and ``finish_term`` would for each word.

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
    pack_info = W3TermInfo._struct.pack
    # Both files are written only here until the field is done: their positions are known.
    post_at, row_at = postfile.tell(), table.dbfile.tell()
    posts: list[bytes] = []
    rows: list[bytes] = []
    held = 0
    lastkey = table.lastkey
    for btext, ids, weights, values, lengths in terms:
        key = prefix + btext
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        lastkey = key
        blocks = term_blocks(ids, weights, values, lengths, fixed=fixed, limit=limit, level=level)
        # W3TermInfo.to_bytes, without making a W3TermInfo for each word.
        info = (
            pack_info(
                0,  # not inlined
                blocks.weight,
                blocks.count,
                0 if blocks.minlength is None else length_to_byte(blocks.minlength),
                length_to_byte(blocks.maxlength),
                blocks.maxweight,
                ids[0],
                ids[-1],
            )
            + pack_long(post_at)
            + pack_int(len(blocks.data))
        )
        posts.append(blocks.data)
        post_at += len(blocks.data)
        row = _row_lengths.pack(len(key), len(info)) + key + info
        positions.append(row_at)
        h = hashfn(key)
        buckets[h & 255].append((h, row_at))
        rows.append(row)
        row_at += len(row)
        held += len(blocks.data) + len(row)
        if held > _BATCH_BYTES:
            postfile.write(emptybytes.join(posts))
            table.dbfile.write(emptybytes.join(rows))
            posts, rows, held = [], [], 0
    postfile.write(emptybytes.join(posts))
    table.dbfile.write(emptybytes.join(rows))
    table.lastkey = lastkey
