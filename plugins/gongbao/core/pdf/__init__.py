"""PDF text extraction and gazette PDF operations; the only package that uses pypdf.

Every pypdf call runs in a child process with a wall-clock timeout and an address-space
limit: gazette PDFs come from many hands (scanners, WPS, OFD converters, e-mail), and a
single hostile or broken file must neither hang nor exhaust the site build. Every failure
surfaces as :class:`PdfError` whose message is one Chinese sentence naming the file.

The package by concept:

- :mod:`~gongbao.core.pdf.api`: what callers use (read, count, split, outline, clean);
- :mod:`~gongbao.core.pdf.text`: :class:`PdfText`, what reading gives;
- :mod:`~gongbao.core.pdf.cache`: :class:`PdfTextCache`, signed extracted-text entries;
- :mod:`~gongbao.core.pdf.generated`: signed sidecars of written PDFs, :func:`reusable`;
- :mod:`~gongbao.core.pdf.errors`: :class:`PdfError` and its messages;
- :mod:`~gongbao.core.pdf.sandbox`: the child process (isolation, limits, results);
- :mod:`~gongbao.core.pdf.ops`: the pypdf operations run in it (the only pypdf importer);
- :mod:`~gongbao.core.pdf.files` and :mod:`~gongbao.core.pdf.metadata`: input reading,
  atomic writes, metadata names, dates and XMP text.
"""

from __future__ import annotations

from gongbao.core.pdf.api import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    clean_pdf,
    page_count,
    preload_pypdf,
    read_pdf,
    read_pdfs,
    split_pdf,
    write_outlined_pdf,
)
from gongbao.core.pdf.cache import PdfTextCache
from gongbao.core.pdf.errors import PdfError, PdfErrorReason
from gongbao.core.pdf.generated import reusable
from gongbao.core.pdf.text import EXTRACTOR_VERSION, PdfText

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "EXTRACTOR_VERSION",
    "PdfError",
    "PdfErrorReason",
    "PdfText",
    "PdfTextCache",
    "clean_pdf",
    "page_count",
    "preload_pypdf",
    "read_pdf",
    "read_pdfs",
    "reusable",
    "split_pdf",
    "write_outlined_pdf",
]
