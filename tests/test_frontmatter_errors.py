"""Broken sources give one-paragraph errors naming file and line, never tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongbao.core.config.settings import Settings
from gongbao.core.publish.pipeline import check_site
from tests.sites import interpretation, policy, write_site

DOC = "content/policies/a.md"


def _messages(tmp_path: Path, source: str | bytes) -> list[str]:
    write_site(tmp_path, {DOC: source})
    _, findings = check_site(Settings(root=tmp_path))
    return [f.format() for f in findings]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "---\ntitle: 关于……的通知\nissuer: [平凉市\npublished: 2023-05-22\n---\n",
            "content/policies/a.md:3: 头信息不是合法的 YAML：while parsing a flow sequence，"
            "did not find expected ',' or ']'。 修改建议：检查该行的缩进、冒号后的空格和引号是否成对；"
            "含冒号或 # 的取值请加引号。",
        ),
        (
            "---\n- title\n- issuer\n---\n",
            "content/policies/a.md:2: 头信息应为“键: 值”的映射，实际是列表。"
            " 修改建议：每行写成 key: value 的形式，例如 title: 关于……的通知。",
        ),
        (
            "---\n只有一句话\n---\n",
            "content/policies/a.md:2: 头信息应为“键: 值”的映射，实际是一段文字。"
            " 修改建议：每行写成 key: value 的形式，例如 title: 关于……的通知。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\npublished: 2023-05-22\ntitle: 丙\n---\n",
            "content/policies/a.md:5: 头信息不是合法的 YAML：键 'title' 重复出现（第 2 行已有）。"
            " 修改建议：删除其中一个，只保留正确的取值。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\npublished: 2023-02-30\n---\n",
            "content/policies/a.md:4: 字段 published（发布日期）应为存在的日期（YYYY-MM-DD），"
            "实际为 '2023-02-30'。 修改建议：2023-02-30 不是日历上存在的日期，请核对。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\npublished: 2023年5月22日\n---\n",
            "content/policies/a.md:4: 字段 published（发布日期）应为ISO 日期 YYYY-MM-DD，"
            "实际为 '2023年5月22日'。 修改建议：写成 2023-05-22。",
        ),
        (
            "---\ntitle: [甲, 乙]\nissuer: 乙\npublished: 2023-05-22\nnormative: 也许\n---\n",
            "content/policies/a.md:2: 字段 title（标题）应为一段文字，实际为 列表 ['甲', '乙']。"
            " 修改建议：写成一行文字，必要时加引号。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\npublished: 2023-05-22\nwritten: 2023-06-01\n---\n",
            "content/policies/a.md:4: 发布日期 2023-05-22 早于成文日期 2023-06-01。"
            " 修改建议：核对两个日期：文件不能在成文之前发布。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\n---\n",
            "content/policies/a.md: 政策文件缺少必填字段 published（发布日期）。"
            " 修改建议：在头信息中加入一行：published: 2023-05-22。",
        ),
        (
            "没有头信息的正文。\n",
            "content/policies/a.md:1: 政策文件没有头信息（文件开头的 --- … --- 块）。"
            " 修改建议：在文件开头加入 title、issuer、published 等字段；"
            "如果这是普通页面（首页、指南），请把它放到 content/pages/ 下。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\npublished: 2023-05-22\n",
            "content/policies/a.md:1: 头信息（front matter）以 --- 开始，但没有找到结束的 --- 行。"
            " 修改建议：在头信息最后一个字段之后单独写一行 ---。",
        ),
        (
            "---\ntitle: 甲\n标题: 乙\nissuer: 乙\npublished: 2023-05-22\n---\n",
            "content/policies/a.md:3: 字段 title（标题）写了两次（'title' 和 '标题'）。"
            " 修改建议：中英文键名指同一字段，只保留一个。",
        ),
        (
            "---\nbase: &b 平凉市\ntitle: *b\n---\n",
            "content/policies/a.md:3: 头信息不是合法的 YAML：YAML 别名（*name）不受支持，请直接写出取值。"
            " 修改建议：把 *name 换成它所指的实际取值。",
        ),
        (
            "---\ntitle: 甲\nissuer: 乙\npublished: 2023-05-22\ndisclosure: 公开\n---\n",
            "content/policies/a.md:5: 字段 disclosure（公开属性）应为以下之一：主动公开、依申请公开、不予公开，"
            "实际为 '公开'。 修改建议：改为 主动公开、依申请公开、不予公开 中的一个。",
        ),
    ],
)
def test_broken_front_matter(tmp_path: Path, source: str, expected: str) -> None:
    assert expected in _messages(tmp_path, source)


def test_not_utf8(tmp_path: Path) -> None:
    source = "---\ntitle: 关于政务公开的通知\n---\n".encode("gbk")
    assert _messages(tmp_path, source) == [
        "content/policies/a.md:2: 文件不是 UTF-8 编码（第 12 字节无法解码，可能是 GBK/GB2312）。"
        " 修改建议：用编辑器把文件另存为 UTF-8 编码。"
    ]


def test_crlf_and_bom_work(tmp_path: Path) -> None:
    text = policy().replace("\n", "\r\n")
    write_site(
        tmp_path,
        {DOC: b"\xef\xbb\xbf" + text.encode("utf-8"), "interpretations/a.md": interpretation()},
    )
    corpus, findings = check_site(Settings(root=tmp_path))
    assert findings == []
    assert (
        corpus.policies[0].title == "平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知"
    )
    assert "\r" not in corpus.policies[0].body
