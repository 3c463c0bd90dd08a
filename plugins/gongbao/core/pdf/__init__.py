"""PDF text extraction and gazette PDF operations. The only module that imports pypdf.

Every pypdf call runs in a child process with a wall-clock timeout and an address-space
limit: gazette PDFs come from many hands (scanners, WPS, OFD converters, e-mail), and a
single hostile or broken file must neither hang nor exhaust the site build. Every failure
surfaces as :class:`PdfError` whose message is one Chinese sentence naming the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import gc
import hashlib
import importlib.util
import io
import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongbao.core.cores import usable_cores
from gongbao.core.errors import GongbaoError
from gongbao.core.textnorm import (
    GARBLED_THRESHOLD,
    TEXTNORM_VERSION,
    cjk_garbage_ratio,
    normalize_text,
)

# pypdf (with Pillow, ≈ 0.2 s) and multiprocessing load only when a PDF is actually read or
# written: ``gongbao check`` on an archive whose PDFs are all cached never needs them.
if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext

    import pypdf

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "EXTRACTOR_VERSION",
    "PdfError",
    "PdfErrorReason",
    "PdfText",
    "PdfTextCache",
    "page_count",
    "preload_pypdf",
    "read_pdf",
    "read_pdfs",
    "split_pdf",
    "write_outlined_pdf",
]

_LOG = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 200 * 2**20
DEFAULT_MAX_MEMORY = 1024 * 2**20

_VERSION_RE = re.compile(r"""^__version__\s*=\s*["']([^"'\s]+)["']""", re.MULTILINE)


def preload_pypdf() -> None:
    """Import pypdf now (≈ 0.1 s), so that the first PDF read does not wait for it."""
    import pypdf  # noqa: F401


def _pypdf_version() -> str:
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


#: Part of every cache key: a new pypdf or a new normalisation must not serve stale text.
EXTRACTOR_VERSION = f"gongbao-pdf/1 pypdf/{_pypdf_version()} textnorm/{TEXTNORM_VERSION}"


# The PDF header may be preceded by junk; Acrobat accepts it within the first 1024 bytes.
_HEADER_WINDOW = 1024
_MAX_LOGGED_WARNINGS = 20
_SHA256_RE = re.compile(r"[0-9a-f]{64}")


class PdfErrorReason(enum.StrEnum):
    """Why a PDF could not be read or written (``PdfError.reason``)."""

    EMPTY = "empty"
    NOT_PDF = "not_pdf"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    LIMIT = "limit"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    MEMORY = "memory"
    CRASHED = "crashed"
    UNREADABLE = "unreadable"
    UNWRITABLE = "unwritable"
    BAD_RANGE = "bad_range"


def _size(size: int) -> str:
    if size < 2**10:
        return f"{size} 字节"
    if size < 2**20:
        return f"{size / 2**10:.1f} KiB"
    return f"{size / 2**20:.1f} MiB"


def _message(reason: PdfErrorReason, shown: str, params: Mapping[str, Any]) -> str:
    p = f"PDF 文件 '{shown}'"
    match reason:
        case PdfErrorReason.EMPTY:
            return f"{p} 是空文件（没有任何内容），无法读取文本：请重新上传完整的文件。"
        case PdfErrorReason.NOT_PDF:
            return (
                f"{p} 不是 PDF 格式（开头没有 %PDF- 标记），无法读取文本："
                "请检查是否误存了网页或其他类型的文件。"
            )
        case PdfErrorReason.CORRUPT:
            return f"{p} 已损坏或不完整，无法读取文本：请重新导出或重新上传该文件。"
        case PdfErrorReason.ENCRYPTED:
            return f"{p} 已加密，无法读取文本：请提供未加密的版本。"
        case PdfErrorReason.LIMIT:
            return (
                f"{p} 超出了安全解析限制（可能是解压炸弹或结构异常），无法读取文本："
                "请检查文件来源并重新导出。"
            )
        case PdfErrorReason.TIMEOUT:
            return (
                f"{p} 处理超过 {params['timeout']:g} 秒仍未完成，已中止："
                "请检查该文件是否异常，或调大超时时间。"
            )
        case PdfErrorReason.TOO_LARGE:
            return (
                f"{p} 大小为 {_size(params['size'])}，超过上限 {_size(params['max_bytes'])}，"
                "未读取：请压缩或拆分该文件。"
            )
        case PdfErrorReason.MEMORY:
            return (
                f"{p} 处理时超出内存上限 {_size(params['max_memory'])}，已中止："
                "请检查该文件是否异常，或调大内存上限。"
            )
        case PdfErrorReason.CRASHED:
            return (
                f"{p} 处理进程意外退出（退出码 {params['exitcode']}），无法读取文本："
                "请检查该文件是否异常。"
            )
        case PdfErrorReason.UNREADABLE:
            return f"{p} 无法打开（{params['error']}）：请检查文件是否存在以及读取权限。"
        case PdfErrorReason.UNWRITABLE:
            return f"{p} 无法写入（{params['error']}）：请检查目标目录是否存在以及写入权限。"
        case PdfErrorReason.BAD_RANGE:
            return (
                f"{p} 共 {params['page_count']} 页，页码范围 {params['start']}-{params['end']} "
                "无效：起始页须从 1 开始且不大于结束页，结束页不能超过总页数。"
            )
    raise AssertionError(reason)  # pragma: no cover - the match above is exhaustive


class PdfError(GongbaoError):
    """A PDF could not be read, extracted or written.

    ``str(error)`` is one Chinese sentence naming the file (by its site-relative
    ``display_path`` when one was given) and telling the editor what to do.
    ``reason`` is a :class:`PdfErrorReason` value; ``detail`` holds the underlying
    technical message (for logs, not for editors).
    """

    def __init__(
        self,
        path: Path,
        reason: PdfErrorReason,
        *,
        display_path: str | None = None,
        detail: str = "",
        **params: Any,
    ) -> None:
        self.path = path
        self.reason: str = reason
        self.display_path = display_path if display_path is not None else str(path)
        self.detail = detail
        super().__init__(_message(reason, self.display_path, params))

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments defeat Exception's default pickling (multiprocessing,
        # parallel builds): rebuild from the finished message instead.
        return (_restore_error, (self.path, self.reason, self.display_path, self.detail, str(self)))


def _restore_error(path: Path, reason: str, shown: str, detail: str, message: str) -> PdfError:
    error = PdfError.__new__(PdfError)
    Exception.__init__(error, message)
    error.path, error.reason, error.display_path, error.detail = path, reason, shown, detail
    return error


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
    """

    path: Path
    sha256: str
    page_count: int
    metadata: Mapping[str, str]
    pages: tuple[str, ...]
    garbled_pages: tuple[int, ...]

    @property
    def text(self) -> str:
        """All pages joined by newlines."""
        return "\n".join(self.pages)


class PdfTextCache:
    """Directory of JSON files with extracted text, keyed by file SHA-256 and extractor.

    An unchanged PDF is never extracted twice, whatever its path; a changed file has a
    new SHA-256 and a new pypdf or normalisation has a new :data:`EXTRACTOR_VERSION`, so
    neither can be served stale text. Writes are atomic (temporary file + ``os.replace``),
    so concurrent builds and interrupted builds leave either the old or the new entry.
    Unreadable or foreign entries count as misses.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._version_key = hashlib.sha256(EXTRACTOR_VERSION.encode()).hexdigest()[:16]

    def _entry(self, sha256: str) -> Path:
        # The key becomes a file name: accept only a real hex digest (no path tricks).
        if not _SHA256_RE.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.directory / f"{sha256}.{self._version_key}.json"

    def get(self, sha256: str) -> PdfText | None:
        """Return the cached text for a file with this SHA-256, or ``None``."""
        entry = self._entry(sha256)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            if data["version"] != EXTRACTOR_VERSION or data["sha256"] != sha256:
                return None
            return PdfText(
                path=Path(data["path"]),
                sha256=sha256,
                page_count=int(data["page_count"]),
                metadata={str(k): str(v) for k, v in data["metadata"].items()},
                pages=tuple(str(page) for page in data["pages"]),
                garbled_pages=tuple(int(n) for n in data["garbled_pages"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, text: PdfText) -> None:
        """Store ``text`` under its SHA-256 (atomically replacing an older entry)."""
        payload = {
            "version": EXTRACTOR_VERSION,
            "sha256": text.sha256,
            "path": str(text.path),
            "page_count": text.page_count,
            "metadata": dict(text.metadata),
            "pages": list(text.pages),
            "garbled_pages": list(text.garbled_pages),
        }
        data = json.dumps(payload, ensure_ascii=False, indent=0).encode("utf-8")
        _atomic_write(self._entry(text.sha256), data)


# --------------------------------------------------------------------------------------
# Public operations (parent process)


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
    data = _read_input(path, shown, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    if cache is not None:
        hit = cache.get(sha256)
        if hit is not None:
            return replace(hit, path=path)
    raw = _run_isolated("extract", (data,), path, shown, timeout, max_memory)
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
            data = _read_input(Path(path), shown, max_bytes)
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
    running: list[tuple[int, str, _Isolated]] = []
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                index = queue.pop()
                path, shown = Path(files[index][0]), files[index][1]
                try:
                    data = _read_input(path, shown, max_bytes)
                except PdfError as exc:  # changed or removed meanwhile
                    results[index] = exc
                    continue
                sha256 = hashlib.sha256(data).hexdigest()
                child = _Isolated("extract", (data,), path, shown, timeout, max_memory)
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
    data = _read_input(path, shown, max_bytes)
    count: int = _run_isolated("count", (data,), path, shown, timeout, max_memory)
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
    PDF names such as ``/Title``. Output bytes depend only on the inputs (fixed /ID, no
    dates), so rebuilding an unchanged site rewrites identical files. Each destination
    is written atomically. All ranges are checked before anything is written.

    Raises:
        PdfError: unreadable source, invalid range (the message names the range and the
            page count) or an unwritable destination.
        ValueError: ``ranges``, ``dests`` and ``metadata`` differ in length, or an
            unknown metadata key.
    """
    if not len(ranges) == len(dests) == len(metadata):
        raise ValueError("split_pdf: ranges, dests and metadata must have the same length")
    infos = [_info_dict(meta) for meta in metadata]
    src = Path(src)
    shown = display_path if display_path is not None else str(src)
    data = _read_input(src, shown, max_bytes)
    source_sha = hashlib.sha256(data).hexdigest()
    jobs = [
        ((int(start), int(end)), info, _file_id(source_sha, "split", (start, end), info))
        for (start, end), info in zip(ranges, infos, strict=True)
    ]
    outputs: list[bytes] = _run_isolated("split", (data, jobs), src, shown, timeout, max_memory)
    for dest, output in zip(dests, outputs, strict=True):
        _write_output(Path(dest), output)


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
    :func:`split_pdf`.

    Raises:
        PdfError: unreadable source, a page outside the document, unwritable ``dest``.
        ValueError: a section without articles, or an unknown metadata key.
    """
    info = _info_dict(metadata)
    items: list[tuple[str, list[tuple[str, int]]]] = []
    for section, articles in outline:
        if not articles:
            raise ValueError(f"write_outlined_pdf: section {section!r} has no articles")
        items.append((str(section), [(str(title), int(page)) for title, page in articles]))
    src = Path(src)
    shown = display_path if display_path is not None else str(src)
    data = _read_input(src, shown, max_bytes)
    file_id = _file_id(hashlib.sha256(data).hexdigest(), "outline", items, info)
    output: bytes = _run_isolated(
        "outline", (data, items, info, file_id), src, shown, timeout, max_memory
    )
    _write_output(Path(dest), output)


# --------------------------------------------------------------------------------------
# Parent-side helpers


def _read_input(path: Path, shown: str, max_bytes: int) -> bytes:
    """Read the whole file after cheap checks that need no PDF parser."""
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


_METADATA_KEYS = {
    "title": "/Title",
    "author": "/Author",
    "subject": "/Subject",
    "keywords": "/Keywords",
    "creator": "/Creator",
    "producer": "/Producer",
}


def _info_dict(metadata: Mapping[str, str]) -> dict[str, str]:
    info: dict[str, str] = {}
    for key, value in metadata.items():
        if key.startswith("/"):
            info[key] = str(value)
        elif key in _METADATA_KEYS:
            info[_METADATA_KEYS[key]] = str(value)
        else:
            raise ValueError(f"unknown PDF metadata key {key!r} (use one of {_METADATA_KEYS})")
    return dict(sorted(info.items()))


def _file_id(source_sha: str, *parts: Any) -> bytes:
    # /ID is meant to be unique per file; deriving it from everything that defines the
    # output keeps it unique for different outputs and identical for identical ones.
    blob = json.dumps([source_sha, *parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).digest()[:16]


def _atomic_write(dest: Path, data: bytes) -> None:
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


def _write_output(dest: Path, data: bytes) -> None:
    try:
        _atomic_write(dest, data)
    except OSError as exc:
        raise PdfError(
            dest,
            PdfErrorReason.UNWRITABLE,
            detail=str(exc),
            error=exc.strerror or type(exc).__name__,
        ) from exc


def _mp_context() -> ForkContext | ForkServerContext | SpawnContext:
    """The multiprocessing context for the isolated child.

    'fork' is cheapest (pypdf is already imported), but forking a multi-threaded process
    can deadlock the child on a lock held by another thread (and warns on Python 3.12+),
    so with extra threads, or where fork does not exist, a fresh interpreter is used.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class _Isolated:
    """One pypdf operation running in a child process (see :func:`_run_isolated`).

    Started at once; :meth:`result` waits for it until ``timeout`` seconds after the start,
    so several can run side by side, each with its own deadline.
    """

    def __init__(
        self,
        op: str,
        args: tuple[Any, ...],
        path: Path,
        shown: str,
        timeout: float,
        max_memory: int,
    ) -> None:
        # Imported here, once, in the parent: a forked child then starts with pypdf loaded
        # instead of importing it for every file.
        import pypdf  # noqa: F401

        self.path, self.shown, self.max_memory = path, shown, max_memory
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        ctx = _mp_context()
        self.receiver, sender = ctx.Pipe(duplex=False)
        self.process = ctx.Process(
            target=_child_main, args=(sender, op, args, max_memory), name=f"gongbao-pdf-{op}"
        )
        try:
            self.process.start()
        except OSError as exc:  # could not start a process
            self.receiver.close()
            self.error: PdfError | None = self._crashed(str(exc), "未知")
        else:
            self.error = None
        finally:
            # Drop the parent's copy of the sending end so that a dying child gives EOF.
            sender.close()

    def _crashed(self, detail: str, exitcode: object) -> PdfError:
        return PdfError(
            self.path,
            PdfErrorReason.CRASHED,
            display_path=self.shown,
            detail=detail,
            exitcode=exitcode,
        )

    def result(self) -> Any:
        """The operation's return value; raises :class:`PdfError` for every failure."""
        if self.error is not None:
            raise self.error
        path, shown, process, receiver = self.path, self.shown, self.process, self.receiver
        try:
            if not receiver.poll(max(0.0, self.deadline - time.monotonic())):
                raise PdfError(
                    path, PdfErrorReason.TIMEOUT, display_path=shown, timeout=self.timeout
                )
            try:
                message = receiver.recv()
            except EOFError:
                process.join(timeout=5)
                raise PdfError(
                    path, PdfErrorReason.CRASHED, display_path=shown, exitcode=process.exitcode
                ) from None
        except OSError as exc:  # could not read the pipe
            raise self._crashed(str(exc), "未知") from exc
        finally:
            self.stop()
        status, payload, logged = message
        for line in logged:
            # pypdf logs the repairs it applied to sloppy files; useful, but not a failure.
            _LOG.info("%s: %s", shown, line)
        if status == "ok":
            return payload
        reason, detail, params = payload
        raise PdfError(
            path,
            PdfErrorReason(reason),
            display_path=shown,
            detail=detail,
            **{"max_memory": self.max_memory, **params},
        )

    def stop(self) -> None:
        """Close the pipe and end the child (killed if still running)."""
        self.receiver.close()
        if self.process.is_alive():
            self.process.kill()
        if self.process.pid is not None:
            self.process.join()


def _run_isolated(
    op: str,
    args: tuple[Any, ...],
    path: Path,
    shown: str,
    timeout: float,
    max_memory: int,
) -> Any:
    """Run ``_OPERATIONS[op](*args)`` in a child process; map every failure to PdfError."""
    return _Isolated(op, args, path, shown, timeout, max_memory).result()


# --------------------------------------------------------------------------------------
# Child process


class _PageRangeError(Exception):
    def __init__(self, start: int, end: int, count: int) -> None:
        super().__init__(f"page range {start}-{end} outside 1-{count}")
        self.params: dict[str, Any] = {"start": start, "end": end, "page_count": count}


def _limit_address_space(max_memory: int) -> None:
    if sys.platform == "win32":  # no resource module; the timeout still applies
        return
    import resource

    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # not Linux: RLIMIT_AS is not enforced reliably there anyway
    # A forked child starts with the parent's whole address space (the site build's
    # data): the limit is what extraction may add on top of that.
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + max_memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.lines) < _MAX_LOGGED_WARNINGS:
            self.lines.append(f"pypdf: {record.getMessage()}")


def _classify(exc: BaseException) -> tuple[PdfErrorReason, str]:
    from pypdf.errors import (
        DependencyError,
        EmptyFileError,
        FileNotDecryptedError,
        LimitReachedError,
        PyPdfError,
    )

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, _PageRangeError):
        return PdfErrorReason.BAD_RANGE, detail
    # DependencyError (AES without a crypto library) is not a PyPdfError subclass.
    if isinstance(exc, FileNotDecryptedError | DependencyError):
        return PdfErrorReason.ENCRYPTED, detail
    if isinstance(exc, EmptyFileError):
        return PdfErrorReason.EMPTY, detail
    # RecursionError: pathologically nested objects, a structural limit like pypdf's own.
    if isinstance(exc, LimitReachedError | RecursionError):
        return PdfErrorReason.LIMIT, detail
    if isinstance(exc, MemoryError):
        return PdfErrorReason.MEMORY, detail
    if isinstance(exc, PyPdfError):
        return PdfErrorReason.CORRUPT, detail
    # Anything else escaping pypdf on hostile input is a parser bug triggered by a
    # malformed file: still the file's problem as far as the editor is concerned.
    return PdfErrorReason.CORRUPT, detail


def _child_main(conn: Connection, op: str, args: tuple[Any, ...], max_memory: int) -> None:
    # A forked child inherits the build's objects: frozen, the collector never walks them
    # (nor copies their pages); pypdf's own object graphs are collected as usual.
    gc.freeze()
    handler = _ListHandler()
    pypdf_logger = logging.getLogger("pypdf")
    pypdf_logger.addHandler(handler)
    pypdf_logger.propagate = False
    message: tuple[str, Any, list[str]]
    try:
        _limit_address_space(max_memory)
        with warnings.catch_warnings(record=True) as caught:
            # Inherited filters (pytest's "error") must not turn a pypdf warning into a
            # failure here; record them and pass them on as log lines instead.
            warnings.simplefilter("always")
            result = _OPERATIONS[op](*args)
        handler.lines.extend(f"{w.category.__name__}: {w.message}" for w in caught[:5])
        message = ("ok", result, handler.lines)
    except BaseException as exc:  # the whole point: nothing escapes, everything is mapped
        reason, detail = _classify(exc)
        params = exc.params if isinstance(exc, _PageRangeError) else {}
        message = ("error", (reason.value, detail, params), handler.lines)
    # The parent may have given up (timeout) and closed its end: nothing left to do.
    with contextlib.suppress(OSError, ValueError):
        conn.send(message)
    conn.close()


def _pdf_date(value: str) -> str:
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


_INFO_FIELDS = {
    "/Title": "title",
    "/Author": "author",
    "/Subject": "subject",
    "/Creator": "creator",
    "/Producer": "producer",
    "/CreationDate": "creation_date",
}


def _read_metadata(reader: pypdf.PdfReader) -> dict[str, str]:
    info = reader.metadata
    if info is None:
        return {}
    result: dict[str, str] = {}
    for pdf_key, key in _INFO_FIELDS.items():
        value = info.get(pdf_key)
        if value is None:
            continue
        text = str(value.get_object()).strip()
        if text:
            result[key] = _pdf_date(text) if key == "creation_date" else text
    return result


def _op_extract(data: bytes) -> dict[str, Any]:
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


def _finish(writer: pypdf.PdfWriter, info: Mapping[str, str], file_id: bytes) -> bytes:
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
            raise _PageRangeError(start, end, count)
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
                raise _PageRangeError(page, page, count)
    writer = pypdf.PdfWriter()
    writer.append(reader, import_outline=False)
    for section, articles in items:
        parent = writer.add_outline_item(title=section, page_number=articles[0][1] - 1)
        for title, page in articles:
            writer.add_outline_item(title=title, page_number=page - 1, parent=parent)
    writer.page_mode = "/UseOutlines"
    return _finish(writer, info, file_id)


_OPERATIONS: dict[str, Callable[..., Any]] = {
    "extract": _op_extract,
    "count": _op_count,
    "split": _op_split,
    "outline": _op_outline,
}
