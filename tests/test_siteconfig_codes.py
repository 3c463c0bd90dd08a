"""Reading mkdocs.yml without MkDocs: a broken configuration is one finding with its code."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao.core.config.siteconfig import load_settings
from gongbao.core.findings import FindingsError


def _finding(path: Path) -> tuple[str, str]:
    with pytest.raises(FindingsError) as caught:
        load_settings(path)
    (finding,) = caught.value.findings
    return finding.code, finding.format()


def test_missing_file_and_missing_plugin(tmp_path: Path) -> None:
    assert _finding(tmp_path / "mkdocs.yml")[0] == "config.file"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n", encoding="utf-8")
    assert _finding(tmp_path / "mkdocs.yml") == (
        "config.file",
        "mkdocs.yml: mkdocs.yml 没有启用 gongbao 插件。 修改建议：在 plugins: 下加入一行 - gongbao。",
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("per_page: 0", "选项 per_page（每页条数）应为不小于 1 的整数，实际为 0。"),
        (
            "search_engine: lucene",
            "选项 search_engine（检索引擎）应为whoosh 或 tantivy，实际为 'lucene'。",
        ),
        ("as_of: 2023-02-30", "选项 as_of（构建日期）应为日期 YYYY-MM-DD，实际为 '2023-02-30'。"),
        ("pages_glob: [x]", "gongbao 插件没有选项 'pages_glob'。"),
    ],
)
def test_bad_options(tmp_path: Path, option: str, message: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - gongbao:\n      {option}\n", encoding="utf-8"
    )
    code, text = _finding(tmp_path / "mkdocs.yml")
    assert code == "config.option"
    assert text.startswith(f"mkdocs.yml: {message} 修改建议：")


def test_options_reach_the_settings(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 测试\ndocs_dir: content\ntheme: {name: material, custom_dir: overrides}\n"
        "plugins:\n  - gongbao:\n      per_page: 20\n      as_of: 2024-01-02\n      search_terms: [平凉]\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path / "mkdocs.yml")
    assert (settings.per_page, str(settings.as_of), settings.search_terms) == (
        20,
        "2024-01-02",
        ("平凉",),
    )
    assert settings.template_dirs == (tmp_path.resolve() / "overrides",)
