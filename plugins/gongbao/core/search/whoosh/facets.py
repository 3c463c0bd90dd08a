"""Facet counts over any set of matches, from a table of each document's facet values."""

from __future__ import annotations

from typing import Any

import numpy as np

from gongbao.core.search.backend import facet_counts

__all__ = ["FACET_FIELDS", "FacetTable"]

#: The facets the HTTP API and the JSON output count: by year, issuer and kind.
FACET_FIELDS = ("year", "issuer", "kind")


class FacetTable:
    """Each document's values of :data:`FACET_FIELDS`, read once from the index's terms.

    A document has one year and one kind, and one or more issuers (a joint document counts
    once under each, as whoosh's overlapping facet counts it); a document without a value
    (a record with no date) is counted under none. Held as (document, value) pairs, so the
    counts over any set of matches are one ``bincount`` per facet.
    """

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        schema = searcher.schema
        self._pairs: dict[str, tuple[list[Any], Any, Any]] = {}
        for name in FACET_FIELDS:
            field = schema[name]
            labels: list[Any] = []
            docs: list[Any] = []
            # Full-precision terms only: a numeric field also indexes shifted prefixes.
            for text in field.sortable_terms(reader, name):
                labels.append(field.from_bytes(text))
                docs.append(np.fromiter(reader.postings(name, text).all_ids(), dtype=np.int64))
            codes = [np.full(len(d), i, dtype=np.int64) for i, d in enumerate(docs)]
            self._pairs[name] = (
                labels,
                np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
                np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64),
            )

    def counts(self, mask: Any) -> dict[str, dict[str, int]]:
        """Facet counts over the documents ``mask`` (a boolean array) marks, as
        :func:`facet_counts` shows them."""
        out = {}
        for name in FACET_FIELDS:
            labels, docs, codes = self._pairs[name]
            counted = np.bincount(codes[mask[docs]], minlength=len(labels)).tolist()
            out[name] = facet_counts(
                name, [(v, n) for v, n in zip(labels, counted, strict=True) if n]
            )
        return out
