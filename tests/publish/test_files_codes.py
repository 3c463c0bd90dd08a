"""Attachments and issue PDFs, checked before publishing: each failure has its code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Severity
from gongbao.core.model.records import GazetteIssue
from gongbao.core.publish.assets import prepare_files
from tests.corpus import codes, corpus, doc, issue, messages
from tests.pdfmaker import make_pdf


def _site(tmp_path: Path) -> Settings:
    (tmp_path / "content").mkdir()
    (tmp_path / "gazette" / "2023").mkdir(parents=True)
    return Settings(root=tmp_path)


def _issue(pdf: str, **pages: tuple[int, int]) -> GazetteIssue:
    return replace(
        issue(2023, 1, *pages, pages=pages), pdf=pdf, key_lines={"pdf": 5, "sections": 6}
    )


def test_attachment_paths_stay_inside_content(tmp_path: Path) -> None:
    settings = _site(tmp_path)
    record = doc(
        "a",
        attachments=("../../etc/passwd", "/etc/passwd", "missing.pdf"),
        key_lines={"attachments": 7},
    )
    published = corpus(record)
    _, found = prepare_files(published, published, settings)
    assert codes(found) == ["attachment.path"] * 3
    assert [f.message for f in found] == [
        "附件 '../../etc/passwd' 指向 content/ 目录之外（含符号链接），已拒绝。",
        "附件 '/etc/passwd' 是绝对路径，应写成相对于本文件的路径。",
        "附件 'missing.pdf' 文件不存在。",
    ]
    assert found[0].line == 7


def test_issue_pdf_path_pages_and_unreadable_pdfs(tmp_path: Path) -> None:
    settings = _site(tmp_path)
    make_pdf(tmp_path / "gazette/2023/01.pdf", ["第一页", "第二页"])
    (tmp_path / "gazette/2023/02.pdf").write_bytes(b"<html>not a pdf</html>")
    published = corpus(
        doc("a"),
        _issue("../../secret.pdf"),
        replace(_issue("01.pdf", a=(2, 5)), id="i1"),
        replace(_issue("02.pdf"), id="i2", number=2),
    )
    _, found = prepare_files(published, published, settings)
    assert codes(found) == ["gazette.pdf_path", "gazette.pages_range", "pdf.read"]
    assert messages(found)[:2] == [
        "gazette/2023/01.md:5: 公报PDF '../../secret.pdf' 指向 gazette/ 目录之外（含符号链接），已拒绝。"
        " 修改建议：把PDF放在 gazette/ 中（通常与期次文件同目录），写相对路径，如 pdf: 2023-05.pdf。",
        "gazette/2023/01.md:6: 栏目“市政府文件”条目 'a' 的页码 2-5 超出公报PDF的页数（共 2 页）。"
        " 修改建议：核对 pages（页码）。",
    ]
    assert found[2].message.startswith("PDF 文件 'gazette/2023/02.pdf' 不是 PDF 格式")
    warned = prepare_files(published, published, replace(settings, pdf_errors="warn"))[1]
    assert [f.severity for f in warned if f.code == "pdf.read"] == [Severity.WARNING]


def test_a_generated_pdf_that_cannot_be_written(tmp_path: Path) -> None:
    settings = _site(tmp_path)
    make_pdf(tmp_path / "gazette/2023/01.pdf", ["第一页", "第二页"])
    # Where the outlined copies go is a file: every write fails (even for root).
    (tmp_path / ".gongbao-cache").mkdir()
    (tmp_path / ".gongbao-cache" / "pdf-out").write_text("not a folder", encoding="utf-8")
    published = corpus(doc("a"), _issue("01.pdf", a=(1, 2)))
    files, found = prepare_files(published, published, settings)
    assert codes(found) == ["pdf.write"]
    assert (found[0].path, found[0].line) == ("gazette/2023/01.md", 5)
    assert "/.gongbao-cache/pdf-out/" in found[0].message
    assert "无法写入（Not a directory）：请检查目标目录是否存在以及写入权限。" in found[0].message
    assert files.generated == {}
