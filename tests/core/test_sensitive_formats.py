"""Issue 17 "Hostile input": the spellings that hid numbers and marks, and the texts that were
wrongly flagged. Each case is asserted with its exact value, mask and position."""

from __future__ import annotations

import pytest

from gongbao.core.scan.sensitive import (
    KIND_BANK_CARD,
    KIND_CLASSIFICATION,
    KIND_ID_CARD,
    KIND_MOBILE,
    may_hold_hits,
    scan_text,
)
from tests.core.leaks import luhn_valid, make_card, make_id, make_old_id, written_at

ID = make_id("110101", "19900307", "123")  # 110101199003071233
OLD_ID = make_old_id("110101", "900307", "123")  # 110101900307123
CARD_19 = make_card("622202123456789012")  # 6222021234567890128
CARD_16 = make_card("622848001234567")
MOBILE = "13800138000"

ID_MASK = "110*************33"
MOBILE_MASK = "138****8000"
CARD_19_MASK = "6222***********0128"


def entities(text: str, form: str = "&#{};") -> str:
    """Every character of ``text`` as a decimal (or, with ``&#x{:x};``, hex) reference."""
    return "".join(form.format(ord(char)) for char in text)


def only_hit(text: str) -> tuple[str, str, str, int, int]:
    """The single hit in ``text`` as (kind, value, masked, line, column)."""
    assert may_hold_hits(text)
    hits = scan_text(text)
    assert len(hits) == 1, hits
    (hit,) = hits
    assert written_at(text, hit) == hit.value
    return hit.kind, hit.value, hit.masked, hit.line, hit.column


def test_the_numbers_are_what_the_issue_quotes() -> None:
    assert ID == "110101199003071233"
    assert OLD_ID == "110101900307123"
    assert CARD_19 == "6222021234567890128"
    assert luhn_valid("2023052200001204")


# --- Resident ID numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "110101 1990 0307 1233",
        "110101-19900307-1233",
        "110101199003\n071233",  # a line break inside
        "1101011990\u200b03071233",  # U+200B ZERO WIDTH SPACE
        "1\u200c1\u200d0\u20601\ufeff0\u00ad1199003071233",  # ZWNJ, ZWJ, WJ, BOM, soft hyphen
        entities(ID),
        entities(ID, "&#x{:x};"),
        "110101&nbsp;19900307&ZeroWidthSpace;1233",
        "１１０１０１　１９９０　０３０７　１２３３",  # full-width digits, ideographic spaces
        "110101\u00a01990\u20090307\u202f1233",  # NBSP, thin space, narrow NBSP
        "110101\u201319900307\u20141233",  # en and em dash
        "110101\u221219900307\uff0d1233",  # minus sign, full-width hyphen
        "110101.1990.0307.1233",
        "110101·19900307·1233",
        "110101  1990  0307  1233",  # double spaces
        "1101011990030712\n33",
    ],
)
def test_id_number_spellings(written: str) -> None:
    text = f"申请人：张三\n身份证号：{written}。"
    assert only_hit(text) == (KIND_ID_CARD, written, ID_MASK, 2, 6)


@pytest.mark.parametrize(
    "written", ["11013020000102000X", "11013020000102000 X", "110130 20000102 000-x"]
)
def test_the_check_character_x_in_its_own_group(written: str) -> None:
    assert make_id("110130", "20000102", "000").endswith("X")
    assert only_hit(f"证件：{written}") == (KIND_ID_CARD, written, "110*************0X", 1, 4)


def test_a_lone_x_after_other_numbers() -> None:
    assert [(h.kind, h.value) for h in scan_text("13800138000 x 2")] == [(KIND_MOBILE, MOBILE)]
    assert [(h.kind, h.value) for h in scan_text("13800138000 Xiaoming")] == [(KIND_MOBILE, MOBILE)]


@pytest.mark.parametrize(
    "written",
    ["110101900307123", "110101 900307 123", "110101-900307-123", "１１０１０１９００３０７１２３"],
)
def test_old_fifteen_digit_id_numbers(written: str) -> None:
    assert only_hit(f"身份证：{written}") == (KIND_ID_CARD, written, "110**********23", 1, 5)


@pytest.mark.parametrize(
    "number",
    [
        make_old_id("110101", "900230", "123"),  # 30 February
        make_old_id("990101", "900307", "123"),  # 99 is no province
        make_old_id("110001", "900307", "123"),  # no city 00
        make_old_id("110101", "901307", "123"),  # month 13
    ],
)
def test_fifteen_digits_without_a_valid_date_and_region_are_no_id(number: str) -> None:
    assert scan_text(f"号码 {number}") == []


def test_an_old_id_number_grouped_across_its_fields_is_no_id() -> None:
    # With no check digit, only the 6-6-3 field grouping is read as an ID number.
    assert scan_text("110 101900 307123") == []
    assert scan_text("1101 0190 0307 123") == []


# --- Mobile numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "138 0013-8000",
        "138.0013.8000",
        "1380 0138 000",
        "138\u00a00013\u00a08000",
        "138\u20130013\u20138000",
        "１３８－００１３－８０００",
        "138&#32;0013&#32;8000",
        "&#49;&#51;&#56;00138000",
        "1380013\n8000",
        "138 0013\n8000",
        "1\u200b3\u200b8\u200b0\u200b0\u200b1\u200b3\u200b8\u200b0\u200b0\u200b0",
        "138\u30fb0013\u30fb8000",
        "138\u20280013\x858000",  # LINE SEPARATOR, NEXT LINE
        "+86 138 0013 8000",
        "0086-138-0013-8000",
        "+86138 0013 8000",
    ],
)
def test_mobile_number_spellings(written: str) -> None:
    assert only_hit(f"联系电话：{written}") == (KIND_MOBILE, written, MOBILE_MASK, 1, 6)


@pytest.mark.parametrize(
    "text",
    [
        "138 00 13 80 00",  # not a grouping anyone writes a mobile number in
        "1380-0138-000-1",  # part of a longer hyphenated code
        "2024-1380013800",  # glued to a code by a hyphen
    ],
)
def test_digit_runs_that_are_no_mobile_number(text: str) -> None:
    assert [hit for hit in scan_text(text) if hit.kind == KIND_MOBILE] == []


def test_a_postcode_before_a_mobile_number() -> None:
    # 744002 + 13800138000 is Luhn-valid, but 6 + 11 is no way to write a card number.
    assert luhn_valid("74400213800138000")
    assert only_hit("平凉市崆峒区744002 13800138000") == (KIND_MOBILE, MOBILE, MOBILE_MASK, 1, 14)


# --- Bank cards ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "622202 1234567890128",  # 6-13
        "6222 0212 3456 7890 128",
        "6222  0212  3456  7890  128",  # double spaces
        "6222-0212-3456-7890-128",
        "6222\u30000212\u30003456\u30007890\u3000128",
        "6222021234567890128",
        "6222 0212 3456\n7890 128",
        "6222 0212 34\n56 7890 128",  # the line wraps inside a group
        "６２２２０２１２３４５６７８９０１２８",
        entities("6222021234567890128"),
    ],
)
def test_bank_card_spellings(written: str) -> None:
    assert only_hit(f"收款账号：{written}") == (KIND_BANK_CARD, written, CARD_19_MASK, 1, 6)


def test_sixteen_digit_card_in_groups_of_four() -> None:
    written = " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4))
    assert only_hit(f"卡号 {written}") == (
        KIND_BANK_CARD,
        written,
        "6228********" + CARD_16[-4:],
        1,
        4,
    )


# --- Numbers named serial numbers by their label ---------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "编号",
        "受理编号：",
        "受理编号: ",
        "序列号 ",
        "流水号：",
        "订单号",
        "文号：",
        "登记号：",
        "证书编号：",
        "统一社会信用代码：",
        "（受理编号：",
        "**订单号**：",
        "| 流水号 | ",
        "受理编号为",
    ],
)
def test_a_labelled_serial_number_is_no_card(label: str) -> None:
    assert scan_text(f"{CARD_19}") != []  # the same digits unlabelled are a card
    assert scan_text(f"申请材料{label}{CARD_19}") == []
    assert scan_text(f"申请材料{label}622202 1234567890128") == []


def test_no_part_of_a_labelled_serial_number_is_reported() -> None:
    # Wrapped after its first two digits, the rest (17 zeros) would pass a card's checks.
    assert luhn_valid("6200000000000000000") and luhn_valid("00000000000000000")
    assert scan_text("订单号：62\n00000000000000000") == []
    assert [h.value for h in scan_text("62\n00000000000000000")] == ["62\n00000000000000000"]


def test_the_issue_s_application_number_is_no_card() -> None:
    assert scan_text("受理编号：2023052200001204") == []
    # Unlabelled too: no card issuer number begins with a date of 19xx/20xx.
    assert scan_text("（2023052200001204）") == []


def test_labels_that_name_no_serial_number() -> None:
    assert [h.kind for h in scan_text(f"银行卡编号：{CARD_19}")] == [KIND_BANK_CARD]
    assert [h.kind for h in scan_text(f"账户编号：{CARD_19}")] == [KIND_BANK_CARD]
    assert [h.kind for h in scan_text(f"证件编号：{OLD_ID}")] == [KIND_ID_CARD]
    # An 18-character ID number with its check character is reported whatever the label.
    assert [h.kind for h in scan_text(f"证书编号：{ID}")] == [KIND_ID_CARD]


def test_a_labelled_old_id_number_is_a_serial_number() -> None:
    assert scan_text(f"登记号：{OLD_ID}") == []


def test_a_row_of_years_is_no_card() -> None:
    row = "2017 2018 2019 2020"
    # Luhn-valid, so only the years rule keeps it out.
    assert luhn_valid(row.replace(" ", ""))
    assert scan_text(f"年份 {row}") == []
    # Three years and a total (1998 2004 2011 + 8018 is Luhn-valid too).
    assert luhn_valid("1998200420118018")
    assert scan_text("1998 2004 2011 8018") == []


# --- Security marks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark",
    [
        "秘　密★1年",
        "机密✱1年",
        "机密☆10年",
        "机密⭐5年",
        "绝密✦长期",
        "机 密 ★ 1 年",
        "秘\u200b密★6个月",
        "工作秘密★6个月",
        "机密＊1年",
        "机密★１年",
        "机密★五年",
        "★机密",
        "★秘密★1年",
        "☆ 绝密",
    ],
)
def test_classification_mark_spellings(mark: str) -> None:
    assert only_hit(f"{mark}\n关于印发……的通知") == (KIND_CLASSIFICATION, mark, mark, 1, 1)


def test_an_exam_paper_s_mark() -> None:
    text = "绝密★启用前\n2024年普通高等学校招生全国统一考试"
    assert only_hit(text) == (KIND_CLASSIFICATION, "绝密★", "绝密★", 1, 1)


def test_a_mark_written_in_references() -> None:
    written = entities("机密★1年")
    assert only_hit(f"正文\n{written}") == (KIND_CLASSIFICATION, written, written, 2, 1)


@pytest.mark.parametrize(
    ("line", "mark"),
    [
        ("工作秘密", "工作秘密"),
        ("机密", "机密"),
        ("**秘密**", "秘密"),
        ("# 绝密", "绝密"),
        ("【机密】", "机密"),
        ("　　工作秘密　　", "工作秘密"),
    ],
)
def test_a_level_alone_on_its_line_is_a_mark(line: str, mark: str) -> None:
    text = f"{line}\n\n关于加强风险管理的通知"
    assert only_hit(text) == (KIND_CLASSIFICATION, mark, mark, 1, line.index(mark) + 1)


@pytest.mark.parametrize(
    "text",
    [
        # The marking rule quoted as an example, and texts like it.
        "密级和保密期限之间用“★”隔开，如“机密★5年”。",
        "在公文首页左上角标注“秘密★1年”字样。",
        "标注‘绝密★长期’的文件",
        "如「机密★10年」。",
        "如『秘密★』。",
        '标注"机密★1年"的',
        "封面标注“内部资料　注意保密”。",
        # Prose about secrets, and stars that mark no secret.
        "海关及其工作人员对风险管理过程中知悉的国家秘密、商业秘密、工作秘密、个人隐私负有保密义务。",
        "★机密文件管理办法",
        "★ 秘密载体的管理",
        "属于**机密**级的事项",
        "*秘密*文件",
        "四星级（★★★★）旅游饭店",
        "工作秘密的范围",
    ],
)
def test_texts_about_marks_are_no_marks(text: str) -> None:
    assert scan_text(text) == []


def test_a_mark_outside_the_quotes_is_still_a_mark() -> None:
    text = "如“机密★5年”。\n机密★5年"
    assert [(h.value, h.line, h.column) for h in scan_text(text)] == [("机密★5年", 2, 1)]


def test_internal_use_marks_with_spaces() -> None:
    assert only_hit("内部　资料") == (KIND_CLASSIFICATION, "内部　资料", "内部　资料", 1, 1)
    assert only_hit("注 意 保 密") == (KIND_CLASSIFICATION, "注 意 保 密", "注 意 保 密", 1, 1)


# --- Positions against the text as written ---------------------------------------------------


def test_positions_count_the_characters_as_written() -> None:
    text = "第一行\n第二行\nA&amp;B&nbsp;联系：138&#32;0013&#32;8000，秘密★"
    hits = scan_text(text)
    assert [(h.kind, h.value, h.masked, h.line, h.column) for h in hits] == [
        (KIND_MOBILE, "138&#32;0013&#32;8000", MOBILE_MASK, 3, 17),
        (KIND_CLASSIFICATION, "秘密★", "秘密★", 3, 39),
    ]
    assert all(written_at(text, hit) == hit.value for hit in hits)


def test_a_number_over_a_line_break_is_reported_on_its_first_line() -> None:
    text = f"一\n二：{MOBILE[:7]}\n{MOBILE[7:]}\n三"
    assert only_hit(text) == (KIND_MOBILE, f"{MOBILE[:7]}\n{MOBILE[7:]}", MOBILE_MASK, 2, 3)


def test_two_line_breaks_end_the_number() -> None:
    assert scan_text("1380\n0138\n000") == []


def test_allowed_values_match_any_spelling() -> None:
    text = "热线：１３８&nbsp;0013\u200b-8000"
    assert [h.kind for h in scan_text(text)] == [KIND_MOBILE]
    assert scan_text(text, allowed=["13800138000"]) == []
    assert scan_text(text, allowed=["138-0013-8000"]) == []
