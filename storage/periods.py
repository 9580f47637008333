"""Reporting periods: a program's year is open for reporting, or locked once the report is filed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import aiosqlite

from storage.models import PeriodStatus, ReportingPeriod


def _period(r: aiosqlite.Row) -> ReportingPeriod:
    return ReportingPeriod(
        program_id=r[0],
        year=r[1],
        status=PeriodStatus(r[2]),
        deadline=dt.date.fromisoformat(r[3]) if r[3] else None,
    )


async def set_period(
    conn: aiosqlite.Connection,
    program_id: int,
    year: int,
    status: PeriodStatus,
    deadline: dt.date | None = None,
) -> ReportingPeriod:
    """Open or lock a year. A deadline given replaces the old one; None keeps it."""
    fetched = await conn.execute_fetchall(
        """INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, ?, ?, ?)
           ON CONFLICT (program_id, year) DO UPDATE SET
               status = excluded.status, deadline = COALESCE(excluded.deadline, reporting_periods.deadline)
           RETURNING program_id, year, status, deadline""",
        (program_id, year, status.value, deadline.isoformat() if deadline else None),
    )
    row = fetched[0] if fetched else None
    assert row is not None
    return _period(row)


async def get_period(conn: aiosqlite.Connection, program_id: int, year: int) -> ReportingPeriod | None:
    fetched = await conn.execute_fetchall(
        "SELECT program_id, year, status, deadline FROM reporting_periods WHERE program_id = ? AND year = ?",
        (program_id, year),
    )
    row = fetched[0] if fetched else None
    return None if row is None else _period(row)


async def program_periods(conn: aiosqlite.Connection, program_id: int) -> list[ReportingPeriod]:
    fetched = await conn.execute_fetchall(
        "SELECT program_id, year, status, deadline FROM reporting_periods WHERE program_id = ? ORDER BY year",
        (program_id,),
    )
    return [_period(r) for r in fetched]


async def all_periods(conn: aiosqlite.Connection) -> dict[int, list[ReportingPeriod]]:
    """Every program's reporting years, in one query: program id -> its periods in order (the city at a glance)."""
    fetched = await conn.execute_fetchall(
        "SELECT program_id, year, status, deadline FROM reporting_periods ORDER BY program_id, year"
    )
    found: dict[int, list[ReportingPeriod]] = {}
    for r in fetched:
        found.setdefault(r[0], []).append(_period(r))
    return found


async def newest_data_years(conn: aiosqlite.Connection, program_ids: Iterable[int]) -> dict[int, int]:
    """The newest year with plans or submissions of each program that has any (program id -> year), in one
    query: an index seek per measure into plans and submissions each, however long their history."""
    ids = list(program_ids)
    if not ids:
        return {}
    fetched = await conn.execute_fetchall(
        f"""SELECT m.program_id, MAX(MAX(COALESCE((SELECT MAX(p.year) FROM plans p WHERE p.measure_id = m.id), 0),
                                      COALESCE((SELECT MAX(s.year) FROM submissions s WHERE s.measure_id = m.id), 0)))
            FROM measures m WHERE m.program_id IN ({", ".join("?" for _ in ids)}) GROUP BY m.program_id""",
        ids,
    )
    return {int(r[0]): int(r[1]) for r in fetched if r[1]}
