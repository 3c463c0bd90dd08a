"""Gazette issues: rules, archive pages, issue PDFs cut and outlined with pypdf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.pdf import read_pdfs
from tests.pdfmaker import make_pdf
from tests.sites import build_site, interpretation, policy, write_site

DOCS = {
    "content/2023/a.md": policy(normative=True),
    "interpretations/2023/a.md": interpretation(),
    "content/2023/b.md": policy(
        title="平凉市政府信息公开申请办理规定",
        doc_number="平政发〔2023〕9号",
        published="2023-06-01",
        normative=True,
    ),
    "interpretations/2023/b.md": interpretation(
        interprets="平政发〔2023〕9号", title="申请办理规定解读", published="2023-06-01"
    ),
}


def issue(
    year: int, number: int, published: str, sections: list[dict[str, Any]], **extra: Any
) -> str:
    """A gazette issue source."""
    meta = {"year": year, "number": number, "published": published, **extra, "sections": sections}
    return (
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n本期说明。\n"
    )


GAP_1_TO_5 = (
    "gazette/2023/06.md:3: 2023年公报缺少第1期至第5期（该年度最早的一期是第6期，期号应从第1期开始）。"
    " 修改建议：补上缺少的期次，或核对期号。"
)
"""The one warning of a site whose only issue of 2023 is 第6期."""


def _warnings(log: str) -> list[str]:
    return [
        line.removeprefix("WARNING: gongbao: ")
        for line in log.splitlines()
        if line.startswith("WARNING")
    ]


def test_issue_pages_year_pages_and_document_backlinks(tmp_path: Path) -> None:
    files = {
        **DOCS,
        "gazette/2023/06.md": issue(
            2023,
            6,
            "2023-06-15",
            [
                {"heading": "市政府办公室文件", "items": ["平政办发〔2023〕51号"]},
                {"heading": "市政府文件", "items": [{"ref": "平政发[2023]9号"}]},
                {"heading": "人事任免", "items": [{"text": "市人民政府关于任免工作人员的通知"}]},
            ],
            serial=120,
        ),
    }
    result = build_site(
        write_site(tmp_path, files, {"gazette_title": "平凉市人民政府公报"}), strict=False
    )
    assert result.ok, result.log
    assert _warnings(result.log) == [GAP_1_TO_5]

    page = result.read("gazette/2023/06.html")
    assert "<h1 id=" in page and "平凉市人民政府公报2023年第6期（总第120期）" in page
    assert '<h3 id="gb-section-1">市政府办公室文件</h3>' in page
    assert (
        '<li><a href="../../content/2023/a.html">' not in page
    )  # documents live at their docs_dir path, not under content/
    assert (
        '<li><a href="../../2023/a.html">平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知</a>'
        ' <span class="gb-docno">平政办发〔2023〕51号</span></li>'
    ) in page
    assert "<li>市人民政府关于任免工作人员的通知</li>" in page

    doc = result.read("2023/b.html")
    assert (
        '<p class="gb-printed">刊载于<a href="../gazette/2023/06.html">《平凉市人民政府公报》2023年第6期'
        "（总第120期）</a>（市政府文件）。</p>"
    ) in doc

    year = result.read("archive/gazette/2023.html")
    assert '<tr><th scope="row">5月</th><td class="gb-muted">本月未出版</td></tr>' in year
    assert (
        '<tr><th scope="row">6月</th><td><a href="../../gazette/2023/06.html">第6期</a>（总第120期） '
        '<time datetime="2023-06-15">2023-06-15</time></td></tr>'
    ) in year
    home = result.read("archive/gazette/index.html")
    assert (
        '<li><a href="2023.html">2023年</a>（1 期，最新：<a href="../../gazette/2023/06.html">第6期</a>）</li>'
        in home
    )


def test_gazette_errors_and_warnings(tmp_path: Path) -> None:
    files = {
        **DOCS,
        "content/2023/c.md": policy(
            title="依申请公开的文件", doc_number="平政办函〔2023〕3号", disclosure="依申请公开"
        ),
        "gazette/2023/03.md": issue(
            2023,
            3,
            "2023-06-10",
            [{"heading": "市政府文件", "items": ["平政办发〔2023〕51号"]}],
            serial=10,
        ),
        "gazette/2023/05.md": issue(
            2023,
            5,
            "2023-06-20",
            [
                {"heading": "市政府文件", "items": ["平政办发〔2023〕51号", "平政发〔2023〕99号"]},
                {"heading": "其他", "items": ["平政办函〔2023〕3号"]},
            ],
            serial=9,
        ),
        "gazette/2023/05b.md": issue(
            2023,
            5,
            "2023-06-21",
            [{"heading": "市政府文件", "items": [{"text": "更正"}]}],
            serial=10,
        ),
    }
    result = build_site(write_site(tmp_path, files))
    assert not result.ok
    log = result.log
    assert (
        "gazette/2023/05.md:6: 平政办发〔2023〕51号《平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知》"
        "已刊登于 gazette/2023/03.md，不能在2023年第5期再次刊登。 修改建议：同一文件只在一期公报中刊登；删除重复的条目。"
    ) in log
    assert (
        "gazette/2023/05.md:6: 公报2023年第5期栏目“市政府文件”的条目 '平政发〔2023〕99号'找不到对应的政策文件。"
        " 修改建议：核对文号或 id；人事任免等无需页面的条目请写成 text: …。"
    ) in log
    assert (
        "gazette/2023/05.md:6: 公报2023年第5期栏目“其他”的条目 '平政办函〔2023〕3号'指向依申请公开的文件 "
        "content/2023/c.md，公报只刊登主动公开文件。"
    ) in log
    assert (
        "gazette/2023/05b.md:3: 公报2023年第5期与 gazette/2023/05.md 重复。 修改建议：核对 year（年度）和 number（期号）。"
        in log
    )
    assert (
        "gazette/2023/05b.md:5: 总期号 10 与 gazette/2023/03.md 重复。 修改建议：核对 serial（总期号）。"
        in log
    )
    assert (
        "WARNING: gongbao: gazette/2023/05.md:3: 2023年公报缺少第4期（第3期之后是第5期）。"
        " 修改建议：补上缺少的期次，或核对期号。"
    ) in log
    assert (
        "WARNING: gongbao: gazette/2023/05.md:5: 总期号倒退：2023年第5期为总第9期，而此前的2023年第3期已是总第10期。"
    ) in log
    assert (
        "content/2023/b.md:6: 规范性文件平政发〔2023〕9号《平凉市政府信息公开申请办理规定》（发布日期 2023-06-01）"
        "未刊登于任何一期公报。 修改建议：在 gazette/ 中文件发布之后的一期公报的 sections 里加入该文件的文号"
        "（政府公报是规范性文件标准文本的法定载体）。"
    ) in log


def test_normative_rule_can_warn_or_be_off(tmp_path: Path) -> None:
    warn = build_site(
        write_site(tmp_path / "warn", DOCS, {"normative_in_gazette": "warn"}), strict=False
    )
    assert warn.ok
    assert "WARNING: gongbao: content/2023/a.md:6: 规范性文件平政办发〔2023〕51号" in warn.log
    assert build_site(write_site(tmp_path / "off", DOCS, {"normative_in_gazette": "off"})).ok


def _site_with_issue_pdf(tmp_path: Path) -> Path:
    site = write_site(
        tmp_path,
        {
            **DOCS,
            "gazette/2023/06.md": issue(
                2023,
                6,
                "2023-06-15",
                [
                    {
                        "heading": "市政府文件",
                        "items": [{"ref": "平政发〔2023〕9号", "pages": "2-3"}],
                    },
                    {
                        "heading": "市政府办公室文件",
                        "items": [{"ref": "平政办发〔2023〕51号", "pages": "4-4"}],
                    },
                ],
                pdf="2023-06.pdf",
                serial=120,
            ),
        },
        {"gazette_title": "平凉市人民政府公报"},
    )
    make_pdf(
        site / "gazette/2023/2023-06.pdf",
        [
            "平凉市人民政府公报\n2023年第6期",
            "平凉市政府信息公开申请办理规定\n第一条",
            "第二条 政务\n公开",
            "政务公开工作要点",
        ],
    )
    return site


def test_issue_pdf_is_cut_per_article_and_outlined(tmp_path: Path) -> None:
    site = _site_with_issue_pdf(tmp_path)
    result = build_site(site, strict=False)
    assert result.ok, result.log
    assert _warnings(result.log) == [GAP_1_TO_5]

    outlined = pypdf.PdfReader(result.site / "gazette/2023/2023-06.pdf")
    assert (
        outlined.metadata is not None
        and outlined.metadata.title == "平凉市人民政府公报2023年第6期（总第120期）"
    )
    top = [item for item in outlined.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["市政府文件", "市政府办公室文件"]
    children = [item for item in outlined.outline if isinstance(item, list)]
    assert [c.title for group in children for c in group if not isinstance(c, list)] == [
        "平凉市政府信息公开申请办理规定",
        "平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知",
    ]
    article = pypdf.PdfReader(result.site / "gazette/2023/2023-06/01-b.pdf")
    assert len(article.pages) == 2
    assert article.pages[0].extract_text().startswith("平凉市政府信息公开申请办理规定")

    doc = result.read("2023/b.html")
    assert '本文 PDF：<a href="../gazette/2023/2023-06/01-b.pdf" download>01-b.pdf</a>' in doc
    page = result.read("gazette/2023/06.html")
    assert (
        '<a href="2023-06.pdf" download>下载本期公报 2023-06.pdf</a><span class="gb-muted">（PDF，4 页，'
    ) in page
    # The source PDF is untouched; generated files live in the cache, not in gazette/.
    assert pypdf.PdfReader(site / "gazette/2023/2023-06.pdf").outline == []
    assert sorted(p.name for p in (site / "gazette/2023").iterdir()) == ["06.md", "2023-06.pdf"]


def test_check_reads_the_issue_pdf_but_leaves_cutting_to_the_build(tmp_path: Path) -> None:
    site = _site_with_issue_pdf(tmp_path)
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    cache = site / ".gongbao-cache"
    # The text is read (the leak scan needs it) and cached for the build ...
    assert len(list((cache / "pdf-text").iterdir())) == 1
    # ... but the outlined and per-article PDFs are the build's output only.
    assert not list(cache.glob("pdf-out/**/*.pdf"))
    built = build_site(site, strict=False)
    assert built.ok and _warnings(built.log) == [GAP_1_TO_5]
    assert len(list(cache.glob("pdf-out/**/*.pdf"))) == 3


def test_a_check_reads_every_pdf_at_once_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gongbao.core.publish.pdfs as assets

    site = _site_with_issue_pdf(tmp_path)
    (site / "gazette/2023/07.md").write_text(
        issue(
            2023, 7, "2023-07-15", [{"heading": "其他", "items": [{"text": "公告"}]}], pdf="07.pdf"
        ),
        encoding="utf-8",
    )
    (site / "gazette/2023/07.pdf").write_bytes(b"%PDF-1.4\n%%truncated")
    batches: list[list[str]] = []
    real = read_pdfs

    def recording(files: list[tuple[Path, str]], **kwargs: Any) -> Any:
        batches.append([shown for _, shown in files])
        return real(files, **kwargs)

    monkeypatch.setattr("gongbao.core.publish.pdfs.read_pdfs", recording)

    def one_by_one(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("read again one by one")

    monkeypatch.setattr(assets, "read_pdf", one_by_one)  # what was read ahead is used
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert batches == [["gazette/2023/2023-06.pdf", "gazette/2023/07.pdf"]]
    assert (
        "gazette/2023/07.md:5: PDF 文件 'gazette/2023/07.pdf' 已损坏或不完整，无法读取文本："
        "请重新导出或重新上传该文件。"
    ) in result.output
    assert "2023-06.pdf" not in result.output
    # The good one was read and cached for the build.
    assert len(list((site / ".gongbao-cache/pdf-text").iterdir())) == 1


def test_broken_and_out_of_range_pdfs(tmp_path: Path) -> None:
    files = {
        **DOCS,
        "gazette/2023/06.md": issue(
            2023,
            6,
            "2023-06-15",
            [{"heading": "市政府文件", "items": ["平政发〔2023〕9号", "平政办发〔2023〕51号"]}],
            pdf="broken.pdf",
        ),
        "gazette/2023/07.md": issue(
            2023,
            7,
            "2023-07-15",
            [{"heading": "其他", "items": [{"text": "公告"}]}],
            pdf="../../secret.pdf",
        ),
    }
    site = write_site(tmp_path, files)
    (site / "gazette/2023/broken.pdf").write_bytes(b"<html>404 Not Found</html>")
    (site / "secret.pdf").write_bytes(b"%PDF-1.4")
    result = build_site(site)
    assert not result.ok
    assert "gazette/2023/06.md:5: PDF 文件 'gazette/2023/broken.pdf'" in result.log
    assert "Traceback" not in result.log
    assert (
        "gazette/2023/07.md:5: 公报PDF '../../secret.pdf' 指向 gazette/ 目录之外（含符号链接），已拒绝。"
    ) in result.log

    lenient = write_site(tmp_path / "warn", files, {"pdf_errors": "warn"})
    (lenient / "gazette/2023/broken.pdf").write_bytes(b"<html>404 Not Found</html>")
    (lenient / "gazette/2023/07.md").unlink()
    warned = build_site(lenient, strict=False)
    assert warned.ok, warned.log
    assert (
        "WARNING: gongbao: gazette/2023/06.md:5: PDF 文件 'gazette/2023/broken.pdf'" in warned.log
    )


def test_attachments_published_and_escapes_refused(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/2023/a.md": policy(
                attachments=["附件1.pdf", "../../../etc/passwd", "/etc/hosts"]
            ),
            "interpretations/2023/a.md": interpretation(),
        },
    )
    make_pdf(site / "content/2023/附件1.pdf", ["附件1 政务公开重点任务分工表"])
    result = build_site(site)
    assert not result.ok
    assert (
        "content/2023/a.md:6: 附件 '../../../etc/passwd' 指向 content/ 目录之外（含符号链接），已拒绝。"
    ) in result.log
    assert (
        "content/2023/a.md:6: 附件 '/etc/hosts' 是绝对路径，应写成相对于本文件的路径。"
        in result.log
    )

    ok = write_site(
        tmp_path / "ok",
        {
            "content/2023/a.md": policy(attachments=["附件1.pdf"]),
            "interpretations/2023/a.md": interpretation(),
        },
    )
    make_pdf(ok / "content/2023/附件1.pdf", ["附件1 政务公开重点任务分工表"])
    built = build_site(ok)
    assert built.ok, built.log
    assert '<h2 id="gb-attachments">附件</h2>' in built.read("2023/a.html")
    assert (
        '<a href="附件1.pdf" download>附件1.pdf</a><span class="gb-muted">（PDF，1 页，'
        in built.read("2023/a.html")
    )
    assert (built.site / "2023/附件1.pdf").is_file()


def test_attachments_of_withheld_documents_are_not_published(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/2023/a.md": policy(),
            "interpretations/2023/a.md": interpretation(),
            "content/2023/w.md": policy(
                title="依申请公开文件",
                doc_number="平政办函〔2023〕5号",
                disclosure="依申请公开",
                attachments=["w.pdf"],
            ),
        },
    )
    make_pdf(site / "content/2023/w.pdf", ["内部附件"])
    result = build_site(site)
    assert result.ok, result.log
    assert not (result.site / "2023/w.pdf").exists()
