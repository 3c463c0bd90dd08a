"""Build the link graph of a published corpus."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from gongbao.core.graph.citations import find_citations, title_index
from gongbao.core.graph.mentions import resolve_mention
from gongbao.core.graph.relations import LinkGraph, Relation, RelationKind
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import Interpretation, PolicyDocument, Record

__all__ = ["build_link_graph", "in_force_from"]


def in_force_from(doc: PolicyDocument) -> datetime.date:
    """When a document's provisions take effect: its 施行日期, else its 发布日期. The date of a
    relation it makes (an amendment, a replacement, a repeal)."""
    return doc.effective or doc.published


def _interprets(corpus: Corpus) -> Iterator[Relation]:
    # A document's interpretations are listed by round, then date.
    ordered = sorted(corpus.interpretations, key=lambda i: (i.round, i.published, i.path))
    for interp in ordered:
        seen: set[str] = set()
        for ref in interp.interprets:
            doc = corpus.resolve(ref)
            if doc is not None and doc.id not in seen:
                seen.add(doc.id)
                yield Relation(RelationKind.INTERPRETS, interp.id, doc.id, interp.published)


def _repeals(corpus: Corpus) -> Iterator[Relation]:
    for doc in corpus.policies:
        seen: set[str] = set()
        for ref in doc.repealed_by:
            newer = corpus.resolve(ref)
            if newer is not None and newer.id != doc.id and newer.id not in seen:
                seen.add(newer.id)
                yield Relation(
                    RelationKind.REPEALED_BY, doc.id, newer.id, in_force_from(newer), ref
                )


def _changes(corpus: Corpus) -> Iterator[Relation]:
    """修改 and 代替, from the newer document to the older one."""
    for doc in corpus.policies:
        for kind, refs in (
            (RelationKind.AMENDS, doc.amends),
            (RelationKind.REPLACES, doc.replaces),
        ):
            seen: set[str] = set()
            for ref in refs:
                older = corpus.resolve(ref)
                if older is not None and older.id != doc.id and older.id not in seen:
                    seen.add(older.id)
                    yield Relation(kind, doc.id, older.id, in_force_from(doc), ref)


def _printed(corpus: Corpus) -> Iterator[Relation]:
    entries = [(issue, section, doc) for issue, section, _, doc in corpus.gazette_entries()]
    entries.sort(key=lambda e: (e[0].published, e[0].path))
    for issue, section, doc in entries:
        if doc is not None:
            yield Relation(
                RelationKind.PRINTED_IN, doc.id, issue.id, issue.published, section.heading
            )


def _citations(
    corpus: Corpus,
    by_doc_number: dict[str, PolicyDocument],
    by_title: dict[str, PolicyDocument],
) -> Iterator[Relation]:
    """What each body cites, oldest citing record first (a 被引用 list's order); one pass over
    each body against the indexes, so O(text)."""
    citing: list[PolicyDocument | Interpretation] = [*corpus.policies, *corpus.interpretations]
    citing.sort(key=lambda r: (r.published, r.path))
    for record in citing:
        # An interpretation naming the document it interprets is not a citation of it.
        skip = (
            {doc.id for ref in record.interprets if (doc := corpus.resolve(ref))}
            if isinstance(record, Interpretation)
            else {record.id}
        )
        seen: set[str] = set()
        for doc in _cited(record, by_doc_number, by_title):
            if doc.id not in skip and doc.id not in seen:
                seen.add(doc.id)
                yield Relation(RelationKind.CITES, record.id, doc.id, record.published)


def _cited(
    record: PolicyDocument | Interpretation,
    by_doc_number: dict[str, PolicyDocument],
    by_title: dict[str, PolicyDocument],
) -> list[PolicyDocument]:
    """The documents a body cites, in text order. Its 文号 were read when it was loaded
    (``cited``); only a body with 书名号 is read again, for titles."""
    if "《" not in record.body:
        found = [resolve_mention(text, by_doc_number) for _, text in record.cited]
        return [hit[1] for hit in found if hit is not None]
    return [doc for _, _, doc in find_citations(record.body, by_doc_number, by_title)]


def build_link_graph(corpus: Corpus) -> LinkGraph:
    """Link every published record; ``corpus`` must already be the published view."""
    records: dict[str, Record] = {record.id: record for record in corpus}
    by_doc_number = {doc_number_key(d.doc_number): d for d in corpus.policies if d.doc_number}
    by_title = title_index(corpus.policies)
    relations = (
        *_interprets(corpus),
        *_repeals(corpus),
        *sorted(_changes(corpus), key=lambda r: (r.date or datetime.date.min, r.source)),
        *_printed(corpus),
        *_citations(corpus, by_doc_number, by_title),
    )
    return LinkGraph(
        records=records, relations=relations, by_doc_number=by_doc_number, by_title=by_title
    )
