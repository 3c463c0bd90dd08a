"""The grouping writer (whoosh/writer.py) writes the segment whoosh's own writer writes.

Both writers index the same records into a new index; everything a reader can see is then
compared: every term's statistics, every block's documents, weights, value lengths and
values, stored fields, field lengths and sort columns. A small memory limit makes the
grouping writer finish several segments, which must answer every query as one segment does.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index

from gongbao.core.search.backend import SearchQuery
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh import writer as grouping
from gongbao.core.search.whoosh.backend import open_index
from gongbao.core.search.whoosh.build import build_index
from gongbao.core.search.whoosh.codec import ArrayCodec, ArrayLeafMatcher
from gongbao.core.search.whoosh.schema import document, make_schema
from tests.core.test_search import real_records

_CHARS = "海关行政复议监管公开政府信息检查规定程序申请人进口货物，。、 Aa1"


def _records() -> list[SearchRecord]:
    """The real texts plus many short random ones (more than one 128-posting block for
    common words; empty and punctuation-only bodies)."""
    rng = random.Random(7)
    out = real_records()
    for i in range(300):
        body = "".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 120)))
        if i % 3:
            body = "海关监管。" + body  # a word in 200 records: two blocks of postings
        out.append(
            SearchRecord(
                f"policy:r{i}",
                "policy",
                f"规定{i}" if i % 3 else "",
                f"r/{i}.html",
                body,
                datetime.date(2015 + i % 10, 1 + i % 12, 1) if i % 7 else None,
                f"平政发〔{2015 + i % 10}〕{i}号" if i % 2 else "",
                "平凉市人民政府,市财政局" if i % 5 == 0 else "",
                "财政" if i % 4 == 0 else "",
                "有效" if i % 6 else "",
            )
        )
    return out


def _write(
    folder: Path,
    records: list[SearchRecord],
    *,
    grouped: bool,
    limitmb: int = 256,
    codec: Any = None,
) -> Any:
    """The records indexed by the grouping writer, or by whoosh's writer with ``codec``
    (the array codec unless another is given)."""
    folder.mkdir()
    ix = index.create_in(str(folder), make_schema(()))
    writer = (
        grouping.GroupingWriter(ix, limitmb=limitmb, codec=ArrayCodec())
        if grouped
        else ix.writer(limitmb=256, codec=codec or ArrayCodec())
    )
    for i, record in enumerate(records):
        fields = document(record)
        if i % 10 == 1:  # whoosh's per-document field boosts, on a pair field and a word field
            fields.update(_body_grams_boost=1.5, _title_boost=0.5)
        writer.add_document(**fields)
    writer.commit()
    return index.open_dir(str(folder))


def _blocks(reader: Any, fieldname: str, text: bytes) -> Any:
    m = reader.postings(fieldname, text)
    if type(m) is not ArrayLeafMatcher:
        return ("other", list(m.all_items()))
    blocks = m.read_all()
    lengths = None if blocks.lengths is None else blocks.lengths.tolist()
    return (blocks.ids.tolist(), blocks.weights.tolist(), lengths, blocks.values())


def _block_infos(reader: Any, fieldname: str, text: bytes) -> list[tuple[Any, ...]]:
    m = reader.postings(fieldname, text)
    infos = []
    while True:
        infos.append(
            (m._blocklength, m._maxid, m._maxweight, m._minlength, m._maxlength, m._lastblock)
        )
        if m._lastblock:
            return infos
        m._goto(m._nextoffset)


def test_grouping_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    records = _records()
    plain = _write(tmp_path / "plain", records, grouped=False)
    grouped = _write(tmp_path / "grouped", records, grouped=True)
    with plain.reader() as a, grouped.reader() as b:
        terms = list(a.all_terms())
        assert terms == list(b.all_terms())
        assert len(terms) > 1000
        for fieldname, text in terms:
            ta, tb = a.term_info(fieldname, text), b.term_info(fieldname, text)
            stats = ("weight", "doc_frequency", "min_length", "max_length", "max_weight")
            assert [getattr(ta, s)() for s in stats] == [getattr(tb, s)() for s in stats]
            assert (ta.min_id(), ta.max_id()) == (tb.min_id(), tb.max_id())
            assert _blocks(a, fieldname, text) == _blocks(b, fieldname, text), (fieldname, text)
            assert _block_infos(a, fieldname, text) == _block_infos(b, fieldname, text)
        count = a.doc_count_all()
        assert count == b.doc_count_all() == len(records)
        assert [a.stored_fields(d) for d in range(count)] == [
            b.stored_fields(d) for d in range(count)
        ]
        for fieldname in ("title", "body", "title_grams", "body_grams"):
            assert [a.doc_field_length(d, fieldname) for d in range(count)] == [
                b.doc_field_length(d, fieldname) for d in range(count)
            ]
            assert a.field_length(fieldname) == b.field_length(fieldname)
        for fieldname in ("published", "year"):
            raw_a = a.column_reader(fieldname, translate=False)
            raw_b = b.column_reader(fieldname, translate=False)
            assert list(raw_a) == list(raw_b)
    # The common words really span several blocks (the block writer's loop is exercised).
    with grouped.reader() as b:
        assert len(_block_infos(b, "body_grams", "海关".encode())) > 1


def _levels(reader: Any, fieldname: str, text: bytes) -> list[int]:
    m = reader.postings(fieldname, text)
    levels = [m._compression]
    while not m._lastblock:
        m._goto(m._nextoffset)
        levels.append(m._compression)
    return levels


def test_the_array_blocks_hold_what_stock_whoosh_holds(tmp_path: Path) -> None:
    # Against stock whoosh (its writer, its W3 codec), not against the array codec itself:
    # small blocks stored as they are and larger ones compressed must both read back every
    # posting whoosh's own blocks hold.
    from whoosh.codec.whoosh3 import W3Codec

    records = _records()
    stock = _write(tmp_path / "stock", records, grouped=False, codec=W3Codec())
    grouped = _write(tmp_path / "grouped", records, grouped=True)
    levels: set[int] = set()
    with stock.reader() as a, grouped.reader() as b:
        terms = list(a.all_terms())
        assert terms == list(b.all_terms())
        for fieldname, text in terms:
            ma, mb = a.postings(fieldname, text), b.postings(fieldname, text)
            assert list(ma.all_items()) == list(mb.all_items()), (fieldname, text)
            assert a.term_info(fieldname, text).weight() == b.term_info(fieldname, text).weight()
            levels.update(_levels(b, fieldname, text))
        rare = next(t for f, t in terms if f == "body" and a.doc_frequency(f, t) == 1)
        assert _levels(b, "body", rare) == [0]  # one posting: a few bytes, kept as they are
        assert set(_levels(b, "body_grams", "海关".encode())) == {3}  # W3's zlib level
    assert levels == {0, 3}


def test_a_memory_limit_writes_several_segments_answering_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _records()
    one = _write(tmp_path / "one", records, grouped=True)
    monkeypatch.setattr(grouping, "_TERM_BYTES", 1024 * 1024 // 50)  # 1 MB: ~50 new words
    many = _write(tmp_path / "many", records, grouped=True, limitmb=1)
    assert len(one._segments()) == 1
    assert len(many._segments()) > 3
    with many.reader() as reader:
        assert reader.doc_count_all() == len(records)


@pytest.mark.parametrize(
    "text",
    ["海关", '"行政复议机关"', "政府信息公开", "监管 OR 检查", "平政发〔2016〕1号", "规定"],
)
def test_segments_of_a_grouped_build_answer_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    records = _records()
    build_index(records, tmp_path / "one")
    monkeypatch.setattr(grouping, "_TERM_BYTES", 1024 * 1024 // 50)
    from gongbao.core.search.whoosh import build as whoosh_build

    monkeypatch.setattr(whoosh_build, "GROUPING_LIMIT_MB", 1)
    build_index(records, tmp_path / "many")
    with open_index(tmp_path / "one") as one, open_index(tmp_path / "many") as many:
        for query in (SearchQuery(text=text, facets=True), SearchQuery(text=text, sort="date")):
            a, b = one.search(query), many.search(query)
            assert a.total == b.total > 0 and a.facets == b.facets
            assert [h.id for h in a.hits] == [h.id for h in b.hits]


def test_an_index_written_grouped_is_updated_in_place(tmp_path: Path) -> None:
    records = _records()
    assert records[-1].title == "规定299"
    build_index(records, tmp_path / "ix")
    with open_index(tmp_path / "ix") as backend:
        before = backend.search(SearchQuery(text="规定")).total
    changed = [
        *records[:-1],
        SearchRecord("policy:new", "policy", "新办法", "n.html", "金伯利进程", None),
    ]
    stats = build_index(changed, tmp_path / "ix")
    assert (stats.resegmented, stats.reused) == (1, len(records) - 1)
    with open_index(tmp_path / "ix") as backend:
        assert [h.id for h in backend.search(SearchQuery(text="金伯利")).hits] == ["policy:new"]
        assert backend.search(SearchQuery(text="规定")).total == before - 1


def test_a_failing_writer_process_fails_the_build_and_leaves_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from gongbao.core.search.whoosh import build as whoosh_build
    from gongbao.core.search.whoosh import parallel

    records = _records()
    monkeypatch.setattr(whoosh_build, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parent = os.getpid()

    def broken(record: SearchRecord) -> dict[str, Any]:
        if os.getpid() != parent:  # only in the forked writer process
            raise OSError(28, "No space left on device")
        return document(record)

    monkeypatch.setattr(parallel, "document", broken)
    with pytest.raises(RuntimeError, match="全文索引的写入进程失败：OSError"):
        build_index(records, tmp_path / "ix")
    assert not (tmp_path / "ix").exists() or not any((tmp_path / "ix").iterdir())


def test_the_grouping_writer_only_adds(tmp_path: Path) -> None:
    (tmp_path / "ix").mkdir()
    ix = index.create_in(str(tmp_path / "ix"), make_schema(()))
    writer = grouping.GroupingWriter(ix, limitmb=16, codec=ArrayCodec())
    with pytest.raises(NotImplementedError, match="only adds documents"):
        writer.update_document(**document(_records()[0]))
    with pytest.raises(NotImplementedError, match="only adds documents"):
        writer.delete_by_term("id", "x")
    writer.cancel()


@pytest.mark.parametrize("fixed", [None, -1, 0, 4])
@pytest.mark.parametrize("level", [0, 3])
def test_a_word_in_one_document_is_written_as_the_general_path_writes_it(
    fixed: int | None, level: int
) -> None:
    # one_block is the fast path for most words; term_blocks is checked against whoosh above.
    from array import array

    from gongbao.core.search.whoosh.terms import one_block, term_blocks

    cases = [
        (0, 1.0, b"\x00\x00\x00\x00", 12),
        (4_000_000_000, 2.5, b"\x01\x00\x00\x00\x07\x00\x00\x00", 70_000),
        (17, 0.0, b"\x05\x00\x00\x00", 0),  # no weight, no field length
        (9, -1.5, b"", 3),  # a negative boost; an empty value is kept
        (3, 1 / 3, bytes(range(200)), 150_000),  # large enough to be compressed
    ]
    for doc, weight, value, length in cases:
        general = term_blocks(
            array("I", [doc]),
            array("d", [weight]),
            (array("I", [len(value)]), value),
            [length],
            fixed=fixed,
            limit=128,
            level=level,
        )
        assert one_block(doc, weight, value, length, fixed=fixed, level=level) == general


def test_the_term_hash_is_whoosh_s_md5_hash() -> None:
    from whoosh.filedb.filetables import md5_hash

    from gongbao.core.search.whoosh.terms import _md5_low

    keys = [b"", b"\x00\x01", "海关监管".encode(), bytes(range(256)), b"x" * 1000]
    assert [_md5_low(k) for k in keys] == [md5_hash(k) for k in keys]
