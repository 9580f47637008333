"""Rules several actions share, each in one place."""

from __future__ import annotations

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from storage.models import PeriodStatus, Program
from storage.periods import get_period
from storage.programs import department_programs


def require_coordinator(actor: Actor, program_id: int) -> None:
    """May change the program: its coordinator or an administrator. An observer reads only."""
    if actor.coordinates(program_id):
        return
    if actor.reads(program_id):
        raise Refused(Reason.READ_ONLY)
    raise Refused(Reason.NOT_COORDINATOR)


def require_reader(actor: Actor, program_id: int) -> None:
    """May see the program: its coordinator, an administrator or an observer."""
    if not actor.reads(program_id):
        raise Refused(Reason.NOT_COORDINATOR)


def require_some_program(actor: Actor) -> None:
    """Coordinates some program (which one is checked once it is known, e.g. from an uploaded file's key)."""
    if not actor.coordinator:
        raise Refused(Reason.READ_ONLY if actor.observer else Reason.NOT_COORDINATOR)


async def require_department_coordinator(
    conn: aiosqlite.Connection, actor: Actor, department_id: int
) -> None:
    """A department's people (invite links, members): an administrator, or a coordinator of a program the
    department works in. A department serves every program it executes with one link."""
    require_some_program(actor)
    if actor.administrator or actor.programs & await department_programs(conn, department_id):
        return
    raise Refused(Reason.NOT_COORDINATOR)


def require_city_reader(actor: Actor) -> None:
    """The city at a glance (every program at once): an administrator or an observer."""
    if not actor.sees_city:
        raise Refused(Reason.NOT_CITY_READER)


def require_administrator(actor: Actor) -> None:
    """The city's matters: a new program, the directory, who coordinates and observes what."""
    if not actor.administrator:
        raise Refused(Reason.NOT_ADMINISTRATOR)


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
