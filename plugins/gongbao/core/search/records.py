"""The unit of search: one record per document (or per PDF page), built by the caller."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass

__all__ = ["RECORD_KINDS", "SearchRecord", "split_values", "without_zero_width"]

#: Every kind a record may have; the search page labels them in Chinese.
RECORD_KINDS: dict[str, str] = {
    "policy": "政策文件",
    "interpretation": "政策解读",
    "gazette": "政府公报",
    "pdf": "PDF",
}


@dataclass(frozen=True)
class SearchRecord:
    """One searchable item.

    ``body`` must already be normalised by the caller (``gongbao.core.textnorm``): in particular
    PDF line breaks between two Han characters must be joined, or a word split across lines
    can never be found.
    """

    id: str
    kind: str
    title: str
    url: str
    body: str
    published: datetime.date | None
    doc_number: str = ""
    issuer: str = ""
    category: str = ""
    validity: str = ""
    page: int | None = None
    issue: str = ""
    """The 刊期 of a gazette issue's PDF page (``2024年第3期``), shown instead of an issuer."""

    def __post_init__(self) -> None:
        # Zero-width characters pasted from Word or left by PDF producers show nothing, split
        # a phrase in two and would be copied into every excerpt: gone before indexing.
        for name in ("title", "body", "issuer", "issue"):
            value = getattr(self, name)
            if _ZERO_WIDTH.search(value):
                object.__setattr__(self, name, _ZERO_WIDTH.sub("", value))
        if not self.id:
            raise ValueError("SearchRecord.id must not be empty")
        if self.kind not in RECORD_KINDS:
            raise ValueError(
                f"SearchRecord.kind must be one of {sorted(RECORD_KINDS)}: {self.kind!r}"
            )
        if self.page is not None and self.page < 1:
            raise ValueError(f"SearchRecord.page is 1-based: {self.page!r}")

    def content_hash(self) -> str:
        """A stable SHA-256 over every field: equal hashes mean the index entry can be reused."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_VALUE_SPLIT = re.compile(r"[\s,，、;；]+")


def split_values(value: str) -> list[str]:
    """The values of a list field (issuer, category): a joint document has several issuers,
    each one keyword and one facet value."""
    return [v for v in _VALUE_SPLIT.split(value) if v]


def without_zero_width(text: str) -> str:
    """``text`` without zero-width and other invisible formatting characters."""
    return _ZERO_WIDTH.sub("", text)
