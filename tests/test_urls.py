"""The core's URL arithmetic agrees with MkDocs."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from gongbao.core.publish.urls import page_url, relative_url

SOURCES = ["index.md", "a.md", "policies/2023/a.md", "archive/documents/index.md", "x/README.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src", SOURCES)
def test_page_url_matches_mkdocs(src: str, directory_urls: bool) -> None:
    file = File(src, src_dir="/docs", dest_dir="/site", use_directory_urls=directory_urls)
    assert page_url(src, directory_urls) == file.url.removeprefix("./")


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src", SOURCES)
@pytest.mark.parametrize("dst", SOURCES)
def test_relative_url_matches_mkdocs(src: str, dst: str, directory_urls: bool) -> None:
    a, b = page_url(dst, directory_urls), page_url(src, directory_urls)
    ours = relative_url(a, b)
    theirs = get_relative_url(a or ".", b or ".")
    assert ours.rstrip("/") == theirs.rstrip("/") or (ours, theirs) in {("./", ".")}


def test_the_collision_rule_places_pages_where_mkdocs_does() -> None:
    from gongbao.core.publish.urls import page_url
    from gongbao.core.rules.pages import _place

    for directory_urls in (False, True):
        for src in ("a/b.md", "a/b/index.md", "index.md", "README.md", "a/README.md", "x/y.z.md"):
            assert _place(src, directory_urls) == page_url(src, directory_urls), src
