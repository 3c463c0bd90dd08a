"""Full-text search for the gazette: records, Chinese analysis and an index backend.

Import the engine-neutral API from here; :mod:`gongbao.core.search.whoosh_backend` is the only
module that imports whoosh and is loaded lazily by callers that build or open an index.
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
