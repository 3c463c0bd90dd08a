"""Search excerpts: marks, escaping, windows."""

from __future__ import annotations

from gongbao.core.search.excerpt import make_excerpt


def test_marks_terms_longest_first_and_merges_neighbours() -> None:
    body = "各地要推进政务公开标准化规范化，提高政务公开质量。"
    assert make_excerpt(body, {"政务", "公开", "政务公开"}) == (
        "各地要推进<mark>政务公开</mark>标准化规范化，提高<mark>政务公开</mark>质量。"
    )


def test_escapes_everything_outside_the_marks() -> None:
    assert (
        make_excerpt("<b>政务</b>&公开", {"公开"})
        == "&lt;b&gt;政务&lt;/b&gt;&amp;<mark>公开</mark>"
    )


def test_no_match_gives_the_opening() -> None:
    assert make_excerpt("甲" * 200, {"乙"}) == "甲" * 120 + "…"
    assert make_excerpt("", {"乙"}) == ""


def test_windows_around_distant_matches() -> None:
    body = "前言" * 200 + "营商环境" + "中段" * 200 + "三同步" + "结尾" * 200
    out = make_excerpt(body, {"营商环境", "三同步"}, width=40)
    assert out.count("<mark>") == 2
    assert out.startswith("…") and out.endswith("…")
    assert "…" in out[1:-1]
