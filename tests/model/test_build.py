"""The record builder in memory: fields from the tables, defaults from the records."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from gongbao.core.findings import Severity
from gongbao.core.model.build import KINDS, build_record
from gongbao.core.model.records import (
    Disclosure,
    GazetteIssue,
    Interpretation,
    InterpretationForm,
    PolicyDocument,
)
from tests.corpus import codes, day, messages


@dataclass
class Raw:
    """A read source, as the builder sees it."""

    meta: dict[str, Any]
    path: str = "content/a.md"
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = "正文"
    body_line: int = 8
    has_front_matter: bool = True
    as_written: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key_lines = self.key_lines or {k: n for n, k in enumerate(self.meta, 2)}


POLICY = {"title": "关于……的通知", "issuer": "平凉市人民政府办公室", "published": day("2023-05-22")}


def test_every_field_fills_the_record_attribute_of_its_name() -> None:
    for kind in KINDS.values():
        attributes = {f.name for f in fields(kind.record)}
        assert {spec.name for spec in kind.fields} <= attributes, kind.name


def test_a_policy_takes_the_record_defaults_for_what_it_does_not_say() -> None:
    record, found = build_record(
        KINDS["policy"], Raw({**POLICY, "发文机关": None} | {}), default_id="a", src_uri="a.md"
    )
    assert record is None and codes(found) == ["field.duplicate"]
    record, found = build_record(
        KINDS["policy"], Raw(dict(POLICY)), default_id="x/a", src_uri="x/a.md"
    )
    assert found == [] and isinstance(record, PolicyDocument)
    assert (record.id, record.disclosure, record.body_line) == ("x/a", Disclosure.PUBLIC, 8)
    assert record.key_lines == {"title": 2, "issuer": 3, "published": 4}
    assert record.front_matter[0] == ("title", "关于……的通知", 2)


def test_field_errors_name_the_field_the_value_and_the_fix() -> None:
    raw = Raw({**POLICY, "published": "2023年5月22日", "normative": "yes", "titel": "x"})
    record, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert record is None
    assert codes(found) == ["field.value", "field.value", "field.unknown"]
    assert messages(found) == [
        "content/a.md:4: 字段 published（发布日期）应为ISO 日期 YYYY-MM-DD，实际为 '2023年5月22日'。"
        " 修改建议：写成 2023-05-22。",
        "content/a.md:5: 字段 normative（规范性文件）应为true 或 false（是/否），实际为 'yes'。"
        " 修改建议：写成 true 或 false。",
        "content/a.md:6: 未知字段 'titel'（政策文件），将被忽略。 修改建议：是不是 title？",
    ]
    assert found[2].severity is Severity.WARNING


def test_missing_fields_and_cross_field_checks() -> None:
    record, found = build_record(
        KINDS["interpretation"],
        Raw({"title": "解读"}, path="interpretations/j.md"),
        default_id="j",
        src_uri="j",
    )
    assert record is None
    assert codes(found) == ["field.missing"] * 3
    assert found[0].format() == (
        "interpretations/j.md: 解读材料缺少必填字段 published（发布日期）。 修改建议：在头信息中加入一行：published: 2023-05-22。"
    )
    raw = Raw({**POLICY, "written": day("2023-06-01"), "interpretation": "exempt"})
    record, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert record is None and codes(found) == ["field.dates", "sync.exempt_reason"]
    assert found[0].message == "发布日期 2023-05-22 早于成文日期 2023-06-01。"


def test_without_front_matter() -> None:
    raw = Raw({}, has_front_matter=False)
    record, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert record is None and codes(found) == ["frontmatter.missing"]
    assert (
        found[0]
        .format()
        .startswith("content/a.md:1: 政策文件没有头信息（文件开头的 --- … --- 块）。")
    )


def test_interpretations_and_issues() -> None:
    raw = Raw(
        {
            "title": "解读",
            "发布日期": day("2023-05-22"),
            "issuer": "x",
            "interprets": "a",
            "form": "图解",
        },
        path="interpretations/j.md",
    )
    record, _ = build_record(
        KINDS["interpretation"], raw, default_id="interpretations/j", src_uri="interpretations/j.md"
    )
    assert isinstance(record, Interpretation)
    assert (record.interprets, record.form, record.round) == (
        ("a",),
        InterpretationForm.ILLUSTRATED,
        1,
    )
    sections = [{"heading": "市政府文件", "items": ["a"]}]
    raw = Raw(
        {
            "year": 2023,
            "number": 5,
            "serial": 120,
            "published": day("2023-05-31"),
            "sections": sections,
        }
    )
    record, _ = build_record(
        KINDS["gazette"], raw, default_id="g", src_uri="g.md", gazette_title="某市公报"
    )
    assert isinstance(record, GazetteIssue)
    assert record.title == "某市公报2023年第5期（总第120期）"


def test_lifecycle_fields_take_a_number_an_id_or_a_list_and_dates() -> None:
    raw = Raw(
        {
            **POLICY,
            "修改": "平政发〔2019〕3号",
            "replaces": ["平政办发〔2018〕7号", "old-rules"],
            "施行日期": day("2023-06-01"),
            "有效期至": "2028-05-31",
        },
        as_written={"修改": "平政发〔2019〕3号"},
    )
    record, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert found == [] and isinstance(record, PolicyDocument)
    assert record.amends == ("平政发〔2019〕3号",)
    assert record.replaces == ("平政办发〔2018〕7号", "old-rules")
    assert (record.effective, record.valid_until) == (day("2023-06-01"), day("2028-05-31"))
    assert record.line_of("amends") == 5 and record.line_of("valid_until") == 8
    record, found = build_record(KINDS["policy"], Raw(dict(POLICY)), default_id="a", src_uri="a.md")
    assert isinstance(record, PolicyDocument)
    assert (record.amends, record.replaces, record.effective, record.valid_until) == (
        (),
        (),
        None,
        None,
    )


def test_lifecycle_field_errors() -> None:
    raw = Raw({**POLICY, "amends": [{"x": 1}], "effective": "2023年6月1日"})
    record, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert record is None
    assert messages(found) == [
        "content/a.md:5: 字段 amends（修改）应为一段文字或文字列表，实际为 列表 [{'x': 1}]。"
        " 修改建议：写成一行文字，或每行以“- ”开头的列表。",
        "content/a.md:6: 字段 effective（施行日期）应为ISO 日期 YYYY-MM-DD，实际为 '2023年6月1日'。"
        " 修改建议：写成 2023-06-01。",
    ]
    raw = Raw(
        {
            **POLICY,
            "written": day("2023-05-20"),
            "effective": day("2023-05-01"),
            "valid_until": day("2023-04-30"),
        }
    )
    record, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert record is None and codes(found) == ["lifecycle.dates", "lifecycle.dates"]
    assert messages(found) == [
        "content/a.md:6: 施行日期 2023-05-01 早于成文日期 2023-05-20。"
        " 修改建议：核对两个日期：文件不能在成文之前施行。",
        "content/a.md:7: 有效期至 2023-04-30 早于施行日期 2023-05-01。"
        " 修改建议：核对有效期：文件不能在施行之前就已到期。",
    ]
    raw = Raw({**POLICY, "valid_until": day("2023-05-21")})
    _, found = build_record(KINDS["policy"], raw, default_id="a", src_uri="a.md")
    assert messages(found) == [
        "content/a.md:5: 有效期至 2023-05-21 早于发布日期 2023-05-22。"
        " 修改建议：核对有效期：文件不能在施行之前就已到期。"
    ]
