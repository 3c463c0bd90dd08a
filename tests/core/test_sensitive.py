"""Tests for gongbao.core.scan.sensitive: personal data and security marks in page text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongbao.core.scan.sensitive import (
    KIND_BANK_CARD,
    KIND_CLASSIFICATION,
    KIND_ID_CARD,
    KIND_MOBILE,
    SensitiveHit,
    mask,
    scan_text,
)
from tests.core.leaks import make_card, make_id, written_at


def wrong_check(number: str) -> str:
    """The same number with a different, therefore wrong, last character."""
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def kinds(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.value) for hit in scan_text(text)]


ID_1949 = make_id()  # 110105 19491231 002 + check
CARD_16 = make_card("622202100112345678"[:15])
CARD_19 = make_card("621700000000000012"[:18])


def test_helpers_build_what_the_tests_expect() -> None:
    assert len(ID_1949) == 18 and ID_1949.startswith("11010519491231002")
    assert len(CARD_16) == 16 and len(CARD_19) == 19


# --- ID numbers ----------------------------------------------------------------------------


def test_valid_id_is_found_with_position_and_mask() -> None:
    text = f"申请人：张三\n身份证号：{ID_1949}。"
    hits = scan_text(text)
    assert hits == [SensitiveHit(KIND_ID_CARD, ID_1949, "110*************" + ID_1949[-2:], 2, 6)]
    assert written_at(text, hits[0]) == ID_1949


def test_id_with_x_check_character_either_case() -> None:
    # Find a sequence number whose check character is X.
    number = next(
        make_id(seq=f"{n:03d}") for n in range(1000) if make_id(seq=f"{n:03d}").endswith("X")
    )
    assert kinds(f"证件{number}") == [(KIND_ID_CARD, number)]
    lower = number[:-1] + "x"
    assert kinds(f"证件{lower}") == [(KIND_ID_CARD, lower)]


def test_id_with_wrong_check_digit_is_not_flagged() -> None:
    assert scan_text(f"号码{wrong_check(ID_1949)}") == []


@pytest.mark.parametrize(
    ("area", "birth"),
    [
        ("110105", "19490231"),  # 2月31日
        ("110105", "18991231"),  # before 1900
        ("110105", "20991231"),  # in the future
        ("110105", "19491331"),  # month 13
        ("990105", "19491231"),  # 99 is no province
        ("190105", "19491231"),  # 19 is no province
    ],
)
def test_invalid_date_or_province_is_not_flagged(area: str, birth: str) -> None:
    # Not an ID number. (An 18-digit run may still be a Luhn-valid card number by chance.)
    assert [h for h in scan_text(f"号码{make_id(area, birth)}") if h.kind == KIND_ID_CARD] == []


@pytest.mark.parametrize("area", ["620622", "710000", "810000", "820000", "540102"])
def test_other_provinces_are_recognised(area: str) -> None:
    number = make_id(area=area, birth="20000229")
    assert kinds(number) == [(KIND_ID_CARD, number)]


def test_id_is_not_also_reported_as_card_or_phone() -> None:
    assert [hit.kind for hit in scan_text(ID_1949)] == [KIND_ID_CARD]


def test_full_width_id_reports_original_text_and_position() -> None:
    full = ID_1949.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    text = f"第一行\n　　身份证号码：{full}"
    hits = scan_text(text)
    assert [(h.kind, h.value, h.line, h.column) for h in hits] == [(KIND_ID_CARD, full, 2, 9)]
    assert hits[0].masked == "110*************" + ID_1949[-2:]


# --- Mobile numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "138-0013-8000",
        "138 0013 8000",
        "+86 13800138000",
        "+8613800138000",
        "+86-138-0013-8000",
        "86-13800138000",
        "19912345678",
    ],
)
def test_mobile_number_forms(written: str) -> None:
    hits = scan_text(f"联系电话：{written}。")
    assert [(h.kind, h.value) for h in hits] == [(KIND_MOBILE, written)]
    assert hits[0].column == 6
    assert hits[0].masked == mask(written, KIND_MOBILE)


def test_mobile_mask_is_exact() -> None:
    assert mask("13800138000", KIND_MOBILE) == "138****8000"
    assert mask("+86 138-0013-8000", KIND_MOBILE) == "138****8000"


def test_full_width_mobile_number_position() -> None:
    text = "一、联系人\n二、电话：１３８００１３８０００\n"
    hits = scan_text(text)
    assert [(h.kind, h.value, h.line, h.column, h.masked) for h in hits] == [
        (KIND_MOBILE, "１３８００１３８０００", 2, 6, "138****8000")
    ]
    assert written_at(text, hits[0]) == "１３８００１３８０００"


@pytest.mark.parametrize(
    "text",
    [
        "12012345678",  # 12x is not a mobile prefix
        "138001380001",  # 12 digits
        "913800138000",  # a digit in front
        "138-0013-8000-1",  # the group continues
        "8613800138000",  # bare 13-digit run: no separator, no plus
    ],
)
def test_not_mobile_numbers(text: str) -> None:
    assert [h for h in scan_text(text) if h.kind == KIND_MOBILE] == []


# --- Bank cards ----------------------------------------------------------------------------


def test_bank_card_plain_and_grouped() -> None:
    grouped = " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4))
    hyphened = "-".join(CARD_19[i : i + 4] for i in range(0, 19, 4))
    text = f"账号：{CARD_16}\n账号：{grouped}\n账号：{hyphened}"
    hits = scan_text(text)
    assert [(h.kind, h.value, h.line, h.column) for h in hits] == [
        (KIND_BANK_CARD, CARD_16, 1, 4),
        (KIND_BANK_CARD, grouped, 2, 4),
        (KIND_BANK_CARD, hyphened, 3, 4),
    ]
    assert hits[0].masked == CARD_16[:4] + "********" + CARD_16[-4:]
    assert hits[1].masked == hits[0].masked
    assert hits[2].masked == CARD_19[:4] + "*" * 11 + CARD_19[-4:]


def test_bank_card_with_bad_luhn_is_not_flagged() -> None:
    assert scan_text(f"账号{wrong_check(CARD_16)}") == []


def test_twenty_digit_run_is_neither_card_nor_phone() -> None:
    # A Luhn-valid 20-digit number that contains a mobile-like run.
    number = make_card("1380013800013800138")
    assert len(number) == 20
    assert scan_text(f"编号{number}") == []
    assert scan_text(f"编号{CARD_16}0") == []


# --- Things that look like numbers but are not personal data -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "平政办发〔2023〕51号",
        "2023年5月22日",
        "资金12345678.90元",
        "邮编744000",
        "电话0933-8213456",
        "政务服务便民热线12345",
        "索引号 11620622013933539B/2021-03844",
        "统一社会信用代码 11620622013933539B",
        "第1234567890123号",
        "①②③④⑤⑥⑦⑧⑨⑩⑪",
    ],
)
def test_ordinary_gazette_text_is_not_flagged(text: str) -> None:
    assert scan_text(text) == []


# --- Classification marks ------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark", ["机密★1年", "秘密★", "绝密★长期", "机密★10年", "秘密☆6个月", "机密*", "绝密 ★ 长期"]
)
def test_classification_marks(mark: str) -> None:
    hits = scan_text(f"{mark}\n关于……的通知")
    assert [(h.kind, h.value, h.masked, h.line, h.column) for h in hits] == [
        (KIND_CLASSIFICATION, mark, mark, 1, 1)
    ]


def test_internal_marks() -> None:
    hits = scan_text("内部资料 注意保密\n（内部文件）")
    assert [(h.value, h.line, h.column) for h in hits] == [
        ("内部资料", 1, 1),
        ("注意保密", 1, 6),
        ("内部文件", 2, 2),
    ]
    assert {h.kind for h in hits} == {KIND_CLASSIFICATION}


@pytest.mark.parametrize(
    "text",
    [
        "依法保护商业秘密和个人隐私。",
        "泄露国家秘密的，依法追究责任。",
        "公民有保守国家秘密的义务。",
        "保守秘密，慎之又慎。",
        "涉密人员管理办法",
        "秘密等级",
    ],
)
def test_secrecy_prose_is_not_flagged(text: str) -> None:
    assert scan_text(text) == []


# --- allowed, ordering, mask ---------------------------------------------------------------


def test_allowed_values_are_skipped_after_removing_separators() -> None:
    text = f"热线 138-0013-8000，+86 139 0000 0000，账户 {CARD_16}，{ID_1949}"
    assert [h.kind for h in scan_text(text)] == [
        KIND_MOBILE,
        KIND_MOBILE,
        KIND_BANK_CARD,
        KIND_ID_CARD,
    ]
    hits = scan_text(text, allowed={"13800138000", "13900000000", CARD_16})
    assert [(h.kind, h.value) for h in hits] == [(KIND_ID_CARD, ID_1949)]
    # Full-width and grouped spellings in the allow list are normalised too.
    assert scan_text("１３８００１３８０００", allowed=["138 0013 8000"]) == []


def test_hits_are_in_text_order_across_kinds() -> None:
    text = f"秘密★\n{CARD_16} 13800138000 {ID_1949}\n内部资料"
    assert [(h.kind, h.line) for h in scan_text(text)] == [
        (KIND_CLASSIFICATION, 1),
        (KIND_BANK_CARD, 2),
        (KIND_MOBILE, 2),
        (KIND_ID_CARD, 2),
        (KIND_CLASSIFICATION, 3),
    ]


def test_mask_exact_forms() -> None:
    assert mask("11010519491231002X", KIND_ID_CARD) == "110*************2X"
    assert mask("6222021001123456", KIND_BANK_CARD) == "6222********3456"
    assert mask("6222 0210 0112 3456", KIND_BANK_CARD) == "6222********3456"
    assert mask("机密★1年", KIND_CLASSIFICATION) == "机密★1年"
    with pytest.raises(ValueError, match="unknown"):
        mask("x", "其他")


def test_repr_does_not_leak_the_value() -> None:
    (hit,) = scan_text(ID_1949)
    assert ID_1949 not in repr(hit)
    assert hit.masked in repr(hit)


# --- Robustness and speed ------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９ -+Xx★☆*\n年长期机密绝秘内部资料文件注意保①")
)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=80) | st.text(max_size=80))
def test_scan_never_raises_and_positions_match(text: str) -> None:
    previous = (0, 0)
    for hit in scan_text(text):
        assert written_at(text, hit) == hit.value
        assert hit.masked == mask(hit.value, hit.kind)
        assert (hit.line, hit.column) >= previous
        previous = (hit.line, hit.column)


@settings(max_examples=100, deadline=None)
@given(st.text(_ALPHABET, max_size=40), st.text(_ALPHABET, max_size=40))
def test_an_embedded_id_is_located_exactly(before: str, after: str) -> None:
    text = f"{before}，{ID_1949}，{after}"
    line = before.count("\n") + 1
    column = len(before.rsplit("\n", 1)[-1]) + 2
    matching = [h for h in scan_text(text) if h.kind == KIND_ID_CARD]
    assert [(h.value, h.line, h.column) for h in matching] == [(ID_1949, line, column)]


def test_five_megabytes_of_digits_is_linear_and_clean() -> None:
    digits = "1234567890" * 500_000
    started = time.perf_counter()
    assert scan_text(digits) == []
    # Generous: a quadratic scan would take hours, the linear one well under a second.
    assert time.perf_counter() - started < 5


def test_space_grouped_numbers_side_by_side_are_all_found() -> None:
    text = "138 0013 8000 139 0000 0000"
    assert [h.value for h in scan_text(text)] == ["138 0013 8000", "139 0000 0000"]
