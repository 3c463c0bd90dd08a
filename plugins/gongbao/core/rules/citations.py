"""Citation rules: a 文号 cited in a body with one of this site's 发文机关代字 names a document
the site holds.

``平政发〔2099〕8号`` in the body of a site that publishes ``平政发〔2019〕3号`` is a warning with
file and line: a typo, or a document not yet added. National numbers and other places' (国发,
国办发, 甘政发… when the site has none of them) are left alone: the site is not expected to
hold them. Nor are numbers older than the site's first of that 代字: an archive that starts
with 国发〔2018〕41号 (a national document it chose to carry) or with 平政发〔2015〕1号 does not
claim the years before, and a body citing 国发〔1997〕37号 is history, not a typo. The mentions
are read when a source is loaded (``cited`` on its record, so a warm check that reads no bodies
checks them too); the site's 代字 and their first years are collected once.
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

__all__ = ["site_series", "unresolved_citations"]

_PREFIX_RE = re.compile(r"(.+?)〔(\d{4})〕\d+号")


def _series(number: str) -> tuple[str, int]:
    """``("平政发", 2019)`` for 平政发〔2019〕3号; ``("", 0)`` for a number of another shape."""
    match = _PREFIX_RE.fullmatch(canonical_doc_number(number))
    return (match.group(1), int(match.group(2))) if match else ("", 0)


def site_series(corpus: Corpus) -> dict[str, int]:
    """The 发文机关代字 of the site's own 文号 (平政发, 平政办发…), each with its first year."""
    first: dict[str, int] = {}
    for doc in corpus.policies:
        prefix, year = _series(doc.doc_number) if doc.doc_number else ("", 0)
        if prefix:
            first[prefix] = min(year, first.get(prefix, year))
    return first


def _unresolved(text: str, corpus: Corpus, series: dict[str, int]) -> str | None:
    """The 文号 ``text`` ends with, as written, when it is of one of the site's ``series`` (in or
    after its first year) and names no document; the match may start a few characters early
    (…印发平政发〔2099〕8号)."""
    candidate = None
    for start in range(len(text)):
        suffix = text[start:]
        if corpus.resolve(suffix) is not None or corpus.is_broken(suffix):
            return None
        prefix, year = _series(suffix)
        if candidate is None and prefix in series and year >= series[prefix]:
            candidate = suffix
    return candidate


def _body_citations(
    record: PolicyDocument | Interpretation, corpus: Corpus, series: dict[str, int]
) -> Iterator[Finding]:
    for line, text in record.cited:
        written = _unresolved(text, corpus, series)
        if written is None:
            continue
        yield CITATION_UNRESOLVED(
            record.path,
            record.body_line + line,
            f"正文引用的文号 {written} 在本站找不到对应的政策文件"
            f"（本站的 {_series(written)[0]} 字号文件中没有这一号）。",
            "核对文号是否写错；被引用的文件尚未收录时，把它加入 content/。",
        )


def unresolved_citations(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every 文号 with one of the site's 代字, cited in a document's or an interpretation's
    body, resolves (to any source, published or not: a withheld one is just not linked)."""
    series = site_series(corpus)
    if not series:
        return
    records: list[PolicyDocument | Interpretation] = [*corpus.policies, *corpus.interpretations]
    for record in records:
        if record.cited:
            yield from _body_citations(record, corpus, series)
