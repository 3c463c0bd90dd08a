"""The 公开目录: which entry each document belongs to, how many each entry holds, which are empty.

A document names its entry in ``catalogue`` (the short name, or the entry's full title); the
entries are the option ``catalogues`` (default: 条例第二十条 and 第二十一条). A name the site's
catalogue does not have is an error. An entry no published document belongs to is a 空白栏目:
a warning (the option ``empty_catalogue_error`` makes it an error), checked once the site
uses the catalogue at all (some published document gives ``catalogue``), so a site that has
not adopted it yet is not told sixteen times.

:func:`catalogue_counts` is the one place the counts come from: the catalogue pages, the 年报
(主动公开情况) and the 空白栏目 report all read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gongbao.core.config.catalogues import CatalogueEntry
from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding, Severity
from gongbao.core.findings.catalogue.catalogues import CATALOGUE_EMPTY, CATALOGUE_UNKNOWN
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import PolicyDocument

__all__ = [
    "CatalogueCount",
    "catalogue_counts",
    "catalogue_values",
    "empty_catalogue",
    "empty_entries",
    "entry_of",
]


@dataclass(frozen=True)
class CatalogueCount:
    """One entry of the 公开目录 and the published documents in it, newest first."""

    entry: CatalogueEntry
    documents: tuple[PolicyDocument, ...]

    @property
    def count(self) -> int:
        """How many documents the entry holds."""
        return len(self.documents)

    @property
    def empty(self) -> bool:
        """A 空白栏目: shown as 暂无信息."""
        return not self.documents


def _lookup(entries: Sequence[CatalogueEntry]) -> dict[str, CatalogueEntry]:
    found: dict[str, CatalogueEntry] = {}
    for entry in entries:
        found.setdefault(entry.name, entry)
    for entry in entries:  # a full title also names its entry, but never shadows a name
        if entry.title:
            found.setdefault(entry.title, entry)
    return found


def entry_of(doc: PolicyDocument, settings: Settings) -> CatalogueEntry | None:
    """The entry ``doc`` belongs to, ``None`` when it names none (or one the site lacks)."""
    value = doc.catalogue.strip()
    return _lookup(settings.catalogues).get(value) if value else None


def catalogue_counts(
    published: Corpus, settings: Settings
) -> tuple[tuple[CatalogueCount, ...], tuple[PolicyDocument, ...]]:
    """Every entry in the site's order with its documents (newest first), and the documents
    that belong to no entry. O(N): one pass over the documents."""
    lookup = _lookup(settings.catalogues)
    members: dict[str, list[PolicyDocument]] = {e.name: [] for e in settings.catalogues}
    unassigned: list[PolicyDocument] = []
    newest_first = sorted(published.policies, key=lambda d: (d.published, d.path), reverse=True)
    for doc in newest_first:
        entry = lookup.get(doc.catalogue.strip()) if doc.catalogue.strip() else None
        (members[entry.name] if entry is not None else unassigned).append(doc)
    counts = tuple(CatalogueCount(e, tuple(members[e.name])) for e in settings.catalogues)
    return counts, tuple(unassigned)


def empty_entries(published: Corpus, settings: Settings) -> tuple[CatalogueEntry, ...]:
    """The 空白栏目: entries no published document belongs to, in the catalogue's order."""
    counts, _ = catalogue_counts(published, settings)
    return tuple(c.entry for c in counts if c.empty)


def catalogue_values(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every ``catalogue`` names an entry of the site's 公开目录."""
    lookup = _lookup(settings.catalogues)
    names = "、".join(e.name for e in settings.catalogues)
    for doc in corpus.policies:
        value = doc.catalogue.strip()
        if value and value not in lookup:
            yield CATALOGUE_UNKNOWN(
                doc.path,
                doc.line_of("catalogue"),
                f"catalogue（公开目录）应为本站公开目录中的栏目名称，实际为 {value!r}。",
                f"改为以下之一：{names}；或在 mkdocs.yml 的 catalogues 中加入该栏目。",
            )


def empty_catalogue(published: Corpus, settings: Settings) -> Iterator[Finding]:
    """Each 空白栏目, once the site uses the catalogue (see the module docstring)."""
    if not any(doc.catalogue.strip() for doc in published.policies):
        return
    severity = Severity.ERROR if settings.empty_catalogue_error else Severity.WARNING
    for entry in empty_entries(published, settings):
        about = "，".join(part for part in (entry.title, entry.basis) if part)
        yield CATALOGUE_EMPTY(
            settings.config_file,
            None,
            f"公开目录栏目“{entry.name}”"
            + (f"（{about}）" if about else "")
            + f"暂无信息：没有已发布的文件写 catalogue: {entry.name}。",
            f"发布属于该栏目的文件（头信息写 catalogue: {entry.name}），"
            "或在 mkdocs.yml 的 catalogues 中删去本站不适用的栏目。",
            severity=severity,
        )
