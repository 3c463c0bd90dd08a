"""Full-text search for the gazette: records, Chinese analysis and an index backend.

Import the engine-neutral API from here. The engines sit behind it, one module each:
:mod:`gongbao.core.search.whoosh_backend` (the default, the only module importing whoosh) and
:mod:`gongbao.core.search.tantivy_backend` (optional, the only module importing tantivy). Build
and open indexes through :mod:`gongbao.core.search.engines`, which loads the engine lazily.
"""

from gongbao.core.search.backend import (
    IndexStats,
    IndexUnavailableError,
    QueryError,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
)
from gongbao.core.search.records import RECORD_KINDS, SearchRecord

__all__ = [
    "RECORD_KINDS",
    "IndexStats",
    "IndexUnavailableError",
    "QueryError",
    "SearchBackend",
    "SearchHit",
    "SearchQuery",
    "SearchRecord",
    "SearchResults",
]
