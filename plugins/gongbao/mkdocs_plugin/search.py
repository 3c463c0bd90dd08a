"""Search outputs of a build: the whoosh index and a browser index small enough for a phone."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from gongbao.core.search.backend import IndexStats
from gongbao.core.search.whoosh_backend import build_index
from gongbao.core.search_records import search_records
from gongbao.core.settings import Settings
from gongbao.core.site import SitePlan

__all__ = ["build_search_index", "trim_client_index"]


def build_search_index(
    plan: SitePlan, settings: Settings, index_dir: Path, extra_terms: Iterable[str]
) -> IndexStats:
    """Update (atomically; only changed records are segmented) the full-text index of the plan."""
    return build_index(search_records(plan, settings), index_dir, extra_terms=tuple(extra_terms))


def trim_client_index(path: Path, *, limit: int, summary: int) -> bool:
    """Keep only titles and a summary per entry once the text passes ``limit`` characters.

    Material's ``search_index.json`` costs about 9 bytes per Chinese character; the full text
    of a large archive would be tens of MB for every phone that opens the search box. Full
    text stays available through the whoosh index and ``gongbao serve``. Returns whether the
    index was trimmed.
    """
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = data.get("docs", [])
    if sum(len(d.get("text", "")) for d in docs) <= limit:
        return False
    kept = []
    for doc in docs:
        # Section entries (location with #) repeat the page's text piecewise: drop them.
        if "#" in doc.get("location", ""):
            continue
        doc["text"] = doc.get("text", "")[:summary]
        kept.append(doc)
    data["docs"] = kept
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    # Material's offline plugin (file:// copies) has already embedded the index in a script.
    script = path.with_suffix(".js")
    if script.is_file():
        script.write_text(f"var __index = {text}", encoding="utf-8")
    return True
