"""The content model in one place: field names, Chinese aliases, types and validation.

English keys are canonical; each also accepts its Chinese alias (``发布日期`` for ``published``).
Every message names the field in both forms, what was expected, what was received, and the fix.
Unknown keys are warnings that suggest the nearest known key; MkDocs' and Material's own page
keys (``template``, ``hide``, ``search``…) pass through untouched.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from gongbao.core.findings import Finding, Severity
from gongbao.core.model.records import (
    Disclosure,
    GazetteIssue,
    GazetteItem,
    GazetteSection,
    Interpretation,
    InterpretationForm,
    InterpretationRequirement,
    PolicyDocument,
    Validity,
)
from gongbao.core.sources.frontmatter import Source

__all__ = [
    "GAZETTE_FIELDS",
    "INTERPRETATION_FIELDS",
    "PASSTHROUGH_KEYS",
    "POLICY_FIELDS",
    "FieldSpec",
    "build_gazette_issue",
    "build_interpretation",
    "build_policy",
]

E = TypeVar("E", bound=enum.Enum)

PASSTHROUGH_KEYS = frozenset(
    {"template", "hide", "search", "tags", "description", "status", "subtitle", "icon", "comments"}
)
"""Page keys that belong to MkDocs or Material, accepted on every kind of source."""

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9][A-Za-z0-9_.\-]*)*")


class FieldError(ValueError):
    """A value did not validate: ``expected`` is what was wanted, ``fix`` how to get there."""

    def __init__(self, expected: str, fix: str = "") -> None:
        self.expected = expected
        self.fix = fix
        super().__init__(expected)


@dataclass(frozen=True)
class FieldSpec:
    """One front matter field."""

    name: str
    """Canonical English key."""
    aliases: tuple[str, ...]
    """Chinese aliases; the first is the field's Chinese name in messages."""
    parse: Callable[[Any], Any]
    """Turns the YAML value into the record's value or raises :class:`FieldError`."""
    required: bool = False
    example: str = ""
    """A correct line to show in the fix of a missing required field."""

    @property
    def label(self) -> str:
        """``published（发布日期）``."""
        return f"{self.name}（{self.aliases[0]}）" if self.aliases else self.name


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, list):
        return f"列表 {value!r}"
    if isinstance(value, dict):
        return "映射（键: 值）"
    if value is None:
        return "空值"
    if isinstance(value, datetime.date):
        return f"日期 {value.isoformat()}"
    return repr(value)


# --- value parsers ---------------------------------------------------------------------------


def parse_text(value: Any) -> str:
    """A non-empty line of text. Numbers are accepted as text (索引号 may look numeric)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError("一段文字", "写成一行文字，必要时加引号。")
    text = str(value).strip()
    if not text:
        raise FieldError("非空的文字", "填写内容，或删除这一行。")
    if "\n" in text:
        raise FieldError("一行文字（不含换行）", "把内容写在同一行。")
    return text


def parse_date(value: Any) -> datetime.date:
    """An ISO date; YAML already turns ``2023-05-22`` into a date, quoted strings are accepted."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise FieldError(
                    "存在的日期（YYYY-MM-DD）", f"{text} 不是日历上存在的日期，请核对。"
                ) from None
        match = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            raise FieldError("ISO 日期 YYYY-MM-DD", f"写成 {y:04d}-{m:02d}-{d:02d}。")
    raise FieldError("ISO 日期 YYYY-MM-DD", "写成例如 2023-05-22 的格式。")


def parse_bool(value: Any) -> bool:
    """true/false, also 是/否."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in ("是", "否"):
        return value.strip() == "是"
    raise FieldError("true 或 false（是/否）", "写成 true 或 false。")


def parse_text_list(value: Any) -> tuple[str, ...]:
    """One text or a list of texts."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        try:
            out.append(parse_text(item))
        except FieldError:
            raise FieldError(
                "一段文字或文字列表", "写成一行文字，或每行以“- ”开头的列表。"
            ) from None
    return tuple(out)


def parse_positive_int(value: Any) -> int:
    """A whole number ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldError("正整数（1、2、3……）", "写成不带引号的数字，如 1。")
    return value


def parse_id(value: Any) -> str:
    """A stable slug: ASCII letters, digits, ``-_.`` and ``/`` between segments."""
    text = parse_text(value)
    if not _ID_RE.fullmatch(text) or ".." in text:
        raise FieldError("由英文字母、数字、- _ . / 组成的标识", "例如 id: pzbf-2023-51。")
    return text


def choice(enum_type: type[E], aliases: Mapping[str, str] | None = None) -> Callable[[Any], E]:
    """A parser accepting the enum's values (and extra spellings in ``aliases``)."""
    spellings = {m.value: m for m in enum_type}
    for spelling, value in (aliases or {}).items():
        spellings[spelling] = enum_type(value)
    expected = "、".join(m.value for m in enum_type)

    def parse(value: Any) -> E:
        if isinstance(value, str) and value.strip() in spellings:
            return spellings[value.strip()]
        raise FieldError(f"以下之一：{expected}", f"改为 {expected} 中的一个。")

    return parse


def parse_allowed(value: Any) -> tuple[tuple[str, str], ...]:
    """``allow_sensitive``: values that may be published, each with its reason."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            raw = item.get("value", item.get("取值"))
            reason = item.get("reason", item.get("理由"))
            if (
                isinstance(raw, str | int)
                and not isinstance(raw, bool)
                and isinstance(reason, str)
                and reason.strip()
            ):
                out.append((str(raw).strip(), reason.strip()))
                continue
        raise FieldError(
            "列表，每项含 value（取值）和 reason（理由）",
            "写成 allow_sensitive: [{value: '0933-8213456', reason: 单位办公电话}]。",
        )
    return tuple(out)


def parse_pages(value: Any) -> tuple[int, int]:
    """A 1-based inclusive page range: ``3-7`` or ``5``."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return (value, value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*[-–—~至]\s*(\d+)\s*", value)
        if match and 1 <= int(match[1]) <= int(match[2]):
            return (int(match[1]), int(match[2]))
    raise FieldError("页码范围，如 3-7", "写成“起始页-结束页”，起始页不大于结束页。")


# --- field tables ----------------------------------------------------------------------------

_COMMON = (
    FieldSpec("id", ("标识",), parse_id),
    FieldSpec("source", ("来源",), parse_text),
    FieldSpec("reviewed_by", ("审核人",), parse_text),
    FieldSpec("approved_by", ("签发人",), parse_text),
    FieldSpec("allow_sensitive", ("允许公开",), lambda v: parse_allowed(v)),
)

POLICY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", ("标题",), parse_text, required=True, example="title: 关于……的通知"),
    FieldSpec("doc_number", ("文号", "发文字号"), parse_text),
    FieldSpec("issuer", ("发文机关",), parse_text, True, "issuer: 平凉市人民政府办公室"),
    FieldSpec("index_number", ("索引号",), parse_text),
    FieldSpec("category", ("主题分类",), parse_text),
    FieldSpec("keywords", ("主题词",), parse_text_list),
    FieldSpec("written", ("成文日期",), parse_date),
    FieldSpec("published", ("发布日期",), parse_date, True, "published: 2023-05-22"),
    FieldSpec(
        "disclosure",
        ("公开属性", "公开方式"),
        choice(Disclosure, {"主动": "主动公开", "依申请": "依申请公开", "不公开": "不予公开"}),
    ),
    FieldSpec("normative", ("规范性文件",), parse_bool),
    FieldSpec("validity", ("有效性",), choice(Validity, {"现行有效": "有效"})),
    FieldSpec("repealed_by", ("废止依据",), parse_text),
    FieldSpec(
        "interpretation",
        ("解读要求",),
        choice(InterpretationRequirement, {"需要解读": "required", "免于解读": "exempt"}),
    ),
    FieldSpec("exempt_reason", ("免于解读理由",), parse_text),
    FieldSpec("attachments", ("附件",), parse_text_list),
    *_COMMON,
)

INTERPRETATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", ("标题",), parse_text, True, "title: 《……》政策解读"),
    FieldSpec("published", ("发布日期",), parse_date, True, "published: 2023-05-22"),
    FieldSpec("issuer", ("解读机关", "发布机关"), parse_text, True, "issuer: 平凉市人民政府办公室"),
    FieldSpec(
        "interprets", ("解读对象",), parse_text_list, True, "interprets: 平政办发〔2023〕51号"
    ),
    FieldSpec("form", ("解读形式",), choice(InterpretationForm, {"图解": "图文解读"})),
    FieldSpec("round", ("解读轮次",), parse_positive_int),
    *_COMMON,
)


def _parse_sections(value: Any) -> tuple[GazetteSection, ...]:
    if not isinstance(value, list):
        raise FieldError(
            "栏目列表：每项含 heading（栏目名）和 items（条目列表）",
            "写成“- heading: 市政府文件”下接“items:”列表。",
        )
    sections = []
    for index, raw in enumerate(value, 1):
        if not isinstance(raw, dict):
            raise FieldError(
                f"第 {index} 个栏目应为含 heading 和 items 的映射", "见 gongbao init 生成的示例。"
            )
        heading = raw.get("heading", raw.get("栏目名"))
        items = raw.get("items", raw.get("条目"))
        try:
            heading = parse_text(heading)
        except FieldError:
            raise FieldError(f"第 {index} 个栏目的 heading（栏目名）为非空文字") from None
        if not isinstance(items, list) or not items:
            raise FieldError(f"栏目“{heading}”的 items（条目）为非空列表")
        parsed = []
        for position, item in enumerate(items, 1):
            where = f"栏目“{heading}”第 {position} 条"
            if isinstance(item, str | int) and not isinstance(item, bool):
                parsed.append(GazetteItem(ref=str(item).strip()))
                continue
            if not isinstance(item, dict):
                raise FieldError(f"{where}为文号、id，或含 ref/text/pages 的映射")
            unknown = set(item) - {"ref", "文号", "text", "标题", "pages", "页码"}
            if unknown:
                raise FieldError(
                    f"{where}只含 ref（文号）、text（标题）、pages（页码）",
                    f"删除 {sorted(unknown)!r}。",
                )
            ref = item.get("ref", item.get("文号", ""))
            text = item.get("text", item.get("标题", ""))
            pages_value = item.get("pages", item.get("页码"))
            try:
                pages = None if pages_value is None else parse_pages(pages_value)
            except FieldError as exc:
                raise FieldError(f"{where}的 pages：{exc.expected}", exc.fix) from None
            if not ref and not text:
                raise FieldError(f"{where}需要 ref（文号或 id）或 text（纯文字条目）")
            parsed.append(GazetteItem(ref=str(ref).strip(), text=str(text).strip(), pages=pages))
        sections.append(GazetteSection(heading, tuple(parsed)))
    return tuple(sections)


def _parse_year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2200:
        return value
    raise FieldError("四位年份，如 2023", "写成不带引号的四位数字。")


GAZETTE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("year", ("年度",), _parse_year, True, "year: 2023"),
    FieldSpec("number", ("期号",), parse_positive_int, True, "number: 5"),
    FieldSpec("serial", ("总期号",), parse_positive_int),
    FieldSpec("published", ("出版日期",), parse_date, True, "published: 2023-05-31"),
    FieldSpec("title", ("标题",), parse_text),
    FieldSpec("pdf", ("PDF", "公报PDF"), parse_text),
    FieldSpec("sections", ("栏目",), _parse_sections, True, "sections: [...]"),
    FieldSpec("id", ("标识",), parse_id),
)


# --- validation ------------------------------------------------------------------------------


def _all_names(fields: Sequence[FieldSpec]) -> list[str]:
    return [n for f in fields for n in (f.name, *f.aliases)] + sorted(PASSTHROUGH_KEYS)


@functools.cache
def _by_name(fields: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    # Every key and alias of one kind of source, built once, not once per file.
    return {n: spec for spec in fields for n in (spec.name, *spec.aliases)}


def _validate(
    source: Source, fields: tuple[FieldSpec, ...], kind_label: str
) -> tuple[dict[str, Any], dict[str, int], list[Finding]]:
    """Map aliases to canonical names, parse every value, and collect findings."""
    by_name = _by_name(fields)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    given_as: dict[str, str] = {}
    findings: list[Finding] = []
    path = source.path

    for key, raw in source.meta.items():
        line = source.key_lines.get(key)
        spec = by_name.get(key)
        if spec is None:
            if key in PASSTHROUGH_KEYS:
                continue
            close = difflib.get_close_matches(key, _all_names(fields), n=1, cutoff=0.5)
            hint = f"是不是 {close[0]}？" if close else "已知字段见 README 的“内容模型”。"
            findings.append(
                Finding(
                    path,
                    line,
                    "field.unknown",
                    f"未知字段 {key!r}（{kind_label}），将被忽略。",
                    hint,
                    Severity.WARNING,
                )
            )
            continue
        if spec.name in given_as:
            findings.append(
                Finding(
                    path,
                    line,
                    "field.duplicate",
                    f"字段 {spec.label}写了两次（{given_as[spec.name]!r} 和 {key!r}）。",
                    "中英文键名指同一字段，只保留一个。",
                )
            )
            continue
        given_as[spec.name] = key
        if line is not None:
            lines[spec.name] = line
        try:
            values[spec.name] = spec.parse(raw)
        except FieldError as exc:
            findings.append(
                Finding(
                    path,
                    line,
                    "field.value",
                    f"字段 {spec.label}应为{exc.expected}，实际为 {_describe(raw)}。",
                    exc.fix,
                )
            )

    for spec in fields:
        if spec.required and spec.name not in given_as:
            findings.append(
                Finding(
                    path,
                    None if source.has_front_matter else 1,
                    "field.missing",
                    f"{kind_label}缺少必填字段 {spec.label}。",
                    f"在头信息中加入一行：{spec.example}。" if spec.example else "",
                )
            )
    return values, lines, findings


def _no_front_matter(source: Source, kind_label: str, hint: str) -> Finding:
    return Finding(
        source.path,
        1,
        "frontmatter.missing",
        f"{kind_label}没有头信息（文件开头的 --- … --- 块）。",
        hint,
    )


def build_policy(
    source: Source, *, default_id: str, src_uri: str
) -> tuple[PolicyDocument | None, list[Finding]]:
    """Validate a ``content/`` source into a :class:`PolicyDocument`."""
    if not source.has_front_matter:
        return None, [
            _no_front_matter(
                source,
                "政策文件",
                "在文件开头加入 title、issuer、published 等字段；"
                "如果这是普通页面（首页、指南），请把它放到 content/pages/ 下。",
            )
        ]
    values, lines, findings = _validate(source, POLICY_FIELDS, "政策文件")
    if any(f.is_error for f in findings):
        return None, findings
    written = values.get("written")
    published = values["published"]
    if written and published < written:
        findings.append(
            Finding(
                source.path,
                lines.get("published"),
                "field.dates",
                f"发布日期 {published} 早于成文日期 {written}。",
                "核对两个日期：文件不能在成文之前发布。",
            )
        )
    requirement = values.get("interpretation", InterpretationRequirement.REQUIRED)
    if requirement is InterpretationRequirement.EXEMPT and not values.get("exempt_reason"):
        findings.append(
            Finding(
                source.path,
                lines.get("interpretation"),
                "sync.exempt_reason",
                "标记为免于解读（interpretation: exempt），但没有写明理由。",
                "加入 exempt_reason（免于解读理由），说明为何不需要解读。",
            )
        )
    if any(f.is_error for f in findings):
        return None, findings
    doc = PolicyDocument(
        id=values.get("id", default_id),
        path=source.path,
        src_uri=src_uri,
        title=values["title"],
        published=published,
        issuer=values["issuer"],
        body=source.body,
        body_line=source.body_line,
        key_lines=lines,
        doc_number=values.get("doc_number", ""),
        index_number=values.get("index_number", ""),
        category=values.get("category", ""),
        keywords=values.get("keywords", ()),
        written=written,
        disclosure=values.get("disclosure", Disclosure.PUBLIC),
        normative=values.get("normative", False),
        validity=values.get("validity", Validity.VALID),
        repealed_by=values.get("repealed_by", ""),
        interpretation=requirement,
        exempt_reason=values.get("exempt_reason", ""),
        source=values.get("source", ""),
        attachments=values.get("attachments", ()),
        reviewed_by=values.get("reviewed_by", ""),
        approved_by=values.get("approved_by", ""),
        allow_sensitive=values.get("allow_sensitive", ()),
        front_matter=_entries(source),
    )
    return doc, findings


def build_interpretation(
    source: Source, *, default_id: str, src_uri: str
) -> tuple[Interpretation | None, list[Finding]]:
    """Validate an ``interpretations/`` source into an :class:`Interpretation`."""
    if not source.has_front_matter:
        return None, [
            _no_front_matter(
                source, "解读材料", "在文件开头加入 title、published、issuer、interprets 字段。"
            )
        ]
    values, lines, findings = _validate(source, INTERPRETATION_FIELDS, "解读材料")
    if any(f.is_error for f in findings):
        return None, findings
    return (
        Interpretation(
            id=values.get("id", default_id),
            path=source.path,
            src_uri=src_uri,
            title=values["title"],
            published=values["published"],
            issuer=values["issuer"],
            body=source.body,
            body_line=source.body_line,
            key_lines=lines,
            interprets=values["interprets"],
            form=values.get("form", InterpretationForm.TEXT),
            round=values.get("round", 1),
            source=values.get("source", ""),
            reviewed_by=values.get("reviewed_by", ""),
            approved_by=values.get("approved_by", ""),
            allow_sensitive=values.get("allow_sensitive", ()),
            front_matter=_entries(source),
        ),
        findings,
    )


def build_gazette_issue(
    source: Source, *, default_id: str, src_uri: str, site_title: str = "政府公报"
) -> tuple[GazetteIssue | None, list[Finding]]:
    """Validate a ``gazette/`` source into a :class:`GazetteIssue`."""
    if not source.has_front_matter:
        return None, [
            _no_front_matter(
                source, "公报期次", "在文件开头加入 year、number、published、sections 字段。"
            )
        ]
    values, lines, findings = _validate(source, GAZETTE_FIELDS, "公报期次")
    if any(f.is_error for f in findings):
        return None, findings
    year, number, serial = values["year"], values["number"], values.get("serial")
    default_title = f"{site_title}{year}年第{number}期" + (f"（总第{serial}期）" if serial else "")
    return (
        GazetteIssue(
            id=values.get("id", default_id),
            path=source.path,
            src_uri=src_uri,
            year=year,
            number=number,
            serial=serial,
            published=values["published"],
            title=values.get("title", default_title),
            sections=values["sections"],
            pdf=values.get("pdf", ""),
            body=source.body,
            key_lines=lines,
        ),
        findings,
    )


def _entries(source: Source) -> tuple[tuple[str, Any, int | None], ...]:
    return tuple((key, value, source.key_lines.get(key)) for key, value in source.meta.items())
