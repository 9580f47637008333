"""How far each department is with a program's year: the coordinator's view of who still owes what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import aiosqlite

from storage.measure_terms import in_force_sql, parse_term
from storage.members import Member, department_members
from storage.models import Department
from storage.programs import list_departments
from storage.submissions import has_counting


@dataclass
class DepartmentProgress:
    department: Department
    assigned: list[str] = field(default_factory=list)  # measure numbers planned this year, program order
    reported: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # not reported yet, but someone has started
    members: list[Member] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        done = set(self.reported)
        return [n for n in self.assigned if n not in done]

    @property
    def complete(self) -> bool:
        return not self.missing


async def program_progress(
    conn: aiosqlite.Connection, program_id: int, year: int
) -> list[DepartmentProgress]:
    """Every department assigned to a measure planned in ``year``, the least complete first."""
    return (await programs_progress(conn, {program_id: year}))[program_id]


def chosen_years(years: Mapping[int, int]) -> tuple[str, list[int]]:
    """SQL: a common table ``chosen(program_id, year)`` of the programs asked for, each with its year; its
    parameters."""
    values = ", ".join("(?, ?)" for _ in years)
    return f"chosen(program_id, year) AS (VALUES {values})", [v for item in years.items() for v in item]


async def programs_progress(
    conn: aiosqlite.Connection, years: Mapping[int, int], *, members: bool = True
) -> dict[int, list[DepartmentProgress]]:
    """``program_progress`` of several programs at once, each in its own year (program id -> year), in the same
    few queries whatever their number (the city at a glance); ``members=False``: without the departments'
    members (left empty)."""
    if not years:
        return {}
    chosen, params = chosen_years(years)
    fetched = await conn.execute_fetchall(
        f"""WITH {chosen}
           SELECT m.program_id, m.id, m.number, m.term, md.department_id, ch.year,
                  {has_counting("m.id", "ch.year", "md.department_id")}
           FROM chosen ch
           JOIN measures m ON m.program_id = ch.program_id
           JOIN tasks t ON t.id = m.task_id
           JOIN measure_departments md ON md.measure_id = m.id
           WHERE {in_force_sql("ch.year")} ORDER BY m.program_id, t.position, m.position""",
        params,
    )
    links = fetched
    fetched = await conn.execute_fetchall(
        f"""WITH {chosen}
           SELECT DISTINCT d.measure_id, d.department_id FROM chosen ch
           JOIN measures m ON m.program_id = ch.program_id
           JOIN drafts d ON d.measure_id = m.id AND d.year = ch.year
           WHERE d.started""",
        params,
    )
    drafted = {(r[0], r[1]) for r in fetched}
    departments = {d.id: d for d in await list_departments(conn)}
    found: dict[int, dict[int, DepartmentProgress]] = {program_id: {} for program_id in years}
    for program_id, measure_id, number, term, department_id, year, reported in links:
        if year not in parse_term(term):
            continue
        progress = found[program_id]
        entry = progress.setdefault(department_id, DepartmentProgress(departments[department_id]))
        entry.assigned.append(number)
        if reported:
            entry.reported.append(number)
        elif (measure_id, department_id) in drafted:
            entry.drafts.append(number)
    if members:
        people: dict[int, list[Member]] = {}
        for progress in found.values():
            for department_id, entry in progress.items():
                if department_id not in people:
                    people[department_id] = await department_members(conn, department_id)
                entry.members = list(people[department_id])
    return {
        program_id: sorted(
            progress.values(),
            key=lambda p: (len(p.reported) / len(p.assigned) if p.assigned else 1, p.department.short_name),
        )
        for program_id, progress in found.items()
    }
