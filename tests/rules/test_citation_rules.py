"""Citation and round rules in memory: a 文号 of the site's own 代字 that names nothing, rounds
out of date order, media files that are not there; exact messages."""

from __future__ import annotations

from gongbao.core.findings import Severity
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import InterpretationForm
from gongbao.core.rules import RULES
from gongbao.core.rules.citations import site_series, unresolved_citations
from gongbao.core.rules.rounds import interpretation_media, round_order
from tests.corpus import codes, corpus, doc, interp, messages, settings


def test_an_unresolved_number_with_the_sites_own_prefix_is_a_warning_with_its_line() -> None:
    records = corpus(
        doc("a", doc_number="平政发〔2019〕3号"),
        doc(
            "b",
            doc_number="平政办发〔2020〕1号",
            body_line=9,
            body="依据平政发〔2019〕3号。\n\n根据国发〔2019〕5号、国办发〔2018〕115号，\n"
            "现印发平政发（２０９９）第08号，废止平政办发[2020]1号。",
        ),
        interp("j", interprets=("a",), body_line=7, body="另见平政发〔2019〕4号。"),
    )
    assert site_series(records) == {"平政发": 2019, "平政办发": 2020}
    found = list(unresolved_citations(records, settings()))
    assert codes(found) == ["citation.unresolved"] * 2
    assert {f.severity for f in found} == {Severity.WARNING}
    assert messages(found) == [
        "content/b.md:12: 正文引用的文号 平政发（２０９９）第08号 在本站找不到对应的政策文件"
        "（本站的 平政发 字号文件中没有这一号）。 修改建议：核对文号是否写错；被引用的文件尚未收录时，把它加入 content/。",
        "interpretations/j.md:7: 正文引用的文号 平政发〔2019〕4号 在本站找不到对应的政策文件"
        "（本站的 平政发 字号文件中没有这一号）。 修改建议：核对文号是否写错；被引用的文件尚未收录时，把它加入 content/。",
    ]
    assert "citation" in RULES


def test_national_numbers_and_withheld_or_broken_documents_are_left_alone() -> None:
    body = "根据国发〔2099〕1号和令第5号，以及平政发〔2019〕7号、平政发〔2019〕8号。"
    records = Corpus(
        (doc("a", doc_number="平政发〔2019〕7号"), doc("b", body=body)),
        broken_refs=frozenset({doc_number_key("平政发〔2019〕8号")}),
    )
    assert list(unresolved_citations(records, settings())) == []
    # A series the site holds from 2018 on does not claim the years before: 国发〔1997〕37号 cited
    # beside the one 国发 document the site carries is history, not a typo; 国发〔2019〕2号 is.
    held = doc("n", doc_number="国发〔2018〕41号")
    citing = doc("c", body="根据国发〔1997〕37号和国发〔2019〕2号。")
    found = list(unresolved_citations(corpus(held, citing), settings()))
    assert [f.message for f in found] == [
        "正文引用的文号 国发〔2019〕2号 在本站找不到对应的政策文件（本站的 国发 字号文件中没有这一号）。"
    ]
    # A site with no 文号 of its own checks nothing.
    assert list(unresolved_citations(corpus(doc("b", body=body)), settings())) == []


def test_a_later_round_dated_before_an_earlier_one_is_an_error() -> None:
    records = corpus(
        doc("a", doc_number="平政发〔2019〕3号"),
        interp("j1", published="2023-05-22"),
        interp("j2", round=2, published="2023-09-01"),
        interp("j3", round=3, published="2023-06-01", key_lines={"round": 6}),
        interp("k2", interprets=("a", "a"), round=2, published="2023-05-22"),
    )
    found = list(round_order(records, settings()))
    assert codes(found) == ["round.order"]
    assert found[0].severity is Severity.ERROR
    assert messages(found) == [
        "interpretations/j3.md:6: 第3轮解读（2023-06-01）早于同一文件平政发〔2019〕3号《关于a的通知》"
        "的第2轮解读 interpretations/j2.md（2023-09-01）。"
        " 修改建议：核对两份解读的 round（解读轮次）和 published（发布日期）：轮次应按发布先后编号。"
    ]


def test_media_an_interpretation_names_must_be_files_of_its_folder() -> None:
    video = interp(
        "v",
        form=InterpretationForm.VIDEO,
        video="media/v.mp4",
        poster="v.jpg",
        captions="../../secret.vtt",
        images=("a.png", "b.png"),
        key_lines={"video": 5, "poster": 6, "captions": 7, "images": 8},
    )
    records = Corpus(
        (doc("a"),),
        (video,),
        files=("interpretations/media/v.mp4", "interpretations/a.png"),
    )
    found = list(interpretation_media(records, settings()))
    assert codes(found) == ["round.media"] * 3
    assert messages(found) == [
        "interpretations/v.md:6: poster（封面）'v.jpg'：文件不存在（按本文件所在目录解析为 interpretations/v.jpg）。"
        " 修改建议：把文件放在解读同目录（或其子目录）中，写相对路径，如 poster: 封面.jpg。",
        "interpretations/v.md:7: captions（字幕）'../../secret.vtt'：不在 interpretations/ 中"
        "（按本文件所在目录解析为 ../secret.vtt）。"
        " 修改建议：把文件放在解读同目录（或其子目录）中，写相对路径，如 captions: 字幕.vtt。",
        "interpretations/v.md:8: images（第 2 张图片）'b.png'：文件不存在（按本文件所在目录解析为 interpretations/b.png）。"
        " 修改建议：把文件放在解读同目录（或其子目录）中，写相对路径，如 images: [图1.png]。",
    ]
