"""The content model's field tables: one declaration per field of each kind of source.

English keys are canonical; each also accepts its Chinese aliases (``发布日期`` for
``published``). A field's type and default live on the record dataclass
(:mod:`gongbao.core.model.records`, the same name); its aliases, parser, whether it is required,
the example a fix shows and the README's description live here. The record builder
(:mod:`gongbao.core.model.build`) is driven by these tables, and the README's content-model
tables are generated from them (``tests/test_docs.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongbao.core.model.feedback import parse_feedback
from gongbao.core.model.records import (
    Disclosure,
    DocType,
    InterpretationForm,
    InterpretationRequirement,
    Validity,
)
from gongbao.core.model.values import (
    choice,
    parse_allowed,
    parse_bool,
    parse_date,
    parse_id,
    parse_positive_int,
    parse_refs,
    parse_sections,
    parse_text,
    parse_text_list,
    parse_year,
)

__all__ = [
    "CONSULTATION_FIELDS",
    "GAZETTE_FIELDS",
    "INTERPRETATION_FIELDS",
    "PASSTHROUGH_KEYS",
    "POLICY_FIELDS",
    "FieldSpec",
]

PASSTHROUGH_KEYS = frozenset(
    {"template", "hide", "search", "tags", "description", "status", "subtitle", "icon", "comments"}
)
"""Page keys that belong to MkDocs or Material, accepted on every kind of source."""


@dataclass(frozen=True)
class FieldSpec:
    """One front matter field."""

    name: str
    """Canonical English key: also the record attribute it fills."""
    aliases: tuple[str, ...]
    """Chinese aliases; the first is the field's Chinese name in messages."""
    parse: Callable[[Any], Any]
    """Turns the YAML value into the record's value or raises ``FieldError``."""
    doc: str
    """What the README's content-model table says about the value."""
    required: bool = False
    example: str = ""
    """A correct line to show in the fix of a missing required field."""

    @property
    def reads_text(self) -> bool:
        """Whether the value is text: the builder then hands the parser what the editor
        wrote, not what YAML 1.1 typed it as (``0017``, not 15; ``1:30``, not 90)."""
        return self.parse in _TEXT_PARSERS

    @property
    def label(self) -> str:
        """``published（发布日期）``."""
        return f"{self.name}（{self.aliases[0]}）" if self.aliases else self.name


_TEXT_PARSERS = frozenset({parse_text, parse_text_list, parse_refs, parse_id})

_COMMON = (
    FieldSpec(
        "id",
        ("标识",),
        parse_id,
        "stable slug (letters, digits, `-_./`); default: the path inside the source folder "
        "without `.md`. Unique across the site.",
    ),
    FieldSpec("source", ("来源",), parse_text, "where the text came from"),
    FieldSpec("reviewed_by", ("审核人",), parse_text, "先审后发: who reviewed it"),
    FieldSpec(
        "approved_by", ("签发人",), parse_text, "先审后发: who approved it (not the reviewer)"
    ),
    FieldSpec(
        "allow_sensitive",
        ("允许公开",),
        parse_allowed,
        "values the leak scan may let through, each `{value: …, reason: …}`",
    ),
)

POLICY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", ("标题",), parse_text, "text", True, "title: 关于……的通知"),
    FieldSpec(
        "doc_number",
        ("文号", "发文字号"),
        parse_text,
        "e.g. `平政办发〔2023〕51号`; unique across the site in any spelling. Checked against "
        "GB/T 9704-2012 7.2.5 (full year in 〔〕, no 第, no leading zeros): a warning with the "
        "corrected form. 令/公告 numbers (`海关总署令第265号`, `海关总署公告2024年第10号`) "
        "are left alone.",
    ),
    FieldSpec("issuer", ("发文机关",), parse_text, "text", True, "issuer: 平凉市人民政府办公室"),
    FieldSpec("index_number", ("索引号",), parse_text, "text"),
    FieldSpec("category", ("主题分类",), parse_text, "text"),
    FieldSpec("keywords", ("主题词",), parse_text_list, "text or list"),
    FieldSpec("written", ("成文日期",), parse_date, "date"),
    FieldSpec(
        "published",
        ("发布日期",),
        parse_date,
        "date, not before `written`",
        True,
        "published: 2023-05-22",
    ),
    FieldSpec(
        "disclosure",
        ("公开属性", "公开方式"),
        choice(Disclosure, {"主动": "主动公开", "依申请": "依申请公开", "不公开": "不予公开"}),
        "`主动公开` (default), `依申请公开`, `不予公开`. Only 主动公开 is ever published.",
    ),
    FieldSpec(
        "normative", ("规范性文件",), parse_bool, "`true`/`false` (also 是/否), default false"
    ),
    FieldSpec(
        "validity",
        ("有效性",),
        choice(Validity, {"现行有效": "有效"}),
        "`有效` (default), `失效`, `废止`",
    ),
    FieldSpec(
        "repealed_by",
        ("废止依据",),
        parse_text,
        "a 文号 or id; linked from the banner when it resolves",
    ),
    FieldSpec(
        "amends",
        ("修改",),
        parse_text_list,
        "a 文号 or id, or a list of them: the documents this one amends (shown there as 被…修改)",
    ),
    FieldSpec(
        "replaces",
        ("代替",),
        parse_text_list,
        "a 文号 or id, or a list of them: the documents this one replaces (shown there as 被…代替)",
    ),
    FieldSpec("effective", ("施行日期",), parse_date, "date it takes effect, not before `written`"),
    FieldSpec(
        "valid_until",
        ("有效期至",),
        parse_date,
        "last day in force; after it the document shows as 已失效",
    ),
    FieldSpec(
        "interpretation",
        ("解读要求",),
        choice(InterpretationRequirement, {"需要解读": "required", "免于解读": "exempt"}),
        "`required` (default) or `exempt` (also 需要解读/免于解读)",
    ),
    FieldSpec(
        "exempt_reason",
        ("免于解读理由",),
        parse_text,
        "with `exempt`: why no interpretation is needed; shown on the page",
    ),
    FieldSpec("attachments", ("附件",), parse_text_list, "paths relative to the document's file"),
    FieldSpec(
        "doc_type",
        ("文件类型",),
        choice(DocType),
        "`规章`, `行政规范性文件`, `其他`; default `行政规范性文件` when `normative` is true, "
        "else `其他` (the 年报 counts 规章 and 行政规范性文件)",
    ),
    FieldSpec(
        "consultation",
        ("意见征集",),
        parse_id,
        "id of the 意见征集 the draft was put to; the build fails unless it exists and its "
        "反馈 was published on or before this document's 发布日期",
    ),
    *_COMMON,
)
"""Policy documents (``content/**/*.md``)."""

INTERPRETATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", ("标题",), parse_text, "text", True, "title: 《……》政策解读"),
    FieldSpec("published", ("发布日期",), parse_date, "date", True, "published: 2023-05-22"),
    FieldSpec(
        "issuer",
        ("解读机关", "发布机关"),
        parse_text,
        "text",
        True,
        "issuer: 平凉市人民政府办公室",
    ),
    FieldSpec(
        "interprets",
        ("解读对象",),
        parse_refs,
        "a 文号 (any common spelling) or id, or a list of them; each must resolve to a "
        "主动公开 document",
        True,
        "interprets: 平政办发〔2023〕51号",
    ),
    FieldSpec(
        "form",
        ("解读形式",),
        choice(InterpretationForm, {"图解": "图文解读"}),
        "、".join(form.value for form in InterpretationForm) + " (default 文字解读)",
    ),
    FieldSpec(
        "round",
        ("解读轮次",),
        parse_positive_int,
        "1 (default); 2, 3… for 跟踪解读/多轮解读",
    ),
    *_COMMON,
)
"""Interpretations (``interpretations/**/*.md``)."""

CONSULTATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        ("标题",),
        parse_text,
        "text",
        True,
        "title: 关于……（征求意见稿）公开征求意见的公告",
    ),
    FieldSpec("issuer", ("征集单位", "发布机关"), parse_text, "text", True, "issuer: 平凉市司法局"),
    FieldSpec(
        "published",
        ("发布日期",),
        parse_date,
        "date; not shown before it",
        True,
        "published: 2024-03-01",
    ),
    FieldSpec("opens", ("征集开始",), parse_date, "date", True, "opens: 2024-03-01"),
    FieldSpec(
        "closes", ("征集截止",), parse_date, "date, not before `opens`", True, "closes: 2024-03-31"
    ),
    FieldSpec(
        "feedback",
        ("反馈", "意见反馈"),
        parse_feedback,
        "once done: `published` (反馈日期, not before `closes`), `summary`, `adopted` and "
        "`not_adopted` lists of `{opinion, reason}`; every not-adopted opinion needs its reason",
    ),
    FieldSpec("attachments", ("附件",), parse_text_list, "paths relative to this file"),
    *_COMMON,
)
"""意见征集 (``consultations/**/*.md``): the body is the draft."""

GAZETTE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("year", ("年度",), parse_year, "four-digit year", True, "year: 2023"),
    FieldSpec(
        "number", ("期号",), parse_positive_int, "issue number in the year", True, "number: 5"
    ),
    FieldSpec("serial", ("总期号",), parse_positive_int, "issue number since the first issue"),
    FieldSpec("published", ("出版日期",), parse_date, "date", True, "published: 2023-05-31"),
    FieldSpec(
        "title",
        ("标题",),
        parse_text,
        "default: 《gazette_title》YYYY年第N期（总第M期）",
    ),
    FieldSpec("pdf", ("PDF", "公报PDF"), parse_text, "the issue PDF, relative to this file"),
    FieldSpec(
        "sections",
        ("栏目",),
        parse_sections,
        "栏目 in print order: `heading` and `items` (a 文号 or id, or `{ref, pages}` / `{text}`)",
        True,
        "sections: [...]",
    ),
    FieldSpec("id", ("标识",), parse_id, "stable slug; default: `gazette/<path>`"),
)
"""Gazette issues (``gazette/**/*.md``)."""
