"""Walk a source folder: its Markdown sources, the files published beside them, and what must
not be read.

Files are visited in sorted order so two builds of the same sources see the same records.
Hidden files and folders (``.git``, ``.DS_Store``) are skipped. Before anything is read, an
entry is refused, with the file and the reason, when it is a symlink that leads out of the
project, a symlink to nothing, a symlink loop, or anything but a regular file or folder (a
FIFO would hang the build, a device would publish a stream): refused entries are never
followed, opened or published.
"""

from __future__ import annotations

import errno
import os
import re
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from pathlib import Path, PurePosixPath

from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.reading import (
    SOURCE_BROKEN_LINK,
    SOURCE_LOOP,
    SOURCE_NOT_REGULAR,
    SOURCE_OUTSIDE,
)

__all__ = ["Walk", "glob_match", "glob_matcher", "resolve_inside", "walk"]

Entry = tuple[str, str, os.stat_result]
"""A file found: its path inside the folder, its path on disk, its ``stat``."""


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def glob_match(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a ``/``-separated relative path matches one of the glob patterns (``**`` aware)."""
    return any(_glob_regex(p).fullmatch(path) for p in patterns)


@cache
def glob_matcher(patterns: tuple[str, ...]) -> Callable[[str], object]:
    """One matcher for all ``patterns``: the same answer as :func:`glob_match`, one regex."""
    union = "|".join(f"(?:{_glob_regex(p).pattern})" for p in patterns)
    return re.compile(union).fullmatch


@dataclass
class Walk:
    """What one source folder holds, each list sorted by path."""

    markdown: list[Entry] = field(default_factory=list)
    """Markdown sources (``*.md``)."""
    assets: list[Entry] = field(default_factory=list)
    """Every other regular file: images, PDFs, attachments, media."""
    refused: list[Finding] = field(default_factory=list)
    """Entries that are not read, with the reason."""


_KINDS = {
    stat_module.S_IFIFO: "命名管道（FIFO）",
    stat_module.S_IFCHR: "字符设备",
    stat_module.S_IFBLK: "块设备",
    stat_module.S_IFSOCK: "套接字",
}


class _Walker:
    def __init__(self, folder: Path, root: Path) -> None:
        self.root = root
        self.root_real = os.path.realpath(root)
        self.shown_base = folder.relative_to(root).as_posix()
        self.result = Walk()
        self.stack: list[tuple[str, str, frozenset[str]]] = []
        real = os.path.realpath(folder)
        self.stack.append((os.fspath(folder), "", frozenset({real})))

    def inside(self, real: str) -> bool:
        """Whether the real path ``real`` lies in the project."""
        return real == self.root_real or real.startswith(self.root_real + os.sep)

    def _refuse(self, rel: str, code: str, message: str, fix: str) -> None:
        path = f"{self.shown_base}/{rel}"
        make = {
            "outside": SOURCE_OUTSIDE,
            "broken": SOURCE_BROKEN_LINK,
            "loop": SOURCE_LOOP,
            "special": SOURCE_NOT_REGULAR,
        }[code]
        self.result.refused.append(make(path, None, message, fix))

    def _link_target(self, entry: os.DirEntry[str], rel: str) -> os.stat_result | None:
        """The ``stat`` a symlink leads to, or ``None`` after refusing it."""
        try:
            target = entry.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self._refuse(
                    rel,
                    "loop",
                    "符号链接形成循环，无法读取。",
                    "删除该符号链接，直接存放文件本身。",
                )
            else:
                self._refuse(
                    rel,
                    "broken",
                    "符号链接指向的文件不存在。",
                    "删除该符号链接，或把它指向的文件复制到这里。",
                )
            return None
        if not self.inside(os.path.realpath(entry.path)):
            self._refuse(
                rel,
                "outside",
                "这是一个指向项目目录之外的符号链接，已拒绝读取。",
                "把文件本身复制到项目中，不要用符号链接。",
            )
            return None
        return target

    def _visit(self, entry: os.DirEntry[str], prefix: str, seen: frozenset[str]) -> None:
        rel = prefix + entry.name
        if entry.is_symlink():
            info = self._link_target(entry, rel)
            if info is None:
                return
        else:
            try:
                # d_type answers most entries without a stat call; a .md file needs its stat
                # for the cache key anyway.
                info = entry.stat(follow_symlinks=False)
            except OSError:
                return  # removed since the folder was listed
        mode = info.st_mode
        if stat_module.S_ISDIR(mode):
            real = os.path.realpath(entry.path)
            if real in seen:
                self._refuse(
                    rel,
                    "loop",
                    "符号链接形成循环，无法读取。",
                    "删除该符号链接，直接存放文件本身。",
                )
                return
            self.stack.append((entry.path, rel + "/", seen | {real}))
        elif stat_module.S_ISREG(mode):
            found = self.result.markdown if entry.name.endswith(".md") else self.result.assets
            found.append((rel, entry.path, info))
        else:
            kind = _KINDS.get(stat_module.S_IFMT(mode), "特殊文件")
            self._refuse(
                rel,
                "special",
                f"这是一个{kind}，不是普通文件，已拒绝读取。",
                "删除它；源文件目录中只能放普通文件。",
            )

    def run(self) -> Walk:
        while self.stack:
            dirpath, prefix, seen = self.stack.pop()
            try:
                scanner = os.scandir(dirpath)
            except OSError:
                continue  # as os.walk: an unreadable folder is skipped
            with scanner:
                for entry in scanner:
                    if not entry.name.startswith("."):  # .git, .DS_Store
                        self._visit(entry, prefix, seen)
        for entries in (self.result.markdown, self.result.assets):
            entries.sort(key=itemgetter(0))
        self.result.refused.sort(key=lambda f: f.path)
        return self.result


def walk(folder: Path, root: Path) -> Walk:
    """Every entry of ``folder`` (inside the project ``root``), sorted; none if it is absent.

    One ``scandir`` per folder; a symlinked folder inside the project is followed once (a loop
    is refused), a symlink that leaves the project is refused and never followed.
    """
    if not folder.is_dir():
        return Walk()
    walker = _Walker(folder, root)
    if not walker.inside(os.path.realpath(folder)):
        shown = folder.relative_to(root).as_posix()
        refused = SOURCE_OUTSIDE(
            shown,
            None,
            f"源文件目录 {shown}/ 是一个指向项目目录之外的符号链接，已拒绝读取。",
            "把目录本身复制到项目中，不要用符号链接。",
        )
        return Walk(refused=[refused])
    return walker.run()


def resolve_inside(base_file: Path, value: str, folder: Path) -> Path | str:
    """Resolve ``value`` relative to ``base_file``; return the path, or why it is refused."""
    if (
        not value
        or PurePosixPath(value).is_absolute()
        or value.startswith(("\\", "~"))
        or ":" in value[:3]
    ):
        return "是绝对路径，应写成相对于本文件的路径"
    candidate = base_file.parent / value
    try:
        candidate.resolve().relative_to(folder.resolve())
    except ValueError:
        return f"指向 {folder.name}/ 目录之外（含符号链接），已拒绝"
    if not candidate.is_file():
        return "文件不存在"
    return candidate
