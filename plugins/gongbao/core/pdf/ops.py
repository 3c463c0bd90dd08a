"""The pypdf operations, run inside the child process (:mod:`gongbao.core.pdf.sandbox`).

The only module of gongbao that imports pypdf (tests/test_architecture.py). pypdf (with
Pillow, ≈ 0.2 s) loads only when a PDF is actually read or written: ``gongbao check`` on an
archive whose PDFs are all cached never needs it, so every import here is inside a function.

Each operation takes bytes and plain values and returns plain values (they cross a pipe).
Written PDFs are deterministic: a fixed /ID chosen by the parent, no dates.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongbao.core.pdf.errors import OperationError, PdfErrorReason
from gongbao.core.pdf.metadata import INFO_FIELDS, pdf_date
from gongbao.core.textnorm import GARBLED_THRESHOLD, cjk_garbage_ratio, normalize_text

if TYPE_CHECKING:
    import pypdf

__all__ = ["OPERATIONS", "library_reason", "op_extract", "preload", "pypdf_version"]

_VERSION_RE = re.compile(r"""^__version__\s*=\s*["']([^"'\s]+)["']""", re.MULTILINE)


def preload() -> None:
    """Import pypdf now (≈ 0.1 s); a forked child then starts with it loaded."""
    import pypdf  # noqa: F401


def pypdf_version() -> str:
    """pypdf's ``__version__``, read from its ``_version.py`` without importing pypdf."""
    with contextlib.suppress(Exception):  # any surprise: ask pypdf itself, below
        spec = importlib.util.find_spec("pypdf")
        if spec is not None and spec.origin:
            text = Path(spec.origin).with_name("_version.py").read_text(encoding="utf-8")
            match = _VERSION_RE.search(text)
            if match:
                return match.group(1)
    import pypdf

    return str(pypdf.__version__)


def library_reason(exc: BaseException) -> PdfErrorReason | None:
    """The reason for one of pypdf's own exceptions (``None``: not pypdf's)."""
    from pypdf.errors import (
        DependencyError,
        EmptyFileError,
        FileNotDecryptedError,
        LimitReachedError,
        PyPdfError,
    )

    # DependencyError (AES without a crypto library) is not a PyPdfError subclass.
    if isinstance(exc, FileNotDecryptedError | DependencyError):
        return PdfErrorReason.ENCRYPTED
    if isinstance(exc, EmptyFileError):
        return PdfErrorReason.EMPTY
    if isinstance(exc, LimitReachedError):
        return PdfErrorReason.LIMIT
    if isinstance(exc, PyPdfError):
        return PdfErrorReason.CORRUPT
    return None


def _bad_range(start: int, end: int, count: int) -> OperationError:
    return OperationError(
        PdfErrorReason.BAD_RANGE,
        f"page range {start}-{end} outside 1-{count}",
        start=start,
        end=end,
        page_count=count,
    )


# --------------------------------------------------------------------------------------
# Reading


def _read_metadata(reader: pypdf.PdfReader) -> dict[str, str]:
    info = reader.metadata
    if info is None:
        return {}
    result: dict[str, str] = {}
    for pdf_key, key in INFO_FIELDS.items():
        value = info.get(pdf_key)
        if value is None:
            continue
        text = str(value.get_object()).strip()
        if text:
            result[key] = pdf_date(text) if key == "creation_date" else text
    return result


def op_extract(data: bytes) -> dict[str, Any]:
    """Normalised page text, garbled pages and metadata of the PDF ``data``."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    # Normalised and checked here, in the child: side by side with the other children, not
    # one after another in the parent.
    pages = [normalize_text(page.extract_text()) for page in reader.pages]
    garbled = [n for n, page in enumerate(pages, 1) if cjk_garbage_ratio(page) > GARBLED_THRESHOLD]
    return {"metadata": _read_metadata(reader), "pages": pages, "garbled": garbled}


def _op_count(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


# --------------------------------------------------------------------------------------
# Writing


def _finish(writer: pypdf.PdfWriter, info: Mapping[str, str], file_id: bytes) -> bytes:
    """The bytes of ``writer`` with the document information ``info`` and /ID ``file_id``."""
    from pypdf.generic import ArrayObject, ByteStringObject

    writer.add_metadata(dict(info))
    # No public setter for a chosen /ID (generate_file_identifiers() draws random bytes).
    writer._ID = ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _op_split(
    data: bytes, jobs: Sequence[tuple[tuple[int, int], Mapping[str, str], bytes]]
) -> list[bytes]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    for (start, end), _info, _id in jobs:
        if not 1 <= start <= end <= count:
            raise _bad_range(start, end, count)
    outputs = []
    for (start, end), info, file_id in jobs:
        writer = pypdf.PdfWriter()
        for index in range(start - 1, end):
            writer.add_page(reader.pages[index])
        outputs.append(_finish(writer, info, file_id))
    return outputs


def _op_outline(
    data: bytes,
    items: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    info: Mapping[str, str],
    file_id: bytes,
) -> bytes:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    for _section, articles in items:
        for _title, page in articles:
            if not 1 <= page <= count:
                raise _bad_range(page, page, count)
    writer = pypdf.PdfWriter()
    writer.append(reader, import_outline=False)
    for section, articles in items:
        parent = writer.add_outline_item(title=section, page_number=articles[0][1] - 1)
        for title, page in articles:
            writer.add_outline_item(title=title, page_number=page - 1, parent=parent)
    writer.page_mode = "/UseOutlines"
    return _finish(writer, info, file_id)


#: Operation name -> function, looked up in the child (tests replace entries).
OPERATIONS: dict[str, Callable[..., Any]] = {
    "extract": op_extract,
    "count": _op_count,
    "split": _op_split,
    "outline": _op_outline,
}
