"""The WSGI server: static files, /api/search over real HTTP, the HTML page, traversal."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongbao.core.search.whoosh.build import build_index
from gongbao.server.app import make_app
from tests.core.test_search import real_records
from tests.http import serving


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("site")
    site_dir = root / "site"
    (site_dir / "policies" / "2019").mkdir(parents=True)
    (site_dir / "index.html").write_text('<html lang="zh-CN">首页</html>', encoding="utf-8")
    (site_dir / "policies" / "index.html").write_text("政策列表", encoding="utf-8")
    (site_dir / "policies" / "2019" / "gf-5.html").write_text("国发〔2019〕5号", encoding="utf-8")
    (site_dir / "assets" / "stylesheets").mkdir(parents=True)
    (site_dir / "assets" / "stylesheets" / "main.abc.min.css").write_text("body{}")
    (root / "secret.txt").write_text("do not serve")
    build_index(real_records(), root / "index")
    return site_dir, root / "index"


@pytest.fixture(scope="module")
def base_url(site: tuple[Path, Path]) -> Iterator[str]:
    with serving(*site) as url:
        yield url


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()


def api(base_url: str, **params: str) -> tuple[int, Any]:
    status, _, body = get(f"{base_url}/api/search?{urllib.parse.urlencode(params)}")
    return status, json.loads(body)


def test_api_search_over_http(base_url: str) -> None:
    status, data = api(base_url, q="平政办发[2023]51号")
    assert status == 200
    assert data["results"][0]["id"] == "gazette:2023/05"
    assert data["results"][0]["doc_number"] == "平政办发〔2023〕51号"
    assert set(data["facets"]) == {"year", "issuer", "kind"}
    assert data["page"] == 1 and data["page_size"] == 10 and data["query"] == "平政办发[2023]51号"


def test_api_filters_and_sort(base_url: str) -> None:
    _, data = api(base_url, q="公开", issuer="国务院办公厅", valid_only="1", sort="date")
    assert [r["id"] for r in data["results"]] == ["policy:2018/gbf-115"]
    _, data = api(base_url, q="行政复议", year="2024", kind="interpretation")
    assert [r["id"] for r in data["results"]] == ["interp:2024/hgzsl-265"]
    _, data = api(base_url, q='"全面推进政府信息公开工作"')
    assert data["results"][0]["page"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"政务公开'},
        {"q": "AND"},
        {"q": "x" * 10_000},
        {"q": "公开", "year": "二〇二四"},
        {"q": "x", "page": "0"},
    ],
)
def test_api_malformed_query_is_400_json(base_url: str, params: dict[str, str]) -> None:
    status, data = api(base_url, **params)
    assert status == 400
    assert data["error"] and "Traceback" not in data["error"]


def test_html_search_page(base_url: str) -> None:
    status, headers, body = get(f"{base_url}/search?q=" + urllib.parse.quote("双随机"))
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert 'lang="zh-CN"' in page and '<form role="search"' in page
    assert '<a href="/policies/2019/gf-5.html" data-search-result>' in page
    assert "国发〔2019〕5号" in page and "2019年2月15日" in page and "<mark>" in page
    assert "/assets/stylesheets/main.abc.min.css" in page
    status, _, body = get(f"{base_url}/search?q=" + urllib.parse.quote('"未闭合'))
    assert status == 400 and "引号不成对" in body.decode("utf-8")
    status, _, body = get(f"{base_url}/search?q=" + urllib.parse.quote("<script>"))
    # The query is shown escaped; the only scripts are the page's own (大字 and gongbao.js).
    text = body.decode("utf-8")
    assert 'value="&lt;script&gt;"' in text
    assert text.count("<script") == 2
    assert '<script src="/assets/javascripts/gongbao.js"></script>' in text


def test_static_files_and_directories(base_url: str) -> None:
    status, headers, body = get(f"{base_url}/")
    assert status == 200 and "首页" in body.decode() and "charset=utf-8" in headers["Content-Type"]
    status, _, body = get(f"{base_url}/policies/")
    assert status == 200 and body.decode() == "政策列表"
    status, headers, _ = get(f"{base_url}/assets/stylesheets/main.abc.min.css")
    assert headers["Content-Type"].startswith("text/css")


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/policies/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%5csecret.txt",
        "/nope.html",
    ],
)
def test_path_traversal_refused(base_url: str, path: str) -> None:
    status, _, body = get(base_url + path)
    assert status == 404 and b"do not serve" not in body


def test_wsgi_directly_refuses_traversal(site: tuple[Path, Path]) -> None:
    app: Any = make_app(*site)
    seen: list[str] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None
    ) -> None:
        seen.append(status)

    body = b"".join(
        app({"REQUEST_METHOD": "GET", "PATH_INFO": "/../../secret.txt"}, start_response)
    )
    assert seen == ["404 Not Found"] and b"do not serve" not in body
    app({"REQUEST_METHOD": "POST", "PATH_INFO": "/"}, start_response)
    assert seen[-1].startswith("405")


def test_missing_index_is_503(tmp_path: Path, site: tuple[Path, Path]) -> None:
    app: Any = make_app(site[0], tmp_path / "none")
    seen: list[str] = []
    body = b"".join(
        app(
            {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/search", "QUERY_STRING": "q=x"},
            lambda s, h, e=None: seen.append(s),
        )
    )
    assert seen == ["503 Service Unavailable"] and "mkdocs build" in json.loads(body)["error"]
