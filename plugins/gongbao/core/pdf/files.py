"""The parent's file work: bounded reading of input PDFs, atomic writes, digests."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from gongbao.core.pdf.errors import PdfError, PdfErrorReason

__all__ = ["atomic_write", "canonical_json", "file_sha256", "read_input", "write_output"]

# The PDF header may be preceded by junk; Acrobat accepts it within the first 1024 bytes.
_HEADER_WINDOW = 1024
_CHUNK = 2**20


def read_input(path: Path, shown: str, max_bytes: int) -> bytes:
    """Read the whole file after cheap checks that need no PDF parser.

    Raises:
        PdfError: too large (checked before and while reading), unreadable, empty, or
            without a ``%PDF-`` header.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise PdfError(
                path, PdfErrorReason.TOO_LARGE, display_path=shown, size=size, max_bytes=max_bytes
            )
        with path.open("rb") as handle:
            # +1 so a file that grew after stat() is still caught by the size check.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise PdfError(
            path,
            PdfErrorReason.UNREADABLE,
            display_path=shown,
            detail=str(exc),
            error=exc.strerror or type(exc).__name__,
        ) from exc
    if len(data) > max_bytes:
        raise PdfError(
            path, PdfErrorReason.TOO_LARGE, display_path=shown, size=len(data), max_bytes=max_bytes
        )
    if not data.strip():
        raise PdfError(path, PdfErrorReason.EMPTY, display_path=shown)
    # pypdf reports an HTML error page and a truncated PDF alike (PdfStreamError); the
    # header tells them apart, and editors need different advice for each.
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError(path, PdfErrorReason.NOT_PDF, display_path=shown)
    return data


def atomic_write(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` through a temporary file and ``os.replace``.

    Readers (and an interrupted build) see the old file or the new one, never a part.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.replace(dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_output(dest: Path, data: bytes) -> None:
    """:func:`atomic_write`, with a failure reported as :class:`PdfError` (``unwritable``)."""
    try:
        atomic_write(dest, data)
    except OSError as exc:
        raise PdfError(
            dest,
            PdfErrorReason.UNWRITABLE,
            detail=str(exc),
            error=exc.strerror or type(exc).__name__,
        ) from exc


def file_sha256(path: Path) -> str:
    """SHA-256 hex digest of the file at ``path``, read in chunks (raises ``OSError``)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def canonical_json(payload: Any) -> bytes:
    """The one byte form of a JSON value that is signed: sorted keys, no spaces, ASCII.

    ASCII escapes keep any string (even a lone surrogate from a broken PDF) encodable, and
    make the bytes independent of how the stored file was formatted.
    """
    return json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode(
        "ascii"
    )
