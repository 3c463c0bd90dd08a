"""公开目录 pages built by MkDocs: counts, pagination, 暂无信息, the views by 发文机关, 主题分类 and
解读形式, and the nav entry point."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gongbao.core.publish.generators.catalogues import group_slug
from tests.sites import BuildResult, build_site, interpretation, policy, write_site

EXEMPT = {"interpretation": "exempt", "exempt_reason": "内部工作安排"}
OPTIONS: dict[str, Any] = {
    "per_page": 2,
    "catalogues": [
        {"name": "法规文件", "title": "行政法规、规章和规范性文件", "basis": "条例第二十条（一）"},
        "统计信息",
        "政府采购",
    ],
}


def _files() -> dict[str, str]:
    files = {
        f"content/policies/s{n}.md": policy(
            title=f"统计公报{n}",
            doc_number=f"平统发〔2023〕{n}号",
            published=f"2023-0{n}-10",
            # The Chinese name of the field works too.
            **({"catalogue": "统计信息"} if n < 3 else {"公开目录": "统计信息"}),
            issuer="平凉市统计局",
            **({"category": "统计"} if n < 3 else {}),
            **EXEMPT,
        )
        for n in (1, 2, 3)
    }
    files["content/policies/a.md"] = policy(catalogue="法规文件", category="政务公开")
    files["interpretations/a.md"] = interpretation(form="图解")
    files["content/policies/withheld.md"] = policy(
        title="不予公开的文件",
        doc_number="平政办发〔2023〕99号",
        catalogue="政府采购",
        disclosure="不予公开",
        **EXEMPT,
    )
    return files


def _build(tmp_path: Path, **options: Any) -> BuildResult:
    return build_site(write_site(tmp_path, _files(), {**OPTIONS, **options}), strict=False)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_catalogue_lists_every_entry_with_its_count(tmp_path: Path) -> None:
    result = _build(tmp_path)
    assert result.ok, result.log
    home = result.read("archive/catalogue/index.html")
    rows = re.findall(r"<tr(?: class=\"gb-empty\")?><td>\d+</td>.*?</tr>", home)
    assert [_text(r) for r in rows] == [
        "1 法规文件 行政法规、规章和规范性文件 （条例第二十条（一）） 1 件",
        "2 统计信息 统计信息 3 件",
        "3 政府采购 政府采购 暂无信息",  # the withheld document does not count
    ]
    assert f'<a href="{group_slug("统计信息")}/index.html">统计信息</a>' in home
    assert "共 4 件政策文件，3 个栏目，其中 1 个栏目暂无信息。" in home
    assert (
        '其他浏览方式：<a href="../issuers/index.html">按发文机关</a>（2 个发文机关） · '
        '<a href="../categories/index.html">按主题分类</a>（3 个主题分类） · '
        '<a href="../forms/index.html">解读按形式</a>（1 件解读）'
    ) in home
    # The empty entry has its page, which says so.
    empty = result.read(f"archive/catalogue/{group_slug('政府采购')}/index.html")
    assert '<p class="gb-empty">暂无信息</p>' in empty
    assert "不予公开的文件" not in empty
    # The 空白栏目 is reported.
    assert (
        "WARNING: gongbao: mkdocs.yml: 公开目录栏目“政府采购”暂无信息：没有已发布的文件写 catalogue: 政府采购。"
    ) in result.log
    # Reached from the nav (MkDocs' own nav, no nav in mkdocs.yml) and the documents archive.
    assert 'href="archive/catalogue/index.html"' in result.read("index.html")
    docs_home = result.read("archive/documents/index.html")
    assert '<a href="../catalogue/index.html">公开目录</a>' in docs_home


def test_an_entry_list_is_paginated_newest_first(tmp_path: Path) -> None:
    result = _build(tmp_path)
    base = f"archive/catalogue/{group_slug('统计信息')}"
    first, second = result.read(f"{base}/index.html"), result.read(f"{base}/2.html")
    assert re.findall(r">(统计公报\d)</a>", first) == ["统计公报3", "统计公报2"]
    assert re.findall(r">(统计公报\d)</a>", second) == ["统计公报1"]
    assert "共 3 件，按发布日期从新到旧排列。" in first
    assert '<li><span aria-current="page">1</span></li><li><a href="2.html">第2页</a></li>' in first
    assert '<a href="../index.html">← 公开目录</a>' in second


def test_views_by_issuer_category_and_form(tmp_path: Path) -> None:
    result = _build(tmp_path)
    issuers = result.read("archive/issuers/index.html")
    assert [_text(r) for r in re.findall(r"<tr><td><a.*?</tr>", issuers)] == [
        "平凉市统计局 3 件",
        "平凉市人民政府办公室 1 件",
    ]
    categories = result.read("archive/categories/index.html")
    assert [_text(r) for r in re.findall(r"<tr><td><a.*?</tr>", categories)] == [
        "统计 2 件",
        "政务公开 1 件",
        "未分类 1 件",
    ]
    forms = result.read("archive/forms/index.html")
    rows = [_text(r) for r in re.findall(r"<tr(?: class=\"gb-empty\")?><td><a.*?</tr>", forms)]
    # Every form, in the order of the content model (图解 is 图文解读), with its count.
    assert rows == [
        "文字解读 暂无信息",
        "图文解读 1 件",
        *(f"{form} 暂无信息" for form in ("政策问答", "专家解读", "媒体解读", "视频解读")),
        *(f"{form} 暂无信息" for form in ("动漫解读", "新闻发布会", "在线访谈")),
    ]
    illustrated = result.read("archive/forms/illustrated/index.html")
    assert "《平凉市2023年政务公开工作要点》政策解读" in illustrated
    assert '<a href="../index.html">← 解读按形式</a>' in illustrated
    assert '<a href="../forms/index.html">解读按形式</a>' in result.read(
        "archive/interpretations/index.html"
    )


def test_an_empty_entry_fails_the_build_with_the_option(tmp_path: Path) -> None:
    result = _build(tmp_path, empty_catalogue_error=True)
    assert not result.ok
    assert "mkdocs.yml: 公开目录栏目“政府采购”暂无信息" in result.log


def test_an_unknown_entry_stops_the_build_with_the_valid_names(tmp_path: Path) -> None:
    files = {"content/policies/a.md": policy(catalogue="统计数据", **EXEMPT)}
    result = build_site(write_site(tmp_path, files, OPTIONS))
    assert not result.ok
    assert (
        "content/policies/a.md:6: catalogue（公开目录）应为本站公开目录中的栏目名称，实际为 '统计数据'。"
        " 修改建议：改为以下之一：法规文件、统计信息、政府采购；或在 mkdocs.yml 的 catalogues 中加入该栏目。"
    ) in result.log


def test_a_long_list_has_a_windowed_pager() -> None:
    from gongbao.core.config.settings import Settings
    from gongbao.core.publish.generators.catalogues import window_pager
    from gongbao.core.publish.pages import Linker

    srcs = ["c/index.md", *(f"c/{n}.md" for n in range(2, 21))]
    link = Linker("c/10.md", Settings(root=Path()))
    pager = window_pager(10, srcs, link)
    assert [p["number"] if "gap" not in p else "…" for p in pager] == [
        1, "…", 6, 7, 8, 9, 10, 11, 12, 13, 14, "…", 20,
    ]  # fmt: skip
    assert pager[0]["href"] == "index.html" and pager[-1]["href"] == "20.html"
    assert [p["number"] for p in pager if p.get("current")] == [10]
    first = [p["number"] if "gap" not in p else "…" for p in window_pager(1, srcs, link)]
    assert first == [1, 2, 3, 4, 5, "…", 20]
    assert window_pager(1, srcs[:1], link) == []
