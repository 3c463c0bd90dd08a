"""Citation rules: a 文号 cited in a body with one of this site's 发文机关代字 names a document
the site holds.

``平政发〔2099〕8号`` in the body of a site that publishes ``平政发〔2019〕3号`` is a warning with
file and line: a typo, or a document not yet added. National numbers and other places' (国发,
国办发, 甘政发… when the site has none of them) are left alone: the site is not expected to
hold them. The mentions are read when a source is loaded (``cited`` on its record, so a warm
check that reads no bodies checks them too); the site's 代字 are collected once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.citations import CITATION_UNRESOLVED
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import canonical_doc_number
from gongbao.core.model.records import Interpretation, PolicyDocument

__all__ = ["site_prefixes", "unresolved_citations"]

_PREFIX_RE = re.compile(r"(.+?)〔\d{4}〕\d+号")


def _prefix(number: str) -> str:
    match = _PREFIX_RE.fullmatch(canonical_doc_number(number))
    return match.group(1) if match else ""


def site_prefixes(corpus: Corpus) -> frozenset[str]:
    """The 发文机关代字 of the site's own 文号 (平政发, 平政办发…)."""
    return frozenset(p for d in corpus.policies if d.doc_number and (p := _prefix(d.doc_number)))


def _unresolved(text: str, corpus: Corpus, prefixes: frozenset[str]) -> str | None:
    """The 文号 ``text`` ends with, as written, when it has one of ``prefixes`` and names no
    document; the match may start a few characters early (…印发平政发〔2099〕8号)."""
    candidate = None
    for start in range(len(text)):
        suffix = text[start:]
        if corpus.resolve(suffix) is not None or corpus.is_broken(suffix):
            return None
        if candidate is None and _prefix(suffix) in prefixes:
            candidate = suffix
    return candidate


def _body_citations(
    record: PolicyDocument | Interpretation, corpus: Corpus, prefixes: frozenset[str]
) -> Iterator[Finding]:
    for line, text in record.cited:
        written = _unresolved(text, corpus, prefixes)
        if written is None:
            continue
        yield CITATION_UNRESOLVED(
            record.path,
            record.body_line + line,
            f"正文引用的文号 {written} 在本站找不到对应的政策文件"
            f"（本站的 {_prefix(written)} 字号文件中没有这一号）。",
            "核对文号是否写错；被引用的文件尚未收录时，把它加入 content/。",
        )


def unresolved_citations(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every 文号 with one of the site's 代字, cited in a document's or an interpretation's
    body, resolves (to any source, published or not: a withheld one is just not linked)."""
    prefixes = site_prefixes(corpus)
    if not prefixes:
        return
    records: list[PolicyDocument | Interpretation] = [*corpus.policies, *corpus.interpretations]
    for record in records:
        if record.cited:
            yield from _body_citations(record, corpus, prefixes)
