"""How far each department is with a program's year: the coordinator's view of who still owes what."""

from __future__ import annotations

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
    fetched = await conn.execute_fetchall(
        f"""SELECT m.id, m.number, m.term, md.department_id, {has_counting("m.id", "?", "md.department_id")}
           FROM measures m
           JOIN tasks t ON t.id = m.task_id
           JOIN measure_departments md ON md.measure_id = m.id
           WHERE m.program_id = ? AND {in_force_sql("?")} ORDER BY t.position, m.position""",
        (year, year, program_id, year, year),
    )
    links = fetched
    fetched = await conn.execute_fetchall(
        """SELECT DISTINCT d.measure_id, d.department_id FROM drafts d JOIN measures m ON m.id = d.measure_id
           WHERE m.program_id = ? AND d.year = ? AND d.started""",
        (program_id, year),
    )
    drafted = {(r[0], r[1]) for r in fetched}
    departments = {d.id: d for d in await list_departments(conn)}
    progress: dict[int, DepartmentProgress] = {}
    for measure_id, number, term, department_id, reported in links:
        if year not in parse_term(term):
            continue
        entry = progress.setdefault(department_id, DepartmentProgress(departments[department_id]))
        entry.assigned.append(number)
        if reported:
            entry.reported.append(number)
        elif (measure_id, department_id) in drafted:
            entry.drafts.append(number)
    for department_id, entry in progress.items():
        entry.members = await department_members(conn, department_id)
    return sorted(
        progress.values(),
        key=lambda p: (len(p.reported) / len(p.assigned) if p.assigned else 1, p.department.short_name),
    )
