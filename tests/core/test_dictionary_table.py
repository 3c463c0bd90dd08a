"""The segmenter's dictionary table is kept in the user's cache folder and read back as made."""

from __future__ import annotations

import marshal
from pathlib import Path

import jieba
import pytest

from gongbao.core.search import dictionary_table as tables
from gongbao.core.search.segmenter import Segmenter

TERMS = ("三同步", "一网通办")


def _fresh(terms: tuple[str, ...]) -> tables.DictionaryTable:
    seg = jieba.Tokenizer()
    seg.initialize()
    for word in terms:
        seg.add_word(word)
    return tables.table_of(seg)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "gongbao"


def test_a_table_is_kept_and_read_back_as_it_was_made(cache: Path) -> None:
    made = Segmenter(TERMS)
    (path,) = cache.glob("dictionary-*.marshal")
    again = Segmenter(TERMS)
    expected = _fresh(TERMS)
    assert (made._unknown, made._prefixes) == expected
    assert (again._unknown, again._prefixes) == expected
    assert again.is_word("三同步") and not again.is_word("三同")
    # Read back, the floats are still one object per frequency (shared by forked writers).
    assert len({id(v) for v in again._prefixes.values()}) < 10_000
    assert marshal.loads(path.read_bytes())[0] in path.name


def test_other_terms_have_their_own_table(cache: Path) -> None:
    Segmenter(TERMS)
    other = Segmenter(("平政办发",))
    assert len(list(cache.glob("dictionary-*.marshal"))) == 2
    assert other.is_word("平政办发") and not other.is_word("三同步")


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal at all", marshal.dumps(("another key", 1.0, {})), marshal.dumps([1, 2])],
    ids=["empty", "garbage", "foreign", "wrong shape"],
)
def test_a_damaged_file_is_made_again(cache: Path, damage: bytes) -> None:
    Segmenter(TERMS)
    (path,) = cache.glob("dictionary-*.marshal")
    good = path.read_bytes()
    path.write_bytes(damage)
    seg = Segmenter(TERMS)
    assert (seg._unknown, seg._prefixes) == _fresh(TERMS)
    assert path.read_bytes() == good


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    seg = Segmenter(TERMS)
    assert (seg._unknown, seg._prefixes) == _fresh(TERMS)
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_only_the_most_recent_tables_are_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "KEEP_TABLES", 2)
    for terms in (("甲词条",), ("乙词条",), ("丙词条",)):
        Segmenter(terms)
    kept = {marshal.loads(p.read_bytes())[0] for p in cache.glob("dictionary-*.marshal")}
    assert kept == {tables._key(("乙词条",)), tables._key(("丙词条",))}
