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
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from gongbao.core.search.browser.encode import encode, script
from gongbao.core.search.browser.text import (
    docnumber_lookup_key,
    fnv1a,
    term_hash,
    word_mask,
)

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


@dataclass
class _Postings:
    keys: list[npt.NDArray[np.uint64]] = field(default_factory=list)
    docs: list[npt.NDArray[np.uint32]] = field(default_factory=list)
    pos: list[npt.NDArray[np.uint32]] = field(default_factory=list)
    flags: list[npt.NDArray[np.bool_]] = field(default_factory=list)

    def add(
        self,
        keys: npt.NDArray[np.uint64],
        doc: int,
        pos: npt.NDArray[np.uint32],
        flags: npt.NDArray[np.bool_],
    ) -> None:
        self.keys.append(keys)
        self.docs.append(np.full(keys.shape, doc, dtype=np.uint32))
        self.pos.append(pos)
        self.flags.append(flags)

    def sorted(
        self,
    ) -> tuple[
        npt.NDArray[np.uint64],
        npt.NDArray[np.uint32],
        npt.NDArray[np.uint32],
        npt.NDArray[np.bool_],
    ]:
        if not self.keys:
            empty = np.zeros(0, dtype=np.uint32)
            return np.zeros(0, dtype=_U64), empty, empty, np.zeros(0, dtype=np.bool_)
        keys = np.concatenate(self.keys)
        docs = np.concatenate(self.docs)
        pos = np.concatenate(self.pos)
        flags = np.concatenate(self.flags)
        self.keys, self.docs, self.pos, self.flags = [], [], [], []
        # Documents arrive in order and positions grow within one: a stable sort by term is
        # a sort by (term, document, position).
        order = np.argsort(keys, kind="stable")
        return keys[order], docs[order], pos[order], flags[order]


def _doc_order(docs: Iterable[BrowserDoc]) -> list[BrowserDoc]:
    # Newest first, so that equal scores list newer documents first and the client needs no
    # dates to break ties; pages without a date last.
    def key(doc: BrowserDoc) -> tuple[int, int, str]:
        days = doc.published.toordinal() if doc.published else 0
        return (-days, KINDS.index(doc.kind), doc.url)

    return sorted(docs, key=key)


def _analyse(text: str, title_len: int) -> tuple[npt.NDArray[Any], ...]:
    """For every pair: its two characters, slot position and whether it lies in the title;
    then every kept character, and those of the title."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    word = word_mask(codes)
    # One slot per kept character and one per run of anything else.
    after_word = np.concatenate(([False], word[:-1])) if word.size else word
    slots = np.cumsum(word | after_word, dtype=np.int64)
    pair = np.nonzero(word[:-1] & word[1:])[0] if word.size > 1 else np.zeros(0, dtype=np.int64)
    pos = (slots[pair] - 1).astype(np.uint32)
    in_title = (pair + 1) < title_len
    return (
        codes[pair],
        codes[pair + 1],
        pos,
        in_title,
        codes[word],
        codes[:title_len][word[:title_len]],
        slots,
    )


def _doc_runs(
    keys: npt.NDArray[np.uint64], docs: npt.NDArray[np.uint32], flags: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """Start of every (term, document) run, start of every term (as a run index), and the
    ``t`` values: for each run its document gap and ``count << 1 | in title``."""
    n = keys.size
    new_term = np.ones(n, dtype=np.bool_)
    new_term[1:] = keys[1:] != keys[:-1]
    new_run = new_term.copy()
    new_run[1:] |= docs[1:] != docs[:-1]
    starts = np.nonzero(new_run)[0]
    counts = np.diff(np.append(starts, n))
    titled = np.maximum.reduceat(flags.astype(np.uint8), starts) if n else np.zeros(0, np.uint8)
    run_docs = docs[starts].astype(np.int64)
    first = new_term[starts]
    gaps = np.where(first, run_docs, run_docs - np.concatenate(([0], run_docs[:-1])))
    values = np.empty(2 * starts.size, dtype=_U64)
    values[0::2] = gaps.astype(_U64)
    values[1::2] = (counts.astype(_U64) << _U64(1)) | titled.astype(_U64)
    term_runs = np.nonzero(first)[0]
    return starts, term_runs, values


def _term_text(keys: npt.NDArray[np.uint64]) -> list[str]:
    first = (keys >> _U64(21)).tolist()
    second = (keys & _U64(0x1FFFFF)).tolist()
    return [chr(a) + chr(b) if a else chr(b) for a, b in zip(first, second, strict=True)]


def _shards(keys: npt.NDArray[np.uint64], count: int) -> list[int]:
    first = keys >> _U64(21)
    second = keys & _U64(0x1FFFFF)
    # A single character is stored as (0, c); hashed as the client hashes it: (c, 0).
    single = first == 0
    a = np.where(single, second, first)
    b = np.where(single, _U64(0), second)
    shards: list[int] = (term_hash(a, b) % _U64(count)).astype(np.int64).tolist()
    return shards


def _shard_count(total_bytes: int) -> int:
    # A power of two near total / target, so shards stay a few kilobytes at any size.
    wanted = max(1, total_bytes // SHARD_TARGET)
    return 1 << max(0, math.ceil(math.log2(wanted)))


class _Writer:
    def __init__(self) -> None:
        self.pairs = _Postings()
        self.singles = _Postings()
        self.t: dict[str, str] = {}
        self.t_shard: dict[str, int] = {}
        self.p: dict[str, str] = {}
        self.chunks: list[list[int]] = []

    def add(self, doc_id: int, doc: BrowserDoc) -> None:
        head = "\n".join(part for part in (doc.title, doc.doc_number, doc.issuer) if part)
        title = doc.title.lower()
        text = f"{head}\n{doc.body}".lower()
        a, b, pos, in_title, letters, title_letters, slots = _analyse(text, len(title))
        # The slot where each excerpt chunk after the first starts: a hit's position tells
        # the client which chunk file to load.
        starts = [len(head) + 1 + k for k in range(CHUNK, len(doc.body), CHUNK)]
        self.chunks.append([int(slots[i - 1]) for i in starts if i - 1 < slots.size])
        keys = (a.astype(_U64) << _U64(21)) | b.astype(_U64)
        self.pairs.add(keys, doc_id, pos, in_title)
        single, counts = np.unique(letters, return_counts=True)
        flags = np.isin(single, title_letters)
        # A single character's "positions" are its count: it is only ever matched by document.
        self.singles.add(single.astype(_U64), doc_id, counts.astype(np.uint32), flags)

    def postings(self) -> None:
        keys, docs, pos, flags = self.pairs.sorted()
        starts, term_runs, values = _doc_runs(keys, docs, flags)
        t_text, t_ends = encode(values)
        new_run = np.zeros(keys.size, dtype=np.bool_)
        new_run[starts] = True
        gaps = pos.astype(np.int64) - np.concatenate(([0], pos[:-1].astype(np.int64)))
        p_values = np.where(new_run, pos.astype(np.int64), gaps).astype(_U64)
        p_text, p_ends = encode(p_values)
        terms = _term_text(keys[starts[term_runs]])
        run_bounds = np.append(term_runs, starts.size)
        post_bounds = np.append(starts[term_runs], keys.size)
        t_char = np.concatenate(([0], t_ends))
        p_char = np.concatenate(([0], p_ends))
        for i, term in enumerate(terms):
            lo, hi = int(t_char[2 * run_bounds[i]]), int(t_char[2 * run_bounds[i + 1]])
            self.t[term] = t_text[lo:hi]
            lo, hi = int(p_char[post_bounds[i]]), int(p_char[post_bounds[i + 1]])
            self.p[term] = p_text[lo:hi]
        skeys, sdocs, scounts, sflags = self.singles.sorted()
        # Unigram runs are one entry per (term, document): its count is the stored "position".
        values = _single_values(skeys, sdocs, scounts, sflags)
        s_text, s_ends = encode(values)
        new_term = np.ones(skeys.size, dtype=np.bool_)
        new_term[1:] = skeys[1:] != skeys[:-1]
        bounds = np.append(np.nonzero(new_term)[0], skeys.size)
        s_char = np.concatenate(([0], s_ends))
        for i, term in enumerate(_term_text(skeys[bounds[:-1]])):
            self.t[term] = s_text[int(s_char[2 * bounds[i]]) : int(s_char[2 * bounds[i + 1]])]
        self._keys = np.concatenate((keys[starts[term_runs]], skeys[bounds[:-1]]))


def _single_values(
    keys: npt.NDArray[np.uint64],
    docs: npt.NDArray[np.uint32],
    counts: npt.NDArray[np.uint32],
    flags: npt.NDArray[np.bool_],
) -> npt.NDArray[np.uint64]:
    new_term = np.ones(keys.size, dtype=np.bool_)
    new_term[1:] = keys[1:] != keys[:-1]
    d = docs.astype(np.int64)
    gaps = np.where(new_term, d, d - np.concatenate(([0], d[:-1])))
    values = np.empty(2 * keys.size, dtype=_U64)
    values[0::2] = gaps.astype(_U64)
    values[1::2] = (counts.astype(_U64) << _U64(1)) | flags.astype(_U64)
    return values


def _group(entries: dict[str, str], shards: list[int], count: int) -> list[dict[str, str]]:
    groups: list[dict[str, str]] = [{} for _ in range(count)]
    for (term, value), shard in zip(entries.items(), shards, strict=True):
        if value:
            groups[shard][term] = value
    return groups


def build_browser_index(docs: Iterable[BrowserDoc], base: str = "search/gongbao") -> BrowserIndex:
    """Every file of the browser index for ``docs``, in memory (paths under ``base``)."""
    ordered = _doc_order(docs)
    writer = _Writer()
    numbers: dict[str, list[int]] = {}
    for doc_id, doc in enumerate(ordered):
        writer.add(doc_id, doc)
        if doc.doc_number:
            numbers.setdefault(docnumber_lookup_key(doc.doc_number), []).append(doc_id)
    writer.postings()
    keys = writer._keys
    terms = list(writer.t)
    t_count = _shard_count(sum(len(v) + 12 for v in writer.t.values()))
    p_count = _shard_count(sum(len(v) + 12 for v in writer.p.values()))
    shard_keys = _shards(keys, t_count)
    files: dict[str, bytes] = {}
    for k, group in enumerate(_group(writer.t, shard_keys, t_count)):
        files[f"t/{k}.js"] = script("t", k, group)
    pair_terms = {t: writer.p[t] for t in terms if t in writer.p}
    p_shards = _shards(keys[: len(pair_terms)], p_count)
    for k, group in enumerate(_group(pair_terms, p_shards, p_count)):
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
    return BrowserIndex(files=out, docs=len(ordered), terms=len(terms))


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
