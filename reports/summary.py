"""The report at a glance, as a model: completeness by department and plan vs fact by task, computed from the
consolidated report. ``reports.summary_sheet`` lays it out as the XLSX's «Підсумки» sheet; it decides nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

from reports.form import task_number_text
from reports.model import Report
from storage.deadlines import Interim
from storage.numbers import ONE_PLACE

# Departments with equal shares are listed in Ukrainian alphabetical order (Python's order puts «є», «і»,
# «ї», «ґ» after «я»).
UKRAINIAN_ALPHABET: Final = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_LETTER_ORDER: Final = {letter: 0x400 + index for index, letter in enumerate(UKRAINIAN_ALPHABET)}
_ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class DepartmentCompleteness:
    name: str
    assigned: int  # measures planned in the year where the department reported or is missing
    reported: int

    @property
    def missing(self) -> int:
        return self.assigned - self.reported

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.reported, self.assigned)


@dataclass(frozen=True, slots=True)
class TaskSums:
    number: str  # "1." as the form prints it
    text: str  # the whole task text (clipped only when written)
    plan: Decimal
    actual: Decimal
    financed: Decimal


def department_completeness(report: Report) -> list[DepartmentCompleteness]:
    """One entry per department in ``reported_by`` or ``missing`` of a planned row: the least complete first."""
    assigned: dict[str, int] = {}
    reported: dict[str, int] = {}
    for row in report.rows:
        if not row.planned:
            continue
        done = set(row.reported_by)
        for name in done.union(row.missing):
            assigned[name] = assigned.get(name, 0) + 1
        for name in done:
            reported[name] = reported.get(name, 0) + 1
    entries = [DepartmentCompleteness(name, count, reported.get(name, 0)) for name, count in assigned.items()]
    entries.sort(key=lambda e: (Fraction(e.reported, e.assigned), _name_key(e.name), e.name))
    return entries


def task_sums(report: Report) -> list[TaskSums]:
    """Plan, actual and financed summed over each task's rows, exactly (``None`` counts as 0)."""
    return [
        TaskSums(
            number=task_number_text(task.number),
            text=task.text,
            plan=sum((row.plan or _ZERO for row in task.rows), _ZERO),
            actual=sum((row.actual or _ZERO for row in task.rows), _ZERO),
            financed=sum((row.financed or _ZERO for row in task.rows), _ZERO),
        )
        for task in report.tasks
    ]


@dataclass(frozen=True, slots=True)
class Summary:
    year: int
    program_name: str
    departments: tuple[DepartmentCompleteness, ...]  # the least complete first
    tasks: tuple[TaskSums, ...]
    totals: tuple[Decimal, Decimal, Decimal]  # plan, actual, financed of both funds: the form's totals
    evidence_files: tuple[tuple[str, int], ...]  # (measure number, files) where a measure has any
    interim: Interim | None = None  # the report's interim period (its title says it); None: the year

    @property
    def assigned(self) -> int:
        return sum(d.assigned for d in self.departments)

    @property
    def reported(self) -> int:
        return sum(d.reported for d in self.departments)

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.reported, self.assigned)


def summary_of(report: Report) -> Summary:
    return Summary(
        year=report.year,
        interim=report.interim,
        program_name=report.program_name,
        departments=tuple(department_completeness(report)),
        tasks=tuple(task_sums(report)),
        totals=(
            report.general.plan + report.special.plan,
            report.general.actual + report.special.actual,
            report.general.financed + report.special.financed,
        ),
        evidence_files=tuple(report.evidence_files),
    )


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _name_key(name: str) -> tuple[int, ...]:
    return tuple(_LETTER_ORDER.get(char, ord(char)) for char in name.casefold())
