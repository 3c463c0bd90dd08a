"""The user's gongbao cache folder: what is kept per user and machine, outside any project.

It holds the cache signing key (:mod:`gongbao.core.signing`) and the segmenter's dictionary
table (:mod:`gongbao.core.search.dictionary_table`): ``$XDG_CACHE_HOME/gongbao`` when that is
an absolute path (the XDG rule: relative values are ignored), else ``~/.cache/gongbao``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["user_cache_folder"]


def user_cache_folder() -> Path | None:
    """The folder, or ``None`` when there is no home directory to put it in."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "gongbao"
    try:
        return Path.home() / ".cache" / "gongbao"
    except RuntimeError:  # no home directory can be determined
        return None
