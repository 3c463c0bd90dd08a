"""One record builder for every kind of source, driven by the field tables.

A source's front matter is mapped from aliases to canonical names, each value parsed by its
field's parser, required fields checked, then the kind's cross-field checks run (发布日期 not
before 成文日期…). A value a source does not give takes the record dataclass's default, so a
default is written once, on the record. Every problem is a finding naming the field in both
forms, the file, the line, what was expected, what was received and the fix; unknown keys are
warnings that suggest the nearest known key.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.lifecycle import LIFECYCLE_DATES
from gongbao.core.findings.catalogue.reading import (
    FIELD_DATES,
    FIELD_DUPLICATE,
    FIELD_MISSING,
    FIELD_UNKNOWN,
    FIELD_VALUE,
    FRONTMATTER_MISSING,
)
from gongbao.core.findings.catalogue.sync import SYNC_EXEMPT_REASON
from gongbao.core.model.feedback import consultation_checks
from gongbao.core.model.fields import (
    CONSULTATION_FIELDS,
    GAZETTE_FIELDS,
    INTERPRETATION_FIELDS,
    PASSTHROUGH_KEYS,
    POLICY_FIELDS,
    FieldSpec,
)
from gongbao.core.model.records import (
    Consultation,
    GazetteIssue,
    Interpretation,
    InterpretationRequirement,
    PolicyDocument,
    Record,
)
from gongbao.core.model.values import FieldError, describe
from gongbao.core.scan.links import find_anchors, find_links

__all__ = ["KINDS", "RawSource", "RecordKind", "build_record"]


class RawSource(Protocol):
    """What the builder needs of a read source (``gongbao.core.sources.frontmatter.Source``)."""

    @property
    def as_written(self) -> dict[str, Any]: ...
    @property
    def path(self) -> str: ...
    @property
    def meta(self) -> dict[str, Any]: ...
    @property
    def key_lines(self) -> dict[str, int]: ...
    @property
    def body(self) -> str: ...
    @property
    def body_line(self) -> int: ...
    @property
    def has_front_matter(self) -> bool: ...


Checks = Callable[[Mapping[str, Any], Mapping[str, int], str], list[Finding]]


def _no_checks(values: Mapping[str, Any], lines: Mapping[str, int], path: str) -> list[Finding]:
    return []


@dataclass(frozen=True)
class RecordKind:
    """One kind of source: its label, fields, record type and cross-field checks."""

    name: str
    """``policy``, ``interpretation`` or ``gazette`` (the folder it is read from decides)."""
    label: str
    """Its Chinese name in messages: 政策文件, 解读材料, 公报期次."""
    fields: tuple[FieldSpec, ...]
    record: type[PolicyDocument] | type[Interpretation] | type[GazetteIssue] | type[Consultation]
    missing_hint: str
    """The fix shown when the source has no front matter at all."""
    checks: Checks = _no_checks

    @functools.cached_property
    def by_name(self) -> dict[str, FieldSpec]:
        """Every key and alias of this kind, built once, not once per file."""
        return {n: spec for spec in self.fields for n in (spec.name, *spec.aliases)}

    @functools.cached_property
    def known_names(self) -> list[str]:
        """Every key a source of this kind may use, for "did you mean" hints."""
        return [*self.by_name, *sorted(PASSTHROUGH_KEYS)]

    @functools.cached_property
    def attributes(self) -> frozenset[str]:
        """The record's attributes (dataclass fields)."""
        return frozenset(f.name for f in dataclasses.fields(self.record))


def _policy_checks(values: Mapping[str, Any], lines: Mapping[str, int], path: str) -> list[Finding]:
    findings = []
    written, published = values.get("written"), values["published"]
    if written and published < written:
        findings.append(
            FIELD_DATES(
                path,
                lines.get("published"),
                f"发布日期 {published} 早于成文日期 {written}。",
                "核对两个日期：文件不能在成文之前发布。",
            )
        )
    effective, valid_until = values.get("effective"), values.get("valid_until")
    if written and effective and effective < written:
        findings.append(
            LIFECYCLE_DATES(
                path,
                lines.get("effective"),
                f"施行日期 {effective} 早于成文日期 {written}。",
                "核对两个日期：文件不能在成文之前施行。",
            )
        )
    start = effective or published
    if valid_until and valid_until < start:
        findings.append(
            LIFECYCLE_DATES(
                path,
                lines.get("valid_until"),
                f"有效期至 {valid_until} 早于{'施行' if effective else '发布'}日期 {start}。",
                "核对有效期：文件不能在施行之前就已到期。",
            )
        )
    requirement = values.get("interpretation", InterpretationRequirement.REQUIRED)
    if requirement is InterpretationRequirement.EXEMPT and not values.get("exempt_reason"):
        findings.append(
            SYNC_EXEMPT_REASON(
                path,
                lines.get("interpretation"),
                "标记为免于解读（interpretation: exempt），但没有写明理由。",
                "加入 exempt_reason（免于解读理由），说明为何不需要解读。",
            )
        )
    return findings


KINDS: dict[str, RecordKind] = {
    "policy": RecordKind(
        "policy",
        "政策文件",
        POLICY_FIELDS,
        PolicyDocument,
        "在文件开头加入 title、issuer、published 等字段；"
        "如果这是普通页面（首页、指南），请把它放到 content/pages/ 下。",
        _policy_checks,
    ),
    "interpretation": RecordKind(
        "interpretation",
        "解读材料",
        INTERPRETATION_FIELDS,
        Interpretation,
        "在文件开头加入 title、published、issuer、interprets 字段。",
    ),
    "gazette": RecordKind(
        "gazette",
        "公报期次",
        GAZETTE_FIELDS,
        GazetteIssue,
        "在文件开头加入 year、number、published、sections 字段。",
    ),
    "consultation": RecordKind(
        "consultation",
        "意见征集",
        CONSULTATION_FIELDS,
        Consultation,
        "在文件开头加入 title、issuer、published、opens、closes 字段。",
        consultation_checks,
    ),
}
"""Every kind of source, by the name of its folder's role."""


def _unknown(kind: RecordKind, path: str, key: str, line: int | None) -> Finding:
    close = difflib.get_close_matches(key, kind.known_names, n=1, cutoff=0.5)
    hint = f"是不是 {close[0]}？" if close else "已知字段见 README 的“内容模型”。"
    return FIELD_UNKNOWN(path, line, f"未知字段 {key!r}（{kind.label}），将被忽略。", hint)


def _validate(
    kind: RecordKind, source: RawSource
) -> tuple[dict[str, Any], dict[str, int], list[Finding]]:
    """Map aliases to canonical names, parse every value, and collect findings."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    given_as: dict[str, str] = {}
    findings: list[Finding] = []
    path = source.path
    for key, raw in source.meta.items():
        line = source.key_lines.get(key)
        spec = kind.by_name.get(key)
        if spec is None:
            if key not in PASSTHROUGH_KEYS:
                findings.append(_unknown(kind, path, key, line))
            continue
        if spec.name in given_as:
            findings.append(
                FIELD_DUPLICATE(
                    path,
                    line,
                    f"字段 {spec.label}写了两次（{given_as[spec.name]!r} 和 {key!r}）。",
                    "中英文键名指同一字段，只保留一个。",
                )
            )
            continue
        given_as[spec.name] = key
        if line is not None:
            lines[spec.name] = line
        if spec.reads_text:
            raw = source.as_written.get(key, raw)
        try:
            values[spec.name] = spec.parse(raw)
        except FieldError as exc:
            message = f"字段 {spec.label}应为{exc.expected}，实际为 {describe(raw)}。"
            findings.append(FIELD_VALUE(path, line, message, exc.fix))
    for spec in kind.fields:
        if spec.required and spec.name not in given_as:
            findings.append(
                FIELD_MISSING(
                    path,
                    None,
                    f"{kind.label}缺少必填字段 {spec.label}。",
                    f"在头信息中加入一行：{spec.example}。" if spec.example else "",
                )
            )
    return values, lines, findings


def build_record(
    kind: RecordKind,
    source: RawSource,
    *,
    default_id: str,
    src_uri: str,
    gazette_title: str = "政府公报",
) -> tuple[Record | None, list[Finding]]:
    """Validate ``source`` into a record of ``kind``, or ``None`` and the findings why not.

    ``gazette_title`` names the gazette in the default title of an issue.
    """
    if not source.has_front_matter:
        return None, [
            FRONTMATTER_MISSING(
                source.path,
                1,
                f"{kind.label}没有头信息（文件开头的 --- … --- 块）。",
                kind.missing_hint,
            )
        ]
    values, lines, findings = _validate(kind, source)
    if not any(f.is_error for f in findings):
        findings += kind.checks(values, lines, source.path)
    if any(f.is_error for f in findings):
        return None, findings
    given = {name: value for name, value in values.items() if name in kind.attributes}
    given.setdefault("id", default_id)
    if kind.record is GazetteIssue and "title" not in given:
        serial = f"（总第{values['serial']}期）" if values.get("serial") else ""
        given["title"] = f"{gazette_title}{values['year']}年第{values['number']}期{serial}"
    fixed: dict[str, Any] = {"path": source.path, "src_uri": src_uri, "body": source.body}
    fixed["key_lines"] = lines
    if "links" in kind.attributes:
        # Read once here and cached with the record: a warm check checks links bodiless.
        fixed["links"] = find_links(source.body)
        fixed["anchors"] = find_anchors(source.body)
    if "body_line" in kind.attributes:
        fixed["body_line"] = source.body_line
    if "front_matter" in kind.attributes:
        # Every entry as written, aliases and page keys included: what the leak scan reads.
        fixed["front_matter"] = tuple(
            (key, source.as_written.get(key, value), source.key_lines.get(key))
            for key, value in source.meta.items()
        )
    return kind.record(**fixed, **given), findings
