"""The tantivy engine (optional, ``search_engine: tantivy``): the only modules importing tantivy.

Open and build through :mod:`gongbao.core.search.engines`; :mod:`.backend` describes the parts.
"""
