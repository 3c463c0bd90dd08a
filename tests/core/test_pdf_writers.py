"""split_pdf and write_outlined_pdf: pages, bookmarks, metadata, deterministic bytes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pypdf
import pytest

from gongbao.core.pdf import (
    PdfError,
    read_pdf,
    split_pdf,
    write_outlined_pdf,
)
from gongbao.core.textnorm import normalize_text
from tests.core.pdfcases import (
    EMPTY_MSG,
    ENCRYPTED_MSG,
    ISSUE_PAGES,
    msg,
)
from tests.pdfmaker import make_pdf

# --------------------------------------------------------------------------------------
# split_pdf


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
    assert str(info.value) == msg("x.pdf", EMPTY_MSG)


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
    assert str(info.value) == msg("e.pdf", ENCRYPTED_MSG)
