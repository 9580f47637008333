"""/open, /lock, /unlock: a program's reporting years (the rules: actions.periods)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from actions import periods as years
from actions.actor import Actor
from actions.refusals import Refused
from bot.arguments import ArgumentError, parse_date
from bot.context import Context
from bot.handlers.coordinator import argument_error, period_argument, program_command, reply
from bot.refusals import actor_of, refusal_text
from l10n import t
from l10n.times import date
from storage.db import Database
from storage.models import Program, ReportingPeriod


async def _year(
    update: Update, context: Context, program: Program, args: list[str], command: str
) -> int | None:
    period = await period_argument(update, context, program, args[:1], command)
    return None if period is None else period.year


@program_command("open", takes=2)
async def open_year(update: Update, context: Context, program: Program, args: list[str]) -> None:
    year = await _year(update, context, program, args, "open")
    if year is None:
        return
    deadline = None
    if len(args) > 1:
        try:
            deadline = parse_date(args[1])
        except ArgumentError as error:
            await argument_error(update, error, "open")
            return
    try:
        today = context.bot_data.clock().astimezone(context.settings.tz).date()
        opened = await years.open_year(
            context.db, actor_of(update, context), program, year, deadline, today=today
        )
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    period = opened.period
    shown = date(period.deadline) if period.deadline else t("deadline-not-set")
    text = t("period-opened", year=year, deadline=shown)
    if opened.past_deadline:  # opened all the same (a year reopened to correct it): what that means, said
        text += "\n\n" + t("period-opened-past-deadline", deadline=shown, year=year)
    if not opened.planned:  # a year without plans is not a year of plans of 0,0: say so, and how to load them
        text += "\n\n" + t("period-opened-no-plans", year=year)
    text += "\n\n" + t("period-opened-next")
    await reply(update, text)


async def _set_status(
    update: Update,
    context: Context,
    program: Program,
    args: list[str],
    command: str,
    act: Callable[[Database, Actor, Program, int], Awaitable[ReportingPeriod]],
    done: str,
) -> None:
    year = await _year(update, context, program, args, command)
    if year is None:
        return
    try:
        await act(context.db, actor_of(update, context), program, year)
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    await reply(update, t(done, year=year))


@program_command("lock", takes=1)
async def lock_year(update: Update, context: Context, program: Program, args: list[str]) -> None:
    await _set_status(update, context, program, args, "lock", years.lock_year, "period-locked")


@program_command("unlock", takes=1)
async def unlock_year(update: Update, context: Context, program: Program, args: list[str]) -> None:
    await _set_status(update, context, program, args, "unlock", years.unlock_year, "period-unlocked")
