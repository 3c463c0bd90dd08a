"""The link graph of a published site: document ↔ interpretation, repeal relations, gazette issues
and 文号 mentioned in body text.

Built only from what is published, so a link can never point at a withheld document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument

__all__ = ["IssueEntry", "LinkGraph", "build_link_graph"]

# 文号 as they appear in running text: 平政办发〔2023〕51号, 国办发[2018]115号, 海关总署令第265号,
# 海关总署公告2024年第10号. The prefix is kept short so a sentence is not swallowed into it.
MENTION_RE = re.compile(
    r"""
    [\u4e00-\u9fff]{1,10}?(?:
        [〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号    # 平政办发〔2023〕51号
      | 令\s*第\s*\d{1,5}\s*号                                       # 海关总署令第265号
      | 公告\s*\d{4}\s*年\s*第\s*\d{1,5}\s*号                         # 海关总署公告2024年第10号
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class IssueEntry:
    """Where a document was printed: the issue and the section heading."""

    issue: GazetteIssue
    heading: str
    pages: tuple[int, int] | None = None


@dataclass(frozen=True)
class LinkGraph:
    """Who links to whom, for the published records only."""

    interpretations_of: dict[str, tuple[Interpretation, ...]] = field(default_factory=dict)
    """Policy id → its interpretations, by round then date."""
    targets_of: dict[str, tuple[PolicyDocument, ...]] = field(default_factory=dict)
    """Interpretation id → the documents it interprets."""
    repealed_by: dict[str, PolicyDocument] = field(default_factory=dict)
    """Policy id → the document that repealed it."""
    repeals: dict[str, tuple[PolicyDocument, ...]] = field(default_factory=dict)
    """Policy id → the documents it repealed."""
    issues_of: dict[str, tuple[IssueEntry, ...]] = field(default_factory=dict)
    """Policy id → the gazette issues it was printed in."""
    by_doc_number: dict[str, PolicyDocument] = field(default_factory=dict)
    """文号 key → published document, for mentions in body text."""

    def mentions(self, text: str, exclude: str = "") -> list[tuple[int, int, PolicyDocument]]:
        """``(start, end, document)`` for every published 文号 mentioned in ``text``.

        ``exclude`` is the id of the page's own document: a page does not link to itself.
        """
        found = []
        for match in MENTION_RE.finditer(text):
            candidate = match.group(0)
            # The regex may start a few characters early (…印发平政办发〔2023〕51号): try the
            # longest suffix first that is a known 文号.
            for start in range(len(candidate)):
                doc = self.by_doc_number.get(doc_number_key(candidate[start:]))
                if doc is not None:
                    if doc.id != exclude:
                        found.append((match.start() + start, match.end(), doc))
                    break
        return found


def build_link_graph(corpus: Corpus) -> LinkGraph:
    """Link every published record; ``corpus`` must already be the published view."""
    interps: dict[str, list[Interpretation]] = defaultdict(list)
    targets: dict[str, list[PolicyDocument]] = defaultdict(list)
    for interp in corpus.interpretations:
        for ref in interp.interprets:
            doc = corpus.resolve(ref)
            if doc is None or doc in targets[interp.id]:
                continue
            targets[interp.id].append(doc)
            interps[doc.id].append(interp)

    repealed_by: dict[str, PolicyDocument] = {}
    repeals: dict[str, list[PolicyDocument]] = defaultdict(list)
    for doc in corpus.policies:
        if doc.repealed_by:
            newer = corpus.resolve(doc.repealed_by)
            if newer is not None and newer.id != doc.id:
                repealed_by[doc.id] = newer
                repeals[newer.id].append(doc)

    issues_of: dict[str, list[IssueEntry]] = defaultdict(list)
    for issue, section, item, doc in corpus.gazette_entries():
        if doc is not None:
            issues_of[doc.id].append(IssueEntry(issue, section.heading, item.pages))

    return LinkGraph(
        interpretations_of={
            k: tuple(sorted(v, key=lambda i: (i.round, i.published, i.path)))
            for k, v in interps.items()
        },
        targets_of={k: tuple(v) for k, v in targets.items()},
        repealed_by=repealed_by,
        repeals={k: tuple(v) for k, v in repeals.items()},
        issues_of={
            k: tuple(sorted(v, key=lambda e: (e.issue.published, e.issue.path)))
            for k, v in issues_of.items()
        },
        by_doc_number={doc_number_key(d.doc_number): d for d in corpus.policies if d.doc_number},
    )
