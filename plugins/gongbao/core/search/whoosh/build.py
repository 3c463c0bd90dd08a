"""Building a whoosh index: one writer or several processes, updated in place or rebuilt.

The index directory (meta file, temporary build, atomic swap, recovery) is handled by
:mod:`gongbao.core.search.indexdir`: a build never touches the live index until it has
committed; then the live directory is renamed aside and the new one renamed into place.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from whoosh import index

from gongbao.core.search.analysis import dictionary_fingerprint, dictionary_terms, prepare_segmenter
from gongbao.core.search.backend import IndexStats
from gongbao.core.search.indexdir import (
    RecordChanges,
    discard_build,
    finish_build,
    new_temp_dir,
    publish_build,
)
from gongbao.core.search.indexdir import dir_size as _dir_size
from gongbao.core.search.indexdir import live_dir as _live_dir
from gongbao.core.search.indexdir import manifest as _read_manifest
from gongbao.core.search.indexdir import recover as _recover
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh.codec import ArrayCodec, ArrayPositions
from gongbao.core.search.whoosh.parallel import write_new_index
from gongbao.core.search.whoosh.schema import document, make_schema
from gongbao.core.search.whoosh.writer import can_group

__all__ = [
    "ENGINE",
    "FORMAT_VERSION",
    "ArrayPositions",  # what a build writes: the schema's position format (and make_schema)
    "build_index",
    "discard_build",
    "make_schema",
    "publish_build",
]

ENGINE = "whoosh"
#: 6: posting blocks under 128 bytes stored uncompressed (compression level 0 in their block
#: info, which version 5's reader did not look at);
#: 5: character pairs of title and body for exact phrases (``title_grams``, ``body_grams``)
#: and the 刊期 of gazette PDF pages (``issue``); 4: the schema's and codec's classes moved
#: into ``gongbao.core.search.whoosh`` (whoosh pickles them by import path); 3: positions
#: stored as arrays (:class:`ArrayPositions`) in array-shaped posting blocks
#: (:class:`~gongbao.core.search.whoosh.codec.ArrayCodec`). Older indexes are rebuilt.
FORMAT_VERSION = 6


#: whoosh's posting pool (MB) when it updates an index in place; 256 MB measured best.
SINGLE_POOL_MB = 256

#: The postings a new index's writer (:class:`~.writer.GroupingWriter`) holds before it
#: finishes a segment and starts another (MB, estimated; the process grows by about twice
#: that): one writer, and each of several writer processes. Fewer segments answer faster;
#: 1,000 long documents fill about 170 MB (two segments), 10,000 in two processes 32
#: segments of 64 MB (docs/performance.md).
GROUPING_LIMIT_MB = 128
GROUPING_PARALLEL_LIMIT_MB = 64

#: Below this many records (about 4,000 documents) more writer processes cost more than they
#: save: MkDocs is rendering on the other core for most of the index build anyway.
PARALLEL_THRESHOLD = 8000


def _procs(records: int) -> int:
    # whoosh forks its writers: never from a process with other threads (mkdocs serve).
    if records < PARALLEL_THRESHOLD or threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


#: What opening an index whose table of contents is damaged (or names classes this version
#: does not have) raises while whoosh unpickles it.
_UNREADABLE = (OSError, ValueError, EOFError, ImportError, AttributeError, index.IndexError)


def _manifest(index_dir: Path, fingerprint: str) -> dict[str, str] | None:
    """``{record id: content hash}`` of the live index, if it can be updated in place."""
    # Another engine's index (the site switched engines) is never updated in place.
    previous = _read_manifest(
        index_dir, engine=ENGINE, format_version=FORMAT_VERSION, fingerprint=fingerprint
    )
    if previous is not None:
        try:
            index.open_dir(str(_live_dir(index_dir))).close()
        except _UNREADABLE:
            return None  # damaged: rebuilt from scratch, never updated in place
    return previous


def _update(ix: index.Index, changes: RecordChanges, *, create: bool) -> None:
    """Apply ``changes`` with whoosh's own writer (an update in place)."""
    writer = ix.writer(limitmb=SINGLE_POOL_MB, codec=ArrayCodec())
    try:
        for record_id in changes.removed:
            writer.delete_by_term("id", record_id)
        for record in changes.changed:
            # update_document deletes the old version by the unique id field first.
            add = writer.add_document if create else writer.update_document
            add(**document(record))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def build_index(
    records: Iterable[SearchRecord],
    index_dir: Path,
    *,
    extra_terms: Iterable[str] = (),
    defer_swap: bool = False,
) -> IndexStats:
    """Bring the index in ``index_dir`` up to date with ``records``, atomically.

    The index itself is the segmentation cache: each record's content hash is kept in the
    index's manifest, so an unchanged record is neither re-segmented nor rewritten; changed and
    new records are (re)indexed and vanished ones deleted. When nothing changed the live index
    is left alone. A different dictionary (``extra_terms``, ``terms.txt``, jieba) forces a full
    rebuild, since stale tokens would silently miss. Updates happen in a copy that replaces the
    live index only after committing; with ``defer_swap`` the committed copy is returned as
    ``stats.pending`` for :func:`publish_build` (or :func:`discard_build`), so a site build can
    publish its index only if the whole build succeeded. Raises ``ValueError`` for duplicate
    record ids; on any error the previous index is kept.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover(index_dir)
    terms = dictionary_terms(extra_terms)
    fingerprint = dictionary_fingerprint(extra_terms)
    previous = _manifest(index_dir, fingerprint)
    changes = RecordChanges.of(records, previous)
    hashes = changes.hashes

    def stats(size: int, pending: Path | None = None) -> IndexStats:
        return changes.stats(
            started=started,
            fingerprint=fingerprint,
            index_dir=index_dir,
            size=size,
            pending=pending,
        )

    if previous is not None and changes.nothing:
        return stats(_dir_size(_live_dir(index_dir)))

    tmp = new_temp_dir(index_dir)
    try:
        if previous is None:
            tmp.mkdir()
            ix = index.create_in(str(tmp), make_schema(terms))
        else:
            shutil.copytree(_live_dir(index_dir), tmp)
            ix = index.open_dir(str(tmp))
        # A large cold build splits the documents over one writer process per core (each
        # writes its own segments; segmentation is the cost and parallelises).
        fresh = previous is None and can_group(ix.schema)
        procs = _procs(changes.count) if fresh else 1
        # With procs > 1 whoosh forks its writer processes: what this process holds (the
        # site plan the records are made from, the segmenter's dictionary table, built here
        # first) is frozen until they are done, so no cycle collector copies its pages into
        # each of them. Thawed afterwards unless a caller had frozen before us (IndexBuild).
        freeze = procs > 1
        thaw = freeze and gc.get_freeze_count() == 0
        if freeze:
            prepare_segmenter(terms)
            gc.freeze()
        try:
            if fresh:
                limit = GROUPING_LIMIT_MB if procs == 1 else GROUPING_PARALLEL_LIMIT_MB
                write_new_index(ix, changes.changed, records, procs=procs, limitmb=limit)
            else:
                _update(ix, changes, create=previous is None)
        finally:
            if thaw:
                gc.unfreeze()
        ix.close()
        size, pending = finish_build(
            tmp,
            index_dir,
            engine=ENGINE,
            format_version=FORMAT_VERSION,
            fingerprint=fingerprint,
            hashes=hashes,
            defer_swap=defer_swap,
        )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return stats(size, pending)
