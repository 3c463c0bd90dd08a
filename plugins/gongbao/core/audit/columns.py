"""The site's 栏目 (columns) as the inspection sees them: how many entries each has, and when
it last had something new.

A column with no entry is a 空白栏目; one whose newest entry is older than
``audit_stale_days`` is 不更新. The columns gongbao generates are decided here from the
published view; an ordinary page (``content/pages/…``) with nothing but its heading is a blank
column too, and so is each entry of the 公开目录 no published document belongs to. Another
family of columns adds a provider to :data:`COLUMN_PROVIDERS`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from gongbao.core.config.settings import Settings
from gongbao.core.model.corpus import Corpus
from gongbao.core.publish.generators.catalogues import group_slug
from gongbao.core.rules.catalogue import catalogue_counts
from gongbao.core.sources.frontmatter import split_body

__all__ = ["COLUMN_PROVIDERS", "Column", "site_columns"]


@dataclass(frozen=True)
class Column:
    """One 栏目: its name, where it is, how many entries, the newest entry's date."""

    name: str
    where: str
    count: int
    newest: datetime.date | None = None
    """``None`` when the column's entries carry no date (an ordinary page)."""
    dated: bool = True
    """Whether 栏目不更新 applies (a page of fixed text, 机构职能, is not a news column)."""


ColumnProvider = Callable[[Corpus, Settings], Iterable[Column]]
"""Columns of one family, from the published view."""


def _newest(dates: Sequence[datetime.date]) -> datetime.date | None:
    return max(dates) if dates else None


def generated_columns(published: Corpus, settings: Settings) -> Iterator[Column]:
    """The columns gongbao generates: documents, interpretations, gazette, 意见征集."""
    archive = settings.archive_dir
    families = (
        ("政策文件", f"{archive}/documents/", [d.published for d in published.policies]),
        (
            "政策解读",
            f"{archive}/interpretations/",
            [i.published for i in published.interpretations],
        ),
        ("政府公报", "gazette/", [i.published for i in published.issues]),
        ("意见征集", f"{archive}/consultations/", [c.published for c in published.consultations]),
    )
    for name, where, dates in families:
        yield Column(name, where, len(dates), _newest(dates))


# What does not count as content on a column page: headings, blank lines, HTML comments.
_NOT_CONTENT = re.compile(r"^\s*(#.*|<!--.*-->|\s*)$")


def page_columns(published: Corpus, settings: Settings) -> Iterator[Column]:
    """Ordinary pages (指南, 制度, 机构职能…): blank when only a heading is written."""
    for page in published.pages:
        try:
            text = (settings.root / page.path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        body, _ = split_body(text)
        has_text = any(not _NOT_CONTENT.match(line) for line in body.splitlines())
        yield Column(page.src_uri, page.path, 1 if has_text else 0, dated=False)


def catalogue_columns(published: Corpus, settings: Settings) -> Iterator[Column]:
    """The entries of the 公开目录, once the site uses it (the rule ``catalogue.empty`` waits
    for the same): an entry no published document belongs to is a 空白栏目."""
    if not any(doc.catalogue.strip() for doc in published.policies):
        return
    counts, _ = catalogue_counts(published, settings)
    for entry in counts:
        where = f"{settings.archive_dir}/catalogue/{group_slug(entry.entry.name)}/"
        dates = [doc.published for doc in entry.documents]
        yield Column(f"公开目录：{entry.entry.name}", where, entry.count, _newest(dates))


COLUMN_PROVIDERS: list[ColumnProvider] = [generated_columns, page_columns, catalogue_columns]
"""Every family of columns the audit looks at; a new family appends one."""


def site_columns(published: Corpus, settings: Settings) -> list[Column]:
    """Every column of the published site."""
    return [column for provider in COLUMN_PROVIDERS for column in provider(published, settings)]
