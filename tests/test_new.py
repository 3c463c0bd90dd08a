"""``gongbao new``: new sources with every field, commented in Chinese, that check at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.model.fields import INTERPRETATION_FIELDS, POLICY_FIELDS


def _init(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    assert CliRunner().invoke(main, ["init", str(site)]).exit_code == 0
    return site


def _new(site: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["new", *args, "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    shown = result.output.removeprefix("已新建 ").split("。", 1)[0]
    return site / shown


def _meta(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return meta


def test_a_new_policy_lists_every_field(tmp_path: Path) -> None:
    site = _init(tmp_path)
    path = _new(site, "policy", "--title", "关于做好防汛工作的通知")
    text = path.read_text(encoding="utf-8")
    for spec in POLICY_FIELDS:
        assert f"{spec.name}:" in text, spec.name
    assert "title: 关于做好防汛工作的通知  # 标题（必填）：一行文字" in text
    assert "# disclosure:  # 公开属性（可不写）：主动公开、依申请公开、不予公开 之一" in text
    assert "# published" not in text and "published: 20" in text
    meta = _meta(path)
    assert set(meta) == {"title", "issuer", "published"}
    second = _new(site, "policy")
    assert second != path and path.read_text(encoding="utf-8") == text  # never overwritten


def test_a_new_interpretation_for_a_document_satisfies_the_gate(tmp_path: Path) -> None:
    site = _init(tmp_path)
    policy = _new(site, "policy", "--title", "关于做好防汛工作的通知")
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            "# doc_number:", "doc_number: 某政发〔2024〕9号"
        ),
        encoding="utf-8",
    )
    check = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert check.exit_code == 1 and "没有配套的解读材料" in check.output
    path = _new(site, "interpretation", "--for", "某政发〔2024〕9号")
    text = path.read_text(encoding="utf-8")
    for spec in INTERPRETATION_FIELDS:
        assert f"{spec.name}:" in text, spec.name
    meta = _meta(path)
    assert meta["interprets"] == "某政发〔2024〕9号"
    assert meta["title"] == "《关于做好防汛工作的通知》政策解读"
    assert meta["issuer"] == "（请填写发文机关）"
    check = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert check.exit_code == 0, check.output


def test_a_new_issue_takes_the_next_number(tmp_path: Path) -> None:
    site = _init(tmp_path)
    first = _new(site, "issue", "--for", "某政办发〔2024〕1号")
    second = _new(site, "issue")
    assert _meta(second)["number"] == _meta(first)["number"] + 1
    assert second.name == f"{_meta(second)['number']:02d}.md"
    assert _meta(first)["sections"] == [{"heading": "（栏目名）", "items": ["某政办发〔2024〕1号"]}]


def test_a_new_consultation_lists_every_field_and_checks(tmp_path: Path) -> None:
    from gongbao.core.model.fields import CONSULTATION_FIELDS

    site = _init(tmp_path)
    path = _new(site, "consultation", "--title", "关于《某办法（征求意见稿）》公开征求意见的公告")
    assert path.parent.parent.name == "consultations"
    text = path.read_text(encoding="utf-8")
    for spec in CONSULTATION_FIELDS:
        assert f"{spec.name}:" in text, spec.name
    meta = _meta(path)
    assert set(meta) == {"title", "issuer", "published", "id", "opens", "closes"}
    assert (meta["closes"] - meta["opens"]).days == 30
    check = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert check.exit_code == 0, check.output
