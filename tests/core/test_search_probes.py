"""Exact phrases on the real texts (tests/data/corpus): every probe's truth is computed from the
texts themselves (the records whose normalised title or body contains the phrase), and both
engines must return exactly those records: precision and recall 1.0.

The probes: the phrases of issue 15 (4-character words inside longer segmented words, a phrase
whose words occur only across punctuation), a seeded sample of substrings of every text, and
the characters on both sides of punctuation joined together (which only occur where the text
has them without the punctuation).
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongbao.core.search import engines
from gongbao.core.search.backend import SearchBackend, SearchQuery
from gongbao.core.search.records import SearchRecord
from gongbao.core.textnorm import normalize_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
_HEADER = re.compile(r"^(?P<key>标题|文号|发布机关|发布日期)：(?P<value>.*)$", re.MULTILINE)
_DATE = re.compile(r"(\d{4})\D(\d{1,2})\D(\d{1,2})")
_RUN = re.compile(r"[^\W_]+")


def corpus_records() -> list[SearchRecord]:
    """One record per real text: its header's title, 文号, issuer and date, its body."""
    records = []
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        header, body = re.split(r"^-{10,}$", raw, maxsplit=1, flags=re.MULTILINE)
        fields = {m["key"]: m["value"].strip() for m in _HEADER.finditer(header)}
        day = _DATE.search(fields.get("发布日期", ""))
        kind = "interpretation" if path.name.startswith("interp") else "policy"
        records.append(
            SearchRecord(
                id=f"{kind}:{path.stem}",
                kind=kind,
                title=fields["标题"],
                url=f"{kind}/{path.stem}.html",
                body=normalize_text(body),
                published=datetime.date(*map(int, day.groups())) if day else None,
                doc_number=fields.get("文号", "").split("（", 1)[0] if kind == "policy" else "",
                issuer=fields.get("发布机关", ""),
            )
        )
    return records


RECORDS = corpus_records()


def truth(phrase: str) -> set[str]:
    """The records whose title or body contains ``phrase`` (letters, digits and Han only)."""
    wanted = phrase.lower()
    return {r.id for r in RECORDS if wanted in r.title.lower() or wanted in r.body.lower()}


def _probes() -> list[str]:
    rng = random.Random(15)
    probes = ["专项附加", "综合保税", "信息公开", "行政复议", "个人所得税", "海关总署", "三同步"]
    for record in RECORDS:
        runs = [r for r in _RUN.findall(record.body) if len(r) >= 2]
        for _ in range(6):  # substrings: found at least in their own record
            run = rng.choice(runs)
            size = rng.randint(2, min(8, len(run)))
            start = rng.randrange(len(run) - size + 1)
            probes.append(run[start : start + size])
        pairs = list(itertools.pairwise(runs))
        for before, after in rng.sample(pairs, min(4, len(pairs))):
            probes.append(before[-2:] + after[:2])  # across punctuation: rarely in any text
        title_runs = _RUN.findall(record.title)
        probes.append(max(title_runs, key=len)[:6])
    return list(dict.fromkeys(p for p in probes if len(p) >= 2))


PROBES = _probes()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SearchBackend]]:
    root = tmp_path_factory.mktemp("probes")
    opened = {}
    for engine in engines.ENGINES:
        engines.build_index(engine, RECORDS, root / engine)
        opened[engine] = engines.open_index(root / engine)
    yield opened
    for backend in opened.values():
        backend.close()


def _found(backend: SearchBackend, text: str) -> tuple[set[str], int]:
    res = backend.search(SearchQuery(text=text, page_size=100))
    return {h.id for h in res.hits}, res.total


def test_the_probes_mean_something() -> None:
    # Most probes are in some text, some in several, and some (across punctuation) in none.
    sizes = [len(truth(p)) for p in PROBES]
    assert len(PROBES) > 150
    assert sum(1 for n in sizes if n == 0) >= 20
    assert sum(1 for n in sizes if n > 1) >= 20
    assert truth("专项附加") == {"policy:policy_13", "policy:policy_14"}
    assert len(truth("综合保税")) == 4
    # 信息公开 is in two texts; policy_18 has 个人信息，不得公开 and must not be one of them.
    assert truth("信息公开") == {"policy:policy_01", "policy:policy_16"}
    assert "个人信息，不得公开" in next(r.body for r in RECORDS if r.id == "policy:policy_18")


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_quoted_phrases_find_exactly_the_texts_containing_them(
    both: dict[str, SearchBackend], engine: str
) -> None:
    wrong = {}
    for probe in PROBES:
        found, total = _found(both[engine], f'"{probe}"')
        if found != truth(probe) or total != len(found):
            wrong[probe] = (sorted(found - truth(probe)), sorted(truth(probe) - found))
    assert wrong == {}


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_punctuation_in_a_phrase_matches_any_punctuation_there(
    both: dict[str, SearchBackend], engine: str
) -> None:
    backend = both[engine]
    assert _found(backend, '"个人信息，不得公开"')[0] == {"policy:policy_18"}
    assert _found(backend, '"个人信息、不得公开"')[0] == {"policy:policy_18"}
    assert _found(backend, '"个人信息不得公开"')[0] == set()


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_a_plain_query_ranks_the_records_with_the_whole_phrase_first(
    both: dict[str, SearchBackend], engine: str
) -> None:
    # 专项 附加 as two words: every record with both words, those with 专项附加 first.
    for text in ("专项 附加", "专项附加", "综合保税", "信息 公开", "海关 监管"):
        res = both[engine].search(SearchQuery(text=text, page_size=100))
        phrase = truth(text.replace(" ", ""))
        ranked = [h.id for h in res.hits]
        assert set(ranked[: len(phrase)]) == phrase, text
        assert phrase <= set(ranked) and len(ranked) == res.total, text
    # Both words but never side by side: found, after the phrase.
    res = both[engine].search(SearchQuery(text="信息 公开", page_size=100))
    assert "policy:policy_18" in {h.id for h in res.hits[2:]}


#: Each 文号 as people type it, and the document that carries it (in its own spelling).
DOC_NUMBER_VARIANTS = {
    "国务院令第707号": "policy:policy_13",  # the document is 国令第707号
    "国令第707号": "policy:policy_13",
    "国令707号": "policy:policy_13",
    "海关总署令265号": "policy:policy_01",  # 海关总署令第265号, typed without 第
    "海关总署令第０２６５号": "policy:policy_01",
    "国发2019年5号": "policy:policy_11",  # 国发〔2019〕5号, typed with 年
    "国发[2019]5号": "policy:policy_11",
    "国发（2019）第5号": "policy:policy_11",
    "海关总署公告〔2024〕10号": "policy:policy_03",  # 海关总署公告2024年第10号
    "海关总署公告2024年10号": "policy:policy_03",
    "海关总署公告[2023]185号": "policy:policy_10",
    "国办发明电〔2018〕15号": "policy:policy_12",
}


@pytest.mark.parametrize("engine", engines.ENGINES)
@pytest.mark.parametrize(("text", "wanted"), DOC_NUMBER_VARIANTS.items())
def test_a_doc_number_in_any_spelling_finds_its_document_first(
    both: dict[str, SearchBackend], engine: str, text: str, wanted: str
) -> None:
    hits = both[engine].search(SearchQuery(text=text)).hits
    assert hits and hits[0].id == wanted, [h.id for h in hits]
    # Also with words around it.
    hits = both[engine].search(SearchQuery(text=f"{text} 规定")).hits
    assert hits and hits[0].id == wanted, [h.id for h in hits]


def _issuers(record: SearchRecord) -> list[str]:
    from gongbao.core.search.records import split_values

    return split_values(record.issuer)


@pytest.mark.parametrize("engine", engines.ENGINES)
@pytest.mark.parametrize(
    ("wanted", "keeps"),
    [
        ("海关", lambda name: "海关" in name),  # contained: 海关总署
        ("国务院办", lambda name: name == "国务院办公厅"),
        ("国务院", lambda name: name == "国务院"),  # an issuer's exact name: that issuer only
        ("税务", lambda name: name == "税务总局"),  # one of a joint document's issuers
        ("不存在的机关", lambda name: False),
    ],
)
def test_the_issuer_filter_matches_a_contained_name_and_facets_stay_exact(
    both: dict[str, SearchBackend], engine: str, wanted: str, keeps: object
) -> None:
    assert callable(keeps)
    expected = {r.id for r in RECORDS if any(keeps(n) for n in _issuers(r))}
    res = both[engine].search(SearchQuery(text="", issuer=wanted, page_size=100, facets=True))
    assert {h.id for h in res.hits} == expected and res.total == len(expected)
    # The issuer facet counts each issuer's own records among the results, by its full name.
    counts: dict[str, int] = {}
    for record in RECORDS:
        if record.id in expected:
            for name in _issuers(record):
                counts[name] = counts.get(name, 0) + 1
    assert res.facets["issuer"] == dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    assert expected or res.facets["issuer"] == {}


@pytest.mark.parametrize("engine", engines.ENGINES)
def test_zero_width_characters_never_reach_titles_or_excerpts(tmp_path: Path, engine: str) -> None:
    # Pasted from Word: zero-width spaces and joiners, a BOM, inside the title and the body.
    record = SearchRecord(
        "policy:zw",
        "policy",
        "关于\u200b政务\u200d公开\ufeff的通知",
        "policies/zw.html",
        "各单位要做好政务\u200c公开工作。",
        datetime.date(2024, 1, 1),
    )
    engines.build_index(engine, [record], tmp_path / "ix")
    with engines.open_index(tmp_path / "ix") as backend:
        hits = backend.search(SearchQuery(text='"政务公开"')).hits
    assert [(h.title, h.excerpt_html) for h in hits] == [
        ("关于政务公开的通知", "各单位要做好<mark>政务公开</mark>工作。")
    ]
