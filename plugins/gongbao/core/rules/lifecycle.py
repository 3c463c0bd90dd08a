"""Lifecycle rules: every relation (废止依据, 修改, 代替) names a document, a repealed document
says so in its 有效性 (and one that says 废止 names what repealed it), no document repeals,
amends or replaces itself or one published after it, and neither repeals nor replacements go
round a cycle.

Every rule is one pass over the documents with the corpus's reference index: O(N + relations).
"""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.lifecycle import (
    LIFECYCLE_ORDER,
    LIFECYCLE_SELF,
    LIFECYCLE_UNRESOLVED,
    REPEAL_BASIS_MISSING,
    REPEAL_CYCLE,
    REPEAL_ORDER,
    REPEAL_SELF,
    REPEAL_UNRESOLVED,
    REPEAL_VALIDITY,
    REPLACE_CYCLE,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import PolicyDocument, Validity

__all__ = ["change_references", "repeal_cycles", "repeal_references", "replace_cycles"]


def _published(doc: PolicyDocument) -> str:
    return f"{doc.label}（{doc.published.isoformat()} 发布）"


def repeal_references(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every ``repealed_by`` entry resolves to a document published no later than the repealed
    one, and goes with a 废止/失效 validity; a 废止 validity names its ``repealed_by``."""
    for doc in corpus.policies:
        line = doc.line_of("repealed_by")
        if not doc.repealed_by:
            if doc.validity is Validity.REPEALED:
                yield REPEAL_BASIS_MISSING(
                    doc.path,
                    doc.line_of("validity"),
                    "validity（有效性）为废止，但没有写 repealed_by（废止依据）。",
                    "加入 repealed_by: 废止它的文件的文号或 id；只是到期失效的，把 validity 改为 失效。",
                )
            continue
        if doc.validity is Validity.VALID:
            yield REPEAL_VALIDITY(
                doc.path,
                line,
                "写了 repealed_by（废止依据），但 validity（有效性）仍为有效。",
                "把 validity 改为 废止 或 失效，或删除 repealed_by。",
            )
        for ref in doc.repealed_by:
            newer = corpus.resolve(ref)
            if newer is None:
                if not corpus.is_broken(ref):
                    yield REPEAL_UNRESOLVED(
                        doc.path,
                        line,
                        f"废止依据 {ref!r} 找不到对应的政策文件。",
                        "核对文号或 id；废止它的文件不在本站时，先把它加入 content/。",
                    )
            elif newer.id != doc.id and newer.published < doc.published:
                yield REPEAL_ORDER(
                    doc.path,
                    line,
                    f"{_published(doc)}的废止依据 {_published(newer)}早于它本身。",
                    "核对 repealed_by 和两份文件的发布日期：废止依据应写在被废止的旧文件中。",
                )


_CHANGES = (("amends", "修改"), ("replaces", "代替"))


def change_references(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Every ``amends`` and ``replaces`` entry names another document, published before (or
    on the day of) the one that amends or replaces it."""
    for doc in corpus.policies:
        for name, verb in _CHANGES:
            refs: tuple[str, ...] = getattr(doc, name)
            line = doc.line_of(name)
            for ref in refs:
                older = corpus.resolve(ref)
                if older is None:
                    if not corpus.is_broken(ref):
                        yield LIFECYCLE_UNRESOLVED(
                            doc.path,
                            line,
                            f"{name}（{verb}）中的 {ref!r} 找不到对应的政策文件。",
                            "核对文号或 id（〔〕、[]、() 等写法均可）；"
                            f"被{verb}的文件不在本站时，先把它加入 content/。",
                        )
                elif older.id == doc.id:
                    yield LIFECYCLE_SELF(
                        doc.path,
                        line,
                        f"{doc.label}的 {name}（{verb}）{ref!r} 就是它自己。",
                        f"把 {name} 改为被{verb}的旧文件的文号或 id。",
                    )
                elif older.published > doc.published:
                    yield LIFECYCLE_ORDER(
                        doc.path,
                        line,
                        f"{_published(doc)}{verb}了晚于它发布的 {_published(older)}。",
                        f"把 {name} 写在新文件中，指向旧文件；并核对两份文件的发布日期。",
                    )


def repeal_cycles(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """No document repeals itself, and following ``repealed_by`` never comes back round.
    Each document is walked once: O(N + relations)."""
    by_id = {doc.id: doc for doc in corpus.policies}
    repealers: dict[str, list[str]] = {}
    for doc in corpus.policies:
        repealers[doc.id] = []
        for ref in doc.repealed_by:
            newer = corpus.resolve(ref)
            if newer is None:
                continue
            if newer.id == doc.id:
                yield REPEAL_SELF(
                    doc.path,
                    doc.line_of("repealed_by"),
                    f"{doc.label}的废止依据 {ref!r} 就是它自己。",
                    "把 repealed_by 改为废止它的那份文件的文号或 id。",
                )
            else:
                repealers[doc.id].append(newer.id)
    for cycle in _cycles(corpus, repealers):
        docs = [by_id[i] for i in cycle]
        path = " → ".join(d.path for d in [*docs, docs[0]])
        yield REPEAL_CYCLE(
            docs[0].path,
            docs[0].line_of("repealed_by"),
            f"废止关系形成循环：{path}（每份文件都被下一份废止）。",
            "核对这些文件的 repealed_by，只保留真实的废止关系。",
        )


def _cycle_from(start: str, successors: dict[str, list[str]], done: set[str]) -> list[str]:
    """A cycle through ``start``'s descendants not yet in ``done``, or ``[]``: an iterative
    depth-first walk (a long chain of replacements must not hit the recursion limit)."""
    path: list[str] = []
    on_path: dict[str, int] = {}
    stack: list[tuple[str, Iterator[str]]] = [(start, iter(successors.get(start, ())))]
    path.append(start)
    on_path[start] = 0
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.pop()
            del on_path[node]
            done.add(node)
            continue
        if child in on_path:
            return path[on_path[child] :]
        if child not in done:
            on_path[child] = len(path)
            path.append(child)
            stack.append((child, iter(successors.get(child, ()))))
    return []


def _cycles(corpus: Corpus, successors: dict[str, list[str]]) -> Iterator[list[str]]:
    """Each cycle of ``successors`` once, from the first of its documents by path."""
    done: set[str] = set()
    for doc in corpus.policies:  # sorted by path: the same cycle is reported from the same file
        if doc.id not in done:
            cycle = _cycle_from(doc.id, successors, done)
            if cycle:
                done.update(cycle)
                yield cycle


def replace_cycles(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Following ``replaces`` never comes back round (A 代替 B 代替 A). Each document is
    walked once: O(N + relations)."""
    by_id = {doc.id: doc for doc in corpus.policies}
    successors: dict[str, list[str]] = {}
    for doc in corpus.policies:
        targets = [older.id for ref in doc.replaces if (older := corpus.resolve(ref))]
        # A document naming itself is lifecycle.self, reported by change_references.
        successors[doc.id] = [t for t in targets if t != doc.id]
    for cycle in _cycles(corpus, successors):
        docs = [by_id[i] for i in cycle]
        path = " → ".join(d.path for d in [*docs, docs[0]])
        yield REPLACE_CYCLE(
            docs[0].path,
            docs[0].line_of("replaces"),
            f"代替关系形成循环：{path}（每份文件都代替下一份）。",
            "核对这些文件的 replaces，只保留真实的代替关系。",
        )
