"""Pure consolidation: a program, its plans and its submissions -> the report's rows and totals.

Rules (the README states them too):
- the revision that counts is each department's newest one at or before the moment asked for;
- several departments on one measure: amounts are summed, percent is their mean (one decimal, half up),
  texts are joined, each under the department's short name, the lead department first;
- a totals row sums its fund's rows; its percent is financed / plan * 100 to one decimal, half up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from reports.model import FundTotals, Report, ReportRow, TaskBlock
from storage.models import Department, Fund, Measure, Program, Source, Submission, Task
from storage.numbers import ONE_PLACE, percent_of
from storage.submissions import Revision as StoredRevision
from storage.texts import clean_text

ZERO = Decimal(0)
_IMPORT = Source.IMPORT


Revision = Submission | StoredRevision  # a model, or a row as a report reads it; the same fields


def counting_revisions(
    submissions: Iterable[Revision], at: dt.datetime | None = None
) -> dict[tuple[int, int], Revision]:
    """(measure_id, department_id) -> the newest revision at or before ``at``. Newest = highest id."""
    newest: dict[tuple[int, int], Revision] = {}
    get = newest.get
    for s in submissions:
        if at is not None and s.created_at is not None and s.created_at > at:
            continue
        key = (s.measure_id, s.department_id)
        current = get(key)
        if current is None or s.id > current.id:
            newest[key] = s
    return newest


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


def consolidate_measure(
    measure: Measure,
    plan: Decimal | None,
    revisions: Mapping[int, Revision],
    departments: Mapping[int, Department],
    year: int,
    names: Mapping[int, str] | None = None,
) -> ReportRow:
    """``revisions``: department id -> the revision that counts, for this measure only; ``names``:
    department id -> short name, when the caller has them at hand."""
    if names is None:
        names = {i: d.short_name for i, d in departments.items()}
    assigned = measure.department_ids()
    if revisions.keys() <= set(assigned):
        order = assigned
    else:
        # A revision from a department no longer assigned still counts: it was reported, so it is shown last.
        order = [*assigned, *sorted(set(revisions) - set(assigned))]
    # One pass over the revisions for whose they are, the texts, the percents and the sums (a measure's row is
    # built 2,000 times for a large program's report: the loop costs a third of what a generator per column did).
    reporters: list[str] = []  # the short names of the departments whose revisions are in the row, in order
    texts: list[str] = []
    percents: list[Decimal] = []
    actual = financed = ZERO
    any_actual = any_financed = imported = False
    for department in order:
        s = revisions.get(department)
        if s is None:
            continue
        name = names.get(department)
        reporters.append(str(department) if name is None else name)
        if s.source is _IMPORT:
            imported = True
        texts.append(clean_text(s.info))
        if s.percent is not None:
            percents.append(s.percent)
        # A fund's two amounts summed where either was given (a revision's spending: general + special).
        general, special = s.actual, s.actual_special
        if general is not None or special is not None:
            actual += (general or ZERO) + (special or ZERO)
            any_actual = True
        general, special = s.financed, s.financed_special
        if general is not None or special is not None:
            financed += (general or ZERO) + (special or ZERO)
            any_financed = True
    if len(reporters) > 1:  # each text under its department's short name
        info = "\n".join(f"{who}: {text}" for who, text in zip(reporters, texts, strict=True) if text)
    else:
        info = texts[0] if texts else ""
    if len(percents) > 1:
        percent: Decimal | None = (sum(percents, ZERO) / len(percents)).quantize(ONE_PLACE, ROUND_HALF_UP)
    else:
        percent = percents[0] if percents else None
    # ``reports_for`` of every department at once: its own revision, or any imported one, covers it.
    if imported:
        reported_by = tuple(str(d) if (n := names.get(d)) is None else n for d in order)
        missing: tuple[str, ...] = ()
    else:
        reported_by = tuple(reporters)
        missing = tuple(str(d) if (n := names.get(d)) is None else n for d in assigned if d not in revisions)
    return ReportRow(
        measure_number=measure.number,
        measure_text=measure.text,
        term=measure.term,
        executors=measure.executors_text,
        plan=plan,
        actual=actual if any_actual else None,
        financed=financed if any_financed else None,
        percent=percent,
        info=info,
        planned=measure.planned_in(year),
        # Whose report the row holds: a department's own revision, or an imported one for every executor.
        reported_by=reported_by,
        missing=missing,
    )


def consolidate(
    program: Program,
    tasks: Iterable[Task],
    measures: Iterable[Measure],
    departments: Mapping[int, Department],
    plans: Mapping[tuple[int, Fund], Decimal],
    submissions: Iterable[Revision],
    year: int,
    at: dt.datetime | None = None,
) -> Report:
    revisions = counting_revisions((s for s in submissions if s.year == year), at)
    names = {i: d.short_name for i, d in departments.items()}
    by_measure: dict[int, dict[int, Revision]] = {}
    for (measure_id, department_id), revision in revisions.items():
        by_measure.setdefault(measure_id, {})[department_id] = revision
    by_task: dict[int, list[Measure]] = {}
    for measure in measures:
        by_task.setdefault(measure.task_id, []).append(measure)

    blocks: list[TaskBlock] = []
    for task in tasks:
        rows = tuple(
            consolidate_measure(
                m,
                _plan(plans, m.id),
                by_measure.get(m.id, {}),
                departments,
                year,
                names,
            )
            for m in sorted(by_task.get(task.id, []), key=lambda m: m.position)
        )
        if rows:
            blocks.append(TaskBlock(number=task.number, text=task.text, rows=rows))

    counted = list(revisions.values())
    general = _fund_totals(
        sum((v for (_, f), v in plans.items() if f is Fund.GENERAL), ZERO),
        [s.actual for s in counted],
        [s.financed for s in counted],
    )
    special = _fund_totals(
        sum((v for (_, f), v in plans.items() if f is Fund.SPECIAL), ZERO),
        [s.actual_special for s in counted],
        [s.financed_special for s in counted],
    )
    return Report(
        program_name=program.name,
        responsible_department=program.responsible_department,
        year=year,
        decision_number=program.decision_number,
        decision_date=program.decision_date.strftime("%d.%m.%Y"),
        term=f"{program.start_year}-{program.end_year}",
        tasks=tuple(blocks),
        general=general,
        special=special,
        signatory_title=program.signatory_title,
        signatory_name=program.signatory_name,
    )


def _plan(plans: Mapping[tuple[int, Fund], Decimal], measure_id: int) -> Decimal | None:
    """The measure's plan over both funds; None when neither has one (the year's plans are not set)."""
    general, special = plans.get((measure_id, Fund.GENERAL)), plans.get((measure_id, Fund.SPECIAL))
    if general is None and special is None:
        return None
    return (general or ZERO) + (special or ZERO)


def _fund_totals(plan: Decimal, actual: list[Decimal | None], financed: list[Decimal | None]) -> FundTotals:
    financed_total = _sum(financed) or ZERO
    return FundTotals(
        plan=plan,
        actual=_sum(actual) or ZERO,
        financed=financed_total,
        percent=percent_of(financed_total, plan),
    )
