"""Load the three source folders into a :class:`Corpus`, collecting findings on the way.

Every Markdown file of ``content/`` (but ordinary pages), ``interpretations/`` and ``gazette/``
is loaded (:mod:`.parse`) in sorted order. A file whose ``stat`` identity is unchanged comes
from the per-file cache (:mod:`.filecache`); the files that miss it are loaded all at once,
in parallel when there are many (:mod:`.parallel`), and put back in file order, so the
corpus, the findings and their order never depend on the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import OrdinaryPage
from gongbao.core.sources import parse
from gongbao.core.sources.filecache import FileCache
from gongbao.core.sources.parallel import Job, load_all
from gongbao.core.sources.parse import RECORD_TYPES, Loaded, Scan, cache_entries, evolve, fits
from gongbao.core.sources.walk import glob_matcher, walk

__all__ = ["load_corpus"]

_Slot = Finding | tuple[str, str, Loaded | None]
"""A finding (a file refused before reading), or a source's kind, path and what loading it
produced (``None`` until a file that missed the cache is loaded)."""


@dataclass
class _Plan:
    """The sources of a load, in file order, and which of them miss the cache."""

    slots: list[_Slot] = field(default_factory=list)
    pages: list[OrdinaryPage] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    keys: list[tuple[Any, ...]] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)


def _folders(settings: Settings) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    yield "policy", settings.content_dir, settings.page_globs
    yield "interpretation", settings.interpretations_dir, ()
    yield "gazette", settings.gazette_dir, ()
    yield "consultation", settings.consultations_dir, ()


def _cached(cache: FileCache | None, key: tuple[Any, ...], kind: str, path: str) -> Loaded | None:
    """The cache's entry for ``key`` if it can be what loading ``path`` as ``kind`` gives."""
    loaded = cache.get(key) if cache is not None else None
    if type(loaded) is not Loaded:
        return None  # a miss, or something foreign in the cache
    record: Any = loaded.record
    # The usual entry (a record of this file, no findings) is checked inline.
    usual = type(record) is RECORD_TYPES[kind] and not loaded.findings and record.path == path
    return loaded if usual or fits(loaded, kind, path) else None


def _with_body(loaded: Loaded, file: str) -> Loaded:
    """A cached entry with its record's body read back from the file (the cache keeps none)."""
    from gongbao.core.sources.frontmatter import read_body

    body, line = read_body(Path(file))
    restored: dict[str, Any] = {"body": body}
    if hasattr(loaded.record, "body_line"):
        restored["body_line"] = line
    restored_loaded: Loaded = evolve(loaded, {"record": evolve(loaded.record, restored)})
    return restored_loaded


def _plan(settings: Settings, cache: FileCache | None, bodies: bool) -> _Plan:
    root, title = settings.root, settings.gazette_title
    plan = _Plan()
    for kind, name, skip in _folders(settings):
        is_page = glob_matcher(skip) if skip else None
        found = walk(root / name, root)
        plan.slots.extend(found.refused)
        plan.files.extend(f"{name}/{rel}" for rel, _, _ in found.assets)
        for rel, file, stat in found.markdown:
            path = f"{name}/{rel}"
            if is_page is not None and is_page(rel):
                plan.pages.append(OrdinaryPage(path=path, src_uri=rel))
                continue
            # ctime and inode as well as size and mtime: a copy that keeps mtimes (rsync -a,
            # cp -p, an unpacked archive) still changes them, so its files are read again.
            key = (kind, path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, title)
            loaded = _cached(cache, key, kind, path)
            if loaded is None:
                plan.missing.append(len(plan.slots))
                plan.jobs.append((kind, file, path, rel))
                plan.keys.append(key)
            elif bodies and loaded.record is not None:
                loaded = _with_body(loaded, file)
            plan.slots.append((kind, path, loaded))
    return plan


def _load_missing(
    plan: _Plan,
    settings: Settings,
    cache: FileCache | None,
    scan: Scan | None,
    bodies: bool,
    while_parsing: Callable[[], object] | None,
) -> None:
    """Load the files that missed the cache into their slots, and cache what they gave."""
    if plan.jobs:
        parse.parsers()  # imported once here, so that forked workers start with them
    load_one = partial(_load_job, settings.gazette_title, scan)
    fresh, chunks = load_all(
        plan.jobs, plan.keys, load_one, bodies=bodies, while_parsing=while_parsing
    )
    if cache is not None and chunks:
        for pickled, entries in chunks:
            cache.put_pickled(entries, pickled)
    elif cache is not None:
        for key, entry in cache_entries(plan.keys, fresh).items():
            cache.put(key, entry)
    for index, result in zip(plan.missing, fresh, strict=True):
        kind, path, _ = plan.slots[index]  # type: ignore[misc]
        plan.slots[index] = (kind, path, result)
    if cache is not None:
        cache.save()


def _load_job(gazette_title: str, scan: Scan | None, job: Job) -> Loaded:
    kind, file, path, rel = job
    return parse.load_file(kind, file, path, rel, gazette_title, scan)


def _assemble(plan: _Plan) -> tuple[Corpus, list[Finding]]:
    findings: list[Finding] = []
    records: dict[str, list[Any]] = {
        "policy": [],
        "interpretation": [],
        "gazette": [],
        "consultation": [],
    }
    broken: set[str] = set()
    scans: dict[str, tuple[Finding, ...]] = {}
    for slot in plan.slots:
        if type(slot) is not tuple:
            findings.append(slot)  # type: ignore[arg-type]
            continue
        kind, path, done = slot
        assert done is not None
        findings.extend(done.findings)
        broken.update(done.broken)
        if done.record is not None:
            records[kind].append(done.record)
        if done.scan is not None:
            scans[path] = done.scan
    corpus = Corpus(
        tuple(records["policy"]),
        tuple(records["interpretation"]),
        tuple(records["gazette"]),
        tuple(plan.pages),
        files=tuple(sorted(plan.files)),
        broken_refs=frozenset(broken),
        scans=scans,
        consultations=tuple(records["consultation"]),
    )
    return corpus, findings


def load_corpus(
    settings: Settings,
    cache: FileCache | None = None,
    *,
    scan: Scan | None = None,
    bodies: bool = True,
    while_parsing: Callable[[], object] | None = None,
) -> tuple[Corpus, list[Finding]]:
    """Load every source under ``settings.root``; never raises for bad sources.

    With a ``cache``, a file whose path, size, modification and change times and inode are
    unchanged is not parsed again: its record, findings and ``scan`` result come from the
    cache, and its body is read back only when ``bodies`` is true (rules alone do not need
    it). ``scan`` is run on every document and interpretation as it is loaded (the gate's
    per-record scan); its results are the corpus's ``scans``. ``while_parsing`` is called once
    while worker processes parse (a cold load), with this process otherwise only waiting.
    """
    plan = _plan(settings, cache, bodies)
    _load_missing(plan, settings, cache, scan, bodies, while_parsing)
    return _assemble(plan)
