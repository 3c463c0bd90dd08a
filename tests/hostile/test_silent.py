"""What used to pass silently must fail, with an exact message, in the check and the build.

From the attack run: a 文号 with a zero-width space was a different 文号; control characters
in titles were published; ``interprets: []`` passed; a document that repeals itself, and a
repeal cycle, passed; a source placed among the generated archive pages passed; 60,000
unknown keys passed ``gongbao check``; YAML 1.1 rewrote what editors wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gongbao.cli import main
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import Validity
from gongbao.core.rules.lifecycle import repeal_cycles
from gongbao.core.rules.pages import page_collisions
from tests.corpus import codes, corpus, doc, settings
from tests.sites import build_site, interpretation, policy, source, write_site

NUMBER = "平政办发〔2023〕51号"


def _check(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml"), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("field", "value", "position", "name"),
    [
        ("doc_number", "平政办发〔2023〕\u200b51号", 11, "零宽空格（U+200B）"),
        ("title", "关于\u2060加强政务公开的通知", 3, "字连接符（U+2060）"),
        ("title", "关于加强\x07政务公开的通知", 5, "控制字符（U+0007）"),
        ("issuer", "平凉市人民政府\ufeff", 8, "字节顺序标记（零宽不换行空格）（U+FEFF）"),
    ],
)
def test_invisible_characters_are_refused_with_their_position(
    tmp_path: Path, field: str, value: str, position: int, name: str
) -> None:
    fields = {"doc_number": NUMBER, field: value} if field == "doc_number" else {field: value}
    site = write_site(
        tmp_path,
        {"content/policies/a.md": policy(**fields), "interpretations/a.md": interpretation()},
    )
    code, output = _check(site)
    assert code == 1
    assert (
        f"应为不含控制字符或零宽字符的文字，实际为 {value!r}。 修改建议：第 {position} 个字符是"
        f"{name}，看不见但会使文号、标题无法匹配：删除它（复制粘贴时常带入这类字符）。"
    ) in output
    result = build_site(site)
    assert not result.ok and f"第 {position} 个字符是{name}" in result.log


def test_invisible_characters_never_split_one_doc_number() -> None:
    assert doc_number_key("平政办发〔2023〕\u200b51号") == doc_number_key(NUMBER)
    assert doc_number_key("平政办发［２０２３］５１号") == doc_number_key(NUMBER)


def test_text_fields_keep_what_the_editor_wrote(tmp_path: Path) -> None:
    body = source(
        {
            "title": "1.0e+3",
            "issuer": "平凉市人民政府办公室",
            "doc_number": NUMBER,
            "published": "2023-05-22",
            "interpretation": "exempt",
            "exempt_reason": "测试",
        },
        "正文。",
    )
    # YAML 1.1 would read these as 15, 8 and 1000.0 (source() quotes nothing it need not).
    body = body.replace("title: '1.0e+3'", "title: 1.0e+3")
    body = body.replace(
        "---\n\n", "index_number: 0017\ncategory: 010\nkeywords: [2024, 010]\n---\n\n", 1
    )
    site = write_site(tmp_path, {"content/policies/a.md": body})
    result = build_site(site)
    assert result.ok, result.log
    page = result.read("policies/a.html")
    assert (
        '<th scope="row">索引号</th><td>0017</td><th scope="row">主题分类</th><td>010</td>' in page
    )
    assert '<td colspan="3">2024　010</td>' in page
    assert "1.0e+3" in page and "1000.0" not in page


def test_an_interpretation_must_interpret_something(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"content/policies/a.md": policy(), "interpretations/a.md": interpretation(interprets=[])},
    )
    code, output = _check(site)
    assert code == 1
    assert (
        "interpretations/a.md:5: 字段 interprets（解读对象）应为至少一个文号或 id，实际为 列表 []。"
        " 修改建议：写明解读的文件，例如 interprets: 平政办发〔2023〕51号。"
    ) in output


def test_a_document_that_repeals_itself_or_a_cycle() -> None:
    gone = Validity.REPEALED
    records = corpus(
        doc("self", doc_number=NUMBER, repealed_by=NUMBER, validity=gone),
        doc("a", repealed_by="b", validity=gone),
        doc("b", repealed_by="c", validity=gone),
        doc("c", repealed_by="a", validity=gone),
        doc("d", repealed_by="a", validity=gone),
    )
    found = list(repeal_cycles(records, settings()))
    assert codes(found) == ["repeal.self", "repeal.cycle"]
    assert found[0].message == f"{NUMBER}《关于self的通知》的废止依据 '{NUMBER}' 就是它自己。"
    assert found[1].message == (
        "废止关系形成循环：content/a.md → content/b.md → content/c.md → content/a.md"
        "（每份文件都被下一份废止）。"
    )


def test_sources_never_land_on_generated_pages_or_each_other(tmp_path: Path) -> None:
    records = corpus(doc("a"))
    records = type(records)(
        records.policies,
        pages=(),
        files=(
            "content/archive/documents/index.md.png",
            "content/interpretations/x.png",
            "interpretations/x.png",
        ),
    )
    found = list(page_collisions(records, settings()))
    assert codes(found) == ["page.collision", "page.collision"]
    assert found[0].message.startswith(
        "该文件会发布到 archive/documents/index.md.png，这里是 gongbao 生成的归档页面"
    )
    assert (found[1].path, found[1].message) == (
        "interpretations/x.png",
        "该文件与 content/interpretations/x.png 都会发布到 interpretations/x.png。",
    )
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(),
            "interpretations/a.md": interpretation(),
            "content/archive/documents/2023/index.md": "# 我的页面\n",
        },
    )
    code, output = _check(site)
    assert code == 1
    assert (
        "content/archive/documents/2023/index.md: 该文件会发布到 archive/documents/2023/index.html，"
        "这里是 gongbao 生成的归档页面所在的目录 archive/。"
    ) in output
    result = build_site(site)
    assert not result.ok and "archive/documents/2023/index.html" in result.log
    assert "Aborted!" not in result.log.split("\n")[0]


def test_thousands_of_keys_fail_the_check_too(tmp_path: Path) -> None:
    keys = "".join(f"k{n}: 1\n" for n in range(6000))
    text = policy().replace("---\n\n", keys + "---\n\n", 1)
    site = write_site(
        tmp_path, {"content/policies/a.md": text, "interpretations/a.md": interpretation()}
    )
    code, output = _check(site)
    assert code == 1
    assert "content/policies/a.md:2: 头信息有 6004 个字段，超过上限 200。" in output
    assert "frontmatter.keys" in _codes_of(site)


def test_warnings_fail_a_strict_check_as_they_fail_a_strict_build(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(titel="拼错的键"),
            "interpretations/a.md": interpretation(),
        },
    )
    assert _check(site)[0] == 0
    code, output = _check(site, "--strict")
    assert code == 1 and output.rstrip().endswith("按 --strict，警告也视为错误。")
    (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml").read_text(encoding="utf-8") + "strict: true\n", encoding="utf-8"
    )
    assert _check(site)[0] == 1
    assert _check(site, "--no-strict")[0] == 0
    assert not build_site(site).ok


def _codes_of(site: Path) -> list[str]:
    from gongbao.core.config.siteconfig import load_settings
    from gongbao.core.publish.pipeline import check_site

    return [f.code for f in check_site(load_settings(site / "mkdocs.yml"))[1]]
