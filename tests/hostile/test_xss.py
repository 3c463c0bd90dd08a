"""XSS probes of the attack run: refused at the gate, or escaped where they are data.

Markup an editor writes is held to the allow-list (``docs/markup.md``): raw HTML, attr_list
``{: …}`` and md_in_html blocks alike; ``gongbao check`` and the build refuse the same probes
with the same message. Front matter is data: a title written with YAML escapes
(``"\\x3cscript…"``) is published as text. A real headless Chromium opens the built pages and
the payloads, which would set ``document.title``, must not run.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongbao.cli import main
from tests.sites import build_site, interpretation, policy, write_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MARKDOWN = ["toc", "tables", "attr_list", "md_in_html", "admonition"]
RUN = "document.title='XSS'"

PROBES = [
    (f'![图](a.png){{: onerror="{RUN}"}}', "事件属性 onerror="),
    (f'第一段。\n{{: onfocus="{RUN}" autofocus}}', "事件属性 onfocus="),
    (f'## 第二章 {{: onmouseover="{RUN}"}}', "事件属性 onmouseover="),
    ('第一段。\n{: style="position:fixed;inset:0;background:#fff"}', "样式属性 style="),
    (
        f'[中国政府网](https://www.gov.cn){{: href="javascript:{RUN}"}}',
        "属性 href= 不能用 {: } 设置",
    ),
    (f'| 甲 | 乙 |\n|---|---|\n| 1 {{: onclick="{RUN}"}} | 2 |', "事件属性 onclick="),
    (f'<div markdown="1" onmouseover="{RUN}">**要点**</div>', "事件属性 onmouseover="),
    (f'<p markdown="1"><img src=x onerror="{RUN}"></p>', "事件属性 onerror="),
    (f'<details open ontoggle="{RUN}"><summary>x</summary></details>', "事件属性 ontoggle="),
    (f'<svg><animate onbegin="{RUN}" attributeName=x dur=1s></svg>', "<svg> 标签不在允许范围内"),
    (f'<a href="jav&#x09;ascript:{RUN}">x</a>', "javascript: 链接"),
    (f'<input autofocus onfocus="{RUN}">', "<input> 标签不在允许范围内"),
    (f"[点我](javascript:{RUN})", "javascript: 链接"),
]


@pytest.mark.parametrize(("body", "reason"), PROBES)
def test_check_and_build_refuse_the_probe(tmp_path: Path, body: str, reason: str) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(body=f"正文。\n\n{body}\n"),
            "interpretations/a.md": interpretation(),
        },
        markdown_extensions=MARKDOWN,
    )
    result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 1
    assert f"正文含有不允许的 HTML：{reason}" in result.output
    built = build_site(site)
    assert not built.ok
    assert f"正文含有不允许的 HTML：{reason}" in built.log


def test_a_slow_page_fails_the_build_within_its_time_limit(tmp_path: Path) -> None:
    # 20,000 unclosed "[" take Python-Markdown more than a minute; the limit stops it.
    site = write_site(
        tmp_path,
        {"content/pages/slow.md": "---\ntitle: 慢\n---\n\n" + "[" * 20_000 + "\n"},
        {"markdown_time_limit": 2},
        markdown_extensions=MARKDOWN,
    )
    built = build_site(site)
    assert not built.ok
    assert (
        "content/pages/slow.md: Markdown 转换超过 2 秒仍未完成（插件选项 markdown_time_limit），已停止构建。"
        in built.log
    )


# --- In a real browser ---------------------------------------------------------------------

ESCAPED_TITLE = '"\\x3cimg src=x onerror=\\"' + RUN + '\\"\\x3e 通知"'
ESCAPED_TEXT = '"\\u003cscript\\u003e' + RUN + '\\u003c/script\\u003e"'


def _dom(url: str) -> str:
    assert CHROMIUM, "headless Chromium is needed: apt-get install chromium (scripts/test does it)"
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--virtual-time-budget=3000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _title(dom: str) -> str:
    return dom[dom.index("<title>") + 7 : dom.index("</title>")]


def test_front_matter_payloads_never_run_in_chromium(tmp_path: Path) -> None:
    page = (
        f"---\ntitle: {ESCAPED_TITLE}\ndescription: {ESCAPED_TEXT}\nsubtitle: {ESCAPED_TEXT}\n"
        "---\n\n正文。\n"
    )
    record = policy().replace(
        "title: 平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知",
        f"title: {ESCAPED_TITLE}",
    )
    site = write_site(
        tmp_path,
        {
            "content/pages/about.md": page,
            "content/policies/a.md": record,
            "interpretations/a.md": interpretation(),
        },
        markdown_extensions=MARKDOWN,
    )
    built = build_site(site)
    assert built.ok, built.log
    # The probe can fail: the same payload in a page of its own does run.
    control = built.site / "control.html"
    control.write_text(f'<title>安全</title><img src=x onerror="{RUN}">', encoding="utf-8")
    assert _title(_dom(control.as_uri())) == "XSS"
    for path in ("pages/about.html", "policies/a.html", "archive/documents/index.html"):
        dom = _dom((built.site / path).as_uri())
        assert _title(dom) != "XSS", path  # the script did not run
        assert "<script>document.title" not in dom and '<img src="x" onerror' not in dom, path
    assert "&lt;img src=x onerror=" in built.read("policies/a.html")
