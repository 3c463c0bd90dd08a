"""What the build calls: read PDFs, count pages, cut, outline and clean them.

Each call reads the input in the parent (bounded, see :func:`~gongbao.core.pdf.files.read_input`),
runs the pypdf work in an isolated child (:mod:`gongbao.core.pdf.sandbox`) and, for writers,
writes the result atomically with a signed sidecar (:mod:`gongbao.core.pdf.generated`). Every
failure is a :class:`PdfError` whose message is one Chinese sentence naming the file.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from gongbao.core.cores import usable_cores
from gongbao.core.pdf import ops
from gongbao.core.pdf.cache import PdfTextCache
from gongbao.core.pdf.errors import PdfError
from gongbao.core.pdf.files import read_input
from gongbao.core.pdf.generated import write_generated
from gongbao.core.pdf.metadata import file_id, info_dict
from gongbao.core.pdf.sandbox import Isolated, run_isolated
from gongbao.core.pdf.text import PdfText

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "clean_pdf",
    "page_count",
    "preload_pypdf",
    "read_pdf",
    "read_pdfs",
    "split_pdf",
    "write_outlined_pdf",
]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 200 * 2**20
DEFAULT_MAX_MEMORY = 1024 * 2**20


def preload_pypdf() -> None:
    """Import pypdf now (≈ 0.1 s), so that the first PDF read does not wait for it."""
    ops.preload()


def read_pdf(
    path: Path,
    *,
    display_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory: int = DEFAULT_MAX_MEMORY,
    cache: PdfTextCache | None = None,
) -> PdfText:
    """Extract normalised per-page text and metadata from ``path``.

    Extraction runs in a child process that is killed after ``timeout`` seconds and may
    allocate at most ``max_memory`` bytes of address space beyond what it starts with.
    Files larger than ``max_bytes`` are rejected without being read. With ``cache``, an
    unchanged file (same SHA-256) is served from the cache without starting a child.

    Raises:
        PdfError: for every problem with the file; never a pypdf exception.
    """
    path = Path(path)
    shown = display_path if display_path is not None else str(path)
    data = read_input(path, shown, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    if cache is not None:
        hit = cache.get(sha256)
        if hit is not None:
            return replace(hit, path=path)
    raw = run_isolated("extract", (data,), path, shown, timeout, max_memory)
    return _extracted(path, sha256, raw, cache)


def _extracted(path: Path, sha256: str, raw: dict[str, Any], cache: PdfTextCache | None) -> PdfText:
    """The :class:`PdfText` of what the child extracted and normalised (cached if asked)."""
    pages = tuple(raw["pages"])
    result = PdfText(
        path=path,
        sha256=sha256,
        page_count=len(pages),
        metadata=raw["metadata"],
        pages=pages,
        garbled_pages=tuple(raw["garbled"]),
        info_text=tuple((key, value) for key, value in raw["info_text"]),
        xmp_text=raw["xmp_text"],
    )
    if cache is not None:
        cache.put(result)
    return result


def read_pdfs(
    files: Sequence[tuple[Path, str]],
    *,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory: int = DEFAULT_MAX_MEMORY,
    cache: PdfTextCache | None = None,
) -> list[PdfText | PdfError]:
    """:func:`read_pdf` for each ``(path, display_path)``, with up to ``workers`` children at
    once (default: one per core, at most four); results in the order of ``files``.

    Each child has the whole ``timeout`` and ``max_memory`` to itself, as with
    :func:`read_pdf` (so hostile files could hold ``workers × max_memory`` at once); a
    failure is returned, not raised.
    """
    if workers is None:
        workers = min(4, usable_cores())
    from multiprocessing.connection import wait as wait_ready

    results: dict[int, PdfText | PdfError] = {}
    # Files to extract, by index. Their contents are read again when their child starts:
    # an archive's worth of issue PDFs is not held in memory at once.
    queue: list[int] = []
    for index, (path, shown) in enumerate(files):
        try:
            data = read_input(Path(path), shown, max_bytes)
        except PdfError as exc:
            results[index] = exc
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        hit = cache.get(sha256) if cache is not None else None
        if hit is not None:
            results[index] = replace(hit, path=Path(path))
        else:
            queue.append(index)
        del data
    queue.reverse()  # popped from the end: first file first
    running: list[tuple[int, str, Isolated]] = []
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                index = queue.pop()
                path, shown = Path(files[index][0]), files[index][1]
                try:
                    data = read_input(path, shown, max_bytes)
                except PdfError as exc:  # changed or removed meanwhile
                    results[index] = exc
                    continue
                sha256 = hashlib.sha256(data).hexdigest()
                child = Isolated("extract", (data,), path, shown, timeout, max_memory)
                del data
                if child.error is not None:  # could not start: nothing to wait for
                    results[index] = child.error
                else:
                    running.append((index, sha256, child))
            if not running:
                continue
            # Whichever child answers first frees its slot (a hanging file does not hold up
            # the others); if none answers before the earliest deadline, that one timed out.
            earliest = min(running, key=lambda entry: entry[2].deadline)
            ready = wait_ready(
                [entry[2].receiver for entry in running],
                timeout=max(0.0, earliest[2].deadline - time.monotonic()),
            )
            done = [entry for entry in running if entry[2].receiver in ready] or [earliest]
            for entry in done:
                running.remove(entry)
                index, sha256, child = entry
                try:
                    result = child.result()
                    results[index] = _extracted(Path(files[index][0]), sha256, result, cache)
                except PdfError as exc:
                    results[index] = exc
    finally:
        for _, _, child in running:  # only after an unexpected exception
            child.stop()
    return [results[index] for index in range(len(files))]


def page_count(
    path: Path,
    *,
    display_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory: int = DEFAULT_MAX_MEMORY,
) -> int:
    """Number of pages of ``path`` (no text extraction; same isolation and errors)."""
    path = Path(path)
    shown = display_path if display_path is not None else str(path)
    data = read_input(path, shown, max_bytes)
    count: int = run_isolated("count", (data,), path, shown, timeout, max_memory)
    return count


def split_pdf(
    src: Path,
    ranges: Sequence[tuple[int, int]],
    dests: Sequence[Path],
    metadata: Sequence[Mapping[str, str]],
    *,
    display_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory: int = DEFAULT_MAX_MEMORY,
) -> None:
    """Cut 1-based inclusive page ``ranges`` of ``src`` into the PDFs ``dests``.

    ``metadata[i]`` becomes the document information of ``dests[i]``; keys are
    ``title``, ``author``, ``subject``, ``keywords``, ``creator``, ``producer`` or raw
    PDF names such as ``/Title``; pypdf adds ``/Producer (pypdf)`` unless one is given.
    Nothing of the source's document information or XMP packet is copied. Output bytes
    depend only on the inputs (fixed /ID, no dates), so rebuilding an unchanged site
    rewrites identical files. Each destination is written atomically, with a signed
    sidecar (see :func:`reusable`). All ranges are checked before anything is written.

    Raises:
        PdfError: unreadable source, invalid range (the message names the range and the
            page count) or an unwritable destination.
        ValueError: ``ranges``, ``dests`` and ``metadata`` differ in length, or an
            unknown metadata key.
    """
    if not len(ranges) == len(dests) == len(metadata):
        raise ValueError("split_pdf: ranges, dests and metadata must have the same length")
    infos = [info_dict(meta) for meta in metadata]
    src = Path(src)
    shown = display_path if display_path is not None else str(src)
    data = read_input(src, shown, max_bytes)
    source_sha = hashlib.sha256(data).hexdigest()
    jobs = [
        ((int(start), int(end)), info, file_id(source_sha, "split", (start, end), info))
        for (start, end), info in zip(ranges, infos, strict=True)
    ]
    outputs: list[tuple[bytes, int]] = run_isolated(
        "split", (data, jobs), src, shown, timeout, max_memory
    )
    for dest, (output, pages) in zip(dests, outputs, strict=True):
        write_generated(Path(dest), output, pages)


def write_outlined_pdf(
    src: Path,
    dest: Path,
    outline: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    metadata: Mapping[str, str],
    *,
    display_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory: int = DEFAULT_MAX_MEMORY,
) -> None:
    """Copy the issue PDF ``src`` to ``dest`` with bookmarks and document metadata.

    ``outline`` is ``[(section_title, [(article_title, start_page), ...]), ...]`` with
    1-based pages: each section becomes a top-level bookmark pointing at its first
    article's page, each article a child bookmark. Existing bookmarks of ``src`` are
    dropped. The viewer opens with the bookmarks panel (/PageMode /UseOutlines). Output
    bytes depend only on the inputs (fixed /ID, no dates). ``metadata`` keys as for
    :func:`split_pdf` (and, as there, nothing of the source's metadata is copied). ``dest``
    gets a signed sidecar (see :func:`reusable`).

    Raises:
        PdfError: unreadable source, a page outside the document, unwritable ``dest``.
        ValueError: a section without articles, or an unknown metadata key.
    """
    info = info_dict(metadata)
    items: list[tuple[str, list[tuple[str, int]]]] = []
    for section, articles in outline:
        if not articles:
            raise ValueError(f"write_outlined_pdf: section {section!r} has no articles")
        items.append((str(section), [(str(title), int(page)) for title, page in articles]))
    src = Path(src)
    shown = display_path if display_path is not None else str(src)
    data = read_input(src, shown, max_bytes)
    identifier = file_id(hashlib.sha256(data).hexdigest(), "outline", items, info)
    output, pages = run_isolated(
        "outline", (data, items, info, identifier), src, shown, timeout, max_memory
    )
    write_generated(Path(dest), output, pages)


def clean_pdf(
    src: Path,
    dest: Path,
    info: Mapping[str, str],
    *,
    display_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_memory: int = DEFAULT_MAX_MEMORY,
) -> None:
    """Copy ``src`` to ``dest`` with its metadata reduced to exactly ``info``.

    The copy keeps the document as it is (pages, bookmarks, links, forms) but its document
    information (/Info) holds exactly the entries of ``info`` (keys as for
    :func:`split_pdf`: ``title``, ``subject``, ``author``, ``producer``, ... or raw PDF
    names; no /Info at all when ``info`` is empty) and it has no XMP metadata packet.
    Objects only the removed metadata used are not written either, so a clerk's name in
    the source's /Author is gone from the bytes, not just unlinked. Output bytes depend
    only on the source and ``info`` (fixed /ID, no dates); ``dest`` is written atomically
    with a signed sidecar (see :func:`reusable`).

    Raises:
        PdfError: unreadable, encrypted or broken source, or unwritable ``dest``.
        ValueError: an unknown metadata key.
    """
    fields = info_dict(info)
    src = Path(src)
    shown = display_path if display_path is not None else str(src)
    data = read_input(src, shown, max_bytes)
    identifier = file_id(hashlib.sha256(data).hexdigest(), "clean", fields)
    output, pages = run_isolated(
        "clean", (data, fields, identifier), src, shown, timeout, max_memory
    )
    write_generated(Path(dest), output, pages)
