"""The link graph on built pages: citations linked and listed both ways, each lifecycle
relation with its inverse, status and timeline, rounds, and each interpretation form."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gongbao.cli import main
from tests.sites import build_site, interpretation, policy, write_site

EXEMPT = {"interpretation": "exempt", "exempt_reason": "内部管理事项"}
RULES = "content/policies/2019/rules.md"
AMENDER = "content/policies/2023/amender.md"
OLD = "content/policies/2018/old.md"
NEW = "content/policies/2024/new.md"


def _site(tmp_path: Path) -> dict[str, str | bytes]:
    return {
        RULES: policy(
            title="平凉市政务新媒体管理办法",
            doc_number="平政发〔2019〕3号",
            published="2019-03-01",
            effective="2019-04-01",
            valid_until="2029-03-31",
            body="第一条　为规范政务新媒体，制定本办法。",
            **EXEMPT,
        ),
        AMENDER: policy(
            title="关于修改《平凉市政务新媒体管理办法》的决定",
            doc_number="平政发〔2023〕5号",
            published="2023-06-01",
            amends="平政发[2019]3号",
            body="决定对《平凉市政务新媒体管理办法》（平政发（2019）第03号）作如下修改：……",
        ),
        OLD: policy(
            title="平凉市政府网站管理暂行办法",
            doc_number="平政办发〔2018〕9号",
            published="2018-05-01",
            body="第一条　本办法自印发之日起施行。",
            **EXEMPT,
        ),
        NEW: policy(
            title="平凉市政府网站管理办法",
            doc_number="平政办发〔2024〕2号",
            published="2024-01-10",
            replaces=["平政办发〔2018〕9号"],
            body="本办法施行后，《平凉市政府网站管理暂行办法》同时废止。",
            **EXEMPT,
        ),
        "interpretations/2023/qa.md": interpretation(
            interprets="平政发〔2023〕5号",
            title="《关于修改〈平凉市政务新媒体管理办法〉的决定》问答",
            published="2023-06-01",
            form="政策问答",
            body="为便于理解，现就有关问题解答如下。\n\n1.问：为什么修改？\n\n答：依据平政发〔2019〕3号实施情况。\n\n"
            "## 二、修改了哪些内容？\n\n答：主要修改了第五条。",
        ),
        "interpretations/2023/video.md": interpretation(
            interprets="平政发〔2023〕5号",
            title="视频解读：政务新媒体怎么管",
            published="2023-07-01",
            form="视频解读",
            round=2,
            video="media/jd.mp4",
            poster="media/jd.jpg",
            captions="media/jd.vtt",
            body="主持人：欢迎收看。",
        ),
        "interpretations/2023/media/jd.mp4": b"\x00\x00\x00\x18ftypmp42",
        "interpretations/2023/media/jd.jpg": b"\xff\xd8\xff\xe0",
        "interpretations/2023/media/jd.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\n欢迎收看。\n",
    }


def test_citations_relations_status_and_timeline_on_the_pages(tmp_path: Path) -> None:
    site = write_site(tmp_path, _site(tmp_path), {"as_of": "2025-01-01"})
    result = build_site(site)
    assert result.ok, result.log
    amender = result.read("policies/2023/amender.html")
    # Both citations linked: the title and the 文号 in a spelling of its own.
    assert (
        '决定对<a href="../2019/rules.html">《平凉市政务新媒体管理办法》</a>'
        '（<a href="../2019/rules.html">平政发（2019）第03号</a>）作如下修改'
    ) in amender
    assert '<h2 id="gb-amends">本文件修改的文件</h2>' in amender
    assert '<h2 id="gb-cites">本文引用</h2>' in amender
    rules = result.read("policies/2019/rules.html")
    assert '<h2 id="gb-amended-by">修改本文件的文件</h2>' in rules
    assert '<h2 id="gb-cited-by">被引用</h2>' in rules
    assert (
        '<li><a href="../2023/amender.html">关于修改《平凉市政务新媒体管理办法》的决定</a> '
        '<span class="gb-docno">平政发〔2023〕5号</span> <time datetime="2023-06-01">2023-06-01</time></li>'
    ) in rules
    # The interpretation cites the document it does not interpret.
    assert (
        '<li><span class="gb-tag">解读</span> <a href="../../interpretations/2023/qa.html">'
    ) in rules
    # Status: amended, since the amendment, linking it; 施行日期 and 有效期至 shown.
    assert (
        '<span class="gb-status gb-status--amended">已修改</span><span class="gb-muted">（'
        '<time datetime="2023-06-01">2023-06-01</time>起，见<a href="../2023/amender.html">平政发〔2023〕5号</a>）</span>'
    ) in rules
    assert (
        '<th scope="row">有效期至</th><td><time datetime="2029-03-31">2029-03-31</time></td>'
        in rules
    )
    assert '<h2 id="gb-timeline">时间线</h2>' in rules
    timeline = rules[rules.index('id="gb-timeline"') :]
    steps = ["2019-03-01</time> 发布", "2019-04-01</time> 施行", "2023-06-01</time> 被修改"]
    steps.append("2029-03-31</time> 有效期至")
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)
    old = result.read("policies/2018/old.html")
    assert (
        '<div class="gb-banner gb-banner--replaced" role="note"><strong>本文件已被代替。</strong>'
        '依据：<a href="../2024/new.html">平凉市政府网站管理办法</a>（平政办发〔2024〕2号）。'
    ) in old
    assert '<h2 id="gb-replaced-by">代替本文件的文件</h2>' in old
    assert '<h2 id="gb-replaces">本文件代替的文件</h2>' in result.read("policies/2024/new.html")
    archive = result.read("archive/documents/2018/index.html")
    assert (
        '<span class="gb-status gb-status--replaced">已被代替</span><span class="gb-muted">（'
        '<time datetime="2024-01-10">2024-01-10</time>起，见<a href="../../../policies/2024/new.html">平政办发〔2024〕2号</a>）</span>'
    ) in archive
    # Rounds on the document's page.
    assert '<span class="gb-tag gb-tag--round">首次解读</span>' in amender
    assert '<span class="gb-tag gb-tag--round">第2轮（跟踪解读）</span>' in amender


def test_each_interpretation_form_has_its_presentation(tmp_path: Path) -> None:
    site = write_site(tmp_path, _site(tmp_path), {"as_of": "2025-01-01"})
    result = build_site(site)
    assert result.ok, result.log
    qa = result.read("interpretations/2023/qa.html")
    assert '<li><a href="#q1">为什么修改？</a></li>' in qa
    assert (
        '<h2 class="gb-question" id="q1"><a class="gb-anchor" href="#q1">问1</a>　为什么修改？</h2>'
    ) in qa
    assert (
        '<h2 class="gb-question" id="q2"><a class="gb-anchor" href="#q2">问2</a>　修改了哪些内容？</h2>'
        in qa
    )
    assert (
        '<p>答：依据<a href="../../policies/2019/rules.html">平政发〔2019〕3号</a>实施情况。</p>'
        in qa
    )
    video = result.read("interpretations/2023/video.html")
    assert (
        '<video controls preload="metadata" poster="media/jd.jpg">\n'
        '<source src="media/jd.mp4" type="video/mp4">\n'
        '<track kind="captions" src="media/jd.vtt" srclang="zh" label="中文字幕" default>\n'
        "</video>"
    ) in video
    assert (result.site / "interpretations/2023/media/jd.mp4").read_bytes().startswith(b"\x00")
    assert "<iframe" not in video
    assert "<td>第2轮（跟踪解读）</td>" in video
    # Every round of the same document, this one marked.
    assert (
        '<li><span class="gb-tag gb-tag--round">首次解读</span> <a href="qa.html">'
        "《关于修改〈平凉市政务新媒体管理办法〉的决定》问答</a>"
    ) in video
    assert (
        '<li aria-current="page"><span class="gb-tag gb-tag--round">第2轮（跟踪解读）</span>'
        " 视频解读：政务新媒体怎么管（本页）"
    ) in video


def test_an_unresolved_number_of_the_sites_own_prefix_is_a_warning(tmp_path: Path) -> None:
    files = _site(tmp_path)
    files[OLD] = policy(
        title="平凉市政府网站管理暂行办法",
        doc_number="平政办发〔2018〕9号",
        published="2018-05-01",
        body="第一条　依据国发〔2019〕5号，\n参照平政发〔2099〕8号执行。",
        **EXEMPT,
    )
    result = build_site(write_site(tmp_path, files, {"as_of": "2025-01-01"}), strict=False)
    assert (
        "content/policies/2018/old.md:9: 正文引用的文号 参照平政发〔2099〕8号 在本站找不到对应的政策文件"
    ) not in result.log
    assert (
        "content/policies/2018/old.md:11: 正文引用的文号 平政发〔2099〕8号 在本站找不到对应的政策文件"
        "（本站的 平政发 字号文件中没有这一号）。"
    ) in result.log
    assert "国发〔2019〕5号" not in result.log


def test_the_citation_warning_survives_a_warm_check(tmp_path: Path) -> None:
    files = _site(tmp_path)
    files[OLD] = policy(
        title="平凉市政府网站管理暂行办法",
        doc_number="平政办发〔2018〕9号",
        published="2018-05-01",
        body="参照平政发〔2099〕8号执行。",
        **EXEMPT,
    )
    site = write_site(tmp_path, files, {"as_of": "2025-01-01"})
    expected = "content/policies/2018/old.md:10: 正文引用的文号 平政发〔2099〕8号 在本站找不到对应的政策文件"
    for run in ("cold", "warm"):
        result = CliRunner().invoke(main, ["check", "-f", str(site / "mkdocs.yml")])
        assert expected in result.output, (run, result.output)
