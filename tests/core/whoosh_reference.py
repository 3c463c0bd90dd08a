"""Stock whoosh's answer to a :class:`SearchQuery`, to compare the backend with."""

from __future__ import annotations

from typing import Any

from gongbao.core.search.backend import SearchQuery, facet_counts, prepare_query_text
from gongbao.core.search.whoosh.backend import DOC_NUMBER_BOOST, WhooshBackend
from gongbao.core.search.whoosh.query import parse_text_query


def reference(backend: WhooshBackend, sq: SearchQuery) -> tuple[list[Any], Any]:
    """Stock whoosh: the parser's query, filter, mask, sort and facets; every hit, the total
    and the facet counts."""
    from whoosh import query as whoosh_query
    from whoosh import sorting

    prepared = prepare_query_text(sq.text)
    q = parse_text_query(backend._parser, prepared.text)
    keys = [
        whoosh_query.Term("doc_number_key", k, boost=DOC_NUMBER_BOOST)
        for k in prepared.doc_number_keys
    ]
    parts = [*keys, *([q] if q is not None else [])]
    q = parts[0] if len(parts) == 1 else whoosh_query.Or(parts)
    filt, mask = backend._filters(sq)
    # whoosh's NOT at the root returns deleted documents (test_search_bulk.py,
    # test_deleted_documents_never_come_back): leave them out of the reference.
    searcher = backend._searcher
    deleted = {d for d in range(searcher.doc_count_all()) if searcher.reader().is_deleted(d)}
    if deleted:
        mask = deleted | (set(searcher.docs_for_query(mask)) if mask is not None else set())
    groups = {
        "year": sorting.FieldFacet("year"),
        "issuer": sorting.FieldFacet("issuer", allow_overlap=True),
        "kind": sorting.FieldFacet("kind"),
    }
    kwargs: dict[str, Any] = {}
    if sq.sort == "date":
        kwargs["sortedby"] = sorting.FieldFacet("published", reverse=True)
    ref = backend._searcher.search(
        q,
        filter=filt,
        mask=mask,
        limit=None,
        groupedby=groups,
        maptype=sorting.Count,
        terms=False,
        **kwargs,
    )
    facets = {name: facet_counts(name, ref.groups(name).items()) for name in groups}
    return list(ref), (len(ref), facets)


def assert_same_as_whoosh(backend: WhooshBackend, sq: SearchQuery) -> int:
    """The backend's page, scores, exact total and facets are whoosh's; returns the total."""
    got = backend.search(sq)
    ref, (total, facets) = reference(backend, sq)
    start = (sq.page - 1) * sq.page_size
    page = ref[start : start + sq.page_size]
    assert [h.id for h in got.hits] == [hit["id"] for hit in page], sq
    if sq.sort != "date":  # whoosh's sorted hits carry the sort key as their "score"
        assert [h.score for h in got.hits] == [hit.score for hit in page], sq
    assert (got.total, got.exact) == (total, True), sq
    if sq.facets:
        assert got.facets == facets, sq
    return total
