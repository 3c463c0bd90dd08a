"""The browser index: character pairs with positions, split into shard files (pagefind's idea).

Layout under the site's ``search/gongbao/``::

    index.js           manifest: shard counts, per-document kind and year, the build's id
    <id>/t/<k>.js      terms of shard k: each term's documents, counts and a title flag
    <id>/p/<k>.js      positions of the pair terms of shard k (only phrases of 3+ characters
                       need them)
    <id>/n/<k>.js      文号 lookup keys of shard k -> documents
    <id>/d/<n>.js      document n: title, 文号, issuer, date, kind, URL, the first 400
                       characters of its text and the slots where the next chunks start
    <id>/x/<n>-<k>.js  chunk k of document n's text (a result loads the chunk of its hit)

A term is a pair of adjacent letters/digits/Han characters (lower-cased) or a single one; its
shard is :func:`~gongbao.core.search.browser.text.term_hash` modulo the shard count, so a query
loads one ``t`` file (and, for a longer phrase, one ``p`` file) per pair it needs, a few
kilobytes each, whatever the archive's size. ``<id>`` is a digest of every file, so a browser
never mixes shards of two builds.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gongbao.core.search.browser.encode import encode, script
from gongbao.core.search.browser.grams import Alphabet, doc_grams
from gongbao.core.search.browser.spill import GroupedPostings
from gongbao.core.search.browser.text import docnumber_lookup_key, fnv1a

__all__ = ["KINDS", "BrowserDoc", "BrowserIndex", "build_browser_index", "write_browser_index"]

#: Kind codes, in the order the manifest's per-document numbers use.
KINDS = ("policy", "interpretation", "gazette", "page")

#: Characters of text per excerpt chunk: a result loads the one chunk that has its hit.
CHUNK = 600

#: Bytes a shard file aims at: a query reads a few of them.
SHARD_TARGET = 12_000

_U64 = np.uint64


@dataclass(frozen=True)
class BrowserDoc:
    """One searchable page: a published record or an ordinary page, its text normalised."""

    kind: str
    url: str
    title: str
    body: str
    doc_number: str = ""
    issuer: str = ""
    published: datetime.date | None = None


@dataclass
class BrowserIndex:
    """The files of a browser index (site-relative path -> bytes), and what they add up to."""

    files: dict[str, bytes] = field(default_factory=dict)
    docs: int = 0
    terms: int = 0
    file_count: int = 0
    bytes: int = 0

    @property
    def size(self) -> int:
        """Bytes of every file together."""
        return self.bytes or sum(len(b) for b in self.files.values())


def _doc_order(docs: Iterable[BrowserDoc]) -> list[BrowserDoc]:
    # Newest first, so that equal scores list newer documents first and the client needs no
    # dates to break ties; pages without a date last.
    def key(doc: BrowserDoc) -> tuple[int, int, str]:
        days = doc.published.toordinal() if doc.published else 0
        return (-days, KINDS.index(doc.kind), doc.url)

    return sorted(docs, key=key)


def _shard_count(total_bytes: int, at_least: int = 1) -> int:
    # A power of two near total / target, so shards stay a few kilobytes at any size.
    wanted = max(at_least, total_bytes // SHARD_TARGET)
    return 1 << max(0, math.ceil(math.log2(wanted)))


#: Below this many (term, document) entries (about 5 million characters of text) the postings
#: stay one group: no entry is hashed twice.
ONE_GROUP = 24_000_000
#: Above it, entries per group kept apart on disk (about 100 MB of arrays to sort at once).
GROUP_ENTRIES = 6_000_000


def _index_files(docs: list[BrowserDoc], scratch: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the index (paths relative to the build folder), the manifest last."""
    chars = sum(len(d.body) + len(d.title) for d in docs)
    # About 4.5 (term, document) entries per character of text.
    entries = chars * 9 // 2
    groups = 1 if entries <= ONE_GROUP else _shard_count(entries * SHARD_TARGET // GROUP_ENTRIES)
    alphabet = Alphabet()
    t = GroupedPostings("t", scratch, groups, alphabet)
    p = GroupedPostings("p", scratch, groups, alphabet)
    numbers: dict[str, list[int]] = {}
    chunks: list[list[int]] = []
    try:
        for doc_id, doc in enumerate(docs):
            head = "\n".join(part for part in (doc.title, doc.doc_number, doc.issuer) if part)
            grams = doc_grams(f"{head}\n{doc.body}".lower(), len(doc.title.lower()), alphabet)
            t.add(doc_id, grams.keys, grams.values)
            p.add(doc_id, grams.pair_keys, grams.pair_pos)
            # The slot where each excerpt chunk after the first starts: a hit's position
            # tells the client which chunk file to load.
            starts = range(len(head) + 1 + CHUNK, len(head) + 1 + len(doc.body), CHUNK)
            last = grams.slots.size - 1  # (lower() may shorten a rare character's text)
            chunks.append([int(grams.slots[min(i - 1, last)]) for i in starts])
            if doc.doc_number:
                numbers.setdefault(docnumber_lookup_key(doc.doc_number), []).append(doc_id)
        terms = 0
        for k, group in t.shard_lists(SHARD_TARGET):
            terms += len(group)
            yield f"t/{k}.js", script("t", k, group)
        for k, group in p.shard_lists(SHARD_TARGET):
            yield f"p/{k}.js", script("p", k, group)
        t_count, p_count = t.count, p.count
    finally:
        t.close()
        p.close()
    n_count = max(1, math.ceil(len(numbers) / 256))
    n_groups: list[dict[str, list[int]]] = [{} for _ in range(n_count)]
    for key, ids in numbers.items():
        n_groups[fnv1a(key) % n_count][key] = ids
    for k, n_group in enumerate(n_groups):
        yield f"n/{k}.js", script("n", k, n_group)
    for doc_id, doc in enumerate(docs):
        yield f"d/{doc_id}.js", script("d", doc_id, _doc_data(doc, chunks[doc_id]))
        for k in range(1, len(chunks[doc_id]) + 1):
            text = doc.body[k * CHUNK : (k + 1) * CHUNK]
            yield f"x/{doc_id}-{k}.js", script("x", f"{doc_id}-{k}", text)
    years = [d.published.year for d in docs if d.published]
    first_year = min(years, default=2000)
    meta_values = np.array(
        [
            KINDS.index(d.kind) + 4 * ((d.published.year - first_year + 1) if d.published else 0)
            for d in docs
        ],
        dtype=_U64,
    )
    yield (
        "index.js",
        json.dumps(
            {
                "version": 1,
                "docs": len(docs),
                "terms": terms,
                "t": t_count,
                "p": p_count,
                "n": n_count,
                "year0": first_year,
                "years": sorted(set(years), reverse=True),
                "meta": encode(meta_values)[0],
            }
        ).encode(),
    )


def _ident(digests: dict[str, bytes]) -> str:
    """The build id: a digest of every file's name and digest, in name order."""
    total = hashlib.sha256()
    for name in sorted(digests):
        total.update(name.encode() + b"\0" + digests[name])
    return total.hexdigest()[:12]


def _manifest(data: bytes, ident: str) -> tuple[bytes, int]:
    manifest = json.loads(data)
    manifest["id"] = ident
    terms = manifest.pop("terms")
    return script("m", 0, manifest), int(terms)


def build_browser_index(docs: Iterable[BrowserDoc], base: str = "search/gongbao") -> BrowserIndex:
    """Every file of the browser index for ``docs``, in memory (paths under ``base``)."""
    ordered = _doc_order(docs)
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="gongbao-browser-") as scratch:
        for name, data in _index_files(ordered, Path(scratch)):
            if name != "index.js":
                files[name] = data
            else:
                manifest = data
    ident = _ident({name: hashlib.sha256(data).digest() for name, data in files.items()})
    index, terms = _manifest(manifest, ident)
    out = {f"{base}/{ident}/{name}": data for name, data in sorted(files.items())}
    out[f"{base}/index.js"] = index
    return BrowserIndex(files=out, docs=len(ordered), terms=terms)


def write_browser_index(
    docs: Iterable[BrowserDoc], folder: Path, base: str = "search/gongbao"
) -> BrowserIndex:
    """Write the index under ``folder / base`` file by file (nothing held in memory but one
    group of postings); the returned :class:`BrowserIndex` lists no files, only counts."""
    ordered = _doc_order(docs)
    root = folder / base
    building = root / ".building"
    digests: dict[str, bytes] = {}
    made: set[Path] = set()
    size = 0
    with tempfile.TemporaryDirectory(prefix="gongbao-browser-", dir=folder) as scratch:
        for name, data in _index_files(ordered, Path(scratch)):
            if name == "index.js":
                manifest = data
                continue
            digests[name] = hashlib.sha256(data).digest()
            path = building / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
            size += len(data)
    ident = _ident(digests)
    count = len(digests)
    index, terms = _manifest(manifest, ident)
    building.rename(root / ident)
    (root / "index.js").write_bytes(index)
    return BrowserIndex(
        docs=len(ordered), terms=terms, file_count=count + 1, bytes=size + len(index)
    )


def _doc_data(doc: BrowserDoc, chunks: list[int]) -> dict[str, Any]:
    data: dict[str, Any] = {"k": doc.kind, "u": doc.url, "t": doc.title, "x": doc.body[:CHUNK]}
    if chunks:
        data["c"] = chunks
    if doc.doc_number:
        data["n"] = doc.doc_number
    if doc.issuer:
        data["i"] = doc.issuer
    if doc.published:
        data["d"] = doc.published.isoformat()
    return data
