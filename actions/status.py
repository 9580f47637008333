"""A program's year as the coordinator follows it (the chat's /status): a line per department, a department's
details, and «Нагадати», its members reminded now of what they owe.

The rules, each taken here and handed to the front end as a value:

- coordinators only;
- the year's state: not opened, locked, open (with a deadline or without);
- the interim reports the program requires are shown while the year is open (reminders follow them then);
- «Нагадати» is offered for a department that owes reports and has members, only while the year is open;
  pressed, it reminds the members who did not block the bot of the measures they owe in the open year
  (a locked or never opened year: nothing is owed, nobody is reminded);
- a department may execute several programs: what a coordinator sees of it here (its details, «Нагадати»
  and what that reminds of) is of the program asked about only.

Sending the reminders is the front end's (``bot.reminders.delivery``): a message in Telegram.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.reports import has_data
from actions.rules import require_coordinator, require_reader
from reports.build import build_year_and
from reports.model import Report
from storage.db import Database
from storage.deadlines import InterimSchedule
from storage.interim import interim_schedule
from storage.members import department_members
from storage.models import Department, PeriodStatus, Program, ReportingPeriod
from storage.periods import get_period
from storage.plans import plan_years
from storage.programs import get_department, list_programs, load_program
from storage.progress import DepartmentProgress, program_progress, programs_progress
from storage.reminders import last_reminded, muted_members
from storage.reviews import waiting_among, waiting_places, waiting_reviews
from storage.submissions import Revision
from storage.workload import Status, WorkItem, worklist


class PeriodState(StrEnum):
    NONE = "none"  # never opened
    LOCKED = "locked"  # its report filed
    OPEN = "open"  # open, with a deadline for the year's reports
    OPEN_NO_DEADLINE = "open_no_deadline"


def period_state(period: ReportingPeriod | None) -> PeriodState:
    if period is None:
        return PeriodState.NONE
    if period.status is PeriodStatus.LOCKED:
        return PeriodState.LOCKED
    return PeriodState.OPEN if period.deadline else PeriodState.OPEN_NO_DEADLINE


def _is_open(period: ReportingPeriod | None) -> bool:
    return period is not None and period.status is PeriodStatus.OPEN


@dataclass(frozen=True, slots=True)
class YearStatus:
    year: int
    period: PeriodState
    deadline: dt.date | None  # the year's deadline, when it is open with one
    planned: bool  # the year has plans
    interim: InterimSchedule | None  # the interim reports required, shown while the year is open; else None
    progress: list[DepartmentProgress]  # a department a line, in the program's order
    waiting: Counter[int]  # reports waiting for review, by department id
    changes: bool = (
        False  # the actor may change the program (review, invite): its coordinator, not an observer
    )
    # where reports wait for review: (the measure's number, the department's id)
    waiting_at: frozenset[tuple[str, int]] = frozenset()


async def year_status(db: Database, actor: Actor, program_id: int, year: int) -> YearStatus:
    """The year's state and each department's progress. Refused: not one who reads the program."""
    require_reader(actor, program_id)
    async with db.locked() as conn:
        read = await _read_status(conn, program_id, year)
    return _year_status(actor, program_id, year, read)


_StatusRead = tuple[
    list[DepartmentProgress], ReportingPeriod | None, bool, InterimSchedule | None, list[tuple[str, int]]
]


async def _read_status(
    conn: aiosqlite.Connection,
    program_id: int,
    year: int,
    *,
    members: bool = True,
    newest: list[Revision] | None = None,
) -> _StatusRead:
    """What ``YearStatus`` is made of; ``members=False``: without the departments' members; with ``newest``
    (the year's newest revisions, as the year's report read them as it stands): where reports wait found
    among them."""
    if members:
        progress = await program_progress(conn, program_id, year)
    else:
        progress = (await programs_progress(conn, {program_id: year}, members=False))[program_id]
    period = await get_period(conn, program_id, year)
    planned = year in await plan_years(conn, program_id)
    schedule = await interim_schedule(conn, program_id) if _is_open(period) else None
    if newest is None:
        places = await waiting_places(conn, program_id, year)
    else:
        places = await waiting_among(conn, program_id, newest)
    return progress, period, planned, schedule, places


def _year_status(actor: Actor, program_id: int, year: int, read: _StatusRead) -> YearStatus:
    progress, period, planned, schedule, places = read
    waiting = Counter(department_id for _, department_id in places)
    state = period_state(period)
    deadline = period.deadline if period is not None and state is PeriodState.OPEN else None
    changes = actor.coordinates(program_id)
    return YearStatus(year, state, deadline, planned, schedule, progress, waiting, changes, frozenset(places))


@dataclass(frozen=True, slots=True)
class YearView:
    """A program's year as the Mini App shows it: its status and its report, of one moment."""

    status: YearStatus  # as ``year_status``, but the departments' members are not read (left empty)
    report: Report | None  # as ``actions.reports.year_report``'s; None: the year has no data (REPORT_NO_DATA)


async def year_view(
    db: Database, actor: Actor, program: Program, year: int, *, accepted_only: bool = False
) -> YearView:
    """``year_status`` and the year's report as it stands (``actions.reports.year_report``), from one read of
    the database off the event loop (``reports.build.build_year_and``): what the counts and the marks say is
    of the same moment, and what both need is asked once. Refused: not one who reads the program."""
    require_reader(actor, program.id)

    async def status_read(conn: aiosqlite.Connection, counted: list[Revision]) -> _StatusRead:
        # Of the accepted revisions only, the report does not count the newest ones: they are found again.
        newest = None if accepted_only else counted
        return await _read_status(conn, program.id, year, members=False, newest=newest)

    built, read = await build_year_and(db, program.id, year, status_read, accepted_only=accepted_only)
    return YearView(_year_status(actor, program.id, year, read), built.report if has_data(built) else None)


@dataclass(frozen=True, slots=True)
class DepartmentStatus:
    entry: DepartmentProgress
    waiting: list[str]  # the numbers of its measures with a report waiting for review, in the program's order
    reminded: dict[int, dt.datetime]  # its members' last reminder, by Telegram id
    muted: dict[int, dt.date]  # its members' mutes running on ``today``: until which day, by Telegram id
    can_remind: bool  # «Нагадати»: the year is open, the department owes reports and has members
    changes: bool = (
        False  # the actor may change the program (remind, invite): its coordinator, not an observer
    )


async def department_status(
    db: Database, actor: Actor, program_id: int, year: int, department_id: int, today: dt.date
) -> DepartmentStatus:
    """A department's details in the year: what it owes, its drafts, who is in the bot, when reminded.
    Refused: not one who reads the program; ``GONE``: the department is not in the program's year (an old
    button)."""
    require_reader(actor, program_id)
    async with db.locked() as conn:
        progress = await program_progress(conn, program_id, year)
        entry = next((e for e in progress if e.department.id == department_id), None)
        if entry is None:
            raise Refused(Reason.GONE)
        period = await get_period(conn, program_id, year)
        waiting = await waiting_reviews(conn, program_id, year, department_id)
        tree = await load_program(conn, program_id) if waiting else None
        numbers = {m.id: m.number for m in tree.measures} if tree is not None else {}
        reminded = await last_reminded(conn, (m.telegram_id for m in entry.members))
        muted = {m.user_id: m.until for m in await muted_members(conn, today)}
    ids = {r.measure_id for r in waiting}
    shown = [number for measure_id, number in numbers.items() if measure_id in ids]  # the program's order
    changes = actor.coordinates(program_id)
    can_remind = bool(entry.members and entry.missing) and _is_open(period) and changes
    return DepartmentStatus(entry, shown, reminded, muted, can_remind, changes)


@dataclass(frozen=True, slots=True)
class Reminding:
    """Whom «Нагадати» reminds, and of what."""

    department: Department | None  # None: gone
    deadline: dt.date | None  # the year's deadline (None: not set)
    owed: list[WorkItem]  # the measures the department has not reported, in the program's order
    members: int  # how many members it has in the bot, blocked or not
    recipients: list[int]  # the Telegram ids of those who did not block the bot
    program: str = (
        ""  # the program's name as printed, where the database holds several (the reminder says it)
    )
    # every member's name by Telegram id (the id where the name is blank)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def blocked(self) -> list[str]:
        """The names of the members who blocked the bot (or deleted their account): nobody can remind them."""
        recipients = set(self.recipients)
        return [name for telegram_id, name in self.names.items() if telegram_id not in recipients]

    @property
    def nobody(self) -> bool:
        """Nothing to remind of (a department gone, nothing owed, the year not open) or nobody in the bot."""
        return self.department is None or not self.owed or not self.members


async def remind_department(
    db: Database, actor: Actor, program_id: int, year: int, department_id: int
) -> Reminding:
    """Who gets a reminder now, of what: the department's members who did not block the bot, of the measures
    it owes in the year while the year is open. Refused: not the program's coordinator."""
    require_coordinator(actor, program_id)
    async with db.locked() as conn:
        department = await get_department(conn, department_id)
        members = await department_members(conn, department_id)
        period = await get_period(conn, program_id, year)
        # Of this program only, though the department may execute others (each coordinator reminds of theirs).
        items = [
            i
            for i in await worklist(conn, department_id, None)
            if i.program_id == program_id and i.year == year and i.status is Status.WAITING
        ]
        programs = await list_programs(conn)
    owed = items if _is_open(period) else []  # the worklist holds open years only; said here, once
    recipients = [m.telegram_id for m in members if m.blocked_at is None]
    names = {m.telegram_id: m.full_name or str(m.telegram_id) for m in members}
    deadline = period.deadline if period is not None else None
    program = next((p.name for p in programs if p.id == program_id), "") if len(programs) > 1 else ""
    return Reminding(department, deadline, owed, len(members), recipients, program, names)


async def without_members(db: Database, actor: Actor, program_id: int, year: int) -> list[Department] | None:
    """The departments of the program's year with nobody in the bot, to invite (/status's «Запросити»); None
    when the year has no departments (an old button). Refused: not the program's coordinator."""
    require_coordinator(actor, program_id)
    async with db.locked() as conn:
        progress = await program_progress(conn, program_id, year)
    return [e.department for e in progress if not e.members] if progress else None
