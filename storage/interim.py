"""Which interim reports each program requires (storage.deadlines.InterimSchedule), as its coordinator set them."""

from __future__ import annotations

import aiosqlite

from storage.db import iso, utcnow
from storage.deadlines import DEFAULT_SCHEDULE, InterimSchedule


async def interim_schedule(conn: aiosqlite.Connection, program_id: int) -> InterimSchedule:
    """The program's setting; the quarters (``DEFAULT_SCHEDULE``) when nobody has set one."""
    fetched = await conn.execute_fetchall(
        "SELECT spec FROM interim_schedules WHERE program_id = ?", (program_id,)
    )
    return InterimSchedule.from_spec(fetched[0][0]) if fetched else DEFAULT_SCHEDULE


async def interim_schedules(conn: aiosqlite.Connection) -> dict[int, InterimSchedule]:
    """Every program's setting that differs from the default, by program id."""
    fetched = await conn.execute_fetchall("SELECT program_id, spec FROM interim_schedules")
    return {r[0]: InterimSchedule.from_spec(r[1]) for r in fetched}


async def set_interim_schedule(
    conn: aiosqlite.Connection, program_id: int, schedule: InterimSchedule, user_id: int | None
) -> None:
    await conn.execute(
        """INSERT INTO interim_schedules (program_id, spec, updated_by, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (program_id) DO UPDATE SET spec = excluded.spec, updated_by = excluded.updated_by,
               updated_at = excluded.updated_at""",
        (program_id, schedule.spec(), user_id, iso(utcnow())),
    )
