"""The loaded site: every record, and lookups by id and 文号."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from gongbao.core.findings import Finding
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import (
    Consultation,
    GazetteIssue,
    GazetteItem,
    GazetteSection,
    Interpretation,
    OrdinaryPage,
    PolicyDocument,
)

__all__ = ["Corpus"]

_UNKNOWN = object()


@dataclass(frozen=True)
class Corpus:
    """All sources of a site, sorted by path so every build sees them in the same order."""

    policies: tuple[PolicyDocument, ...] = ()
    interpretations: tuple[Interpretation, ...] = ()
    issues: tuple[GazetteIssue, ...] = ()
    pages: tuple[OrdinaryPage, ...] = ()
    files: tuple[str, ...] = ()
    """Project-relative paths of every other regular file in the source folders (images,
    PDFs, attachments…), sorted: what may be published beside the pages."""
    broken_refs: frozenset[str] = frozenset()
    """Ids and 文号 keys of documents that failed validation: references to them are not
    reported again (the document's own error says what to fix)."""
    scans: dict[str, tuple[Finding, ...]] = field(default_factory=dict, repr=False, compare=False)
    """Leak and unsafe-HTML findings of each record, by path, computed when it was loaded."""
    consultations: tuple[Consultation, ...] = ()
    """意见征集 (``consultations/``)."""
    _by_ref: dict[str, PolicyDocument] = field(init=False, repr=False, compare=False)
    _resolved: dict[str, PolicyDocument | None] = field(init=False, repr=False, compare=False)
    _consultations: dict[str, Consultation] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_ref: dict[str, PolicyDocument] = {}
        # 文号 keys first, ids second: an id always wins over a 文号 that happens to match it.
        for doc in self.policies:
            if doc.doc_number:
                by_ref.setdefault("no:" + doc_number_key(doc.doc_number), doc)
        for doc in self.policies:
            by_ref.setdefault("id:" + doc.id, doc)
        object.__setattr__(self, "_by_ref", by_ref)
        # Every rule resolves the same references again (three to five times per 解读 and
        # gazette entry): the answers are remembered, the corpus never changes.
        object.__setattr__(self, "_resolved", {})
        by_id: dict[str, Consultation] = {}
        for item in self.consultations:
            by_id.setdefault(item.id, item)
        object.__setattr__(self, "_consultations", by_id)

    def resolve(self, ref: str) -> PolicyDocument | None:
        """The policy document a reference names: its id, or its 文号 in any common spelling."""
        known = self._resolved.get(ref, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        key = ref.strip()
        doc = self._by_ref.get("id:" + key) or self._by_ref.get("no:" + doc_number_key(key))
        self._resolved[ref] = doc
        return doc

    def is_broken(self, ref: str) -> bool:
        """Whether ``ref`` names a document that exists but failed validation."""
        ref = ref.strip()
        return ref in self.broken_refs or doc_number_key(ref) in self.broken_refs

    def gazette_entries(
        self,
    ) -> Iterator[tuple[GazetteIssue, GazetteSection, GazetteItem, PolicyDocument | None]]:
        """Every table-of-contents entry of every issue, with the document it names (if any)."""
        for issue in self.issues:
            for section in issue.sections:
                for item in section.items:
                    yield issue, section, item, self.resolve(item.ref) if item.ref else None

    def consultation(self, consultation_id: str) -> Consultation | None:
        """The consultation with id ``consultation_id``, if there is one."""
        return self._consultations.get(consultation_id.strip())

    def __iter__(self) -> Iterator[PolicyDocument | Interpretation | GazetteIssue | Consultation]:
        yield from self.policies
        yield from self.interpretations
        yield from self.issues
        yield from self.consultations

    def __len__(self) -> int:
        return (
            len(self.policies)
            + len(self.interpretations)
            + len(self.issues)
            + len(self.consultations)
        )
