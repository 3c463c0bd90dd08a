"""Rendered page HTML kept on disk between MkDocs' two passes.

MkDocs converts every page's Markdown before it renders the first template; for a large archive
that is tens of thousands of HTML strings alive at once. The plugin parks each record page's
HTML here, compressed, in one anonymous temporary file (deleted by the system when closed, even
after a crash), and takes it back just before the page's template is rendered. The file lives
in the site's cache folder, not in the system's temporary folder, which is often a RAM-backed
tmpfs where parking would only move the memory elsewhere.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path
from typing import IO

__all__ = ["PageParking"]


class PageParking:
    """``park(key, html)`` now, ``take(key)`` once later; ``close()`` when the build ends."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._file: IO[bytes] | None = None
        self._slots: dict[str, tuple[int, int]] = {}
        self._end = 0

    def __contains__(self, key: str) -> bool:
        return key in self._slots

    def __len__(self) -> int:
        return len(self._slots)

    def park(self, key: str, html: str) -> bool:
        """Store ``html`` under ``key`` (replacing what was parked under it); ``False`` when
        the folder cannot take it (the caller keeps the page in memory instead)."""
        if self._file is None:
            try:
                self._directory.mkdir(parents=True, exist_ok=True)
                # Kept open across events and closed in close(): no with-block can span them.
                self._file = tempfile.TemporaryFile(  # noqa: SIM115
                    prefix="gongbao-pages-", dir=self._directory
                )
            except OSError:
                return False
        data = zlib.compress(html.encode("utf-8"), 1)
        os.pwrite(self._file.fileno(), data, self._end)
        self._slots[key] = (self._end, len(data))
        self._end += len(data)
        return True

    def take(self, key: str) -> str | None:
        """The HTML parked under ``key``, forgotten afterwards; ``None`` if there is none."""
        slot = self._slots.pop(key, None)
        if slot is None or self._file is None:
            return None
        offset, length = slot
        data = os.pread(self._file.fileno(), length, offset)
        if len(data) != length:  # the file is ours alone: only a failing disk gets here
            raise OSError(f"parked page {key!r}: read {len(data)} of {length} bytes")
        return zlib.decompress(data).decode("utf-8")

    def close(self) -> None:
        """Drop everything parked and delete the file."""
        self._slots.clear()
        self._end = 0
        if self._file is not None:
            self._file.close()
            self._file = None
