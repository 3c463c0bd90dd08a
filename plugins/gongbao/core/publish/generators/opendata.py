"""Open data shipped with the site (``opendata/``): every published document, interpretation and
gazette issue as JSON (metadata, URL, relations from the link graph, status), the documents'
metadata as CSV with Chinese headers, the JSON Schema of the JSON, and the 数据字段说明 page.

All of it is made from the published view and its link graph, so nothing that is not 主动公开
or not yet published can appear; the fields and the schema come from the content model's
tables (:mod:`.datamodel`); relations are every :class:`~gongbao.core.graph.RelationKind`,
whatever kinds the graph has. The CSV is UTF-8 with a BOM, so Excel opens it as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from gongbao.core.graph import RelationKind
from gongbao.core.graph.lifecycle import document_status
from gongbao.core.model.records import PolicyDocument, Record
from gongbao.core.publish.generators.base import SiteContext
from gongbao.core.publish.generators.datamodel import (
    COMPUTED,
    KINDS,
    STATUS,
    Kind,
    exported,
    field_rows,
    field_value,
    json_type,
)
from gongbao.core.publish.generators.outputs import page_link, stable_id
from gongbao.core.publish.pages import GeneratedPage, Linker, front_matter

__all__ = ["DATA", "DOCUMENTS_CSV", "SCHEMA", "json_schema", "opendata_files", "status_of"]

DATA = "opendata/data.json"
DOCUMENTS_CSV = "opendata/documents.csv"
SCHEMA = "opendata/schema.json"
PAGE = "opendata/index.md"

_RELATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "direction", "id", "url", "date", "basis"],
    "properties": {
        "kind": {"type": "string", "enum": [k.value for k in RelationKind]},
        "direction": {"type": "string", "enum": ["out", "in"]},
        "id": {"type": "string"},
        "url": {"type": "string"},
        "date": {"type": ["string", "null"], "format": "date"},
        "basis": {"type": "string"},
    },
}


def status_of(doc: PolicyDocument, site: SiteContext) -> str:
    """A document's status on the build date, as its page shows it (有效, 已修改, 已被代替,
    已废止, 已失效): :func:`gongbao.core.graph.lifecycle.document_status`."""
    return document_status(doc, site.graph, site.settings.today()).status.value


def _record_schema(kind: Kind) -> dict[str, Any]:
    properties: dict[str, Any] = {name: schema for name, _, _, schema in COMPUTED}
    properties["kind"] = {"const": kind.record_type.kind}
    for spec in exported(kind):
        properties[spec.name] = {
            **json_type(kind, spec.name),
            "title": spec.aliases[0] if spec.aliases else spec.name,
            "description": spec.doc,
        }
    if kind.record_type is PolicyDocument:
        properties[STATUS[0]] = STATUS[3]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def json_schema(site: SiteContext) -> dict[str, Any]:
    """The JSON Schema (2020-12) of ``data.json``, from the content model's tables."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": stable_id(SCHEMA, site.settings),
        "title": f"{site.settings.site_name}开放数据",
        "type": "object",
        "additionalProperties": False,
        "required": ["site", "updated", *(k.key for k in KINDS)],
        "properties": {
            "site": {"type": "string"},
            "updated": {"type": ["string", "null"], "format": "date"},
            **{k.key: {"type": "array", "items": {"$ref": f"#/$defs/{k.key}"}} for k in KINDS},
        },
        "$defs": {"relation": _RELATION, **{k.key: _record_schema(k) for k in KINDS}},
    }


def _relations(record: Record, site: SiteContext) -> list[dict[str, Any]]:
    graph, found = site.graph, []
    for kind in RelationKind:  # every kind the graph knows, new ones included
        for direction, relations in (
            ("out", graph.outgoing(kind, record.id)),
            ("in", graph.incoming(kind, record.id)),
        ):
            for relation in relations:
                other = relation.target if direction == "out" else relation.source
                found.append(
                    {
                        "kind": kind.value,
                        "direction": direction,
                        "id": other,
                        "url": page_link(graph.records[other].src_uri, DATA, site.settings),
                        "date": relation.date.isoformat() if relation.date else None,
                        "basis": relation.basis,
                    }
                )
    return found


def _record(record: Record, kind: Kind, site: SiteContext, ids: dict[str, str | None]) -> Any:
    item: dict[str, Any] = {
        "kind": record.kind,
        "url": page_link(record.src_uri, DATA, site.settings),
    }
    item.update((spec.name, field_value(record, spec.name, ids)) for spec in exported(kind))
    if isinstance(record, PolicyDocument):
        item["status"] = status_of(record, site)
    item["relations"] = _relations(record, site)
    return item


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json(value: Any) -> str:
    # Chinese as it is (not \uXXXX), indented: the schema is read by people.
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return "" if value is None else str(value)


def _write_exports(site: SiteContext, data: TextIO, table: TextIO) -> dict[str, int]:
    """Write ``data.json`` and ``documents.csv``; return the count of each kind. One pass:
    each record becomes its JSON line (and CSV row) at once and goes to the file, so the
    export holds neither every record's dict nor the whole text (at 10,000 documents either
    would add a hundred megabytes to the build's peak).

    ``data.json`` is compact (indenting adds a third to its size), one record a line, so a
    diff between two builds shows which records changed. The CSV has the documents'
    metadata headed by the fields' Chinese names, UTF-8 with a BOM and ``\r\n`` line ends,
    as Excel writes it."""
    published = site.published
    ids: dict[str, str | None] = {}
    for _, _, entry, doc in published.gazette_entries():
        if entry.ref:
            ids[entry.ref] = doc.id if doc is not None else None
    lists: tuple[tuple[Record, ...], ...] = (
        published.policies,
        published.interpretations,
        published.issues,
    )
    dates = [r.published for r in published]
    data.write(f'{{"site":{_dump(site.settings.site_name)},')
    data.write(f'"updated":{_dump(max(dates).isoformat() if dates else None)}')
    specs = exported(KINDS[0])
    table.write("\ufeff")
    writer = csv.writer(table)
    writer.writerow([*(s.aliases[0] if s.aliases else s.name for s in specs), "状态", "网址"])
    counts: dict[str, int] = {}
    for kind, records in zip(KINDS, lists, strict=True):
        data.write(f",\n{_dump(kind.key)}:[")
        for n, record in enumerate(records):
            item = _record(record, kind, site, ids)
            data.write(("\n" if n == 0 else ",\n") + _dump(item))
            if kind is KINDS[0]:
                writer.writerow(
                    [*(_cell(item[s.name]) for s in specs), item["status"], item["url"]]
                )
        data.write("\n]" if records else "]")
        counts[kind.key] = len(records)
    data.write("}\n")
    return counts


def _exports(site: SiteContext) -> tuple[Path | str, Path | str, dict[str, int]]:
    """The two exports, written into the cache folder (MkDocs copies them from there, so the
    build does not hold them in memory); kept as text when the folder cannot be written."""
    folder = site.settings.root / site.settings.cache_dir / "opendata"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data_path, table_path = folder / "data.json", folder / "documents.csv"
        with (
            data_path.open("w", encoding="utf-8", newline="") as data,
            table_path.open("w", encoding="utf-8", newline="") as table,
        ):
            counts = _write_exports(site, data, table)
        return data_path, table_path, counts
    except OSError:
        data_text, table_text = io.StringIO(), io.StringIO()
        counts = _write_exports(site, data_text, table_text)
        return data_text.getvalue(), table_text.getvalue(), counts


def _page(site: SiteContext, counts: dict[str, int]) -> GeneratedPage:
    link = Linker(PAGE, site.settings)
    content = site.templates.render(
        "opendata.html",
        title="开放数据",
        downloads=[
            {
                "href": link.href_file(DATA),
                "name": "data.json",
                "what": "全部政策文件、政策解读和政府公报（JSON）",
            },
            {
                "href": link.href_file(DOCUMENTS_CSV),
                "name": "documents.csv",
                "what": "政策文件目录（CSV，Excel 可直接打开）",
            },
            {
                "href": link.href_file(SCHEMA),
                "name": "schema.json",
                "what": "data.json 的 JSON Schema",
            },
        ],
        counts=[{"label": k.label, "count": counts[k.key]} for k in KINDS],
        kinds=[{"label": k.label, "key": k.key, "rows": list(field_rows(k))} for k in KINDS],
        relation_kinds=[k.value for k in RelationKind],
    )
    return GeneratedPage(
        PAGE, front_matter("开放数据", search={"exclude": True}) + content, in_nav=True
    )


def opendata_files(site: SiteContext) -> Iterator[GeneratedPage]:
    """``data.json``, ``documents.csv``, ``schema.json`` and the 数据字段说明 page."""
    data, table, counts = _exports(site)
    for src, made in ((DATA, data), (DOCUMENTS_CSV, table)):
        yield (
            GeneratedPage(src, "", path=made)
            if isinstance(made, Path)
            else GeneratedPage(src, made)
        )
    yield GeneratedPage(SCHEMA, _json(json_schema(site)))
    yield _page(site, counts)
