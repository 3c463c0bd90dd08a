"""The child process every pypdf operation runs in, and how its end is classified.

Gazette PDFs come from many hands (scanners, WPS, OFD converters, e-mail): a single hostile or
broken file must neither hang nor exhaust the site build. Each operation therefore runs in a
child process with a wall-clock timeout and an address-space limit; its result (or its
exception, already classified) comes back through a pipe, and a child that dies, hangs or
cannot start becomes a :class:`PdfError` like any other failure.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongbao.core.pdf import ops
from gongbao.core.pdf.errors import OperationError, PdfError, PdfErrorReason

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext

__all__ = ["Isolated", "child_main", "mp_context", "run_isolated"]

_LOG = logging.getLogger("gongbao.core.pdf")
_MAX_LOGGED_WARNINGS = 20


def mp_context() -> ForkContext | ForkServerContext | SpawnContext:
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


class Isolated:
    """One pypdf operation running in a child process (see :func:`run_isolated`).

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
        ops.preload()

        self.path, self.shown, self.max_memory = path, shown, max_memory
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        ctx = mp_context()
        self.receiver, sender = ctx.Pipe(duplex=False)
        self.process = ctx.Process(
            target=child_main, args=(sender, op, args, max_memory), name=f"gongbao-pdf-{op}"
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


def run_isolated(
    op: str,
    args: tuple[Any, ...],
    path: Path,
    shown: str,
    timeout: float,
    max_memory: int,
) -> Any:
    """Run ``ops.OPERATIONS[op](*args)`` in a child process; map every failure to PdfError."""
    return Isolated(op, args, path, shown, timeout, max_memory).result()


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
    """Why an operation failed, from the exception that ended it (in the child)."""
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, OperationError):  # the operation knew (a page range, say)
        return exc.reason, detail
    # RecursionError: pathologically nested objects, a structural limit like pypdf's own.
    if isinstance(exc, RecursionError):
        return PdfErrorReason.LIMIT, detail
    if isinstance(exc, MemoryError):  # RLIMIT_AS reached
        return PdfErrorReason.MEMORY, detail
    # Anything else escaping pypdf on hostile input is a parser bug triggered by a
    # malformed file: still the file's problem as far as the editor is concerned.
    return ops.library_reason(exc) or PdfErrorReason.CORRUPT, detail


def child_main(conn: Connection, op: str, args: tuple[Any, ...], max_memory: int) -> None:
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
            result = ops.OPERATIONS[op](*args)
        handler.lines.extend(f"{w.category.__name__}: {w.message}" for w in caught[:5])
        message = ("ok", result, handler.lines)
    except BaseException as exc:  # the whole point: nothing escapes, everything is mapped
        reason, detail = _classify(exc)
        params = exc.params if isinstance(exc, OperationError) else {}
        message = ("error", (reason.value, detail, params), handler.lines)
    # The parent may have given up (timeout) and closed its end: nothing left to do.
    with contextlib.suppress(OSError, ValueError):
        conn.send(message)
    conn.close()
