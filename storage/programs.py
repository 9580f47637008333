"""Repository functions for departments, programs, tasks, measures and plans."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import aiosqlite

from storage.db import iso
from storage.models import (
    Department,
    Fund,
    Measure,
    MeasureDepartment,
    NewDepartment,
    NewMeasure,
    NewProgram,
    NewTask,
    Program,
    Source,
    Task,
)
from storage.plans import PlanKey, apply_plans


@dataclass(frozen=True)
class ProgramTree:
    """A program with everything that does not change from year to year."""

    program: Program
    tasks: tuple[Task, ...]
    measures: tuple[Measure, ...]
    departments: dict[int, Department]

    def measures_of(self, task_id: int) -> list[Measure]:
        return [m for m in self.measures if m.task_id == task_id]

    def measure_by_number(self, number: str) -> Measure | None:
        return next((m for m in self.measures if m.number == number), None)

    def in_force(self, year: int) -> list[Measure]:
        """The measures that are part of the program in ``year``: those retired by then are left out."""
        return [m for m in self.measures if m.in_force(year)]


# --- departments ---------------------------------------------------------------------------------


async def upsert_department(conn: aiosqlite.Connection, department: NewDepartment) -> int:
    fetched = await conn.execute_fetchall(
        """INSERT INTO departments (code, name, short_name) VALUES (?, ?, ?)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name
           RETURNING id""",
        (department.code, department.name, department.short_name),
    )
    row = fetched[0] if fetched else None
    assert row is not None
    department_id = int(row[0])
    await conn.execute("DELETE FROM department_aliases WHERE department_id = ?", (department_id,))
    await conn.executemany(
        "INSERT INTO department_aliases (department_id, alias) VALUES (?, ?)",
        [(department_id, alias) for alias in dict.fromkeys(department.aliases)],
    )
    return department_id


async def list_departments(conn: aiosqlite.Connection) -> list[Department]:
    aliases: dict[int, list[str]] = defaultdict(list)
    fetched = await conn.execute_fetchall(
        "SELECT department_id, alias FROM department_aliases ORDER BY alias"
    )
    for row in fetched:
        aliases[row[0]].append(row[1])
    fetched = await conn.execute_fetchall("SELECT id, code, name, short_name FROM departments ORDER BY name")
    rows = fetched
    return [
        Department(id=r[0], code=r[1], name=r[2], short_name=r[3], aliases=tuple(aliases[r[0]])) for r in rows
    ]


async def get_department(conn: aiosqlite.Connection, department_id: int) -> Department | None:
    fetched = await conn.execute_fetchall(
        "SELECT id, code, name, short_name FROM departments WHERE id = ?", (department_id,)
    )
    row = fetched[0] if fetched else None
    return None if row is None else Department(id=row[0], code=row[1], name=row[2], short_name=row[3])


async def department_programs(conn: aiosqlite.Connection, department_id: int) -> frozenset[int]:
    """The programs a department works in: executing a measure of it (ever), or responsible for it."""
    fetched = await conn.execute_fetchall(
        """SELECT m.program_id FROM measure_departments md JOIN measures m ON m.id = md.measure_id
           WHERE md.department_id = ?
           UNION SELECT id FROM programs WHERE responsible_department_id = ?""",
        (department_id, department_id),
    )
    return frozenset(int(r[0]) for r in fetched)


async def programs_departments(conn: aiosqlite.Connection, program_ids: frozenset[int]) -> frozenset[int]:
    """The departments working in any of the programs (``department_programs`` the other way round)."""
    wanted = sorted(program_ids)
    if not wanted:
        return frozenset()
    marks = ",".join("?" * len(wanted))
    fetched = await conn.execute_fetchall(
        f"""SELECT md.department_id FROM measure_departments md JOIN measures m ON m.id = md.measure_id
            WHERE m.program_id IN ({marks})
            UNION SELECT responsible_department_id FROM programs
            WHERE id IN ({marks}) AND responsible_department_id IS NOT NULL""",
        (*wanted, *wanted),
    )
    return frozenset(int(r[0]) for r in fetched)


# --- programs ------------------------------------------------------------------------------------

_PROGRAM_COLUMNS = (
    "id, name, decision_number, decision_date, start_year, end_year, responsible_department, "
    "responsible_department_id, signatory_title, signatory_name"
)


def _program(row: aiosqlite.Row) -> Program:
    return Program(
        id=row[0],
        name=row[1],
        decision_number=row[2],
        decision_date=dt.date.fromisoformat(row[3]),
        start_year=row[4],
        end_year=row[5],
        responsible_department=row[6],
        responsible_department_id=row[7],
        signatory_title=row[8],
        signatory_name=row[9],
    )


async def list_programs(conn: aiosqlite.Connection) -> list[Program]:
    fetched = await conn.execute_fetchall(f"SELECT {_PROGRAM_COLUMNS} FROM programs ORDER BY id")
    return [_program(r) for r in fetched]


async def get_program(conn: aiosqlite.Connection, program_id: int) -> Program | None:
    fetched = await conn.execute_fetchall(
        f"SELECT {_PROGRAM_COLUMNS} FROM programs WHERE id = ?", (program_id,)
    )
    row = fetched[0] if fetched else None
    return None if row is None else _program(row)


async def find_program(conn: aiosqlite.Connection, name: str, decision_number: str) -> int | None:
    """The id of the program with this name and decision (as ``upsert_program`` identifies it), if loaded."""
    fetched = await conn.execute_fetchall(
        "SELECT id FROM programs WHERE name = ? AND decision_number = ?", (name, decision_number)
    )
    return int(fetched[0][0]) if fetched else None


async def upsert_program(conn: aiosqlite.Connection, program: NewProgram) -> int:
    """Programs are identified by name and decision number: re-importing updates, never duplicates."""
    fetched = await conn.execute_fetchall(
        """INSERT INTO programs (name, decision_number, decision_date, start_year, end_year,
               responsible_department, responsible_department_id, signatory_title, signatory_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (name, decision_number) DO UPDATE SET
               decision_date = excluded.decision_date, start_year = excluded.start_year,
               end_year = excluded.end_year, responsible_department = excluded.responsible_department,
               responsible_department_id = excluded.responsible_department_id,
               signatory_title = excluded.signatory_title, signatory_name = excluded.signatory_name
           RETURNING id""",
        (
            program.name,
            program.decision_number,
            program.decision_date.isoformat(),
            program.start_year,
            program.end_year,
            program.responsible_department,
            program.responsible_department_id,
            program.signatory_title,
            program.signatory_name,
        ),
    )
    row = fetched[0] if fetched else None
    assert row is not None
    return int(row[0])


async def upsert_task(conn: aiosqlite.Connection, program_id: int, task: NewTask) -> int:
    fetched = await conn.execute_fetchall(
        """INSERT INTO tasks (program_id, number, text, position) VALUES (?, ?, ?, ?)
           ON CONFLICT (program_id, number) DO UPDATE SET text = excluded.text, position = excluded.position
           RETURNING id""",
        (program_id, task.number, task.text, task.position),
    )
    row = fetched[0] if fetched else None
    assert row is not None
    return int(row[0])


async def upsert_measure(
    conn: aiosqlite.Connection, program_id: int, task_id: int, measure: NewMeasure
) -> int:
    fetched = await conn.execute_fetchall(
        """INSERT INTO measures (program_id, task_id, number, text, term, executors_text, position)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (program_id, number) DO UPDATE SET
               task_id = excluded.task_id, text = excluded.text, term = excluded.term,
               executors_text = excluded.executors_text, position = excluded.position
           RETURNING id""",
        (
            program_id,
            task_id,
            measure.number,
            measure.text,
            measure.term,
            measure.executors_text,
            measure.position,
        ),
    )
    row = fetched[0] if fetched else None
    assert row is not None
    measure_id = int(row[0])
    await conn.execute("DELETE FROM measure_departments WHERE measure_id = ?", (measure_id,))
    await conn.executemany(
        """INSERT INTO measure_departments (measure_id, department_id, is_lead, position, program_id)
           VALUES (?, ?, ?, ?, ?)""",
        [
            (measure_id, d.department_id, int(d.is_lead), i, program_id)
            for i, d in enumerate(measure.departments)
        ],
    )
    return measure_id


async def keep_wording(conn: aiosqlite.Connection, measure: Measure, year: int) -> None:
    """Record how ``measure`` reads now as its wording before ``year``, when an amendment taking effect in
    ``year`` is about to change it. A wording already kept for that year stays (it is the older one)."""
    await conn.execute(
        """INSERT INTO measure_versions (measure_id, until_year, number, text, term, executors_text, departments)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (measure_id, until_year) DO NOTHING""",
        (
            measure.id,
            year,
            measure.number,
            measure.text,
            measure.term,
            measure.executors_text,
            json.dumps([[d.department_id, d.is_lead] for d in measure.departments]),
        ),
    )


async def renumber_measure(conn: aiosqlite.Connection, measure_id: int, number: str) -> None:
    """An amendment gave the measure a new number: the same row, so its submissions and plans stay."""
    await conn.execute("UPDATE measures SET number = ? WHERE id = ?", (number, measure_id))


async def retire_measure(conn: aiosqlite.Connection, measure_id: int, year: int) -> bool:
    """An amendment dropped the measure from ``year`` on: it stays, with its history, in earlier years.
    An earlier retirement stands. True when something changed."""
    cursor = await conn.execute(
        "UPDATE measures SET retired_from = ? WHERE id = ? AND (retired_from IS NULL OR retired_from > ?)",
        (year, measure_id, year),
    )
    return cursor.rowcount > 0


async def add_measure_from(conn: aiosqlite.Connection, measure_id: int, year: int) -> None:
    """An amendment added the measure in ``year``: it is not part of the program's earlier years."""
    await conn.execute("UPDATE measures SET added_from = ? WHERE id = ?", (year, measure_id))


async def restore_measure(conn: aiosqlite.Connection, measure_id: int, year: int) -> None:
    """The measure is in the program's file for ``year``: a retirement from ``year`` or earlier ends (one
    from a later year stands: an older year's report says nothing about it), and it is part of the program
    since ``year`` at the latest."""
    await conn.execute(
        """UPDATE measures SET
               retired_from = CASE WHEN retired_from <= ? THEN NULL ELSE retired_from END,
               added_from = CASE WHEN added_from > ? THEN ? ELSE added_from END
           WHERE id = ?""",
        (year, year, year, measure_id),
    )


async def set_plan(
    conn: aiosqlite.Connection, measure_id: int, year: int, fund: Fund, amount: Decimal
) -> None:
    """A plan read from a published report: recorded in the plan's history as imported."""
    await apply_plans(conn, {PlanKey(measure_id, year, fund): amount}, author_id=None, source=Source.IMPORT)


async def load_program(
    conn: aiosqlite.Connection, program_id: int, year: int | None = None
) -> ProgramTree | None:
    """The program as it reads now, or, with ``year``, as it read in that year: a measure amended since
    shows its number, text, term and executors of then (measure_versions)."""
    program = await get_program(conn, program_id)
    if program is None:
        return None
    fetched = await conn.execute_fetchall(
        "SELECT id, number, text, position FROM tasks WHERE program_id = ? ORDER BY position", (program_id,)
    )
    tasks = tuple(
        Task(id=r[0], program_id=program_id, number=r[1], text=r[2], position=r[3]) for r in fetched
    )
    # A link is a frozen model: the few distinct ones (a department, lead or not) are made once and shared.
    link = _Links()
    links: dict[int, list[MeasureDepartment]] = defaultdict(list)
    fetched = await conn.execute_fetchall(
        """SELECT md.measure_id, md.department_id, md.is_lead FROM measure_departments md
           JOIN measures m ON m.id = md.measure_id WHERE m.program_id = ? ORDER BY md.measure_id, md.position""",
        (program_id,),
    )
    for r in fetched:
        links[r[0]].append(link[r[1], bool(r[2])])
    task_order = {t.id: t.position for t in tasks}
    fetched = await conn.execute_fetchall(
        """SELECT id, task_id, number, text, term, executors_text, position, retired_from, added_from FROM measures
           WHERE program_id = ?""",
        (program_id,),
    )
    # Validated from a dict: pydantic-core does it in half the time ``model_construct``'s Python takes (2.5 µs a
    # measure against 6.3 with pydantic 2.14: 2,000 measures, 7 ms less), its links passed as the models they are.
    validate = Measure.model_validate
    measures = tuple(
        sorted(
            (
                validate(
                    {
                        "id": r[0],
                        "program_id": program_id,
                        "task_id": r[1],
                        "number": r[2],
                        "text": r[3],
                        "term": r[4],
                        "executors_text": r[5],
                        "position": r[6],
                        "departments": tuple(links[r[0]]),
                        "retired_from": r[7],
                        "added_from": r[8],
                    }
                )
                for r in fetched
            ),
            key=lambda m: (task_order.get(m.task_id, 0), m.position),
        )
    )
    if year is not None:
        fetched = await conn.execute_fetchall(
            """SELECT v.measure_id, v.number, v.text, v.term, v.executors_text, v.departments
               FROM measure_versions v
               JOIN measures m ON m.id = v.measure_id
               WHERE m.program_id = ? AND v.until_year > ? ORDER BY v.until_year DESC""",
            (program_id, year),
        )
        then = {r[0]: r for r in fetched}  # the earliest version after ``year`` wins (it comes last)
        measures = tuple(
            m.model_copy(
                update={
                    "number": v[1],
                    "text": v[2],
                    "term": v[3],
                    "executors_text": v[4],
                    "departments": tuple(link[d, bool(lead)] for d, lead in json.loads(v[5])),
                }
            )
            if (v := then.get(m.id))
            else m
            for m in measures
        )
    departments = {d.id: d for d in await list_departments(conn)}
    return ProgramTree(program=program, tasks=tasks, measures=measures, departments=departments)


class _Links(dict[tuple[int, bool], MeasureDepartment]):
    """(department id, lead) -> its link, made on first use."""

    def __missing__(self, key: tuple[int, bool]) -> MeasureDepartment:
        made = self[key] = MeasureDepartment(department_id=key[0], is_lead=key[1])
        return made


async def load_plans(
    conn: aiosqlite.Connection, program_id: int, year: int, at: dt.datetime | None = None
) -> dict[tuple[int, Fund], Decimal]:
    """The year's plans per (measure, fund): those in force, or with ``at`` those in force at that moment
    (each plan's newest revision at or before it; a plan removed or not yet set then is absent)."""
    if at is None:
        fetched = await conn.execute_fetchall(
            """SELECT p.measure_id, p.fund, p.amount FROM plans p JOIN measures m ON m.id = p.measure_id
               WHERE m.program_id = ? AND p.year = ?""",
            (program_id, year),
        )
    else:
        fetched = await conn.execute_fetchall(PLANS_AT, {"program": program_id, "year": year, "at": iso(at)})
    return {(r[0], Fund(r[1])): Decimal(r[2]) for r in fetched if r[2] is not None}


# load_plans at a moment: per measure and fund one seek in plan_revisions_by_measure (measure_id, year, id),
# newest first, to the newest revision at or before :at; its new amount (NULL: removed) is the plan then.
PLANS_AT = f"""
    SELECT m.id, f.fund, (
        SELECT r.new_amount FROM plan_revisions r
        WHERE r.measure_id = m.id AND r.year = :year AND r.fund = f.fund AND r.created_at <= :at
        ORDER BY r.id DESC LIMIT 1)
    FROM measures m, ({" UNION ALL ".join(f"SELECT '{fund.value}' AS fund" for fund in Fund)}) f
    WHERE m.program_id = :program"""
