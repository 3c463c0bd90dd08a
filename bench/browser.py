"""What gongbao's browser search costs a reader: index size and bytes downloaded per query.

    python3 bench/browser.py SITE_DIR [--queries '行政复议,"海关 监管",…']

Opens a built site from ``file://`` in headless Chromium (``tests/reader/cdp.py``), runs each
query in the header search box on a freshly opened page (so every query pays for the manifest,
as a reader's first query does), and adds up the files under ``search/gongbao/`` that the page
requested (sizes on disk: what an uncompressed server sends; gzip'd sizes are given too).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reader.cdp import Browser, chromium  # noqa: E402  (the repository's only driver)

INDEX = "search/gongbao"


def index_size(site: Path) -> dict[str, Any]:
    """Bytes and files of the browser index, by part (t, p, n, d)."""
    root = site / INDEX
    parts: dict[str, int] = {}
    files = 0
    for path in root.rglob("*.js"):
        rel = path.relative_to(root).parts
        kind = rel[1] if len(rel) == 3 else "manifest"
        parts[kind] = parts.get(kind, 0) + path.stat().st_size
        files += 1
    return {"bytes": sum(parts.values()), "files": files, "parts": parts}


def _path(url: str) -> Path:
    return Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))


def run_query(browser: Browser, site: Path, query: str) -> dict[str, Any]:
    """One query on a fresh page: results, files and bytes it loaded, milliseconds."""
    page = browser.new_page(1280, 900)
    page.goto((site / "index.html").as_uri(), settle=0.1)
    mark = len(page.requests)
    started = time.perf_counter()
    page.eval(
        "(() => { const box = document.querySelector('[data-gb-search]');"
        f" box.querySelector('[data-search-input]').value = {json.dumps(query)};"
        " return box.gongbaoRun(); })()"
    )
    ms = (time.perf_counter() - started) * 1000
    total = page.eval("document.querySelector('[data-search-total]').getAttribute('data-count')")
    loaded = sorted({u for u in page.requests[mark:] if f"/{INDEX}/" in u})
    raw = [_path(u).read_bytes() for u in loaded]
    page.send("Page.close")
    return {
        "query": query,
        "results": int(total) if total is not None else None,
        "files": len(loaded),
        "bytes": sum(len(b) for b in raw),
        "gzip_bytes": sum(len(gzip.compress(b, 6)) for b in raw),
        "ms": round(ms, 1),
    }


def measure(site: Path, queries: list[str]) -> dict[str, Any]:
    """Index size and per-query figures (median, 90th percentile, max) for ``queries``."""
    with chromium() as browser:
        rows = [run_query(browser, site, q) for q in queries]
    sizes: list[int] = sorted(int(r["bytes"]) for r in rows)

    def pct(p: float) -> int:
        return sizes[min(len(sizes) - 1, round(p * (len(sizes) - 1)))]

    return {
        "index": index_size(site),
        "queries": rows,
        "bytes_median": int(statistics.median(sizes)),
        "bytes_p90": pct(0.9),
        "bytes_max": sizes[-1],
        "gzip_median": int(statistics.median(r["gzip_bytes"] for r in rows)),
        "ms_median": round(statistics.median(r["ms"] for r in rows), 1),
    }


DEFAULT = [
    "政务公开",
    "行政复议",
    "海关",
    "营商环境",
    "监督管理",
    "申请人",
    "规范性文件",
    "人民政府",
    '"行政复议机关"',
    '"海关 监管"',
    "政务公开 工作",
    "随机不存在词语",
]


def main() -> None:
    """Command line: ``browser.py SITE_DIR [--queries a,b,c]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (the folder with index.html)")
    parser.add_argument("--queries", help="comma-separated queries (default: a fixed set)")
    args = parser.parse_args()
    queries = args.queries.split(",") if args.queries else DEFAULT
    print(json.dumps(measure(args.site.resolve(), queries), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
