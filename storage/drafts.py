"""Answers typed so far, kept per user and measure, so a restart or a night's sleep loses nothing.

The draft's ``step`` is the conversation's state: it is written with every answer, which PTB's
persistence (flushed on an interval) could not promise across a SIGKILL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import aiosqlite

from storage.db import iso, utcnow
from storage.measure_terms import in_force_sql


@dataclass(frozen=True)
class Draft:
    user_id: int
    measure_id: int
    department_id: int
    year: int
    step: str
    data: dict[str, Any]
    active: bool
    # Anything answered: a measure only opened (its card shown on joining, or after the last one was
    # confirmed) is not "started" in the list or /status, though its row holds the conversation's state.
    started: bool = True


def _draft(r: aiosqlite.Row) -> Draft:
    return Draft(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6]), bool(r[7]))


_COLUMNS = "user_id, measure_id, department_id, year, step, data, active, started"


async def save_draft(conn: aiosqlite.Connection, draft: Draft, *, exclusive: bool = True) -> None:
    """Store the draft; an active one becomes the user's only active draft (``exclusive=False``: the
    caller knows it already is)."""
    if draft.active and exclusive:
        await conn.execute("UPDATE drafts SET active = 0 WHERE user_id = ? AND active = 1", (draft.user_id,))
        # An indicator's draft (storage.indicator_work) is a draft too: one is active at a time.
        await conn.execute(
            "UPDATE indicator_drafts SET active = 0 WHERE user_id = ? AND active = 1", (draft.user_id,)
        )
    await conn.execute(
        f"""INSERT INTO drafts ({_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, measure_id, department_id, year) DO UPDATE SET
                step = excluded.step, data = excluded.data, active = excluded.active,
                started = excluded.started, updated_at = excluded.updated_at""",
        (
            draft.user_id,
            draft.measure_id,
            draft.department_id,
            draft.year,
            draft.step,
            json.dumps(draft.data, ensure_ascii=False),
            int(draft.active),
            int(draft.started),
            iso(utcnow()),
        ),
    )


async def active_draft(conn: aiosqlite.Connection, user_id: int) -> Draft | None:
    fetched = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM drafts WHERE user_id = ? AND active = 1", (user_id,)
    )
    row = fetched[0] if fetched else None
    return None if row is None else _draft(row)


async def get_draft(
    conn: aiosqlite.Connection, user_id: int, measure_id: int, department_id: int, year: int
) -> Draft | None:
    fetched = await conn.execute_fetchall(
        f"""SELECT {_COLUMNS} FROM drafts WHERE user_id = ? AND measure_id = ? AND department_id = ? AND year = ?""",
        (user_id, measure_id, department_id, year),
    )
    row = fetched[0] if fetched else None
    return None if row is None else _draft(row)


async def deactivate(conn: aiosqlite.Connection, user_id: int) -> bool:
    """True when the user had an active draft (of a measure, or of an indicator: storage.indicator_work)."""
    fetched = await conn.execute_fetchall(
        "UPDATE drafts SET active = 0 WHERE user_id = ? AND active = 1 RETURNING user_id", (user_id,)
    )
    indicators = await conn.execute_fetchall(
        "UPDATE indicator_drafts SET active = 0 WHERE user_id = ? AND active = 1 RETURNING user_id",
        (user_id,),
    )
    return bool(fetched) or bool(indicators)


async def delete_draft(
    conn: aiosqlite.Connection, user_id: int, measure_id: int, department_id: int, year: int
) -> None:
    await conn.execute(
        "DELETE FROM drafts WHERE user_id = ? AND measure_id = ? AND department_id = ? AND year = ?",
        (user_id, measure_id, department_id, year),
    )


@dataclass(frozen=True)
class ActiveDraft:
    """The user's active draft, with what its conversation rests on as the database holds it now."""

    draft: Draft
    period_status: str | None  # None: the year was never opened for the program
    # The measure as it is now (an amendment or a new plan may have changed it since the draft was opened):
    in_force: bool  # part of the program in the draft's year
    assigned: bool  # the draft's department is one of its executors
    number: str
    text: str
    plan_general: Decimal | None  # None: no plan for the year in this fund
    plan_special: Decimal | None


async def active_draft_with_period(conn: aiosqlite.Connection, user_id: int) -> ActiveDraft | None:
    """The user's active draft, the status of its reporting period and the measure as it is now, at once."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {", ".join("d." + c.strip() for c in _COLUMNS.split(","))}, rp.status,
                   {in_force_sql("d.year")},
                   EXISTS (SELECT 1 FROM measure_departments md
                           WHERE md.measure_id = d.measure_id AND md.department_id = d.department_id),
                   m.number, m.text,
                   (SELECT p.amount FROM plans p
                        WHERE p.measure_id = d.measure_id AND p.year = d.year AND p.fund = 'general'),
                   (SELECT p.amount FROM plans p
                        WHERE p.measure_id = d.measure_id AND p.year = d.year AND p.fund = 'special')
            FROM drafts d JOIN measures m ON m.id = d.measure_id
            LEFT JOIN reporting_periods rp ON rp.program_id = m.program_id AND rp.year = d.year
            WHERE d.user_id = ? AND d.active = 1""",
        (user_id,),
    )
    if not fetched:
        return None
    row = fetched[0]
    return ActiveDraft(
        _draft(row),
        row[8],
        in_force=bool(row[9]),
        assigned=bool(row[10]),
        number=row[11],
        text=row[12],
        plan_general=None if row[13] is None else Decimal(row[13]),
        plan_special=None if row[14] is None else Decimal(row[14]),
    )
