"""Citations on real corpus texts (tests/data/corpus): 文号 in every common spelling and
《titles》 with their 书名号 nesting, found, linked both ways in the graph, never to oneself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongbao.core.graph import (
    RelationKind,
    build_link_graph,
    find_citations,
    title_index,
    title_key,
)
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import PolicyDocument
from tests.corpus import corpus, doc, interp

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def real(name: str, **fields: Any) -> PolicyDocument:
    """A document whose body is a real text of the corpus, with its title, 文号 and date."""
    header, _, body = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").partition("-" * 40)
    meta = dict(line.split("：", 1) for line in header.splitlines() if "：" in line)
    published = meta["发布日期"].replace("年", "-").replace("月", "-").rstrip("日")
    values: dict[str, Any] = {
        "title": meta["标题"],
        "doc_number": meta["文号"],
        "body": body.strip("\n"),
    }
    values.update(fields)
    return doc(name, published=published, **values)


def _index(*docs: PolicyDocument) -> tuple[dict[str, PolicyDocument], dict[str, PolicyDocument]]:
    return {doc_number_key(d.doc_number): d for d in docs if d.doc_number}, title_index(docs)


def _cited(text: str, *docs: PolicyDocument, exclude: str = "") -> list[tuple[str, str]]:
    numbers, titles = _index(*docs)
    return [(text[s:e], d.id) for s, e, d in find_citations(text, numbers, titles, exclude)]


def test_doc_numbers_in_every_common_spelling_on_a_real_text() -> None:
    held = real("policy_16")  # 国办发〔2018〕115号
    body = real("policy_18").body
    spellings = [
        "国办发〔2018〕115号",
        "国办发[2018]115号",
        "国办发(2018)115号",
        "国办发（2018）115号",
        "国办发［２０１８］１１５号",
        "国办发〔2018〕第115号",
        "国办发〔2018〕0115号",
    ]
    for spelling in spellings:
        text = body.replace("各省、自治区、直辖市人民政府", f"按照{spelling}要求，各省", 1)
        assert _cited(text, held) == [(spelling, "policy_16")], spelling


def test_titles_of_published_documents_with_their_nesting() -> None:
    # The real body of policy_13 cites 《国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定》
    # and its own title; the amending decision's front matter nests with 《》.
    regulation = real("policy_13")
    decision = doc("decision", title="国务院关于修改《中华人民共和国个人所得税法实施条例》的决定")
    found = _cited(regulation.body, regulation, decision, exclude="policy_13")
    assert (
        found
        == [("《国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定》", "decision")] * 3
    )
    # Without the decision on the site, the title quoted inside it is the regulation itself,
    # which another page does cite (its number, 国务院令第707号 for 国令第707号, is found too).
    titles = [c for c in _cited(regulation.body, regulation) if c[0].startswith("《")]
    assert titles[0] == ("《中华人民共和国个人所得税法实施条例》", "policy_13")
    inner = [
        c
        for c in _cited(regulation.body, regulation)
        if c[0] == "〈中华人民共和国个人所得税法实施条例〉"
    ]
    assert len(inner) == 3
    # Editors also nest 《》 in 《》: the same title.
    assert title_key("关于印发〈办法〉的通知") == title_key("关于印发《办法》的通知")
    assert _cited(
        "见《国务院关于修改《中华人民共和国个人所得税法实施条例》的决定》。", decision
    ) == [("《国务院关于修改《中华人民共和国个人所得税法实施条例》的决定》", "decision")]


def test_the_issue_example_and_what_is_not_a_citation() -> None:
    media = real("policy_18")  # 国务院办公厅关于推进政务新媒体健康有序发展的意见
    text = "根据《国务院办公厅关于推进政务新媒体健康有序发展的意见》（国办发〔2018〕123号），……"
    assert _cited(text, media) == [
        ("《国务院办公厅关于推进政务新媒体健康有序发展的意见》", "policy_18"),
        ("国办发〔2018〕123号", "policy_18"),
    ]
    # Not the exact title, a shared title, a title of a document the site does not hold.
    twin_a, twin_b = (
        doc("t1", title="关于做好安全生产工作的通知"),
        doc("t2", title="关于做好安全生产工作的通知"),
    )
    assert _cited("《国务院办公厅关于推进政务新媒体发展的意见》", media) == []
    assert _cited("《关于做好安全生产工作的通知》", twin_a, twin_b) == []
    assert _cited(real("policy_16").body, media) == []


def test_the_graph_links_citations_both_ways_documents_and_interpretations() -> None:
    media = real("policy_18")
    review = real(
        "policy_16",
        body=real("policy_16").body
        + "\n参照《国务院办公厅关于推进政务新媒体健康有序发展的意见》执行。",
    )
    talk = interp(
        "jd",
        interprets=("policy_16",),
        published="2019-01-05",
        body="本意见（国办发〔2018〕115号）与国办发[2018]123号配套实施。",
    )
    graph = build_link_graph(corpus(media, review, talk))
    assert graph.cites("policy_16") == (media,)
    # The interpretation cites 123号, not the document it interprets.
    assert graph.cites("jd") == (media,)
    assert graph.cited_by("policy_18") == (review, talk)
    assert graph.cited_by("policy_16") == ()
    relation = graph.outgoing(RelationKind.CITES, "policy_16")[0]
    assert (relation.target, relation.date) == ("policy_18", review.published)
    # A real body mentions its own 文号 at its head: no citation of itself.
    assert graph.cites("policy_18") == ()


def test_mention_spans_match_the_mention_regex_on_real_and_random_text() -> None:
    import random

    from gongbao.core.graph.mentions import MENTION_RE, mention_spans

    texts = [(CORPUS / f"policy_{n}.txt").read_text(encoding="utf-8") for n in range(11, 19)]
    pieces = [
        "平政发",
        "国务院令",
        "令第",
        "公告",
        "2024年",
        "第",
        "〔2019〕",
        "[2018]",
        "（２０１８）",
        "5号",
    ]
    pieces += ["12号", "，", "的", " ", "\n", "a", "《", "》", "0", "号", "（", "）", "海关总署"]
    rng = random.Random(19)
    texts += ["".join(rng.choice(pieces) for _ in range(40)) for _ in range(3000)]
    for text in texts:
        expected = [m.span() for m in MENTION_RE.finditer(text)]
        assert list(mention_spans(text)) == expected, text
