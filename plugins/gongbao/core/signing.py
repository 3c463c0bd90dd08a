"""Signatures for what gongbao caches, with a secret key that never travels with the project.

A cache folder (``.gongbao-cache``) is data anyone can copy, restore from CI or edit: an entry
rewritten with clean text, or a generated PDF cut short, must not be trusted. Each cache entry
therefore carries ``sign(entry)``, and a reader trusts it only if ``verify(entry, signature)``.
The key is per machine and lives outside the project, so an entry made (or forged) anywhere
else is simply a cache miss here.

Use::

    signature = sign(canonical_bytes)          # str, or None: no key, do not cache
    if signature is not None and verify(canonical_bytes, signature): ...  # trusted

``data`` should name what it is (a kind label and version inside the signed bytes), so that a
signature made for one kind of entry cannot be replayed as another.

The key file is ``$GONGBAO_CACHE_KEY`` when set, else ``$XDG_CACHE_HOME/gongbao/cache.key``,
else ``~/.cache/gongbao/cache.key``. It is created on first use (32 random bytes, hex, mode
0600, atomically: concurrent builds agree on one key). Keep it private: whoever can read it
can forge cache entries. Deleting it invalidates every cache signed with it (they are rebuilt).
If no key can be read or created (a read-only home, a damaged key file), :func:`sign` returns
``None`` and :func:`verify` is always false: caches are not reused, and nothing fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
import threading
from pathlib import Path

from gongbao.core.usercache import user_cache_folder

__all__ = ["KEY_ENV", "key_path", "sign", "verify"]

_LOG = logging.getLogger(__name__)

#: Environment variable naming another key file (tests point it into ``tmp_path``).
KEY_ENV = "GONGBAO_CACHE_KEY"

_KEY_BYTES = 32
_PREFIX = "hmac-sha256:"
_LOCK = threading.Lock()
# Key file -> its key (None: unusable). Read once per process; the environment variable may
# name another file at any time, which then has its own entry.
_KEYS: dict[Path, bytes | None] = {}


def key_path() -> Path | None:
    """The key file this process uses, or ``None`` when there is no home to put it in."""
    explicit = os.environ.get(KEY_ENV)
    if explicit:
        return Path(explicit).expanduser()
    folder = user_cache_folder()
    return None if folder is None else folder / "cache.key"


def _parse(text: bytes) -> bytes | None:
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        return None
    return key if len(key) >= _KEY_BYTES else None


def _create(path: Path) -> None:
    """Write a new key to ``path`` unless one appears there first (then that one wins)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_hex(_KEY_BYTES).encode("ascii") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            # A hard link appears complete or not at all, and never replaces a key another
            # process has just created (os.replace would, invalidating what it signed).
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: exclusive create instead
            with contextlib.suppress(FileExistsError):
                exclusive = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(exclusive, "wb") as handle:
                    handle.write(tmp.read_bytes())
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _load(path: Path) -> bytes | None:
    try:
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            _create(path)
            text = path.read_bytes()
    except OSError as exc:
        _LOG.warning("gongbao: no cache key at %s (%s): caches are not reused", path, exc)
        return None
    key = _parse(text)
    if key is None:
        _LOG.warning("gongbao: cache key %s is damaged: caches are not reused", path)
    return key


def _key() -> bytes | None:
    path = key_path()
    if path is None:
        return None
    with _LOCK:
        if path not in _KEYS:
            _KEYS[path] = _load(path)
        return _KEYS[path]


def sign(data: bytes) -> str | None:
    """An HMAC-SHA256 signature of ``data`` with this machine's key (``None``: no key)."""
    key = _key()
    if key is None:
        return None
    return _PREFIX + hmac.new(key, data, hashlib.sha256).hexdigest()


def verify(data: bytes, signature: str) -> bool:
    """Whether ``signature`` is this machine's signature of ``data`` (false without a key)."""
    expected = sign(data)
    if expected is None or not isinstance(signature, str):
        return False
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace"))
