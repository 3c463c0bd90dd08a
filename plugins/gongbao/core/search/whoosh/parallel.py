"""A new index written by one :class:`~.writer.GroupingWriter` per core.

Segmenting is most of a cold index, and it parallelises: each process takes every ``procs``-th
record and writes its own segments; the process holding the index's write lock adds the
others' segments to the table of contents. The children are forked, so they read the records
from the same source (the site plan) instead of being sent them; the parent alone reads
``changed``, the stream that records each record's hash for the index's manifest.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

from gongbao.core.search.records import SearchRecord
from gongbao.core.search.whoosh.codec import ArrayCodec
from gongbao.core.search.whoosh.schema import document
from gongbao.core.search.whoosh.writer import GroupingWriter

__all__ = ["write_new_index"]


def _share(records: Iterable[SearchRecord], part: int, procs: int) -> Iterable[SearchRecord]:
    # A source that can make one writer's share alone (the site's records) saves the others'
    # bodies from being made in every process.
    share = getattr(records, "share", None)
    if callable(share):
        shared: Iterable[SearchRecord] = share(part, procs)
        return shared
    return (record for i, record in enumerate(records) if i % procs == part)


def _child(
    ix: Any,
    records: Iterable[SearchRecord],
    part: int,
    procs: int,
    limitmb: int,
    conn: Connection,
) -> None:
    try:
        writer = GroupingWriter(ix, limitmb=limitmb, codec=ArrayCodec(), lock=False)
        for record in _share(records, part, procs):
            writer.add_document(**document(record))
        conn.send(("ok", writer.finish_segments()))
    except BaseException as exc:  # reported to the parent, which fails the build
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def write_new_index(
    ix: Any,
    changed: Iterable[SearchRecord],
    records: Iterable[SearchRecord],
    *,
    procs: int,
    limitmb: int,
) -> None:
    """Write every record of ``changed`` into the new, empty index ``ix``.

    With ``procs`` > 1 and ``records`` a source that can be read again (the same records in
    the same order as ``changed``), ``procs - 1`` forked processes write their share of it.

    Raises:
        RuntimeError: a writer process failed; nothing is committed.
    """
    if iter(records) is records:  # a one-time stream: only this process can read it
        procs = 1
    context = multiprocessing.get_context("fork")
    children = []
    for part in range(1, procs):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(ix, records, part, procs, limitmb, send))
        process.start()
        send.close()
        children.append((process, receive))
    writer = GroupingWriter(ix, limitmb=limitmb, codec=ArrayCodec())
    try:
        for i, record in enumerate(changed):  # every record: its hash goes in the manifest
            if i % procs == 0:
                writer.add_document(**document(record))
        segments = writer.finish_segments()
        for process, receive in children:
            try:
                status, payload = receive.recv()
            except EOFError:
                status, payload = "error", f"退出码 {process.exitcode}"
            process.join()
            if status != "ok":
                raise RuntimeError(f"全文索引的写入进程失败：{payload}")
            segments.extend(payload)
    except BaseException:
        for process, _receive in children:
            if process.is_alive():
                process.terminate()
            process.join()
        writer.cancel()
        raise
    writer.commit_segments(segments)
