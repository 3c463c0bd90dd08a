"""Tests for gongbao.core.textnorm: search normalisation and the garbled-CJK detector."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongbao.core.textnorm import GARBLED_THRESHOLD, cjk_garbage_ratio, is_cjk, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # PDF line break inside a word
        ("推进政务\n公开工作", "推进政务公开工作"),
        # letter-spaced label from a WPS PDF
        ("邮 编 ： 223100 ， 电 话 ： 0517-87222589 ，", "邮编：223100，电话：0517-87222589，"),
        # full-width digits, letters, symbols, ideographic space
        ("２０２３年第６期", "2023年第6期"),
        ("ＡＢ　ｃｄ", "AB cd"),
        ("增长５．２％", "增长5.2%"),
        ("电话：０５１７－８７２２２５８９", "电话：0517-87222589"),
        # Chinese punctuation stays full width
        (
            "根据《条例》（国令第711号）：“三审三校”；〔2023〕。",
            "根据《条例》（国令第711号）：“三审三校”；〔2023〕。",
        ),
        ("是否？是！", "是否？是！"),
        # WPS's automatic gap between CJK and Latin/digits is not a real space
        ("自 2023 年 1 月 1 日起", "自2023年1月1日起"),
        ("邮箱：\nhzzwgk@126.com）。", "邮箱：hzzwgk@126.com）。"),
        # spaces between Latin words and numbers survive, collapsed to one
        ("open   data\tportal  2.0", "open data portal 2.0"),
        ("open\ndata", "open data"),
        ("0 0 0", "0 0 0"),
        # paragraph breaks: one \n however many blank lines
        ("第一段\n\n\n第二段", "第一段\n第二段"),
        ("first para\n  \nsecond", "first para\nsecond"),
        ("第一页\f第二页", "第一页\n第二页"),
        ("一行\r\n二行", "一行二行"),
        ("一段\r\n\r\n二段", "一段\n二段"),
        # leading/trailing whitespace, zero-width spaces, soft hyphen
        ("  \n 政务公开 \n ", "政务公开"),
        ("政务\u200b公开", "政务公开"),
        ("gov\u00adernment", "government"),
        # Kangxi radicals and ligatures that PDF fonts emit
        ("\u2f08民政府", "人民政府"),
        ("\ufb01le", "file"),
        # meaningful compatibility characters are kept
        ("① ② 10㎡ ……", "①②10㎡……"),
        ("第Ⅱ类", "第Ⅱ类"),
        # Ext-A / Ext-B characters are untouched
        ("㐀 𠮷", "㐀𠮷"),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_keeps_control_characters_for_the_detector() -> None:
    assert normalize_text("a\x03b\ufffd") == "a\x03b\ufffd"


def test_is_cjk() -> None:
    assert all(is_cjk(ch) for ch in "政〔〕《》（），。：㐀𠮷ア①")
    assert not any(is_cjk(ch) for ch in "aZ09-.“”…한")


def test_garbage_ratio_of_good_text_is_zero() -> None:
    text = "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见 国发〔2019〕5号 Łódź"
    assert cjk_garbage_ratio(text) == 0.0


def test_garbage_ratio_counts_han_outside_gb2312() -> None:
    # What pypdf makes of "Buyer：黎荣" in an Identity-H font without /ToUnicode.
    assert cjk_garbage_ratio("哾㦓") == 1.0
    assert cjk_garbage_ratio("黎荣哾㦓") == 0.5


@pytest.mark.parametrize("char", ["\x00", "\x03", "\x1c", "\ue000", "\ufffd", "\U000f0000"])
def test_garbage_ratio_counts_control_private_use_and_replacement(char: str) -> None:
    assert cjk_garbage_ratio("政务" + char + "公开") == pytest.approx(0.2)


def test_garbage_ratio_counts_letters_of_unexpected_scripts() -> None:
    # pypdf's reading of kampo.pdf: glyph ids decoded as UTF-16 land in Indic/NKo blocks.
    assert cjk_garbage_ratio("ୈೋৈ߲ද") == 1.0
    # Scripts of China's minority languages are not suspicious.
    assert cjk_garbage_ratio("ئۇيغۇر བོད ᠮᠣᠩᠭᠣᠯ 한국") == 0.0


def test_garbage_ratio_ignores_spaces_and_empty_text() -> None:
    assert cjk_garbage_ratio("") == 0.0
    assert cjk_garbage_ratio(" \n\u3000") == 0.0
    assert cjk_garbage_ratio("哾 \n 政") == 0.5


def test_rare_name_characters_stay_below_threshold() -> None:
    # 镕 is outside GB2312 but legitimate; one in a sentence must not flag the page.
    sentence = "朱镕基同志在国务院常务会议上强调，要进一步做好政府信息公开工作。" * 2
    assert 0 < cjk_garbage_ratio(sentence) < GARBLED_THRESHOLD


_ALPHABET = st.sampled_from(
    [
        *"政务公开第号年月日〔〕《》（），。：；“”abcXYZ019.-%２０ＡＺ",
        " ",
        "\n",
        "\t",
        "\u3000",
        "\u200b",
    ]
)


@settings(database=None, max_examples=300)
@given(st.text(_ALPHABET, max_size=60))
def test_normalize_properties(raw: str) -> None:
    out = normalize_text(raw)
    assert out == out.strip()
    assert "  " not in out
    assert "\n\n" not in out
    assert "\t" not in out and "\u3000" not in out and "\u200b" not in out
    assert not any(ch in out for ch in "０２ＡＺ")
    # No space next to CJK (a "\n" is a paragraph break and may follow any character).
    for index, char in enumerate(out):
        if char == " ":
            assert not is_cjk(out[index - 1]) and not is_cjk(out[index + 1])
    # Non-space content is never lost or reordered, only mapped.
    expected = "".join(normalize_text(ch) for ch in raw if not ch.isspace() and ch != "\u200b")
    assert out.replace(" ", "").replace("\n", "") == expected


@settings(database=None, max_examples=300)
@given(st.text(_ALPHABET, max_size=60))
def test_normalize_is_idempotent_within_a_paragraph(raw: str) -> None:
    once = normalize_text(raw)
    if "\n" not in once:
        assert normalize_text(once) == once


@settings(database=None, max_examples=200)
@given(st.text(max_size=80))
def test_garbage_ratio_is_a_share(raw: str) -> None:
    assert 0.0 <= cjk_garbage_ratio(raw) <= 1.0
    assert 0.0 <= cjk_garbage_ratio(normalize_text(raw)) <= 1.0
