"""Hostile files in the source folders: refused, with the file and the reason, before reading.

From the attack run: a symlink to /etc/passwd under content/ was published by MkDocs, the same
under interpretations/ was skipped silently, a FIFO named *.md hung the build, a symlink loop
was a traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sites import interpretation, policy, write_site

FIX_LINK = "修改建议：把文件本身复制到项目中，不要用符号链接。"


def _site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "site",
        {"content/policies/a.md": policy(), "interpretations/a.md": interpretation()},
    )


def _run(site: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def _codes(site: Path) -> list[str]:
    from gongbao.core.config.siteconfig import load_settings
    from gongbao.core.publish.pipeline import check_site

    return sorted({f.code for f in check_site(load_settings(site / "mkdocs.yml"))[1]})


def _check_and_build(site: Path) -> tuple[str, str]:
    check = _run(site, "gongbao", "check")
    build = _run(site, "mkdocs", "build", "--strict")
    assert (check.returncode, build.returncode) == (1, 1), (check.stderr, build.stderr)
    assert "Traceback" not in check.stderr + build.stderr
    return check.stderr, build.stderr


def test_a_symlink_to_a_system_file_is_refused_everywhere(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "content/pages").mkdir(parents=True)
    (site / "content/pages/passwd.txt").symlink_to("/etc/passwd")
    (site / "interpretations/图解.png").symlink_to("/etc/passwd")
    check, build = _check_and_build(site)
    for path in ("content/pages/passwd.txt", "interpretations/图解.png"):
        line = f"{path}: 这是一个指向项目目录之外的符号链接，已拒绝读取。 {FIX_LINK}"
        assert line in check and line in build
    assert not (site / "site").exists()  # nothing published, not even a half-built site


def test_a_fifo_named_md_never_hangs_the_build(tmp_path: Path) -> None:
    site = _site(tmp_path)
    os.mkfifo(site / "content/policies/b.md")
    check, build = _check_and_build(site)
    line = (
        "content/policies/b.md: 这是一个命名管道（FIFO），不是普通文件，已拒绝读取。"
        " 修改建议：删除它；源文件目录中只能放普通文件。"
    )
    assert line in check and line in build
    assert _codes(site) == ["source.not_regular"]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    site = _site(tmp_path)
    path = site / "gazette" / "s.sock"
    path.parent.mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        check, _ = _check_and_build(site)
    assert "gazette/s.sock: 这是一个套接字，不是普通文件，已拒绝读取。" in check


def test_symlink_loops_and_dangling_links_are_one_sentence_each(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "content/policies/loop").symlink_to(site / "content/policies", target_is_directory=True)
    (site / "content/policies/self.md").symlink_to("self.md")
    (site / "interpretations/gone.md").symlink_to("nowhere.md")
    check, build = _check_and_build(site)
    for line in (
        "content/policies/loop: 符号链接形成循环，无法读取。 修改建议：删除该符号链接，直接存放文件本身。",
        "content/policies/self.md: 符号链接形成循环，无法读取。",
        "interpretations/gone.md: 符号链接指向的文件不存在。 修改建议：删除该符号链接，或把它指向的文件复制到这里。",
    ):
        assert line in check and line in build
    assert check.count("content/policies/loop") == 1
    assert _codes(site) == ["source.broken_link", "source.loop"]


def test_symlinks_inside_the_project_are_followed(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "shared-images").mkdir()
    (site / "shared-images/图解.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "interpretations/images").symlink_to(site / "shared-images", target_is_directory=True)
    build = _run(site, "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.stderr
    assert (site / "site/interpretations/images/图解.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("folder", ["content", "interpretations"])
def test_a_source_folder_that_leaves_the_project(tmp_path: Path, folder: str) -> None:
    site = _site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (site / folder).rename(elsewhere)
    (site / folder).symlink_to(elsewhere, target_is_directory=True)
    check = _run(site, "gongbao", "check")
    assert check.returncode == 1
    assert (
        f"{folder}: 源文件目录 {folder}/ 是一个指向项目目录之外的符号链接，已拒绝读取。"
        in check.stderr
    )
