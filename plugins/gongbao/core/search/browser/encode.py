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
    rest = values >> np.uint64(5)
    while rest.any():
        more = rest > 0
        counts += more
        rest = rest >> np.uint64(5)
    return counts


def encode(values: npt.NDArray[np.uint64]) -> tuple[str, npt.NDArray[np.int64]]:
    """All ``values`` as one string, and the offset where each value's characters end."""
    values = np.asarray(values, dtype=np.uint64)
    if values.size == 0:
        return "", np.zeros(0, dtype=np.int64)
    counts = group_counts(values)
    widest = int(counts.max())
    # One column per 5-bit group (a value has at most 13), then the used cells row by row:
    # a few passes over the array instead of a gather per character.
    cells = np.empty((values.size, widest), dtype=np.uint8)
    for g in range(widest):
        digits = ((values >> np.uint64(5 * g)) & np.uint64(31)).astype(np.uint8)
        digits[g < counts - 1] += 32
        cells[:, g] = _LOOKUP[digits]
    used = cells[np.arange(widest)[None, :] < counts[:, None]]
    return used.tobytes().decode("ascii"), np.cumsum(counts)


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
