"""Generated PDFs are reused only when their signed sidecar vouches for their exact bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

import gongbao.core.pdf as pdf
import gongbao.core.publish.gazette_pdfs as assets  # the module whose writers are watched
from gongbao.core import signing
from gongbao.core.config.siteconfig import load_settings
from gongbao.core.pdf import clean_pdf, read_pdf, reusable, split_pdf, write_outlined_pdf
from gongbao.core.pdf.generated import sidecar_path
from gongbao.core.publish.pipeline import plan_site
from gongbao.core.textnorm import normalize_text
from tests.core.pdfcases import ISSUE_PAGES
from tests.pdfmaker import make_pdf
from tests.sites import policy, write_site

OUTLINE = [("市政府文件", [("通知", 2)]), ("市政府办公室文件", [("防汛", 4), ("解读", 5)])]
META = {"title": "平江市人民政府公报 2023年第6期"}


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_written_pdfs_are_reusable(tmp_path: Path, issue: Path) -> None:
    outlined = tmp_path / "out" / "issue.pdf"
    write_outlined_pdf(issue, outlined, OUTLINE, META)
    articles = [tmp_path / "out" / f"{n}.pdf" for n in ("01", "02")]
    split_pdf(issue, [(2, 3), (4, 4)], articles, [{}, {}])
    cleaned = tmp_path / "out" / "clean.pdf"
    clean_pdf(issue, cleaned, META)
    for path, pages in ((outlined, 5), (articles[0], 2), (articles[1], 1), (cleaned, 5)):
        assert reusable(path), path
        record = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        assert record["page_count"] == pages == len(pypdf.PdfReader(path).pages)
        assert record["size"] == path.stat().st_size
    # Sidecars sit beside the files and are never taken for PDFs.
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "01.pdf",
        "02.pdf",
        "clean.pdf",
        "issue.pdf",
    ]
    assert sidecar_path(outlined).name == "issue.pdf.sig"


def test_truncated_or_edited_outputs_are_not_reusable(tmp_path: Path, issue: Path) -> None:
    outlined = tmp_path / "out" / "outlined.pdf"
    write_outlined_pdf(issue, outlined, OUTLINE, META)
    good = outlined.read_bytes()
    _truncate(outlined)
    assert not reusable(outlined)
    # Same size, one byte changed: the SHA-256 tells.
    edited = bytearray(good)
    edited[len(edited) // 2] ^= 0x01
    outlined.write_bytes(bytes(edited))
    assert not reusable(outlined)
    outlined.write_bytes(good)
    assert reusable(outlined)  # the control: the written bytes themselves


def test_a_forged_or_foreign_sidecar_is_not_trusted(
    tmp_path: Path, issue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outlined = tmp_path / "out" / "outlined.pdf"
    write_outlined_pdf(issue, outlined, OUTLINE, META)
    sidecar = sidecar_path(outlined)
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    # Someone truncates the PDF and rewrites the sidecar to match it.
    _truncate(outlined)
    record["size"] = outlined.stat().st_size
    record["sha256"] = hashlib.sha256(outlined.read_bytes()).hexdigest()
    sidecar.write_text(json.dumps(record), encoding="utf-8")
    assert not reusable(outlined)
    # A valid pair made with another machine's key.
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "other.key"))
    other = tmp_path / "other" / "issue.pdf"
    write_outlined_pdf(issue, other, OUTLINE, META)
    assert reusable(other)
    monkeypatch.undo()
    assert not reusable(other)
    # Unsigned (no sidecar at all, as an older build left it).
    write_outlined_pdf(issue, outlined, OUTLINE, META)
    assert reusable(outlined)
    sidecar.unlink()
    assert not reusable(outlined)


def test_a_valid_pair_moved_to_another_output_is_not_reusable(tmp_path: Path, issue: Path) -> None:
    first = tmp_path / "a" / "issue.pdf"
    write_outlined_pdf(issue, first, OUTLINE, META)
    moved = tmp_path / "b" / "issue.pdf"
    moved.parent.mkdir()
    shutil.copy(first, moved)
    shutil.copy(sidecar_path(first), sidecar_path(moved))
    assert reusable(first) and not reusable(moved)


def test_without_a_key_outputs_are_written_but_never_reused(
    tmp_path: Path, issue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outlined = tmp_path / "out" / "outlined.pdf"
    write_outlined_pdf(issue, outlined, OUTLINE, META)
    assert sidecar_path(outlined).exists()
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(signing.KEY_ENV, str(blocker / "cache.key"))
    write_outlined_pdf(issue, outlined, OUTLINE, META)
    assert len(pypdf.PdfReader(outlined).pages) == 5
    assert not sidecar_path(outlined).exists()  # the old sidecar is not left to vouch for it
    assert not reusable(outlined)


def test_reusable_never_raises(tmp_path: Path) -> None:
    assert not reusable(tmp_path / "missing.pdf")
    folder = tmp_path / "dir.pdf"
    folder.mkdir()
    sidecar_path(folder).write_text("[1, 2]", encoding="utf-8")
    assert not reusable(folder)
    sidecar_path(folder).write_bytes(b"\xff" * 100_000)
    assert not reusable(folder)


# --------------------------------------------------------------------------------------
# The build reuses what it may, and regenerates the rest


def _site(tmp_path: Path) -> Path:
    sections = [
        {"heading": "市政府文件", "items": [{"ref": "平政发〔2023〕9号", "pages": "2-3"}]},
        {"heading": "市政府办公室文件", "items": [{"ref": "平政办发〔2023〕51号", "pages": "4-4"}]},
    ]
    meta = {"year": 2023, "number": 6, "published": "2023-06-15", "pdf": "2023-06.pdf"}
    issue_md = "---\n" + yaml.safe_dump({**meta, "sections": sections}, allow_unicode=True)
    site = write_site(
        tmp_path / "site",
        {
            "content/2023/a.md": policy(),
            "content/2023/b.md": policy(
                title="平江市政府信息公开申请办理规定",
                doc_number="平政发〔2023〕9号",
                published="2023-06-01",
            ),
            "gazette/2023/06.md": issue_md + "---\n\n本期说明。\n",
        },
        {"gazette_title": "平江市人民政府公报"},
    )
    make_pdf(site / "gazette/2023/2023-06.pdf", ISSUE_PAGES[:4])
    return site


def test_the_build_regenerates_a_truncated_outlined_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    written: list[str] = []
    real_outline, real_split = pdf.write_outlined_pdf, pdf.split_pdf

    def outline(src: Path, dest: Path, *args: Any, **kwargs: Any) -> None:
        written.append(dest.name)
        real_outline(src, dest, *args, **kwargs)

    def split(src: Path, ranges: Any, dests: Any, *args: Any, **kwargs: Any) -> None:
        written.extend(dest.name for dest in dests)
        real_split(src, ranges, dests, *args, **kwargs)

    monkeypatch.setattr(assets, "write_outlined_pdf", outline)
    monkeypatch.setattr(assets, "split_pdf", split)
    settings = load_settings(site / "mkdocs.yml")

    plan = plan_site(settings)
    generated = plan.files.generated
    outlined = generated["gazette/2023/2023-06.pdf"]
    article = generated["gazette/2023/2023-06/01-b.pdf"]
    assert written == ["2023-06.pdf", "01-b.pdf", "02-a.pdf"]
    good = outlined.read_bytes()

    plan_site(settings)  # intact: reused, nothing written
    assert written == ["2023-06.pdf", "01-b.pdf", "02-a.pdf"]

    _truncate(outlined)  # damaged in the cache: made again, whole and valid
    article.write_bytes(article.read_bytes() + b"% appended\n")
    plan = plan_site(settings)
    assert written[3:] == ["2023-06.pdf", "01-b.pdf"]
    assert plan.files.generated["gazette/2023/2023-06.pdf"] == outlined
    assert outlined.read_bytes() == good and reusable(outlined) and reusable(article)
    reader = pypdf.PdfReader(outlined)
    assert len(reader.pages) == 4
    assert [str(item.title) for item in reader.outline if not isinstance(item, list)] == [
        "市政府文件",
        "市政府办公室文件",
    ]
    assert read_pdf(article).pages == tuple(normalize_text(p) for p in ISSUE_PAGES[1:3])
    (asset,) = plan.files.issue_pdfs.values()
    assert (asset.src_uri, asset.size, asset.pages) == ("gazette/2023/2023-06.pdf", len(good), 4)
