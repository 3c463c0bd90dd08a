"""Walk the three source folders into a :class:`Corpus`, collecting findings on the way.

Files are visited in sorted order so two builds of the same sources see the same records. Hidden
files and folders (``.git``, ``.DS_Store``) are skipped; a symlink that leads out of the project is
refused, never followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from gongbao.core.corpus import Corpus
from gongbao.core.docnumber import doc_number_key
from gongbao.core.filecache import FileCache
from gongbao.core.findings import Finding
from gongbao.core.frontmatter import FrontMatterError, read_body, read_source
from gongbao.core.model import GazetteIssue, Interpretation, OrdinaryPage, PolicyDocument
from gongbao.core.safety import scan_record
from gongbao.core.schema import build_gazette_issue, build_interpretation, build_policy
from gongbao.core.settings import Settings

__all__ = ["glob_match", "load_corpus", "markdown_files"]


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


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def markdown_files(folder: Path, root: Path) -> Iterator[tuple[Path, str] | Finding]:
    """Yield ``(file, path relative to folder)`` for every Markdown file, sorted; or a finding.

    Hidden files and folders are skipped. Symlinks that resolve outside ``root`` are reported,
    not followed; paths are resolved once per folder (and per symlinked file), not per file.
    """
    if not folder.is_dir():
        return
    root_real = os.path.realpath(root)
    found: list[tuple[str, Path | None]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        real = os.path.realpath(dirpath)
        dir_inside = real == root_real or real.startswith(root_real + os.sep)
        if not dir_inside:
            dirnames[:] = []  # a symlinked folder out of the tree: report its files, go no deeper
        for name in filenames:
            if name.startswith(".") or not name.endswith(".md"):
                continue
            file = Path(dirpath, name)
            rel = file.relative_to(folder).as_posix()
            inside = dir_inside and (not file.is_symlink() or _inside(file, root))
            found.append((rel, file if inside else None))
    for rel, target in sorted(found, key=lambda item: item[0]):
        if target is None:
            yield Finding(
                (folder / rel).relative_to(root).as_posix(),
                None,
                "source.outside",
                "这是一个指向项目目录之外的符号链接，已拒绝读取。",
                "把文件本身复制到项目中，不要用符号链接。",
            )
        elif target.is_file():
            yield target, rel


@dataclass(frozen=True)
class _Loaded:
    """What loading one source file produced (cached per file)."""

    record: PolicyDocument | Interpretation | GazetteIssue | None
    findings: tuple[Finding, ...] = ()
    broken: frozenset[str] = frozenset()
    scan: tuple[Finding, ...] | None = None


def _load_file(kind: str, file: Path, path: str, rel: str, settings: Settings) -> _Loaded:
    try:
        source = read_source(file, path)
    except FrontMatterError as exc:
        return _Loaded(None, (exc.finding,))
    if kind == "policy":
        doc, found = build_policy(source, default_id=rel.removesuffix(".md"), src_uri=rel)
        if doc is None:
            return _Loaded(
                None, tuple(found), frozenset(_raw_refs(source.meta, rel.removesuffix(".md")))
            )
        # The raw front matter is only needed for the leak scan: not kept in the cache.
        return _Loaded(doc, tuple(found), scan=scan_record(doc))
    src_uri = path
    default_id = src_uri.removesuffix(".md")
    if kind == "interpretation":
        interp, found = build_interpretation(source, default_id=default_id, src_uri=src_uri)
        if interp is None:
            return _Loaded(None, tuple(found))
        return _Loaded(interp, tuple(found), scan=scan_record(interp))
    issue, found = build_gazette_issue(
        source, default_id=default_id, src_uri=src_uri, site_title=settings.gazette_title
    )
    return _Loaded(issue, tuple(found))


def _slim(loaded: _Loaded) -> _Loaded:
    # What the cache keeps: no body (re-read cheaply when a build needs it) and no raw front
    # matter (only the leak scan, already done, needs it). A tenth of the size, so fast to load.
    if loaded.record is None:
        return loaded
    record: Any = loaded.record
    slim = (
        replace(record, body="", front_matter=())
        if hasattr(record, "front_matter")
        else (replace(record, body=""))
    )
    return replace(loaded, record=slim)


def load_corpus(
    settings: Settings, cache: FileCache | None = None, *, bodies: bool = True
) -> tuple[Corpus, list[Finding]]:
    """Load every source under ``settings.root``; never raises for bad sources.

    With a ``cache``, a file whose path, size and modification time are unchanged is not parsed
    again: its record, findings and leak scan come from the cache, and its body is read back
    only when ``bodies`` is true (rules alone do not need it).
    """
    root = settings.root
    findings: list[Finding] = []
    records: dict[str, list[Any]] = {"policy": [], "interpretation": [], "gazette": []}
    pages: list[OrdinaryPage] = []
    broken: set[str] = set()
    scans: dict[str, tuple[Finding, ...]] = {}

    folders = (
        ("policy", settings.content_dir, settings.page_globs),
        ("interpretation", settings.interpretations_dir, ()),
        ("gazette", settings.gazette_dir, ()),
    )
    for kind, name, skip in folders:
        for entry in markdown_files(root / name, root):
            if isinstance(entry, Finding):
                findings.append(entry)
                continue
            file, rel = entry
            path = f"{name}/{rel}"
            if skip and glob_match(rel, skip):
                pages.append(OrdinaryPage(path=path, src_uri=rel))
                continue
            stat = file.stat()
            key = (kind, path, stat.st_size, stat.st_mtime_ns, settings.gazette_title)
            loaded = cache.get(key) if cache is not None else None
            if loaded is None:
                loaded = _load_file(kind, file, path, rel, settings)
                if cache is not None:
                    cache.put(key, _slim(loaded))
            elif bodies and loaded.record is not None:
                body, line = read_body(file)
                restored: dict[str, Any] = {"body": body}
                if hasattr(loaded.record, "body_line"):
                    restored["body_line"] = line
                loaded = replace(loaded, record=replace(loaded.record, **restored))
            findings.extend(loaded.findings)
            broken.update(loaded.broken)
            if loaded.record is not None:
                records[kind].append(loaded.record)
            if loaded.scan is not None:
                scans[path] = loaded.scan
    if cache is not None:
        cache.save()

    corpus = Corpus(
        tuple(records["policy"]),
        tuple(records["interpretation"]),
        tuple(records["gazette"]),
        tuple(pages),
        frozenset(broken),
        scans,
    )
    return corpus, findings


def _raw_refs(meta: dict[str, object], default_id: str) -> set[str]:
    # What other sources may call a document that failed validation.
    refs = {default_id}
    for key in ("id", "标识"):
        if isinstance(meta.get(key), str):
            refs.add(str(meta[key]))
    for key in ("doc_number", "文号", "发文字号"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            refs.add(doc_number_key(value))
    return refs
