"""Load one source file: its record (or the findings that say why not), and what the per-file
cache keeps of it.

Loading a file (front matter, fields, the gate's per-record scan) depends on that file alone,
so the result is cached per file (:class:`~gongbao.core.sources.filecache.FileCache`) and
computed in parallel when many files miss the cache (:mod:`gongbao.core.sources.parallel`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from gongbao.core.findings import Finding
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import (
    Consultation,
    GazetteIssue,
    Interpretation,
    PolicyDocument,
)

__all__ = [
    "RECORD_TYPES",
    "Loaded",
    "Scan",
    "cache_entries",
    "evolve",
    "fits",
    "load_file",
    "parsers",
]

Scan = Callable[
    [PolicyDocument | Interpretation | GazetteIssue | Consultation], tuple[Finding, ...]
]
"""The gate's scan of one record (leaks, unsafe markup), run when the record is loaded and
cached with it; supplied by the caller, so this package does not depend on the rules."""


@dataclass(frozen=True)
class Loaded:
    """What loading one source file produced (cached per file)."""

    record: PolicyDocument | Interpretation | GazetteIssue | Consultation | None
    findings: tuple[Finding, ...] = ()
    broken: frozenset[str] = frozenset()
    scan: tuple[Finding, ...] | None = None


@cache
def parsers() -> tuple[ModuleType, ModuleType]:
    """``frontmatter`` and the record builder, imported on first use: a warm ``gongbao check``
    has every file in the cache and never needs them. (Not an import statement per file: that
    cost a cold load of 20,000 files 0.06 s.)"""
    from gongbao.core.model import build
    from gongbao.core.sources import frontmatter

    return frontmatter, build


def load_file(
    kind: str, file: str, path: str, rel: str, gazette_title: str, scan: Scan | None
) -> Loaded:
    """Read, parse and validate one source of ``kind`` (``policy``, ``interpretation``,
    ``gazette``); ``rel`` is its path inside its folder, ``path`` inside the project."""
    frontmatter, build = parsers()
    try:
        source = frontmatter.read_source(file, path)
    except frontmatter.FrontMatterError as exc:
        return Loaded(None, (exc.finding,))
    # Documents are pages of MkDocs' docs_dir (src_uri inside it); the other folders are
    # published under their own names.
    src_uri = rel if kind == "policy" else path
    default_id = src_uri.removesuffix(".md")
    record, found = build.build_record(
        build.KINDS[kind],
        source,
        default_id=default_id,
        src_uri=src_uri,
        gazette_title=gazette_title,
    )
    if record is None:
        # What other sources may call a document that failed: not reported again there.
        broken = frozenset(_raw_refs(source.meta, default_id)) if kind == "policy" else frozenset()
        return Loaded(None, tuple(found), broken)
    if scan is None:
        return Loaded(record, tuple(found))
    # The raw front matter is only needed for this scan: not kept in the cache.
    return Loaded(record, tuple(found), scan=scan(record))


RECORD_TYPES: dict[str, type[Any]] = {
    "policy": PolicyDocument,
    "interpretation": Interpretation,
    "gazette": GazetteIssue,
    "consultation": Consultation,
}


def fits(loaded: Loaded, kind: str, path: str) -> bool:
    """Whether a cached entry can be what loading ``path`` as ``kind`` produced: a record of
    that kind and path, or no record and the findings that say why, all about ``path``."""
    record = loaded.record
    if record is None:
        if not loaded.findings:
            return False
    elif type(record) is not RECORD_TYPES[kind] or record.path != path:
        return False
    return all(finding.path == path for finding in loaded.findings)


# Immutable field values worth sharing between cached records (see _for_cache).
_SHARED_TYPES = frozenset({str, datetime.date})


def evolve(obj: Any, changes: dict[str, Any]) -> Any:
    """A copy of the dataclass instance ``obj`` with ``changes``, built as unpickling builds
    it (no ``__init__``): ``dataclasses.replace`` re-validates every field and took a second
    per 20,000 records, and the records are plain frozen dataclasses without ``__post_init__``."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def _for_cache(loaded: Loaded, pool: dict[Any, Any]) -> Loaded:
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
    kept: Loaded = evolve(loaded, {"record": slim})
    return kept


def cache_entries(
    keys: Iterable[tuple[Any, ...]], loaded: Iterable[Loaded]
) -> dict[tuple[Any, ...], Loaded]:
    """``{cache key: what the cache keeps}`` for files loaded in the order of ``keys``."""
    pool: dict[Any, Any] = {}
    entries = {}
    for key, done in zip(keys, loaded, strict=True):
        pool[key[1]] = key[1]  # the record's path: the same string as the key's
        entries[key] = _for_cache(done, pool)
    return entries


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
