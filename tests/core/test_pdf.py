"""Tests for gongbao.core.pdf: extraction in an isolated child, errors, cache, writers.

Real PDFs are copies in tests/data/pdf (provenance in tests/data/pdf/SOURCES.md); the
rest are generated with reportlab's STSong-Light (tests/pdfmaker.py).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

import gongbao.core.pdf as pdfmod
from gongbao.core.pdf import (
    EXTRACTOR_VERSION,
    PdfError,
    PdfErrorReason,
    PdfText,
    PdfTextCache,
    page_count,
    read_pdf,
    read_pdfs,
    split_pdf,
    write_outlined_pdf,
)
from gongbao.core.textnorm import normalize_text
from tests.pdfmaker import make_pdf

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"
HONGZE_2023 = DATA / "hongze_district_2023_gov_info_disclosure_annual_report.pdf"
HUAIAN_2024 = DATA / "huaian_city_2024_gov_info_disclosure_annual_report.pdf"
HARD = DATA / "hard"


def _msg(shown: str, rest: str) -> str:
    return f"PDF 文件 '{shown}' {rest}"


EMPTY_MSG = "是空文件（没有任何内容），无法读取文本：请重新上传完整的文件。"
NOT_PDF_MSG = (
    "不是 PDF 格式（开头没有 %PDF- 标记），无法读取文本：请检查是否误存了网页或其他类型的文件。"
)
CORRUPT_MSG = "已损坏或不完整，无法读取文本：请重新导出或重新上传该文件。"
ENCRYPTED_MSG = "已加密，无法读取文本：请提供未加密的版本。"
LIMIT_MSG = (
    "超出了安全解析限制（可能是解压炸弹或结构异常），无法读取文本：请检查文件来源并重新导出。"
)


# --------------------------------------------------------------------------------------
# Real corpus


@pytest.mark.parametrize(
    ("path", "pages", "phrases"),
    [
        (
            HONGZE_2023,
            5,
            {
                1: [
                    "洪泽区人民政府2023年政府信息公开工作年度报告",
                    # split across a PDF line break: 中华人民共和\n国政府
                    "《中华人民共和国政府信息公开条例》（国令第711号）",
                    # letter-spaced in the PDF: 电 话 ： 0517-87222589 ，
                    "邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com）",
                    "自2023年1月1日起至2023年12月31日止",
                ],
                2: ["落实“三审三校”制度"],
                5: ["全年收取政府信息公开信息处理费0元"],
            },
        ),
        (
            HUAIAN_2024,
            6,
            {
                1: [
                    "淮安市人民政府2024年政府信息公开工作年度报告",
                    "制作《淮安市人民政府公报》6期",
                ],
                2: ["全市共受理政府信息公开申请3119件", "政府信息公开行政复议351件"],
                6: ["全年收取政府信息公开信息处理费3940元"],
            },
        ),
    ],
)
def test_real_pdf_pages_and_phrases(path: Path, pages: int, phrases: dict[int, list[str]]) -> None:
    result = read_pdf(path, display_path=f"gazette/{path.name}")
    assert result.page_count == pages == len(result.pages)
    assert result.garbled_pages == ()
    assert result.path == path
    for number, expected in phrases.items():
        for phrase in expected:
            assert phrase in result.pages[number - 1], (number, phrase)
    # Every page is already normalised.
    assert all(normalize_text(page) == page for page in result.pages)


def test_real_pdf_metadata() -> None:
    meta = read_pdf(HONGZE_2023).metadata
    assert meta["title"] == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert meta["creator"] == "WPS 文字(Jisupdf Editor)"
    # Odd but real: this WPS file records a +06'41' UTC offset.
    assert meta["creation_date"] == "2024-02-26T14:41:23+06:41"
    assert "author" in meta
    # Empty /Subject and /Producer entries are left out, as are non-standard keys.
    assert set(meta) == {"title", "author", "creator", "creation_date"}
    assert read_pdf(HUAIAN_2024).metadata["creation_date"] == "2025-02-25T10:02:50+08:00"


def test_real_pdf_page_count() -> None:
    assert page_count(HONGZE_2023) == 5
    assert page_count(HUAIAN_2024) == 6


# --------------------------------------------------------------------------------------
# Known-bad CJK fonts


@pytest.mark.parametrize(
    ("name", "garbled"),
    [
        # Identity-H without /ToUnicode: "Buyer：黎荣" comes out as "Buyer˖哾㦓".
        ("issue_566_test_1.pdf", (1,)),
        ("issue-791-non-unicode-cmap.pdf", (1,)),
        # Controls: Identity-H *with* /ToUnicode, and a Polish invoice, both read correctly.
        ("issue_566_test_2.pdf", ()),
        ("issue-625-identity-cmap.pdf", ()),
    ],
)
def test_known_bad_fonts_are_reported_garbled(name: str, garbled: tuple[int, ...]) -> None:
    result = read_pdf(HARD / name)
    assert result.garbled_pages == garbled


def test_garbled_sample_text_is_the_wrong_text() -> None:
    assert "哾㦓" in read_pdf(HARD / "issue_566_test_1.pdf").pages[0]
    assert read_pdf(HARD / "issue_566_test_2.pdf").pages[0] == "甲方：中国饮料有限公司（盖章）"


# --------------------------------------------------------------------------------------
# Generated Chinese PDFs

SOURCE_PAGES = [
    "平江市人民政府公报\n2023年第６期（总第１２０期）\n关于进一步推进政务\n公开工作的通知\n"
    "平政办发〔2023〕51号\n电 话 ： 0512-6522 1234",
    "各县（市、区）人民政府：\n为贯彻落实《中华人民共和国政府信息公开条例》，"
    "现就“三同步”要求通知如下：\n一、ＡＢ类事项　按季度公开。\n"
    "二、各有关单位要高度重视，认真组织实施，\n确保各项任务落到实处。\n"
    # Rare characters outside GB2312 (names, Ext-A, Ext-B): kept, and not "garbled".
    "朱镕基 王喆 李堃 㐀 𠮷",
]


def test_generated_pdf_round_trips(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "issue.pdf", SOURCE_PAGES, title="平江市人民政府公报 2023年第6期")
    result = read_pdf(pdf)
    assert result.pages == tuple(normalize_text(page) for page in SOURCE_PAGES)
    first, second = result.pages
    assert "关于进一步推进政务公开工作的通知" in first
    assert "电话：0512-6522 1234" in first
    assert "2023年第6期（总第120期）" in first
    assert "一、AB类事项按季度公开。" in second
    assert "朱镕基王喆李堃㐀𠮷" in second
    assert result.garbled_pages == ()
    assert result.metadata["title"] == "平江市人民政府公报 2023年第6期"
    assert result.metadata["creation_date"] == "2000-01-01T00:00:00+00:00"  # reportlab invariant


def test_sha256_and_display_path(tmp_path: Path) -> None:
    import hashlib

    pdf = make_pdf(tmp_path / "a.pdf", ["政务公开"])
    result = read_pdf(pdf, display_path="gazette/a.pdf")
    assert result.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert result.text == "政务公开"


# --------------------------------------------------------------------------------------
# Broken, hostile and encrypted files: always PdfError with an exact message


def _error(path: Path, **kwargs: Any) -> PdfError:
    with pytest.raises(PdfError) as info:
        read_pdf(path, **kwargs)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "05.pdf"
    path.write_bytes(b"")
    error = _error(path, display_path="gazette/2023/05.pdf")
    assert str(error) == _msg("gazette/2023/05.pdf", EMPTY_MSG)
    assert error.reason == PdfErrorReason.EMPTY == "empty"
    assert error.path == path


def test_error_pickles(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "05.pdf"
    path.write_bytes(b"")
    error = _error(path, display_path="gazette/2023/05.pdf")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, PdfError)
    assert (str(copy), copy.path, copy.reason, copy.display_path, copy.detail) == (
        str(error),
        error.path,
        error.reason,
        error.display_path,
        error.detail,
    )


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(b"\n\r\n  ")
    assert _error(path).reason == "empty"


def test_html_saved_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "05.pdf"
    path.write_text(
        "<!DOCTYPE html><html><head><title>404 页面不存在</title></head><body></body></html>",
        encoding="utf-8",
    )
    error = _error(path, display_path="gazette/2023/05.pdf")
    assert str(error) == _msg("gazette/2023/05.pdf", NOT_PDF_MSG)
    assert error.reason == "not_pdf"


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(1).randbytes(4096).replace(b"%PDF-", b"xxxxx"))
    error = _error(path, display_path="noise.pdf")
    assert str(error) == _msg("noise.pdf", NOT_PDF_MSG)


def test_random_bytes_behind_a_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(2).randbytes(4096))
    error = _error(path, display_path="noise.pdf")
    assert str(error) == _msg("noise.pdf", CORRUPT_MSG)
    assert error.reason == "corrupt"
    assert error.detail  # technical detail for logs


@pytest.mark.parametrize("fraction", [0.9, 0.5, 0.2])
def test_truncated_pdf(tmp_path: Path, fraction: float) -> None:
    data = HONGZE_2023.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    error = _error(path, display_path="gazette/cut.pdf")
    assert str(error) == _msg("gazette/cut.pdf", CORRUPT_MSG)
    assert error.reason == "corrupt"


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf(tmp_path: Path, algorithm: str) -> None:
    path = make_pdf(tmp_path / "05.pdf", ["机密"], encrypt="secret", algorithm=algorithm)
    assert pypdf.PdfReader(path).is_encrypted
    error = _error(path, display_path="gazette/2023/05.pdf")
    assert str(error) == (
        "PDF 文件 'gazette/2023/05.pdf' 已加密，无法读取文本：请提供未加密的版本。"
    )
    assert error.reason == "encrypted"
    with pytest.raises(PdfError, match="已加密"):
        page_count(path)


def _flate_bomb(path: Path) -> Path:
    # 84 MB of content stream in ~200 KB: beyond pypdf's 75 MB decompression limit.
    stream = zlib.compress(b"0 0 m\n" * 14_000_000, 1)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" >> >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def test_decompression_bomb(tmp_path: Path) -> None:
    path = _flate_bomb(tmp_path / "bomb.pdf")
    error = _error(path, display_path="bomb.pdf")
    assert str(error) == _msg("bomb.pdf", LIMIT_MSG)
    assert error.reason == "limit"
    assert "LimitReachedError" in error.detail


def test_file_over_max_bytes_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_child(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("must not start extraction")

    monkeypatch.setattr(pdfmod, "_run_isolated", no_child)
    error = _error(HONGZE_2023, display_path="gazette/big.pdf", max_bytes=100_000)
    assert str(error) == (
        "PDF 文件 'gazette/big.pdf' 大小为 286.6 KiB，超过上限 97.7 KiB，未读取：请压缩或拆分该文件。"
    )
    assert error.reason == "too_large"


def test_max_bytes_message_in_mib(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.truncate(3 * 2**20 + 2**19)  # sparse 3.5 MiB
    error = _error(path, display_path="big.pdf", max_bytes=2 * 2**20)
    assert str(error) == _msg(
        "big.pdf", "大小为 3.5 MiB，超过上限 2.0 MiB，未读取：请压缩或拆分该文件。"
    )


def _greedy(data: bytes) -> Any:
    return bytearray(512 * 2**20)


def test_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A deterministic stand-in for a file whose parsing balloons: the child's
    # RLIMIT_AS turns the allocation into MemoryError instead of swapping the build host.
    monkeypatch.setitem(pdfmod._OPERATIONS, "extract", _greedy)
    error = _error(HUAIAN_2024, display_path="gazette/x.pdf", max_memory=64 * 2**20)
    assert str(error) == _msg(
        "gazette/x.pdf",
        "处理时超出内存上限 64.0 MiB，已中止：请检查该文件是否异常，或调大内存上限。",
    )
    assert error.reason == "memory"


def test_real_timeout_on_a_real_file() -> None:
    started = time.monotonic()
    error = _error(HUAIAN_2024, display_path="gazette/x.pdf", timeout=0.001)
    assert error.reason == "timeout"
    assert str(error) == _msg(
        "gazette/x.pdf",
        "处理超过 0.001 秒仍未完成，已中止：请检查该文件是否异常，或调大超时时间。",
    )
    assert time.monotonic() - started < 10


def _slow(data: bytes) -> Any:
    time.sleep(120)


def test_hanging_extractor_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    # The patched operation is inherited by the forked child.
    monkeypatch.setitem(pdfmod._OPERATIONS, "extract", _slow)
    spawned: list[multiprocessing.process.BaseProcess] = []
    real_context = pdfmod._mp_context

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

    monkeypatch.setattr(pdfmod, "_mp_context", spying_context)
    started = time.monotonic()
    error = _error(HONGZE_2023, display_path="slow.pdf", timeout=0.5)
    assert time.monotonic() - started < 10
    assert str(error) == _msg(
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
    monkeypatch.setitem(pdfmod._OPERATIONS, "extract", _raiser(exc))
    error = _error(HONGZE_2023, display_path="x.pdf")
    assert error.reason == reason
    assert str(error) == _msg("x.pdf", rest)
    assert type(exc).__name__ in error.detail


def _die(data: bytes) -> Any:
    os._exit(3)


def test_child_that_dies_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pdfmod._OPERATIONS, "extract", _die)
    error = _error(HONGZE_2023, display_path="x.pdf")
    assert error.reason == "crashed"
    assert str(error) == _msg(
        "x.pdf", "处理进程意外退出（退出码 3），无法读取文本：请检查该文件是否异常。"
    )


def test_missing_file(tmp_path: Path) -> None:
    error = _error(tmp_path / "nope.pdf", display_path="gazette/nope.pdf")
    assert error.reason == "unreadable"
    assert str(error).startswith("PDF 文件 'gazette/nope.pdf' 无法打开（")
    assert str(error).endswith("）：请检查文件是否存在以及读取权限。")


def test_display_path_defaults_to_the_path(tmp_path: Path) -> None:
    path = tmp_path / "e.pdf"
    path.write_bytes(b"")
    assert str(_error(path)) == _msg(str(path), EMPTY_MSG)


def test_page_count_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(PdfError) as info:
        page_count(path, display_path="x.pdf")
    assert str(info.value) == _msg("x.pdf", NOT_PDF_MSG)


# --------------------------------------------------------------------------------------
# Start method fallback


def test_fork_is_avoided_while_other_threads_run() -> None:
    assert pdfmod._mp_context().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pdfmod._mp_context().get_start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        thread.join()


def test_extraction_works_in_a_fresh_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where fork is unavailable or unsafe the child is a new interpreter: arguments and
    # results are pickled and gongbao.core.pdf is re-imported there.
    monkeypatch.setattr(pdfmod, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    result = read_pdf(HONGZE_2023)
    assert result.page_count == 5
    assert "政府信息公开" in result.pages[0]
    broken = tmp_path / "cut.pdf"
    broken.write_bytes(HONGZE_2023.read_bytes()[:5000])
    with pytest.raises(PdfError) as info:
        read_pdf(broken, display_path="cut.pdf")
    assert str(info.value) == _msg("cut.pdf", CORRUPT_MSG)


# --------------------------------------------------------------------------------------
# Cache


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every child started by read_pdf (by operation name)."""
    calls: list[str] = []
    real = pdfmod._run_isolated

    def counting(op: str, *args: Any) -> Any:
        calls.append(op)
        return real(op, *args)

    monkeypatch.setattr(pdfmod, "_run_isolated", counting)
    yield calls


def test_cache_hit_avoids_extraction(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["政务\n公开"], title="甲")
    first = read_pdf(pdf, cache=cache)
    second = read_pdf(pdf, cache=cache)
    assert counted == ["extract"]
    assert second == first
    # Same content under another name: still a hit, reported under the new path.
    copy = tmp_path / "b.pdf"
    copy.write_bytes(pdf.read_bytes())
    third = read_pdf(copy, cache=cache)
    assert counted == ["extract"]
    assert third.path == copy
    assert third.pages == first.pages == ("政务公开",)
    entries = list((tmp_path / "cache").iterdir())
    assert [e.suffix for e in entries] == [".json"]  # no temporary files left behind


def test_cache_invalidates_when_content_changes(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["第一版"])
    assert read_pdf(pdf, cache=cache).pages == ("第一版",)
    make_pdf(pdf, ["第二版"])
    assert read_pdf(pdf, cache=cache).pages == ("第二版",)
    assert counted == ["extract", "extract"]
    assert read_pdf(pdf, cache=cache).pages == ("第二版",)
    assert counted == ["extract", "extract"]


def test_cache_round_trip_and_bad_entries(tmp_path: Path) -> None:
    cache = PdfTextCache(tmp_path)
    text = PdfText(
        path=Path("gazette/a.pdf"),
        sha256="a" * 64,
        page_count=2,
        metadata={"title": "平江市人民政府公报"},
        pages=("第一页\x03", "第二页"),
        garbled_pages=(1,),
    )
    assert cache.get("a" * 64) is None
    cache.put(text)
    assert cache.get("a" * 64) == text
    (entry,) = tmp_path.iterdir()
    # Chinese stays readable in the cache files.
    assert "平江市人民政府公报" in entry.read_text(encoding="utf-8")
    payload = json.loads(entry.read_text(encoding="utf-8"))
    assert payload["version"] == EXTRACTOR_VERSION
    payload["version"] = "gongbao-pdf/0"
    entry.write_text(json.dumps(payload), encoding="utf-8")
    assert cache.get("a" * 64) is None
    entry.write_text("{not json", encoding="utf-8")
    assert cache.get("a" * 64) is None
    cache.put(text)
    assert cache.get("a" * 64) == text
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")


def test_errors_are_not_cached(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    path = make_pdf(tmp_path / "x.pdf", ["机密"], encrypt="secret")
    for _ in range(2):
        with pytest.raises(PdfError):
            read_pdf(path, cache=cache)
    assert counted == ["extract", "extract"]


# --------------------------------------------------------------------------------------
# read_pdfs: several files, children side by side


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record when each child starts and when its result is taken (by file name)."""
    events: list[str] = []
    real = pdfmod._Isolated

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, op: str, args: Any, path: Path, *rest: Any) -> None:
            events.append(f"start {path.name}")
            super().__init__(op, args, path, *rest)

        def result(self) -> Any:
            events.append(f"result {self.path.name}")
            return super().result()

    monkeypatch.setattr(pdfmod, "_Isolated", Spy)
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
    assert str(error_b) == _msg("gazette/b.pdf", ENCRYPTED_MSG)
    assert str(error_c) == _msg("gazette/c.pdf", NOT_PDF_MSG)  # refused before any child
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
    return pdfmod._op_extract(data)


def test_a_hanging_file_does_not_hold_up_the_others(
    tmp_path: Path, started: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(pdfmod._OPERATIONS, "extract", _slow_if_marked)
    slow = make_pdf(tmp_path / "slow.pdf", ["挂起"], title="slow")
    assert b"/Title (slow)" in slow.read_bytes()
    others = [make_pdf(tmp_path / f"{n}.pdf", [f"第{n}份"]) for n in (1, 2, 3)]
    files = [(slow, "slow.pdf"), *((p, p.name) for p in others)]
    results = read_pdfs(files, workers=2, timeout=3)
    assert str(results[0]) == _msg(
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
    monkeypatch.setitem(pdfmod._OPERATIONS, "extract", _slow)
    started = time.monotonic()
    results = read_pdfs([(HONGZE_2023, "a.pdf"), (HUAIAN_2024, "b.pdf")], timeout=0.5)
    assert time.monotonic() - started < 10
    assert [str(r) for r in results] == [
        _msg(name, "处理超过 0.5 秒仍未完成，已中止：请检查该文件是否异常，或调大超时时间。")
        for name in ("a.pdf", "b.pdf")
    ]


# --------------------------------------------------------------------------------------
# split_pdf


ISSUE_PAGES = [
    "平江市人民政府公报\n2023年第6期",
    "平江市人民政府关于印发\n政务公开工作要点的通知\n平政发〔2023〕12号",
    "要点正文（续）",
    "平江市人民政府办公室关于\n做好防汛工作的通知\n平政办发〔2023〕51号",
    "平江市财政局关于\n预算公开的解读",
]


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "issue.pdf", ISSUE_PAGES, title="平江市人民政府公报 2023年第6期")


SPLIT_META = [
    {"title": "平江市人民政府关于印发政务公开工作要点的通知", "subject": "平政发〔2023〕12号"},
    {"title": "平江市人民政府办公室关于做好防汛工作的通知", "/Subject": "平政办发〔2023〕51号"},
    {"title": "平江市财政局关于预算公开的解读", "author": "平江市财政局"},
]


def test_split_pdf(tmp_path: Path, issue: Path) -> None:
    dests = [tmp_path / "out" / f"{n}.pdf" for n in ("a", "b", "c")]
    split_pdf(issue, [(2, 3), (4, 4), (5, 5)], dests, SPLIT_META)
    counts = [2, 1, 1]
    for dest, count, meta in zip(dests, counts, SPLIT_META, strict=True):
        reader = pypdf.PdfReader(dest)
        assert len(reader.pages) == count
        assert reader.metadata is not None
        assert reader.metadata.title == meta["title"]
        result = read_pdf(dest)
        assert result.pages[0].startswith(normalize_text(meta["title"])[:8])
        assert result.metadata["title"] == meta["title"]
    assert pypdf.PdfReader(dests[0]).metadata.subject == "平政发〔2023〕12号"  # type: ignore[union-attr]
    assert pypdf.PdfReader(dests[1]).metadata.subject == "平政办发〔2023〕51号"  # type: ignore[union-attr]
    assert pypdf.PdfReader(dests[2]).metadata.author == "平江市财政局"  # type: ignore[union-attr]
    assert read_pdf(dests[0]).pages == (normalize_text(ISSUE_PAGES[1]), "要点正文（续）")


def test_split_pdf_is_deterministic(tmp_path: Path, issue: Path) -> None:
    first = [tmp_path / "1" / f"{n}.pdf" for n in "ab"]
    second = [tmp_path / "2" / f"{n}.pdf" for n in "ab"]
    split_pdf(issue, [(2, 3), (4, 4)], first, SPLIT_META[:2])
    time.sleep(1.1)  # a clock-derived date would now differ
    split_pdf(issue, [(2, 3), (4, 4)], second, SPLIT_META[:2])
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert _file_id(first[0]) != _file_id(first[1])  # still unique per output


@pytest.mark.parametrize(("start", "end"), [(4, 6), (0, 1), (3, 2), (6, 6)])
def test_split_pdf_rejects_bad_ranges(tmp_path: Path, issue: Path, start: int, end: int) -> None:
    dests = [tmp_path / "ok.pdf", tmp_path / "bad.pdf"]
    with pytest.raises(PdfError) as info:
        split_pdf(issue, [(1, 1), (start, end)], dests, [{}, {}], display_path="gazette/6.pdf")
    assert str(info.value) == (
        f"PDF 文件 'gazette/6.pdf' 共 5 页，页码范围 {start}-{end} 无效："
        "起始页须从 1 开始且不大于结束页，结束页不能超过总页数。"
    )
    assert info.value.reason == "bad_range"
    assert not any(d.exists() for d in dests)  # validated before anything is written


def test_split_pdf_argument_errors(tmp_path: Path, issue: Path) -> None:
    with pytest.raises(ValueError):
        split_pdf(issue, [(1, 1)], [tmp_path / "a.pdf", tmp_path / "b.pdf"], [{}])
    with pytest.raises(ValueError):
        split_pdf(issue, [(1, 1)], [tmp_path / "a.pdf"], [{"colour": "红"}])


def test_split_pdf_unreadable_source(tmp_path: Path) -> None:
    src = tmp_path / "x.pdf"
    src.write_bytes(b"")
    with pytest.raises(PdfError) as info:
        split_pdf(src, [(1, 1)], [tmp_path / "a.pdf"], [{}], display_path="x.pdf")
    assert str(info.value) == _msg("x.pdf", EMPTY_MSG)


def test_split_pdf_unwritable_destination(tmp_path: Path, issue: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    dest = blocker / "a.pdf"
    with pytest.raises(PdfError) as info:
        split_pdf(issue, [(1, 1)], [dest], [{}])
    assert info.value.reason == "unwritable"
    assert str(info.value).startswith(f"PDF 文件 '{dest}' 无法写入（")


# --------------------------------------------------------------------------------------
# write_outlined_pdf

OUTLINE = [
    (
        "市政府文件",
        [("平江市人民政府关于印发政务公开工作要点的通知（平政发〔2023〕12号）", 2)],
    ),
    (
        "市政府办公室文件",
        [
            ("平江市人民政府办公室关于做好防汛工作的通知（平政办发〔2023〕51号）", 4),
            ("平江市财政局关于预算公开的解读", 5),
        ],
    ),
]
ISSUE_META = {
    "title": "平江市人民政府公报 2023年第6期",
    "subject": "政府公报",
    "author": "平江市人民政府办公室",
    "keywords": "政府公报;政务公开;2023",
}


def _outline_of(path: Path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Bookmarks as (title, 1-based page, children) read back with pypdf."""
    reader = pypdf.PdfReader(path)

    def page(item: Any) -> int:
        number = reader.get_destination_page_number(item)
        assert number is not None
        return number + 1

    result: list[tuple[str, int, list[tuple[str, int]]]] = []
    item: Any
    for item in reader.outline:
        if isinstance(item, list):
            result[-1][2].extend((str(child.title), page(child)) for child in item)
        else:
            result.append((str(item.title), page(item), []))
    return result


def _file_id(path: Path) -> bytes:
    trailer: Any = pypdf.PdfReader(path).trailer
    value = trailer["/ID"][0]
    # pypdf reads a byte string that happens to decode as text as a TextStringObject.
    return bytes(getattr(value, "original_bytes", value))


def test_write_outlined_pdf(tmp_path: Path, issue: Path) -> None:
    dest = tmp_path / "out" / "issue-6.pdf"
    write_outlined_pdf(issue, dest, OUTLINE, ISSUE_META)
    assert _outline_of(dest) == [
        ("市政府文件", 2, [(OUTLINE[0][1][0][0], 2)]),
        ("市政府办公室文件", 4, [(OUTLINE[1][1][0][0], 4), (OUTLINE[1][1][1][0], 5)]),
    ]
    reader = pypdf.PdfReader(dest)
    assert len(reader.pages) == 5
    assert reader.page_mode == "/UseOutlines"
    meta = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    assert meta == {
        "/Title": ISSUE_META["title"],
        "/Subject": "政府公报",
        "/Author": "平江市人民政府办公室",
        "/Keywords": "政府公报;政务公开;2023",
        "/Producer": "pypdf",
    }  # in particular no /CreationDate or /ModDate from the clock
    # The text is still there, page for page.
    assert read_pdf(dest).pages == tuple(normalize_text(p) for p in ISSUE_PAGES)


def test_write_outlined_pdf_is_deterministic(tmp_path: Path, issue: Path) -> None:
    write_outlined_pdf(issue, tmp_path / "1.pdf", OUTLINE, ISSUE_META)
    time.sleep(1.1)
    write_outlined_pdf(issue, tmp_path / "2.pdf", OUTLINE, ISSUE_META)
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()
    # Different outline, different file identifier.
    write_outlined_pdf(issue, tmp_path / "3.pdf", OUTLINE[:1], ISSUE_META)
    assert len(_file_id(tmp_path / "1.pdf")) == 16
    assert _file_id(tmp_path / "1.pdf") != _file_id(tmp_path / "3.pdf")


def test_write_outlined_pdf_drops_existing_bookmarks(tmp_path: Path, issue: Path) -> None:
    once = tmp_path / "once.pdf"
    write_outlined_pdf(issue, once, OUTLINE, ISSUE_META)
    twice = tmp_path / "twice.pdf"
    write_outlined_pdf(once, twice, OUTLINE[:1], ISSUE_META)
    assert [title for title, _, _ in _outline_of(twice)] == ["市政府文件"]


def test_write_outlined_pdf_rejects_pages_outside_the_issue(tmp_path: Path, issue: Path) -> None:
    outline = [("市政府文件", [("通知", 2), ("办法", 9)])]
    dest = tmp_path / "out.pdf"
    with pytest.raises(PdfError) as info:
        write_outlined_pdf(issue, dest, outline, ISSUE_META, display_path="gazette/6.pdf")
    assert str(info.value) == (
        "PDF 文件 'gazette/6.pdf' 共 5 页，页码范围 9-9 无效："
        "起始页须从 1 开始且不大于结束页，结束页不能超过总页数。"
    )
    assert not dest.exists()


def test_write_outlined_pdf_argument_errors(tmp_path: Path, issue: Path) -> None:
    with pytest.raises(ValueError, match="no articles"):
        write_outlined_pdf(issue, tmp_path / "x.pdf", [("空栏目", [])], ISSUE_META)
    with pytest.raises(ValueError, match="metadata key"):
        write_outlined_pdf(issue, tmp_path / "x.pdf", OUTLINE, {"date": "2023"})


def test_write_outlined_pdf_encrypted_source(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "e.pdf", ["机密"], encrypt="secret", algorithm="AES-128")
    with pytest.raises(PdfError) as info:
        write_outlined_pdf(
            src, tmp_path / "o.pdf", [("栏目", [("文", 1)])], {}, display_path="e.pdf"
        )
    assert str(info.value) == _msg("e.pdf", ENCRYPTED_MSG)
