"""gongbao.core.pdf reading real, generated, broken, hostile and encrypted files.

Every failure is a PdfError with an exact Chinese message. The child process itself is tested
in test_pdf_sandbox.py, the cache in test_pdf_cache.py, the writers in test_pdf_writers.py.
"""

from __future__ import annotations

import hashlib
import pickle
import random
import zlib
from pathlib import Path
from typing import Any

import pypdf
import pytest

from gongbao.core.pdf import (
    PdfError,
    PdfErrorReason,
    api,
    page_count,
    read_pdf,
)
from gongbao.core.textnorm import normalize_text
from tests.core.pdfcases import (
    CORRUPT_MSG,
    EMPTY_MSG,
    HARD,
    HONGZE_2023,
    HUAIAN_2024,
    LIMIT_MSG,
    NOT_PDF_MSG,
    msg,
    read_error,
)
from tests.pdfmaker import make_pdf

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

    pdf = make_pdf(tmp_path / "a.pdf", ["政务公开"])
    result = read_pdf(pdf, display_path="gazette/a.pdf")
    assert result.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert result.text == "政务公开"


# --------------------------------------------------------------------------------------
# Broken, hostile and encrypted files: always PdfError with an exact message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "05.pdf"
    path.write_bytes(b"")
    error = read_error(path, display_path="gazette/2023/05.pdf")
    assert str(error) == msg("gazette/2023/05.pdf", EMPTY_MSG)
    assert error.reason == PdfErrorReason.EMPTY
    assert str(error.reason) == "empty"
    assert error.path == path


def test_error_pickles(tmp_path: Path) -> None:

    path = tmp_path / "05.pdf"
    path.write_bytes(b"")
    error = read_error(path, display_path="gazette/2023/05.pdf")
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
    assert read_error(path).reason == "empty"


def test_html_saved_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "05.pdf"
    path.write_text(
        "<!DOCTYPE html><html><head><title>404 页面不存在</title></head><body></body></html>",
        encoding="utf-8",
    )
    error = read_error(path, display_path="gazette/2023/05.pdf")
    assert str(error) == msg("gazette/2023/05.pdf", NOT_PDF_MSG)
    assert error.reason == "not_pdf"


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(1).randbytes(4096).replace(b"%PDF-", b"xxxxx"))
    error = read_error(path, display_path="noise.pdf")
    assert str(error) == msg("noise.pdf", NOT_PDF_MSG)


def test_random_bytes_behind_a_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(2).randbytes(4096))
    error = read_error(path, display_path="noise.pdf")
    assert str(error) == msg("noise.pdf", CORRUPT_MSG)
    assert error.reason == "corrupt"
    assert error.detail  # technical detail for logs


@pytest.mark.parametrize("fraction", [0.9, 0.5, 0.2])
def test_truncated_pdf(tmp_path: Path, fraction: float) -> None:
    data = HONGZE_2023.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    error = read_error(path, display_path="gazette/cut.pdf")
    assert str(error) == msg("gazette/cut.pdf", CORRUPT_MSG)
    assert error.reason == "corrupt"


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf(tmp_path: Path, algorithm: str) -> None:
    path = make_pdf(tmp_path / "05.pdf", ["机密"], encrypt="secret", algorithm=algorithm)
    assert pypdf.PdfReader(path).is_encrypted
    error = read_error(path, display_path="gazette/2023/05.pdf")
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
    error = read_error(path, display_path="bomb.pdf")
    assert str(error) == msg("bomb.pdf", LIMIT_MSG)
    assert error.reason == "limit"
    assert "LimitReachedError" in error.detail


def test_file_over_max_bytes_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_child(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("must not start extraction")

    monkeypatch.setattr(api, "run_isolated", no_child)
    error = read_error(HONGZE_2023, display_path="gazette/big.pdf", max_bytes=100_000)
    assert str(error) == (
        "PDF 文件 'gazette/big.pdf' 大小为 286.6 KiB，超过上限 97.7 KiB，未读取：请压缩或拆分该文件。"
    )
    assert error.reason == "too_large"


def test_max_bytes_message_in_mib(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.truncate(3 * 2**20 + 2**19)  # sparse 3.5 MiB
    error = read_error(path, display_path="big.pdf", max_bytes=2 * 2**20)
    assert str(error) == msg(
        "big.pdf", "大小为 3.5 MiB，超过上限 2.0 MiB，未读取：请压缩或拆分该文件。"
    )


def test_missing_file(tmp_path: Path) -> None:
    error = read_error(tmp_path / "nope.pdf", display_path="gazette/nope.pdf")
    assert error.reason == "unreadable"
    assert str(error).startswith("PDF 文件 'gazette/nope.pdf' 无法打开（")
    assert str(error).endswith("）：请检查文件是否存在以及读取权限。")


def test_display_path_defaults_to_the_path(tmp_path: Path) -> None:
    path = tmp_path / "e.pdf"
    path.write_bytes(b"")
    assert str(read_error(path)) == msg(str(path), EMPTY_MSG)


def test_page_count_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(PdfError) as info:
        page_count(path, display_path="x.pdf")
    assert str(info.value) == msg("x.pdf", NOT_PDF_MSG)
