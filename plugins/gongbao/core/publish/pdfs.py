"""Reading the PDFs a build publishes, and the copies it publishes instead of them.

PDFs are read once per build with :mod:`gongbao.core.pdf` (bounded in time and memory, cached
by content hash). What is published is never the file as delivered: its document information
is reduced to what the site sets (title, subject, the issuing body) and its XMP packet
dropped, so a clerk's name in ``/Author`` never reaches the public. Generated copies live in
the cache folder (signed, reused while intact), never in the sources.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding, Severity
from gongbao.core.findings.catalogue.files import PDF_READ, PDF_WRITE
from gongbao.core.pdf import (
    PdfError,
    PdfText,
    PdfTextCache,
    clean_pdf,
    read_pdf,
    read_pdfs,
    reusable,
)

__all__ = ["PRODUCER", "PdfMetadata", "PdfPage", "Pdfs", "metadata_of", "pages_of"]

PRODUCER = "gongbao"
"""What every PDF the site publishes names as its producer."""


@dataclass(frozen=True)
class PdfPage:
    """Extracted text of one PDF page, for the search index."""

    src_uri: str
    title: str
    page: int
    text: str
    owner_id: str
    """The document or issue the PDF belongs to."""
    indexed: bool = True
    """False for a page whose text looks mis-decoded: kept out of the search index, but
    still scanned for leaks (pypdf often reads such pages exactly)."""


@dataclass(frozen=True)
class PdfMetadata:
    """A published PDF's document information and XMP text, for the leak scan."""

    src_uri: str
    owner_id: str
    entries: tuple[tuple[str, str], ...]
    """``(key, text)``: every /Info entry, then ``("XMP", …)`` when the PDF has a packet."""


def pages_of(src_uri: str, title: str, owner_id: str, text: PdfText) -> list[PdfPage]:
    garbled = set(text.garbled_pages)
    return [
        PdfPage(src_uri, title, n, page, owner_id, indexed=n not in garbled)
        for n, page in enumerate(text.pages, 1)
        if page
    ]


def metadata_of(src_uri: str, owner_id: str, text: PdfText) -> PdfMetadata:
    entries = (*text.info_text, *((("XMP", text.xmp_text),) if text.xmp_text else ()))
    return PdfMetadata(src_uri, owner_id, entries)


class Pdfs:
    """Read PDFs once per build, with the content-hash cache and the error policy."""

    def __init__(self, settings: Settings, findings: list[Finding]) -> None:
        cache_root = settings.root / settings.cache_dir
        self.cache = PdfTextCache(cache_root / "pdf-text")
        self.out = cache_root / "pdf-out"
        self.findings = findings
        self.severity = Severity.ERROR if settings.pdf_errors == "error" else Severity.WARNING
        # (path, display path) -> what reading it gave; the display path is part of the key
        # so an error is only ever reported under the name read() would give it.
        self.read_ahead: dict[tuple[Path, str], PdfText | PdfError] = {}

    def prefetch(self, files: list[tuple[Path, str]]) -> None:
        """Extract ``(path, display_path)`` side by side, one child per core, for :meth:`read`.

        A cold build of an archive reads every issue PDF; one after another they left the
        second core idle.
        """
        unique = list(dict.fromkeys(files))
        if len(unique) > 1:
            results = read_pdfs(unique, cache=self.cache)
            self.read_ahead.update(zip(unique, results, strict=True))

    def read(self, file: Path, shown: str, owner: str, line: int | None) -> PdfText | None:
        try:
            ahead = self.read_ahead.pop((file, shown), None)
            if isinstance(ahead, PdfError):
                raise ahead
            return (
                ahead if ahead is not None else read_pdf(file, display_path=shown, cache=self.cache)
            )
        except PdfError as exc:
            self.findings.append(
                PDF_READ(
                    owner,
                    line,
                    str(exc),
                    ""
                    if self.severity is Severity.ERROR
                    else "已按 pdf_errors: warn 继续发布该文件。",
                    severity=self.severity,
                )
            )
            return None

    def clean_copy(
        self,
        source: Path,
        shown: str,
        text: PdfText,
        info: Mapping[str, str],
        owner: str,
        line: int | None,
    ) -> Path | None:
        """The copy of ``source`` to publish, with document information ``info`` only (a
        producer added); ``None`` after reporting why it could not be written."""
        info = {**info, "producer": PRODUCER}
        spec = json.dumps([text.sha256, sorted(info.items())], ensure_ascii=False)
        dest = self.out / "clean" / hashlib.sha256(spec.encode()).hexdigest()[:24] / source.name
        try:
            if not reusable(dest):  # truncated, edited or unsigned: made again
                clean_pdf(source, dest, info, display_path=shown)
        except PdfError as exc:
            self.findings.append(PDF_WRITE(owner, line, str(exc), severity=self.severity))
            return None
        return dest
