"""The gazette's PDFs: each issue PDF published with bookmarks by section and article (or as
a clean copy), and one PDF per article cut from it when the table of contents gives pages."""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.files import PDF_WRITE
from gongbao.core.findings.catalogue.gazette import GAZETTE_PAGES_RANGE, GAZETTE_PDF_PATH
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue, PolicyDocument
from gongbao.core.pdf import PdfError, PdfText, reusable, split_pdf, write_outlined_pdf
from gongbao.core.publish.pages import Asset
from gongbao.core.publish.pdfs import PRODUCER, PdfMetadata, PdfPage, Pdfs, metadata_of, pages_of
from gongbao.core.sources.walk import resolve_inside

__all__ = ["Collected", "issue_pdf"]


@dataclass
class Collected:
    """What the issue PDFs of a build gave."""

    issue_pdfs: dict[str, Asset] = field(default_factory=dict)
    article_pdfs: dict[str, Asset] = field(default_factory=dict)
    generated: dict[str, Path] = field(default_factory=dict)
    pages: list[PdfPage] = field(default_factory=list)
    metadata: list[PdfMetadata] = field(default_factory=list)


Outline = list[tuple[str, list[tuple[str, int]]]]
"""Bookmarks: each section heading with its articles' titles and first pages."""
Articles = list[tuple[PolicyDocument, tuple[int, int]]]


def _slug(doc: PolicyDocument) -> str:
    return posixpath.basename(doc.id) or "article"


def _outline(
    issue: GazetteIssue, corpus: Corpus, text: PdfText, findings: list[Finding]
) -> tuple[Outline, Articles]:
    """The bookmarks and the articles to cut, from the entries that give pages."""
    articles: Articles = []
    outline: Outline = []
    for section in issue.sections:
        entries = []
        for item in section.items:
            if item.pages is None:
                continue
            if item.pages[1] > text.page_count:
                findings.append(
                    GAZETTE_PAGES_RANGE(
                        issue.path,
                        issue.line_of("sections"),
                        f"栏目“{section.heading}”条目 {item.ref or item.text!r} 的页码 "
                        f"{item.pages[0]}-{item.pages[1]} 超出公报PDF的页数（共 {text.page_count} 页）。",
                        "核对 pages（页码）。",
                    )
                )
                continue
            doc = corpus.resolve(item.ref) if item.ref else None
            entries.append((item.text or (doc.title if doc else item.ref), item.pages[0]))
            if doc is not None:
                articles.append((doc, item.pages))
        if entries:
            outline.append((section.heading, entries))
    return outline, articles


def _info(issue: GazetteIssue, settings: Settings) -> dict[str, str]:
    """What an issue's published PDF says of itself: nothing of who typeset it."""
    subject = f"{settings.gazette_title} {issue.year}年第{issue.number}期"
    return {"title": issue.title, "subject": subject, "author": settings.site_name}


def _cut(
    issue: GazetteIssue,
    source: Path,
    src_uri: str,
    sha256: str,
    outline: Outline,
    articles: Articles,
    settings: Settings,
    pdfs: Pdfs,
) -> tuple[Path, list[Path]]:
    """The outlined issue and its articles in the cache folder, made unless intact there.

    Raises:
        PdfError: a PDF could not be written.
    """
    # Generated PDFs are keyed by everything that shapes them, so a rebuild reuses them.
    spec = json.dumps(
        [
            sha256,
            issue.title,
            settings.gazette_title,
            settings.site_name,
            outline,
            [(d.id, d.title, d.doc_number, d.issuer, p) for d, p in articles],
        ],
        ensure_ascii=False,
    )
    folder = pdfs.out / hashlib.sha256(spec.encode()).hexdigest()[:24]
    outlined = folder / source.name
    files = [folder / f"{n:02d}-{_slug(d)}.pdf" for n, (d, _) in enumerate(articles, 1)]
    if not reusable(outlined):  # truncated, edited or unsigned: made again
        info = {**_info(issue, settings), "producer": PRODUCER}
        write_outlined_pdf(source, outlined, outline, info, display_path=src_uri)
    missing = [(d, p, f) for (d, p), f in zip(articles, files, strict=True) if not reusable(f)]
    if missing:
        split_pdf(
            source,
            [p for _, p, _ in missing],
            [f for _, _, f in missing],
            [
                {
                    "title": d.title,
                    "subject": d.doc_number or d.title,
                    "author": d.issuer,
                    "producer": PRODUCER,
                }
                for d, _, _ in missing
            ],
            display_path=src_uri,
        )
    return outlined, files


def issue_pdf(
    issue: GazetteIssue,
    corpus: Corpus,
    settings: Settings,
    pdfs: Pdfs,
    findings: list[Finding],
    result: Collected,
    generate: bool,
) -> None:
    """Read, check and (when ``generate``) publish one issue's PDF into ``result``."""
    line = issue.line_of("pdf")
    resolved = resolve_inside(
        settings.root / issue.path, issue.pdf, settings.root / settings.gazette_dir
    )
    if isinstance(resolved, str):
        findings.append(
            GAZETTE_PDF_PATH(
                issue.path,
                line,
                f"公报PDF {issue.pdf!r} {resolved}。",
                "把PDF放在 gazette/ 中（通常与期次文件同目录），写相对路径，如 pdf: 2023-05.pdf。",
            )
        )
        return
    src_uri = resolved.relative_to(settings.root).as_posix()
    text = pdfs.read(resolved, src_uri, issue.path, line)
    if text is None:
        result.issue_pdfs[issue.id] = Asset(src_uri, resolved.name, resolved.stat().st_size)
        return
    result.pages += pages_of(src_uri, issue.title, issue.id, text)
    result.metadata.append(metadata_of(src_uri, issue.id, text))
    outline, articles = _outline(issue, corpus, text, findings)
    published: Path | None = resolved
    if generate and not outline:
        published = pdfs.clean_copy(
            resolved, src_uri, text, _info(issue, settings), issue.path, line
        )
    elif generate:
        try:
            published, files = _cut(
                issue, resolved, src_uri, text.sha256, outline, articles, settings, pdfs
            )
        except PdfError as exc:
            findings.append(PDF_WRITE(issue.path, line, str(exc), severity=pdfs.severity))
            return
        stem = src_uri.removesuffix(".pdf").removesuffix(".PDF")
        for (doc, pages), file in zip(articles, files, strict=True):
            site_path = f"{stem}/{file.name}"
            result.generated[site_path] = file
            result.article_pdfs[doc.id] = Asset(
                site_path, file.name, file.stat().st_size, pages[1] - pages[0] + 1
            )
    if published is None:
        return  # the clean copy could not be written: reported
    if published != resolved:
        result.generated[src_uri] = published
    result.issue_pdfs[issue.id] = Asset(
        src_uri, resolved.name, published.stat().st_size, text.page_count
    )
