"""A program's reporting years: opened (with the deadline for the year's reports), locked once the report is
filed, unlocked to correct it. The chat's /open, /lock, /unlock and the command line's open-year, lock-year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_coordinator, require_in_term, require_reader
from storage.db import Database
from storage.deadlines import deadline_range
from storage.models import PeriodStatus, Program, ReportingPeriod
from storage.periods import get_period, program_periods, set_period
from storage.plans import plan_years
from storage.submissions import submission_years


def require_deadline_in_range(program: Program, year: int, deadline: dt.date) -> None:
    """From the first day of the reporting ``year`` (a year's report is never due before the year begins: such a
    date is the year typed for the next one's, and every interim report, due after it, would go unreminded) to
    the end of the second year after the term: a far-future date is a typo, and no deadline arithmetic should
    ever meet the end of the calendar."""
    earliest, latest = deadline_range(max(program.start_year, year), program.end_year)
    if not earliest <= deadline <= latest:
        raise Refused(Reason.DEADLINE_OUT_OF_RANGE, deadline=deadline, earliest=earliest, latest=latest)


@dataclass(frozen=True, slots=True)
class YearOpened:
    period: ReportingPeriod
    planned: bool  # the year has plans (a year without them is not a year of plans of 0,0)
    # its deadline has passed (the day before ``today``): opened all the same (a year reopened to correct it),
    # but no reminder goes out for it and everyone who has not reported is late at once; the front end says so
    past_deadline: bool = False


async def open_year(
    db: Database,
    actor: Actor,
    program: Program,
    year: int,
    deadline: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> YearOpened:
    """Open ``year`` for reporting (a locked one again), with its deadline; None keeps the one set before.
    ``today``: the council's day, against which a deadline already past is told (``YearOpened.past_deadline``).
    Refused: not a coordinator, a year outside the program's term, a deadline out of range."""
    require_coordinator(actor, program.id)
    require_in_term(program, year)
    if deadline is not None:
        require_deadline_in_range(program, year, deadline)
    async with db.transaction() as conn:
        period = await set_period(conn, program.id, year, PeriodStatus.OPEN, deadline)
        planned = year in await plan_years(conn, program.id)
    past = today is not None and period.deadline is not None and period.deadline < today
    return YearOpened(period, planned, past)


async def lock_year(db: Database, actor: Actor, program: Program, year: int) -> ReportingPeriod:
    """Lock ``year``: its reports and plans stay as they are (its report is filed)."""
    return await _set_status(db, actor, program, year, PeriodStatus.LOCKED)


async def unlock_year(db: Database, actor: Actor, program: Program, year: int) -> ReportingPeriod:
    """Open a locked ``year`` again (its deadline kept)."""
    return await _set_status(db, actor, program, year, PeriodStatus.OPEN)


async def _set_status(
    db: Database, actor: Actor, program: Program, year: int, status: PeriodStatus
) -> ReportingPeriod:
    """Refused: not a coordinator, a year outside the term, a year never opened."""
    require_coordinator(actor, program.id)
    require_in_term(program, year)
    async with db.transaction() as conn:
        if await get_period(conn, program.id, year) is None:
            raise Refused(Reason.YEAR_NOT_OPENED, year=year, next_year=year + 1)
        return await set_period(conn, program.id, year, status)


# --- the year a command without one works on ---------------------------------------------------------


class Why(StrEnum):
    """Why a year was taken for a command given without one (the chat says it: ``year-defaulted``)."""

    OPEN = "open"  # the newest open reporting year
    DATA = "data"  # no year open: the newest year with plans or submissions
    OPENED = "opened"  # no data either: the newest year ever opened
    LAST = "last"  # nothing at all: last year, within the program's term


@dataclass(frozen=True, slots=True)
class DefaultYear:
    year: int
    why: Why


async def default_year(db: Database, actor: Actor, program: Program, today: dt.date) -> DefaultYear | None:
    """The year a command given without one works on (``choose_year``). Refused: not one who reads the
    program."""
    require_reader(actor, program.id)
    async with db.locked() as conn:
        periods = await program_periods(conn, program.id)
        open_years = [p.year for p in periods if p.status is PeriodStatus.OPEN]
        data_years = (
            []
            if open_years
            else [*await plan_years(conn, program.id), *await submission_years(conn, program.id)]
        )
    return choose_year(program, periods, max(data_years, default=None), today)


def choose_year(
    program: Program, periods: list[ReportingPeriod], newest_data: int | None, today: dt.date
) -> DefaultYear | None:
    """The newest open reporting year; else the newest year with plans or submissions (``newest_data``, needed
    only when no year is open); else the newest year ever opened; else last year (``today``'s), if it is within
    the program's term; else None (the year must be named)."""
    open_years = [p.year for p in periods if p.status is PeriodStatus.OPEN]
    if open_years:
        return DefaultYear(max(open_years), Why.OPEN)
    if newest_data is not None:
        return DefaultYear(newest_data, Why.DATA)
    if periods:
        return DefaultYear(max(p.year for p in periods), Why.OPENED)
    last = today.year - 1
    return DefaultYear(last, Why.LAST) if program.start_year <= last <= program.end_year else None
