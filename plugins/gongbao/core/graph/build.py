"""Build the link graph of a published corpus."""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.graph.relations import LinkGraph, Relation, RelationKind
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import Record

__all__ = ["build_link_graph"]


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
        newer = corpus.resolve(doc.repealed_by) if doc.repealed_by else None
        if newer is not None and newer.id != doc.id:
            yield Relation(RelationKind.REPEALED_BY, doc.id, newer.id, newer.published)


def _printed(corpus: Corpus) -> Iterator[Relation]:
    entries = [(issue, section, doc) for issue, section, _, doc in corpus.gazette_entries()]
    entries.sort(key=lambda e: (e[0].published, e[0].path))
    for issue, section, doc in entries:
        if doc is not None:
            yield Relation(
                RelationKind.PRINTED_IN, doc.id, issue.id, issue.published, section.heading
            )


def build_link_graph(corpus: Corpus) -> LinkGraph:
    """Link every published record; ``corpus`` must already be the published view."""
    records: dict[str, Record] = {record.id: record for record in corpus}
    relations = (*_interprets(corpus), *_repeals(corpus), *_printed(corpus))
    return LinkGraph(
        records=records,
        relations=relations,
        by_doc_number={doc_number_key(d.doc_number): d for d in corpus.policies if d.doc_number},
    )
