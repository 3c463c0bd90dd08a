"""The leak scan reads every byte the site publishes (the attack run found 28 of 52 probes on
the site): PDF pages judged garbled, PDF metadata, CSV and text files, file names, the site
configuration, and front matter values as YAML decodes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.model.text import identity
from tests.pdfmaker import make_pdf
from tests.sites import interpretation, policy, write_site

ID = "11010519491231002X"
MOBILE = "13800138000"


def _check(site: Path) -> str:
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 1, result.output
    return result.output


def _site(tmp_path: Path, files: dict[str, str], **config: Any) -> Path:
    return write_site(
        tmp_path,
        {"content/policies/a.md": policy(), "interpretations/a.md": interpretation(), **files},
        **config,
    )


def test_garbled_pdf_pages_and_pdf_metadata_are_scanned(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "content/policies/a.md": policy(attachments=["名单.pdf"]),
        },
    )
    # Rare name characters outside GB2312 make the page look mis-decoded to the index (and
    # keep it out of search), yet pypdf reads it exactly.
    make_pdf(
        site / "content/policies/名单.pdf",
        [f"补助名单：王喆 李玥 张堃 赵珺 孙玙 周琇 吴翀\n身份证号 {ID}"],
        author=f"经办人 {MOBILE}",
        info={"/Clerk": f"身份证 {ID}"},
    )
    output = _check(site)
    assert "policies/名单.pdf: PDF 第 1 页疑似居民身份证号码：110*************2X。" in output
    assert "policies/名单.pdf: PDF 文档信息 /Author 中疑似手机号码：138****8000。" in output
    assert "policies/名单.pdf: PDF 文档信息 /Clerk 中疑似居民身份证号码" in output


def test_text_files_and_file_names_are_scanned(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "content/policies/补助名单.csv": f"姓名,身份证号\n张三,{ID}\n",
            "interpretations/说明.txt": f"联系电话 {MOBILE}\n",
            f"interpretations/联系{MOBILE}.png": "png",
        },
    )
    output = _check(site)
    assert (
        "content/policies/补助名单.csv:2: 第 4 列疑似居民身份证号码：110*************2X。" in output
    )
    assert "interpretations/说明.txt:1: 第 6 列疑似手机号码：138****8000。" in output
    assert f"interpretations/联系{MOBILE}.png: 文件名疑似手机号码：138****8000。" in output


def test_the_site_configuration_is_scanned_as_written_and_decoded(tmp_path: Path) -> None:
    escaped = "".join(f"\\x{ord(c):02x}" for c in MOBILE)
    site = _site(tmp_path, {}, copyright=f"主办：某局 电话 {MOBILE}")
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        text + f'site_description: "咨询 {escaped}"\n', encoding="utf-8"
    )
    output = _check(site)
    assert "mkdocs.yml:" in output and "疑似手机号码：138****8000" in output
    assert output.count("mkdocs.yml") >= 2  # the copyright as written, the description decoded


def test_yaml_escapes_in_gazette_and_ordinary_page_front_matter(tmp_path: Path) -> None:
    escaped = "".join(f"\\x{ord(c):02x}" for c in MOBILE)
    issue = (
        "---\nyear: 2023\nnumber: 1\npublished: 2023-01-31\n"
        f'title: "第1期 联系 {escaped}"\n'
        "sections:\n  - heading: 其他\n    items:\n      - text: 公告\n---\n"
    )
    page = f'---\ntitle: 指南\ndescription: "电话 {escaped}"\n---\n\n# 指南\n'
    site = _site(tmp_path, {"gazette/2023/01.md": issue, "content/pages/guide.md": page})
    output = _check(site)
    assert "gazette/2023/01.md:5: 第 8 列疑似手机号码：138****8000。" in output
    assert "content/pages/guide.md:3: 第 4 列疑似手机号码：138****8000。" in output
    assert identity("电话\u200b") == "电话"
