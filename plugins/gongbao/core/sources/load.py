"""Walk the three source folders into a :class:`Corpus`, collecting findings on the way.

Files are visited in sorted order so two builds of the same sources see the same records. Hidden
files and folders (``.git``, ``.DS_Store``) are skipped; a symlink that leads out of the project is
refused, never followed.

Loading a file (front matter, fields, leak scan) depends on that file alone, so unchanged files
come from a :class:`FileCache`, and when many files need parsing (a fresh clone) they are parsed
by one forked process per core; results are put back in file order, so the corpus, the findings
and their order are the same as a serial load.
"""

from __future__ import annotations

import datetime
import os
import pickle
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path
from stat import S_ISREG
from types import ModuleType
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.cores import usable_cores
from gongbao.core.findings import Finding
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import GazetteIssue, Interpretation, OrdinaryPage, PolicyDocument
from gongbao.core.rules.safety import scan_record
from gongbao.core.sources.filecache import FileCache

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


@cache
def _glob_matcher(patterns: tuple[str, ...]) -> Callable[[str], object]:
    # One alternation instead of one regex per pattern: the same answer as glob_match.
    union = "|".join(f"(?:{_glob_regex(p).pattern})" for p in patterns)
    return re.compile(union).fullmatch


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _source_files(folder: Path, root: Path) -> list[tuple[str, str, os.stat_result | None]]:
    """``(path relative to folder, file, stat)`` of every Markdown file, sorted by path.

    ``stat`` is ``None`` for a file reached through a symlink that leads out of ``root``.
    One ``scandir`` per folder and one ``stat`` per file (the cache key needs it anyway):
    at 20,000 files, ``os.walk`` with ``pathlib`` per file took ten times as long.
    """
    found: list[tuple[str, str, os.stat_result | None]] = []
    if not folder.is_dir():
        return found
    root_real = os.path.realpath(root)
    stack = [(os.fspath(folder), "")]
    while stack:
        dirpath, prefix = stack.pop()
        real = os.path.realpath(dirpath)
        # A symlinked folder out of the tree: report its files, go no deeper.
        dir_inside = real == root_real or real.startswith(root_real + os.sep)
        try:
            scanner = os.scandir(dirpath)
        except OSError:
            continue  # as os.walk: an unreadable folder is skipped
        with scanner:
            for entry in scanner:
                name = entry.name
                if name.startswith("."):
                    continue  # hidden files and folders (.git, .DS_Store)
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if dir_inside:
                        stack.append((entry.path, f"{prefix}{name}/"))
                    continue
                if not name.endswith(".md"):
                    continue
                rel = prefix + name
                if not dir_inside or (entry.is_symlink() and not _inside(Path(entry.path), root)):
                    found.append((rel, entry.path, None))
                    continue
                try:
                    stat = entry.stat()
                except OSError:
                    continue  # a dangling symlink, or removed since the folder was listed
                if S_ISREG(stat.st_mode):
                    found.append((rel, entry.path, stat))
    found.sort(key=itemgetter(0))
    return found


def _outside(path: str) -> Finding:
    return Finding(
        path,
        None,
        "source.outside",
        "这是一个指向项目目录之外的符号链接，已拒绝读取。",
        "把文件本身复制到项目中，不要用符号链接。",
    )


def markdown_files(folder: Path, root: Path) -> Iterator[tuple[Path, str] | Finding]:
    """Yield ``(file, path relative to folder)`` for every Markdown file, sorted; or a finding.

    Hidden files and folders are skipped. Symlinks that resolve outside ``root`` are reported,
    not followed; paths are resolved once per folder (and per symlinked file), not per file.
    """
    for rel, file, stat in _source_files(folder, root):
        if stat is None:
            yield _outside((folder / rel).relative_to(root).as_posix())
        else:
            yield Path(file), rel


@dataclass(frozen=True)
class _Loaded:
    """What loading one source file produced (cached per file)."""

    record: PolicyDocument | Interpretation | GazetteIssue | None
    findings: tuple[Finding, ...] = ()
    broken: frozenset[str] = frozenset()
    scan: tuple[Finding, ...] | None = None


@cache
def _parsing() -> tuple[ModuleType, ModuleType]:
    """``frontmatter`` and ``schema``, imported on first use: a warm ``gongbao check`` has
    every file in the cache and never needs them. (Not an import statement per file: that
    cost a cold load of 20,000 files 0.06 s.)"""
    from gongbao.core.model import fields as schema
    from gongbao.core.sources import frontmatter

    return frontmatter, schema


def _load_file(kind: str, file: str, path: str, rel: str, settings: Settings) -> _Loaded:
    frontmatter, schema = _parsing()
    try:
        source = frontmatter.read_source(file, path)
    except frontmatter.FrontMatterError as exc:
        return _Loaded(None, (exc.finding,))
    if kind == "policy":
        doc, found = schema.build_policy(source, default_id=rel.removesuffix(".md"), src_uri=rel)
        if doc is None:
            return _Loaded(
                None, tuple(found), frozenset(_raw_refs(source.meta, rel.removesuffix(".md")))
            )
        # The raw front matter is only needed for the leak scan: not kept in the cache.
        return _Loaded(doc, tuple(found), scan=scan_record(doc))
    src_uri = path
    default_id = src_uri.removesuffix(".md")
    if kind == "interpretation":
        interp, found = schema.build_interpretation(source, default_id=default_id, src_uri=src_uri)
        if interp is None:
            return _Loaded(None, tuple(found))
        return _Loaded(interp, tuple(found), scan=scan_record(interp))
    issue, found = schema.build_gazette_issue(
        source, default_id=default_id, src_uri=src_uri, site_title=settings.gazette_title
    )
    return _Loaded(issue, tuple(found))


_RECORD_TYPES: dict[str, type[Any]] = {
    "policy": PolicyDocument,
    "interpretation": Interpretation,
    "gazette": GazetteIssue,
}


def _fits(loaded: _Loaded, kind: str, path: str) -> bool:
    """Whether a cached entry can be what loading ``path`` as ``kind`` produced: a record of
    that kind and path, or no record and the findings that say why, all about ``path``."""
    record = loaded.record
    if record is None:
        if not loaded.findings:
            return False
    elif type(record) is not _RECORD_TYPES[kind] or record.path != path:
        return False
    return all(finding.path == path for finding in loaded.findings)


# Immutable field values worth sharing between cached records (see _for_cache).
_SHARED_TYPES = frozenset({str, datetime.date})


def _evolve(obj: Any, changes: dict[str, Any]) -> Any:
    """A copy of the dataclass instance ``obj`` with ``changes``, built as unpickling builds
    it (no ``__init__``): ``dataclasses.replace`` re-validates every field and took a second
    per 20,000 records, and the records are plain frozen dataclasses without ``__post_init__``."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def _for_cache(loaded: _Loaded, pool: dict[Any, Any]) -> _Loaded:
    """What the cache keeps of a loaded file, with equal values shared across records
    (through ``pool``).

    The record is slim: no body (re-read cheaply when a build needs it) and no raw front
    matter (only the leak scan, already done, needs it).

    Pickle writes a shared object once and refers to it afterwards. Issuers, categories,
    reviewers, dates and above all the ``key_lines`` maps (sources written from one template
    have the same few) then load once per run instead of once per record: a cache a quarter
    smaller and twice as fast to load. Records are frozen and their ``key_lines`` only read,
    so sharing equal values between them changes nothing.
    """
    record: Any = loaded.record
    if record is None:
        return loaded
    fields = dict(record.__dict__)
    fields["body"] = ""
    if "front_matter" in fields:
        fields["front_matter"] = ()
    for name, value in fields.items():
        if type(value) in _SHARED_TYPES:
            fields[name] = pool.setdefault(value, value)
    lines = record.key_lines
    fields["key_lines"] = pool.setdefault(("key_lines", *lines.items()), lines)
    slim = object.__new__(type(record))
    slim.__dict__.update(fields)
    return _evolve(loaded, {"record": slim})


def _cache_entries(
    keys: Iterable[tuple[Any, ...]], loaded: Iterable[_Loaded]
) -> dict[tuple[Any, ...], _Loaded]:
    """``{cache key: what the cache keeps}`` for files loaded in the order of ``keys``."""
    pool: dict[Any, Any] = {}
    entries = {}
    for key, done in zip(keys, loaded, strict=True):
        pool[key[1]] = key[1]  # the record's path: the same string as the key's
        entries[key] = _for_cache(done, pool)
    return entries


PARALLEL_MIN_FILES = 256
"""Parse in forked worker processes when at least this many files miss the cache (and the
machine has more than one core): below it, starting the workers costs more than it saves."""

_MAX_WORKERS = 8

# The work of a parallel load, set just before the workers are forked (they inherit it):
# the jobs, their cache keys, the settings and whether bodies are wanted.
_JOBS: tuple[list[tuple[str, str, str, str]], list[tuple[Any, ...]], Settings, bool] | None = None


def _load_span(span: tuple[int, int]) -> list[_Loaded] | bytes:
    """Worker side of a parallel load: the files ``_JOBS[0][start:end]``.

    With bodies, what loading them produced. Without, what the cache keeps of it, pickled
    as one ``{cache key: entry}`` map: the caller takes its records from that map and
    writes the very bytes to the cache, so nothing is pickled twice and the caller does no
    per-record work of its own.
    """
    assert _JOBS is not None, "only called in a worker forked by _load_parallel"
    jobs, keys, settings, bodies = _JOBS
    start, end = span
    if bodies:
        return [
            _load_file(kind, file, path, rel, settings) for kind, file, path, rel in jobs[start:end]
        ]
    loaded = (
        _load_file(kind, file, path, rel, settings) for kind, file, path, rel in jobs[start:end]
    )
    entries = _cache_entries(keys[start:end], loaded)
    return pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)


def _worker_count() -> int:
    return min(usable_cores(), _MAX_WORKERS)


_Chunks = list[tuple[bytes, dict[Any, _Loaded]]]
"""Pickled cache entries with what they unpickle to, in file order."""


def _spans(count: int, workers: int) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``count`` jobs, smaller towards the end: many spans keep the
    workers busy to the end, few keep the pickles few; the last quarter in quarter-size
    spans, so that no worker waits long for another's last span."""
    size = max(16, count // (workers * 16))
    tail = count * 3 // 4 // size * size
    spans = [(i, i + size) for i in range(0, tail, size)]
    small = max(16, size // 4)
    spans += [(i, min(i + small, count)) for i in range(tail, count, small)]
    return spans


def _load_parallel(
    jobs: list[tuple[str, str, str, str]],
    keys: list[tuple[Any, ...]],
    settings: Settings,
    bodies: bool,
    workers: int,
    while_parsing: Callable[[], object] | None,
) -> tuple[list[_Loaded], _Chunks] | None:
    """Load ``jobs`` in ``workers`` forked processes, in order; ``None`` if that failed.

    Without bodies the results come as cache chunks too (see :func:`_load_span`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # a fresh interpreter per worker would cost more than it saves
    _parsing()  # imported once here, so that every worker starts with them

    global _JOBS
    _JOBS = (jobs, keys, settings, bodies)
    loaded: list[_Loaded] = []
    chunks: _Chunks = []
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = pool.map(_load_span, _spans(len(jobs), workers))
            if while_parsing is not None:
                while_parsing()
            # Results are taken as they come, while the workers go on with later spans.
            for part in parts:
                if isinstance(part, bytes):
                    entries = pickle.loads(part)  # from our own child: trusted
                    chunks.append((part, entries))
                    loaded.extend(entries.values())
                else:
                    loaded.extend(part)
    except Exception:  # a worker that could not start, or died: load serially
        return None
    finally:
        _JOBS = None
    return loaded, chunks


def _load_all(
    jobs: list[tuple[str, str, str, str]],
    keys: list[tuple[Any, ...]],
    settings: Settings,
    *,
    bodies: bool,
    while_parsing: Callable[[], object] | None = None,
) -> tuple[list[_Loaded], _Chunks]:
    """``_load_file`` for every job, in order, and cache chunks holding them when the load
    made them; in parallel when it pays off and is safe."""
    workers = _worker_count()
    # Forking a process that runs other threads (mkdocs serve) can deadlock the child.
    if len(jobs) >= PARALLEL_MIN_FILES and workers > 1 and threading.active_count() == 1:
        done = _load_parallel(jobs, keys, settings, bodies, min(workers, len(jobs)), while_parsing)
        if done is not None:
            return done
    loaded = [_load_file(kind, file, path, rel, settings) for kind, file, path, rel in jobs]
    return loaded, []


def load_corpus(
    settings: Settings,
    cache: FileCache | None = None,
    *,
    bodies: bool = True,
    while_parsing: Callable[[], object] | None = None,
) -> tuple[Corpus, list[Finding]]:
    """Load every source under ``settings.root``; never raises for bad sources.

    With a ``cache``, a file whose path, size, modification and change times and inode are
    unchanged is not parsed again: its record, findings and leak scan come from the cache, and
    its body is read back only when ``bodies`` is true (rules alone do not need it).
    ``while_parsing`` is called once while worker processes parse (a cold load), with this
    process otherwise only waiting for their results.
    """
    root = settings.root
    title = settings.gazette_title
    pages: list[OrdinaryPage] = []
    # One slot per source in file order: a finding (symlink out of the tree), or the kind,
    # path and what loading it produced; files that miss the cache are loaded afterwards, all
    # at once, and put back into their slots.
    slots: list[Finding | tuple[str, str, _Loaded | None]] = []
    keys: list[tuple[Any, ...]] = []
    jobs: list[tuple[str, str, str, str]] = []
    missing: list[int] = []
    lookup = cache.get if cache is not None else lambda key: None

    folders = (
        ("policy", settings.content_dir, settings.page_globs),
        ("interpretation", settings.interpretations_dir, ()),
        ("gazette", settings.gazette_dir, ()),
    )
    for kind, name, skip in folders:
        is_page = _glob_matcher(skip) if skip else None
        expected = _RECORD_TYPES[kind]
        for rel, file, stat in _source_files(root / name, root):
            if stat is None:
                slots.append(_outside((root / name / rel).relative_to(root).as_posix()))
                continue
            path = f"{name}/{rel}"
            if is_page is not None and is_page(rel):
                pages.append(OrdinaryPage(path=path, src_uri=rel))
                continue
            # ctime and inode as well as size and mtime: a copy that keeps mtimes (rsync -a,
            # cp -p, an unpacked archive) still changes them, so its files are read again.
            key = (
                kind,
                path,
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
                stat.st_ino,
                title,
            )
            loaded = lookup(key)
            if type(loaded) is not _Loaded:
                loaded = None  # a miss, or something foreign in the cache
            else:
                record: Any = loaded.record
                # The usual entry (a record of this file, no findings) is checked inline.
                usual = type(record) is expected and not loaded.findings and record.path == path
                if not usual and not _fits(loaded, kind, path):
                    loaded = None  # another file's entry: not to be trusted with this one
            if loaded is None:
                missing.append(len(slots))
                jobs.append((kind, file, path, rel))
                keys.append(key)
            elif bodies and loaded.record is not None:
                from gongbao.core.sources.frontmatter import read_body

                body, line = read_body(Path(file))
                restored: dict[str, Any] = {"body": body}
                if hasattr(loaded.record, "body_line"):
                    restored["body_line"] = line
                loaded = _evolve(loaded, {"record": _evolve(loaded.record, restored)})
            slots.append((kind, path, loaded))

    fresh, chunks = _load_all(jobs, keys, settings, bodies=bodies, while_parsing=while_parsing)
    if cache is not None and chunks:
        for pickled, entries in chunks:
            cache.put_pickled(entries, pickled)
    elif cache is not None:
        for key, entry in _cache_entries(keys, fresh).items():
            cache.put(key, entry)
    for index, result in zip(missing, fresh, strict=True):
        kind, path, _ = slots[index]  # type: ignore[misc]
        slots[index] = (kind, path, result)
    if cache is not None:
        cache.save()

    findings: list[Finding] = []
    records: dict[str, list[Any]] = {"policy": [], "interpretation": [], "gazette": []}
    broken: set[str] = set()
    scans: dict[str, tuple[Finding, ...]] = {}
    for slot in slots:
        if type(slot) is not tuple:
            findings.append(slot)  # type: ignore[arg-type]
            continue
        kind, path, done = slot
        assert done is not None
        if done.findings:
            findings.extend(done.findings)
        if done.broken:
            broken.update(done.broken)
        if done.record is not None:
            records[kind].append(done.record)
        if done.scan is not None:
            scans[path] = done.scan

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
