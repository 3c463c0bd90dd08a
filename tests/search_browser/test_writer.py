"""The browser index writer, in memory: what its files say, read back by a decoder of their own.

The reader below follows the file format (docs/search.md) independently of the client: it
decodes a term's documents and positions and answers "which documents contain this string".
Its answers must equal plain substring search over the same texts.
"""

from __future__ import annotations

import datetime
import json
import random
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gongbao.core.search.browser.encode import ALPHABET, decode, encode, script
from gongbao.core.search.browser.text import docnumber_lookup_key, fnv1a, term_hash
from gongbao.core.search.browser.writer import (
    CHUNK,
    SHARD_TARGET,
    BrowserDoc,
    BrowserIndex,
    build_browser_index,
    write_browser_index,
)

CORPUS = Path(__file__).parents[1] / "data/corpus"
CALL = re.compile(r'^__gongbaoSearch\("(\w)",("?[\d-]+"?),(.*)\);\n$', re.DOTALL)


def _corpus_docs() -> list[BrowserDoc]:
    docs = []
    for k, path in enumerate(sorted(CORPUS.glob("policy_*.txt"))):
        head, body = path.read_text(encoding="utf-8").split("-" * 40, 1)
        fields = dict(line.split("：", 1) for line in head.splitlines() if "：" in line)
        docs.append(
            BrowserDoc(
                kind="policy",
                url=f"policies/{path.stem}.html",
                title=fields["标题"],
                body=body.strip(),
                doc_number=fields["文号"],
                issuer=fields["发布机关"],
                published=datetime.date(2019, 1, 1) + datetime.timedelta(days=k),
            )
        )
    return docs


class Reader:
    """Decodes an index's files the way docs/search.md describes them."""

    def __init__(self, index: BrowserIndex) -> None:
        self.files: dict[str, tuple[str, int | str, Any]] = {}
        for name, data in index.files.items():
            match = CALL.match(data.decode("utf-8"))
            assert match, name
            self.files[name] = (match[1], json.loads(match[2]), json.loads(match[3]))
        self.manifest: dict[str, Any] = self.files["search/gongbao/index.js"][2]
        self.base = f"search/gongbao/{self.manifest['id']}"

    def part(self, kind: str, shard: int) -> dict[str, Any]:
        found_kind, ident, data = self.files[f"{self.base}/{kind}/{shard}.js"]
        assert (found_kind, ident) == (kind, shard)
        assert isinstance(data, dict)
        return data

    def shard(self, term: str, count: int) -> int:
        chars = [np.array([ord(c)], dtype=np.uint64) for c in term.ljust(4, "\0")]
        return int(term_hash(*chars)[0]) % count

    def postings(self, term: str) -> dict[int, list[int]]:
        """Document -> positions (for a term of 1, 3 or 4 characters: [count])."""
        t = self.part("t", self.shard(term, self.manifest["t"])).get(term, "")
        values = decode(str(t))
        docs, counts, doc = [], [], 0
        for k in range(0, len(values), 2):
            doc = values[k] if k == 0 else doc + values[k]
            docs.append(doc)
            counts.append(values[k + 1] >> 1)
        if len(term) != 2:
            return {d: [c] for d, c in zip(docs, counts, strict=True)}
        flat = decode(str(self.part("p", self.shard(term, self.manifest["p"])).get(term, "")))
        assert len(flat) == sum(counts)
        out, at = {}, 0
        for d, c in zip(docs, counts, strict=True):
            run = list(np.cumsum(flat[at : at + c]))
            out[d] = [int(x) for x in run]
            at += c
        return out

    def containing(self, phrase: str) -> set[int]:
        """Documents whose indexed text has ``phrase`` (letters, digits, Han) as a substring:
        its own list up to four characters, else proven by the positions of its pairs."""
        if len(phrase) != 2 and len(phrase) <= 4:
            return set(self.postings(phrase))
        lists = [self.postings(phrase[i : i + 2]) for i in range(len(phrase) - 1)]
        found = set()
        for doc, starts in lists[0].items():
            if any(
                all(p + i in lists[i].get(doc, ()) for i in range(1, len(lists))) for p in starts
            ):
                found.add(doc)
        return found

    def url(self, doc: int) -> str:
        data = self.files[f"{self.base}/d/{doc}.js"][2]
        assert isinstance(data, dict)
        return str(data["u"])


def test_numbers_round_trip_in_the_alphabet() -> None:
    values = [0, 1, 31, 32, 1023, 1024, 2**35 + 7, 5]
    text, ends = encode(np.array(values, dtype=np.uint64))
    assert decode(text) == values
    assert text[:2] == "01" and ends.tolist() == [1, 2, 3, 5, 7, 10, 18, 19]
    assert set(text) <= set(ALPHABET)


def test_a_script_file_calls_the_client_and_cannot_end_a_script_element() -> None:
    data = script("d", 3, {"t": "</script><b>", "x": "\u2028"})
    assert data == b'__gongbaoSearch("d",3,{"t":"<\\/script><b>","x":"\\u2028"});\n'


def test_phrases_are_found_exactly_where_the_text_contains_them() -> None:
    docs = _corpus_docs()
    reader = Reader(build_browser_index(docs))
    by_url = {d.url: f"{d.title}\n{d.doc_number}\n{d.issuer}\n{d.body}".lower() for d in docs}
    rng = random.Random(7)
    han = re.compile(r"[\u4e00-\u9fff]{2,8}")
    probes = {"专项附加", "综合保税", "信息公开", "三同步", "行政复议", "个人所得税", "国务院"}
    for doc in docs:
        runs = han.findall(doc.body)
        for run in rng.sample(runs, 5):
            start = rng.randrange(len(run) - 1)
            probes.add(run[start : start + rng.randint(2, 6)])
    assert len(probes) > 40
    for phrase in sorted(probes):
        truth = {url for url, text in by_url.items() if phrase in text}
        assert {reader.url(d) for d in reader.containing(phrase)} == truth, phrase
        if 2 < len(phrase) <= 4:  # the term's own list agrees with its pairs' positions
            proven = set(reader.postings(phrase[:2]))
            for i in range(1, len(phrase) - 1):
                proven &= set(reader.postings(phrase[i : i + 2]))
            assert set(reader.postings(phrase)) <= proven


def test_a_long_text_comes_in_chunks_whose_start_slots_the_document_file_names() -> None:
    assert CHUNK == 600
    body = "甲" * 500 + "，" + "乙" * 800
    reader = Reader(build_browser_index([BrowserDoc("policy", "a.html", "题", body)]))
    data = reader.files[f"{reader.base}/d/0.js"][2]
    assert data["x"] == "甲" * 500 + "，" + "乙" * 99
    # slots: 题 0, newline 1, 甲 2-501, the comma 502, 乙 from 503; chunks 1 and 2 start at
    # body characters 600 and 1200, the 100th and the 700th 乙
    assert data["c"] == [602, 1202]
    assert reader.files[f"{reader.base}/x/0-1.js"] == ("x", "0-1", "乙" * 600)
    assert reader.files[f"{reader.base}/x/0-2.js"][2] == "乙" * 101
    assert reader.postings("乙乙")[0][0] == 503


def test_a_phrase_never_matches_across_punctuation() -> None:
    docs = [
        BrowserDoc("policy", "a.html", "甲", "保护个人信息，不得公开。"),
        BrowserDoc("policy", "b.html", "乙", "推进政府信息公开工作。"),
    ]
    reader = Reader(build_browser_index(docs))
    assert {reader.url(d) for d in reader.containing("信息公开")} == {"b.html"}
    assert {reader.url(d) for d in reader.containing("信息")} == {"a.html", "b.html"}
    # "信息，不得": the comma takes one slot between 信息 and 不得
    a = next(d for d in range(2) if reader.url(d) == "a.html")
    assert reader.postings("不得")[a] == [reader.postings("信息")[a][0] + 3]


def test_documents_are_numbered_newest_first_with_kind_and_year_in_the_manifest() -> None:
    docs = [
        BrowserDoc("policy", "old.html", "旧", "正文", published=datetime.date(2019, 3, 1)),
        BrowserDoc("page", "guide.html", "指南", "正文"),
        BrowserDoc("interpretation", "new.html", "新", "正文", published=datetime.date(2024, 1, 2)),
        BrowserDoc("gazette", "g.html", "公报", "正文", published=datetime.date(2021, 5, 1)),
    ]
    reader = Reader(build_browser_index(docs))
    assert [reader.url(d) for d in range(4)] == ["new.html", "g.html", "old.html", "guide.html"]
    meta = decode(reader.manifest["meta"])
    kinds = ["policy", "interpretation", "gazette", "page"]
    assert [kinds[v % 4] for v in meta] == ["interpretation", "gazette", "policy", "page"]
    assert [2019 + v // 4 - 1 if v >= 4 else 0 for v in meta] == [2024, 2021, 2019, 0]
    assert reader.manifest["years"] == [2024, 2021, 2019]


def test_title_hits_carry_the_title_flag() -> None:
    docs = [
        BrowserDoc(
            "policy", "a.html", "行政复议规定", "总则。", published=datetime.date(2024, 1, 2)
        ),
        BrowserDoc(
            "policy", "b.html", "其他", "申请行政复议。", published=datetime.date(2024, 1, 1)
        ),
    ]
    reader = Reader(build_browser_index(docs))
    t = reader.part("t", reader.shard("复议", reader.manifest["t"]))["复议"]
    values = decode(str(t))
    assert values == [0, (1 << 1) | 1, 1, (1 << 1) | 0]


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("平政办发〔2023〕51号", "平政办发2023-51号"),
        ("平政办发[2023]51号", "平政办发2023-51号"),
        ("平政办发（2023）051号", "平政办发2023-51号"),
        ("平政办发(2023)第51号", "平政办发2023-51号"),
        ("平政办发2023年第51号", "平政办发2023-51号"),
        ("平政办发２０２３年５１号", "平政办发2023-51号"),
        ("平政办发202351号", "平政办发2023-51号"),
        ("平政办发 〔23〕 51 号", "平政办发2023-51号"),
        ("海关总署令第265号", "海关总署令265号"),
        ("海关总署令265号", "海关总署令265号"),
        ("海关总署公告2024年第10号", "海关总署公告2024-10号"),
        ("海关总署公告〔2024〕第10号", "海关总署公告2024-10号"),
        ("国发2019年5号", "国发2019-5号"),
        ("国务院令第707号", "国令707号"),
        ("国令第707号", "国令707号"),
        ("国务院令707号", "国令707号"),
    ],
)
def test_every_common_spelling_of_a_docnumber_has_one_key(spelling: str, key: str) -> None:
    assert docnumber_lookup_key(spelling) == key


def test_the_docnumber_table_finds_documents_by_any_spelling() -> None:
    docs = _corpus_docs()
    index = build_browser_index(docs)
    reader = Reader(index)
    key = docnumber_lookup_key("国发[2019]5号")
    table = reader.part("n", fnv1a(key) % reader.manifest["n"])
    assert [reader.url(d) for d in table[key]] == ["policies/policy_11.html"]


def test_the_same_documents_give_the_same_bytes_in_any_order() -> None:
    docs = _corpus_docs()
    first = build_browser_index(docs)
    second = build_browser_index(list(reversed(docs)))
    assert first.files == second.files
    # The build id names the content: other text, other folder.
    changed = build_browser_index([*docs[:-1], BrowserDoc("policy", "x.html", "新", "新的正文")])
    assert Reader(changed).base != Reader(first).base


def test_shards_stay_small_whatever_the_archive() -> None:
    docs = _corpus_docs()
    index = build_browser_index(docs)
    shards = [len(b) for name, b in index.files.items() if "/t/" in name or "/p/" in name]
    manifest = Reader(index).manifest
    assert len(shards) == manifest["t"] + manifest["p"]
    assert max(shards) < 40_000 and sum(shards) / len(shards) < 2 * SHARD_TARGET
    # Postings cost about 25 bytes per character of text for eight documents, where most terms
    # occur once and their UTF-8 keys dominate (far less at 1,000: docs/performance.md).
    chars = sum(len(d.body) for d in docs)
    assert sum(shards) < 30 * chars


def test_written_to_disk_in_hash_groups_the_index_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _corpus_docs()
    in_memory = build_browser_index(docs)
    # A small group size splits even eight documents' postings into groups on disk.
    monkeypatch.setattr("gongbao.core.search.browser.writer.ONE_GROUP", 10_000)
    monkeypatch.setattr("gongbao.core.search.browser.writer.GROUP_ENTRIES", 10_000)
    written = write_browser_index(docs, tmp_path)
    on_disk = {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
    }
    assert on_disk == in_memory.files
    assert written.file_count == len(on_disk) and written.size == in_memory.size
