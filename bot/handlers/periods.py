"""/open, /lock, /unlock: a program's reporting years."""

from __future__ import annotations

from telegram import Update

from bot.arguments import ArgumentError, parse_date
from bot.context import Context
from bot.handlers.coordinator import argument_error, period_argument, program_command, reply
from l10n import t
from l10n.times import date
from storage.deadlines import deadline_range
from storage.models import PeriodStatus, Program
from storage.periods import get_period, set_period
from storage.plans import plan_years


async def _year(
    update: Update, context: Context, program: Program, args: list[str], command: str
) -> int | None:
    period = await period_argument(update, context, program, args[:1], command)
    if period is None or period.year is None:
        return None
    year = period.year
    if not program.start_year <= year <= program.end_year:
        await reply(
            update, t("period-out-of-term", year=year, start=program.start_year, end=program.end_year)
        )
        return None
    return year


@program_command("open", takes=2)
async def open_year(update: Update, context: Context, program: Program, args: list[str]) -> None:
    year = await _year(update, context, program, args, "open")
    if year is None:
        return
    deadline = None
    if len(args) > 1:
        # Within the program's term and two years after it: a far-future date is a typo, and no deadline
        # arithmetic should ever meet the end of the calendar.
        earliest, latest = deadline_range(program.start_year, program.end_year)
        try:
            deadline = parse_date(args[1], earliest, latest)
        except ArgumentError as error:
            await argument_error(update, error, "open")
            return
    async with context.db.transaction() as conn:
        period = await set_period(conn, program.id, year, PeriodStatus.OPEN, deadline)
        planned = year in await plan_years(conn, program.id)
    shown = date(period.deadline) if period.deadline else t("deadline-not-set")
    text = t("period-opened", year=year, deadline=shown)
    if not planned:  # a year without plans is not a year of plans of 0,0: say so, and how to load them
        text += "\n\n" + t("period-opened-no-plans", year=year)
    text += "\n\n" + t("period-opened-next")
    await reply(update, text)


async def _set_status(
    update: Update, context: Context, program: Program, args: list[str], command: str, status: PeriodStatus
) -> None:
    year = await _year(update, context, program, args, command)
    if year is None:
        return
    async with context.db.transaction() as conn:
        opened = await get_period(conn, program.id, year) is not None
        if opened:
            await set_period(conn, program.id, year, status)
    # Telegram is answered after the transaction: nobody else waits for the database meanwhile.
    if not opened:
        await reply(update, t("period-not-opened", year=year, next_year=year + 1))
        return
    await reply(update, t("period-locked" if status is PeriodStatus.LOCKED else "period-unlocked", year=year))


@program_command("lock", takes=1)
async def lock_year(update: Update, context: Context, program: Program, args: list[str]) -> None:
    await _set_status(update, context, program, args, "lock", PeriodStatus.LOCKED)


@program_command("unlock", takes=1)
async def unlock_year(update: Update, context: Context, program: Program, args: list[str]) -> None:
    await _set_status(update, context, program, args, "unlock", PeriodStatus.OPEN)
