"""Serve a built site with the real WSGI service on loopback, for tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from waitress.server import create_server

from gongbao.server.app import make_app


@contextmanager
def serving(site_dir: Path, index_dir: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of the site and its search service, stopped on exit."""
    server: Any = create_server(make_app(site_dir, index_dir), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)
