"""Files published beside pages: document attachments, issue PDFs and articles cut from them.

Every path an editor writes is resolved relative to its source file and must stay inside the
source folder it belongs to: ``../../etc/passwd``, absolute paths and symlinks that lead out of
the tree are refused. PDFs are read with :mod:`.pdfs`; the gazette's are outlined and cut by
:mod:`.gazette_pdfs`. Every PDF the site publishes is a copy made in the cache folder with its
document information reduced to what the site sets; the sources are never modified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.files import ATTACHMENT_PATH
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import PolicyDocument
from gongbao.core.publish.gazette_pdfs import Collected, issue_pdf
from gongbao.core.publish.pages import Asset
from gongbao.core.publish.pdfs import PdfMetadata, PdfPage, Pdfs, metadata_of, pages_of
from gongbao.core.sources.walk import resolve_inside

__all__ = ["PdfMetadata", "PdfPage", "PublishedFiles", "prepare_files", "resolve_inside"]


@dataclass(frozen=True)
class PublishedFiles:
    """What the build publishes besides pages."""

    attachments: dict[str, tuple[Asset, ...]] = field(default_factory=dict)
    """Policy id → its attachments (``src_uri`` relative to ``content/``)."""
    issue_pdfs: dict[str, Asset] = field(default_factory=dict)
    """Issue id → the issue PDF (the outlined copy when articles are cut from it)."""
    article_pdfs: dict[str, Asset] = field(default_factory=dict)
    """Policy id → the article PDF cut from its issue."""
    generated: dict[str, Path] = field(default_factory=dict)
    """Site path → generated file in the cache folder (clean and outlined copies, articles)."""
    withheld: frozenset[str] = frozenset()
    """``content/``-relative paths of attachments of documents that are not published."""
    pdf_pages: tuple[PdfPage, ...] = ()
    pdf_metadata: tuple[PdfMetadata, ...] = ()


def _attachment(
    doc: PolicyDocument,
    resolved: Path,
    src_uri: str,
    settings: Settings,
    pdfs: Pdfs,
    result: Collected,
    generate: bool,
) -> Asset:
    """One attachment of a published document: read if it is a PDF, and published as a clean
    copy when the build generates its outputs."""
    if resolved.suffix.lower() != ".pdf":
        return Asset(src_uri, resolved.name, resolved.stat().st_size)
    shown, line = f"{settings.content_dir}/{src_uri}", doc.line_of("attachments")
    text = pdfs.read(resolved, shown, doc.path, line)
    if text is None:
        return Asset(src_uri, resolved.name, resolved.stat().st_size)
    result.pages += pages_of(src_uri, f"{doc.title}（附件 {resolved.name}）", doc.id, text)
    result.metadata.append(metadata_of(src_uri, doc.id, text))
    published: Path | None = resolved
    if generate:
        info = {"title": doc.title, "subject": doc.doc_number or doc.title, "author": doc.issuer}
        published = pdfs.clean_copy(resolved, shown, text, info, doc.path, line)
        if published is not None:
            result.generated[src_uri] = published
    return Asset(src_uri, resolved.name, (published or resolved).stat().st_size, text.page_count)


def _attachments(
    corpus: Corpus,
    published_ids: set[str],
    settings: Settings,
    pdfs: Pdfs,
    result: Collected,
    generate: bool,
) -> tuple[dict[str, tuple[Asset, ...]], set[str]]:
    content = settings.root / settings.content_dir
    out: dict[str, tuple[Asset, ...]] = {}
    withheld: set[str] = set()
    for doc in corpus.policies:
        assets = []
        for value in doc.attachments:
            resolved = resolve_inside(settings.root / doc.path, value, content)
            if isinstance(resolved, str):
                pdfs.findings.append(
                    ATTACHMENT_PATH(
                        doc.path,
                        doc.line_of("attachments"),
                        f"附件 {value!r} {resolved}。",
                        "把附件放在 content/ 中（通常与文件同目录），写相对路径，如 attachments: [附件1.pdf]。",
                    )
                )
                continue
            src_uri = resolved.relative_to(content).as_posix()
            if doc.id not in published_ids:
                withheld.add(src_uri)
                continue
            assets.append(_attachment(doc, resolved, src_uri, settings, pdfs, result, generate))
        if assets:
            out[doc.id] = tuple(assets)
    return out, withheld


def _pdfs_to_read(
    corpus: Corpus, published: Corpus, published_ids: set[str], settings: Settings
) -> list[tuple[Path, str]]:
    """The PDFs :func:`prepare_files` will read, as ``(path, display path)``: attachments of
    published documents and the published issues' PDFs (the paths it accepts)."""
    content = settings.root / settings.content_dir
    gazette = settings.root / settings.gazette_dir
    files: list[tuple[Path, str]] = []
    for doc in corpus.policies:
        if doc.id not in published_ids:
            continue
        for value in doc.attachments:
            resolved = resolve_inside(settings.root / doc.path, value, content)
            if isinstance(resolved, Path) and resolved.suffix.lower() == ".pdf":
                src_uri = resolved.relative_to(content).as_posix()
                files.append((resolved, f"{settings.content_dir}/{src_uri}"))
    for issue in published.issues:
        if issue.pdf:
            resolved = resolve_inside(settings.root / issue.path, issue.pdf, gazette)
            if isinstance(resolved, Path):
                files.append((resolved, resolved.relative_to(settings.root).as_posix()))
    return files


def prepare_files(
    corpus: Corpus, published: Corpus, settings: Settings, *, generate: bool = True
) -> tuple[PublishedFiles, list[Finding]]:
    """Check and read attachments and issue PDFs; cut and outline issue PDFs.

    With ``generate=False`` (``gongbao check``) the PDFs are read and their page ranges
    checked, but no copy is made: only a build publishes them.
    """
    findings: list[Finding] = []
    pdfs = Pdfs(settings, findings)
    published_ids = {d.id for d in published.policies}
    pdfs.prefetch(_pdfs_to_read(corpus, published, published_ids, settings))
    result = Collected()
    attachments, withheld = _attachments(corpus, published_ids, settings, pdfs, result, generate)
    for issue in published.issues:
        if issue.pdf:
            issue_pdf(issue, published, settings, pdfs, findings, result, generate)
    files = PublishedFiles(
        attachments=attachments,
        issue_pdfs=result.issue_pdfs,
        article_pdfs=result.article_pdfs,
        generated=result.generated,
        withheld=frozenset(withheld),
        pdf_pages=tuple(result.pages),
        pdf_metadata=tuple(result.metadata),
    )
    return files, findings
