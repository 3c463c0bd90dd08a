"""The header search box in real headless Chromium, over http and from file://.

The site is the sample site plus the eight real texts of tests/data/corpus and one 依申请公开
document. Every probe's truth comes from the sources, not from gongbao's code: the pages whose
title, 文号, issuer and body (whitespace and Markdown marks removed) contain the phrase, among
the pages the built site has. The box must list exactly those, say how many, and load nothing
from another host.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import yaml

from gongbao.core.search.browser.text import (
    docnumber_lookup_key,
    fnv1a,
    looks_like_docnumber,
    term_hash,
)
from tests.http import serving
from tests.reader.cdp import Browser, Page, chromium
from tests.reader.conftest import copy_sample
from tests.sites import BuildResult, build_site, site_text

CORPUS = Path(__file__).parents[1] / "data/corpus"
SECRET = "绝不公开的测试短语"
KIND_OF_FOLDER = {"policies": "policy", "interpretations": "interpretation", "gazette": "gazette"}


def _front(meta: dict[str, object], body: str) -> str:
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{body}\n"


def _add_corpus(root: Path) -> None:
    review = {"reviewed_by": "测试审核人", "approved_by": "测试签发人"}
    for k, path in enumerate(sorted(CORPUS.glob("policy_*.txt"))):
        head, body = path.read_text(encoding="utf-8").split("-" * 40, 1)
        fields = dict(line.split("：", 1) for line in head.splitlines() if "：" in line)
        meta = {
            "title": fields["标题"],
            "doc_number": fields["文号"],
            "issuer": fields["发布机关"],
            "published": datetime.date(2019, 1, k + 2),
            "interpretation": "exempt",
            "exempt_reason": "测试语料无配套解读",
            **review,
        }
        paragraphs = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
        dest = root / f"content/policies/2019/{path.stem}.md"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(_front(meta, paragraphs), encoding="utf-8")
    withheld = {
        "title": "依申请公开的测试文件",
        "doc_number": "平政办发〔2019〕99号",
        "issuer": "平凉市人民政府办公室",
        "published": datetime.date(2019, 3, 1),
        "disclosure": "依申请公开",
        "interpretation": "exempt",
        "exempt_reason": "依申请公开",
        **review,
    }
    (root / "content/policies/2019/withheld.md").write_text(
        _front(withheld, f"本文件含有{SECRET}。"), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = copy_sample(tmp_path_factory.mktemp("browser-search") / "site-src")
    _add_corpus(root)
    result = build_site(root)
    assert result.ok, result.log
    return result


@dataclass(frozen=True)
class Source:
    text: str
    kind: str
    year: int


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_MARKS = re.compile(r"[\s*_#>|`]+")


def sources(built: BuildResult) -> dict[str, Source]:
    """Site-relative URL -> what its source says, for every page the built site has."""
    root = built.site.parent
    out = {}
    for folder, prefix in (
        ("content", ""),
        ("interpretations", "interpretations/"),
        ("gazette", "gazette/"),
    ):
        for md in sorted((root / folder).rglob("*.md")):
            url = prefix + md.relative_to(root / folder).with_suffix(".html").as_posix()
            page = built.site / url
            if not page.is_file():
                continue  # withheld: not on the site
            _, head, body = md.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.safe_load(head)
            title = meta.get("title")
            if not title:  # a gazette issue: its title is made by the build; read the page
                h1 = _H1.search(page.read_text(encoding="utf-8"))
                assert h1, url
                title = _TAG.sub("", h1.group(1)).replace("¶", "")
            items = [
                item if isinstance(item, str) else str(item.get("text") or item.get("ref"))
                for section in meta.get("sections", [])
                for item in section["items"]
            ]
            parts = [title, meta.get("doc_number", ""), meta.get("issuer", ""), *items, body]
            text = _MARKS.sub("", "\n".join(str(p) for p in parts)).lower()
            first = url.split("/")[0]
            kind = KIND_OF_FOLDER.get(first, "page")
            published = meta.get("published")
            out[url] = Source(text, kind, published.year if published else 0)
    return out


def truth(corpus: dict[str, Source], phrase: str) -> set[str]:
    return {url for url, source in corpus.items() if phrase.lower() in source.text}


def probes(corpus: dict[str, Source]) -> list[str]:
    """Fixed phrases (the issue's) and phrases cut at random from the real texts."""
    fixed = [
        "三同步",
        "行政复议",
        "专项附加",
        "综合保税",
        "信息公开",
        "个人所得税",
        "海关",
        "随机不存在词语",
    ]
    rng = random.Random(15)
    han = re.compile(r"[\u4e00-\u9fff]{6,}")
    texts = [corpus[url].text for url in sorted(corpus) if url.startswith("policies/")]
    cut = []
    for text in rng.sample(texts, 8):
        run = rng.choice(han.findall(text))
        start = rng.randrange(len(run) - 4)
        cut.append(run[start : start + rng.randint(2, 5)])
    return fixed + cut


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


def _type(page: Page, query: str, kind: str = "", year: str = "") -> int:
    """Run ``query`` in the header box (filters set first); the total it shows."""
    page.eval(
        "(() => { const box = document.querySelector('[data-gb-search]');"
        f" box.querySelector('[data-search-kind]').value = {json.dumps(kind)};"
        f" box.querySelector('[data-search-input]').value = {json.dumps(query)};"
        " return box.gongbaoRun(); })()"
    )
    if year:
        page.eval(
            "(() => { const box = document.querySelector('[data-gb-search]');"
            f" box.querySelector('[data-search-year]').value = {json.dumps(year)};"
            " return box.gongbaoRun(); })()"
        )
    count = page.eval("document.querySelector('[data-search-total]').getAttribute('data-count')")
    assert count is not None, page.eval("document.querySelector('[data-search-total]').textContent")
    return int(count)


def _all_results(page: Page) -> list[str]:
    """Every result link's site-relative URL, pressing 显示更多结果 until all are shown."""
    for _ in range(100):
        if page.eval("document.querySelector('[data-search-more]').hidden"):
            break
        page.eval("document.querySelector('[data-search-more]').click()")
        time.sleep(0.1)
    hrefs: list[str] = page.eval(
        "[...document.querySelectorAll('[data-search-result]')].map(a => a.href)"
    )
    return hrefs


def _relative(hrefs: list[str], base: str) -> list[str]:
    assert all(h.startswith(base) for h in hrefs), hrefs
    return [h[len(base) :] for h in hrefs]


def _foreign(page: Page, base: str) -> list[str]:
    return [u for u in page.requests if not u.startswith((base, "data:"))]


def _check_probes(page: Page, corpus: dict[str, Source], base: str) -> None:
    for phrase in probes(corpus):
        expected = truth(corpus, phrase)
        assert _type(page, phrase) == len(expected), phrase
        shown = _relative(_all_results(page), base)
        assert sorted(shown) == sorted(expected), phrase
        assert len(shown) == len(set(shown))
        total = page.eval("document.querySelector('[data-search-total]').textContent")
        assert total == (f"共 {len(expected)} 条结果" if expected else "没有找到符合条件的结果")


def test_probes_over_http_list_exactly_the_pages_that_contain_them(
    browser: Browser, built: BuildResult
) -> None:
    corpus = sources(built)
    assert len(corpus) > 30
    with serving(built.site, built.site.parent / "search-index") as url:
        page = browser.new_page(1280, 900)
        page.goto(f"{url}/policies/2024/hgzsl-265.html", settle=0.3)
        _check_probes(page, corpus, f"{url}/")
        assert _foreign(page, f"{url}/") == []
        # A query loads the manifest, then shards: never the whole index.
        shards = [u for u in page.requests if "/search/gongbao/" in u]
        assert any(u.endswith("/search/gongbao/index.js") for u in shards)
        assert not any(u.endswith("search_index.json") for u in page.requests)


def test_probes_from_file_url_list_exactly_the_pages_that_contain_them(
    browser: Browser, built: BuildResult
) -> None:
    corpus = sources(built)
    page = browser.new_page(1280, 900)
    page.goto((built.site / "interpretations/2024/hgzsl-265-jd.html").as_uri(), settle=0.3)
    base = built.site.as_uri() + "/"
    _check_probes(page, corpus, base)
    assert _foreign(page, "file://") == []


def test_a_phrase_does_not_match_across_punctuation_and_quoted_words_must_be_adjacent(
    browser: Browser, built: BuildResult
) -> None:
    corpus = sources(built)
    page = browser.new_page(1280, 900)
    page.goto((built.site / "index.html").as_uri(), settle=0.3)
    base = built.site.as_uri() + "/"
    # "个人所得税" and "专项附加扣除" both occur: unquoted, both must be somewhere in the page
    both = truth(corpus, "个人所得税") & truth(corpus, "专项附加扣除")
    assert both
    assert _type(page, "个人所得税 专项附加扣除") == len(both)
    assert sorted(_relative(_all_results(page), base)) == sorted(both)
    # quoted: only where they stand next to each other (Chinese has no spaces: 行政复议申请)
    raw = _raw_texts(built)
    adjacent = {url for url, text in raw.items() if "行政复议申请" in text}
    apart = {u for u in truth(corpus, "行政复议") & truth(corpus, "申请") if u not in adjacent}
    assert adjacent and apart  # the probe tells the two apart
    assert _type(page, '"行政复议 申请"') == len(adjacent)
    assert sorted(_relative(_all_results(page), base)) == sorted(adjacent)


def _raw_texts(built: BuildResult) -> dict[str, str]:
    """The d-files are gongbao's; for adjacency the truth reads the normalised Markdown."""
    from gongbao.core.search.site_records import markdown_to_text

    root = built.site.parent
    out = {}
    for url in sources(built):
        folder = "interpretations" if url.startswith("interpretations/") else None
        folder = folder or ("gazette" if url.startswith("gazette/") else "content")
        rel = url.removeprefix(f"{folder}/") if folder != "content" else url
        md = root / folder / Path(rel).with_suffix(".md")
        _, head, body = md.read_text(encoding="utf-8").split("---\n", 2)
        title = yaml.safe_load(head).get("title") or ""
        out[url] = f"{title}\n{markdown_to_text(body)}".lower()
    return out


@pytest.mark.parametrize(
    "spelling",
    [
        "海关总署令第265号",
        "海关总署令265号",
        "国发〔2018〕41号",
        "国发[2018]41号",
        "国发（2018）041号",
        "国发2018年41号",
        "国发２０１８年第４１号",
        "国发201841号",
        "国务院令第707号",
        "国令707号",
    ],
)
def test_a_docnumber_in_any_spelling_lists_its_document_first(
    browser: Browser, built: BuildResult, spelling: str
) -> None:
    page = browser.new_page(1280, 900)
    page.goto((built.site / "index.html").as_uri(), settle=0.2)
    assert _type(page, spelling) >= 1
    first = page.eval("document.querySelector('[data-search-result]').href")
    expected = {"265": "policies/2024/hgzsl-265.html", "707": "policies/2019/policy_13.html"}.get(
        re.sub(r"\D", "", spelling)[-3:], "policies/2019/policy_14.html"
    )
    assert first.endswith("/" + expected)
    assert page.eval(f"window.gongbaoSearch.docKey({json.dumps(spelling)})") == (
        docnumber_lookup_key(spelling)
    )


def test_filters_by_kind_and_year_and_results_show_what_a_reader_needs(
    browser: Browser, built: BuildResult
) -> None:
    corpus = sources(built)
    page = browser.new_page(1280, 900)
    page.goto((built.site / "index.html").as_uri(), settle=0.2)
    base = built.site.as_uri() + "/"
    for kind in ("policy", "interpretation", "gazette"):
        expected = {u for u in truth(corpus, "海关") if corpus[u].kind == kind}
        assert _type(page, "海关", kind=kind) == len(expected)
        assert sorted(_relative(_all_results(page), base)) == sorted(expected)
    expected = {u for u in truth(corpus, "国务院") if corpus[u].year == 2019}
    assert expected and _type(page, "国务院", year="2019") == len(expected)
    assert sorted(_relative(_all_results(page), base)) == sorted(expected)
    # title, kind, 文号, date and an excerpt with the phrase marked
    assert _type(page, "专项附加扣除") >= 1
    article = page.eval(
        "(() => { const a = document.querySelector('[data-search-result] article');"
        " return {title: a.querySelector('h1').textContent,"
        " meta: a.querySelector('.gb-search__meta').textContent,"
        " marks: [...a.querySelectorAll('mark')].map(m => m.textContent)}; })()"
    )
    assert article["title"] == "国务院关于印发个人所得税专项附加扣除暂行办法的通知"
    # _add_corpus dates the k-th corpus policy 2019-01-(k+2)
    k = sorted(p.stem for p in CORPUS.glob("policy_*.txt")).index("policy_14")
    assert article["meta"] == f"政策文件 · 国发〔2018〕41号 · 2019-01-{k + 2:02d} · 国务院"
    assert article["marks"] and set(article["marks"]) == {"专项附加扣除"}


def test_withheld_documents_are_neither_found_nor_in_the_index(
    browser: Browser, built: BuildResult
) -> None:
    assert SECRET not in site_text(built.site)
    page = browser.new_page(1280, 900)
    page.goto((built.site / "index.html").as_uri(), settle=0.2)
    assert _type(page, SECRET) == 0
    assert _type(page, "平政办发〔2019〕99号") == 0


def test_the_keyboard_reaches_the_box_and_the_results(browser: Browser, built: BuildResult) -> None:
    page = browser.new_page(1280, 900)
    page.goto((built.site / "index.html").as_uri(), settle=0.3)
    page.send("Input.dispatchKeyEvent", type="keyDown", key="/", code="Slash", text="/")
    page.send("Input.dispatchKeyEvent", type="keyUp", key="/", code="Slash")
    assert page.eval("document.activeElement.id") == "gb-search-input"
    assert page.eval("document.getElementById('__search').checked") is True
    page.send("Input.insertText", text="行政复议")
    for _ in range(40):
        if page.eval("document.querySelectorAll('[data-search-result]').length"):
            break
        time.sleep(0.1)
    assert (
        page.eval("document.querySelector('[data-search-total]').getAttribute('role')") == "status"
    )
    page.send("Input.dispatchKeyEvent", type="keyDown", key="ArrowDown", code="ArrowDown")
    assert page.eval("document.activeElement.hasAttribute('data-search-result')") is True
    page.send("Input.dispatchKeyEvent", type="keyDown", key="ArrowUp", code="ArrowUp")
    assert page.eval("document.activeElement.id") == "gb-search-input"
    page.send("Input.dispatchKeyEvent", type="keyDown", key="Escape", code="Escape")
    assert page.eval("document.getElementById('__search').checked") is False
    label = page.eval("document.querySelector('label[for=gb-search-input]').textContent")
    assert label.startswith("搜索政策文件")


def test_the_client_hashes_as_the_writer_does(browser: Browser, built: BuildResult) -> None:
    page = browser.new_page(800, 600)
    page.goto((built.site / "index.html").as_uri(), settle=0.2)
    terms = ["政府", "20", "ab", "𠀀中", "号", "行政复议", "申请人"]
    for term in terms:
        chars = [ord(c) for c in term.ljust(4, "\0")]
        expected = term_hash(*(np.array([c], dtype=np.uint64) for c in chars))[0]
        assert page.eval(f"window.gongbaoSearch.termHash({', '.join(map(str, chars))})") == int(
            expected
        )
    for query in (
        "国发〔2018〕41号",
        "国发２０１８年第４１号",
        "国发 41 号 ",
        "行政复议",
        "41号文",
    ):
        assert page.eval(f"window.gongbaoSearch.looksLikeDocnumber({json.dumps(query)})") == (
            looks_like_docnumber(query)
        )
    for key in ("平政办发2023-51号", "海关总署令265号", "𠀀"):
        assert page.eval(f"window.gongbaoSearch.fnv1a({json.dumps(key)})") == fnv1a(key)
