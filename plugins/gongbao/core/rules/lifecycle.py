"""Lifecycle rules: what repealed a document, and whether its validity says so."""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.lifecycle import REPEAL_UNRESOLVED, REPEAL_VALIDITY
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Validity

__all__ = ["repeal_references"]


def repeal_references(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """``repealed_by`` resolves, and goes with a 废止/失效 validity."""
    for doc in corpus.policies:
        if not doc.repealed_by:
            continue
        if corpus.resolve(doc.repealed_by) is None:
            yield REPEAL_UNRESOLVED(
                doc.path,
                doc.line_of("repealed_by"),
                f"废止依据 {doc.repealed_by!r} 找不到对应的政策文件，横幅中将不带链接。",
                "核对文号，或先把废止它的文件加入 content/。",
            )
        if doc.validity is Validity.VALID:
            yield REPEAL_VALIDITY(
                doc.path,
                doc.line_of("repealed_by"),
                "写了 repealed_by（废止依据），但 validity（有效性）仍为有效。",
                "把 validity 改为 废止 或 失效，或删除 repealed_by。",
            )
