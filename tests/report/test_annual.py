"""``gongbao report annual``: table 二 and the 解读 figures on a hand-checked archive of real
texts (tests/report/archive.py says what the test assigns), and every output form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.model.records import DocType
from tests.corpus import doc
from tests.report.archive import archive
from tests.sites import write_site

OPTIONS = {"as_of": "2025-03-01", "normative_in_gazette": "off"}


def _site(tmp_path: Path, **overrides: dict[str, Any]) -> Path:
    return write_site(tmp_path, archive(**overrides), OPTIONS)


def _run(site: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["report", "annual", "-f", str(site / "mkdocs.yml"), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _json(site: Path, year: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_run(site, "--year", str(year), "--json"))
    return data


def test_table_two_on_the_hand_checked_archive(tmp_path: Path) -> None:
    site = _site(tmp_path)
    report = _json(site, 2024)
    # 2024: 265、266、269、270、271号令 (规章); 公告2024年第10、13、18、44号 (规范性文件);
    # 公告2023年第185号, in force since 2023, repealed by 第44号 on 2024-04-03.
    assert report["第二十条第（一）项"] == {
        "规章": {"本年制发件数": 5, "本年废止件数": 0, "现行有效件数": 5},
        "行政规范性文件": {"本年制发件数": 4, "本年废止件数": 1, "现行有效件数": 4},
    }
    ids = report["ids"]["第二十条第（一）项"]
    assert ids["行政规范性文件"]["本年废止件数"] == ["policy-10"]
    assert ids["行政规范性文件"]["现行有效件数"] == [
        "policy-03",
        "policy-04",
        "policy-05",
        "policy-06",
    ]
    assert ids["规章"]["本年制发件数"] == [
        "policy-01",
        "policy-02",
        "policy-07",
        "policy-08",
        "policy-09",
    ]
    # The year before: 公告2023年第185号 alone, still in force on 31 December 2023 (its repeal
    # came in 2024), though the archive now says 废止.
    assert _json(site, 2023)["第二十条第（一）项"] == {
        "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
        "行政规范性文件": {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 1},
    }


def test_the_interpretation_figures(tmp_path: Path) -> None:
    report = _json(_site(tmp_path), 2024)
    assert report["政策解读"] == {
        "本年发布文件数": 9,
        "已解读件数": 8,  # all but 270号
        "免于解读件数": 0,
        "三同步按时件数": 7,  # 271号's 解读 came three days late
        "解读材料数": 9,
        "平均解读间隔天数": 0.4,  # (7 × 0 + 3) / 8
        "解读形式": {"文字解读": 8, "政策问答": 1},
        "解读轮次": {"第1轮": 8, "第2轮": 1},
    }
    assert report["ids"]["政策解读"]["解读形式"]["政策问答"] == ["interp-05"]
    assert report["ids"]["政策解读"]["解读轮次"]["第2轮"] == ["interp-01-2"]
    assert report["每月发布文件数"]["1月"] == 4
    assert report["ids"]["每月发布文件数"]["7月"] == ["policy-07", "policy-08", "policy-09"]


def test_only_the_published_view_counts(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        policy_07={"disclosure": "依申请公开"},
        policy_09={"published": "2025-06-01"},  # scheduled after the report's date
    )
    report = _json(site, 2024)
    assert report["第二十条第（一）项"]["规章"] == {
        "本年制发件数": 3,
        "本年废止件数": 0,
        "现行有效件数": 3,
    }
    text = json.dumps(report, ensure_ascii=False)
    assert "policy-07" not in text and "policy-09" not in text
    assert "interp-07" not in text


def test_a_repealed_document_without_a_date_is_noted(tmp_path: Path) -> None:
    site = _site(tmp_path, policy_04={"validity": "失效"})
    report = _json(site, 2024)
    assert report["第二十条第（一）项"]["行政规范性文件"]["现行有效件数"] == 3
    assert report["notes"] == [
        "policy-04：有效性为失效，但没有废止依据或有效期，无法确定失效年份，未计入现行有效件数。"
    ]


def test_doc_type_defaults_from_normative() -> None:
    assert doc("a", normative=True).document_type is DocType.NORMATIVE
    assert doc("b").document_type is DocType.OTHER
    assert doc("c", normative=True, doc_type=DocType.RULES).document_type is DocType.RULES


def test_other_documents_are_not_in_table_two(tmp_path: Path) -> None:
    site = _site(tmp_path, policy_03={"doc_type": "其他"})
    report = _json(site, 2024)
    assert report["第二十条第（一）项"]["行政规范性文件"]["本年制发件数"] == 3
    assert report["政策解读"]["本年发布文件数"] == 9


def test_csv(tmp_path: Path) -> None:
    out = _run(_site(tmp_path), "--year", "2024", "--csv")
    assert out.splitlines()[:4] == [
        "表二 第二十条第（一）项,本年制发件数,本年废止件数,现行有效件数",
        "规章,5,0,5",
        "行政规范性文件,4,1,4",
        "",
    ]
    assert "平均解读间隔天数,0.4" in out.splitlines()


def test_markdown_draft_with_deterministic_svg_charts(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        _run(site, "--year", "2024", "--md", "-o", str(out))
    draft = (first / "2024年报.md").read_text(encoding="utf-8")
    assert "| 行政规范性文件 | 4 | 1 | 4 |" in draft
    assert "![2024年每月发布政策文件件数](2024-monthly.svg)" in draft
    for name in ("2024-monthly.svg", "2024-forms.svg"):
        svg = (first / name).read_bytes()
        assert svg == (second / name).read_bytes()
        assert b"<script" not in svg and b"<dc:date>" not in svg
    forms = (first / "2024-forms.svg").read_text(encoding="utf-8")
    assert ">政策问答<" in forms and ">2024年政策解读形式<" in forms
    assert "| 行政规范性文件 | 4 | 1 | 4 |" in _run(site, "--year", "2024", "--md")


def test_a_year_not_begun(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = CliRunner().invoke(
        main, ["report", "annual", "-f", str(site / "mkdocs.yml"), "--year", "2026"]
    )
    assert result.exit_code == 1
    assert "2026 年尚未开始（今天是 2025-03-01），无法统计。" in result.output


def test_the_plain_summary(tmp_path: Path) -> None:
    out = _run(_site(tmp_path), "--year", "2024")
    assert out.splitlines()[:4] == [
        "2024年 表二 第二十条第（一）项（截至 2024-12-31）",
        "  规章：本年制发件数 5，本年废止件数 0，现行有效件数 5",
        "  行政规范性文件：本年制发件数 4，本年废止件数 1，现行有效件数 4",
        "政策解读：本年发布文件数 9，已解读件数 8，免于解读件数 0，三同步按时件数 7，解读材料数 9，"
        "平均解读间隔天数 0.4，解读形式 文字解读 8、政策问答 1，解读轮次 第1轮 8、第2轮 1",
    ]


def test_expiry_and_replacement_end_a_document_in_their_year(tmp_path: Path) -> None:
    # Invented for the count: 公告2024年第10号 valid until 30 June 2024; 第18号 replaces 第13号
    # (from its 施行日期 2024-02-06); 第44号 valid until 31 December 2024, so in force that day.
    site = _site(
        tmp_path,
        policy_03={"valid_until": "2024-06-30"},
        policy_05={"replaces": "policy-04"},
        policy_06={"valid_until": "2024-12-31"},
    )
    report = _json(site, 2024)
    assert report["第二十条第（一）项"]["行政规范性文件"] == {
        "本年制发件数": 4,
        "本年废止件数": 3,
        "现行有效件数": 2,
    }
    ids = report["ids"]["第二十条第（一）项"]["行政规范性文件"]
    assert ids["本年废止件数"] == ["policy-10", "policy-03", "policy-04"]
    assert ids["现行有效件数"] == ["policy-05", "policy-06"]
    # 第44号 expires on 1 January 2025, and 第10号 (repealed by it) stays counted in 2024.
    assert _json(site, 2025)["ids"]["第二十条第（一）项"]["行政规范性文件"]["本年废止件数"] == [
        "policy-06"
    ]


def test_a_repeal_counts_in_the_year_it_takes_effect(tmp_path: Path) -> None:
    # Invented: 271号 (published 2024-07-30) repeals 266号 from 1 January 2025.
    site = _site(
        tmp_path,
        policy_02={"validity": "废止", "repealed_by": "policy-09"},
        policy_09={"effective": "2025-01-01"},
    )
    assert _json(site, 2024)["第二十条第（一）项"]["规章"] == {
        "本年制发件数": 5,
        "本年废止件数": 0,
        "现行有效件数": 5,
    }
    assert _json(site, 2025)["第二十条第（一）项"]["规章"] == {
        "本年制发件数": 0,
        "本年废止件数": 1,
        "现行有效件数": 4,
    }
