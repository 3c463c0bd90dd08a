"""gongbao.core.pdf.sandbox: memory and time limits, crashes, start methods, children side by side."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

from gongbao.core.pdf import (
    PdfError,
    PdfText,
    PdfTextCache,
    api,
    ops,
    read_pdf,
    read_pdfs,
    sandbox,
)
from tests.core.pdfcases import (
    CORRUPT_MSG,
    ENCRYPTED_MSG,
    HONGZE_2023,
    HUAIAN_2024,
    LIMIT_MSG,
    NOT_PDF_MSG,
    msg,
    read_error,
)
from tests.pdfmaker import make_pdf


def _greedy(data: bytes) -> Any:
    return bytearray(512 * 2**20)


def test_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A deterministic stand-in for a file whose parsing balloons: the child's
    # RLIMIT_AS turns the allocation into MemoryError instead of swapping the build host.
    monkeypatch.setitem(ops.OPERATIONS, "extract", _greedy)
    error = read_error(HUAIAN_2024, display_path="gazette/x.pdf", max_memory=64 * 2**20)
    assert str(error) == msg(
        "gazette/x.pdf",
        "处理时超出内存上限 64.0 MiB，已中止：请检查该文件是否异常，或调大内存上限。",
    )
    assert error.reason == "memory"


def test_real_timeout_on_a_real_file() -> None:
    started = time.monotonic()
    error = read_error(HUAIAN_2024, display_path="gazette/x.pdf", timeout=0.001)
    assert error.reason == "timeout"
    assert str(error) == msg(
        "gazette/x.pdf",
        "处理超过 0.001 秒仍未完成，已中止：请检查该文件是否异常，或调大超时时间。",
    )
    assert time.monotonic() - started < 10


def _slow(data: bytes) -> Any:
    time.sleep(120)


def test_hanging_extractor_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    # The patched operation is inherited by the forked child.
    monkeypatch.setitem(ops.OPERATIONS, "extract", _slow)
    spawned: list[multiprocessing.process.BaseProcess] = []
    real_context = sandbox.mp_context

    def spying_context() -> Any:
        ctx = real_context()
        assert ctx.get_start_method() == "fork"
        original = ctx.Process

        def process(*args: Any, **kwargs: Any) -> Any:
            proc = original(*args, **kwargs)
            spawned.append(proc)
            return proc

        monkeypatch.setattr(ctx, "Process", process)
        return ctx

    monkeypatch.setattr(sandbox, "mp_context", spying_context)
    started = time.monotonic()
    error = read_error(HONGZE_2023, display_path="slow.pdf", timeout=0.5)
    assert time.monotonic() - started < 10
    assert str(error) == msg(
        "slow.pdf", "处理超过 0.5 秒仍未完成，已中止：请检查该文件是否异常，或调大超时时间。"
    )
    assert len(spawned) == 1
    assert spawned[0].exitcode is not None  # killed and reaped, not left running


def _raiser(exc: BaseException) -> Any:
    def operation(data: bytes) -> Any:
        raise exc

    return operation


@pytest.mark.parametrize(
    ("exc", "reason", "rest"),
    [
        # Not a PyPdfError subclass: AES without a crypto library.
        (
            DependencyError("cryptography>=3.1 is required for AES algorithm"),
            "encrypted",
            ENCRYPTED_MSG,
        ),
        (LimitReachedError("Limit reached while decompressing"), "limit", LIMIT_MSG),
        (RecursionError("maximum recursion depth exceeded"), "limit", LIMIT_MSG),
        (PdfReadError("startxref not found"), "corrupt", CORRUPT_MSG),
        # A pypdf bug tripped by a malformed file must not become a traceback either.
        (KeyError("/Kids"), "corrupt", CORRUPT_MSG),
    ],
)
def test_exceptions_in_the_child_are_mapped(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException, reason: str, rest: str
) -> None:
    monkeypatch.setitem(ops.OPERATIONS, "extract", _raiser(exc))
    error = read_error(HONGZE_2023, display_path="x.pdf")
    assert error.reason == reason
    assert str(error) == msg("x.pdf", rest)
    assert type(exc).__name__ in error.detail


def _die(data: bytes) -> Any:
    os._exit(3)


def test_child_that_dies_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ops.OPERATIONS, "extract", _die)
    error = read_error(HONGZE_2023, display_path="x.pdf")
    assert error.reason == "crashed"
    assert str(error) == msg(
        "x.pdf", "处理进程意外退出（退出码 3），无法读取文本：请检查该文件是否异常。"
    )


# --------------------------------------------------------------------------------------
# Start method fallback


def test_fork_is_avoided_while_other_threads_run() -> None:
    assert sandbox.mp_context().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert sandbox.mp_context().get_start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        thread.join()


def test_extraction_works_in_a_fresh_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where fork is unavailable or unsafe the child is a new interpreter: arguments and
    # results are pickled and gongbao.core.pdf is re-imported there.
    monkeypatch.setattr(sandbox, "mp_context", lambda: multiprocessing.get_context("spawn"))
    result = read_pdf(HONGZE_2023)
    assert result.page_count == 5
    assert "政府信息公开" in result.pages[0]
    broken = tmp_path / "cut.pdf"
    broken.write_bytes(HONGZE_2023.read_bytes()[:5000])
    with pytest.raises(PdfError) as info:
        read_pdf(broken, display_path="cut.pdf")
    assert str(info.value) == msg("cut.pdf", CORRUPT_MSG)


# --------------------------------------------------------------------------------------
# read_pdfs: several files, children side by side


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record when each child starts and when its result is taken (by file name)."""
    events: list[str] = []
    real = api.Isolated  # type: ignore[attr-defined]

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, op: str, args: Any, path: Path, *rest: Any) -> None:
            events.append(f"start {path.name}")
            super().__init__(op, args, path, *rest)

        def result(self) -> Any:
            events.append(f"result {self.path.name}")
            return super().result()

    monkeypatch.setattr(api, "Isolated", Spy)
    yield events


def test_read_pdfs_gives_what_read_pdf_gives_in_order(tmp_path: Path, started: list[str]) -> None:
    a = make_pdf(tmp_path / "a.pdf", ["政务公开"], title="甲")
    b = make_pdf(tmp_path / "b.pdf", ["机密"], encrypt="secret")
    c = tmp_path / "c.pdf"
    c.write_bytes(b"<html>404 Not Found</html>")
    d = make_pdf(tmp_path / "d.pdf", ["第一页", "第二页"])
    files = [(a, "gazette/a.pdf"), (b, "gazette/b.pdf"), (c, "gazette/c.pdf"), (d, "d.pdf")]
    results = read_pdfs(files, workers=2)
    events = list(started)  # before read_pdf below starts children of its own
    text_a, error_b, error_c, text_d = results
    assert text_a == read_pdf(a, display_path="gazette/a.pdf")
    assert text_d == read_pdf(d)
    assert isinstance(error_b, PdfError) and isinstance(error_c, PdfError)
    assert str(error_b) == msg("gazette/b.pdf", ENCRYPTED_MSG)
    assert str(error_c) == msg("gazette/c.pdf", NOT_PDF_MSG)  # refused before any child
    # Two children at a time (c.pdf never needed one), each result taken once.
    assert events[:2] == ["start a.pdf", "start b.pdf"]
    running = peak = 0
    for event in events:
        running += 1 if event.startswith("start") else -1
        peak = max(peak, running)
    assert peak == 2 and running == 0
    assert sorted(events) == sorted(
        f"{what} {name}" for what in ("start", "result") for name in ("a.pdf", "b.pdf", "d.pdf")
    )


def _slow_if_marked(data: bytes) -> Any:
    if b"/Title (slow)" in data:
        time.sleep(120)
    return ops.op_extract(data)


def test_a_hanging_file_does_not_hold_up_the_others(
    tmp_path: Path, started: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ops.OPERATIONS, "extract", _slow_if_marked)
    slow = make_pdf(tmp_path / "slow.pdf", ["挂起"], title="slow")
    assert b"/Title (slow)" in slow.read_bytes()
    others = [make_pdf(tmp_path / f"{n}.pdf", [f"第{n}份"]) for n in (1, 2, 3)]
    files = [(slow, "slow.pdf"), *((p, p.name) for p in others)]
    results = read_pdfs(files, workers=2, timeout=3)
    assert str(results[0]) == msg(
        "slow.pdf", "处理超过 3 秒仍未完成，已中止：请检查该文件是否异常，或调大超时时间。"
    )
    assert [r.pages for r in results[1:] if isinstance(r, PdfText)] == [
        ("第1份",),
        ("第2份",),
        ("第3份",),
    ]
    # The other three went through the second slot while the first one hung.
    assert started.index("result 3.pdf") < started.index("result slow.pdf")


def test_read_pdfs_uses_and_fills_the_cache(tmp_path: Path, started: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    a = make_pdf(tmp_path / "a.pdf", ["政务公开"])
    b = make_pdf(tmp_path / "b.pdf", ["解读"])
    assert read_pdf(a, cache=cache).pages == ("政务公开",)
    started.clear()
    first = read_pdfs([(a, "a.pdf"), (b, "b.pdf")], cache=cache)
    assert started == ["start b.pdf", "result b.pdf"]  # a came from the cache
    again = read_pdfs([(b, "b.pdf"), (a, "a.pdf")], cache=cache)
    assert started == ["start b.pdf", "result b.pdf"]  # both from the cache now
    assert [t.pages for t in again if isinstance(t, PdfText)] == [("解读",), ("政务公开",)]
    assert first == again[::-1]


def test_read_pdfs_gives_each_child_its_own_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ops.OPERATIONS, "extract", _slow)
    started = time.monotonic()
    results = read_pdfs([(HONGZE_2023, "a.pdf"), (HUAIAN_2024, "b.pdf")], timeout=0.5)
    assert time.monotonic() - started < 10
    assert [str(r) for r in results] == [
        msg(name, "处理超过 0.5 秒仍未完成，已中止：请检查该文件是否异常，或调大超时时间。")
        for name in ("a.pdf", "b.pdf")
    ]
