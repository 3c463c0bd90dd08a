"""A per-file cache of loaded sources, so ``gongbao check`` stays fast as the archive grows.

Parsing front matter, validating fields and scanning text for leaks is per-file work; only the
cross-file rules (三同步, references, uniqueness) need the whole corpus, and they are cheap. The
cache maps a source file's path, size and modification time (plus everything else that shapes
the result) to what loading it produced. It lives in the cache folder, is written atomically,
keeps only the entries used by the last run, and any damaged or foreign cache is ignored.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

__all__ = ["FileCache"]

# Bump when the shape of cached values (records, findings) changes.
_VERSION = "gongbao-sources/1"


class FileCache:
    """``key → value`` for the current run, backed by one pickle file (or nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[Hashable, Any] = {}
        self._new: dict[Hashable, Any] = {}
        self.hits = 0
        if path is not None and path.is_file():
            with contextlib.suppress(Exception):  # a damaged cache only costs time
                with path.open("rb") as fh:
                    data = pickle.load(fh)
                if isinstance(data, dict) and data.get("version") == _VERSION:
                    self._old = data["entries"]

    def get(self, key: Hashable) -> Any | None:
        """The cached value, or ``None``; a hit is kept for the next run."""
        if key in self._old:
            self.hits += 1
            value = self._new[key] = self._old[key]
            return value
        return None

    def put(self, key: Hashable, value: Any) -> None:
        """Remember ``value`` for ``key``."""
        self._new[key] = value

    def save(self) -> None:
        """Write the entries of this run (atomically)."""
        if self.path is None or self._new.keys() == self._old.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".sources-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"version": _VERSION, "entries": self._new}, fh, protocol=5)
            Path(tmp).replace(self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
