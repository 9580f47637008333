"""The city at a glance: every program's year in one line, for those who read every program (administrators
and observers: ``Actor.sees_city``).

The rules, each taken here and handed to the front end as a value:

- administrators and observers only (``require_city_reader``);
- the year shown: the one asked for, for every program; else each program's own default year
  (``actions.periods.default_year``'s rule: the newest open year, else the newest year with data, …); a program
  whose term does not hold the year asked for, or that has no year to show, says so in its line;
- measures reported of the year's planned ones: a measure is reported when none of the departments assigned to
  it still owes its report (``storage.progress``, the coordinator's /status counts);
- departments late: those that still owe reports while the year is open and its deadline has passed;
- reports waiting for review (``storage.reviews``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from actions.actor import Actor
from actions.periods import DefaultYear, Why, choose_year
from actions.rules import require_city_reader
from actions.status import PeriodState, period_state
from storage.db import Database
from storage.models import PeriodStatus, Program
from storage.periods import all_periods, newest_data_years
from storage.programs import list_departments, list_programs
from storage.progress import programs_progress
from storage.reviews import waiting_counts


@dataclass(frozen=True, slots=True)
class ProgramLine:
    """One program's year at a glance."""

    program: Program
    responsible: str  # the responsible department's short name (the program's text where it is not known)
    year: int | None  # None: no year to show (none asked for, and the program has none: ``default_year``)
    why: Why | None  # why this year, when it was not asked for
    in_term: bool  # the year lies within the program's term (a year asked for may not)
    period: PeriodState
    deadline: dt.date | None  # the year's deadline, while it is open with one
    reported: int  # measures planned in the year that no department owes any more
    measures: int  # measures planned in the year with a department assigned
    late: int  # departments owing reports after the deadline of the open year
    waiting: int  # reports waiting for review

    @property
    def complete(self) -> bool:
        return self.reported == self.measures


@dataclass(frozen=True, slots=True)
class CityStatus:
    year: int | None  # the year asked for; None: each program's own
    today: dt.date
    lines: list[ProgramLine]  # in the order the programs were loaded

    @property
    def late(self) -> int:
        return sum(line.late for line in self.lines)

    @property
    def waiting(self) -> int:
        return sum(line.waiting for line in self.lines)


async def city_status(db: Database, actor: Actor, year: int | None, today: dt.date) -> CityStatus:
    """Every program's year: its measures reported of the planned ones, departments late, reports waiting for
    review. ``year`` None: each program's default year. Refused: not an administrator or an observer.

    A few queries in all, whatever the number of programs (the same counts as each program's /status)."""
    require_city_reader(actor)
    async with db.locked() as conn:
        programs = await list_programs(conn)
        departments = {d.id: d.short_name for d in await list_departments(conn)}
        periods = await all_periods(conn)
        shown: dict[int, DefaultYear | None] = {}
        if year is not None:
            shown = {p.id: DefaultYear(year, Why.OPEN) for p in programs}
        else:
            undecided = [
                p.id
                for p in programs
                if not any(r.status is PeriodStatus.OPEN for r in periods.get(p.id, []))
            ]
            newest = await newest_data_years(conn, undecided)
            shown = {p.id: choose_year(p, periods.get(p.id, []), newest.get(p.id), today) for p in programs}
        years = {program_id: found.year for program_id, found in shown.items() if found is not None}
        progress = await programs_progress(conn, years, members=False)
        waiting = await waiting_counts(conn, years)
    lines = []
    for program in programs:
        found = shown[program.id]
        responsible = departments.get(program.responsible_department_id or 0, program.responsible_department)
        if found is None:
            lines.append(
                ProgramLine(program, responsible, None, None, False, PeriodState.NONE, None, 0, 0, 0, 0)
            )
            continue
        period = next((r for r in periods.get(program.id, []) if r.year == found.year), None)
        state = period_state(period)
        deadline = period.deadline if period is not None and state is PeriodState.OPEN else None
        entries = progress[program.id]
        assigned = {n for entry in entries for n in entry.assigned}
        owing = {n for entry in entries for n in entry.missing}
        overdue = deadline is not None and deadline < today
        lines.append(
            ProgramLine(
                program,
                responsible,
                found.year,
                None if year is not None else found.why,
                program.start_year <= found.year <= program.end_year,
                state,
                deadline,
                len(assigned - owing),
                len(assigned),
                sum(1 for entry in entries if entry.missing) if overdue else 0,
                waiting.get(program.id, 0),
            )
        )
    return CityStatus(year, today, lines)
