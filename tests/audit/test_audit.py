"""``gongbao audit``: the table on sites built to fail each item, and the exit status."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.audit import columns
from gongbao.core.audit.columns import Column
from gongbao.core.publish.generators.catalogues import group_slug
from tests.sites import build_site, interpretation, policy, write_site

CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def _real_policy(body: str = "", **fields: Any) -> str:
    """国办发〔2018〕115号 as published on www.gov.cn (tests/data/corpus/policy_16.txt)."""
    text = (CORPUS / "policy_16.txt").read_text(encoding="utf-8")
    body = body or text.split("-" * 40, 1)[1].strip()
    meta: dict[str, Any] = {
        "title": "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
        "doc_number": "国办发〔2018〕115号",
        "published": "2018-12-20",
        "written": "2018-12-04",
        "index_number": "000014349/2018-00216",
        "normative": True,
    }
    meta.update(fields)
    return policy(body=body, **meta).replace("平凉市人民政府办公室", "国务院办公厅", 1)


def _files(**extra: str) -> dict[str, str]:
    return {
        "content/policies/115.md": _real_policy(),
        "interpretations/115-jd.md": interpretation(
            interprets="国办发〔2018〕115号", title="合法性审核机制政策解读", published="2018-12-20"
        ),
        **extra,
    }


OPTIONS = {"as_of": "2019-01-31", "normative_in_gazette": "off"}


def _audit(site: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["audit", "-f", str(site / "mkdocs.yml"), "--json", *args])
    report = json.loads(result.output)
    assert report["passed"] is (result.exit_code == 0)
    return result.exit_code, {item["item"]: item for item in report["items"]}


def _built(tmp_path: Path, files: dict[str, str], **options: Any) -> Path:
    site = write_site(tmp_path, files, {**OPTIONS, **options})
    built = build_site(site)
    assert built.ok, built.log
    return site


def test_a_sound_site_passes_every_veto(tmp_path: Path) -> None:
    site = _built(tmp_path, _files())
    code, items = _audit(site)
    assert code == 0
    assert list(items) == [
        "空白栏目",
        "栏目不更新",
        "链接可用性",
        "解读关联",
        "伪造发稿日期",
        "严重表述错误",
        "泄露国家秘密或个人信息",
        "元数据完整性",
    ]
    assert items["空白栏目"]["result"] == "通过"
    # No gazette issue and no consultation yet: two blank columns, below the veto.
    assert items["空白栏目"]["details"] == [
        "政府公报（gazette/）暂无信息",
        "意见征集（archive/consultations/）暂无信息",
    ]
    assert items["链接可用性"]["result"] == "通过"
    assert "失效 0 个" in items["链接可用性"]["evidence"]
    assert items["解读关联"]["evidence"] == "需解读文件 1 件，已关联解读 1 件（100%）"
    assert items["元数据完整性"]["result"] == "通过"
    assert items["严重表述错误"]["result"] == "未检查"


def test_five_blank_columns_fail_outright(tmp_path: Path) -> None:
    pages = {
        f"content/pages/column{n}.md": f"---\ntitle: 栏目{n}\n---\n\n# 栏目{n}\n" for n in range(3)
    }
    site = _built(tmp_path, _files(**pages))
    code, items = _audit(site)
    assert code == 1
    item = items["空白栏目"]
    assert (item["kind"], item["result"]) == ("单项否决", "不通过")
    assert item["evidence"] == "空白栏目 5 个（达到 5 个即单项否决）"
    assert "pages/column0.md（content/pages/column0.md）暂无信息" in item["details"]


def test_empty_catalogue_entries_are_blank_columns(tmp_path: Path) -> None:
    # The 公开目录 has four entries and the one document is in the first: three more blank
    # columns beside the gazette and 意见征集, five in all.
    files = _files()
    files["content/policies/115.md"] = _real_policy(catalogue="规章")
    entries = ["规章", "规划计划", "统计信息", "行政许可"]
    site = write_site(tmp_path, files, {**OPTIONS, "catalogues": entries})
    built = build_site(site, strict=False)  # the three empty entries are warnings too
    assert built.ok, built.log
    code, items = _audit(site)
    item = items["空白栏目"]
    assert (code, item["result"]) == (1, "不通过")
    assert item["evidence"] == "空白栏目 5 个（达到 5 个即单项否决）"
    assert [d for d in item["details"] if d.startswith("公开目录")] == [
        f"公开目录：{name}（archive/catalogue/{group_slug(name)}/）暂无信息" for name in entries[1:]
    ]


def test_stale_columns_and_the_provider_seam(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _built(tmp_path, _files())
    code, items = _audit(site, "--as-of", "2019-12-31")
    assert items["栏目不更新"]["evidence"] == "2 个栏目 180 天内未更新（达到 5 个即单项否决）"
    assert items["栏目不更新"]["details"] == [
        "政策文件（archive/documents/）最近更新 2018-12-20",
        "政策解读（archive/interpretations/）最近更新 2018-12-20",
    ]
    assert code == 0

    # A family of columns from elsewhere (the 公开目录 catalogue) counts the same way.
    def catalogue(published: object, settings: object) -> list[Column]:
        return [
            Column(f"目录{n}", "archive/catalogue/", 3, datetime.date(2018, 1, 1)) for n in range(3)
        ]

    monkeypatch.setattr(columns, "COLUMN_PROVIDERS", [*columns.COLUMN_PROVIDERS, catalogue])
    code, items = _audit(site, "--as-of", "2019-12-31")
    assert (code, items["栏目不更新"]["result"]) == (1, "不通过")


def test_broken_links_and_missing_files_in_the_built_site(tmp_path: Path) -> None:
    site = _built(tmp_path, _files())
    (site / "site" / "interpretations" / "115-jd.html").unlink()
    code, items = _audit(site)
    item = items["链接可用性"]
    assert (code, item["kind"], item["result"]) == (0, "扣分", "不通过")
    assert "policies/115.html → ../interpretations/115-jd.html" in item["details"]


def test_without_a_built_site_links_are_undecided(tmp_path: Path) -> None:
    site = write_site(tmp_path, _files(), OPTIONS)
    _, items = _audit(site)
    assert items["链接可用性"]["result"] == "未检查"
    assert "未扫描页面" in items["链接可用性"]["evidence"]


def test_missing_interpretations_and_metadata(tmp_path: Path) -> None:
    files = {"content/policies/115.md": _real_policy(index_number=None)}
    files["content/policies/115.md"] = files["content/policies/115.md"].replace(
        "index_number: null\n", ""
    )
    site = write_site(tmp_path, files, OPTIONS)
    code, items = _audit(site)
    assert items["解读关联"]["evidence"] == "需解读文件 1 件，已关联解读 0 件（0%）"
    assert items["解读关联"]["result"] == "不通过"
    assert items["元数据完整性"]["details"] == [
        "content/policies/115.md: 国办发〔2018〕115号《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》"
        "缺少 index_number（索引号）"
    ]
    assert code == 0  # both are 扣分 items


def test_pages_dated_after_the_audit_are_forged_dates(tmp_path: Path) -> None:
    site = _built(tmp_path, _files())
    code, items = _audit(site, "--as-of", "2018-12-19")
    item = items["伪造发稿日期"]
    assert (code, item["result"]) == (1, "不通过")
    assert "policies/115.html（PubDate 2018-12-20）" in item["details"]


def test_publication_before_writing_is_a_forged_date(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, _files(**{"content/policies/115.md": _real_policy(written="2019-01-04")}), OPTIONS
    )
    code, items = _audit(site)
    assert code == 1
    assert items["伪造发稿日期"]["details"][0].startswith(
        "content/policies/115.md:5: 发布日期 2018-12-20 早于成文日期 2019-01-04。"
    )


def test_forbidden_and_required_expressions(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        _files(),
        {
            **OPTIONS,
            "audit_forbidden": ["国务院办公室=国务院办公厅", "合法性审查机制"],
            "audit_required": ["国务院办公厅", "某某市人民政府"],
        },
    )
    text = (site / "content/policies/115.md").read_text(encoding="utf-8")
    (site / "content/policies/115.md").write_text(text + "\n国务院办公室印发。\n", encoding="utf-8")
    code, items = _audit(site)
    item = items["严重表述错误"]
    assert (code, item["result"]) == (1, "不通过")
    assert item["evidence"] == "禁用表述 2 项命中 1 处；必备表述 2 项缺 1 项"
    line = (site / "content/policies/115.md").read_text(encoding="utf-8").splitlines().index(
        "国务院办公室印发。"
    ) + 1
    assert item["details"] == [
        f"content/policies/115.md:{line}: 出现“国务院办公室”，应为“国务院办公厅”",
        "全站未出现必备表述“某某市人民政府”",
    ]


def test_a_leak_fails_outright(tmp_path: Path) -> None:
    files = _files(**{"content/policies/115.md": _real_policy(body="联系人手机 13912345678。")})
    site = write_site(tmp_path, files, OPTIONS)
    code, items = _audit(site)
    assert (code, items["泄露国家秘密或个人信息"]["result"]) == (1, "不通过")
    assert items["泄露国家秘密或个人信息"]["evidence"] == "密级标志 0 处，个人信息 1 处"


def test_the_table(tmp_path: Path) -> None:
    site = _built(tmp_path, _files())
    result = CliRunner().invoke(main, ["audit", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["指标", "类别", "结果", "依据"]
    assert lines[1].split()[:3] == ["空白栏目", "单项否决", "通过"]
    assert lines[-1] == "单项否决指标均未发现问题（扣分指标见上表）。"


def test_the_editor_guide_explains_the_audit() -> None:
    guide = (Path(__file__).parents[2] / "plugins/gongbao/scaffold/编辑指南.md").read_text("utf-8")
    assert "## 网站自查（gongbao audit）" in guide
    assert "## 意见征集与反馈" in guide
    assert "## 年报数据（gongbao report annual）" in guide
    from gongbao.core.config.options import OPTIONS

    names = {option.name for option in OPTIONS}
    for option in ("audit_stale_days", "audit_forbidden", "audit_required", "feedback_due_days"):
        assert option in names
        assert f"`{option}`" in guide or f"{option}:" in guide


def test_the_scaffold_passes_every_veto(tmp_path: Path) -> None:
    root = tmp_path / "new-site"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    built = build_site(root)
    assert built.ok, built.log
    code, items = _audit(root, "--as-of", "2024-06-01")
    assert code == 0, items
    check = CliRunner().invoke(main, ["check", "-f", str(root / "mkdocs.yml")])
    assert "检查了 1 份政策文件、1 份解读、1 期公报、1 份意见征集：0 个错误" in check.output
    assert all(item["result"] != "不通过" for item in items.values() if item["kind"] == "单项否决")
    # The example consultation fills the 意见征集 column.
    assert "意见征集（archive/consultations/）暂无信息" not in items["空白栏目"]["details"]
    page = (built.site / "policies/2024/example.html").read_text(encoding="utf-8")
    assert "本文件草案已公开征求意见" in page
