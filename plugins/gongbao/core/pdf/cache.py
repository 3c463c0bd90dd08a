"""The extracted-text cache: one signed JSON file per PDF content and extractor version."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from gongbao.core import signing
from gongbao.core.pdf.files import atomic_write, canonical_json
from gongbao.core.pdf.text import EXTRACTOR_VERSION, PdfText

__all__ = ["PdfTextCache"]

_SHA256_RE = re.compile(r"[0-9a-f]{64}")
# Inside the signed bytes: a signature made for another kind of entry is not one of these.
_KIND = "gongbao-pdf-text"


class PdfTextCache:
    """Directory of JSON files with extracted text, keyed by file SHA-256 and extractor.

    An unchanged PDF is never extracted twice, whatever its path; a changed file has a
    new SHA-256 and a new pypdf or normalisation has a new :data:`EXTRACTOR_VERSION`, so
    neither can be served stale text. Writes are atomic (temporary file + ``os.replace``),
    so concurrent builds and interrupted builds leave either the old or the new entry.

    Every entry is signed with this machine's key (:mod:`gongbao.core.signing`) and only a
    verified entry is served: text edited in the cache (an ID number removed, say), a
    truncated file or an entry made on another machine (a restored CI cache) is a miss, and
    the PDF is extracted again. Without a usable key nothing is stored or served.
    Unreadable or foreign entries count as misses.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._version_key = hashlib.sha256(EXTRACTOR_VERSION.encode()).hexdigest()[:16]

    def _entry(self, sha256: str) -> Path:
        # The key becomes a file name: accept only a real hex digest (no path tricks).
        if not _SHA256_RE.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.directory / f"{sha256}.{self._version_key}.json"

    def get(self, sha256: str) -> PdfText | None:
        """Return the verified cached text for a file with this SHA-256, or ``None``."""
        entry = self._entry(sha256)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            signature = data.pop("signature")
            if not signing.verify(canonical_json(data), signature):
                return None
            if (
                data["kind"] != _KIND
                or data["version"] != EXTRACTOR_VERSION
                or data["sha256"] != sha256
            ):
                return None
            return _from_payload(sha256, data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, text: PdfText) -> None:
        """Store ``text`` under its SHA-256 (atomically replacing an older entry).

        Nothing is stored when no signing key is available (it could never be served).
        """
        payload = _to_payload(text)
        signature = signing.sign(canonical_json(payload))
        if signature is None:
            return
        entry = {**payload, "signature": signature}
        try:  # Chinese stays readable in the cache files ...
            data = json.dumps(entry, ensure_ascii=False, indent=0).encode("utf-8")
        except UnicodeEncodeError:  # ... unless a broken font gave a lone surrogate
            data = json.dumps(entry, ensure_ascii=True, indent=0).encode("ascii")
        atomic_write(self._entry(text.sha256), data)


def _to_payload(text: PdfText) -> dict[str, Any]:
    return {
        "kind": _KIND,
        "version": EXTRACTOR_VERSION,
        "sha256": text.sha256,
        "path": str(text.path),
        "page_count": text.page_count,
        "metadata": dict(text.metadata),
        "pages": list(text.pages),
        "garbled_pages": list(text.garbled_pages),
        "info_text": [list(item) for item in text.info_text],
        "xmp_text": text.xmp_text,
    }


def _from_payload(sha256: str, data: dict[str, Any]) -> PdfText:
    return PdfText(
        path=Path(data["path"]),
        sha256=sha256,
        page_count=int(data["page_count"]),
        metadata={str(k): str(v) for k, v in data["metadata"].items()},
        pages=tuple(str(page) for page in data["pages"]),
        garbled_pages=tuple(int(n) for n in data["garbled_pages"]),
        info_text=tuple((str(key), str(value)) for key, value in data["info_text"]),
        xmp_text=str(data["xmp_text"]),
    )
