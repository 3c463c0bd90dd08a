"""The gongbao command line: check and init."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from gongbao.cli import main
from tests.sites import build_site, interpretation, policy, write_site

REPO = Path(__file__).parents[1]


def test_check_passes_and_summarises(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/a.md": policy(), "interpretations/a.md": interpretation()}
    )
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "检查了 1 份政策文件、1 份解读、0 期公报：0 个错误，0 个警告" in result.output


def test_the_command_exits_with_everything_said(tmp_path: Path) -> None:
    # After a check the process skips the interpreter's teardown: the summary still reaches
    # a pipe, and the exit status is the check's.
    site = write_site(
        tmp_path, {"content/a.md": policy(), "interpretations/a.md": interpretation()}
    )
    proc = subprocess.run(
        [sys.executable, "-m", "gongbao", "check"], cwd=site, capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stderr.startswith("检查了 1 份政策文件、1 份解读、0 期公报：0 个错误，0 个警告")
    version = subprocess.run(
        [sys.executable, "-m", "gongbao", "--version"], capture_output=True, text=True
    )
    assert (version.returncode, version.stdout) == (0, "gongbao 0.1.0\n")


def test_check_fails_with_the_build_messages(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": policy()})
    # A real process: exit status and stderr as an editor's pre-commit hook sees them.
    proc = subprocess.run(
        [sys.executable, "-m", "gongbao", "check"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(
        "content/a.md:2: 三同步：平政办发〔2023〕51号《平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知》"
        "（发布日期 2023-05-22）没有配套的解读材料。"
    )
    assert "Traceback" not in proc.stderr
    build = build_site(site)
    assert proc.stderr.splitlines()[0] in build.log


def test_check_without_config(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "mkdocs.yml: 找不到站点配置文件" in result.output
    assert "修改建议：在站点目录中运行，或用 -f 指定 mkdocs.yml。" in result.output


def test_check_without_plugin(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - search\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert (
        "mkdocs.yml: mkdocs.yml 没有启用 gongbao 插件。 修改建议：在 plugins: 下加入一行 - gongbao。"
        in result.output
    )


def test_init_writes_a_site_that_builds_strict(tmp_path: Path) -> None:
    target = tmp_path / "new-site"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "mkdocs.yml").is_file()
    built = build_site(target)
    assert built.ok, built.log
    assert "某政办发〔2024〕1号" in built.read("policies/2024/example.html")
    # A complete site: all three source folders (an issue printing the example), the editor's
    # guide and this version's error reference, CI for both forges, and a .gitignore.
    assert "刊载于" in built.read("policies/2024/example.html")
    for name in ("编辑指南.md", ".github/workflows/site.yml", ".gitlab-ci.yml", ".gitignore"):
        assert (target / name).is_file(), name
    from gongbao.core.findings.reference import reference_markdown

    assert (target / "错误参考.md").read_text(encoding="utf-8") == reference_markdown()
    for ci in (".github/workflows/site.yml", ".gitlab-ci.yml"):
        text = (target / ci).read_text(encoding="utf-8")
        assert "gongbao check --strict" in text and "mkdocs build --strict" in text
    # The first 规范性文件 builds: there is an issue to print it in.
    example = target / "content/policies/2024/example.md"
    example.write_text(
        example.read_text(encoding="utf-8").replace("normative: false", "normative: true"),
        encoding="utf-8",
    )
    assert build_site(target).ok
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 1
    assert "不是空的" in again.output


def test_sample_site_builds_strict(tmp_path: Path) -> None:
    site = tmp_path / "sample"
    for name in ("mkdocs.yml", "content", "interpretations", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        else:
            site.mkdir(exist_ok=True)
            shutil.copy(source, site / name)
    if (REPO / "gazette").is_dir():
        shutil.copytree(REPO / "gazette", site / "gazette")
    result = build_site(site)
    assert result.ok, result.log
    page = result.read("policies/2024/hgzsl-265.html")
    assert "海关总署关于《中华人民共和国海关审理行政复议案件程序规定》的解读</a>" in page
    seed = result.read("policies/2023/pzbf-2023-51.html")
    assert "本文件免于解读：" in seed
    # The real documents without an interpretation fail the gate when added.
    extra = (REPO / "tests/data/corpus/policy_16.txt").read_text(encoding="utf-8")
    (site / "content/policies/2018").mkdir(parents=True)
    (site / "content/policies/2018/gbf-115.md").write_text(
        policy(
            title="国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
            doc_number="国办发〔2018〕115号",
            published="2018-12-20",
            body=extra,
        ),
        encoding="utf-8",
    )
    failed = build_site(site)
    assert not failed.ok
    assert "content/policies/2018/gbf-115.md:2: 三同步：国办发〔2018〕115号" in failed.log


def test_check_reuses_unchanged_files_and_sees_edits(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/a.md": policy(), "interpretations/a.md": interpretation()}
    )
    runner = CliRunner()
    assert runner.invoke(main, ["check", "-f", str(site / "mkdocs.yml")]).exit_code == 0
    assert (site / ".gongbao-cache/sources.pickle").is_file()
    (site / "interpretations/a.md").write_text(
        interpretation(published="2023-06-30"), encoding="utf-8"
    )
    result = runner.invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "其解读未在同日发布：interpretations/a.md（2023-06-30）" in result.output


def test_help_and_usage_errors_are_in_chinese() -> None:
    from gongbao.cli import COMMANDS

    runner = CliRunner()
    for args in (["--help"], *([name, "--help"] for name in COMMANDS)):
        output = runner.invoke(main, args, prog_name="gongbao").output
        assert output.startswith("用法: gongbao"), args
        assert "选项:" in output and "显示本帮助并退出。" in output, args
        for english in ("Usage:", "Options:", "Show this message", "[default:"):
            assert english not in output, (args, english)
    unknown = runner.invoke(main, ["check", "--bogus"], prog_name="gongbao")
    assert unknown.exit_code == 2
    assert unknown.output.endswith(
        "运行 'gongbao check --help' 查看帮助。\n\n错误：没有选项 '--bogus'。\n"
    )
    choice = runner.invoke(main, ["new", "law"])
    assert choice.output.endswith(
        "错误：'{consultation|interpretation|issue|policy}' 的值无效：'law' 不是 'consultation', 'interpretation', 'issue', 'policy' 之一。\n"
    )
