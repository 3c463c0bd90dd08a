"""A document's status and timeline from the published graph (core/graph/lifecycle.py)."""

from __future__ import annotations

from gongbao.core.graph import Status, build_link_graph, document_status, timeline
from gongbao.core.model.records import Disclosure, Validity
from gongbao.core.publish.view import published_view
from tests.corpus import corpus, day, doc, interp, issue

TODAY = day("2025-01-01")


def test_every_status_with_its_date_and_what_made_it_so() -> None:
    records = corpus(
        doc("valid"),
        doc("amended", published="2020-01-01"),
        doc("amender", published="2021-03-01", effective=day("2021-04-01"), amends=("amended",)),
        doc("later-amender", published="2022-03-01", amends=("amended",)),
        doc("replaced", published="2019-01-01", valid_until=day("2030-12-31")),
        doc("replacer", published="2023-01-01", replaces=("replaced",)),
        doc("repealed", published="2018-01-01", repealed_by="repealer", validity=Validity.REPEALED),
        doc("repealer", published="2024-01-01", effective=day("2024-02-01")),
        doc("expired", published="2020-01-01", valid_until=day("2024-12-31")),
        doc("still", published="2020-01-01", valid_until=day("2025-01-01")),
        doc("said-expired", validity=Validity.EXPIRED),
        doc("said-repealed", validity=Validity.REPEALED),
    )
    graph = build_link_graph(records)
    by_id = {d.id: d for d in records.policies}

    def status(doc_id: str) -> tuple[str, str, str]:
        state = document_status(by_id[doc_id], graph, TODAY)
        since = state.date.isoformat() if state.date else ""
        return state.status.value, since, state.by.id if state.by else ""

    assert status("valid") == ("有效", "", "")
    # The last amendment, from its 施行日期 when it has one.
    assert status("amended") == ("已修改", "2022-03-01", "later-amender")
    assert status("replaced") == ("已被代替", "2023-01-01", "replacer")
    assert status("repealed") == ("已废止", "2024-02-01", "repealer")
    # 有效期至 2024-12-31: 已失效 from the next day; a document valid until today still is.
    assert status("expired") == ("已失效", "2025-01-01", "")
    assert status("still") == ("有效", "", "")
    assert status("said-expired") == ("已失效", "", "")
    assert status("said-repealed") == ("已废止", "", "")
    assert Status.AMENDED.in_force and not Status.REPLACED.in_force


def test_a_document_repealed_by_several_shows_the_first() -> None:
    records = corpus(
        doc("old", repealed_by=("late", "early"), validity=Validity.REPEALED),
        doc("late", published="2024-06-01"),
        doc("early", published="2024-01-01"),
    )
    graph = build_link_graph(records)
    state = document_status(records.policies[0], graph, TODAY)
    assert (state.status, state.by) == (Status.REPEALED, records.policies[2])
    assert [d.id for d in graph.repeals("late")] == ["old"]


def test_the_status_reads_only_the_published_graph() -> None:
    # The repealing document is withheld: the graph (the published view) does not have it.
    old = doc("old", repealed_by="hidden", validity=Validity.REPEALED)
    graph = build_link_graph(corpus(old))
    assert document_status(old, graph, TODAY).by is None


def test_the_timeline_lists_dates_and_relations_in_date_order() -> None:
    records = corpus(
        doc(
            "a",
            published="2020-03-01",
            written=day("2020-02-20"),
            effective=day("2020-04-01"),
            valid_until=day("2025-03-31"),
            repealed_by="c",
            validity=Validity.REPEALED,
        ),
        doc("b", published="2021-06-01", amends=("a",)),
        doc("c", published="2023-01-01"),
        doc("z", published="2019-01-01"),
        doc("y", published="2022-01-01", replaces=("z",)),
        interp("j", interprets=("a",), published="2020-03-01"),
        issue(2020, 3, "a", published="2020-03-15"),
    )
    graph = build_link_graph(records)
    by_id = {d.id: d for d in records.policies}
    events = [
        (e.date.isoformat(), e.label, e.record.id if e.record else "")
        for e in timeline(by_id["a"], graph)
    ]
    assert events == [
        ("2020-02-20", "成文", ""),
        ("2020-03-01", "发布", ""),
        ("2020-03-01", "解读", "j"),
        ("2020-03-15", "刊载", "gazette/2020/03"),
        ("2020-04-01", "施行", ""),
        ("2021-06-01", "被修改", "b"),
        ("2023-01-01", "被废止", "c"),
        ("2025-03-31", "有效期至", ""),
    ]
    assert [(e.label, e.record.id if e.record else "") for e in timeline(by_id["c"], graph)] == [
        ("发布", ""),
        ("废止了", "a"),
    ]
    assert [e.label for e in timeline(by_id["y"], graph)] == ["发布", "代替了"]
    assert [e.label for e in timeline(by_id["z"], graph)] == ["发布", "被代替"]


def test_nothing_withheld_reaches_a_status_a_list_or_a_timeline() -> None:
    records = corpus(
        doc("a", doc_number="平政发〔2019〕3号"),
        doc(
            "secret",
            published="2024-01-01",
            disclosure=Disclosure.ON_REQUEST,
            amends=("a",),
            replaces=("a",),
            body="依据平政发〔2019〕3号和《关于a的通知》。",
        ),
        doc("later", published="2099-01-01", amends=("a",)),  # not yet published on TODAY
    )
    published, _ = published_view(records, TODAY)
    graph = build_link_graph(published)
    a = records.policies[0]
    assert document_status(a, graph, TODAY).status is Status.VALID
    assert graph.amended_by("a") == graph.replaced_by("a") == graph.cited_by("a") == ()
    assert [e.label for e in timeline(a, graph)] == ["发布"]
    # The full corpus does have the relations: the published view is what removes them.
    full = build_link_graph(records)
    assert {d.id for d in full.amended_by("a")} == {"secret", "later"}
