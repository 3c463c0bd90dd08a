"""The pypdf operations, run inside the child process (:mod:`gongbao.core.pdf.sandbox`).

The only module of gongbao that imports pypdf (tests/test_architecture.py). pypdf (with
Pillow, ≈ 0.2 s) loads only when a PDF is actually read or written: ``gongbao check`` on an
archive whose PDFs are all cached never needs it, so every import here is inside a function.

Each operation takes bytes and plain values and returns plain values (they cross a pipe).
Written PDFs are deterministic: a fixed /ID chosen by the parent, no dates, and nothing of
the source's document information or XMP packet unless asked for.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongbao.core.pdf.errors import OperationError, PdfErrorReason
from gongbao.core.pdf.metadata import INFO_FIELDS, pdf_date, xmp_text
from gongbao.core.textnorm import GARBLED_THRESHOLD, cjk_garbage_ratio, normalize_text

if TYPE_CHECKING:
    import pypdf
    from pypdf.generic import ByteStringObject, PdfObject, TextStringObject

__all__ = ["OPERATIONS", "library_reason", "op_extract", "preload", "pypdf_version"]

_VERSION_RE = re.compile(r"""^__version__\s*=\s*["']([^"'\s]+)["']""", re.MULTILINE)
# Arrays and dictionaries inside /Info are flattened to this depth (cycles end there).
_MAX_DEPTH = 8


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


def _string_text(value: TextStringObject | ByteStringObject) -> str:
    from pypdf.generic import TextStringObject

    if isinstance(value, TextStringObject):
        text = str(value)
        if not value.autodetect_pdfdocencoding:  # UTF-16 with a marker, or made from str
            return text
        raw = value.original_bytes
        # Older Chinese tools write GBK without any marker; pypdf reads it as PDFDocEncoding
        # (王守强 -> ÍõÊØÇ¿). Both readings are kept, so a scan sees the real one.
        if max(raw, default=0) >= 0x80:
            with contextlib.suppress(UnicodeDecodeError):
                other = raw.decode("gb18030")
                if other != text:
                    return f"{text}\n{other}"
        return text
    raw = bytes(value)  # ByteStringObject: bytes pypdf could not decode as text
    for encoding in ("utf-8", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(encoding)
    return raw.decode("latin-1")


def _object_text(value: PdfObject | None, depth: int = 0) -> str:
    """The text of an /Info value: strings decoded, containers flattened, others as written."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        NullObject,
        TextStringObject,
    )

    if value is None or depth > _MAX_DEPTH:
        return ""
    value = value.get_object()
    if value is None or isinstance(value, NullObject):
        return ""
    if isinstance(value, TextStringObject | ByteStringObject):
        return _string_text(value)
    if isinstance(value, ArrayObject):
        parts = (_object_text(item, depth + 1) for item in value)
    elif isinstance(value, DictionaryObject):
        parts = (f"{key} {_object_text(item, depth + 1)}" for key, item in value.items())
    else:
        return str(value)
    return " ".join(part for part in parts if part)


def _read_info_text(reader: pypdf.PdfReader) -> list[tuple[str, str]]:
    info = reader.metadata
    if info is None:
        return []
    return sorted((str(key), _object_text(value)) for key, value in info.items())


def _read_xmp_text(reader: pypdf.PdfReader) -> str:
    from pypdf.generic import StreamObject

    try:
        stream = reader.root_object.get("/Metadata")
        stream = stream.get_object() if stream is not None else None
        if not isinstance(stream, StreamObject):
            return ""
        data = stream.get_data()
    except Exception as exc:  # a broken packet must not make the pages unreadable
        warnings.warn(f"XMP metadata unreadable: {type(exc).__name__}: {exc}", stacklevel=1)
        return ""
    return xmp_text(data)


def op_extract(data: bytes) -> dict[str, Any]:
    """Normalised page text, garbled pages and metadata of the PDF ``data``."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    # Normalised and checked here, in the child: side by side with the other children, not
    # one after another in the parent.
    pages = [normalize_text(page.extract_text()) for page in reader.pages]
    garbled = [n for n, page in enumerate(pages, 1) if cjk_garbage_ratio(page) > GARBLED_THRESHOLD]
    return {
        "metadata": _read_metadata(reader),
        "pages": pages,
        "garbled": garbled,
        "info_text": _read_info_text(reader),
        "xmp_text": _read_xmp_text(reader),
    }


def _op_count(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


# --------------------------------------------------------------------------------------
# Writing


def _drop_unreachable(writer: pypdf.PdfWriter) -> None:
    """Forget objects the written file would not reference (they would still be written).

    Removing an entry (the source's /Info, its XMP stream) leaves the object itself in the
    writer; pypdf writes every object it holds, so without this the removed metadata would
    still be in the file's bytes.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    objects = writer._objects
    roots: list[Any] = [writer.root_object, writer._info]
    reached: set[int] = set()
    stack: list[Any] = []
    for root in roots:
        if root is not None and root.indirect_reference is not None:
            reached.add(root.indirect_reference.idnum)
            stack.append(root)
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if value.pdf is not writer or value.idnum in reached:
                continue
            reached.add(value.idnum)
            if 0 < value.idnum <= len(objects):
                stack.append(objects[value.idnum - 1])
        elif isinstance(value, DictionaryObject):  # streams included
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    for index in range(len(objects)):
        if index + 1 not in reached:
            objects[index] = None


def _finish(
    writer: pypdf.PdfWriter, info: Mapping[str, str] | None, file_id: bytes, *, exact: bool
) -> bytes:
    """The bytes of ``writer`` with the document information ``info`` and /ID ``file_id``.

    ``exact``: /Info holds ``info`` and nothing else (no /Producer of pypdf's own, no /Info
    at all when ``info`` is empty); otherwise ``info`` is added to what the writer has.
    """
    from pypdf.generic import ArrayObject, ByteStringObject

    if exact:
        writer.metadata = None
    if info:
        writer.add_metadata(dict(info))
    _drop_unreachable(writer)
    # No public setter for a chosen /ID (generate_file_identifiers() draws random bytes).
    writer._ID = ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _op_split(
    data: bytes, jobs: Sequence[tuple[tuple[int, int], Mapping[str, str], bytes]]
) -> list[tuple[bytes, int]]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    for (start, end), _info, _id in jobs:
        if not 1 <= start <= end <= count:
            raise _bad_range(start, end, count)
    outputs = []
    for (start, end), info, file_id in jobs:
        # A new writer: pages only, none of the source's /Info or XMP packet.
        writer = pypdf.PdfWriter()
        for index in range(start - 1, end):
            writer.add_page(reader.pages[index])
        outputs.append((_finish(writer, info, file_id, exact=False), end - start + 1))
    return outputs


def _op_outline(
    data: bytes,
    items: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    info: Mapping[str, str],
    file_id: bytes,
) -> tuple[bytes, int]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    for _section, articles in items:
        for _title, page in articles:
            if not 1 <= page <= count:
                raise _bad_range(page, page, count)
    writer = pypdf.PdfWriter()
    # append() copies pages (not the source's /Info or XMP packet: a new writer has its own).
    writer.append(reader, import_outline=False)
    for section, articles in items:
        parent = writer.add_outline_item(title=section, page_number=articles[0][1] - 1)
        for title, page in articles:
            writer.add_outline_item(title=title, page_number=page - 1, parent=parent)
    writer.page_mode = "/UseOutlines"
    return _finish(writer, info, file_id, exact=False), count


def _op_clean(data: bytes, info: Mapping[str, str], file_id: bytes) -> tuple[bytes, int]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    count = len(reader.pages)  # an encrypted file fails here, before anything is cloned
    # A clone keeps everything of the document (pages, bookmarks, forms, structure) ...
    writer = pypdf.PdfWriter(clone_from=reader)
    # ... except its metadata: the XMP packet goes, /Info becomes exactly ``info``.
    writer.xmp_metadata = None
    return _finish(writer, info, file_id, exact=True), count


#: Operation name -> function, looked up in the child (tests replace entries).
OPERATIONS: dict[str, Callable[..., Any]] = {
    "extract": op_extract,
    "count": _op_count,
    "split": _op_split,
    "outline": _op_outline,
    "clean": _op_clean,
}
