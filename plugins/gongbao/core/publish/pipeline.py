"""The core's one entry point: load, check, link and render a site into a :class:`SitePlan`.

An SSG adapter (the MkDocs plugin) or the CLI calls :func:`plan_site` or :func:`check_site`
and acts on the result: errors stop the build before anything is written; pages are handed to
the SSG; withheld sources (not 主动公开, or scheduled for later) are removed from what the SSG
would otherwise copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.config.siteconfig import site_values
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.files import CACHE_UNWRITABLE
from gongbao.core.graph.relations import LinkGraph
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument, Record
from gongbao.core.pdf import preload_pypdf
from gongbao.core.publish.assets import PublishedFiles, prepare_files
from gongbao.core.publish.pages import GeneratedPage
from gongbao.core.publish.view import published_view
from gongbao.core.rules import PUBLISHED_RULES, run_rules, scan_record
from gongbao.core.rules.consultations import withheld_consultation_files
from gongbao.core.rules.leaks import front_matter_leaks, text_leaks
from gongbao.core.rules.links import LinkSource, broken_links
from gongbao.core.rules.markup import unsafe_markup
from gongbao.core.scan.links import find_anchors, find_links
from gongbao.core.sources.filecache import FileCache
from gongbao.core.sources.frontmatter import FrontMatterError, parse_source, split_body
from gongbao.core.sources.load import load_corpus

__all__ = ["AllowedValue", "SitePlan", "check_site", "plan_site"]


@dataclass(frozen=True)
class AllowedValue:
    """A sensitive value an editor allowed (``allow_sensitive``), for the build log."""

    path: str
    value: str
    reason: str


@dataclass(frozen=True)
class SitePlan:
    """What a build publishes, or why it must not."""

    corpus: Corpus
    """Every source, published or not."""
    published: Corpus
    """Only what reaches the site: 主动公开 and not scheduled for later."""
    findings: list[Finding]
    graph: LinkGraph = field(default_factory=LinkGraph)
    pages: tuple[GeneratedPage, ...] = ()
    scheduled: tuple[PolicyDocument | Interpretation, ...] = ()
    """Records held back because their 发布日期 is after ``as_of``."""
    files: PublishedFiles = field(default_factory=PublishedFiles)
    """Attachments, issue PDFs and generated PDFs to publish."""
    allowed: tuple[AllowedValue, ...] = ()
    """Sensitive values published on purpose (``allow_sensitive``), for the build log."""
    static: tuple[str, ...] = ()
    """Project-relative paths of the source folders' other files the site publishes as they
    are (images, attachments, media); generated PDFs and withheld attachments excluded."""

    @property
    def errors(self) -> list[Finding]:
        """Findings that stop the build."""
        return [f for f in self.findings if f.is_error]

    @property
    def withheld_src_uris(self) -> frozenset[str]:
        """Content sources MkDocs must not publish (non-public or scheduled documents)."""
        shown = {d.src_uri for d in self.published.policies}
        withheld = {d.src_uri for d in self.corpus.policies if d.src_uri not in shown}
        return frozenset(withheld | self.files.withheld)


def _read_text(root: Path, path: str) -> str:
    """A published text's content, tolerant of encoding errors (scanned, not parsed)."""
    return (root / path).read_text(encoding="utf-8", errors="replace")


_TEXT_FILES = frozenset({".txt", ".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".svg", ".vtt"})
"""Published files whose text is scanned for leaks (and, for markup, for script)."""
_MARKUP_FILES = frozenset({".html", ".htm", ".svg", ".xml"})


def _front_matter(text: str, path: str) -> list[tuple[str, Any, int | None]]:
    """A page's front matter entries, ``[]`` when it has none or it does not parse (the
    page's own text is scanned as written anyway)."""
    try:
        source = parse_source(text, path)
    except FrontMatterError:
        return []
    return [(key, value, source.key_lines.get(key)) for key, value in source.meta.items()]


def _config_leaks(settings: Settings) -> list[Finding]:
    """Leaks in the site configuration, which the site prints (name, description, copyright,
    footer): as written, and as YAML decodes it."""
    path = settings.config_file
    try:
        text = (settings.root / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []  # a build reads it first; nothing to scan without it
    found = list(text_leaks(path, text, 1))
    values = site_values(text)
    found.extend(
        front_matter_leaks(path, [(key, value, None) for key, value in values.items()], ())
    )
    return found


def _static_files(corpus: Corpus, files: PublishedFiles, settings: Settings) -> tuple[str, ...]:
    content = settings.content_dir + "/"
    unpublished = withheld_consultation_files(corpus, settings)
    shown = []
    for path in corpus.files:
        if path.startswith(content):
            if path[len(content) :] in files.withheld:
                continue  # an attachment of a document that is not published
        elif path in files.generated:
            continue  # replaced by its outlined copy
        elif path in unpublished:
            continue  # an attachment of a consultation not yet published
        shown.append(path)
    return tuple(shown)


def _file_leaks(static: tuple[str, ...], settings: Settings) -> list[Finding]:
    """Leaks in the name of every published file, and in the text of text files."""
    findings: list[Finding] = []
    for path in static:
        findings.extend(text_leaks(path, path.rsplit("/", 1)[-1], 1, (), "文件名"))
        suffix = Path(path).suffix.lower()
        if suffix in _TEXT_FILES:
            text = _read_text(settings.root, path)
            findings.extend(text_leaks(path, text, 1))
            if suffix in _MARKUP_FILES:
                findings.extend(unsafe_markup(path, text, 1, page=True))
    return findings


def _gate(
    corpus: Corpus,
    published: Corpus,
    files: PublishedFiles,
    static: tuple[str, ...],
    settings: Settings,
) -> tuple[list[Finding], list[AllowedValue]]:
    """The publishing gate over everything the build publishes: every record (its cached
    per-record scan), every ordinary page and issue source, every PDF page, every other
    published file (its name, and its text when it has some), 先审后发."""
    findings: list[Finding] = []
    allowed: list[AllowedValue] = []
    records: list[Record] = [
        *published.policies,
        *published.interpretations,
        *published.issues,
        *published.consultations,
    ]
    for record in records:
        scanned = corpus.scans.get(record.path)
        findings.extend(scan_record(record) if scanned is None else scanned)
        if not isinstance(record, GazetteIssue):
            allowed.extend(AllowedValue(record.path, v, r) for v, r in record.allow_sensitive)
    link_sources = [LinkSource(r.path, r.src_uri, r.body_line, r.links) for r in records if r.links]
    page_anchors: dict[str, frozenset[str]] = {}
    for page_path, src_uri in [(p.path, p.src_uri) for p in corpus.pages]:
        path = page_path
        text = _read_text(settings.root, path)
        body, body_line = split_body(text)
        page_anchors[src_uri] = find_anchors(body)
        link_sources.append(LinkSource(path, src_uri, body_line, find_links(body)))
        findings.extend(text_leaks(path, text, 1))
        findings.extend(unsafe_markup(path, text, 1, page=True))
        # Values as YAML decodes them too: "\x31\x33…" is digits only once parsed.
        findings.extend(front_matter_leaks(path, _front_matter(text, path), ()))
    findings.extend(_config_leaks(settings))
    allowances = {d.id: tuple(v for v, _ in d.allow_sensitive) for d in published.policies}
    for page in files.pdf_pages:
        where = f"PDF 第 {page.page} 页"
        findings.extend(
            text_leaks(page.src_uri, page.text, 1, allowances.get(page.owner_id, ()), where)
        )
    for pdf in files.pdf_metadata:
        for key, text in pdf.entries:
            where = f"PDF 文档信息 {key} 中"
            findings.extend(
                text_leaks(pdf.src_uri, text, 1, allowances.get(pdf.owner_id, ()), where)
            )
    findings += _file_leaks(static, settings)
    findings += broken_links(corpus, published, link_sources, page_anchors, settings)
    findings += run_rules(published, settings, PUBLISHED_RULES.values())
    # The same leak can be seen as written and as decoded: report it once.
    return list(dict.fromkeys(findings)), allowed


def _cache_unwritable(settings: Settings, reason: str) -> Finding:
    return CACHE_UNWRITABLE(
        settings.cache_dir,
        None,
        f"缓存目录 {settings.cache_dir} 无法写入（{reason}），本次未保存缓存；检查结果不受影响。",
        "确认它是一个可写的文件夹，或在 mkdocs.yml 中把 cache_dir 改到可写的位置。",
    )


@dataclass(frozen=True)
class _Analysis:
    corpus: Corpus
    published: Corpus
    scheduled: tuple[PolicyDocument | Interpretation, ...]
    files: PublishedFiles
    findings: list[Finding]
    allowed: tuple[AllowedValue, ...]
    static: tuple[str, ...]


def _analyse(settings: Settings, *, bodies: bool = True) -> _Analysis:
    cache = FileCache(settings.root / settings.cache_dir / "sources.pickle")
    # A cold load (a fresh clone) is followed by reading the PDFs, which needs pypdf: it is
    # imported while the workers parse, not after them.
    corpus, findings = load_corpus(
        settings, cache, scan=scan_record, bodies=bodies, while_parsing=preload_pypdf
    )
    if cache.write_error is not None:
        findings.append(_cache_unwritable(settings, cache.write_error))
    findings += run_rules(corpus, settings)
    published, scheduled = published_view(corpus, settings.today())
    # A check (no bodies) only reads PDFs; the outlined and cut ones are the build's output.
    files, file_findings = prepare_files(corpus, published, settings, generate=bodies)
    findings += file_findings
    static = _static_files(corpus, files, settings)
    gate, allowed = _gate(corpus, published, files, static, settings)
    findings += gate
    return _Analysis(corpus, published, scheduled, files, findings, tuple(allowed), static)


def check_site(settings: Settings) -> tuple[Corpus, list[Finding]]:
    """Every rule the build runs (fields, 三同步, gazette, PDFs, leaks), without rendering."""
    analysis = _analyse(settings, bodies=False)
    return analysis.corpus, analysis.findings


def plan_site(
    settings: Settings,
    *,
    despite_errors: bool = False,
    analysed: Callable[[SitePlan], None] | None = None,
) -> SitePlan:
    """Load, check, link and render. Pages are rendered only when there is no error, or
    ``despite_errors`` (a local preview shows what it can, with the errors on every page).

    ``analysed``, when given, is called before the pages are rendered with the plan as far as
    it goes then (the published view and its files; no link graph, no pages): what needs only
    those (the search indexes, built in child processes) can start that much earlier.
    """
    a = _analyse(settings)
    if any(f.is_error for f in a.findings) and not despite_errors:
        return SitePlan(a.corpus, a.published, a.findings, scheduled=a.scheduled, files=a.files)
    if analysed is not None:
        analysed(
            SitePlan(
                a.corpus,
                a.published,
                a.findings,
                scheduled=a.scheduled,
                files=a.files,
                allowed=a.allowed,
                static=a.static,
            )
        )
    # Rendering (Jinja2, the generators) is imported by a build only: a check never renders.
    from gongbao.core.graph import build_link_graph
    from gongbao.core.publish.generators import generate_pages

    graph = build_link_graph(a.published)
    pages = generate_pages(a.published, graph, a.files, settings)
    return SitePlan(
        a.corpus,
        a.published,
        a.findings,
        graph,
        tuple(pages),
        a.scheduled,
        a.files,
        a.allowed,
        a.static,
    )
