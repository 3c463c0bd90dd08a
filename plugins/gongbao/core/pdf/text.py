"""What reading a PDF gives (:class:`PdfText`), and the version of the code that gave it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gongbao.core.pdf.ops import pypdf_version
from gongbao.core.textnorm import TEXTNORM_VERSION

__all__ = ["EXTRACTOR_VERSION", "PdfText"]

#: Part of every cache key: a new pypdf, a new normalisation or a new set of extracted fields
#: must not serve stale entries. (gongbao-pdf/2: every /Info entry and the XMP text.)
EXTRACTOR_VERSION = f"gongbao-pdf/2 pypdf/{pypdf_version()} textnorm/{TEXTNORM_VERSION}"


@dataclass(frozen=True)
class PdfText:
    """Text and metadata extracted from one PDF file.

    ``pages`` holds the normalised text (:func:`gongbao.core.textnorm.normalize_text`)
    of each page; ``garbled_pages`` lists the 1-based pages whose text looks silently
    mis-decoded (:func:`gongbao.core.textnorm.cjk_garbage_ratio` above
    ``GARBLED_THRESHOLD``), which must not be indexed as if it were correct.
    ``metadata`` has only the keys present and non-empty among ``title``, ``author``,
    ``subject``, ``creator``, ``producer`` and ``creation_date`` (ISO 8601 when the PDF
    date parses, else the raw value).

    For a leak scan, ``info_text`` holds *every* document-information (/Info) entry, custom
    keys and empty values included, as ``(PDF name, text)`` sorted by name, e.g.
    ``("/Author", "王守强")``, ``("/Trapped", "/False")``; values are raw (dates unparsed,
    arrays and dictionaries flattened to their text). A string stored without a Unicode
    marker whose bytes also read as GB18030 (older Chinese tools) has that reading on a
    second line. ``xmp_text`` is the text of the document's XMP metadata packet (element
    text and attribute values, one per line; the whole packet if it is not well-formed
    XML), ``""`` without one. Neither is normalised.
    """

    path: Path
    sha256: str
    page_count: int
    metadata: Mapping[str, str]
    pages: tuple[str, ...]
    garbled_pages: tuple[int, ...]
    info_text: tuple[tuple[str, str], ...] = ()
    xmp_text: str = ""

    @property
    def text(self) -> str:
        """All pages joined by newlines."""
        return "\n".join(self.pages)
