"""A small WSGI application: the built static site plus a live search API and page.

``make_app(site_dir, index_dir)`` serves files from ``site_dir`` (never outside it) and:

* ``GET /api/search?q=…&issuer=…&year=…&kind=…&category=…&valid_only=1&sort=date&page=…``
  → JSON ``{query, total, page, page_size, results: […], facets: {year, issuer, kind}}``;
  400 with ``{"error": "…"}`` for malformed queries;
* ``GET /search?q=…&kind=…&year=…&issuer=…`` → an accessible Chinese HTML results page in the
  site's own look (:mod:`gongbao.server.page`, :mod:`gongbao.server.shell`).

Run it with waitress (pure Python, fine behind nginx): :func:`run_server`.
"""

from __future__ import annotations

import dataclasses
import json
import mimetypes
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from gongbao.core.search.backend import (
    IndexUnavailableError,
    QueryError,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
)
from gongbao.server.page import FILTER_PARAMS, render_page
from gongbao.server.shell import SiteShell, read_shell

_NUMBER_RE = re.compile(r"[0-9]{1,6}")

__all__ = ["make_app", "run_server"]

_EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}
_TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
    "application/manifest+json",
)
_SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
]


def _content_type(path: Path) -> str:
    ctype = _EXTRA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    ctype = ctype or "application/octet-stream"
    if ctype.startswith(_TEXT_TYPES):
        ctype += "; charset=utf-8"
    return ctype


def _resolve(site_dir: Path, url_path: str) -> Path | None:
    """Map a URL path to a file inside ``site_dir`` or ``None`` (traversal, missing, hidden)."""
    parts = [p for p in urllib.parse.unquote(url_path).split("/") if p not in ("", ".")]
    # Refuse rather than normalise: "..", backslashes, NUL and dot-files never name site files.
    if any(p == ".." or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    candidate = site_dir.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(site_dir):  # a symlink pointing out of the site
        return None
    if resolved.is_dir():
        resolved = resolved / "index.html"
        if not resolved.is_file():
            return None
    return resolved if resolved.is_file() else None


class _App:
    def __init__(self, site_dir: Path, index_dir: Path) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.index_dir = Path(index_dir)
        self._backend: SearchBackend | None = None
        self._lock = threading.Lock()
        self._shell: tuple[float, SiteShell] | None = None

    # -- plumbing ----------------------------------------------------------------------
    def backend(self) -> SearchBackend:
        # Opened on first use so the site is served even before the index exists; the engine
        # (whoosh or tantivy) is whichever built the index.
        with self._lock:
            if self._backend is None:
                from gongbao.core.search.engines import open_index

                self._backend = open_index(self.index_dir)
            return self._backend

    def _forget(self, backend: SearchBackend) -> None:
        with self._lock:
            if self._backend is backend:
                # Not closed: another request may still be using it; it goes with its last user.
                self._backend = None

    @staticmethod
    def _respond(
        start_response: StartResponse,
        status: str,
        body: bytes,
        ctype: str,
        extra: list[tuple[str, str]] | None = None,
        head: bool = False,
    ) -> Iterable[bytes]:
        headers = [("Content-Type", ctype), ("Content-Length", str(len(body)))]
        headers += _SECURITY_HEADERS + (extra or [])
        start_response(status, headers)
        return [] if head else [body]

    def _json(
        self, start_response: StartResponse, status: str, data: Any, head: bool = False
    ) -> Iterable[bytes]:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return self._respond(
            start_response,
            status,
            body,
            "application/json; charset=utf-8",
            [("Cache-Control", "no-store")],
            head,
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        head = method == "HEAD"
        if method not in ("GET", "HEAD"):
            return self._respond(
                start_response,
                "405 Method Not Allowed",
                b"method not allowed",
                "text/plain; charset=utf-8",
                [("Allow", "GET, HEAD")],
            )
        # PEP 3333: PATH_INFO is bytes decoded as latin-1; undo that to get UTF-8 paths.
        path = environ.get("PATH_INFO", "/").encode("latin-1", "replace").decode("utf-8", "replace")
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=False)
        if path == "/api/search":
            return self._api(params, start_response, head)
        if path in ("/search", "/search/"):
            return self._page(params, start_response, head)
        return self._static(path, start_response, head)

    # -- static files ------------------------------------------------------------------
    def _static(self, path: str, start_response: StartResponse, head: bool) -> Iterable[bytes]:
        target = _resolve(self.site_dir, path)
        if (
            target is not None
            and target.name == "index.html"
            and path != "/"
            and not path.endswith(("/", ".html"))
        ):
            # /dir → /dir/ so relative links inside dir/index.html resolve correctly.
            location = urllib.parse.quote(path) + "/"
            return self._respond(
                start_response,
                "301 Moved Permanently",
                b"",
                "text/plain; charset=utf-8",
                [("Location", location)],
                head,
            )
        if target is None:
            page = self.site_dir / "404.html"
            body = page.read_bytes() if page.is_file() else "404 未找到页面".encode()
            return self._respond(
                start_response, "404 Not Found", body, "text/html; charset=utf-8", head=head
            )
        return self._respond(
            start_response, "200 OK", target.read_bytes(), _content_type(target), head=head
        )

    # -- search ------------------------------------------------------------------------
    @staticmethod
    def _query(params: dict[str, list[str]]) -> SearchQuery:
        def one(name: str) -> str | None:
            value = params.get(name, [""])[0].strip()
            return value or None

        def number(name: str, default: int | None) -> int | None:
            value = one(name)
            if value is None:
                return default
            # ASCII digits only: str.isdigit() also accepts ² and ①, which int() refuses.
            if not _NUMBER_RE.fullmatch(value):
                raise QueryError(f"参数 {name} 必须是不超过 6 位的数字：{value!r}")
            return int(value)

        return SearchQuery(
            text=one("q") or "",
            issuer=one("issuer"),
            year=number("year", None),
            kind=one("kind"),
            category=one("category"),
            valid_only=one("valid_only") in ("1", "true", "on", "yes"),
            sort="date" if one("sort") == "date" else "relevance",
            facets=True,  # the API and the results page show counts by year, issuer, kind
            page=number("page", 1) or 0,
            page_size=number("page_size", 10) or 0,
        )

    def _run(self, params: dict[str, list[str]]) -> tuple[SearchQuery, SearchResults]:
        sq = self._query(params)
        backend = self.backend()
        try:
            return sq, backend.search(sq)
        except IndexUnavailableError:
            # A rebuild may have swapped in an index of the other engine (the site changed
            # search_engine), which the open backend cannot read: reopen once, by its meta file.
            self._forget(backend)
            return sq, self.backend().search(sq)

    @staticmethod
    def _hit_json(hit: SearchHit) -> dict[str, Any]:
        return {
            "id": hit.id,
            "kind": hit.kind,
            "title": hit.title,
            "url": hit.url,
            "doc_number": hit.doc_number,
            "issuer": hit.issuer,
            "published": hit.published.isoformat() if hit.published else None,
            "score": round(hit.score, 4),
            "excerpt_html": hit.excerpt_html,
            "page": hit.page,
            "issue": hit.issue,
        }

    def _api(
        self, params: dict[str, list[str]], start_response: StartResponse, head: bool
    ) -> Iterable[bytes]:
        try:
            sq, res = self._run(params)
        except QueryError as exc:
            return self._json(start_response, "400 Bad Request", {"error": str(exc)}, head)
        except IndexUnavailableError as exc:
            return self._json(start_response, "503 Service Unavailable", {"error": str(exc)}, head)
        data = {
            "query": sq.text,
            "total": res.total,
            "page": sq.page,
            "page_size": sq.page_size,
            "results": [self._hit_json(h) for h in res.hits],
            "facets": res.facets,
        }
        return self._json(start_response, "200 OK", data, head)

    def _page(
        self, params: dict[str, list[str]], start_response: StartResponse, head: bool
    ) -> Iterable[bytes]:
        status = "200 OK"
        error = ""
        sq: SearchQuery | None = None
        res: SearchResults | None = None
        raw_q = params.get("q", [""])[0]
        if raw_q.strip() or any(params.get(k) for k in ("issuer", "year", "kind", "category")):
            try:
                sq, res = self._run(params)
            except QueryError as exc:
                status, error = "400 Bad Request", str(exc)
            except IndexUnavailableError as exc:
                status, error = "503 Service Unavailable", str(exc)
        raw = {k: params.get(k, [""])[0] for k in FILTER_PARAMS}
        body = render_page(raw_q, raw, sq, res, error, self.shell()).encode("utf-8")
        return self._respond(
            start_response,
            status,
            body,
            "text/html; charset=utf-8",
            [("Cache-Control", "no-store")],
            head,
        )

    def shell(self) -> SiteShell:
        """The site's look (:func:`read_shell`), read again whenever the site is rebuilt."""
        home = self.site_dir / "index.html"
        try:
            stamp = home.stat().st_mtime
        except OSError:
            stamp = 0.0
        cached = self._shell
        if cached is not None and cached[0] == stamp:
            return cached[1]
        shell = read_shell(self.site_dir)
        # A home page that is not Material's (or none yet): the site's styles and script anyway.
        css_dir = self.site_dir / "assets" / "stylesheets"
        if not shell.stylesheets and css_dir.is_dir():
            names = [p.name for p in sorted(css_dir.glob("main*.css"))]
            names += ["gongbao.css"] if (css_dir / "gongbao.css").is_file() else []
            shell = dataclasses.replace(
                shell, stylesheets=tuple("/assets/stylesheets/" + n for n in names)
            )
        if not shell.scripts:
            shell = dataclasses.replace(shell, scripts=("/assets/javascripts/gongbao.js",))
        self._shell = (stamp, shell)
        return shell


def make_app(site_dir: Path, index_dir: Path) -> WSGIApplication:
    """The WSGI application serving ``site_dir`` and searching ``index_dir``."""
    app: Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]] = _App(site_dir, index_dir)
    return app


def run_server(site_dir: Path, index_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve with waitress until interrupted (put nginx in front for TLS and caching)."""
    from waitress import serve

    serve(make_app(site_dir, index_dir), host=host, port=port)
