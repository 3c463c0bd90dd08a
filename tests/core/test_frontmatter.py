"""Splitting a source into front matter and body, and reading it, without losing a byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongbao.core.sources.frontmatter import FrontMatterError, _split, read_source


def _split_by_lines(text: str) -> tuple[str | None, str, int] | None:
    """The split as it was first written: every line of the file, then a search."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, "\n".join(lines), 1
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :]), end + 2


_PIECES = st.sampled_from(
    ["---", "...", "--", "----", "\n", "\r\n", "\r", "\ufeff", " ", "\t", "\u3000", "\x85",
     "\u2028", "\x1c", "title: 标题", "正文", "-", "."]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_the_split_is_the_line_by_line_split(text: str) -> None:
    assert _split(text) == _split_by_lines(text)


def test_a_file_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: 标题\n---\n" + "正文。\n" * 10_000, encoding="utf-8")
    assert read_source(source, "a.md").body == "正文。\n" * 10_000
    # A file that grows between fstat and read is read to its end, not to its old size.
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0,) * 6 + (100,) + (0,) * 3))
    assert read_source(source, "a.md").body == "正文。\n" * 10_000
    monkeypatch.setattr(os, "fstat", real_fstat)
    with pytest.raises(FrontMatterError) as raised:
        read_source(source, "a.md", max_bytes=1000)
    assert raised.value.finding.code == "source.size"
    assert "文件大小 0.1 MB，超过上限 0 MB" in raised.value.finding.message
