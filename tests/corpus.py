"""Small in-memory corpora for rule tests: records built directly, no files, no MkDocs."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.findings import Finding
from gongbao.core.graph.mentions import number_mentions
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import (
    GazetteIssue,
    GazetteItem,
    GazetteSection,
    Interpretation,
    PolicyDocument,
    Record,
)


def day(text: str) -> datetime.date:
    """``2023-05-22`` as a date."""
    return datetime.date.fromisoformat(text)


def doc(id: str = "a", *, published: str = "2023-05-22", **fields: Any) -> PolicyDocument:
    """A policy document ``content/<id>.md`` with sensible defaults."""
    fields.setdefault("title", f"关于{id}的通知")
    fields.setdefault("issuer", "平凉市人民政府办公室")
    fields.setdefault("body", "正文。")
    fields.setdefault("cited", number_mentions(fields["body"]))  # as the record builder does
    for name in ("repealed_by", "amends", "replaces"):
        if isinstance(fields.get(name), str):  # one 文号 or id, as the builder reads it
            fields[name] = (fields[name],)
    return PolicyDocument(
        id=id, path=f"content/{id}.md", src_uri=f"{id}.md", published=day(published), **fields
    )


def interp(
    id: str = "j",
    interprets: tuple[str, ...] = ("a",),
    *,
    published: str = "2023-05-22",
    **fields: Any,
) -> Interpretation:
    """An interpretation ``interpretations/<id>.md`` of the documents ``interprets`` names."""
    fields.setdefault("title", f"{id} 政策解读")
    fields.setdefault("issuer", "平凉市人民政府办公室")
    fields.setdefault("body", "解读正文。")
    fields.setdefault("cited", number_mentions(fields["body"]))
    path = f"interpretations/{id}.md"
    return Interpretation(
        id=id,
        path=path,
        src_uri=path,
        published=day(published),
        interprets=interprets,
        **fields,
    )


def issue(
    year: int = 2023,
    number: int = 1,
    *refs: str,
    published: str | None = None,
    serial: int | None = None,
    pages: dict[str, tuple[int, int]] | None = None,
    **fields: Any,
) -> GazetteIssue:
    """A gazette issue ``gazette/<year>/<number>.md`` printing ``refs`` in one section."""
    items = tuple(GazetteItem(ref=ref, pages=(pages or {}).get(ref)) for ref in refs)
    path = f"gazette/{year}/{number:02d}.md"
    return GazetteIssue(
        id=f"gazette/{year}/{number:02d}",
        path=path,
        src_uri=path,
        year=year,
        number=number,
        serial=serial,
        published=day(published or f"{year}-{number:02d}-28"),
        title=f"政府公报{year}年第{number}期",
        sections=(GazetteSection("市政府文件", items),) if items else (),
        key_lines={"number": 3, "serial": 4, "sections": 6},
        **fields,
    )


def corpus(*records: Record, broken: frozenset[str] = frozenset()) -> Corpus:
    """A corpus of ``records``, each in its own collection, in the order given."""
    return Corpus(
        tuple(r for r in records if isinstance(r, PolicyDocument)),
        tuple(r for r in records if isinstance(r, Interpretation)),
        tuple(r for r in records if isinstance(r, GazetteIssue)),
        broken_refs=broken,
    )


def settings(**options: Any) -> Settings:
    """Settings of a site in the current folder with ``options``."""
    return Settings(root=Path(), **options)


def codes(findings: list[Finding]) -> list[str]:
    """The codes of ``findings``, in order."""
    return [f.code for f in findings]


def messages(findings: list[Finding]) -> list[str]:
    """Each finding as editors see it."""
    return [f.format() for f in findings]
