"""gongbao.core.signing: HMAC signatures with a per-machine key kept outside the project."""

from __future__ import annotations

import hashlib
import hmac
import logging
import multiprocessing
import stat
from pathlib import Path

import pytest

from gongbao.core import signing


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys" / "cache.key"
    monkeypatch.setenv(signing.KEY_ENV, str(path))
    return path


def test_sign_and_verify(key_file: Path) -> None:
    signature = signing.sign(b"entry")
    assert signature is not None and signature.startswith("hmac-sha256:")
    key = bytes.fromhex(key_file.read_text(encoding="ascii"))
    assert len(key) == 32
    # Exactly HMAC-SHA256 of the data with the key in the file.
    assert signature == "hmac-sha256:" + hmac.new(key, b"entry", hashlib.sha256).hexdigest()
    assert signing.verify(b"entry", signature)
    assert not signing.verify(b"entry!", signature)
    assert not signing.verify(b"entry", signature[:-1] + ("0" if signature[-1] != "0" else "1"))
    assert not signing.verify(b"entry", "")
    assert signing.sign(b"entry") == signature  # the same key next time


def test_the_key_is_created_private(key_file: Path) -> None:
    assert not key_file.exists()
    signing.sign(b"x")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == ["cache.key"]  # no temporary left


def test_another_machine_has_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "a.key"))
    theirs = signing.sign(b"entry")
    assert theirs is not None
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "b.key"))
    assert signing.sign(b"entry") != theirs
    assert not signing.verify(b"entry", theirs)


def test_the_key_lives_in_the_user_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(signing.KEY_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert signing.key_path() == tmp_path / "xdg" / "gongbao" / "cache.key"
    assert signing.sign(b"x") is not None
    assert (tmp_path / "xdg" / "gongbao" / "cache.key").is_file()
    # Without XDG_CACHE_HOME (or with a relative one, which the XDG spec says to ignore).
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert signing.key_path() == tmp_path / "home" / ".cache" / "gongbao" / "cache.key"


def test_no_key_means_no_signature_and_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    good = tmp_path / "good.key"
    monkeypatch.setenv(signing.KEY_ENV, str(good))
    signature = signing.sign(b"entry")
    assert signature is not None
    # A home that cannot hold the key (here its parent is a file: even root cannot).
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(signing.KEY_ENV, str(blocker / "cache.key"))
    with caplog.at_level(logging.WARNING, logger="gongbao.core.signing"):
        assert signing.sign(b"entry") is None
        assert not signing.verify(b"entry", signature)
    assert "caches are not reused" in caplog.text


@pytest.mark.parametrize("content", [b"", b"abc\n", b"00" * 16, "钥匙".encode()])
def test_a_damaged_key_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    path = tmp_path / "cache.key"
    path.write_bytes(content)  # empty, not hex, too short (16 bytes), not ASCII
    monkeypatch.setenv(signing.KEY_ENV, str(path))
    assert signing.sign(b"entry") is None
    assert path.read_bytes() == content  # left for a person to look at, not overwritten


def _sign_in_child(path: str) -> str | None:
    import os

    os.environ[signing.KEY_ENV] = path
    return signing.sign(b"entry")


def test_concurrent_first_use_agrees_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "cache.key"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        signatures = pool.map(_sign_in_child, [str(path)] * 8)
    assert None not in signatures and len(set(signatures)) == 1
    key = bytes.fromhex(path.read_text(encoding="ascii"))
    assert signatures[0] == "hmac-sha256:" + hmac.new(key, b"entry", hashlib.sha256).hexdigest()
