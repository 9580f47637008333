"""Reporting periods: a program's year is open for reporting, or locked once the report is filed."""

from __future__ import annotations

import datetime as dt

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
