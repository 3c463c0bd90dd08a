"""Full-text search for the gazette: records, Chinese analysis and an index backend.

Import the engine-neutral API from here. The engines sit behind it, one package each:
:mod:`gongbao.core.search.whoosh` (the default, the only package importing whoosh) and
:mod:`gongbao.core.search.tantivy` (optional, the only package importing tantivy). Build and
open indexes through :mod:`gongbao.core.search.engines`, which loads the engine lazily.
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
