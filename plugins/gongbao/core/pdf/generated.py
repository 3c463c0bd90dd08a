"""Generated PDFs and their signed sidecars: may a file made by an earlier build be reused?

Every PDF gongbao writes (:func:`~gongbao.core.pdf.split_pdf`,
:func:`~gongbao.core.pdf.write_outlined_pdf`, :func:`~gongbao.core.pdf.clean_pdf`) gets a
sidecar ``<name>.sig`` beside it: a small JSON record of the file's absolute path, size,
SHA-256 and page count, signed with this machine's key (:mod:`gongbao.core.signing`).
:func:`reusable` trusts a generated file only if its sidecar verifies and the file still has
that size and SHA-256: a file truncated or edited in the cache, one without a sidecar (an
older build, an interrupted write, another machine's cache) or one moved elsewhere must be
generated again. The sidecar ends in ``.sig``, so ``*.pdf`` never lists it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from gongbao.core import signing
from gongbao.core.pdf.files import atomic_write, canonical_json, file_sha256, write_output

__all__ = ["SIDECAR_SUFFIX", "reusable", "sidecar_path", "write_generated"]

_LOG = logging.getLogger("gongbao.core.pdf")

#: Appended to a generated file's name to name its sidecar.
SIDECAR_SUFFIX = ".sig"
_KIND = "gongbao-generated-pdf/1"
_MAX_SIDECAR_BYTES = 64 * 2**10


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of the generated file ``path`` is kept."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _record(path: Path, size: int, sha256: str, pages: int) -> dict[str, Any]:
    # The absolute path is signed too: a valid pair of files copied over another output's
    # place (another issue, another spec folder) is not that output.
    return {
        "kind": _KIND,
        "path": str(path.resolve()),
        "size": size,
        "sha256": sha256,
        "page_count": pages,
    }


def write_generated(dest: Path, data: bytes, pages: int) -> None:
    """Write the generated PDF ``data`` (``pages`` pages) to ``dest``, then its sidecar.

    The PDF is written first: a build interrupted in between leaves a file whose sidecar is
    missing or describes other bytes, which :func:`reusable` refuses.

    Raises:
        PdfError: ``dest`` cannot be written (``unwritable``).
    """
    dest = Path(dest)
    write_output(dest, data)
    sidecar = sidecar_path(dest)
    record = _record(dest, len(data), hashlib.sha256(data).hexdigest(), pages)
    signature = signing.sign(canonical_json(record))
    try:
        if signature is None:  # no key: nothing can vouch for the file
            sidecar.unlink(missing_ok=True)
            return
        text = json.dumps({**record, "signature": signature}, ensure_ascii=False, indent=0)
        atomic_write(sidecar, text.encode("utf-8"))
    except OSError as exc:  # the PDF itself is fine; it is only not reused next time
        _LOG.warning("gongbao: could not write %s (%s): it will be regenerated", sidecar, exc)
        with contextlib.suppress(OSError):
            sidecar.unlink(missing_ok=True)


def reusable(path: Path) -> bool:
    """Whether the generated PDF at ``path`` is exactly what gongbao wrote there.

    True only when its sidecar is signed with this machine's key, names this path, and the
    file has the recorded size and SHA-256. Never raises: anything odd means "no, make it
    again".
    """
    path = Path(path)
    sidecar = sidecar_path(path)
    try:
        if sidecar.stat().st_size > _MAX_SIDECAR_BYTES:
            return False
        data = json.loads(sidecar.read_bytes())
        signature = data.pop("signature")
        if not signing.verify(canonical_json(data), signature):
            return False
        if data["kind"] != _KIND or data["path"] != str(path.resolve()):
            return False
        if path.stat().st_size != data["size"]:  # cheap first: a truncated file stops here
            return False
        return bool(file_sha256(path) == data["sha256"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
