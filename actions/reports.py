"""Building a report: a year's (as it stands, as of a moment, or an interim one as it stood on its deadline),
of every latest revision or of accepted ones only; the final report over a range of the term's years; and every
program's report of a year at once (the council session's package).

The rules: coordinators only (the command line may: ``Actor.command_line``); every program's at once: administrators
and observers only (``NOT_CITY_READER``); a year without data (neither plans nor any department's report) has no
report (``REPORT_NO_DATA``; among every program's, such a program is named, not dropped); a range of years runs
forward (``TERM_REVERSED``), within the program's term (``TERM_OUTSIDE``), and the years without data are left out
of it, at least one left (``TERM_NO_DATA``). The files are the front end's to write (``reports.writers``,
``reports.city_package``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_city_reader, require_reader
from reports.build import BuiltYear, build_year
from reports.model import Report
from reports.term_report import TermReport, consolidate_term
from storage.db import Database
from storage.deadlines import Interim, end_of_day, interim_deadline, period_end
from storage.interim import interim_schedule
from storage.models import Program
from storage.programs import list_programs

# How a year is built: (db, program id, year, as of, accepted only, the plans as of: None, as of ``at``). The
# bot shares the builds in flight (bot.report_builds); anything else builds its own.
Build = Callable[[Database, int, int, dt.datetime | None, bool, dt.datetime | None], Awaitable[BuiltYear]]


async def _build(
    db: Database,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool,
    plans_at: dt.datetime | None = None,
) -> BuiltYear:
    return await build_year(db, program_id, year, at, accepted_only=accepted_only, plans_at=plans_at)


def has_data(built: BuiltYear) -> bool:
    """A year has data when it has plans or any department's report in it."""
    return built.has_plans or any(row.reported_by for row in built.report.rows)


@dataclass(frozen=True, slots=True)
class AsOfDeadline:
    """An interim report: the departments' reports as they stood at the end of its deadline's day (the
    program's own deadline for it, set with /interim; else the period's end + ``days_after``), the plans as
    they stood on the date its figures stand at (``storage.deadlines.as_of_date``: 01.07 for H1), before
    that day began."""

    interim: Interim
    days_after: int  # QUARTER_DEADLINE_DAYS
    tz: ZoneInfo  # whose day it ends


@dataclass(frozen=True, slots=True)
class YearReport:
    report: Report
    at: dt.datetime | None  # the moment it shows; None: as it stands
    has_plans: bool  # False: no plan of the year was set (then): its plan columns are empty
    plans_at: dt.datetime | None = None  # an interim report's plans are of this moment; None: of ``at``


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
    """The year's report: as it stands, as of ``at``, or (``interim``) an interim report (``AsOfDeadline``),
    titled as one; ``accepted_only``: of the revisions a coordinator accepted. Refused: ``NOT_COORDINATOR``,
    ``REPORT_NO_DATA``."""
    require_reader(actor, program.id)
    plans_at: dt.datetime | None = None
    if interim is not None:
        assert at is None, "an interim report is as of its deadline"
        async with db.locked() as conn:
            schedule = await interim_schedule(conn, program.id)
        deadline = interim_deadline(year, interim.interim, schedule, interim.days_after)
        at = end_of_day(deadline, interim.tz)
        plans_at = end_of_day(period_end(year, interim.interim), interim.tz)  # before as_of_date began
    built = await build(db, program.id, year, at, accepted_only, plans_at)
    if not has_data(built):
        raise Refused(Reason.REPORT_NO_DATA, year=year, program=program.name)
    report = built.report if interim is None else replace(built.report, interim=interim.interim)
    return YearReport(report, at, built.has_plans, plans_at)


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


@dataclass(frozen=True, slots=True)
class CityReports:
    """Every program's report of a year: the council session's package."""

    year: int
    reports: list[tuple[Program, YearReport]]  # the programs with data that year, in the order loaded
    without_data: list[Program]  # neither plans nor any report that year (or a year outside their term)


async def city_reports(
    db: Database,
    actor: Actor,
    year: int,
    *,
    interim: AsOfDeadline | None = None,
    at: dt.datetime | None = None,
    accepted_only: bool = False,
    build: Build = _build,
) -> CityReports:
    """Each program's report of ``year`` (as of ``at``; ``interim``: each program's interim report, as of its own
    deadline for it), built as ``year_report`` builds it; the programs without data are named, not dropped. Refused: ``NOT_CITY_READER`` (administrators and observers only)."""
    require_city_reader(actor)
    async with db.locked() as conn:
        programs = await list_programs(conn)
    reports: list[tuple[Program, YearReport]] = []
    without: list[Program] = []
    for program in programs:
        try:
            reports.append(
                (
                    program,
                    await year_report(
                        db,
                        actor,
                        program,
                        year,
                        interim=interim,
                        at=at,
                        accepted_only=accepted_only,
                        build=build,
                    ),
                )
            )
        except Refused as refused:
            if refused.reason is not Reason.REPORT_NO_DATA:
                raise
            without.append(program)
    return CityReports(year, reports, without)
