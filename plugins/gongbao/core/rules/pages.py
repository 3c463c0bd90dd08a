"""Where sources land in the site: one file per place, and none in the generated archive."""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.pages import PAGE_COLLISION
from gongbao.core.model.corpus import Corpus

__all__ = ["page_collisions"]


def _place(src_uri: str, directory_urls: bool) -> str:
    """The URL a page's source lands on: ``page_url``'s answer, computed inline (it runs for
    every source of the archive)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    head, slash, name = stem.rpartition("/")
    if name in ("index", "README"):
        if directory_urls:
            return head + slash
        return f"{head}{slash}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def _placed(corpus: Corpus, settings: Settings) -> Iterator[tuple[str, str]]:
    """``(where it lands in the site, source path)`` of every page and file."""
    content, urls = settings.content_dir + "/", settings.directory_urls
    for page in corpus.pages:
        yield _place(page.src_uri, urls), page.path
    for record in corpus:
        yield _place(record.src_uri, urls), record.path
    for path in corpus.files:
        yield (path.removeprefix(content) if path.startswith(content) else path), path


def page_collisions(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Two sources never land on one URL, and nothing lands among the generated archive
    pages (``archive_dir``), where gongbao writes its own."""
    first: dict[str, str] = {}
    archive = settings.archive_dir.strip("/") + "/"
    for where, path in _placed(corpus, settings):
        if where.startswith(archive):
            yield PAGE_COLLISION(
                path,
                None,
                f"该文件会发布到 {where}，这里是 gongbao 生成的归档页面所在的目录 {archive}。",
                f"把文件移出 {settings.content_dir}/{archive}，或在 mkdocs.yml 中把 archive_dir 改为别的目录。",
            )
        elif where in first:
            yield PAGE_COLLISION(
                path,
                None,
                f"该文件与 {first[where]} 都会发布到 {where}。",
                "重命名或移走其中一个文件。",
            )
        else:
            first[where] = path
