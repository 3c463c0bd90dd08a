"""Identity rules: every record has its own id, every 文号 names one document, 文号 are well formed."""

from __future__ import annotations

from collections.abc import Iterator

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.identity import (
    DOC_NUMBER_FORMAT,
    UNIQUE_DOC_NUMBER,
    UNIQUE_ID,
    UNIQUE_INDEX_NUMBER,
)
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.docnumber import doc_number_key, lint_doc_number
from gongbao.core.model.records import PolicyDocument

__all__ = ["doc_number_format", "unique_doc_numbers", "unique_ids", "unique_index_numbers"]


def unique_ids(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """Ids are unique across documents, interpretations and gazette issues."""
    first: dict[str, str] = {}
    for record in corpus:
        if record.id in first:
            yield UNIQUE_ID(
                record.path,
                record.line_of("id"),
                f"标识 {record.id!r} 与 {first[record.id]} 重复。",
                "为其中一个文件设置不同的 id（标识）。",
            )
        else:
            first[record.id] = record.path


def unique_doc_numbers(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """A 文号 names one document, whatever its spelling."""
    first: dict[str, PolicyDocument] = {}
    for doc in corpus.policies:
        if not doc.doc_number:
            continue
        key = doc_number_key(doc.doc_number)
        if key in first:
            other = first[key]
            yield UNIQUE_DOC_NUMBER(
                doc.path,
                doc.line_of("doc_number"),
                f"文号 {doc.doc_number} 与 {other.path} 的文号 {other.doc_number} 相同。",
                "核对文号：一个文号只能对应一份文件。",
            )
        else:
            first[key] = doc


def unique_index_numbers(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """A 索引号 names one document (withheld ones too: the number is taken either way).
    Compared as written, without surrounding spaces: 索引号 have no spelling variants."""
    first: dict[str, PolicyDocument] = {}
    for doc in corpus.policies:
        key = doc.index_number.strip()
        if not key:
            continue
        if key in first:
            other = first[key]
            line = other.line_of("index_number")
            where = f"{other.path}:{line}" if line else other.path
            yield UNIQUE_INDEX_NUMBER(
                doc.path,
                doc.line_of("index_number"),
                f"索引号 {key} 与 {where} 的索引号相同（{other.label}）。",
                "核对索引号：一个索引号只能对应一份文件，按本机关的索引号编制规则为其中一份重新编号。",
            )
        else:
            first[key] = doc


def doc_number_format(corpus: Corpus, settings: Settings) -> Iterator[Finding]:
    """GB/T 9704-2012 7.2.5: full year in 〔〕, no 第, no leading zeros (a warning)."""
    for doc in corpus.policies:
        fixed = lint_doc_number(doc.doc_number) if doc.doc_number else None
        if fixed:
            yield DOC_NUMBER_FORMAT(
                doc.path,
                doc.line_of("doc_number"),
                f"文号 {doc.doc_number} 不符合 GB/T 9704-2012 7.2.5"
                "（年份用六角括号〔〕括入且写全，顺序号不加“第”、不编虚位）。",
                f"改为 {fixed}。",
            )
