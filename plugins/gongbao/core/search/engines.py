"""Choosing the index engine: whoosh (the default) or tantivy (for large archives).

Callers (the MkDocs plugin, ``gongbao search``, ``gongbao serve``) go through here and never
import an engine module themselves. A build is made by the engine the site configures; an index
is opened by the engine its meta file names (an index without ``"engine"`` predates tantivy
support and is a whoosh index). Switching a site's engine rebuilds from scratch: each backend
updates in place only an index of its own engine.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from gongbao.core.search.backend import IndexStats, IndexUnavailableError, SearchBackend
from gongbao.core.search.indexdir import DEFAULT_ENGINE, discard_build, publish_build, read_meta
from gongbao.core.search.records import SearchRecord

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "EngineUnavailableError",
    "build_index",
    "discard_build",
    "engine_of",
    "open_index",
    "publish_build",
    "require_engine",
]

#: Every engine a site may choose with the plugin option ``search_engine``.
ENGINES: Final = ("whoosh", "tantivy")


class EngineUnavailableError(IndexUnavailableError):
    """The configured engine is unknown or its package is not installed."""


def require_engine(engine: str) -> None:
    """Check that ``engine`` can be used here.

    Raises:
        EngineUnavailableError: unknown engine, or tantivy chosen but not installed; the
            Chinese message names the option, the value and the fix.
    """
    if engine not in ENGINES:
        raise EngineUnavailableError(
            f"search_engine（检索引擎）应为 {' 或 '.join(ENGINES)}，实际为 {engine!r}。"
        )
    if engine == "tantivy" and importlib.util.find_spec("tantivy") is None:
        raise EngineUnavailableError(
            "search_engine（检索引擎）设为 'tantivy'，但没有安装 tantivy。"
            "修改建议：运行 pip install 'gongbao[tantivy]'，或在 mkdocs.yml 中改回 "
            "search_engine: whoosh 并重新构建。"
        )


def build_index(
    engine: str,
    records: Iterable[SearchRecord],
    index_dir: Path,
    *,
    extra_terms: Iterable[str] = (),
    defer_swap: bool = False,
) -> IndexStats:
    """Build (or update) the index in ``index_dir`` with ``engine``; see the backends'
    ``build_index`` for the contract. An index of another engine is replaced, not updated."""
    require_engine(engine)
    if engine == "tantivy":
        from gongbao.core.search.tantivy import build as tantivy_build

        return tantivy_build.build_index(
            records, index_dir, extra_terms=extra_terms, defer_swap=defer_swap
        )
    from gongbao.core.search.whoosh import build as whoosh_build

    return whoosh_build.build_index(
        records, index_dir, extra_terms=extra_terms, defer_swap=defer_swap
    )


def engine_of(index_dir: Path) -> str:
    """The engine that built the index in ``index_dir`` (whoosh if the meta file is silent).

    Raises:
        IndexUnavailableError: there is no readable index.
    """
    meta = read_meta(Path(index_dir))
    if meta is None:
        raise IndexUnavailableError(
            f"找不到检索索引：{index_dir}（请先运行 `mkdocs build` 生成站点和索引）"
        )
    return str(meta.get("engine", DEFAULT_ENGINE))


def open_index(index_dir: Path, *, extra_terms: Iterable[str] | None = None) -> SearchBackend:
    """Open the index in ``index_dir`` with the engine that built it.

    Raises:
        IndexUnavailableError: no index, a damaged one, another dictionary (with
            ``extra_terms``), or an index whose engine is not installed here.
    """
    engine = engine_of(index_dir)
    require_engine(engine)
    if engine == "tantivy":
        from gongbao.core.search.tantivy import backend as tantivy_backend

        return tantivy_backend.open_index(index_dir, extra_terms=extra_terms)
    from gongbao.core.search.whoosh import backend as whoosh_backend

    return whoosh_backend.open_index(index_dir, extra_terms=extra_terms)
