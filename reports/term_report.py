"""The final report over a program's whole term (``/report 2020-2025``): every year side by side, and totals.

Built from the yearly consolidation (``reports.consolidate``), so every yearly figure follows the same rules
as the annual report. Over the term:
- a measure's plan, actual and financed are the sums of its yearly figures;
- a measure's percent over the term is the mean of its yearly percents, over the years in its term that
  have one (one decimal, half up), like several departments' percents in one year;
- a totals row's percent is financed ÷ plan × 100 over the whole term, like the annual totals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reports.indicators_section import term_indicators
from reports.model import FundTotals, IndicatorRow, Report, ReportRow
from storage.numbers import ONE_PLACE, percent_of

ZERO = Decimal(0)
# "2020-2025" (a hyphen, an en or em dash, spaces around it allowed): a range of years, as typed.
_RANGE = re.compile(r"\s*(\d{4})\s*[-\u2013\u2014]\s*(\d{4})\s*")


def year_range(text: str) -> tuple[int, int] | None:
    """The years a typed range names ("2020-2025" -> (2020, 2025); reversed ones as they are), else None."""
    match = _RANGE.fullmatch(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    plan: Decimal | None  # None: no plan set that year
    actual: Decimal | None
    financed: Decimal | None
    percent: Decimal | None
    info: str
    planned: bool


@dataclass(frozen=True, slots=True)
class TermRow:
    measure_number: str
    measure_text: str
    term: str
    executors: str
    years: tuple[YearFigures, ...]
    plan: Decimal
    actual: Decimal | None
    financed: Decimal | None
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class TermTask:
    number: str
    text: str
    rows: tuple[TermRow, ...]


@dataclass(frozen=True, slots=True)
class TermReport:
    program_name: str
    responsible_department: str
    decision_number: str
    decision_date: str
    term: str  # "2020-2025"
    years: tuple[int, ...]
    tasks: tuple[TermTask, ...]
    general_by_year: dict[int, FundTotals]
    special_by_year: dict[int, FundTotals]
    general: FundTotals
    special: FundTotals
    signatory_title: str
    signatory_name: str
    # The range asked for (``actions.reports.term_report``); the years in ``years`` are those of it with data.
    first_year: int = 0
    last_year: int = 0
    # Section 2 over the term: a row per year and the term's value (reports.indicators_section.term_value)
    indicators: tuple[IndicatorRow, ...] = ()

    @property
    def rows(self) -> list[TermRow]:
        return [row for task in self.tasks for row in task.rows]


def consolidate_term(annual: Sequence[Report]) -> TermReport:
    """Merge the annual reports of a term (any order) by measure number: tasks and measures in number
    order, each with the wording of the newest year that has it (a measure dropped earlier keeps its years)."""
    reports = sorted(annual, key=lambda r: r.year)
    if not reports:
        raise ValueError("no years")
    newest = reports[-1]
    task_texts: dict[str, str] = {}
    rows_of_task: dict[str, dict[str, dict[int, ReportRow]]] = {}
    for report in reversed(reports):  # the newest wording wins
        for task in report.tasks:
            task_texts.setdefault(task.number, task.text)
            measures = rows_of_task.setdefault(task.number, {})
            for row in task.rows:
                measures.setdefault(row.measure_number, {})[report.year] = row
    tasks = tuple(
        TermTask(
            number=number,
            text=task_texts[number],
            rows=tuple(_term_row(rows_of_task[number][m]) for m in sorted(rows_of_task[number], key=_key)),
        )
        for number in sorted(task_texts, key=_key)
    )
    general = {r.year: r.general for r in reports}
    special = {r.year: r.special for r in reports}
    return TermReport(
        program_name=newest.program_name,
        responsible_department=newest.responsible_department,
        decision_number=newest.decision_number,
        decision_date=newest.decision_date,
        term=newest.term,
        years=tuple(r.year for r in reports),
        tasks=tasks,
        general_by_year=general,
        special_by_year=special,
        general=_over_term(list(general.values())),
        special=_over_term(list(special.values())),
        signatory_title=newest.signatory_title,
        signatory_name=newest.signatory_name,
        indicators=term_indicators(reports),
    )


def _term_row(by_year: dict[int, ReportRow]) -> TermRow:
    latest = by_year[max(by_year)]
    figures = tuple(
        YearFigures(year, row.plan, row.actual, row.financed, row.percent, row.info, row.planned)
        for year, row in sorted(by_year.items())
    )
    percents = [f.percent for f in figures if f.percent is not None and f.planned]
    mean = (sum(percents, ZERO) / len(percents)).quantize(ONE_PLACE, ROUND_HALF_UP) if percents else None
    return TermRow(
        measure_number=latest.measure_number,
        measure_text=latest.measure_text,
        term=latest.term,
        executors=latest.executors,
        years=figures,
        plan=sum((f.plan or ZERO for f in figures), ZERO),
        actual=_sum([f.actual for f in figures]),
        financed=_sum([f.financed for f in figures]),
        percent=mean,
    )


def _over_term(totals: list[FundTotals]) -> FundTotals:
    plan = sum((t.plan for t in totals), ZERO)
    financed = sum((t.financed for t in totals), ZERO)
    return FundTotals(
        plan=plan,
        actual=sum((t.actual for t in totals), ZERO),
        financed=financed,
        percent=percent_of(financed, plan),
    )


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))
