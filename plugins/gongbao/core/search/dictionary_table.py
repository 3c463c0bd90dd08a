"""jieba's dictionary as the segmenter looks it up, kept between runs.

Making the table means loading jieba's dictionary (its own cache, about 350,000 words with
their prefixes), adding the user terms and computing a log-probability for every entry: about
a second in every process that segments (the full-text index child of a build, ``gongbao
search``, ``gongbao serve``). The table depends only on jieba's version and dictionary and on
the user terms, so, as jieba keeps its dictionary in a cache file, it is kept in the user's
cache folder (:mod:`gongbao.core.usercache`), one file per dictionary, and read back in a
fifth of the time. A file that cannot be read, or was made for another dictionary, is made
again; a folder that cannot be written only costs the time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

import jieba

from gongbao.core.usercache import user_cache_folder

__all__ = ["DictionaryTable", "dictionary_table", "main_dictionary_digest", "table_of"]

#: What the segmenter looks up: the score of a character no word covers, and every
#: dictionary entry mapped to its log-probability (None for a prefix that is not a word).
DictionaryTable: TypeAlias = tuple[float, dict[str, float | None]]

#: Changed whenever what the table holds changes: older files are then made again.
TABLE_VERSION = 1

#: Tables kept (about 9 MB each, one per set of user terms): writing one more removes the
#: least recently written beyond this many.
KEEP_TABLES = 8


@functools.cache
def main_dictionary_digest() -> str:
    """The digest of jieba's bundled ``dict.txt`` (a jieba upgrade that changes it changes
    every segmentation)."""
    path = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_of(seg: jieba.Tokenizer) -> DictionaryTable:
    """The table of an initialised jieba tokenizer (its dictionary and added words)."""
    seg.check_initialized()
    logtotal = math.log(seg.total)
    # log(freq) - logtotal, the same float operations as jieba's calc(). One float object per
    # distinct frequency (a few thousand for 500,000 entries): a lookup writes only the
    # returned object's reference count, so processes forked after the table is built keep
    # sharing its pages instead of copying them (marshal keeps that sharing in the file).
    logs: dict[int, float] = {}
    prefixes: dict[str, float | None] = {
        w: (logs.setdefault(f, math.log(f) - logtotal) if f else None) for w, f in seg.FREQ.items()
    }
    return math.log(1) - logtotal, prefixes


def dictionary_table(
    terms: tuple[str, ...], make: Callable[[], jieba.Tokenizer]
) -> DictionaryTable:
    """The table for jieba's dictionary plus ``terms``: read from the cache folder, or made
    from ``make()`` (a jieba tokenizer with ``terms`` added) and kept there."""
    key = _key(terms)
    folder = user_cache_folder()
    path = None if folder is None else folder / f"dictionary-{key}.marshal"
    table = None if path is None else _read(path, key)
    if table is None:
        table = table_of(make())
        if path is not None:
            _write(path, key, table)
            _prune(path.parent)
    return table


def _key(terms: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for part in (
        str(TABLE_VERSION),
        str(marshal.version),
        getattr(jieba, "__version__", "?"),
        main_dictionary_digest(),
        "\x1f".join(terms),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:32]


def _read(path: Path, key: str) -> DictionaryTable | None:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    # The file names its dictionary: a truncated, foreign or older file is made again.
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == key):
        return None
    _key_again, unknown, prefixes = loaded
    if not isinstance(unknown, float) or not isinstance(prefixes, dict):
        return None
    return unknown, prefixes


def _write(path: Path, key: str, table: DictionaryTable) -> None:
    # Written beside, then renamed: a process reading meanwhile sees the old file or the new.
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        part.write_bytes(marshal.dumps((key, *table)))
        part.replace(path)
    with contextlib.suppress(OSError):
        part.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    """Remove all but the :data:`KEEP_TABLES` most recently written tables."""
    with contextlib.suppress(OSError):
        tables = sorted(
            folder.glob("dictionary-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in tables[KEEP_TABLES:]:
            old.unlink(missing_ok=True)
