"""/interim: which interim reports a program requires and by when (storage.deadlines.InterimSchedule).

``/interim`` shows the setting with buttons for the usual ones; ``/interim H1 05.07 9M 05.10`` sets it as
typed (``off``: none, ``quarters``: the default). Reminders, /status and /report 2024 H1 follow it.
"""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions.interim import set_interim
from actions.refusals import Refused
from bot import callbacks
from bot.answers import answer, pressed
from bot.arguments import ArgumentError, parse_interim_schedule
from bot.context import Context
from bot.formatting import esc
from bot.handlers.coordinator import coordinators_only, program_command, reply
from bot.refusals import actor_of, answer_refused, refusal_text
from l10n import t
from l10n.times import date
from storage.deadlines import DEFAULT_SCHEDULE, Interim, InterimRule, InterimSchedule
from storage.interim import interim_schedule
from storage.models import Program

PRESETS = {
    "quarters": DEFAULT_SCHEDULE,
    "halves": InterimSchedule((InterimRule(Interim.H1, (5, 7)), InterimRule(Interim.M9, (5, 10)))),
    "off": InterimSchedule(()),
}


def describe(schedule: InterimSchedule, year: int, days_after: int) -> str:
    """The setting in words, with each report's deadline in ``year``."""
    if not schedule.rules:
        return t("interim-none")
    return "\n".join(
        t("interim-line", period=t("interim-name", interim=d.interim.name), deadline=date(d.date))
        for d in schedule.deadlines(year, days_after)
    )


async def _show(update: Update, context: Context, program: Program, text_id: str) -> None:
    async with context.db.locked() as conn:
        schedule = await interim_schedule(conn, program.id)
    year = dt.datetime.now(context.settings.tz).year
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("button-interim", preset=name),
                    callback_data=callbacks.InterimPreset(program.id, name).data(),
                )
            ]
            for name, preset in PRESETS.items()
            if preset != schedule
        ]
    )
    text = t(
        text_id,
        program=esc(program.name),
        year=year,
        setting=describe(schedule, year, context.settings.quarter_deadline_days),
    )
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


@program_command("interim", takes=None)  # parse_interim_schedule reads every argument
async def interim(update: Update, context: Context, program: Program, args: list[str]) -> None:
    if not args:
        await _show(update, context, program, "interim-current")
        return
    try:
        schedule = parse_interim_schedule(args)
    except ArgumentError as error:
        await reply(update, t("interim-error", reason=error.reason, value=esc(error.value[:60])))
        return
    try:
        program = await set_interim(context.db, actor_of(update, context), program.id, schedule)
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    await _show(update, context, program, "interim-saved")


@coordinators_only
async def on_preset(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = await pressed(query, callbacks.InterimPreset)
    if parsed is None:
        return
    try:
        program = await set_interim(
            context.db, actor_of(update, context), parsed.program_id, PRESETS[parsed.preset]
        )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    await _show(update, context, program, "interim-saved")
