"""Document metadata without a PDF parser: key names, dates, file identifiers, XMP text.

Used on both sides: the parent checks the metadata it is asked to write, the child turns what
it reads into text. Nothing here imports pypdf.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

__all__ = ["INFO_FIELDS", "file_id", "info_dict", "pdf_date", "xmp_text"]

# Keys accepted for written metadata (besides raw PDF names such as "/Title").
_WRITE_KEYS = {
    "title": "/Title",
    "author": "/Author",
    "subject": "/Subject",
    "keywords": "/Keywords",
    "creator": "/Creator",
    "producer": "/Producer",
}

#: /Info entries read into ``PdfText.metadata``, under these names.
INFO_FIELDS = {
    "/Title": "title",
    "/Author": "author",
    "/Subject": "subject",
    "/Creator": "creator",
    "/Producer": "producer",
    "/CreationDate": "creation_date",
}


def info_dict(metadata: Mapping[str, str]) -> dict[str, str]:
    """``metadata`` with PDF names as keys (``title`` -> ``/Title``), sorted.

    Raises:
        ValueError: a key that is neither a known name nor a raw PDF name.
    """
    info: dict[str, str] = {}
    for key, value in metadata.items():
        if key.startswith("/") and len(key) > 1:
            info[key] = str(value)
        elif key in _WRITE_KEYS:
            info[_WRITE_KEYS[key]] = str(value)
        else:
            raise ValueError(f"unknown PDF metadata key {key!r} (use one of {_WRITE_KEYS})")
    return dict(sorted(info.items()))


def file_id(source_sha: str, *parts: Any) -> bytes:
    """A 16-byte /ID derived from everything that defines an output."""
    # /ID is meant to be unique per file; deriving it from everything that defines the
    # output keeps it unique for different outputs and identical for identical ones.
    blob = json.dumps([source_sha, *parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).digest()[:16]


def pdf_date(value: str) -> str:
    """``D:20240226144123+08'00'`` -> ``2024-02-26T14:41:23+08:00`` (raw value if odd)."""
    match = re.fullmatch(
        r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
        r"(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?",
        value.strip(),
    )
    if not match:
        return value
    year, month, day, hour, minute, second, zulu, sign, tzh, tzm = match.groups()
    try:
        stamp = dt.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
        if zulu:
            stamp = stamp.replace(tzinfo=dt.UTC)
        elif sign:
            offset = dt.timedelta(hours=int(tzh), minutes=int(tzm or 0))
            stamp = stamp.replace(tzinfo=dt.timezone(-offset if sign == "-" else offset))
    except ValueError:
        return value
    return stamp.isoformat()


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_BE, "utf-16"),
        (codecs.BOM_UTF16_LE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


def xmp_text(data: bytes) -> str:
    """The text of an XMP packet: element text and attribute values, one per line.

    XMP states values both ways (``<dc:creator>…</dc:creator>`` and ``pdf:Producer="…"``),
    so both are kept, in document order. A packet that does not parse as XML is returned
    whole (decoded), markup included: nothing in it may escape a scan.
    """
    try:
        # Parsed in the bounded child; ElementTree resolves no external entities.
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError):
        return _decode(data).strip()
    parts: list[str] = []
    # Iterative (a hostile packet may nest deeper than the recursion limit): an element's
    # attributes and text, then its children, then the text after it.
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        element, closed = stack.pop()
        if closed:
            parts.append(element.tail or "")
            continue
        parts.extend(element.attrib.values())
        parts.append(element.text or "")
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return "\n".join(part.strip() for part in parts if part.strip())
