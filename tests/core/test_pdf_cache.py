"""PdfTextCache: an unchanged PDF is extracted once; stale or foreign entries are misses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongbao.core import signing
from gongbao.core.pdf import (
    EXTRACTOR_VERSION,
    PdfError,
    PdfText,
    PdfTextCache,
    api,
    read_pdf,
)
from gongbao.core.pdf.files import canonical_json
from tests.pdfmaker import make_pdf

# --------------------------------------------------------------------------------------
# Cache


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every child started by read_pdf (by operation name)."""
    calls: list[str] = []
    real = api.run_isolated  # type: ignore[attr-defined]

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


# --------------------------------------------------------------------------------------
# Integrity: only entries signed on this machine are served

ID_NUMBER = "11010519491231002X"  # the standard's example number (valid check digit)


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache_dir.iterdir()
    return entry


def test_cache_entries_carry_every_field(tmp_path: Path) -> None:
    cache = PdfTextCache(tmp_path)
    text = PdfText(
        path=Path("gazette/a.pdf"),
        sha256="b" * 64,
        page_count=1,
        metadata={"author": "王守强"},
        pages=("正文\ud800",),  # a lone surrogate from a broken font: still stored
        garbled_pages=(),
        info_text=(("/Author", "王守强"), ("/ICNAppName", "Jisupdf Editor")),
        xmp_text="Aspose Ltd.\n李四",
    )
    cache.put(text)
    assert cache.get("b" * 64) == text
    payload = json.loads(_entry(tmp_path).read_text(encoding="utf-8"))
    assert payload["signature"].startswith("hmac-sha256:")
    assert payload["kind"] == "gongbao-pdf-text"


def test_an_edited_entry_is_extracted_again(tmp_path: Path, counted: list[str]) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", [f"经办人身份证号：{ID_NUMBER}"])
    real = read_pdf(pdf, cache=cache)
    assert ID_NUMBER in real.text
    # Someone rewrites the cached page text (valid JSON, signature kept) to hide the number.
    entry = _entry(tmp_path / "cache")
    payload = json.loads(entry.read_text(encoding="utf-8"))
    payload["pages"] = ["经办人身份证号：略"]
    entry.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    again = read_pdf(pdf, cache=cache)
    assert counted == ["extract", "extract"]  # not served: extracted afresh
    assert again == real and ID_NUMBER in again.text
    # The fresh extraction replaced the forged entry: served again now.
    assert read_pdf(pdf, cache=cache) == real
    assert counted == ["extract", "extract"]


@pytest.mark.parametrize("damage", ["truncate", "drop_signature", "edit_metadata"])
def test_damaged_entries_are_misses(tmp_path: Path, damage: str) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["政务公开"], title="甲")
    text = read_pdf(pdf, cache=cache)
    entry = _entry(tmp_path / "cache")
    raw = entry.read_text(encoding="utf-8")
    payload = json.loads(raw)
    if damage == "truncate":
        entry.write_text(raw[: len(raw) // 2], encoding="utf-8")
    elif damage == "drop_signature":
        del payload["signature"]
        entry.write_text(json.dumps(payload), encoding="utf-8")
    else:
        payload["metadata"]["title"] = "乙"
        entry.write_text(json.dumps(payload), encoding="utf-8")
    assert cache.get(text.sha256) is None


def test_a_signed_entry_of_another_version_or_file_is_a_miss(tmp_path: Path) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["政务公开"])
    text = read_pdf(pdf, cache=cache)
    entry = _entry(tmp_path / "cache")
    payload = json.loads(entry.read_text(encoding="utf-8"))
    del payload["signature"]
    for field, value in (("version", "gongbao-pdf/1"), ("sha256", "c" * 64), ("kind", "other")):
        forged = {**payload, field: value}
        # Signed with the right key: only the field itself can make it a miss.
        forged["signature"] = signing.sign(canonical_json({**payload, field: value}))
        entry.write_text(json.dumps(forged), encoding="utf-8")
        assert cache.get(text.sha256) is None, field
    payload["signature"] = signing.sign(canonical_json(payload))
    entry.write_text(json.dumps(payload), encoding="utf-8")
    assert cache.get(text.sha256) == text  # the control: the same, unaltered, is served


def test_a_cache_from_another_machine_is_not_trusted(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["政务公开"])
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "other-machine.key"))
    read_pdf(pdf, cache=cache)  # the cache is made elsewhere (a CI runner, say) ...
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "this-machine.key"))
    assert read_pdf(pdf, cache=cache).pages == ("政务公开",)  # ... and restored here
    assert counted == ["extract", "extract"]
    read_pdf(pdf, cache=cache)
    assert counted == ["extract", "extract"]  # this machine's entry is served


def test_without_a_key_nothing_is_cached(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(signing.KEY_ENV, str(blocker / "cache.key"))  # cannot be created
    cache = PdfTextCache(tmp_path / "cache")
    pdf = make_pdf(tmp_path / "a.pdf", ["政务公开"])
    assert read_pdf(pdf, cache=cache).pages == read_pdf(pdf, cache=cache).pages == ("政务公开",)
    assert counted == ["extract", "extract"]
    assert not (tmp_path / "cache").exists()
