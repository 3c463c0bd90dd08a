"""The full-text index of a site build, made beside the rendering.

The index (whoosh, or tantivy with ``search_engine: tantivy``) is built in a forked child
process while the SSG renders pages in the parent: the SSG uses one core, the index the other.
The child commits into a temporary folder; the caller publishes it (swaps it in) only if the
whole site build succeeded, or cancels it, leaving the previous index in place.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import cast

from gongbao.core.config.settings import Settings
from gongbao.core.errors import GongbaoError
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.search.backend import IndexStats
from gongbao.core.search.engines import build_index, discard_build, publish_build, require_engine
from gongbao.core.search.site_records import SearchRecords

__all__ = ["IndexBuild", "IndexBuildError"]


class IndexBuildError(GongbaoError):
    """The full-text index could not be built; the message says why."""


def _build(
    plan: SitePlan, settings: Settings, index_dir: Path, terms: tuple[str, ...]
) -> IndexStats:
    records = SearchRecords(plan, settings)
    return build_index(
        settings.search_engine, records, index_dir, extra_terms=terms, defer_swap=True
    )


def _child(
    plan: SitePlan, settings: Settings, index_dir: Path, terms: tuple[str, ...], conn: Connection
) -> None:
    try:
        conn.send(("ok", _build(plan, settings, index_dir, terms)))
    except BaseException as exc:  # reported to the parent, which fails the build
        conn.send(("error", _reason(exc, index_dir)))
    finally:
        conn.close()


def _reason(exc: BaseException, index_dir: Path) -> str:
    """One sentence for the build log: a folder that cannot be written says which and why."""
    if isinstance(exc, OSError):
        where = exc.filename or index_dir
        return (
            f"索引目录 {index_dir} 无法写入（{where}：{exc.strerror or exc}）。修改建议：确认它是"
            "可写的文件夹，或在 mkdocs.yml 中把 search_index_dir 改到可写的位置。"
        )
    if isinstance(exc, GongbaoError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class IndexBuild:
    """The full-text index of one site build: started early, published at the end."""

    def __init__(
        self, plan: SitePlan, settings: Settings, index_dir: Path, terms: Iterable[str]
    ) -> None:
        """Start building.

        Raises:
            EngineUnavailableError: the configured ``search_engine`` cannot be used (tantivy
                chosen but not installed): one message with the fix, before any work starts.
        """
        require_engine(settings.search_engine)
        args = (plan, settings, index_dir, tuple(terms))
        self._stats: IndexStats | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._frozen = False
        # fork shares the plan without pickling it; it is only safe without other threads
        # (mkdocs serve runs a file watcher thread: build in-process there).
        if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._conn, child_conn = context.Pipe(duplex=False)
            # Not a daemon: a large index is written by the child's own writer processes.
            self._process = context.Process(target=_child, args=(*args, child_conn))
            # Everything alive now is shared with the child copy-on-write. Frozen, it is never
            # visited by either process's cycle collector, whose bookkeeping writes would copy
            # the shared pages (hundreds of MB for a large archive's plan).
            gc.freeze()
            self._frozen = True
            self._process.start()
            child_conn.close()
        else:
            self._stats = _build(*args)

    def _thaw(self) -> None:
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def wait(self) -> IndexStats:
        """The committed (not yet published) build.

        Raises:
            IndexBuildError: the index could not be built; the message says why.
        """
        if self._stats is not None:
            return self._stats
        assert self._process is not None
        try:
            status, payload = self._conn.recv()
        except EOFError:
            status, payload = "error", f"索引进程意外退出（退出码 {self._process.exitcode}）"
        self._process.join()
        self._thaw()
        if status != "ok":
            raise IndexBuildError(str(payload))
        stats = cast(IndexStats, payload)  # what the child sends with "ok"
        self._stats = stats
        return stats

    def publish(self) -> IndexStats:
        """Swap the new index in."""
        stats = self.wait()
        publish_build(stats)
        return stats

    def cancel(self) -> None:
        """Stop the child and drop what it built; the previous index stays."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._thaw()
        if self._stats is not None:
            discard_build(self._stats)
        elif self._process is not None:
            # A child that failed, or was stopped, may have closed its end without a word.
            try:
                status, payload = self._conn.recv() if self._conn.poll() else ("", None)
            except (EOFError, OSError):
                return
            if status == "ok":
                discard_build(cast(IndexStats, payload))
