"""Postings of a large archive, kept on disk in hash groups until they are sorted.

A 10,000-document archive has about 100 million (term, document) entries: held in memory and
sorted at once they would take gigabytes in the indexing child. Each document's entries go,
by the hash of their term, to one of G groups appended to raw files in a temporary folder;
then one group at a time is read back, sorted and encoded. A term's shard is its hash modulo
a shard count that G divides, so every shard file comes out of exactly one group.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from gongbao.core.search.browser.encode import encode
from gongbao.core.search.browser.grams import Alphabet

__all__ = ["GroupedPostings"]

_U64 = np.uint64


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
    """``text`` cut at ``bounds`` (value indices where each term starts, then the end)."""
    chars = np.concatenate(([0], ends))[bounds].tolist()
    return [text[a:b] for a, b in itertools.pairwise(chars)]


class GroupedPostings:
    """Entries ``(term key, document, value)`` appended per document, read back per group.

    ``kind`` "t": the value is ``count << 1 | in title`` and a term's list is
    ``gap, value`` per document; "p": the value is a position and a term's list is its
    positions, gap-coded within each document.
    """

    def __init__(self, kind: str, folder: Path, groups: int, alphabet: Alphabet) -> None:
        self.kind = kind
        self.groups = groups
        self.alphabet = alphabet
        self.entries = 0
        self.count = 1
        """The number of shards (known once :meth:`shard_lists` has started)."""
        self._files: list[tuple[BinaryIO, BinaryIO, BinaryIO]] = []
        self._paths: list[tuple[Path, Path, Path]] = []
        for g in range(groups):
            paths = tuple(folder / f"{kind}{g}.{part}" for part in ("key", "doc", "val"))
            self._paths.append(paths)  # type: ignore[arg-type]
            self._files.append(tuple(p.open("wb") for p in paths))  # type: ignore[arg-type]

    def add(self, doc: int, keys: npt.NDArray[np.uint64], values: npt.NDArray[Any]) -> None:
        """One document's entries (in the order their lists want them)."""
        self.entries += keys.size
        docs = np.full(keys.shape, doc, dtype=np.uint32)
        values = values.astype(np.uint32)
        if self.groups == 1:
            key_file, doc_file, value_file = self._files[0]
            key_file.write(keys.tobytes())
            doc_file.write(docs.tobytes())
            value_file.write(values.tobytes())
            return
        group = self.alphabet.hashes(keys) % _U64(self.groups)
        for g in range(self.groups):
            mine = group == g
            key_file, doc_file, value_file = self._files[g]
            key_file.write(keys[mine].tobytes())
            doc_file.write(docs[mine].tobytes())
            value_file.write(values[mine].tobytes())

    def lists(self, group: int) -> tuple[npt.NDArray[np.uint64], list[str]]:
        """The terms of ``group`` (keys) and each term's encoded list."""
        for f in self._files[group]:
            f.close()
        key_path, doc_path, value_path = self._paths[group]
        keys = np.fromfile(key_path, dtype=_U64)
        # Documents were appended in order, so a stable sort by term keeps them in order
        # (and a document's positions in text order).
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        docs = np.fromfile(doc_path, dtype=np.uint32)[order]
        values = np.fromfile(value_path, dtype=np.uint32)[order]
        del order
        for path in self._paths[group]:
            path.unlink()
        new_term = _starts(keys)
        first = np.nonzero(new_term)[0]
        if self.kind == "t":
            pairs = np.empty(2 * keys.size, dtype=np.uint32)
            pairs[0::2] = _gaps(docs, new_term)
            pairs[1::2] = values
            del docs, values
            text, ends = encode(pairs)
            return keys[first], _slices(text, ends, 2 * np.append(first, keys.size))
        text, ends = encode(_gaps(values, _starts(keys, docs)))
        return keys[first], _slices(text, ends, np.append(first, keys.size))

    def shard_lists(self, target: int) -> Iterator[tuple[int, dict[str, str]]]:
        """Every shard with its terms; :attr:`count` shards (a power of two, a multiple of
        the group count) of about ``target`` bytes, judged from the first group."""
        first = self.lists(0)
        terms = self.alphabet.text(first[0])
        size = sum(len(v) + 3 * len(t) + 6 for t, v in zip(terms, first[1], strict=True))
        wanted = max(self.groups, size * self.groups // target, 1)
        self.count = 1 << (wanted - 1).bit_length()
        for group in range(self.groups):
            keys, lists = first if group == 0 else self.lists(group)
            terms = terms if group == 0 else self.alphabet.text(keys)
            shards: list[int] = (self.alphabet.hashes(keys) % _U64(self.count)).tolist()
            mine: dict[int, dict[str, str]] = {s: {} for s in range(group, self.count, self.groups)}
            for term, value, shard in zip(terms, lists, shards, strict=True):
                mine[shard][term] = value
            yield from mine.items()

    def close(self) -> None:
        """Close and remove whatever is left (a build that stopped half way)."""
        for files, paths in zip(self._files, self._paths, strict=True):
            for f, path in zip(files, paths, strict=True):
                f.close()
                path.unlink(missing_ok=True)
