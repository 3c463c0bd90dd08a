"""Numbers as short ASCII strings, and the script files the client loads.

A posting list is a run of small non-negative integers (gaps between document numbers and
between positions). Each is written little-endian in 5-bit groups, one character per group
from a 64-character alphabet whose upper half marks "more groups follow": values below 32 take
one character, below 1,024 two. The strings sit inside ``.js`` files that call the client's
global ``__gongbaoSearch(kind, id, data)``, because a page opened from ``file://`` may load
scripts but may not ``fetch`` files.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["ALPHABET", "CALLBACK", "decode", "encode", "group_counts", "script"]

#: Character i stands for the 5-bit group i % 32; i >= 32 means another group follows.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_LOOKUP = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)

#: The client's global function every index file calls.
CALLBACK = "__gongbaoSearch"


def group_counts(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Characters each value takes (1 for 0–31, 2 up to 1,023, ...)."""
    counts = np.ones(values.shape, dtype=np.int64)
    limit = 32
    while True:
        more = values >= np.uint64(limit)
        if not more.any():
            return counts
        counts += more
        limit <<= 5


def encode(values: npt.NDArray[Any]) -> tuple[str, npt.NDArray[np.int64]]:
    """All ``values`` as one string, and the offset where each value's characters end."""
    values = np.asarray(values)
    pieces: list[str] = []
    ends: list[npt.NDArray[np.int64]] = []
    done = 0
    # In blocks: the temporaries of a large archive's 100 million values stay small.
    for at in range(0, values.size, _BLOCK):
        text, block_ends = _encode_block(values[at : at + _BLOCK].astype(np.uint64))
        pieces.append(text)
        ends.append(block_ends + done)
        done += len(text)
    if not pieces:
        return "", np.zeros(0, dtype=np.int64)
    return "".join(pieces), np.concatenate(ends)


_BLOCK = 1 << 22


def _encode_block(values: npt.NDArray[np.uint64]) -> tuple[str, npt.NDArray[np.int64]]:
    counts = group_counts(values)
    ends = np.cumsum(counts)
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    at = ends - counts
    rest, left = values, counts
    # Group g of every value that has one: one pass per group, over fewer values each time
    # (most values take one or two characters).
    for g in range(int(counts.max())):
        if g:
            keep = left > g
            rest, left, at = rest[keep], left[keep], at[keep]
        digits = ((rest >> np.uint64(5 * g)) & np.uint64(31)).astype(np.uint8)
        digits[left - 1 > g] += 32
        out[at + g] = _LOOKUP[digits]
    return out.tobytes().decode("ascii"), ends


def decode(text: str) -> list[int]:
    """The values of an :func:`encode`d string (for tests and tools; the client decodes)."""
    values: list[int] = []
    value = shift = 0
    for char in text:
        digit = ALPHABET.index(char)
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(value)
            value = shift = 0
    return values


def script(kind: str, ident: int | str, data: Any) -> bytes:
    """A script file of the index: ``__gongbaoSearch("t",12,{...});``, UTF-8, deterministic."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # A "</script" or U+2028 inside the data cannot end or break anything in a .js file
    # loaded by src=, but escape them anyway: the files may be inlined by other tools.
    body = body.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'{CALLBACK}("{kind}",{json.dumps(ident)},{body});\n'.encode()
