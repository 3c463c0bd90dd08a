"""gongbao serve's /search page on a real built site: the site's look, filters kept on every
link, facet counts as links that find what they count, PDF pages and their 刊期."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterator

import pytest

from tests.http import serving
from tests.sites import BuildResult, build_site, interpretation, policy, write_site
from tests.test_server import get

ISSUERS = ["平凉市人民政府办公室", "平凉市财政局", "平凉市人民政府"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    files = {}
    for n in range(1, 8):
        number = f"平政办发〔2023〕{n}号"
        day = f"2023-0{n}-10" if n < 7 else "2022-03-01"
        files[f"content/policies/p{n}.md"] = policy(
            title=f"关于做好政务公开第{n}项工作的通知",
            doc_number=number,
            published=day,
            issuer=ISSUERS[n % 3],
            body=f"各单位要做好政务公开工作。第{n}项。",
        )
        files[f"interpretations/i{n}.md"] = interpretation(
            interprets=number, title=f"第{n}项工作解读", published=day, body="政务公开工作的解读。"
        )
    root = tmp_path_factory.mktemp("page")
    result = build_site(write_site(root, files, {"gazette_title": "平凉市人民政府公报"}))
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def base_url(built: BuildResult) -> Iterator[str]:
    with serving(built.site, built.site.parent / "search-index") as url:
        yield url


def page(base_url: str, **params: str) -> str:
    status, _, body = get(f"{base_url}/search?{urllib.parse.urlencode(params)}")
    assert status == 200, body
    return body.decode("utf-8")


def links(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="(/search[^"]*)"', text)]


def result_links(text: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" data-search-result>', text)


def total(text: str) -> int:
    found = re.search(r'data-search-total="(\d+)"', text)
    assert found, text
    return int(found[1])


def test_the_page_wears_the_site_s_look(built: BuildResult, base_url: str) -> None:
    text = page(base_url, q="政务公开")
    home = built.read("index.html")
    # The site's name, its stylesheets (as the home page links them) and its sections.
    assert "<title>政务公开 - 站内检索 - 测试站点</title>" in text
    assert '<span class="md-ellipsis">测试站点</span>' in text
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', home):
        assert f'<link rel="stylesheet" href="/{href}">' in text
    assert '<nav class="gb-nav" aria-label="栏目">' in text
    # The test site has no nav of its own: MkDocs makes one, an "Archive" section first.
    assert re.search(
        r'<nav class="gb-nav" aria-label="栏目">.*<a href="/archive/[a-z]+/index.html">', text, re.S
    )
    assert '<button type="button" class="md-header__button gb-size-toggle"' in text
    assert '<script src="/assets/javascripts/gongbao.js"></script>' in text
    assert 'class="md-content__inner md-typeset"' in text
    # Every form field is labelled.
    for name in ("q", "kind", "year", "issuer", "sort", "valid_only"):
        assert f'<label for="{name}">' in text and f'id="{name}"' in text


def test_filters_are_kept_on_every_page_link(base_url: str) -> None:
    params = {"q": "政务公开", "kind": "policy", "valid_only": "1", "page_size": "2"}
    first = page(base_url, **params)
    assert total(first) == 7
    pages = [link for link in links(first) if "page=" in link]
    assert pages, first
    for link in pages:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        assert query["kind"] == ["policy"] and query["valid_only"] == ["1"], link
    # The form shows the filters too.
    assert '<option value="policy" selected>' in first and "checked" in first
    # Following "下一页" keeps to policies.
    nxt = re.search(r'<a href="([^"]+)" rel="next"', first)
    assert nxt
    second = page(base_url, **dict(urllib.parse.parse_qsl(html.unescape(nxt[1]).split("?", 1)[1])))
    assert result_links(second) and all(h.startswith("/policies/") for h in result_links(second))


def test_facet_counts_are_links_that_find_what_they_count(base_url: str) -> None:
    text = page(base_url, q="政务公开")
    facet_links = re.findall(r'<a href="(/search\?[^"]+)">([^<（]+)（(\d+)）</a>', text)
    assert {label for _, label, _ in facet_links} >= {"政策文件", "政策解读", "2023年", *ISSUERS}
    for href, label, count in facet_links:
        params = dict(urllib.parse.parse_qsl(html.unescape(href).split("?", 1)[1]))
        params["page_size"] = "100"
        found = page(base_url, **params)
        assert total(found) == int(count), (label, href)
        # The chosen value is shown as chosen, with a link to drop it.
        assert f'<span aria-current="true">{label}（{count}）</span>' in found
        assert "不限" in found


def test_the_issuer_filter_takes_part_of_a_name(base_url: str) -> None:
    text = page(base_url, q="政务公开", issuer="财政", kind="policy")
    assert total(text) == 3  # 平凉市财政局's three policies
    # An issuer's full name is that issuer only (平凉市人民政府 is part of another name).
    text = page(base_url, q="政务公开", issuer="平凉市人民政府", kind="policy")
    assert total(text) == 2


def test_a_refused_query_keeps_the_form_and_says_why(base_url: str) -> None:
    status, _, body = get(
        f"{base_url}/search?" + urllib.parse.urlencode({"q": '"未闭合', "kind": "policy"})
    )
    text = body.decode("utf-8")
    assert status == 400 and 'role="alert"' in text and "引号不成对" in text
    assert '<option value="policy" selected>' in text
