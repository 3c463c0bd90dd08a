"""Table 二 第二十条第（一）项 and the 政策解读 figures of one year, from the published view.

Rows are the 文件类型 规章 and 行政规范性文件 (``doc_type``); columns:

- 本年制发件数: documents published that year;
- 本年废止件数: documents whose force ended that year (repealed, replaced, or expired), dated by
  the document that ended it (its 施行日期, else its 发布日期), or by ``valid_until`` (the day
  after it);
- 现行有效件数: documents in force on 31 December.

Documents are those published by 31 December; what ended them is read from everything published
by the report's date (a 2025 repeal of a 2024 document leaves it in force at the end of 2024).
A document marked 废止 or 失效 with no date to place it is not counted in force and is named in
the notes. Every figure keeps the ids it counts, so each number can be checked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from gongbao.core.errors import GongbaoError
from gongbao.core.graph.build import in_force_from
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import DocType, Interpretation, PolicyDocument, Validity
from gongbao.core.publish.view import published_view
from gongbao.core.rules.sync import interpretations_by_policy

__all__ = ["COLUMNS", "ITEM", "ROWS", "AnnualReport", "annual_report", "force_ended"]

ITEM = "第二十条第（一）项"
ROWS = (DocType.RULES, DocType.NORMATIVE)
COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")


@dataclass(frozen=True)
class AnnualReport:
    """One year's figures; each maps a label to the ids it counts."""

    year: int
    as_of: datetime.date
    """The date the archive was read on (31 December, or today for the current year)."""
    table: dict[str, dict[str, tuple[str, ...]]]
    """Row (规章, 行政规范性文件) → column → ids."""
    interpretation: dict[str, tuple[str, ...]]
    """本年发布文件数, 已解读件数, 免于解读件数, 三同步按时件数, 解读材料数 → ids."""
    average_days: float | None
    """平均解读间隔天数: days from a document to its first 解读, over those interpreted."""
    by_form: dict[str, tuple[str, ...]]
    by_round: dict[str, tuple[str, ...]]
    monthly: tuple[tuple[str, ...], ...]
    """Documents published in each month, January first."""
    notes: tuple[str, ...] = field(default=())


def force_ended(now: Corpus) -> dict[str, tuple[datetime.date, str]]:
    """Document id → when and how it stopped being in force, as far as the published sources
    say: the date of the document that repealed or replaced it (its 施行日期, else its 发布日期),
    or the day after its 有效期至; the earliest when several apply."""
    ends: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
    for doc in now.policies:
        for ref in doc.repealed_by:
            newer = now.resolve(ref)
            if newer is not None and newer.id != doc.id:
                ends[doc.id].append((in_force_from(newer), f"被 {newer.id} 废止"))
        if doc.valid_until is not None:
            ends[doc.id].append((doc.valid_until + datetime.timedelta(days=1), "有效期届满"))
        for ref in doc.replaces:
            older = now.resolve(ref)
            if older is not None and older.id != doc.id:
                ends[older.id].append((in_force_from(doc), f"被 {doc.id} 代替"))
    return {doc_id: min(found) for doc_id, found in ends.items()}


def _table(
    year: int, docs: list[PolicyDocument], now: Corpus
) -> tuple[dict[str, dict[str, tuple[str, ...]]], list[str]]:
    end_of_year = datetime.date(year, 12, 31)
    cells: dict[str, dict[str, list[str]]] = {r.value: {c: [] for c in COLUMNS} for r in ROWS}
    notes = []
    ends = force_ended(now)
    for doc in docs:
        row = doc.document_type.value
        if row not in cells:
            continue
        if doc.published.year == year:
            cells[row]["本年制发件数"].append(doc.id)
        ended = ends.get(doc.id)
        if ended is not None and ended[0].year == year:
            cells[row]["本年废止件数"].append(doc.id)
        if ended is None and doc.validity is not Validity.VALID:
            notes.append(
                f"{doc.id}：有效性为{doc.validity.value}，但没有废止依据或有效期，"
                "无法确定失效年份，未计入现行有效件数。"
            )
        elif ended is None or ended[0] > end_of_year:
            cells[row]["现行有效件数"].append(doc.id)
    return {r: {c: tuple(ids) for c, ids in cols.items()} for r, cols in cells.items()}, notes


def _interpretations(
    year: int, docs: list[PolicyDocument], now: Corpus, tolerance: int
) -> tuple[dict[str, tuple[str, ...]], float | None]:
    by_policy = interpretations_by_policy(now)
    figures: dict[str, list[str]] = {
        label: [] for label in ("本年发布文件数", "已解读件数", "免于解读件数", "三同步按时件数")
    }
    gaps = []
    for doc in docs:
        if doc.published.year != year:
            continue
        figures["本年发布文件数"].append(doc.id)
        if not doc.needs_interpretation:
            figures["免于解读件数"].append(doc.id)
        interps = by_policy.get(doc.id, [])
        if not interps:
            continue
        figures["已解读件数"].append(doc.id)
        gap = (min(i.published for i in interps) - doc.published).days
        gaps.append(gap)
        if gap <= tolerance:
            figures["三同步按时件数"].append(doc.id)
    in_year = [i for i in now.interpretations if i.published.year == year]
    figures["解读材料数"] = [i.id for i in in_year]
    average = round(sum(gaps) / len(gaps), 1) if gaps else None
    return {label: tuple(ids) for label, ids in figures.items()}, average


def _grouped(interps: list[Interpretation]) -> tuple[dict[str, tuple[str, ...]], ...]:
    forms: dict[str, list[str]] = defaultdict(list)
    rounds: dict[int, list[str]] = defaultdict(list)
    for interp in interps:
        forms[interp.form.value].append(interp.id)
        rounds[interp.round].append(interp.id)
    by_form = {form: tuple(ids) for form, ids in sorted(forms.items(), key=lambda kv: -len(kv[1]))}
    by_round = {f"第{n}轮": tuple(rounds[n]) for n in sorted(rounds)}
    return by_form, by_round


def annual_report(
    corpus: Corpus, year: int, today: datetime.date, tolerance: int = 0
) -> AnnualReport:
    """The figures of ``year`` from the published view; ``today`` is the report's date.

    Raises:
        GongbaoError: ``year`` has not begun on ``today``.
    """
    if year > today.year:
        raise GongbaoError(
            f"{year} 年尚未开始（今天是 {today}），无法统计。请改为 {today.year} 年或更早。"
        )
    as_of = min(datetime.date(year, 12, 31), today)
    now, _ = published_view(corpus, today)
    docs = sorted(
        (d for d in now.policies if d.published <= as_of),
        key=lambda d: (d.published, d.path),
    )
    table, notes = _table(year, docs, now)
    figures, average = _interpretations(year, docs, now, tolerance)
    in_year = sorted(
        (i for i in now.interpretations if i.published.year == year and i.published <= as_of),
        key=lambda i: (i.published, i.path),
    )
    by_form, by_round = _grouped(in_year)
    monthly = tuple(
        tuple(d.id for d in docs if d.published.year == year and d.published.month == month)
        for month in range(1, 13)
    )
    return AnnualReport(
        year, as_of, table, figures, average, by_form, by_round, monthly, tuple(notes)
    )
