"""gongbao's own browser search: an index of short terms in shard files, and its client.

:mod:`.writer` makes the files from :class:`~.writer.BrowserDoc` records (:mod:`.records`
turns a site plan into them); the client is ``mkdocs_plugin/theme/assets/javascripts/``
``gongbao-search.js`` (with a twin of every function of :mod:`.text`) and
``gongbao-search-ui.js`` (the search box).
"""

from gongbao.core.search.browser.writer import BrowserDoc, BrowserIndex, build_browser_index

__all__ = ["BrowserDoc", "BrowserIndex", "build_browser_index"]
