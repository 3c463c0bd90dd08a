"""Lifecycle rules: what repealed a document, whether its validity says so, and no document
repeals itself, directly or round a cycle."""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.lifecycle import (
    REPEAL_CYCLE,
    REPEAL_SELF,
    REPEAL_UNRESOLVED,
    REPEAL_VALIDITY,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import Validity

__all__ = ["repeal_cycles", "repeal_references"]


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


def repeal_cycles(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """No document repeals itself, and following ``repealed_by`` never comes back round."""
    repealer: dict[str, str] = {}
    by_id = {doc.id: doc for doc in corpus.policies}
    for doc in corpus.policies:
        newer = corpus.resolve(doc.repealed_by) if doc.repealed_by else None
        if newer is None:
            continue
        if newer.id == doc.id:
            yield REPEAL_SELF(
                doc.path,
                doc.line_of("repealed_by"),
                f"{doc.label}的废止依据 {doc.repealed_by!r} 就是它自己。",
                "把 repealed_by 改为废止它的那份文件的文号或 id。",
            )
        else:
            repealer[doc.id] = newer.id
    reported: set[str] = set()
    for start in sorted(repealer, key=lambda i: by_id[i].path):
        chain = [start]
        while chain[-1] in repealer and repealer[chain[-1]] not in chain:
            chain.append(repealer[chain[-1]])
        if chain[-1] not in repealer or repealer[chain[-1]] != start or start in reported:
            continue
        reported.update(chain)
        docs = [by_id[i] for i in chain]
        path = " → ".join(d.path for d in [*docs, docs[0]])
        yield REPEAL_CYCLE(
            docs[0].path,
            docs[0].line_of("repealed_by"),
            f"废止关系形成循环：{path}（每份文件都被下一份废止）。",
            "核对这些文件的 repealed_by，只保留真实的废止关系。",
        )
