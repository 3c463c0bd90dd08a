"""The whoosh engine (the default): every module of gongbao that imports whoosh is here.

Open and build through :mod:`gongbao.core.search.engines`; :mod:`.backend` describes the parts.
"""
