"""Links editors write: broken files and anchors reported by ``gongbao check`` with file and
line, and ``[标题](@文号)`` / ``[标题](@id)`` resolved to the target's page."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.scan.links import find_anchors, find_links
from tests.sites import build_site, interpretation, policy, write_site

NUMBER = "平政办发〔2023〕51号"
# A document the site does not publish (依申请公开): links to it are broken on the site.
UNPUBLISHED = policy(
    doc_number="平政办发〔2023〕52号",
    disclosure="依申请公开",
    interpretation="exempt",
    exempt_reason="依申请公开",
)


def _check(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml"), *args])
    return result.exit_code, result.output


def test_links_and_anchors_are_read_outside_code() -> None:
    body = (
        '见[附件](附件/1.pdf)和![图](img/a.png "标题")。\n\n'
        "`[代码](no.md)`\n\n```\n[围栏](no.md)\n```\n\n[参考]: <../b.md#第二条>\n"
    )
    assert find_links(body) == ((1, "附件/1.pdf"), (1, "img/a.png"), (9, "../b.md#第二条"))
    headings = '# 第一章 总则\n\n## 第一条\n\n## 第一条\n\n### 附则 {#fuze}\n\n目录\n---\n\n<a id="x"></a>\n'
    assert find_anchors(headings) == {"第一章-总则", "第一条", "第一条_1", "fuze", "目录", "x"}


def test_check_reports_broken_links_with_file_and_line(tmp_path: Path) -> None:
    body = (
        "正文。\n\n见[指南](../pages/guide.md#办理流程)与[旧文](../old.md)。\n\n"
        "[解读](../../interpretations/a.md)、[不公开](b.md)、[附件](fj/1.pdf)。\n"
    )
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(body=body),
            "content/policies/b.md": UNPUBLISHED,
            "content/pages/guide.md": "---\ntitle: 指南\n---\n\n# 指南\n\n## 申请方式\n",
            "interpretations/a.md": interpretation(),
        },
    )
    code, output = _check(site)
    assert code == 0, output  # warnings; --strict fails on them
    lines = [line for line in output.splitlines() if line.startswith("content/policies/a.md")]
    assert lines == [
        "content/policies/a.md:10: 链接 ../pages/guide.md#办理流程 的锚点 #办理流程 在 pages/guide.md 中不存在"
        "（现有锚点：指南、申请方式）。 修改建议：改成现有标题的锚点，或在目标标题后用 {#锚点} 固定它。",
        "content/policies/a.md:10: 链接 ../old.md 指向的文件不存在（按本文件的位置解析为 old.md）。 修改建议："
        "核对路径和文件名（区分大小写）；链接政策文件、解读或公报可写 [标题](@文号) 或 [标题](@id)。",
        "content/policies/a.md:12: 链接 fj/1.pdf 指向的文件不存在（按本文件的位置解析为 policies/fj/1.pdf）。"
        " 修改建议：核对路径和文件名（区分大小写）；链接政策文件、解读或公报可写 [标题](@文号) 或 [标题](@id)。",
        "content/policies/a.md:12: 链接 b.md 指向的 policies/b.md 不在网站上发布（非主动公开，或尚未到发布日期）。"
        " 修改建议：删除该链接，或等目标文件发布后再加上。",
    ]
    strict, _ = _check(site, "--strict")
    assert strict == 1
    built = build_site(site)
    assert not built.ok and "链接 ../old.md 指向的文件不存在" in built.log


def test_links_by_doc_number_and_id_are_resolved(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(body="## 第一条 目的\n\n为了推进政务公开。"),
            "content/pages/guide.md": (
                f"---\ntitle: 指南\n---\n\n见[工作要点](@{NUMBER.replace('〔', '[').replace('〕', ']')})"
                "和[它的解读](@a-jd)，`[代码](@不解析)`。\n"
            ),
            "interpretations/a.md": interpretation(
                id="a-jd", body=f"解读[原文](@{NUMBER}#第一条-目的)，[别处](@{NUMBER}#第九条)。"
            ),
        },
    )
    code, output = _check(site)
    assert code == 0, output
    assert (
        "interpretations/a.md:9: 链接 @平政办发〔2023〕51号#第九条 的锚点 #第九条 在 policies/a.md 中不存在"
        "（现有锚点：第一条-目的）。" in output
    )
    built = build_site(site, strict=False)
    assert built.ok, built.log
    guide = built.read("pages/guide.html")
    assert '<a href="../policies/a.html">工作要点</a>' in guide
    assert '<a href="../interpretations/a.html">它的解读</a>' in guide
    assert "<code>[代码](@不解析)</code>" in guide
    assert '<a href="../policies/a.html#第一条-目的">原文</a>' in built.read(
        "interpretations/a.html"
    )


def test_an_unknown_reference_fails_check_and_build(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(body="见[旧文](@平政办发〔2099〕1号)。"),
            "interpretations/a.md": interpretation(),
        },
    )
    code, output = _check(site)
    assert code == 1
    assert (
        "content/policies/a.md:8: 链接目标 @平政办发〔2099〕1号 找不到对应的已发布政策文件、解读或公报"
        "（按文号和 id 均未找到）。" in output
    )
    built = build_site(site)
    assert not built.ok and "链接目标 @平政办发〔2099〕1号" in built.log


def test_each_link_finding_has_its_code(tmp_path: Path) -> None:
    from gongbao.core.config.siteconfig import load_settings
    from gongbao.core.publish.pipeline import check_site

    body = "[旧](../old.md) [锚](#无此锚点) [不公开](b.md) [号](@平政发〔2099〕1号)"
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(body=body),
            "content/policies/b.md": UNPUBLISHED,
            "interpretations/a.md": interpretation(),
        },
    )
    _, findings = check_site(load_settings(site / "mkdocs.yml"))
    assert sorted(f.code for f in findings if f.code.startswith("link.")) == [
        "link.anchor",
        "link.broken",
        "link.unresolved",
        "link.withheld",
    ]
