"""Building a tantivy index: incremental by content hash, swapped in atomically."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy

from gongbao.core.search.analysis import dictionary_fingerprint, dictionary_terms
from gongbao.core.search.backend import IndexStats
from gongbao.core.search.indexdir import (
    RecordChanges,
    dir_size,
    discard_build,
    finish_build,
    live_dir,
    manifest,
    new_temp_dir,
    publish_build,
    recover,
)
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.tantivy.schema import document, make_schema

__all__ = ["ENGINE", "FORMAT_VERSION", "build_index", "discard_build", "publish_build"]

ENGINE = "tantivy"
#: 2: character pairs for exact phrases (``title_grams``, ``body_grams``) and ``issue``.
FORMAT_VERSION = 2
#: One writer thread: the cost of a build is segmenting in Python, not tantivy's indexing.
_WRITER_HEAP = 64_000_000


def build_index(
    records: Iterable[SearchRecord],
    index_dir: Path,
    *,
    extra_terms: Iterable[str] = (),
    defer_swap: bool = False,
) -> IndexStats:
    """Bring the tantivy index in ``index_dir`` up to date with ``records``, atomically.

    The same contract as :func:`gongbao.core.search.whoosh.build.build_index`: unchanged
    records (by content hash) are neither re-segmented nor rewritten, changed ones replace
    their old version, vanished ones are deleted by a term delete on ``id``; a different
    dictionary, format or engine rebuilds from scratch. Work happens in a copy swapped in
    after the commit (or returned as ``stats.pending`` with ``defer_swap``). Raises
    ``ValueError`` for duplicate record ids; on any error the previous index is kept.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(index_dir)
    extra = tuple(extra_terms)
    terms = dictionary_terms(extra)
    fingerprint = dictionary_fingerprint(extra)
    previous = manifest(
        index_dir, engine=ENGINE, format_version=FORMAT_VERSION, fingerprint=fingerprint
    )
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
        return stats(dir_size(live_dir(index_dir)))

    tmp = new_temp_dir(index_dir)
    try:
        if previous is None:
            tmp.mkdir()
            ix = tantivy.Index(make_schema(), path=str(tmp), reuse=False)
        else:
            shutil.copytree(live_dir(index_dir), tmp)
            ix = tantivy.Index.open(str(tmp))
        writer = ix.writer(heap_size=_WRITER_HEAP, num_threads=1)
        try:
            for record_id in changes.removed:
                writer.delete_documents_by_term("id", record_id)
            for record in changes.changed:
                if previous is not None:
                    # A delete only affects documents added before it: the new version stays.
                    writer.delete_documents_by_term("id", record.id)
                writer.add_document(document(record, terms))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        # Files of segments replaced by this commit would otherwise be copied on every build.
        writer.garbage_collect_files()
        writer.wait_merging_threads()
        del writer, ix
        size, pending = finish_build(
            tmp,
            index_dir,
            engine=ENGINE,
            format_version=FORMAT_VERSION,
            fingerprint=fingerprint,
            hashes=hashes,
            defer_swap=defer_swap,
            # The query side must segment with this very dictionary (whoosh pickles it
            # into its schema; tantivy has nowhere else to keep it).
            extra_terms=list(extra),
            terms=list(terms),
        )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return stats(size, pending)
