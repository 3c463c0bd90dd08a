"""A per-file cache of loaded sources, so ``gongbao check`` stays fast as the archive grows.

Parsing front matter, validating fields and scanning text for leaks is per-file work; only the
cross-file rules (三同步, references, uniqueness) need the whole corpus, and they are cheap. The
cache maps a source file's path and ``stat`` identity (size, modification and change times,
inode) plus everything else that shapes the result to what loading it produced. It lives in
the cache folder, is written atomically, drops the entries of changed and removed files (at
the latest when they outnumber an eighth of the live ones), and any damaged or foreign cache
is ignored (and rebuilt).

The file is a pickle signed with this machine's cache key (:mod:`gongbao.core.signing`):
one copied from elsewhere (a CI cache, an archive) or edited is never read. It is read with
an unpickler that only constructs gongbao's own record, finding
and enum classes and dates: a cache file that came from elsewhere (a commit, an archive) cannot
run code. It is stamped with a fingerprint of the code that produced it, so an upgraded or
edited gongbao never serves findings computed by another version.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import functools
import gc
import hashlib
import io
import os
import pickle
import secrets
import sys
import tempfile
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

from gongbao.core.signing import sign, verify

__all__ = ["FileCache", "code_fingerprint", "seal", "unseal"]

# Bump when the shape of cached values (records, findings) or keys changes.
_VERSION = "gongbao-sources/6"

# The first line of a cache file, then its signature (gongbao.core.signing), then the pickle;
# the signed bytes name what they are, so no other cache's signature fits them.
_MAGIC = "gongbao-sources-sig:"
_SIGNED = b"gongbao-sources/6\n"

# Up to this many new or stale entries (or an eighth of the live ones) go to the side file.
_DELTA_MIN = 256

# Where the classes a cache may hold are defined: dataclasses and enums of these modules only.
_TRUSTED_MODULES = frozenset(
    {"gongbao.core.model.records", "gongbao.core.findings.finding", "gongbao.core.sources.parse"}
)
_TRUSTED_DATETIME = frozenset({"date", "datetime", "time", "timedelta", "timezone"})


def seal(data: bytes) -> bytes | None:
    """A cache file's bytes: a first line with the signature of ``data``, then ``data``;
    ``None`` when this machine has no key (nothing is cached then)."""
    signature = sign(_SIGNED + data)
    return None if signature is None else f"{_MAGIC}{signature}\n".encode("ascii") + data


def unseal(blob: bytes) -> bytes | None:
    """What :func:`seal` sealed, if its signature is this machine's; else ``None``."""
    head, _, data = blob.partition(b"\n")
    if not head.startswith(_MAGIC.encode("ascii")):
        return None
    signature = head[len(_MAGIC) :].decode("ascii", "replace")
    return data if verify(_SIGNED + data, signature) else None


@functools.cache
def code_fingerprint() -> str:
    """A digest of the core's source files (path, size, mtime) and the Python version.

    Cached entries hold findings whose wording and rules come from this code (every package of
    the core: model, rules, scanners…): a new release, or an edit in a development checkout,
    must not be answered from an older run.
    """
    core = Path(__file__).parents[1]
    digest = hashlib.sha256(f"{_VERSION} {sys.version_info[:2]}".encode())
    with contextlib.suppress(OSError):
        for file in sorted(core.rglob("*.py")):
            stat = file.stat()
            rel = file.relative_to(core).as_posix()
            digest.update(f"{rel}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:32]


def _enum_member(cls: object, name: object) -> enum.Enum:
    """``getattr(cls, name)`` for a member of a trusted enum, and nothing else.

    Python 3.11.0 to 3.11.4 (Debian 12's 3.11.2 among them) pickle an enum member as
    ``getattr(TheEnum, "NAME")``; without this their caches were never read back.
    """
    if (
        isinstance(cls, type)
        and issubclass(cls, enum.Enum)
        and isinstance(name, str)
        and name in cls.__members__
    ):
        return cls.__members__[name]
    raise pickle.UnpicklingError(f"not allowed in a gongbao cache: getattr({cls!r}, {name!r})")


class _SafeUnpickler(pickle.Unpickler):
    """Constructs only dates and the dataclasses and enums of gongbao's model: loading a
    foreign pickle fails instead of importing or calling anything else."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in _TRUSTED_DATETIME:
            return getattr(datetime, name)
        if module in ("builtins", "__builtin__") and name == "getattr":  # (protocol 2's name)
            return _enum_member  # how Python 3.11.0-3.11.4 pickle an enum member
        if module in _TRUSTED_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and (
                dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
            ):
                return found
        raise pickle.UnpicklingError(f"not allowed in a gongbao cache: {module}.{name}")


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    # Unpickling tens of thousands of records triggers the cyclic collector over and over on
    # a growing heap (it more than doubles the load time); none of them form cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class FileCache:
    """``key → value`` for the current run, backed by a pickle file (or nothing).

    The main file holds every entry; an edit between two runs (the usual pre-commit case)
    only writes the new entries to a small side file (``…/sources.delta.pickle``) that names
    the main file it extends, instead of rewriting thousands of entries. Entries of files
    that changed or disappeared stay in the main file until they, with the side file, pass
    an eighth of the live entries: then the main file is rewritten with the live ones only.
    """

    write_error: str | None = None
    """Why the last :meth:`save` could not write the cache, if it could not."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[Hashable, Any] = {}
        self._new: dict[Hashable, Any] = {}
        self._fresh: set[Hashable] = set()
        self._delta_keys: set[Hashable] = set()
        # Entries put already pickled (put_pickled), with their bytes.
        self._chunks: list[tuple[bytes, dict[Hashable, Any]]] = []
        self._token: str | None = None
        self.hits = 0
        if path is not None:
            self._read(path)

    @property
    def delta_path(self) -> Path | None:
        """The side file with the entries added since the main file was written."""
        return None if self.path is None else self.path.with_suffix(".delta.pickle")

    @staticmethod
    def _payload(path: Path) -> dict[str, Any] | None:
        # Anything wrong with a file (missing, truncated, foreign, from another version of
        # gongbao) only costs time: the run parses the sources again and writes a new cache.
        try:
            data = path.read_bytes()
        except OSError:
            return None
        # Signed with this machine's key, or not read at all: a cache restored from elsewhere,
        # or edited to hide a finding, is not unpickled, let alone trusted.
        trusted = unseal(data)
        if trusted is None:
            return None
        with contextlib.suppress(Exception), _no_gc():
            loaded = _SafeUnpickler(io.BytesIO(trusted)).load()
            if (
                isinstance(loaded, dict)
                and loaded.get("version") == _VERSION
                and loaded.get("code") == code_fingerprint()
                and isinstance(loaded.get("entries"), dict)
                and isinstance(loaded.get("chunks", []), list)
            ):
                # Chunks first: an entry of the plain map is never older than a chunk's.
                entries: dict[Hashable, Any] = {}
                for chunk in loaded.get("chunks", []):
                    part = _SafeUnpickler(io.BytesIO(chunk)).load()
                    if not isinstance(part, dict):
                        return None
                    entries.update(part)
                entries.update(loaded["entries"])
                loaded["entries"] = entries
                return loaded
        return None

    def _read(self, path: Path) -> None:
        main = self._payload(path)
        if main is None or not isinstance(main.get("token"), str):
            return
        self._old, self._token = main["entries"], main["token"]
        delta_path = self.delta_path
        assert delta_path is not None
        delta = self._payload(delta_path) if delta_path.is_file() else None
        if delta is not None and delta.get("base") == self._token:
            self._old.update(delta["entries"])
            self._delta_keys = set(delta["entries"])

    def get(self, key: Hashable) -> Any | None:
        """The cached value, or ``None``; a hit is kept for the next run."""
        value = self._old.get(key)
        if value is not None:
            self.hits += 1
            self._new[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Remember ``value`` for ``key``."""
        self._new[key] = value
        self._fresh.add(key)

    def put_pickled(self, entries: dict[Hashable, Any], pickled: bytes) -> None:
        """Remember ``entries``, which ``pickled`` holds already (as a pickle of exactly that
        map): a rewrite of the file stores those bytes as they are instead of pickling the
        entries again."""
        self._new.update(entries)
        self._fresh.update(entries)
        self._chunks.append((pickled, entries))

    def save(self) -> None:
        """Record the entries of this run (atomically), if anything changed.

        A cache that cannot be written (a read-only or misplaced folder) is not an error of
        the sources: ``write_error`` says why, and the next run parses again.
        """
        try:
            self._save()
        except OSError as exc:
            self.write_error = f"{exc.strerror or exc}"

    def _save(self) -> None:
        # Every key of ``_new`` is a hit from ``_old`` unless ``put`` added it: with no put,
        # the two are equal exactly when no source disappeared.
        if self.path is None or (not self._fresh and len(self._new) == len(self._old)):
            return
        stale = len(self._old) - (len(self._new) - len(self._fresh))
        delta = {k: self._new[k] for k in self._delta_keys if k in self._new}
        delta.update((k, self._new[k]) for k in self._fresh)
        delta_path = self.delta_path
        assert delta_path is not None
        if self._token is not None and len(delta) + stale <= max(_DELTA_MIN, len(self._new) // 8):
            if self._fresh or delta.keys() != self._delta_keys:
                # Rewriting a main file of 20,000 records would take a third of a second.
                self._write(delta_path, {"base": self._token, "entries": delta})
            return
        token = secrets.token_hex(8)
        chunked = {key for _, entries in self._chunks for key in entries}
        rest = {k: v for k, v in self._new.items() if k not in chunked} if chunked else self._new
        chunks = [pickled for pickled, _ in self._chunks]
        self._write(self.path, {"token": token, "entries": rest, "chunks": chunks})
        with contextlib.suppress(OSError):
            delta_path.unlink()
        self._old, self._token, self._fresh, self._delta_keys = self._new, token, set(), set()
        self._chunks = []

    def _write(self, path: Path, payload: dict[str, Any]) -> None:
        with _no_gc():
            stamp = {"version": _VERSION, "code": code_fingerprint()}
            data = pickle.dumps({**stamp, **payload}, protocol=5)
        sealed = seal(data)
        if sealed is None:
            return  # no key on this machine: an unsigned cache would never be trusted
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sources-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(sealed)
            Path(tmp).replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
