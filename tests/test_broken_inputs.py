"""Every bad input gets a one-paragraph answer, a non-zero exit and no traceback.

Each file in ``tests/broken/`` is dropped into a valid site and built with a real
``mkdocs build --strict`` process, exactly as an editor's CI runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sites import interpretation, policy, write_site

BROKEN = Path(__file__).parent / "broken"
CASE = "content/policies/case.md"

EXPECTED = {
    "yaml_syntax.md": "content/policies/case.md:5: 头信息不是合法的 YAML：while parsing a flow sequence，"
    "did not find expected ',' or ']'。",
    "front_matter_list.md": "content/policies/case.md:2: 头信息应为“键: 值”的映射，实际是列表。",
    "front_matter_string.md": "content/policies/case.md:2: 头信息应为“键: 值”的映射，实际是一段文字。",
    "wrong_types.md": "content/policies/case.md:5: 字段 normative（规范性文件）应为true 或 false（是/否），"
    "实际为 '也许'。 修改建议：写成 true 或 false。",
    "impossible_date.md": "content/policies/case.md:4: 字段 published（发布日期）应为存在的日期（YYYY-MM-DD），"
    "实际为 '2023-02-30'。",
    "empty_file.md": "content/policies/case.md:1: 政策文件没有头信息（文件开头的 --- … --- 块）。",
    "duplicate_keys.md": "content/policies/case.md:5: 头信息不是合法的 YAML：键 'published' 重复出现（第 4 行已有）。",
    "not_utf8.md": "content/policies/case.md:2: 文件不是 UTF-8 编码（第 12 字节无法解码，可能是 GBK/GB2312）。",
    "script_tag.md": "content/policies/case.md:11: 正文含有不允许的 HTML：<script> 标签（<script>）。",
    "event_attribute.md": "content/policies/case.md:11: 正文含有不允许的 HTML：事件属性 onerror=",
    "attachment_escape.md": "content/policies/case.md:7: 附件 '../../../../etc/passwd' 指向 content/ 目录之外"
    "（含符号链接），已拒绝。",
    "attachment_absolute.md": "content/policies/case.md:7: 附件 '/etc/passwd' 是绝对路径，应写成相对于本文件的路径。",
    "personal_id.md": "content/policies/case.md:9: 第 13 列疑似居民身份证号码：110*************2X。",
    "classified.md": "content/policies/case.md:9: 第 1 列出现密级标志“机密★1年”。",
    "mobile_in_front_matter.md": "content/policies/case.md:7: 第 7 列疑似手机号码：138****8000。",
}


def _site(tmp_path: Path, case: bytes) -> Path:
    site = write_site(
        tmp_path,
        {"content/policies/a.md": policy(), "interpretations/a.md": interpretation()},
    )
    (site / CASE).write_bytes(case)
    return site


def _build(site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_every_case_has_an_expectation() -> None:
    cases = {p.name for p in BROKEN.glob("*.md") if p.name != "README.md"}
    assert cases == set(EXPECTED) | {p for p in cases if p.startswith("ok_")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_input_is_refused_clearly(tmp_path: Path, name: str) -> None:
    proc = _build(_site(tmp_path, (BROKEN / name).read_bytes()))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert EXPECTED[name] in proc.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", ["ok_bom.md", "ok_crlf.md"])
def test_bom_and_crlf_work(tmp_path: Path, name: str) -> None:
    site = _site(tmp_path, (BROKEN / name).read_bytes())
    proc = _build(site)
    assert proc.returncode == 0, proc.stderr
    html = (site / "site/policies/case.html").read_text(encoding="utf-8")
    assert "<title>关于政务公开的通知" in html
    assert "<p>正文第一段。</p>\n<p>正文第二段。</p>" in html


def test_html_in_front_matter_is_escaped_everywhere(tmp_path: Path) -> None:
    site = _site(tmp_path, (BROKEN / "ok_html_in_front_matter.md").read_bytes())
    proc = _build(site)
    assert proc.returncode == 0, proc.stderr
    for page in (site / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in text, page
        assert "<img src=x onerror" not in text, page
        assert "<b>政务</b>" not in text, page
    html = (site / "site/policies/case.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&#x27;标题&#x27;)&lt;/script&gt;关于&lt;b&gt;政务&lt;/b&gt;公开 &amp; 发布的通知"
        in html
    )
    assert '<th scope="row">发文机关</th><td>&lt;img src=x onerror=alert(1)&gt;平凉市</td>' in html


def test_huge_file_is_refused_in_bounded_time(tmp_path: Path) -> None:
    body = ("政务公开工作要点。" * 100 + "\n\n") * 8000  # ~21 MB of UTF-8
    site = _site(tmp_path, (policy(body=body)).encode("utf-8"))
    started = time.monotonic()
    proc = _build(site)
    assert proc.returncode == 1
    assert (
        "content/policies/case.md: 文件大小 20.6 MB，超过上限 5 MB。 "
        "修改建议：把超长内容拆分为多个文件，或作为附件（PDF）发布。"
    ) in proc.stderr
    assert time.monotonic() - started < 120


def test_symlink_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(policy(title="树外文件"), encoding="utf-8")
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    site = _site(tmp_path / "site-root", (BROKEN / "ok_crlf.md").read_bytes())
    (site / "content/policies/link.md").symlink_to(outside / "secret.md")
    (site / "content/policies/attach.pdf").symlink_to(outside / "secret.pdf")
    (site / "content/policies/case.md").write_text(
        policy(
            doc_number="",
            interpretation="exempt",
            exempt_reason="测试",
            attachments=["attach.pdf"],
        ),
        encoding="utf-8",
    )
    proc = _build(site)
    assert proc.returncode == 1
    assert (
        "content/policies/link.md: 这是一个指向项目目录之外的符号链接，已拒绝读取。"
        " 修改建议：把文件本身复制到项目中，不要用符号链接。"
    ) in proc.stderr
    assert (
        "content/policies/case.md:7: 附件 'attach.pdf' 指向 content/ 目录之外（含符号链接），已拒绝。"
        in proc.stderr
    )


def test_symlinked_folder_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(policy(title="树外文件"), encoding="utf-8")
    site = _site(tmp_path / "site-root", (BROKEN / "ok_crlf.md").read_bytes())
    (site / "content/policies/linked").symlink_to(outside, target_is_directory=True)
    proc = _build(site)
    assert proc.returncode == 1
    # The folder is refused as one entry: nothing inside it is listed, let alone read.
    assert (
        "content/policies/linked: 这是一个指向项目目录之外的符号链接，已拒绝读取。"
        " 修改建议：把文件本身复制到项目中，不要用符号链接。"
    ) in proc.stderr
    assert "secret.md" not in proc.stderr and "树外文件" not in proc.stderr
