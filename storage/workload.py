"""What a department owes: its measures in the open reporting years, each with a status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import aiosqlite

from storage.measure_terms import in_force_sql, parse_term
from storage.reviews import returned_sql
from storage.submissions import has_counting
from storage.texts import is_blank


class Status(StrEnum):
    REPORTED = "reported"
    DRAFT = "draft"
    WAITING = "waiting"
    NOT_PLANNED = "not_planned"


@dataclass(frozen=True)
class WorkItem:
    measure_id: int
    department_id: int
    program_id: int
    year: int
    number: str
    text: str
    term: str
    deadline: dt.date | None
    status: Status
    program_name: str = ""  # the program's name as printed (a department may execute several programs)

    @property
    def planned(self) -> bool:
        return self.status is not Status.NOT_PLANNED


def item_status(planned: bool, reported: bool, drafted: bool) -> Status:
    """A draft in progress shows even over a reported measure: the user is changing it."""
    if drafted:
        return Status.DRAFT
    if reported:
        return Status.REPORTED
    return Status.WAITING if planned else Status.NOT_PLANNED


# The department's programs that have an open period, as a leapfrog join of two sorted indexes: the
# department's programs (its links by program, migration 23) and the open programs (reporting_periods by
# status). Each step seeks the one behind to the other's program or past it; a row with d = o is a program of
# both. It takes about twice as many seeks as the smaller of the two has programs: an oblast's thousands of
# open programs cost a city department its own few dozen, a department's years of locked programs cost the
# one open program nothing. A step's columns read only the step before (a CASE runs only its branch's seek).
_OPEN_PROGRAMS_OF = """leap (d, o) AS (
    SELECT (SELECT MIN(x.program_id) FROM measure_departments x WHERE x.department_id = :department),
           (SELECT MIN(r.program_id) FROM reporting_periods r WHERE r.status = 'open')
    UNION ALL
    SELECT CASE WHEN leap.d < leap.o THEN (SELECT MIN(x.program_id) FROM measure_departments x
                                           WHERE x.department_id = :department AND x.program_id >= leap.o)
                WHEN leap.d = leap.o THEN (SELECT MIN(x.program_id) FROM measure_departments x
                                           WHERE x.department_id = :department AND x.program_id > leap.d)
                ELSE leap.d END,
           CASE WHEN leap.o < leap.d THEN (SELECT MIN(r.program_id) FROM reporting_periods r
                                           WHERE r.status = 'open' AND r.program_id >= leap.d)
                WHEN leap.o = leap.d THEN (SELECT MIN(r.program_id) FROM reporting_periods r
                                           WHERE r.status = 'open' AND r.program_id > leap.o)
                ELSE leap.o END
    FROM leap WHERE leap.d IS NOT NULL AND leap.o IS NOT NULL
)"""


async def open_programs(conn: aiosqlite.Connection, department_id: int) -> list[int]:
    """The programs the department executes that have an open period, in the list's order (a few seeks
    each: ``_OPEN_PROGRAMS_OF``)."""
    fetched = await conn.execute_fetchall(
        f"WITH RECURSIVE {_OPEN_PROGRAMS_OF} SELECT d FROM leap WHERE d = o", {"department": department_id}
    )
    return [r[0] for r in fetched]


async def program_of(conn: aiosqlite.Connection, measure_id: int) -> int | None:
    fetched = await conn.execute_fetchall("SELECT program_id FROM measures WHERE id = ?", (measure_id,))
    return fetched[0][0] if fetched else None


async def worklist(
    conn: aiosqlite.Connection, department_id: int, user_id: int | None, program_id: int | None = None
) -> list[WorkItem]:
    """The department's measures in every open period of every program it executes: by program (in the
    order they were loaded), then year, then in the order of the program. ``program_id``: of that program
    only (its rows of the whole list, a seek each: what the next measure after a report looks through)."""
    programs = _OPEN_PROGRAMS_OF if program_id is None else "leap (d, o) AS (SELECT :program, :program)"
    fetched = await conn.execute_fetchall(
        f"""WITH RECURSIVE {programs}
           SELECT m.id, m.program_id, rp.year, m.number, m.text, m.term, rp.deadline,
                  (SELECT p.name FROM programs p WHERE p.id = rp.program_id),
                  {has_counting("m.id", "rp.year", "md.department_id")},
                  EXISTS (SELECT 1 FROM drafts d WHERE d.user_id = :user AND d.measure_id = m.id
                          AND d.department_id = md.department_id AND d.year = rp.year AND d.started),
                  -- a report the coordinator returned is owed again (storage.reviews)
                  {returned_sql("m.id", "rp.year", "md.department_id")}
           -- CROSS JOIN fixes the order: from the department's open programs (leap) to their open periods to
           -- the department's links of each (migration 23: the link carries its program) to their measures, a
           -- seek each, so the list costs the rows it shows: never the other departments' or the other open
           -- programs' measures, nor the department's own of its programs whose years are locked (issue 23).
           -- The programs as an IN list, not a join of the CTE: after ANALYZE, SQLite guessed that a joined CTE
           -- has many rows and built Bloom filters over every open period and every link of the database
           -- first (an oblast: 656,000 steps instead of 50,000).
           FROM reporting_periods rp
           CROSS JOIN measure_departments md ON md.department_id = :department AND md.program_id = rp.program_id
           CROSS JOIN measures m ON m.id = md.measure_id
           CROSS JOIN tasks t ON t.id = m.task_id
           WHERE rp.status = 'open' AND rp.program_id IN (SELECT d FROM leap WHERE d = o)
           AND {in_force_sql("rp.year")}
           ORDER BY m.program_id, rp.year, t.position, m.position""",
        {"user": user_id, "department": department_id, "program": program_id},  # a NULL user has no drafts
    )
    items = []
    for (
        measure_id,
        program_id,
        year,
        number,
        text,
        term,
        deadline,
        program,
        reported,
        drafted,
        returned,
    ) in fetched:
        counted = bool(reported) and not returned
        status = item_status(year in parse_term(term), counted, bool(drafted))
        items.append(
            WorkItem(
                measure_id=measure_id,
                department_id=department_id,
                program_id=program_id,
                year=year,
                number=number,
                text=text,
                term=term,
                deadline=dt.date.fromisoformat(deadline) if deadline else None,
                status=status,
                program_name=program,
            )
        )
    return items


@dataclass(frozen=True)
class MeasureView:
    """What the reporting conversation shows about one measure for one department and year."""

    measure_id: int
    program_id: int
    number: str
    text: str
    term: str
    department_short_name: str
    assigned: bool  # the department is one of the measure's executors
    period_status: str | None  # None: the year was never opened for this program
    plan_general: Decimal | None  # None: no plan set for the year in this fund (not the same as 0)
    plan_special: Decimal | None
    last_year_info: str | None
    index: int  # the measure's place among the department's measures of the program, from 1
    total: int
    in_force: bool = (
        True  # False: not part of the program in the year (retired or not yet added by an amendment)
    )
    program_name: str = ""  # the measure's program, as printed
    several_programs: bool = False  # the database holds other programs too (the card names this one)

    @property
    def plan(self) -> Decimal | None:
        """Both funds together; None while neither has a plan for the year."""
        if self.plan_general is None and self.plan_special is None:
            return None
        return (self.plan_general or Decimal(0)) + (self.plan_special or Decimal(0))


async def measure_view(
    conn: aiosqlite.Connection, measure_id: int, department_id: int, year: int
) -> MeasureView | None:
    """One query instead of six: this runs every time someone opens a measure."""
    fetched = await conn.execute_fetchall(
        f"""SELECT m.id, m.program_id, m.number, m.text, m.term, d.short_name,
                  (SELECT COUNT(*) FROM measure_departments x WHERE x.measure_id = m.id AND x.department_id = d.id),
                  (SELECT rp.status FROM reporting_periods rp WHERE rp.program_id = m.program_id AND rp.year = ?),
                  (SELECT p.amount FROM plans p WHERE p.measure_id = m.id AND p.year = ? AND p.fund = 'general'),
                  (SELECT p.amount FROM plans p WHERE p.measure_id = m.id AND p.year = ? AND p.fund = 'special'),
                  COALESCE(
                      (SELECT s.info FROM submissions s WHERE s.measure_id = m.id AND s.year = ?
                           AND s.department_id = d.id ORDER BY s.id DESC LIMIT 1),
                      -- else what the published report said (see storage.submissions.counts_for)
                      (SELECT s.info FROM submissions s WHERE s.measure_id = m.id AND s.year = ?
                           AND s.source = 'import' ORDER BY s.id DESC LIMIT 1)),
                  -- CROSS JOIN: through the program's measures, not every link the department ever had
                  (SELECT COUNT(*) FROM measures m2
                       CROSS JOIN measure_departments md2 ON md2.measure_id = m2.id AND md2.department_id = d.id
                       JOIN tasks t2 ON t2.id = m2.task_id
                       WHERE m2.program_id = m.program_id
                       AND {in_force_sql("?", "m2")}
                       AND (t2.position < t.position OR (t2.position = t.position AND m2.position <= m.position))),
                  (SELECT COUNT(*) FROM measures m3
                       CROSS JOIN measure_departments md3 ON md3.measure_id = m3.id AND md3.department_id = d.id
                       WHERE m3.program_id = m.program_id AND {in_force_sql("?", "m3")}),
                  {in_force_sql("?")},
                  (SELECT p.name FROM programs p WHERE p.id = m.program_id),
                  EXISTS (SELECT 1 FROM programs o WHERE o.id != m.program_id)
           FROM measures m JOIN tasks t ON t.id = m.task_id, departments d
           WHERE m.id = ? AND d.id = ?""",
        (year, year, year, year - 1, year - 1, year, year, year, year, year, year, measure_id, department_id),
    )
    if not fetched:
        return None
    r = fetched[0]
    last = None if r[10] is None or is_blank(r[10]) else r[10]
    return MeasureView(
        measure_id=r[0],
        program_id=r[1],
        number=r[2],
        text=r[3],
        term=r[4],
        department_short_name=r[5],
        assigned=bool(r[6]),
        period_status=r[7],
        plan_general=None if r[8] is None else Decimal(r[8]),
        plan_special=None if r[9] is None else Decimal(r[9]),
        last_year_info=last,
        index=r[11],
        total=r[12],
        in_force=bool(r[13]),
        program_name=r[14],
        several_programs=bool(r[15]),
    )
