"""End-to-end: throwaway sites built with the real MkDocs + Material + gongbao."""

from __future__ import annotations

import re
from pathlib import Path

from tests.sites import build_site, interpretation, policy, site_text, write_site

DOC = "content/policies/2023/pzbf-51.md"
JD = "interpretations/2023/pzbf-51-jd.md"


def test_passing_site_publishes_both_directions_of_every_link(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            DOC: policy(index_number="11620800013933539B/2023-00051", category="综合政务"),
            JD: interpretation(form="政策问答"),
            "interpretations/2023/pzbf-51-jd2.md": interpretation(
                title="跟踪解读：政务公开工作要点落实情况", published="2023-08-01", round=2
            ),
        },
    )
    result = build_site(site)
    assert result.ok, result.log

    doc = result.read("policies/2023/pzbf-51.html")
    assert '<th scope="row">索引号</th><td>11620800013933539B/2023-00051</td>' in doc
    assert '<th scope="row">文号</th><td>平政办发〔2023〕51号</td>' in doc
    assert '<th scope="row">公开属性</th><td>主动公开</td>' in doc
    assert (
        '<th scope="row">有效性</th><td><span class="gb-status gb-status--valid">有效</span></td>'
        in doc
    )
    assert (
        '<a href="../../interpretations/2023/pzbf-51-jd.html">'
        "《平凉市2023年政务公开工作要点》政策解读</a> "
        '<span class="gb-tag">政策问答</span> <time datetime="2023-05-22">2023-05-22</time>'
    ) in doc
    assert "跟踪解读：政务公开工作要点落实情况</a>" in doc
    assert '<span class="gb-tag gb-tag--round">第2轮（跟踪解读）</span>' in doc
    assert '<span class="gb-tag gb-tag--round">首次解读</span>' in doc

    jd = result.read("interpretations/2023/pzbf-51-jd.html")
    assert '<h2 id="gb-original">政策原文</h2>' in jd
    assert (
        '<a href="../../policies/2023/pzbf-51.html">'
        "平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知</a>"
    ) in jd
    assert '<th scope="row">解读形式</th><td>政策问答</td>' in jd

    archive = result.read("archive/documents/2023/index.html")
    assert '<a href="../../../policies/2023/pzbf-51.html">' in archive
    assert 'title="查看解读：《平凉市2023年政务公开工作要点》政策解读">已解读</a>' in archive


def test_documents_are_not_in_the_global_nav(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DOC: policy(), JD: interpretation()})
    result = build_site(site)
    assert result.ok, result.log
    home = result.read("index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("md-sidebar--secondary")]
    assert "政策文件" in nav and "政策解读" in nav
    assert "pzbf-51" not in nav
    assert "政务公开工作要点的通知" not in nav


def test_gate_lists_every_document_without_interpretation(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            DOC: policy(),
            "content/policies/2023/b.md": policy(
                title="关于加强政策解读工作的通知", doc_number="平政办发〔2023〕60号"
            ),
            "content/policies/2023/c.md": policy(
                title="关于印发会议纪要的通知",
                doc_number="平政办发〔2023〕61号",
                interpretation="exempt",
                exempt_reason="内部工作安排，不涉及公众权利义务",
            ),
        },
    )
    result = build_site(site)
    assert not result.ok
    assert (
        "发现 2 个错误，未生成网站：\n"
        "content/policies/2023/b.md:2: 三同步：平政办发〔2023〕60号《关于加强政策解读工作的通知》"
        "（发布日期 2023-05-22）没有配套的解读材料。 修改建议：在 interpretations/ 下新增解读，"
        "头信息写 interprets: 平政办发〔2023〕60号，发布日期不晚于 2023-05-22；"
        "如确实无需解读，设置 interpretation: exempt 并写明 exempt_reason。\n"
        "content/policies/2023/pzbf-51.md:2: 三同步：平政办发〔2023〕51号"
        "《平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知》"
        "（发布日期 2023-05-22）没有配套的解读材料。"
    ) in result.log
    assert not (tmp_path / "site" / "index.html").exists()


def test_gate_fails_late_interpretation_and_honours_tolerance(tmp_path: Path) -> None:
    files = {DOC: policy(), JD: interpretation(published="2023-05-25")}
    result = build_site(write_site(tmp_path / "strict", files))
    assert not result.ok
    assert (
        "content/policies/2023/pzbf-51.md:5: 三同步：平政办发〔2023〕51号"
        "《平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知》发布于 2023-05-22，"
        "其解读未在同日发布：interpretations/2023/pzbf-51-jd.md（2023-05-25）。 修改建议："
        "把至少一份解读的 published（发布日期）提前到 2023-05-22 或之前，与文件同步发布；"
    ) in result.log

    lenient = build_site(write_site(tmp_path / "lenient", files, {"sync_tolerance_days": 3}))
    assert lenient.ok, lenient.log


def test_failed_build_leaves_previous_site_intact(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DOC: policy(), JD: interpretation()})
    assert build_site(site).ok
    before = (tmp_path / "site" / "policies/2023/pzbf-51.html").read_bytes()
    (tmp_path / JD).unlink()
    assert not build_site(site).ok
    assert (tmp_path / "site" / "policies/2023/pzbf-51.html").read_bytes() == before


def test_reference_and_uniqueness_errors(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            DOC: policy(id="pz-51"),
            "content/policies/2023/dup.md": policy(
                title="另一份文件", doc_number="平政办发[2023]51号", id="pz-51"
            ),
            JD: interpretation(interprets=["平政办发〔2023〕51号", "平政办发〔2023〕99号"]),
            "content/policies/2023/exempt.md": policy(
                title="免于解读但无理由", doc_number="平政办发〔2023〕70号", interpretation="exempt"
            ),
        },
    )
    result = build_site(site)
    assert not result.ok
    assert (
        "content/policies/2023/pzbf-51.md:6: 标识 'pz-51' 与 content/policies/2023/dup.md 重复。"
        " 修改建议：为其中一个文件设置不同的 id（标识）。"
    ) in result.log
    assert (
        "content/policies/2023/pzbf-51.md:4: 文号 平政办发〔2023〕51号 与 content/policies/2023/dup.md"
        " 的文号 平政办发[2023]51号 相同。"
    ) in result.log
    assert (
        "interpretations/2023/pzbf-51-jd.md:5: 解读对象 '平政办发〔2023〕99号' 找不到对应的政策文件"
        "（按文号和 id 均未找到）。"
    ) in result.log
    assert (
        "content/policies/2023/exempt.md:6: 标记为免于解读（interpretation: exempt），但没有写明理由。"
        " 修改建议：加入 exempt_reason（免于解读理由），说明为何不需要解读。"
    ) in result.log


def test_chinese_aliases_build_the_same_page(tmp_path: Path) -> None:
    chinese = (
        "---\n标题: 关于推进政务公开标准化规范化的通知\n文号: 平政办发〔2023〕52号\n"
        "发文机关: 平凉市人民政府办公室\n成文日期: 2023-05-20\n发布日期: 2023-05-22\n"
        "公开属性: 主动公开\n规范性文件: 是\n有效性: 有效\n索引号: 11620800/2023-00052\n"
        "主题分类: 综合政务\n---\n\n正文。\n"
    )
    jd = (
        "---\n标题: 政务公开标准化规范化解读\n发布日期: 2023-05-22\n解读机关: 平凉市人民政府办公室\n"
        "解读对象: 平政办发（2023）52号\n解读形式: 图文解读\n解读轮次: 1\n---\n\n解读正文。\n"
    )
    result = build_site(
        write_site(tmp_path, {DOC: chinese, JD: jd}, {"normative_in_gazette": "off"})
    )
    assert result.ok, result.log
    page = result.read("policies/2023/pzbf-51.html")
    assert "<title>关于推进政务公开标准化规范化的通知" in page
    assert '<th scope="row">成文日期</th><td><time datetime="2023-05-20">' in page
    assert '<th scope="row">索引号</th><td>11620800/2023-00052</td>' in page
    assert '政务公开标准化规范化解读</a> <span class="gb-tag">图文解读</span>' in page


def test_unknown_key_warns_with_nearest_key_and_fails_strict(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DOC: policy(publisher="平凉市"), JD: interpretation()})
    result = build_site(site)
    assert not result.ok
    assert (
        "WARNING: gongbao: content/policies/2023/pzbf-51.md:6: 未知字段 'publisher'（政策文件），将被忽略。"
        " 修改建议：是不是 published？"
    ) in result.log
    assert build_site(site, strict=False).ok


def test_doc_number_lint_suggests_the_standard_form(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            DOC: policy(doc_number="平政办发[23]第051号"),
            JD: interpretation(interprets="平政办发〔2023〕51号"),
        },
    )
    result = build_site(site, strict=False)
    assert result.ok
    assert (
        "content/policies/2023/pzbf-51.md:4: 文号 平政办发[23]第051号 不符合 GB/T 9704-2012 7.2.5"
        "（年份用六角括号〔〕括入且写全，顺序号不加“第”、不编虚位）。 修改建议：改为 平政办发〔2023〕51号。"
    ) in result.log


def test_non_public_documents_never_reach_any_output(tmp_path: Path) -> None:
    secret_title = "关于某征地补偿个案处理意见的函"
    secret_body = "该地块补偿标准依申请方可查阅的具体内容"
    site = write_site(
        tmp_path,
        {
            DOC: policy(),
            JD: interpretation(),
            "content/policies/2023/on-request.md": policy(
                title=secret_title,
                doc_number="平政办函〔2023〕88号",
                disclosure="依申请公开",
                body=secret_body,
            ),
            "content/policies/2023/withheld.md": policy(
                title="不予公开的内部请示",
                doc_number="平政办函〔2023〕89号",
                公开属性="不予公开",
                body="内部讨论记录。",
            ),
        },
    )
    result = build_site(site)
    assert result.ok, result.log
    text = site_text(result.site)
    for needle in (
        secret_title,
        secret_body,
        "平政办函〔2023〕88号",
        "on-request",
        "不予公开的内部请示",
        "withheld",
    ):
        assert needle not in text
    assert not list(result.site.rglob("*on-request*"))


def test_interpretation_of_a_non_public_document_is_an_error(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            DOC: policy(disclosure="依申请公开"),
            JD: interpretation(),
        },
    )
    result = build_site(site)
    assert not result.ok
    assert (
        "interpretations/2023/pzbf-51-jd.md:5: 解读对象 平政办发〔2023〕51号"
        "《平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知》"
        "（content/policies/2023/pzbf-51.md）的公开属性为依申请公开，其解读不能公开发布。"
    ) in result.log


def test_repealed_document_carries_a_banner_linking_the_repealing_one(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            DOC: policy(validity="废止", repealed_by="平政办发〔2024〕3号"),
            JD: interpretation(),
            "content/policies/2024/new.md": policy(
                title="平凉市2024年政务公开工作要点",
                doc_number="平政办发〔2024〕3号",
                published="2024-03-01",
                body="本要点印发后，平政办发〔2023〕51号同时废止。",
            ),
            "interpretations/2024/new-jd.md": interpretation(
                interprets="平政办发〔2024〕3号", title="2024年要点解读", published="2024-03-01"
            ),
        },
    )
    result = build_site(site)
    assert result.ok, result.log
    old = result.read("policies/2023/pzbf-51.html")
    assert (
        '<div class="gb-banner gb-banner--repealed" role="note"><strong>本文件已废止。</strong>'
        '依据：<a href="../2024/new.html">平凉市2024年政务公开工作要点</a>（平政办发〔2024〕3号）。'
    ) in old
    new = result.read("policies/2024/new.html")
    # Both directions of the repeal relation, and the 文号 mention in body text.
    assert '<h2 id="gb-repeals">本文件废止的文件</h2>' in new
    assert '本要点印发后，<a href="../2023/pzbf-51.html">平政办发〔2023〕51号</a>同时废止。' in new
    archive = result.read("archive/documents/2023/index.html")
    assert '<span class="gb-status gb-status--repealed">已废止</span>' in archive


def test_every_relative_link_resolves_with_and_without_directory_urls(tmp_path: Path) -> None:
    files = {DOC: policy(), JD: interpretation(), "content/pages/guide.md": "# 指南\n\n正文。\n"}
    for directory_urls in (False, True):
        root = write_site(tmp_path / str(directory_urls), files, use_directory_urls=directory_urls)
        result = build_site(root)
        assert result.ok, result.log
        checked = 0
        for page in result.site.rglob("*.html"):
            for href in re.findall(r'href="([^"#?]+)', page.read_text(encoding="utf-8")):
                if re.match(r"[a-z]+:", href) or href.startswith("/"):
                    continue
                target = (page.parent / href).resolve()
                if target.is_dir():
                    target = target / "index.html"
                assert target.exists(), f"{page.relative_to(result.site)} → {href}"
                checked += 1
        assert checked > 50


def test_site_loads_nothing_from_other_hosts(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, {DOC: policy(), JD: interpretation()}))
    assert result.ok, result.log
    for page in result.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page.name, tag)


def test_headings_keep_chinese_anchors(tmp_path: Path) -> None:
    result = build_site(
        write_site(
            tmp_path,
            {DOC: policy(body="## 第一章　总则\n\n第一条 为了规范……\n"), JD: interpretation()},
        )
    )
    assert result.ok, result.log
    assert '<h2 id="第一章-总则">' in result.read("policies/2023/pzbf-51.html")
    assert '<h2 id="一出台背景">' in result.read("interpretations/2023/pzbf-51-jd.html")


def test_archive_is_paginated_newest_first(tmp_path: Path) -> None:
    files = {}
    for n in range(1, 121):
        day = f"2023-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}"
        files[f"content/policies/2023/d{n:03d}.md"] = policy(
            title=f"测试文件{n:03d}", doc_number=f"平政办发〔2023〕{n}号", published=day
        )
        files[f"interpretations/2023/d{n:03d}.md"] = interpretation(
            interprets=f"平政办发〔2023〕{n}号", title=f"测试解读{n:03d}", published=day
        )
    result = build_site(write_site(tmp_path, files))
    assert result.ok, result.log
    first = result.read("archive/documents/2023/index.html")
    assert first.count("<tr><td>平政办发") == 50
    assert '<a href="3.html">第3页</a>' in first
    third = result.read("archive/documents/2023/3.html")
    assert third.count("<tr><td>平政办发") == 20
    dates = re.findall(
        r'<td><time datetime="([\d-]+)">',
        first + result.read("archive/documents/2023/2.html") + third,
    )
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 120
