"""Building a report: a year's (as it stands, as of a moment, or an interim one as it stood on its deadline),
of every latest revision or of accepted ones only; and the final report over a range of the term's years.

The rules: coordinators only (the command line may: ``Actor.command_line``); a year without data (neither
plans nor any department's report) has no report (``REPORT_NO_DATA``); a range of years runs forward
(``TERM_REVERSED``), within the program's term (``TERM_OUTSIDE``), and the years without data are left out of
it, at least one left (``TERM_NO_DATA``). The files are the front end's to write (``reports.writers``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_reader
from reports.build import BuiltYear, build_year
from reports.model import Report
from reports.term_report import TermReport, consolidate_term
from storage.db import Database
from storage.deadlines import Interim, end_of_day, interim_deadline
from storage.interim import interim_schedule
from storage.models import Program

# How a year is built: (db, program id, year, as of, accepted only). The bot shares the builds in flight
# (bot.report_builds); anything else builds its own.
Build = Callable[[Database, int, int, dt.datetime | None, bool], Awaitable[BuiltYear]]


async def _build(
    db: Database, program_id: int, year: int, at: dt.datetime | None, accepted_only: bool
) -> BuiltYear:
    return await build_year(db, program_id, year, at, accepted_only=accepted_only)


def has_data(built: BuiltYear) -> bool:
    """A year has data when it has plans or any department's report in it."""
    return built.has_plans or any(row.reported_by for row in built.report.rows)


@dataclass(frozen=True, slots=True)
class AsOfDeadline:
    """An interim report: the state at the end of its deadline's day (the program's own deadline for it, set
    with /interim; else the period's end + ``days_after``)."""

    interim: Interim
    days_after: int  # QUARTER_DEADLINE_DAYS
    tz: ZoneInfo  # whose day it ends


@dataclass(frozen=True, slots=True)
class YearReport:
    report: Report
    at: dt.datetime | None  # the moment it shows; None: as it stands
    has_plans: bool  # False: no plan of the year was set (then): its plan columns are empty


async def year_report(
    db: Database,
    actor: Actor,
    program: Program,
    year: int,
    *,
    interim: AsOfDeadline | None = None,
    at: dt.datetime | None = None,
    accepted_only: bool = False,
    build: Build = _build,
) -> YearReport:
    """The year's report: as it stands, as of ``at``, or (``interim``) as it stood on the interim report's
    deadline; ``accepted_only``: of the revisions a coordinator accepted. Refused: ``NOT_COORDINATOR``,
    ``REPORT_NO_DATA``."""
    require_reader(actor, program.id)
    if interim is not None:
        assert at is None, "an interim report is as of its deadline"
        async with db.locked() as conn:
            schedule = await interim_schedule(conn, program.id)
        deadline = interim_deadline(year, interim.interim, schedule, interim.days_after)
        at = end_of_day(deadline, interim.tz)
    built = await build(db, program.id, year, at, accepted_only)
    if not has_data(built):
        raise Refused(Reason.REPORT_NO_DATA, year=year, program=program.name)
    return YearReport(built.report, at, built.has_plans)


async def term_report(
    db: Database,
    actor: Actor,
    program: Program,
    first: int,
    last: int,
    *,
    at: dt.datetime | None = None,
    accepted_only: bool = False,
) -> TermReport:
    """The final report over ``first``..``last``: each year's report (so retired measures and every yearly
    rule hold; ``at`` and ``accepted_only`` as there), the years without data left out. Refused:
    ``NOT_COORDINATOR``, ``TERM_REVERSED``, ``TERM_OUTSIDE``, ``TERM_NO_DATA``."""
    require_reader(actor, program.id)
    if first > last:
        raise Refused(Reason.TERM_REVERSED, first=first, last=last)
    if first < program.start_year or last > program.end_year:
        raise Refused(
            Reason.TERM_OUTSIDE, first=first, last=last, start=program.start_year, end=program.end_year
        )
    annual: list[Report] = []
    for year in range(first, last + 1):
        built = await _build(db, program.id, year, at, accepted_only)
        if has_data(built):
            annual.append(built.report)
    if not annual:
        raise Refused(Reason.TERM_NO_DATA, first=first, last=last)
    return replace(consolidate_term(annual), first_year=first, last_year=last)
