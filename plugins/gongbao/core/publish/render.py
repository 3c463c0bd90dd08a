"""Render records and archives into Markdown pages (with escaped HTML blocks) for any SSG.

Everything an editor typed is escaped before it reaches HTML: titles, 文号, issuers and reasons
may contain ``<`` or ``&``. Links inside HTML blocks are real relative URLs computed by
:mod:`gongbao.core.publish.urls`; links inside Markdown text point at ``.md`` sources so MkDocs resolves
and validates them.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from gongbao.core.config.settings import Settings
from gongbao.core.graph.links import LinkGraph
from gongbao.core.model.records import Interpretation, PolicyDocument, Validity
from gongbao.core.publish.urls import page_url, relative_url

__all__ = [
    "Asset",
    "GeneratedPage",
    "Linker",
    "asset_link",
    "date_html",
    "esc",
    "front_matter",
    "link_mentions",
    "md_escape",
    "render_archives",
    "render_interpretation",
    "render_policy",
]


@dataclass(frozen=True)
class GeneratedPage:
    """A page the core produced: where it goes and its Markdown."""

    src_uri: str
    content: str
    in_nav: bool = False
    """Only archive index pages belong in the global nav; documents never do."""


@dataclass(frozen=True)
class Asset:
    """A published file (issue PDF, article PDF, attachment) and what a reader needs to know."""

    src_uri: str
    """Where it lives in the site, e.g. ``gazette/2023/05.pdf``."""
    name: str
    size: int
    pages: int | None = None

    def describe(self) -> str:
        """``PDF，12 页，1.2 MB``."""
        kind = self.src_uri.rsplit(".", 1)[-1].upper() if "." in self.src_uri else "文件"
        size = (
            f"{self.size / 2**20:.1f} MB"
            if self.size >= 2**20
            else f"{max(1, self.size // 1024)} KB"
        )
        return f"{kind}，{self.pages} 页，{size}" if self.pages else f"{kind}，{size}"


def asset_link(asset: Asset, link: Linker, text: str) -> str:
    """A download link with the file's kind, pages and size."""
    return (
        f'<a href="{link.href_file(asset.src_uri)}" download>{esc(text)}</a>'
        f'<span class="gb-muted">（{asset.describe()}）</span>'
    )


def esc(text: str) -> str:
    """HTML-escape text for an attribute or element."""
    return html.escape(text, quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(text: str) -> str:
    """Escape text for inline Markdown: HTML entities plus backslashes before Markdown syntax."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter for a generated page.

    MkDocs treats ``page.title`` as HTML (it is usually taken from a rendered heading) and
    Material prints it unescaped into ``<title>`` and the header, so it is escaped here.
    """
    meta = {"title": esc(title), **extra}
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n\n"


class Linker:
    """Relative hrefs from one page to records and files, honouring ``use_directory_urls``."""

    def __init__(self, src_uri: str, settings: Settings) -> None:
        self.settings = settings
        self.url = page_url(src_uri, settings.directory_urls)
        self.src_uri = src_uri

    def href(self, target_src_uri: str) -> str:
        return esc(relative_url(page_url(target_src_uri, self.settings.directory_urls), self.url))

    def href_file(self, target_src_uri: str) -> str:
        """A link to a non-page file (PDF, image): its URL is its path."""
        return esc(relative_url(target_src_uri, self.url))

    def md_link(self, target_src_uri: str) -> str:
        # Markdown links to the .md source: MkDocs rewrites them and checks they exist.
        return posixpath.relpath(target_src_uri, posixpath.dirname(self.src_uri) or ".")


def date_html(value: object) -> str:
    text = str(value)
    return f'<time datetime="{esc(text)}">{esc(text)}</time>'


def _meta_table(doc: PolicyDocument, caption: str = "文件信息") -> str:
    rows = [
        ("索引号", esc(doc.index_number) or "—", "主题分类", esc(doc.category) or "—"),
        ("发文机关", esc(doc.issuer), "成文日期", date_html(doc.written) if doc.written else "—"),
        ("文号", esc(doc.doc_number) or "—", "发布日期", date_html(doc.published)),
        ("公开属性", esc(doc.disclosure.value), "有效性", esc(doc.validity.value)),
    ]
    body = "\n".join(
        f'<tr><th scope="row">{a}</th><td>{b}</td><th scope="row">{c}</th><td>{d}</td></tr>'
        for a, b, c, d in rows
    )
    if doc.keywords:
        body += (
            '\n<tr><th scope="row">主题词</th>'
            f'<td colspan="3">{esc("　".join(doc.keywords))}</td></tr>'
        )
    return (
        f'<table class="gb-meta">\n<caption class="gb-sr-only">{caption}</caption>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _interp_item(interp: Interpretation, link: Linker) -> str:
    return (
        f'<li><a href="{link.href(interp.src_uri)}">{esc(interp.title)}</a> '
        f'<span class="gb-tag">{esc(interp.form.value)}</span> '
        f"{date_html(interp.published)}"
        + (f' <span class="gb-tag">第{interp.round}轮解读</span>' if interp.round > 1 else "")
        + "</li>"
    )


def _doc_item(doc: PolicyDocument, link: Linker) -> str:
    number = f'<span class="gb-docno">{esc(doc.doc_number)}</span> ' if doc.doc_number else ""
    return (
        f'<li><a href="{link.href(doc.src_uri)}">{esc(doc.title)}</a> {number}'
        f"{date_html(doc.published)}</li>"
    )


def _panel(panel_id: str, heading: str, items: Iterable[str], css: str = "") -> str:
    lines = "\n".join(items)
    classes = f"gb-panel {css}".strip()
    return (
        f'<section class="{classes}" aria-labelledby="{panel_id}">\n'
        f'<h2 id="{panel_id}">{heading}</h2>\n<ul>\n{lines}\n</ul>\n</section>'
    )


def _strip_leading_h1(body: str, title: str) -> str:
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# ") and first[2:].strip().strip("#").strip() == title.strip():
        return rest
    return body


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Spans where a 文号 must not become a link: code, existing links/images, autolinks, HTML tags.
_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>\n]*>")


def link_mentions(
    body: str, graph: LinkGraph, src_uri: str, own_id: str, settings: Settings
) -> str:
    """Turn 文号 mentioned in body text into links to the documents' pages."""
    if not graph.by_doc_number:
        return body
    link = Linker(src_uri, settings)
    out = []
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence or line.startswith(("    ", "\t")):
            out.append(line)
            continue
        pieces = []
        last = 0
        for protected in _PROTECTED.finditer(line):
            pieces.append(_link_span(line[last : protected.start()], graph, link, own_id))
            pieces.append(protected.group(0))
            last = protected.end()
        pieces.append(_link_span(line[last:], graph, link, own_id))
        out.append("".join(pieces))
    return "\n".join(out)


def _link_span(text: str, graph: LinkGraph, link: Linker, own_id: str) -> str:
    mentions = graph.mentions(text, exclude=own_id)
    if not mentions:
        return text
    out = []
    last = 0
    for start, end, doc in mentions:
        label = text[start:end].replace("[", "\\[").replace("]", "\\]")
        out.append(text[last:start])
        out.append(f"[{label}]({link.md_link(doc.src_uri)})")
        last = end
    out.append(text[last:])
    return "".join(out)


def render_policy(
    doc: PolicyDocument,
    graph: LinkGraph,
    settings: Settings,
    attachments: Sequence[Asset] = (),
    article: Asset | None = None,
) -> GeneratedPage:
    """The page of one policy document, with its attachments and its cut from the gazette."""
    link = Linker(doc.src_uri, settings)
    parts = [front_matter(doc.title, gongbao_kind="policy"), f"# {md_escape(doc.title)}\n"]

    if doc.validity is not Validity.VALID:
        newer = graph.repealed_by.get(doc.id)
        state = "repealed" if doc.validity is Validity.REPEALED else "expired"
        basis = ""
        if newer is not None:
            label = esc(newer.doc_number or newer.title)
            basis = (
                f'依据：<a href="{link.href(newer.src_uri)}">{esc(newer.title)}</a>（{label}）。'
            )
        elif doc.repealed_by:
            basis = f"依据：{esc(doc.repealed_by)}。"
        parts.append(
            f'<div class="gb-banner gb-banner--{state}" role="note">'
            f"<strong>本文件已{esc(doc.validity.value)}。</strong>{basis}"
            "以下内容仅供查阅，不再作为执行依据。</div>\n"
        )

    parts.append(_meta_table(doc) + "\n")

    for entry in graph.issues_of.get(doc.id, ()):
        issue = entry.issue
        serial = f"（总第{issue.serial}期）" if issue.serial else ""
        parts.append(
            f'<p class="gb-printed">刊载于<a href="{link.href(issue.src_uri)}">'
            f"《{esc(settings.gazette_title)}》{issue.year}年第{issue.number}期{serial}</a>"
            f"（{esc(entry.heading)}）。"
            + (f"本文 PDF：{asset_link(article, link, article.name)}" if article else "")
            + "</p>\n"
        )
    if attachments:
        items = (f"<li>{asset_link(a, link, a.name)}</li>" for a in attachments)
        parts.append(_panel("gb-attachments", "附件", items) + "\n")

    interps = graph.interpretations_of.get(doc.id, ())
    if interps:
        parts.append(
            _panel("gb-related", "相关解读", (_interp_item(i, link) for i in interps)) + "\n"
        )
    elif doc.needs_interpretation is False and doc.exempt_reason and doc.is_public:
        parts.append(f'<p class="gb-note">本文件免于解读：{esc(doc.exempt_reason)}</p>\n')

    body = _strip_leading_h1(doc.body, doc.title)
    parts.append(link_mentions(body, graph, doc.src_uri, doc.id, settings).strip("\n") + "\n")

    repealed = graph.repeals.get(doc.id, ())
    if repealed:
        parts.append(
            "\n"
            + _panel("gb-repeals", "本文件废止的文件", (_doc_item(d, link) for d in repealed))
            + "\n"
        )
    return GeneratedPage(doc.src_uri, "\n".join(parts))


def render_interpretation(
    interp: Interpretation, graph: LinkGraph, settings: Settings
) -> GeneratedPage:
    """The page of one interpretation, linking back to each document it interprets."""
    link = Linker(interp.src_uri, settings)
    rows = [
        ("解读机关", esc(interp.issuer)),
        ("发布日期", date_html(interp.published)),
        ("解读形式", esc(interp.form.value)),
        ("解读轮次", f"第{interp.round}轮" + ("（跟踪解读）" if interp.round > 1 else "")),
    ]
    table = (
        '<table class="gb-meta gb-meta--interp">\n'
        '<caption class="gb-sr-only">解读信息</caption>\n<tbody>\n'
        + "\n".join(f'<tr><th scope="row">{a}</th><td>{b}</td></tr>' for a, b in rows)
        + "\n</tbody>\n</table>\n"
    )
    docs = graph.targets_of.get(interp.id, ())
    panel = _panel(
        "gb-original", "政策原文", (_doc_item(d, link) for d in docs), "gb-panel--original"
    )
    body = _strip_leading_h1(interp.body, interp.title)
    own = docs[0].id if len(docs) == 1 else ""
    content = "\n".join(
        [
            front_matter(interp.title, gongbao_kind="interpretation"),
            f"# {md_escape(interp.title)}\n",
            table,
            panel + "\n",
            link_mentions(body, graph, interp.src_uri, own, settings).strip("\n") + "\n",
        ]
    )
    return GeneratedPage(interp.src_uri, content)


def _pager(current: int, total: int, page_src: Sequence[str], link: Linker) -> str:
    if total <= 1:
        return ""
    items = []
    for n in range(1, total + 1):
        if n == current:
            items.append(f'<li><span aria-current="page">{n}</span></li>')
        else:
            items.append(f'<li><a href="{link.href(page_src[n - 1])}">第{n}页</a></li>')
    return f'<nav class="gb-pager" aria-label="分页">\n<ul>\n{"".join(items)}\n</ul>\n</nav>\n'


def _paginate(items: Sequence[object], per_page: int) -> list[Sequence[object]]:
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def _doc_rows(docs: Sequence[PolicyDocument], graph: LinkGraph, link: Linker) -> str:
    rows = []
    for doc in docs:
        interps = graph.interpretations_of.get(doc.id, ())
        if interps:
            first = interps[0]
            tip = f"查看解读：{esc(first.title)}"
            mark = f'<a href="{link.href(first.src_uri)}" title="{tip}">已解读</a>'
        elif not doc.needs_interpretation:
            mark = '<span class="gb-muted">免于解读</span>'
        else:
            mark = "—"
        state = (
            ""
            if doc.validity is Validity.VALID
            else f'<span class="gb-tag gb-tag--warn">{esc(doc.validity.value)}</span> '
        )
        rows.append(
            f"<tr><td>{esc(doc.doc_number) or '—'}</td>"
            f'<td>{state}<a href="{link.href(doc.src_uri)}">{esc(doc.title)}</a></td>'
            f"<td>{esc(doc.issuer)}</td><td>{date_html(doc.published)}</td><td>{mark}</td></tr>"
        )
    return (
        '<table class="gb-list">\n<thead><tr><th scope="col">文号</th><th scope="col">标题</th>'
        '<th scope="col">发文机关</th><th scope="col">发布日期</th>'
        '<th scope="col">解读</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n"
    )


def _interp_rows(interps: Sequence[Interpretation], graph: LinkGraph, link: Linker) -> str:
    rows = []
    for interp in interps:
        targets = "、".join(
            f'<a href="{link.href(d.src_uri)}">{esc(d.doc_number or d.title)}</a>'
            for d in graph.targets_of.get(interp.id, ())
        )
        rows.append(
            f'<tr><td><a href="{link.href(interp.src_uri)}">{esc(interp.title)}</a></td>'
            f"<td>{esc(interp.form.value)}</td><td>{date_html(interp.published)}</td><td>{targets}</td></tr>"
        )
    return (
        '<table class="gb-list">\n<thead><tr><th scope="col">标题</th><th scope="col">解读形式</th>'
        '<th scope="col">发布日期</th><th scope="col">解读对象</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n"
    )


def _by_year(records: Iterable[PolicyDocument | Interpretation]) -> dict[int, list[object]]:
    years: dict[int, list[object]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.published, r.path), reverse=True):
        years[record.published.year].append(record)
    return dict(sorted(years.items(), reverse=True))


def _year_pages(
    base: str,
    title: str,
    years: dict[int, list[object]],
    rows: Callable[[Sequence[Any], LinkGraph, Linker], str],
    graph: LinkGraph,
    settings: Settings,
) -> list[GeneratedPage]:
    pages = []
    for year, records in years.items():
        chunks = _paginate(records, settings.per_page)
        srcs = [f"{base}/{year}/index.md"] + [
            f"{base}/{year}/{n}.md" for n in range(2, len(chunks) + 1)
        ]
        for number, chunk in enumerate(chunks, 1):
            link = Linker(srcs[number - 1], settings)
            heading = f"{title} · {year}年" + (f"（第{number}页）" if number > 1 else "")
            pager = _pager(number, len(chunks), srcs, link)
            up = f'<p><a href="{link.href(base + "/index.md")}">← 全部年度</a></p>\n'
            content = (
                front_matter(heading, search={"exclude": True})
                + f"# {md_escape(heading)}\n\n{up}\n"
                + f"<p>共 {len(records)} 件，按发布日期从新到旧排列。</p>\n\n"
                + rows(chunk, graph, link)
                + "\n"
                + pager
            )
            pages.append(GeneratedPage(srcs[number - 1], content))
    return pages


def _year_index(
    base: str, title: str, intro: str, years: dict[int, list[object]], settings: Settings
) -> GeneratedPage:
    link = Linker(f"{base}/index.md", settings)
    items = "\n".join(
        f'<li><a href="{link.href(f"{base}/{year}/index.md")}">{year}年</a>'
        f"（{len(records)} 件）</li>"
        for year, records in years.items()
    )
    body = f'<ul class="gb-years">\n{items}\n</ul>\n' if items else "<p>暂无。</p>\n"
    content = (
        front_matter(title, search={"exclude": True})
        + f"# {md_escape(title)}\n\n<p>{intro}</p>\n\n{search_form(link)}\n{body}"
    )
    return GeneratedPage(f"{base}/index.md", content, in_nav=True)


def search_form(link: Linker) -> str:
    """An advanced-search form for ``gongbao serve``'s ``/search``.

    Hidden until the page's script finds the search service answering, so a purely static
    host (or ``file://``) never shows a form that cannot work.
    """
    action = esc(relative_url("search", link.url))
    probe = esc(relative_url("api/search", link.url))
    return (
        f'<form class="gb-search-form" role="search" method="get" action="{action}" '
        f'data-gb-probe="{probe}" hidden>\n'
        '<label>关键词 <input type="search" name="q" placeholder="标题、正文、文号"></label>\n'
        '<label>发文机关 <input type="text" name="issuer"></label>\n'
        '<label>年份 <input type="number" name="year" min="1949" max="2200"></label>\n'
        '<label>类型 <select name="kind"><option value="">全部</option>'
        '<option value="policy">政策文件</option><option value="interpretation">政策解读</option>'
        '<option value="gazette">政府公报</option><option value="pdf">PDF</option></select></label>\n'
        '<label><input type="checkbox" name="valid_only" value="1"> 仅现行有效</label>\n'
        '<button type="submit">高级检索</button>\n</form>\n'
    )


def render_archives(
    policies: Sequence[PolicyDocument],
    interpretations: Sequence[Interpretation],
    graph: LinkGraph,
    settings: Settings,
) -> list[GeneratedPage]:
    """Archive pages: documents and interpretations by year, newest first, paginated."""
    docs_base = f"{settings.archive_dir}/documents"
    interp_base = f"{settings.archive_dir}/interpretations"
    doc_years = _by_year(policies)
    interp_years = _by_year(interpretations)
    interpreted = sum(1 for d in policies if graph.interpretations_of.get(d.id))
    return [
        _year_index(
            docs_base,
            "政策文件",
            f"共 {len(policies)} 件政策文件，其中 {interpreted} 件已发布解读。按年度浏览：",
            doc_years,
            settings,
        ),
        *_year_pages(docs_base, "政策文件", doc_years, _doc_rows, graph, settings),
        _year_index(
            interp_base,
            "政策解读",
            f"共 {len(interpretations)} 件解读材料。按年度浏览：",
            interp_years,
            settings,
        ),
        *_year_pages(interp_base, "政策解读", interp_years, _interp_rows, graph, settings),
    ]
