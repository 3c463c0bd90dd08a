"""Open data: the JSON export validates against the schema made from the content model, the CSV
opens in Excel with Chinese headers, the 数据字段说明 page documents every field, and nothing
withheld is in any of them."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gongbao.core.graph import RelationKind
from gongbao.core.model.fields import GAZETTE_FIELDS, INTERPRETATION_FIELDS, POLICY_FIELDS
from tests.sites import BuildResult, build_site, interpretation, policy, write_site

EXEMPT = {"interpretation": "exempt", "exempt_reason": "内部工作安排"}
ISSUE = """---
year: 2023
number: 1
published: 2023-06-30
sections:
  - heading: 市政府办公室文件
    items:
      - ref: 平政办发〔2023〕51号
      - text: 人事任免
---
"""
WITHHELD = (
    "不予公开的请示",
    "平政办发〔2023〕60号",
    "依申请公开的函",
    "平政办函〔2023〕3号",
    "尚未发布的通知",
    "平政办发〔2023〕70号",
)


def _files() -> dict[str, str]:
    return {
        "content/policies/a.md": policy(
            catalogue="法规文件",
            category="政务公开",
            keywords=["政务公开", "工作要点"],
            index_number="000014349/2023-00051",
            normative=True,
            reviewed_by="李审核",
            approved_by="王签发",
        ),
        "interpretations/a.md": interpretation(form="图解"),
        "content/policies/old.md": policy(
            title="平凉市2022年政务公开工作要点",
            doc_number="平政办发〔2022〕30号",
            published="2022-04-01",
            validity="废止",
            repealed_by="平政办发〔2023〕51号",
            **EXEMPT,
        ),
        "content/policies/secret.md": policy(
            title="不予公开的请示",
            doc_number="平政办发〔2023〕60号",
            disclosure="不予公开",
            **EXEMPT,
        ),
        "content/policies/ask.md": policy(
            title="依申请公开的函",
            doc_number="平政办函〔2023〕3号",
            disclosure="依申请公开",
            **EXEMPT,
        ),
        "content/policies/later.md": policy(
            title="尚未发布的通知",
            doc_number="平政办发〔2023〕70号",
            published="2023-12-01",
            **EXEMPT,
        ),
        "gazette/2023/01.md": ISSUE,
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("opendata")
    options = {"as_of": "2023-07-01", "catalogues": ["法规文件"]}
    result = build_site(write_site(root, _files(), options))
    assert result.ok, result.log
    return result


def _load(built: BuildResult, name: str) -> Any:
    return json.loads(built.read(f"opendata/{name}"))


def test_the_export_validates_against_the_schema(built: BuildResult) -> None:
    data, schema = _load(built, "data.json"), _load(built, "schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(data)) == []
    # The schema is strict enough to fail: an unknown key, a wrong type, a bad date.
    changes: tuple[Callable[[dict[str, Any]], None], ...] = (
        lambda d: d["documents"][0].update(extra=1),
        lambda d: d["documents"][0].update(normative="是"),
        lambda d: d["documents"][0].update(published="2023-02-30"),
        lambda d: d["gazette"][0].update(number=0),
        lambda d: d["documents"][0]["relations"][0].update(kind="cites_nothing"),
    )
    for change in changes:
        broken = copy.deepcopy(data)
        change(broken)
        assert not validator.is_valid(broken)


def test_every_published_record_with_its_fields_url_status_and_relations(
    built: BuildResult,
) -> None:
    data = _load(built, "data.json")
    assert data["site"] == "测试站点" and data["updated"] == "2023-06-30"
    assert [d["id"] for d in data["documents"]] == ["policies/a", "policies/old"]
    assert [i["id"] for i in data["interpretations"]] == ["interpretations/a"]
    assert [g["id"] for g in data["gazette"]] == ["gazette/2023/01"]
    doc = data["documents"][0]
    assert {
        k: doc[k] for k in ("doc_number", "catalogue", "keywords", "normative", "status", "url")
    } == {
        "doc_number": "平政办发〔2023〕51号",
        "catalogue": "法规文件",
        "keywords": ["政务公开", "工作要点"],
        "normative": True,
        "status": "有效",
        "url": "../policies/a.html",
    }
    assert doc["written"] is None and doc["disclosure"] == "主动公开"
    assert "reviewed_by" not in doc and "approved_by" not in doc
    assert doc["relations"] == [
        {
            "kind": "interprets",
            "direction": "in",
            "id": "interpretations/a",
            "url": "../interpretations/a.html",
            "date": "2023-05-22",
            "basis": "",
        },
        {
            "kind": "repealed_by",
            "direction": "in",
            "id": "policies/old",
            "url": "../policies/old.html",
            "date": "2023-05-22",
            "basis": "平政办发〔2023〕51号",  # the 废止依据 as the repealed document wrote it
        },
        {
            "kind": "printed_in",
            "direction": "out",
            "id": "gazette/2023/01",
            "url": "../gazette/2023/01.html",
            "date": "2023-06-30",
            "basis": "市政府办公室文件",
        },
    ]
    # The status the document's page shows, from the graph: repealed by the published one.
    assert data["documents"][1]["status"] == "已废止"
    assert data["interpretations"][0]["form"] == "图文解读"
    issue = data["gazette"][0]
    assert issue["sections"] == [
        {
            "heading": "市政府办公室文件",
            "items": [
                {"ref": "平政办发〔2023〕51号", "text": "", "pages": None, "id": "policies/a"},
                {"ref": "", "text": "人事任免", "pages": None, "id": None},
            ],
        }
    ]
    # Every relation kind of the graph is one the schema knows, whatever kinds are added.
    schema = _load(built, "schema.json")
    assert schema["$defs"]["relation"]["properties"]["kind"]["enum"] == [
        k.value for k in RelationKind
    ]


def test_the_csv_opens_in_excel_with_chinese_headers(built: BuildResult) -> None:
    raw = (built.site / "opendata/documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    exported = [
        s for s in POLICY_FIELDS if s.name not in {"reviewed_by", "approved_by", "allow_sensitive"}
    ]
    assert rows[0] == [*(s.aliases[0] for s in exported), "状态", "网址"]
    assert rows[0][:4] == ["标题", "文号", "发文机关", "索引号"]
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["文号"] == "平政办发〔2023〕51号"
    assert first["主题词"] == "政务公开；工作要点"
    assert first["规范性文件"] == "是"
    assert first["公开目录"] == "法规文件"
    assert first["状态"] == "有效"
    assert b"\r\n" in raw


def test_the_field_page_documents_every_field(built: BuildResult) -> None:
    page = built.read("opendata/index.html")
    for fields in (POLICY_FIELDS, INTERPRETATION_FIELDS, GAZETTE_FIELDS):
        for spec in fields:
            assert f"<td><code>{spec.name}</code></td>" in page, spec.name
    assert re.search(r"<td><code>catalogue</code></td><td>公开目录</td><td>文字</td>", page)
    assert re.search(
        r"<td><code>written</code></td><td>成文日期</td><td>日期（YYYY-MM-DD），可为空</td>", page
    )
    assert "<td><code>reviewed_by</code></td><td>审核人</td><td>不导出</td>" in page
    assert "取值之一：主动公开、依申请公开、不予公开" in page
    assert '<a href="data.json" download>data.json</a>' in page
    assert "政策文件 2 件、政策解读 1 件、政府公报 1 件" in page


def test_nothing_withheld_or_internal_is_exported(built: BuildResult) -> None:
    for path in sorted((built.site / "opendata").iterdir()):
        text = path.read_text("utf-8")
        for value in (*WITHHELD, "李审核", "王签发"):
            assert value not in text, (path.name, value)


def test_the_exports_are_the_same_when_the_cache_folder_cannot_be_written(
    built: BuildResult, tmp_path: Path
) -> None:
    from gongbao.core.config.siteconfig import load_settings
    from gongbao.core.publish.pipeline import plan_site

    site = write_site(tmp_path, _files(), {"as_of": "2023-07-01", "catalogues": ["法规文件"]})
    (site / "blocked").write_text("not a folder", encoding="utf-8")
    settings = dataclasses.replace(load_settings(site / "mkdocs.yml"), cache_dir="blocked")
    plan = plan_site(settings)
    assert plan.errors == []
    pages = {p.src_uri: p for p in plan.pages}
    for name in ("data.json", "documents.csv"):
        page = pages[f"opendata/{name}"]
        assert page.path is None  # kept as text: the cache folder is a file
        assert page.content.encode("utf-8") == (built.site / "opendata" / name).read_bytes()
