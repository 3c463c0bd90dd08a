"""Files published beside pages: document attachments, issue PDFs and articles cut from them.

Every path an editor writes is resolved relative to its source file and must stay inside the
source folder it belongs to: ``../../etc/passwd``, absolute paths and symlinks that lead out of
the tree are refused. PDFs are read with :mod:`gongbao.core.pdf` (bounded in time and memory,
cached by content hash); generated PDFs go to the cache folder, never into the sources.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding, Severity
from gongbao.core.findings.catalogue.files import ATTACHMENT_PATH, PDF_READ, PDF_WRITE
from gongbao.core.findings.catalogue.gazette import GAZETTE_PAGES_RANGE, GAZETTE_PDF_PATH
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue, PolicyDocument
from gongbao.core.pdf import (
    PdfError,
    PdfText,
    PdfTextCache,
    read_pdf,
    read_pdfs,
    reusable,
    split_pdf,
    write_outlined_pdf,
)
from gongbao.core.publish.pages import Asset

__all__ = ["PdfMetadata", "PdfPage", "PublishedFiles", "prepare_files", "resolve_inside"]


@dataclass(frozen=True)
class PdfPage:
    """Extracted text of one PDF page, for the search index."""

    src_uri: str
    title: str
    page: int
    text: str
    owner_id: str
    """The document or issue the PDF belongs to."""
    indexed: bool = True
    """False for a page whose text looks mis-decoded: kept out of the search index, but
    still scanned for leaks (pypdf often reads such pages exactly)."""


@dataclass(frozen=True)
class PdfMetadata:
    """A published PDF's document information and XMP text, for the leak scan."""

    src_uri: str
    owner_id: str
    entries: tuple[tuple[str, str], ...]
    """``(key, text)``: every /Info entry, then ``("XMP", …)`` when the PDF has a packet."""


def _read_pages(src_uri: str, title: str, owner_id: str, text: PdfText) -> list[PdfPage]:
    garbled = set(text.garbled_pages)
    return [
        PdfPage(src_uri, title, n, page, owner_id, indexed=n not in garbled)
        for n, page in enumerate(text.pages, 1)
        if page
    ]


def _metadata(src_uri: str, owner_id: str, text: PdfText) -> PdfMetadata:
    entries = (*text.info_text, *((("XMP", text.xmp_text),) if text.xmp_text else ()))
    return PdfMetadata(src_uri, owner_id, entries)


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
    """Site path → generated file in the cache folder (outlined issues, articles)."""
    withheld: frozenset[str] = frozenset()
    """``content/``-relative paths of attachments of documents that are not published."""
    pdf_pages: tuple[PdfPage, ...] = ()
    pdf_metadata: tuple[PdfMetadata, ...] = ()


def resolve_inside(base_file: Path, value: str, folder: Path) -> Path | str:
    """Resolve ``value`` relative to ``base_file``; return the path, or why it is refused."""
    if (
        not value
        or PurePosixPath(value).is_absolute()
        or value.startswith(("\\", "~"))
        or ":" in value[:3]
    ):
        return "是绝对路径，应写成相对于本文件的路径"
    candidate = base_file.parent / value
    try:
        candidate.resolve().relative_to(folder.resolve())
    except ValueError:
        return f"指向 {folder.name}/ 目录之外（含符号链接），已拒绝"
    if not candidate.is_file():
        return "文件不存在"
    return candidate


@dataclass
class _Collected:
    issue_pdfs: dict[str, Asset] = field(default_factory=dict)
    article_pdfs: dict[str, Asset] = field(default_factory=dict)
    generated: dict[str, Path] = field(default_factory=dict)
    pages: list[PdfPage] = field(default_factory=list)
    metadata: list[PdfMetadata] = field(default_factory=list)


class _Pdfs:
    """Read PDFs once per build, with the content-hash cache and the error policy."""

    def __init__(self, settings: Settings, findings: list[Finding]) -> None:
        cache_root = settings.root / settings.cache_dir
        self.cache = PdfTextCache(cache_root / "pdf-text")
        self.out = cache_root / "pdf-out"
        self.findings = findings
        self.severity = Severity.ERROR if settings.pdf_errors == "error" else Severity.WARNING
        # (path, display path) -> what reading it gave; the display path is part of the key
        # so an error is only ever reported under the name read() would give it.
        self.read_ahead: dict[tuple[Path, str], PdfText | PdfError] = {}

    def prefetch(self, files: list[tuple[Path, str]]) -> None:
        """Extract ``(path, display_path)`` side by side, one child per core, for :meth:`read`.

        A cold build of an archive reads every issue PDF; one after another they left the
        second core idle.
        """
        unique = list(dict.fromkeys(files))
        if len(unique) > 1:
            results = read_pdfs(unique, cache=self.cache)
            self.read_ahead.update(zip(unique, results, strict=True))

    def read(self, file: Path, shown: str, owner: str, line: int | None) -> PdfText | None:
        try:
            ahead = self.read_ahead.pop((file, shown), None)
            if isinstance(ahead, PdfError):
                raise ahead
            return (
                ahead if ahead is not None else read_pdf(file, display_path=shown, cache=self.cache)
            )
        except PdfError as exc:
            self.findings.append(
                PDF_READ(
                    owner,
                    line,
                    str(exc),
                    ""
                    if self.severity is Severity.ERROR
                    else "已按 pdf_errors: warn 继续发布该文件。",
                    severity=self.severity,
                )
            )
            return None


def _attachments(
    corpus: Corpus,
    published_ids: set[str],
    settings: Settings,
    pdfs: _Pdfs,
    findings: list[Finding],
) -> tuple[dict[str, tuple[Asset, ...]], set[str], list[PdfPage], list[PdfMetadata]]:
    content = settings.root / settings.content_dir
    out: dict[str, tuple[Asset, ...]] = {}
    withheld: set[str] = set()
    pages: list[PdfPage] = []
    metadata: list[PdfMetadata] = []
    for doc in corpus.policies:
        assets = []
        for value in doc.attachments:
            resolved = resolve_inside(settings.root / doc.path, value, content)
            if isinstance(resolved, str):
                findings.append(
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
            count = None
            if resolved.suffix.lower() == ".pdf":
                text = pdfs.read(
                    resolved,
                    f"{settings.content_dir}/{src_uri}",
                    doc.path,
                    doc.line_of("attachments"),
                )
                if text is not None:
                    count = text.page_count
                    title = f"{doc.title}（附件 {resolved.name}）"
                    pages += _read_pages(src_uri, title, doc.id, text)
                    metadata.append(_metadata(src_uri, doc.id, text))
            assets.append(Asset(src_uri, resolved.name, resolved.stat().st_size, count))
        if assets:
            out[doc.id] = tuple(assets)
    return out, withheld, pages, metadata


def _slug(doc: PolicyDocument) -> str:
    return posixpath.basename(doc.id) or "article"


def _issue_pdf(
    issue: GazetteIssue,
    corpus: Corpus,
    settings: Settings,
    pdfs: _Pdfs,
    findings: list[Finding],
    result: _Collected,
    generate: bool,
) -> None:
    gazette = settings.root / settings.gazette_dir
    line = issue.line_of("pdf")
    resolved = resolve_inside(settings.root / issue.path, issue.pdf, gazette)
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
    result.pages += _read_pages(src_uri, issue.title, issue.id, text)
    result.metadata.append(_metadata(src_uri, issue.id, text))
    articles: list[tuple[PolicyDocument, tuple[int, int]]] = []
    outline: list[tuple[str, list[tuple[str, int]]]] = []
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
    if not outline or not generate:
        result.issue_pdfs[issue.id] = Asset(
            src_uri, resolved.name, resolved.stat().st_size, text.page_count
        )
        return

    # Generated PDFs are keyed by everything that shapes them, so a rebuild reuses them.
    spec = json.dumps(
        [
            text.sha256,
            issue.title,
            settings.gazette_title,
            outline,
            [(d.id, d.title, d.doc_number, p) for d, p in articles],
        ],
        ensure_ascii=False,
    )
    folder = pdfs.out / hashlib.sha256(spec.encode()).hexdigest()[:24]
    stem = src_uri.removesuffix(".pdf").removesuffix(".PDF")
    outlined = folder / resolved.name
    article_files = [folder / f"{n:02d}-{_slug(d)}.pdf" for n, (d, _) in enumerate(articles, 1)]
    try:
        if not reusable(outlined):  # truncated, edited or unsigned: made again
            subject = f"{settings.gazette_title} {issue.year}年第{issue.number}期"
            write_outlined_pdf(
                resolved,
                outlined,
                outline,
                {"title": issue.title, "subject": subject},
                display_path=src_uri,
            )
        missing = [
            (d, p, f) for (d, p), f in zip(articles, article_files, strict=True) if not reusable(f)
        ]
        if missing:
            split_pdf(
                resolved,
                [p for _, p, _ in missing],
                [f for _, _, f in missing],
                [{"title": d.title, "subject": d.doc_number or d.title} for d, _, _ in missing],
                display_path=src_uri,
            )
    except PdfError as exc:
        findings.append(PDF_WRITE(issue.path, line, str(exc), severity=pdfs.severity))
        return
    result.generated[src_uri] = outlined
    result.issue_pdfs[issue.id] = Asset(
        src_uri, resolved.name, outlined.stat().st_size, text.page_count
    )
    for (doc, pages), file in zip(articles, article_files, strict=True):
        site_path = f"{stem}/{file.name}"
        result.generated[site_path] = file
        result.article_pdfs[doc.id] = Asset(
            site_path, file.name, file.stat().st_size, pages[1] - pages[0] + 1
        )


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
    checked, but no outlined or per-article PDF is made: only a build publishes them.
    """
    findings: list[Finding] = []
    pdfs = _Pdfs(settings, findings)
    published_ids = {d.id for d in published.policies}
    pdfs.prefetch(_pdfs_to_read(corpus, published, published_ids, settings))
    attachments, withheld, pages, metadata = _attachments(
        corpus, published_ids, settings, pdfs, findings
    )
    result = _Collected(pages=pages, metadata=metadata)
    for issue in published.issues:
        if issue.pdf:
            _issue_pdf(issue, published, settings, pdfs, findings, result, generate)
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
