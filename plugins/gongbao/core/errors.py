"""The one root of every error gongbao raises on purpose.

Each boundary (the MkDocs plugin, the ``gongbao`` command, the search service) catches
:class:`GongbaoError` once and turns it into its own kind of failure (``PluginError``, a
one-paragraph message and exit 1, an HTTP answer), chaining the cause. ``str(error)`` is always
a message fit for an editor: Chinese, naming the file, what was expected and the fix.
"""

from __future__ import annotations

__all__ = ["GongbaoError"]


class GongbaoError(Exception):
    """Base class of every public gongbao error."""
