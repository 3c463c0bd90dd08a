"""Engine-neutral handling of an index directory: meta file, atomic swap and recovery.

Every backend keeps its files in one directory with a ``gongbao-index.json`` meta file beside
them (engine, format, dictionary fingerprint, ``{record id: content hash}`` manifest). Builds
happen in a sibling temporary directory that replaces the live one only after committing.

Layout on disk::

    <index_dir>/             engine files + gongbao-index.json
    .<name>.tmp-<pid>-<rnd>  a build in progress (sibling of index_dir; removed on failure)
    .<name>.old-<rnd>        the previous index during the swap (two renames, microseconds)

If the process dies between the two renames of a swap, :func:`live_dir` reads the ``.old``
copy and :func:`recover` (called by every build) puts it back.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from gongbao.core.search.backend import IndexStats, IndexUnavailableError
from gongbao.core.search.records import SearchRecord

__all__ = [
    "DEFAULT_ENGINE",
    "META_FILE",
    "IndexHandle",
    "RecordChanges",
    "dir_size",
    "discard_build",
    "finish_build",
    "live_dir",
    "manifest",
    "new_temp_dir",
    "pid_alive",
    "publish_build",
    "read_meta",
    "recover",
    "siblings",
    "swap_in",
    "write_meta",
]

META_FILE = "gongbao-index.json"
#: Indexes written before the meta file named its engine are whoosh indexes.
DEFAULT_ENGINE = "whoosh"


def dir_size(path: Path) -> int:
    """Bytes of every file under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def siblings(index_dir: Path, tag: str) -> list[Path]:
    """The ``.<name>.<tag>-*`` directories next to ``index_dir`` (``tmp`` or ``old``)."""
    return sorted(index_dir.parent.glob(f".{index_dir.name}.{tag}-*"))


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (a build in progress owns its temp dir)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(index_dir: Path) -> None:
    """Finish or undo an interrupted swap and delete abandoned temporary builds."""
    olds = siblings(index_dir, "old")
    if not index_dir.exists() and olds:
        # Killed between "live -> old" and "tmp -> live": put the previous index back.
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        newest.rename(index_dir)
        olds.remove(newest)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in siblings(index_dir, "tmp"):
        pid = tmp.name.rsplit(".tmp-", 1)[1].split("-", 1)[0]
        if not pid.isdigit() or not pid_alive(int(pid)) or int(pid) == os.getpid():
            shutil.rmtree(tmp, ignore_errors=True)


def new_temp_dir(index_dir: Path) -> Path:
    """A fresh sibling path for a build in progress (not created); :func:`recover` knows it."""
    return index_dir.parent / f".{index_dir.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"


def live_dir(index_dir: Path) -> Path:
    """The directory holding the live index (the ``.old`` copy during an interrupted swap).

    Raises:
        IndexUnavailableError: there is no index yet.
    """
    if (index_dir / META_FILE).is_file():
        return index_dir
    olds = [p for p in siblings(index_dir, "old") if (p / META_FILE).is_file()]
    if not index_dir.exists() and olds:
        return max(olds, key=lambda p: p.stat().st_mtime)  # interrupted swap: read the backup
    raise IndexUnavailableError(
        f"找不到检索索引：{index_dir}（请先运行 `mkdocs build` 生成站点和索引）"
    )


def read_meta(index_dir: Path) -> dict[str, Any] | None:
    """The live index's meta file, or ``None`` if there is no readable one."""
    try:
        meta = json.loads((live_dir(index_dir) / META_FILE).read_text(encoding="utf-8"))
    except (IndexUnavailableError, OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def write_meta(directory: Path, meta: dict[str, Any]) -> None:
    """Write the meta file of a build (the last file written before the swap)."""
    (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def finish_build(
    tmp: Path,
    index_dir: Path,
    *,
    engine: str,
    format_version: int,
    fingerprint: str,
    hashes: dict[str, str],
    defer_swap: bool,
    **extra: Any,
) -> tuple[int, Path | None]:
    """Write a committed build's meta file, then swap it in (or leave it pending).

    The meta file holds what :func:`manifest` and :class:`IndexHandle` read back (engine,
    format, dictionary fingerprint, record count, content hashes, a fresh build id) plus the
    engine's ``extra`` fields. Returns the build's size and, with ``defer_swap``, the folder
    to publish or discard later.
    """
    meta = {
        "engine": engine,
        "format": format_version,
        "fingerprint": fingerprint,
        "records": len(hashes),
        "build_id": secrets.token_hex(8),
        **extra,
        "hashes": hashes,
    }
    write_meta(tmp, meta)
    size = dir_size(tmp)
    if defer_swap:
        return size, tmp
    swap_in(tmp, index_dir)
    return size, None


def manifest(
    index_dir: Path, *, engine: str, format_version: int, fingerprint: str
) -> dict[str, str] | None:
    """``{record id: content hash}`` of the live index, if it can be updated in place.

    ``None`` means "build from scratch": no index, another engine (switching engines never
    updates in place), another on-disk format or another dictionary.
    """
    meta = read_meta(index_dir)
    if meta is None or meta.get("engine", DEFAULT_ENGINE) != engine:
        return None
    if meta.get("format") != format_version or meta.get("fingerprint") != fingerprint:
        return None  # another dictionary or layout: every text must be segmented again
    hashes = meta.get("hashes")
    return hashes if isinstance(hashes, dict) else None


def swap_in(tmp: Path, index_dir: Path) -> None:
    """Replace the live index with the committed build in ``tmp``."""
    # POSIX cannot rename a directory over a non-empty one, so: live -> .old, tmp -> live.
    # Readers that already hold the old files keep working (unlinked files stay readable).
    if index_dir.exists():
        old = index_dir.parent / f".{index_dir.name}.old-{secrets.token_hex(4)}"
        index_dir.rename(old)
        try:
            tmp.rename(index_dir)
        except BaseException:
            old.rename(index_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(index_dir)


def publish_build(stats: IndexStats) -> None:
    """Swap in a build made with ``defer_swap=True`` (nothing to do if nothing changed)."""
    if stats.pending is not None and stats.pending.is_dir():
        swap_in(stats.pending, stats.index_dir)


def discard_build(stats: IndexStats) -> None:
    """Drop a build made with ``defer_swap=True``; the live index stays as it was."""
    if stats.pending is not None:
        shutil.rmtree(stats.pending, ignore_errors=True)


@dataclass
class RecordChanges:
    """What a build must write: the records to (re)index, the ids to delete, the new manifest.

    ``hashes`` (``{record id: content hash}``) is complete once ``changed`` has been consumed.
    """

    changed: Iterable[SearchRecord]
    count: int
    removed: list[str]
    hashes: dict[str, str] = field(default_factory=dict)

    @property
    def nothing(self) -> bool:
        """True when the live index already holds exactly these records."""
        return self.count == 0 and not self.removed

    @classmethod
    def of(cls, records: Iterable[SearchRecord], previous: dict[str, str] | None) -> RecordChanges:
        """Compare ``records`` with the live index's manifest (``None``: no usable index).

        Raises ``ValueError`` for a duplicate record id (while ``changed`` is consumed, for a
        streamed build).
        """
        if previous is None and isinstance(records, Sized):
            # A cold build of a sized source is streamed: each record is hashed as it is
            # indexed, so 20,000 bodies are never held in memory at once.
            changes = cls(changed=(), count=len(records), removed=[])
            changes.changed = changes._hashing(records)
            return changes
        hashes: dict[str, str] = {}
        changed: list[SearchRecord] = []
        for record in records:
            digest = _add_hash(hashes, record)
            if previous is None or previous.get(record.id) != digest:
                changed.append(record)
        removed = sorted(set(previous or ()) - set(hashes))
        return cls(changed=changed, count=len(changed), removed=removed, hashes=hashes)

    def stats(
        self,
        *,
        started: float,
        fingerprint: str,
        index_dir: Path,
        size: int,
        pending: Path | None = None,
    ) -> IndexStats:
        """What the build did (call once ``changed`` has been consumed)."""
        return IndexStats(
            records=len(self.hashes),
            resegmented=self.count,
            reused=len(self.hashes) - self.count,
            size_bytes=size,
            seconds=time.perf_counter() - started,
            fingerprint=fingerprint,
            index_dir=index_dir,
            pending=pending,
        )

    def _hashing(self, records: Iterable[SearchRecord]) -> Iterator[SearchRecord]:
        for record in records:
            _add_hash(self.hashes, record)
            yield record


def _add_hash(hashes: dict[str, str], record: SearchRecord) -> str:
    if record.id in hashes:
        raise ValueError(f"duplicate search record id: {record.id!r}")
    hashes[record.id] = digest = record.content_hash()
    return digest


class IndexHandle:
    """What every backend's searcher shares: the directory, its meta file, reopening.

    A subclass opens its engine in ``_open`` (setting ``meta`` and calling
    ``_remember_stamp``) and releases it in ``close``; ``refresh`` reopens it when a build has
    swapped a new index in since.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._stamp: tuple[int, int] | None = None
        self.meta: dict[str, Any] = {}

    def _open(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the engine's files."""
        raise NotImplementedError

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            st = (self.index_dir / META_FILE).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _remember_stamp(self) -> None:
        self._stamp = self._current_stamp()

    def refresh(self) -> None:
        """Reopen if a build has swapped in a new index since we opened it."""
        stamp = self._current_stamp()
        if stamp is not None and stamp != self._stamp:
            with self._lock:
                if self._current_stamp() != self._stamp:
                    self._open()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def fingerprint(self) -> str:
        """The dictionary fingerprint the index was built with."""
        return str(self.meta.get("fingerprint", ""))

    @property
    def record_count(self) -> int:
        """Number of records in the index."""
        return int(self.meta.get("records", 0))
