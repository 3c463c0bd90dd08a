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
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from gongbao.core.search.browser.encode import encode, script
from gongbao.core.search.browser.grams import Alphabet, doc_grams
from gongbao.core.search.browser.text import docnumber_lookup_key, fnv1a

__all__ = ["KINDS", "BrowserDoc", "BrowserIndex", "build_browser_index"]

#: Kind codes, in the order the manifest's per-document numbers use.
KINDS = ("policy", "interpretation", "gazette", "page")

#: Characters of text per excerpt chunk: a result loads the one chunk that has its hit.
CHUNK = 400

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

    @property
    def size(self) -> int:
        """Bytes of every file together."""
        return sum(len(b) for b in self.files.values())


def _doc_order(docs: Iterable[BrowserDoc]) -> list[BrowserDoc]:
    # Newest first, so that equal scores list newer documents first and the client needs no
    # dates to break ties; pages without a date last.
    def key(doc: BrowserDoc) -> tuple[int, int, str]:
        days = doc.published.toordinal() if doc.published else 0
        return (-days, KINDS.index(doc.kind), doc.url)

    return sorted(docs, key=key)


def _sorted(
    keys: list[npt.NDArray[np.uint64]], columns: list[npt.NDArray[Any]]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint32], npt.NDArray[Any]]:
    """All documents' entries by term; documents arrive in order, so a stable sort by term
    is a sort by (term, document, position)."""
    docs = np.repeat(np.arange(len(keys), dtype=np.uint32), [k.size for k in keys])
    flat = np.concatenate(keys) if keys else np.zeros(0, dtype=_U64)
    values = np.concatenate(columns) if columns else np.zeros(0, dtype=_U64)
    order = np.argsort(flat, kind="stable")
    return flat[order], docs[order], values[order]


def _starts(*columns: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Where any of ``columns`` changes from the entry before (True at 0)."""
    new = np.zeros(columns[0].size, dtype=np.bool_)
    new[:1] = True
    for column in columns:
        new[1:] |= column[1:] != column[:-1]
    return new


def _gaps(values: npt.NDArray[Any], restart: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint32]:
    """Each value minus the one before it, or itself where ``restart``."""
    v = values.astype(np.int64)
    gaps = v.copy()
    gaps[1:] -= v[:-1]
    gaps[restart] = v[restart]
    return gaps.astype(np.uint32)


def _slices(text: str, ends: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64]) -> list[str]:
    """``text`` cut after the values at ``bounds`` (value indices where each term starts)."""
    chars = np.concatenate(([0], ends))[bounds].tolist()
    return [text[a:b] for a, b in itertools.pairwise(chars)]


def _shard_count(total_bytes: int) -> int:
    # A power of two near total / target, so shards stay a few kilobytes at any size.
    wanted = max(1, total_bytes // SHARD_TARGET)
    return 1 << max(0, math.ceil(math.log2(wanted)))


class _Writer:
    def __init__(self) -> None:
        self.alphabet = Alphabet()
        self.t_keys: list[npt.NDArray[np.uint64]] = []
        self.t_values: list[npt.NDArray[np.uint32]] = []
        self.p_keys: list[npt.NDArray[np.uint64]] = []
        self.p_pos: list[npt.NDArray[np.uint32]] = []
        self.chunks: list[list[int]] = []

    def add(self, doc: BrowserDoc) -> None:
        head = "\n".join(part for part in (doc.title, doc.doc_number, doc.issuer) if part)
        text = f"{head}\n{doc.body}".lower()
        grams = doc_grams(text, len(doc.title.lower()), self.alphabet)
        self.t_keys.append(grams.keys)
        self.t_values.append(grams.values.astype(np.uint32))
        self.p_keys.append(grams.pair_keys)
        self.p_pos.append(grams.pair_pos)
        # The slot where each excerpt chunk after the first starts: a hit's position tells
        # the client which chunk file to load.
        starts = [len(head) + 1 + k for k in range(CHUNK, len(doc.body), CHUNK)]
        slots = grams.slots
        self.chunks.append([int(slots[i - 1]) for i in starts if i - 1 < slots.size])

    def t_lists(self) -> tuple[npt.NDArray[np.uint64], list[str]]:
        """Every term's key and its documents: ``gap, count << 1 | in title`` each."""
        keys, docs, values = _sorted(self.t_keys, self.t_values)
        self.t_keys, self.t_values = [], []
        new_term = _starts(keys)
        pairs = np.empty(2 * keys.size, dtype=np.uint32)
        pairs[0::2] = _gaps(docs, new_term)
        pairs[1::2] = values
        del docs, values
        text, ends = encode(pairs)
        del pairs
        first = np.nonzero(new_term)[0]
        return keys[first], _slices(text, ends, 2 * np.append(first, keys.size))

    def p_lists(self) -> tuple[npt.NDArray[np.uint64], list[str]]:
        """Every pair's positions, document by document (the ``t`` list says how many)."""
        keys, docs, pos = _sorted(self.p_keys, self.p_pos)
        self.p_keys, self.p_pos = [], []
        text, ends = encode(_gaps(pos, _starts(keys, docs)))
        first = np.nonzero(_starts(keys))[0]
        return keys[first], _slices(text, ends, np.append(first, keys.size))


def _group(
    terms: list[str], lists: list[str], shards: list[int], count: int
) -> list[dict[str, str]]:
    groups: list[dict[str, str]] = [{} for _ in range(count)]
    for term, value, shard in zip(terms, lists, shards, strict=True):
        groups[shard][term] = value
    return groups


def build_browser_index(docs: Iterable[BrowserDoc], base: str = "search/gongbao") -> BrowserIndex:
    """Every file of the browser index for ``docs``, in memory (paths under ``base``)."""
    ordered = _doc_order(docs)
    writer = _Writer()
    numbers: dict[str, list[int]] = {}
    for doc_id, doc in enumerate(ordered):
        writer.add(doc)
        if doc.doc_number:
            numbers.setdefault(docnumber_lookup_key(doc.doc_number), []).append(doc_id)
    files: dict[str, bytes] = {}
    t_keys, t_lists = writer.t_lists()
    t_count = _shard_count(sum(len(v) + 16 for v in t_lists))
    for k, group in enumerate(
        _group(
            writer.alphabet.text(t_keys), t_lists, writer.alphabet.shards(t_keys, t_count), t_count
        )
    ):
        files[f"t/{k}.js"] = script("t", k, group)
    p_keys, p_lists = writer.p_lists()
    p_count = _shard_count(sum(len(v) + 12 for v in p_lists))
    for k, group in enumerate(
        _group(
            writer.alphabet.text(p_keys), p_lists, writer.alphabet.shards(p_keys, p_count), p_count
        )
    ):
        files[f"p/{k}.js"] = script("p", k, group)
    n_count = max(1, math.ceil(len(numbers) / 256))
    n_groups: list[dict[str, list[int]]] = [{} for _ in range(n_count)]
    for key, ids in numbers.items():
        n_groups[fnv1a(key) % n_count][key] = ids
    for k, n_group in enumerate(n_groups):
        files[f"n/{k}.js"] = script("n", k, n_group)
    for doc_id, doc in enumerate(ordered):
        data = _doc_data(doc, writer.chunks[doc_id])
        files[f"d/{doc_id}.js"] = script("d", doc_id, data)
        for k in range(1, len(writer.chunks[doc_id]) + 1):
            text = doc.body[k * CHUNK : (k + 1) * CHUNK]
            files[f"x/{doc_id}-{k}.js"] = script("x", f"{doc_id}-{k}", text)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    ident = digest.hexdigest()[:12]
    years = [d.published.year for d in ordered if d.published]
    first_year = min(years, default=2000)
    meta_values = np.array(
        [
            KINDS.index(d.kind) + 4 * ((d.published.year - first_year + 1) if d.published else 0)
            for d in ordered
        ],
        dtype=_U64,
    )
    manifest = {
        "version": 1,
        "id": ident,
        "docs": len(ordered),
        "t": t_count,
        "p": p_count,
        "n": n_count,
        "year0": first_year,
        "years": sorted(set(years), reverse=True),
        "meta": encode(meta_values)[0],
    }
    out = {f"{base}/{ident}/{name}": data for name, data in sorted(files.items())}
    out[f"{base}/index.js"] = script("m", 0, manifest)
    return BrowserIndex(files=out, docs=len(ordered), terms=len(t_lists))


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
