"""Parse many sources at once: one forked worker process per core, results in file order.

A fresh clone's first ``gongbao check`` parses every source; the workers share the work in
spans (smaller towards the end, so no worker waits long for another's last span) and, when
bodies are not wanted, send back the very pickles the per-file cache stores. The corpus, the
findings and their order are the same as a serial load.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from typing import Any

from gongbao.core.cores import usable_cores
from gongbao.core.sources.parse import Loaded, cache_entries

__all__ = ["PARALLEL_MIN_FILES", "Chunks", "Job", "load_all", "spans"]

Job = tuple[str, str, str, str]
"""One source to load: kind, file on disk, path in the project, path in its folder."""

PARALLEL_MIN_FILES = 256
"""Parse in forked worker processes when at least this many files miss the cache (and the
machine has more than one core): below it, starting the workers costs more than it saves."""


_MAX_WORKERS = 8


# The work of a parallel load, set just before the workers are forked (they inherit it):
# the jobs, their cache keys, how to load one and whether bodies are wanted.
_JOBS: tuple[list[Job], list[tuple[Any, ...]], Callable[[Job], Loaded], bool] | None = None


def _load_span(span: tuple[int, int]) -> list[Loaded] | bytes:
    """Worker side of a parallel load: the files ``_JOBS[0][start:end]``.

    With bodies, what loading them produced. Without, what the cache keeps of it, pickled
    as one ``{cache key: entry}`` map: the caller takes its records from that map and
    writes the very bytes to the cache, so nothing is pickled twice and the caller does no
    per-record work of its own.
    """
    assert _JOBS is not None, "only called in a worker forked by _load_parallel"
    jobs, keys, load_one, bodies = _JOBS
    start, end = span
    if bodies:
        return [load_one(job) for job in jobs[start:end]]
    entries = cache_entries(keys[start:end], (load_one(job) for job in jobs[start:end]))
    return pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)


def _worker_count() -> int:
    return min(usable_cores(), _MAX_WORKERS)


Chunks = list[tuple[bytes, dict[Any, Loaded]]]
"""Pickled cache entries with what they unpickle to, in file order."""


def spans(count: int, workers: int) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``count`` jobs, smaller towards the end: many spans keep the
    workers busy to the end, few keep the pickles few; the last quarter in quarter-size
    spans, so that no worker waits long for another's last span."""
    size = max(16, count // (workers * 16))
    tail = count * 3 // 4 // size * size
    spans = [(i, i + size) for i in range(0, tail, size)]
    small = max(16, size // 4)
    spans += [(i, min(i + small, count)) for i in range(tail, count, small)]
    return spans


def _load_parallel(
    jobs: list[Job],
    keys: list[tuple[Any, ...]],
    load_one: Callable[[Job], Loaded],
    bodies: bool,
    workers: int,
    while_parsing: Callable[[], object] | None,
) -> tuple[list[Loaded], Chunks] | None:
    """Load ``jobs`` in ``workers`` forked processes, in order; ``None`` if that failed.

    Without bodies the results come as cache chunks too (see :func:`_load_span`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # a fresh interpreter per worker would cost more than it saves

    global _JOBS
    _JOBS = (jobs, keys, load_one, bodies)
    loaded: list[Loaded] = []
    chunks: Chunks = []
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = pool.map(_load_span, spans(len(jobs), workers))
            if while_parsing is not None:
                while_parsing()
            # Results are taken as they come, while the workers go on with later spans.
            for part in parts:
                if isinstance(part, bytes):
                    entries = pickle.loads(part)  # from our own child: trusted
                    chunks.append((part, entries))
                    loaded.extend(entries.values())
                else:
                    loaded.extend(part)
    except Exception:  # a worker that could not start, or died: load serially
        return None
    finally:
        _JOBS = None
    return loaded, chunks


def load_all(
    jobs: list[Job],
    keys: list[tuple[Any, ...]],
    load_one: Callable[[Job], Loaded],
    *,
    bodies: bool,
    while_parsing: Callable[[], object] | None = None,
) -> tuple[list[Loaded], Chunks]:
    """``load_one`` for every job, in order, and cache chunks holding them when the load
    made them; in parallel when it pays off and is safe."""
    workers = _worker_count()
    # Forking a process that runs other threads (mkdocs serve) can deadlock the child.
    if len(jobs) >= PARALLEL_MIN_FILES and workers > 1 and threading.active_count() == 1:
        done = _load_parallel(jobs, keys, load_one, bodies, min(workers, len(jobs)), while_parsing)
        if done is not None:
            return done
    loaded = [load_one(job) for job in jobs]
    return loaded, []
