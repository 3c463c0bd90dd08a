"""The query language: our parser's tree, translated for whoosh, is whoosh's own parse.

whoosh's ``MultifieldParser``, configured as gongbao configured it (``whoosh_reference``),
defined the language; :mod:`gongbao.core.search.query.parse` must build, for every query, the
tree whose whoosh translation equals (``==``, whoosh's own query equality: classes, fields,
terms, phrase slops, nesting) what that parser returned, on a fixed set of queries and on
generated ones. The tantivy engine translates the same tree and never imports whoosh.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongbao.core.search.analysis import dictionary_terms
from gongbao.core.search.backend import QueryError, prepare_query_text
from gongbao.core.search.query import tree
from gongbao.core.search.query.parse import parse_query
from gongbao.core.search.whoosh.query import body_terms, to_whoosh
from gongbao.core.search.whoosh.schema import make_schema
from tests.core.test_search_bulk import TEXTS
from tests.core.whoosh_reference import make_query_parser, reference_parse

TERMS = dictionary_terms()
SCHEMA = make_schema(TERMS)
PARSER = make_query_parser(SCHEMA)
PLUGINS = Path(__file__).resolve().parents[2] / "plugins"

#: Besides the comparison tests' queries: every operator, field and alias, phrases with slop
#: and stop words, dates, odd characters, and the corners of the grammar.
QUERIES = [
    *TEXTS,
    "政务 ANDNOT 公开",
    "政务 AND NOT 公开",
    "政务 ANDMAYBE 公开",
    "政务 REQUIRE 三同步",
    "三同步 OR 政务新媒体 ANDNOT 公开 REQUIRE 政务",
    "(三同步 OR 行政复议) NOT 解读",
    "NOT 公开",
    "NOT (海关 OR 公开) 监管",
    "(海关 监管) AND 公开",
    "(海关 监管) OR 公开",
    "的 了",
    "的 OR 了",
    "NOT 的",
    "title:的 ANDNOT title:了 ANDNOT 海关",
    "标题:的 ANDMAYBE 海关",
    '"要点的通知"',
    "“工作要点的通知”",
    '"要点通知"',
    '"政务公开 工作"~3',
    '"政务 的 的 公开"',
    '"的"',
    '""',
    'issuer:"海关总署,国务院"',
    "issuer:海关总署,国务院",
    "category:,",
    'kind:"解读"',
    "类型:政策 公开",
    "kind:pdf 公开",
    "效力:失效",
    "validity:失效 OR validity:废止",
    "日期:2024",
    "日期:2024 日期:2024",
    "published:20240122",
    "published:2024-01",
    "published:2024.01.22",
    "published:202401221530",
    "published:20240122153000123456",
    "published:abcd",
    "published:20241301",
    "published:20240230",
    "published:*",
    'published:"2024"',
    "year:2018 公开",
    "年度:2024 OR 年份:2019",
    "year:2019 NOT kind:policy",
    "标题:(海关 OR 监管)",
    "正文:(海关 NOT 监管) 公开",
    "a:b:c",
    "a:title:海关",
    "title: 海关",
    "title:",
    "*:海关",
    "doc_number:国发 公开",
    "产业结构调整指导目录(2024年本)",
    "[2023] {x} ^ * ' :",
    "海关-监管 a_b x:y",
    "ANDNOT 海关",
    "REQUIRE ANDNOT 海关",
    "海关 ANDNOT",
    "(海关) (监管)",
    "((海关 OR 监管) AND (公开 OR 解读)) NOT 检查",
    "政务公开工作",
    "中华人民共和国海关审理行政复议案件程序规定",
    "HELLO World 2024年",
]


def ours(text: str) -> Any:
    """Our parse of prepared ``text``, as a whoosh query."""
    return to_whoosh(parse_query(text, TERMS, exact=False), SCHEMA)


def _searchable(q: Any) -> Any:
    """whoosh's parse with its one unsearchable node replaced as ours replaces it: a phrase of
    several values in a field without positions (``issuer:"甲,乙"``, which whoosh refused at
    search time: "Phrase search: 'issuer' field has no positions") is all of the values."""
    from whoosh import query

    def fix(node: Any) -> Any:
        if isinstance(node, query.Phrase) and node.fieldname not in ("title", "body"):
            return query.And([query.Term(node.fieldname, w) for w in node.words])
        return node

    return q if q is None else q.accept(fix).normalize()


def assert_same_as_whoosh(raw: str) -> bool:
    """Our parse of ``raw`` is whoosh's (or both refuse it); False if input checks refuse it."""
    try:
        text = prepare_query_text(raw).text
    except QueryError:
        return False
    try:
        theirs = reference_parse(PARSER, text)
    except QueryError as exc:
        with pytest.raises(QueryError, match=str(exc)):
            ours(text)
        return True
    except IndexError:
        # whoosh fails on a NOT with nothing after it inside another NOT ("NOT NOT x"):
        # ours drops the empty NOT instead.
        assert "NOT" in text
        ours(text)
        return True
    except AssertionError:
        # whoosh fails (an assert in its syntax tree) on a binary operator whose side is
        # another binary operator ("REQUIRE ANDNOT 海关"): ours parses it all the same.
        assert any(op in text for op in ("ANDNOT", "ANDMAYBE", "REQUIRE"))
        ours(text)
        return True
    mine = ours(text)
    theirs = _searchable(theirs)
    assert mine == theirs, (raw, mine, theirs)
    assert type(mine) is type(theirs), raw
    assert (
        body_terms(mine)
        == body_terms(theirs)
        == tree.body_terms(parse_query(text, TERMS, exact=False))
    )
    return True


@pytest.mark.parametrize("raw", QUERIES)
def test_the_parse_is_whoosh_s(raw: str) -> None:
    assert assert_same_as_whoosh(raw), raw


def test_the_fixed_queries_mean_something() -> None:
    parsed = [parse_query(prepare_query_text(q).text, TERMS) for q in QUERIES]
    kinds = {type(leaf).__name__ for q in parsed for leaf in tree.leaves(q)}
    assert kinds == {"Term", "Phrase", "DateRange", "Nothing"}
    shapes = {type(q).__name__ for q in parsed}
    assert {"And", "Or", "Not", "AndNot", "AndMaybe", "Require", "NoneType"} <= shapes
    assert sum(1 for q in parsed if q is None) < 8


def test_the_parse_is_whoosh_s_for_an_exact_timestamp() -> None:
    got = parse_query("published:20240122153000123456", TERMS)
    assert isinstance(got, tree.Term) and got.value.microsecond == 123456  # type: ignore[union-attr]


def test_too_many_terms_is_a_query_error() -> None:
    text = " OR ".join(f"w{i}" for i in range(33))
    with pytest.raises(QueryError, match="检索词太多"):
        parse_query(text, TERMS)
    assert parse_query(" OR ".join(f"w{i}" for i in range(32)), TERMS) is not None


_PIECES = st.sampled_from(
    [
        "海关",
        "监管",
        "政务公开工作",
        "的",
        "2024",
        "AND",
        "OR",
        "NOT",
        "ANDNOT",
        "ANDMAYBE",
        "REQUIRE",
        "(",
        ")",
        '"',
        "~2",
        ":",
        ",",
        "title:",
        "标题:",
        "issuer:",
        "kind:",
        "year:",
        "日期:",
        "a:",
        "x",
        " ",
        "  ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_generated_queries_parse_as_whoosh_parses_them(pieces: list[str]) -> None:
    assert_same_as_whoosh("".join(pieces))


def test_the_tantivy_engine_never_imports_whoosh() -> None:
    # A fresh interpreter: build, open and search a tantivy index, then list what is loaded.
    script = """
import json, sys, tempfile, datetime
from pathlib import Path
from gongbao.core.search import engines
from gongbao.core.search.backend import SearchQuery
from gongbao.core.search.records import SearchRecord
from gongbao.core.search.tantivy import backend
record = SearchRecord("p:1", "policy", "关于政务公开工作的通知", "p/1.html",
                      "推进政务公开工作。", datetime.date(2024, 1, 2), "", "国务院")
with tempfile.TemporaryDirectory() as tmp:
    engines.build_index("tantivy", [record], Path(tmp) / "ix")
    with engines.open_index(Path(tmp) / "ix") as b:
        found = b.search(SearchQuery('"政务公开 工作" 日期:2024', facets=True))
print(json.dumps([found.total, sorted(m for m in sys.modules if "whoosh" in m)]))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(PLUGINS), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr  # what failed, if it did
    total, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert (total, loaded) == (1, [])
