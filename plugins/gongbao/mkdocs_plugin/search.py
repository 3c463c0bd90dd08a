"""Search outputs of a build: the full-text index and a browser index small enough for a phone.

The full-text index (whoosh, or tantivy with ``search_engine: tantivy``) is built in a forked
child process while MkDocs renders pages in the parent:
MkDocs uses one core, the index the other. The child commits into a temporary folder; the
parent swaps it in only if the whole site build succeeded.
"""

from __future__ import annotations

import gc
import html
import json
import multiprocessing
import re
import threading
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError

from gongbao.core.config.settings import Settings
from gongbao.core.model.records import Interpretation, PolicyDocument
from gongbao.core.publish.pipeline import SitePlan
from gongbao.core.publish.urls import page_url
from gongbao.core.search.analysis import jieba_cutter
from gongbao.core.search.backend import IndexStats
from gongbao.core.search.engines import (
    EngineUnavailableError,
    build_index,
    discard_build,
    publish_build,
    require_engine,
)
from gongbao.core.search.site_records import SearchRecords, markdown_to_text

__all__ = ["IndexBuild", "add_client_entries", "client_entries", "trim_client_index"]

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


def _build(
    plan: SitePlan, settings: Settings, index_dir: Path, terms: tuple[str, ...]
) -> IndexStats:
    records = SearchRecords(plan, settings)
    return build_index(
        settings.search_engine, records, index_dir, extra_terms=terms, defer_swap=True
    )


def _child(
    plan: SitePlan, settings: Settings, index_dir: Path, terms: tuple[str, ...], conn: Connection
) -> None:
    try:
        conn.send(("ok", _build(plan, settings, index_dir, terms)))
    except BaseException as exc:  # reported to the parent, which fails the build
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class IndexBuild:
    """The full-text index of one site build: started early, published at the end."""

    def __init__(
        self, plan: SitePlan, settings: Settings, index_dir: Path, terms: Iterable[str]
    ) -> None:
        """Start building.

        Raises:
            PluginError: the configured ``search_engine`` cannot be used (tantivy chosen but
                not installed): one message with the fix, before any work starts.
        """
        try:
            require_engine(settings.search_engine)
        except EngineUnavailableError as exc:
            raise PluginError(f"gongbao: {exc}") from None
        args = (plan, settings, index_dir, tuple(terms))
        self._stats: IndexStats | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._frozen = False
        # fork shares the plan without pickling it; it is only safe without other threads
        # (mkdocs serve runs a file watcher thread: build in-process there).
        if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._conn, child_conn = context.Pipe(duplex=False)
            # Not a daemon: a large index is written by the child's own writer processes.
            self._process = context.Process(target=_child, args=(*args, child_conn))
            # Everything alive now is shared with the child copy-on-write. Frozen, it is never
            # visited by either process's cycle collector, whose bookkeeping writes would copy
            # the shared pages (hundreds of MB for a large archive's plan).
            gc.freeze()
            self._frozen = True
            self._process.start()
            child_conn.close()
        else:
            self._stats = _build(*args)

    def _thaw(self) -> None:
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def wait(self) -> IndexStats:
        """The committed (not yet published) build.

        Raises:
            RuntimeError: the index could not be built; the message says why.
        """
        if self._stats is not None:
            return self._stats
        assert self._process is not None
        try:
            status, payload = self._conn.recv()
        except EOFError:
            status, payload = "error", f"索引进程意外退出（退出码 {self._process.exitcode}）"
        self._process.join()
        self._thaw()
        if status != "ok":
            raise RuntimeError(str(payload))
        self._stats = payload
        return payload

    def publish(self) -> IndexStats:
        """Swap the new index in."""
        stats = self.wait()
        publish_build(stats)
        return stats

    def cancel(self) -> None:
        """Stop the child and drop what it built; the previous index stays."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._thaw()
        if self._stats is not None:
            discard_build(self._stats)
        elif self._process is not None and self._conn.poll():
            status, payload = self._conn.recv()
            if status == "ok":
                discard_build(payload)


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
