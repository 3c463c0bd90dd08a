"""Rules: pure functions from loaded sources to findings, one module per family.

- :mod:`.identity` — unique ids, 文号 and 索引号, the 文号 format;
- :mod:`.sync` — 三同步 and what interpretations interpret;
- :mod:`.lifecycle` — repeal, amendment and replacement relations;
- :mod:`.citations` — 文号 cited in bodies with the site's own 代字;
- :mod:`.rounds` — interpretations' rounds in date order, their media files;
- :mod:`.pages` — where sources land in the site;
- :mod:`.catalogue` — the 公开目录: entries documents name, 空白栏目;
- :mod:`.gazette` — issue numbering, tables of contents, 规范性文件 in the gazette;
- :mod:`.leaks`, :mod:`.markup` — the publishing gate over everything published;
- :mod:`.review` — 先审后发;
- :mod:`.consultations` — 意见征集 and its 反馈 gate.

Source rules see every source (a broken reference is an error even in a withheld document);
published rules see only what a build publishes. Which findings stop a build is decided by the
callers (the MkDocs adapter, the CLI), never here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Record
from gongbao.core.rules.catalogue import catalogue_values, empty_catalogue
from gongbao.core.rules.citations import unresolved_citations
from gongbao.core.rules.consultations import (
    consultation_attachments,
    consultation_gate,
    feedback_overdue,
)
from gongbao.core.rules.gazette import (
    gazette_entries,
    gazette_numbering,
    gazette_sequence,
    normative_in_gazette,
)
from gongbao.core.rules.identity import (
    doc_number_format,
    unique_doc_numbers,
    unique_ids,
    unique_index_numbers,
)
from gongbao.core.rules.leaks import record_leaks
from gongbao.core.rules.lifecycle import (
    change_references,
    repeal_cycles,
    repeal_references,
    replace_cycles,
)
from gongbao.core.rules.markup import unsafe_markup
from gongbao.core.rules.pages import page_collisions
from gongbao.core.rules.review import review_sign_off
from gongbao.core.rules.rounds import interpretation_media, round_order
from gongbao.core.rules.sync import interpretation_targets, three_synchronisations

__all__ = ["PUBLISHED_RULES", "RULES", "Rule", "run_rules", "scan_record"]

Rule = Callable[[Corpus, Settings], Iterable[Finding]]
"""A rule: findings about a corpus under the site's settings."""

RULES: dict[str, Rule] = {
    "unique.id": unique_ids,
    "unique.doc_number": unique_doc_numbers,
    "unique.index_number": unique_index_numbers,
    "doc_number.format": doc_number_format,
    "catalogue": catalogue_values,
    "interprets": interpretation_targets,
    "sync": three_synchronisations,
    "repeal": repeal_references,
    "repeal.cycle": repeal_cycles,
    "lifecycle": change_references,
    "lifecycle.replace_cycle": replace_cycles,
    "citation": unresolved_citations,
    "round.order": round_order,
    "round.media": interpretation_media,
    "page.collision": page_collisions,
    "gazette.numbering": gazette_numbering,
    "gazette.entries": gazette_entries,
    "gazette.sequence": gazette_sequence,
    "gazette.normative": normative_in_gazette,
    "consultation": consultation_gate,
    "consultation.overdue": feedback_overdue,
    "consultation.attachments": consultation_attachments,
}
"""Source rules, over every loaded source, by name; run in this order."""

PUBLISHED_RULES: dict[str, Rule] = {
    "review": review_sign_off,
    "catalogue.empty": empty_catalogue,
}
"""Rules over the published view only (what a build publishes on its date)."""


def run_rules(
    corpus: Corpus, settings: Settings, rules: Iterable[Rule] | None = None
) -> list[Finding]:
    """Run ``rules`` (default: every source rule) and return their findings."""
    findings: list[Finding] = []
    for rule in rules if rules is not None else RULES.values():
        findings.extend(rule(corpus, settings))
    return findings


def scan_record(record: Record) -> tuple[Finding, ...]:
    """The gate's findings that depend on one record alone: leaks in its front matter (as
    written) and body, unsafe markup in its body. The loader caches them with the record."""
    return (
        *record_leaks(record),
        *unsafe_markup(record.path, record.body, record.body_line),
    )
