"""Rules several actions share, each in one place."""

from __future__ import annotations

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from storage.models import PeriodStatus, Program
from storage.periods import get_period


def require_coordinator(actor: Actor) -> None:
    if not actor.coordinator:
        raise Refused(Reason.NOT_COORDINATOR)


def require_in_term(program: Program, year: int) -> None:
    if not program.start_year <= year <= program.end_year:
        raise Refused(Reason.YEAR_OUT_OF_TERM, year=year, start=program.start_year, end=program.end_year)


async def year_locked(conn: aiosqlite.Connection, program_id: int, year: int) -> bool:
    """A locked year (its report filed): plans and reports of it stay as they are."""
    period = await get_period(conn, program_id, year)
    return period is not None and period.status is PeriodStatus.LOCKED


async def require_not_locked(conn: aiosqlite.Connection, program_id: int, year: int) -> None:
    if await year_locked(conn, program_id, year):
        raise Refused(Reason.YEAR_LOCKED, year=year)
