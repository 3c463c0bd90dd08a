"""意见征集 and its 反馈 gate: each error with its exact message, the published view, and the
pages (document ↔ consultation, the column by stage)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.publish.pipeline import check_site
from gongbao.core.publish.view import published_view
from tests.sites import build_site, interpretation, policy, site_text, source, write_site

CONSULTATION = "consultations/2023/zj-1.md"


def consultation(feedback: dict[str, Any] | None = None, **fields: Any) -> str:
    """A consultation of the 2023 要点 draft, open in April 2023."""
    meta: dict[str, Any] = {
        "title": "关于《平凉市2023年政务公开工作要点（征求意见稿）》公开征求意见的公告",
        "issuer": "平凉市人民政府办公室",
        "published": "2023-04-01",
        "id": "zj-2023-1",
        "opens": "2023-04-01",
        "closes": "2023-04-30",
    }
    meta.update(fields)
    if feedback is not None:
        meta["feedback"] = feedback
    return source(meta, "## 征求意见稿\n\n第一条 为推进政务公开，制定本要点。")


FEEDBACK = {
    "published": "2023-05-10",
    "summary": "征集期内共收到意见建议 2 条。",
    "adopted": [{"opinion": "增加图解解读"}],
    "not_adopted": [{"opinion": "取消解读环节", "reason": "与三同步要求不符"}],
}


def _check(root: Path, files: dict[str, str], as_of: str = "2023-06-01") -> list[Finding]:
    write_site(root, files)
    settings = Settings(
        root=root, as_of=datetime.date.fromisoformat(as_of), normative_in_gazette="off"
    )
    return check_site(settings)[1]


def _site(**docs: str) -> dict[str, str]:
    return {"interpretations/a.md": interpretation(), **docs}


def test_a_document_with_fed_back_consultation_passes(tmp_path: Path) -> None:
    files = _site(**{"content/policies/a.md": policy(consultation="zj-2023-1")})
    files[CONSULTATION] = consultation(FEEDBACK)
    assert _check(tmp_path, files) == []


def test_a_consultation_that_does_not_exist(tmp_path: Path) -> None:
    files = _site(**{"content/policies/a.md": policy(consultation="zj-2099-9")})
    [finding] = _check(tmp_path, files)
    assert finding.code == "consultation.unresolved"
    assert finding.format() == (
        "content/policies/a.md:6: 意见征集 'zj-2099-9' 找不到（consultations/ 中没有这个 id）。"
        " 修改建议：核对 consultation（意见征集）是否与 consultations/ 中某份意见征集的 id 一致。"
    )


def test_a_consultation_without_feedback_stops_the_document(tmp_path: Path) -> None:
    files = _site(**{"content/policies/a.md": policy(consultation="zj-2023-1")})
    files[CONSULTATION] = consultation()
    [finding] = _check(tmp_path, files, as_of="2023-05-22")
    assert finding.code == "consultation.no_feedback"
    assert finding.format() == (
        "content/policies/a.md:6: 平政办发〔2023〕51号《平凉市人民政府办公室关于印发平凉市2023年"
        "政务公开工作要点的通知》（发布日期 2023-05-22）的意见征集“关于《平凉市2023年政务公开工作"
        "要点（征求意见稿）》公开征求意见的公告”（consultations/2023/zj-1.md）尚未公布反馈：先反馈，"
        "后发布。 修改建议：在 consultations/2023/zj-1.md 的头信息中加入 feedback（反馈），"
        "反馈日期不晚于 2023-05-22。"
    )


def test_feedback_after_the_document_is_an_error(tmp_path: Path) -> None:
    files = _site(**{"content/policies/a.md": policy(consultation="zj-2023-1")})
    files[CONSULTATION] = consultation({**FEEDBACK, "published": "2023-05-25"})
    [finding] = _check(tmp_path, files)
    assert finding.code == "consultation.feedback_late"
    assert finding.format() == (
        "content/policies/a.md:6: 平政办发〔2023〕51号《平凉市人民政府办公室关于印发平凉市2023年"
        "政务公开工作要点的通知》发布于 2023-05-22，其意见征集“关于《平凉市2023年政务公开工作要点"
        "（征求意见稿）》公开征求意见的公告”的反馈晚至 2023-05-25 才公布（consultations/2023/zj-1.md）。"
        " 修改建议：把反馈日期提前到 2023-05-22 或之前，或推迟文件的发布日期。"
    )


def test_a_not_adopted_opinion_needs_its_reason(tmp_path: Path) -> None:
    feedback = {**FEEDBACK, "not_adopted": [{"opinion": "取消解读环节"}, "延长征集期"]}
    [first, second] = _check(tmp_path, {CONSULTATION: consultation(feedback)})
    assert first.format() == (
        "consultations/2023/zj-1.md:8: 未采纳的第 1 条意见“取消解读环节”没有写明理由："
        "就未采纳意见建议说明理由。 修改建议：在这条意见下加入 reason（理由），说明为何不予采纳。"
    )
    assert second.code == "consultation.reason_missing"
    assert second.message == (
        "未采纳的第 2 条意见“延长征集期”没有写明理由：就未采纳意见建议说明理由。"
    )


def test_dates_out_of_order(tmp_path: Path) -> None:
    files = {
        CONSULTATION: consultation({**FEEDBACK, "published": "2023-04-20"}, closes="2023-03-01")
    }
    found = _check(tmp_path, files)
    assert [f.code for f in found] == ["consultation.dates"]
    assert [f.message for f in found] == [
        "征集截止 2023-03-01 早于征集开始 2023-04-01。",
    ]
    [finding] = _check(tmp_path, {CONSULTATION: consultation(FEEDBACK, opens="2023-03-25")})
    assert finding.format() == (
        "consultations/2023/zj-1.md:6: 征集开始 2023-03-25 早于发布日期 2023-04-01："
        "草案公布之前，公众无从提出意见。 修改建议：把 opens（征集开始）改为发布日期当日或之后。"
    )
    files = {CONSULTATION: consultation({**FEEDBACK, "published": "2023-04-20"})}
    [finding] = _check(tmp_path, files)
    assert finding.message == "反馈日期 2023-04-20 早于征集截止 2023-04-30：征集尚未结束就已反馈。"


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    text = consultation().replace("closes: '2023-04-30'\n", "")
    [finding] = _check(tmp_path, {CONSULTATION: text})
    assert finding.format() == (
        "consultations/2023/zj-1.md: 意见征集缺少必填字段 closes（征集截止）。"
        " 修改建议：在头信息中加入一行：closes: 2024-03-31。"
    )


def test_overdue_feedback_is_a_warning(tmp_path: Path) -> None:
    files = {CONSULTATION: consultation()}
    assert _check(tmp_path, files, as_of="2023-05-30") == []
    [finding] = _check(tmp_path, files, as_of="2023-06-01")
    assert finding.code == "consultation.feedback_overdue"
    assert not finding.is_error
    assert finding.format() == (
        "consultations/2023/zj-1.md:7: 意见征集“关于《平凉市2023年政务公开工作要点（征求意见稿）》"
        "公开征求意见的公告”已于 2023-04-30 截止，32 天仍未反馈（期限 30 天）。"
        " 修改建议：整理收到的意见，在头信息中加入 feedback（反馈），写明采纳和未采纳的意见及理由。"
    )


def test_leaks_in_feedback_fail_the_build(tmp_path: Path) -> None:
    feedback = {**FEEDBACK, "adopted": [{"opinion": "请联系 13912345678 反映"}]}
    [finding] = _check(tmp_path, {CONSULTATION: consultation(feedback)})
    assert finding.code == "leak.personal"
    assert finding.path == CONSULTATION


def test_review_sign_off_applies(tmp_path: Path) -> None:
    write_site(tmp_path, {CONSULTATION: consultation(FEEDBACK)})
    settings = Settings(root=tmp_path, as_of=datetime.date(2023, 6, 1), require_review=True)
    [finding] = check_site(settings)[1]
    assert (finding.code, finding.path) == ("review.missing", CONSULTATION)


def test_the_published_view_holds_back_drafts_and_early_feedback(tmp_path: Path) -> None:
    from gongbao.core.sources.load import load_corpus

    write_site(tmp_path, {CONSULTATION: consultation(FEEDBACK)})
    corpus, _ = load_corpus(Settings(root=tmp_path))
    assert published_view(corpus, datetime.date(2023, 3, 31))[0].consultations == ()
    [open_one] = published_view(corpus, datetime.date(2023, 5, 9))[0].consultations
    assert open_one.feedback is None
    [done] = published_view(corpus, datetime.date(2023, 5, 10))[0].consultations
    assert done.feedback is not None and done.feedback.summary == "征集期内共收到意见建议 2 条。"


def test_pages_link_both_ways_and_the_column_counts(tmp_path: Path) -> None:
    body = "草案曾[公开征求意见](@zj-2023-1#gb-feedback)。"
    files = _site(**{"content/policies/a.md": policy(consultation="zj-2023-1", body=body)})
    files[CONSULTATION] = consultation(FEEDBACK, attachments=["起草说明.txt"])
    files["content/policies/b.md"] = policy(
        title="不公开的据此文件",
        doc_number="平政办发〔2023〕77号",
        disclosure="依申请公开",
        consultation="zj-2023-1",
    )
    files["consultations/2023/起草说明.txt"] = "起草说明。"
    files["consultations/2023/zj-2.md"] = consultation(
        id="zj-2023-2",
        title="关于某办法公开征求意见的公告",
        opens="2023-05-20",
        closes="2023-06-10",
    )
    files["consultations/2023/zj-3.md"] = consultation(
        id="zj-2023-3", title="关于另一办法公开征求意见的公告", closes="2023-05-15"
    )
    files["consultations/2023/zj-9.md"] = consultation(
        id="zj-2023-9",
        title="尚未发布的征集",
        published="2023-07-01",
        opens="2023-07-01",
        closes="2023-07-31",
        attachments=["草案.txt"],
    )
    files["consultations/2023/草案.txt"] = "未发布的草案。"
    write_site(tmp_path, files, {"as_of": "2023-06-01", "normative_in_gazette": "off"})
    result = build_site(tmp_path)
    assert result.ok, result.log
    doc = result.read("policies/a.html")
    assert '本文件草案已公开征求意见：<a href="../consultations/2023/zj-1.html">' in doc
    assert '<a href="../consultations/2023/zj-1.html#gb-feedback">意见反馈</a>' in doc
    assert '<a href="../consultations/2023/zj-1.html#gb-feedback">公开征求意见</a>' in doc
    page = result.read("consultations/2023/zj-1.html")
    assert '<meta name="PubDate" content="2023-04-01">' in page
    assert '<meta name="ColumnName" content="意见征集">' in page
    assert '<h2 id="gb-consulted">据此制发的文件</h2>' in page
    assert '<a href="../../policies/a.html">' in page
    assert (
        '<li>取消解读环节<br><span class="gb-muted">未采纳理由：与三同步要求不符</span></li>'
        in page
    )
    assert '<a href="起草说明.txt" download>起草说明.txt</a>' in page
    assert (result.site / "consultations/2023/起草说明.txt").is_file()
    column = result.read("archive/consultations/index.html")
    assert "共 3 件意见征集：征集中 1 件，已截止待反馈 1 件，已反馈 1 件。" in column
    assert "剩余 10 天" in column
    assert "反馈 2023-05-10" in column
    # The draft not yet published is nowhere, nor its attachment.
    text = site_text(result.site)
    assert "尚未发布的征集" not in text
    assert "不公开的据此文件" not in text and "平政办发〔2023〕77号" not in text
    assert not (result.site / "consultations/2023/草案.txt").exists()
    assert not (result.site / "consultations/2023/zj-9.html").exists()


def test_a_missing_attachment(tmp_path: Path) -> None:
    files = {CONSULTATION: consultation(FEEDBACK, attachments=["起草说明.pdf"])}
    [finding] = _check(tmp_path, files)
    assert finding.code == "consultation.attachment"
    assert finding.format() == (
        "consultations/2023/zj-1.md:8: 附件 '起草说明.pdf' 文件不存在。 修改建议："
        "核对 attachments（附件）中的路径（相对于该意见征集文件），或把文件放到该位置。"
    )


def test_a_long_stage_continues_on_further_pages(tmp_path: Path) -> None:
    files = {
        f"consultations/2023/zj-{n}.md": consultation(
            FEEDBACK,
            id=f"zj-2023-{n}",
            title=f"第{n}份意见征集",
            published=f"2023-04-0{n}",
            opens=f"2023-04-0{n}",
        )
        for n in (1, 2, 3)
    }
    write_site(tmp_path, files, {"as_of": "2023-06-01", "per_page": 2})
    result = build_site(tmp_path)
    assert result.ok, result.log
    column = result.read("archive/consultations/index.html")
    assert "已反馈（3 件）" in column
    assert "第3份意见征集" in column and "第2份意见征集" in column
    assert "第1份意见征集" not in column
    assert '<a href="done/2.html">第2页</a>' in column
    more = result.read("archive/consultations/done/2.html")
    assert "第1份意见征集" in more and '<a href="../index.html">← 意见征集</a>' in more
