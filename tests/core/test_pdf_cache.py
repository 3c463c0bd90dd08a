"""PdfTextCache: an unchanged PDF is extracted once; stale or foreign entries are misses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongbao.core.pdf import (
    EXTRACTOR_VERSION,
    PdfError,
    PdfText,
    PdfTextCache,
    api,
    read_pdf,
)
from tests.pdfmaker import make_pdf

# --------------------------------------------------------------------------------------
# Cache


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every child started by read_pdf (by operation name)."""
    calls: list[str] = []
    real = api.run_isolated

    def counting(op: str, *args: Any) -> Any:
        calls.append(op)
        return real(op, *args)

    monkeypatch.setattr(api, "run_isolated", counting)
    yield calls


def test_cache_hit_avoids_extraction(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["政务\n公开"], title="甲")
    first = read_pdf(pdf, cache=cache)
    second = read_pdf(pdf, cache=cache)
    assert counted == ["extract"]
    assert second == first
    # Same content under another name: still a hit, reported under the new path.
    copy = tmp_path / "b.pdf"
    copy.write_bytes(pdf.read_bytes())
    third = read_pdf(copy, cache=cache)
    assert counted == ["extract"]
    assert third.path == copy
    assert third.pages == first.pages == ("政务公开",)
    entries = list((tmp_path / "cache").iterdir())
    assert [e.suffix for e in entries] == [".json"]  # no temporary files left behind


def test_cache_invalidates_when_content_changes(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["第一版"])
    assert read_pdf(pdf, cache=cache).pages == ("第一版",)
    make_pdf(pdf, ["第二版"])
    assert read_pdf(pdf, cache=cache).pages == ("第二版",)
    assert counted == ["extract", "extract"]
    assert read_pdf(pdf, cache=cache).pages == ("第二版",)
    assert counted == ["extract", "extract"]


def test_cache_round_trip_and_bad_entries(tmp_path: Path) -> None:
    cache = PdfTextCache(tmp_path)
    text = PdfText(
        path=Path("gazette/a.pdf"),
        sha256="a" * 64,
        page_count=2,
        metadata={"title": "平江市人民政府公报"},
        pages=("第一页\x03", "第二页"),
        garbled_pages=(1,),
    )
    assert cache.get("a" * 64) is None
    cache.put(text)
    assert cache.get("a" * 64) == text
    (entry,) = tmp_path.iterdir()
    # Chinese stays readable in the cache files.
    assert "平江市人民政府公报" in entry.read_text(encoding="utf-8")
    payload = json.loads(entry.read_text(encoding="utf-8"))
    assert payload["version"] == EXTRACTOR_VERSION
    payload["version"] = "gongbao-pdf/0"
    entry.write_text(json.dumps(payload), encoding="utf-8")
    assert cache.get("a" * 64) is None
    entry.write_text("{not json", encoding="utf-8")
    assert cache.get("a" * 64) is None
    cache.put(text)
    assert cache.get("a" * 64) == text
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")


def test_errors_are_not_cached(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    path = make_pdf(tmp_path / "x.pdf", ["机密"], encrypt="secret")
    for _ in range(2):
        with pytest.raises(PdfError):
            read_pdf(path, cache=cache)
    assert counted == ["extract", "extract"]
