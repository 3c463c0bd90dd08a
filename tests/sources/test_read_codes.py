"""Reading sources, file by file: each way a file can fail has its code and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao.core.sources.frontmatter import FrontMatterError, read_source
from gongbao.core.sources.walk import walk


def _code(tmp_path: Path, data: bytes, **kwargs: int) -> tuple[str, str]:
    path = tmp_path / "a.md"
    path.write_bytes(data)
    with pytest.raises(FrontMatterError) as caught:
        read_source(path, "content/a.md", **kwargs)
    return caught.value.finding.code, caught.value.finding.format()


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (
            b"---\ntitle: x\n",
            "frontmatter.unclosed",
            "content/a.md:1: 头信息（front matter）以 --- 开始",
        ),
        (
            b"---\n" + b"a: x\n" * 20000 + b"---\n",
            "frontmatter.size",
            "content/a.md:1: 头信息超过 64 KB",
        ),
        (b"---\ntitle: [x\n---\n", "frontmatter.yaml", "content/a.md:2: 头信息不是合法的 YAML"),
        (
            b"---\n- a\n- b\n---\n",
            "frontmatter.not_mapping",
            "content/a.md:2: 头信息应为“键: 值”的映射，实际是列表。",
        ),
        (
            b"---\n2023: x\n---\n",
            "frontmatter.key_type",
            "content/a.md:2: 头信息的键应为文字，实际有 2023。",
        ),
        (
            "---\ntitle: 政策\n---\n".encode("gbk"),
            "source.encoding",
            "content/a.md:2: 文件不是 UTF-8 编码",
        ),
        (b"---\ntitle: x\n---\n\x00", "source.binary", "content/a.md:4: 文件含有空字符"),
    ],
)
def test_each_failure_has_its_code(tmp_path: Path, data: bytes, code: str, message: str) -> None:
    got_code, got_message = _code(tmp_path, data)
    assert got_code == code
    assert got_message.startswith(message)


def test_too_large_and_unreadable(tmp_path: Path) -> None:
    code, message = _code(tmp_path, b"x" * 2048, max_bytes=1024)
    assert (code, message) == (
        "source.size",
        "content/a.md: 文件大小 0.0 MB，超过上限 0 MB。 修改建议：把超长内容拆分为多个文件，或作为附件（PDF）发布。",
    )
    with pytest.raises(FrontMatterError) as caught:
        read_source(tmp_path / "missing.md", "content/missing.md")
    assert caught.value.finding.code == "source.read"
    assert caught.value.finding.message == "无法读取文件：No such file or directory。"


def test_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (tmp_path / "elsewhere.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (root / "content" / "a.md").symlink_to(tmp_path / "elsewhere.md")
    found = walk(root / "content", root)
    assert found.markdown == []
    assert [f.code for f in found.refused] == ["source.outside"]
    assert found.refused[0].format() == (
        "content/a.md: 这是一个指向项目目录之外的符号链接，已拒绝读取。 修改建议：把文件本身复制到项目中，不要用符号链接。"
    )
