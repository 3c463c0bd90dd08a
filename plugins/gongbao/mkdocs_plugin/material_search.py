"""Material's browser search index, kept small enough for a phone.

For a large archive, record pages are left out of Material's full-text browser index and get
compact entries instead (title, 文号, issuer, date and the opening of the text); past
``client_search_limit`` characters the index keeps titles and summaries only. The full text
stays searchable through the full-text index and ``gongbao serve``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import jieba

from gongbao.core.config.settings import Settings
from gongbao.core.model.records import Interpretation, PolicyDocument
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.publish.urls import page_url
from gongbao.core.search.analysis import jieba_cutter
from gongbao.core.search.site_records import markdown_to_text

__all__ = ["add_client_entries", "client_entries", "trim_client_index"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def _segment_like_material(text: str, cut: Callable[[str], Iterable[str]]) -> str:
    # What Material's search plugin does to every title and text: Han runs cut by jieba and
    # joined with zero-width spaces, which its client-side tokenizer splits on.
    def replace(match: re.Match[str]) -> str:
        return "\u200b" + "\u200b".join(cut(match.group(0))) + "\u200b"

    return _HAN.sub(replace, text).strip("\u200b")


def client_entries(plan: SitePlan, settings: Settings, summary: int) -> list[dict[str, str]]:
    """Compact browser-index entries for every published record: title, 文号, issuer, date
    and the opening of the text. Used instead of Material's full-text entries for a large
    archive, whose full text is served by the full-text index instead."""
    entries = []
    published = plan.published
    records: list[PolicyDocument | Interpretation] = [
        *published.policies,
        *published.interpretations,
    ]
    # Material cuts with jieba's global tokenizer (and whatever dictionary its options added);
    # the fused pass gives the same words from that same dictionary in half the time.
    cut = jieba_cutter(jieba.dt)
    for record in records:
        head = " ".join(
            part
            for part in (getattr(record, "doc_number", ""), record.issuer, str(record.published))
            if part
        )
        # Only the opening is kept: normalise a bounded prefix, not the whole body again
        # (the index child already normalises every body once).
        text = f"{head} {markdown_to_text(record.body[: summary * 4])[:summary]}"
        entries.append(
            {
                "location": page_url(record.src_uri, settings.directory_urls),
                "title": _segment_like_material(html.escape(record.title), cut),
                "text": _segment_like_material(html.escape(text), cut),
            }
        )
    return entries


def add_client_entries(path: Path, entries: list[dict[str, str]]) -> None:
    """Append ``entries`` to Material's ``search_index.json`` (and its offline script)."""
    if not path.is_file() or not entries:
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("docs", []).extend(entries)
    _write_index(path, data)


def _write_index(path: Path, data: dict[str, object]) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    # Material's offline plugin (file:// copies) has already embedded the index in a script.
    script = path.with_suffix(".js")
    if script.is_file():
        script.write_text(f"var __index = {text}", encoding="utf-8")


def trim_client_index(path: Path, *, limit: int, summary: int) -> bool:
    """Keep only titles and a summary per entry once the text passes ``limit`` characters.

    Material's ``search_index.json`` costs about 9 bytes per Chinese character; the full text
    of a large archive would be tens of MB for every phone that opens the search box. Full
    text stays available through the full-text index and ``gongbao serve``. Returns whether the
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
    _write_index(path, data)
    return True
