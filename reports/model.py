"""The consolidated report as plain data: what the writer lays out, with nothing left to compute."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from storage.deadlines import Interim


@dataclass(frozen=True, slots=True)
class ReportRow:
    measure_number: str  # "1.1", "2.10"
    measure_text: str
    term: str
    executors: str
    plan: Decimal | None  # None: no plan is set for the year (not the same as 0,0)
    actual: Decimal | None  # None: nobody reported yet
    financed: Decimal | None
    percent: Decimal | None
    info: str
    planned: bool = True  # False: the measure's term does not include the year
    reported_by: tuple[str, ...] = ()  # short names of departments whose submissions are in the row
    missing: tuple[str, ...] = ()  # short names of assigned departments that have not reported


@dataclass(frozen=True, slots=True)
class TaskBlock:
    number: str  # "1"
    text: str
    rows: tuple[ReportRow, ...]


@dataclass(frozen=True, slots=True)
class FundTotals:
    plan: Decimal
    actual: Decimal
    financed: Decimal
    percent: Decimal | None  # financed / plan * 100, one decimal; None when the plan is zero


@dataclass(frozen=True, slots=True)
class Report:
    program_name: str  # "цільова соціальна програми «...» на 2020-2025 роки"
    responsible_department: str
    year: int
    decision_number: str  # "1688"
    decision_date: str  # "18.12.2019"
    term: str  # "2020-2025"
    tasks: tuple[TaskBlock, ...]
    general: FundTotals
    special: FundTotals
    signatory_title: str
    signatory_name: str
    # (measure number, how many evidence files its departments attached for the year), where any
    evidence_files: tuple[tuple[str, int], ...] = ()
    # An interim report (a quarter, H1, 9M of ``year``): its title says so and the date its figures stand
    # at (``storage.deadlines.as_of_date``); None: the annual report
    interim: Interim | None = None

    @property
    def rows(self) -> list[ReportRow]:
        return [row for task in self.tasks for row in task.rows]
