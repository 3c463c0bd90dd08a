"""The open data's model, made from the content model's tables (:mod:`gongbao.core.model.fields`)
and the record dataclasses' types: which fields are exported, their JSON Schema, their values,
and the rows of the 数据字段说明 page. A field added to the tables appears in all of them.

Fields an editor writes for the site's own workflow (先审后发 names, sensitive values allowed
with their reasons) are documented but never exported.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gongbao.core.graph.lifecycle import Status
from gongbao.core.model.fields import (
    GAZETTE_FIELDS,
    INTERPRETATION_FIELDS,
    POLICY_FIELDS,
    FieldSpec,
)
from gongbao.core.model.records import (
    GazetteIssue,
    GazetteSection,
    Interpretation,
    PolicyDocument,
    Record,
)
from gongbao.core.model.values import parse_positive_int

__all__ = [
    "COMPUTED",
    "INTERNAL",
    "KINDS",
    "STATUS",
    "Kind",
    "exported",
    "field_rows",
    "field_value",
    "json_type",
    "type_label",
]

INTERNAL = frozenset({"reviewed_by", "approved_by", "allow_sensitive"})
"""Workflow fields that stay in the sources: who reviewed and approved (先审后发), and the
sensitive values an editor let through with the reason (the values are on the page, the
reasons are not for the public)."""

COMPUTED: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("kind", "类别", "`policy`、`interpretation` 或 `gazette`", {"type": "string"}),
    ("url", "网址", "本条信息的页面（未设置 site_url 时为相对本文件的地址）", {"type": "string"}),
    (
        "relations",
        "关联关系",
        "链接图中的每条关系：`kind`（关系类型）、`direction`（`out` 本条指向对方，`in` 对方"
        "指向本条）、`id`、`url`、`date`、`basis`（如刊登栏目）",
        {"type": "array", "items": {"$ref": "#/$defs/relation"}},
    ),
)
"""Keys every exported record has besides its fields: name, 中文名, what it says, schema."""

STATUS = (
    "status",
    "状态",
    "文件在构建日的效力状态（" + "、".join(s.value for s in Status) + "），与文件页面所示相同",
    {"enum": [s.value for s in Status]},
)
"""Documents only."""


@dataclass(frozen=True)
class Kind:
    """One kind of record in the open data."""

    key: str
    """The key of its list in ``data.json`` and of its definition in the schema."""
    label: str
    record_type: type[PolicyDocument] | type[Interpretation] | type[GazetteIssue]
    fields: tuple[FieldSpec, ...]


KINDS = (
    Kind("documents", "政策文件", PolicyDocument, POLICY_FIELDS),
    Kind("interpretations", "政策解读", Interpretation, INTERPRETATION_FIELDS),
    Kind("gazette", "政府公报", GazetteIssue, GAZETTE_FIELDS),
)


def exported(kind: Kind) -> tuple[FieldSpec, ...]:
    """The fields of ``kind`` the open data carries, in the table's order."""
    return tuple(spec for spec in kind.fields if spec.name not in INTERNAL)


_SECTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["heading", "items"],
    "properties": {
        "heading": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["ref", "text", "pages", "id"],
                "properties": {
                    "ref": {"type": "string"},
                    "text": {"type": "string"},
                    "pages": {
                        "type": ["array", "null"],
                        "items": {"type": "integer", "minimum": 1},
                        "minItems": 2,
                        "maxItems": 2,
                    },
                    "id": {"type": ["string", "null"]},
                },
            },
        },
    },
}


def _hint(kind: Kind, name: str) -> Any:
    return typing.get_type_hints(kind.record_type)[name]


def json_type(kind: Kind, name: str) -> dict[str, Any]:
    """The JSON Schema of field ``name`` of ``kind``, from the record's annotation."""
    hint = _hint(kind, name)
    args = typing.get_args(hint)
    optional = isinstance(hint, types.UnionType) and type(None) in args
    if optional:
        hint = next(a for a in args if a is not type(None))
    nullable = optional and name not in _DECIDED  # a decided field always has a value
    schema = _schema_of(hint)
    if nullable:
        schema = {**schema, "type": [schema["type"], "null"]}
    spec = next((s for s in kind.fields if s.name == name), None)
    if spec is not None and spec.parse is parse_positive_int:  # 期号, 总期号, 解读轮次
        schema["minimum"] = 1
    return schema


def _schema_of(hint: Any) -> dict[str, Any]:
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is datetime.date:
        return {"type": "string", "format": "date"}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [member.value for member in hint]}
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[0] is GazetteSection:
        return {"type": "array", "items": _SECTION}
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[0] is str:
        return {"type": "array", "items": {"type": "string"}}
    raise TypeError(f"no JSON type for {hint!r}")  # a new field type needs a line here


_LABELS = {
    "string": "文字",
    "boolean": "是/否",
    "integer": "整数",
    "array": "列表",
    "null": "可为空",
}


def type_label(schema: dict[str, Any]) -> str:
    """What a field's JSON type is called on the 数据字段说明 page."""
    if "enum" in schema:
        return "取值之一：" + "、".join(schema["enum"])
    if schema.get("format") == "date":
        label = "日期（YYYY-MM-DD）"
    else:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        label = "，".join(_LABELS[k] for k in kinds if k != "null")
    nullable = isinstance(schema["type"], list) and "null" in schema["type"]
    return label + ("，可为空" if nullable else "")


def _section(section: GazetteSection, doc_ids: dict[str, str | None]) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "items": [
            {
                "ref": item.ref,
                "text": item.text,
                "pages": list(item.pages) if item.pages else None,
                "id": doc_ids.get(item.ref) if item.ref else None,
            }
            for item in section.items
        ],
    }


_DECIDED = {"doc_type": "document_type"}
"""Fields exported as the record decides them when the editor did not write them."""


def field_value(record: Record, name: str, doc_ids: dict[str, str | None]) -> Any:
    """Field ``name`` of ``record`` as JSON; ``doc_ids`` resolves gazette entries to ids."""
    # A field left unwritten whose value the record decides (文件类型 from 规范性文件).
    value = getattr(record, _DECIDED.get(name, name))
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple) and value and isinstance(value[0], GazetteSection):
        return [_section(s, doc_ids) for s in value]
    if isinstance(value, tuple):
        return list(value)
    return value


def field_rows(kind: Kind) -> Iterable[dict[str, str]]:
    """The 数据字段说明 rows of ``kind``: every field of the table, then the computed keys."""
    for spec in kind.fields:
        internal = spec.name in INTERNAL
        yield {
            "name": spec.name,
            "label": spec.aliases[0] if spec.aliases else spec.name,
            "type": "不导出" if internal else type_label(json_type(kind, spec.name)),
            "doc": spec.doc,
            "exported": "" if internal else "是",
        }
    extra = (*COMPUTED, STATUS) if kind.record_type is PolicyDocument else COMPUTED
    for name, label, doc, schema in extra:
        yield {
            "name": name,
            "label": label,
            "type": type_label(schema) if "type" in schema else "列表",
            "doc": doc,
            "exported": "是",
        }
