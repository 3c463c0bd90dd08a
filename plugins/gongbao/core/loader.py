"""Walk the three source folders into a :class:`Corpus`, collecting findings on the way.

Files are visited in sorted order so two builds of the same sources see the same records. Hidden
files and folders (``.git``, ``.DS_Store``) are skipped; a symlink that leads out of the project is
refused, never followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from gongbao.core.corpus import Corpus
from gongbao.core.docnumber import doc_number_key
from gongbao.core.findings import Finding
from gongbao.core.frontmatter import FrontMatterError, Source, read_source
from gongbao.core.model import GazetteIssue, Interpretation, OrdinaryPage, PolicyDocument
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

    Symlinks that resolve outside ``root`` are reported, not followed.
    """
    if not folder.is_dir():
        return
    for file in sorted(folder.rglob("*.md")):
        rel = file.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if not _inside(file, root):
            yield Finding(
                file.relative_to(root).as_posix(),
                None,
                "source.outside",
                "这是一个指向项目目录之外的符号链接，已拒绝读取。",
                "把文件本身复制到项目中，不要用符号链接。",
            )
            continue
        if file.is_file():
            yield file, rel


def load_corpus(settings: Settings) -> tuple[Corpus, list[Finding]]:
    """Load every source under ``settings.root``; never raises for bad sources."""
    root = settings.root
    findings: list[Finding] = []
    policies: list[PolicyDocument] = []
    interpretations: list[Interpretation] = []
    issues: list[GazetteIssue] = []
    pages: list[OrdinaryPage] = []
    broken: set[str] = set()

    def sources(name: str, skip: tuple[str, ...] = ()) -> Iterator[tuple[Source, str]]:
        # Every parsed source of a folder with its folder-relative path; read errors and
        # symlinks out of the tree become findings.
        for entry in markdown_files(root / name, root):
            if isinstance(entry, Finding):
                findings.append(entry)
                continue
            file, rel = entry
            if skip and glob_match(rel, skip):
                pages.append(OrdinaryPage(path=f"{name}/{rel}", src_uri=rel))
                continue
            try:
                yield read_source(file, f"{name}/{rel}"), rel
            except FrontMatterError as exc:
                findings.append(exc.finding)

    for source, rel in sources(settings.content_dir, settings.page_globs):
        doc, found = build_policy(source, default_id=rel.removesuffix(".md"), src_uri=rel)
        findings += found
        if doc:
            policies.append(doc)
        else:
            broken.update(_raw_refs(source.meta, rel.removesuffix(".md")))

    for source, rel in sources(settings.interpretations_dir):
        src_uri = f"{settings.interpretations_dir}/{rel}"
        interp, found = build_interpretation(
            source, default_id=src_uri.removesuffix(".md"), src_uri=src_uri
        )
        findings += found
        if interp:
            interpretations.append(interp)

    for source, rel in sources(settings.gazette_dir):
        src_uri = f"{settings.gazette_dir}/{rel}"
        issue, found = build_gazette_issue(
            source,
            default_id=src_uri.removesuffix(".md"),
            src_uri=src_uri,
            site_title=settings.gazette_title,
        )
        findings += found
        if issue:
            issues.append(issue)

    corpus = Corpus(
        tuple(policies), tuple(interpretations), tuple(issues), tuple(pages), frozenset(broken)
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
