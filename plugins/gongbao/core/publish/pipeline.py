"""The core's one entry point: load, check, link and render a site into a :class:`SitePlan`.

An SSG adapter (the MkDocs plugin) or the CLI calls :func:`plan_site` and acts on the result:
errors stop the build before anything is written; pages are handed to the SSG; withheld sources
(not 主动公开, or scheduled for later) are removed from what the SSG would otherwise copy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.graph.links import LinkGraph, build_link_graph
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Interpretation, PolicyDocument
from gongbao.core.pdf import preload_pypdf
from gongbao.core.publish.assets import PublishedFiles, prepare_files
from gongbao.core.publish.gazette import render_gazette
from gongbao.core.publish.render import (
    GeneratedPage,
    render_archives,
    render_interpretation,
    render_policy,
)
from gongbao.core.rules import run_rules
from gongbao.core.rules.safety import AllowedValue, read_page, safety_findings
from gongbao.core.sources.filecache import FileCache
from gongbao.core.sources.load import load_corpus

__all__ = ["SitePlan", "check_site", "plan_site", "published_view"]


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


def published_view(
    corpus: Corpus, as_of: datetime.date
) -> tuple[Corpus, tuple[PolicyDocument | Interpretation, ...]]:
    """The records a build publishes on ``as_of``, and those scheduled for later."""
    scheduled: list[PolicyDocument | Interpretation] = []
    policies = []
    for doc in corpus.policies:
        if not doc.is_public:
            continue
        if doc.published > as_of:
            scheduled.append(doc)
            continue
        policies.append(doc)
    shown = {d.id for d in policies}
    interpretations = []
    for interp in corpus.interpretations:
        targets = [corpus.resolve(ref) for ref in interp.interprets]
        if interp.published > as_of or any(t is None or t.id not in shown for t in targets):
            # An interpretation must not appear before every document it explains is public.
            if all(t is not None and t.is_public for t in targets):
                scheduled.append(interp)
            continue
        interpretations.append(interp)
    issues = tuple(i for i in corpus.issues if i.published <= as_of)
    view = Corpus(tuple(policies), tuple(interpretations), issues, corpus.pages)
    return view, tuple(scheduled)


@dataclass(frozen=True)
class _Analysis:
    corpus: Corpus
    published: Corpus
    scheduled: tuple[PolicyDocument | Interpretation, ...]
    files: PublishedFiles
    findings: list[Finding]
    allowed: tuple[AllowedValue, ...]


def _analyse(settings: Settings, *, bodies: bool = True) -> _Analysis:
    cache = FileCache(settings.root / settings.cache_dir / "sources.pickle")
    # A cold load (a fresh clone) is followed by reading the PDFs, which needs pypdf: it is
    # imported while the workers parse, not after them.
    corpus, findings = load_corpus(settings, cache, bodies=bodies, while_parsing=preload_pypdf)
    findings += run_rules(corpus, settings)
    as_of = settings.as_of or datetime.date.today()
    published, scheduled = published_view(corpus, as_of)
    # A check (no bodies) only reads PDFs; the outlined and cut ones are the build's output.
    files, file_findings = prepare_files(corpus, published, settings, generate=bodies)
    findings += file_findings
    texts = [(p.path, read_page(settings.root, p.path)) for p in corpus.pages]
    texts += [(i.path, read_page(settings.root, i.path)) for i in published.issues]
    safety, allowed = safety_findings(
        [*published.policies, *published.interpretations],
        texts,
        files.pdf_pages,
        {d.id: tuple(v for v, _ in d.allow_sensitive) for d in published.policies},
        settings,
        corpus.scans,
    )
    findings += safety
    return _Analysis(corpus, published, scheduled, files, findings, tuple(allowed))


def check_site(settings: Settings) -> tuple[Corpus, list[Finding]]:
    """Every rule the build runs (fields, 三同步, gazette, PDFs, leaks), without rendering."""
    analysis = _analyse(settings, bodies=False)
    return analysis.corpus, analysis.findings


def plan_site(settings: Settings) -> SitePlan:
    """Load, check, link and render. Pages are rendered only when there is no error."""
    a = _analyse(settings)
    if any(f.is_error for f in a.findings):
        return SitePlan(a.corpus, a.published, a.findings, scheduled=a.scheduled, files=a.files)
    graph = build_link_graph(a.published)
    files = a.files
    pages = [
        render_policy(
            d, graph, settings, files.attachments.get(d.id, ()), files.article_pdfs.get(d.id)
        )
        for d in a.published.policies
    ]
    pages += [render_interpretation(i, graph, settings) for i in a.published.interpretations]
    pages += render_archives(a.published.policies, a.published.interpretations, graph, settings)
    pages += render_gazette(a.published, graph, settings, files.issue_pdfs, files.article_pdfs)
    return SitePlan(
        a.corpus, a.published, a.findings, graph, tuple(pages), a.scheduled, files, a.allowed
    )
