"""The city at a glance: /city [year], and /status with several programs, for those who read every program
(administrators and observers; ``actions.city``): a line per program, in pages within Telegram's limits, a button
into each program's /status.

``/report 2024 all`` (every program's report in one archive) is /report's: ``bot.handlers.report``.
"""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions.actor import Actor
from actions.city import CityStatus, ProgramLine, city_status
from actions.refusals import Refused
from actions.roles import program_for
from bot import callbacks
from bot.answers import answer, show_in_pressed
from bot.arguments import ArgumentError, parse_period
from bot.context import Context
from bot.formatting import Fit, button_label, program_label
from bot.handlers.coordinator import (
    COMMANDS,
    argument_error,
    first_steps,
    readers_only,
    reply,
    takes_at_most,
)
from bot.refusals import actor_of, answer_refused, refusal_text
from l10n import t
from l10n.times import date
from storage.programs import list_programs

PAGE_SIZE = 12  # programs a page: their lines well within 4096 characters, their buttons well under 100
BUTTONS_PER_ROW = 2
NAME_LIMIT = 60  # a program's short name in its line
DEPARTMENT_LIMIT = 40


def wanted(args: list[str], programs: int, actor: Actor) -> bool:
    """/status is the city's when there are several programs and the person sees them all."""
    return programs > 1 and actor.sees_city


@readers_only
@takes_at_most(1, "city")
async def city(update: Update, context: Context) -> None:
    """/city [year]: every program in a line."""
    async with context.db.locked() as conn:
        programs = await list_programs(conn)
    if not programs:
        await reply(update, first_steps(context))
        return
    await overview(update, context, list(context.args or []))


async def overview(update: Update, context: Context, args: list[str]) -> None:
    """The city's first page, of the year in ``args`` (none: each program's own)."""
    try:
        period = parse_period(args[:1])
    except ArgumentError as error:
        await argument_error(update, error, "city")
        return
    await show(update, context, period.year, 0)


async def show(update: Update, context: Context, year: int | None, page: int, *, edit: bool = False) -> None:
    query = update.callback_query
    today = dt.datetime.now(context.settings.tz).date()
    try:
        status = await city_status(context.db, actor_of(update, context), year, today)
    except Refused as refused:
        if query is not None:
            await answer_refused(query, refused, context.settings.tz)
        else:
            await reply(update, refusal_text(refused, context.settings.tz))
        return
    text, markup = render(status, page)
    if query is not None:
        await answer(query)
    if edit and query is not None:
        # The page shown already (its own number pressed, nothing changed since): nothing to do.
        await show_in_pressed(query, text, markup)
    else:
        await reply(update, text, reply_markup=markup)


def page_count(status: CityStatus) -> int:
    return max(1, -(-len(status.lines) // PAGE_SIZE))


def render(status: CityStatus, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page: the header, a line per program, a button per program into its /status, the pages' buttons."""
    pages = page_count(status)
    page = min(max(page, 0), pages - 1)
    shown = status.lines[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    fit = Fit()
    lines = [
        t(
            "city-header",
            year=status.year or 0,
            programs=len(status.lines),
            late=status.late,
            waiting=status.waiting,
        )
    ]
    if pages > 1:
        lines.append(t("city-page", page=page + 1, pages=pages))
    lines.append("")
    lines.extend(_line(line, fit, status.today) for line in shown)
    buttons = [
        InlineKeyboardButton(
            button_label(t("button-city-program", mark=_mark(line), name=program_label(line.program)), 40),
            callback_data=callbacks.CityProgram(line.program.id, line.year).data(),
        )
        for line in shown
        if line.year is not None and line.in_term
    ]
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    if buttons:
        lines += ["", t("city-hint")]
    if pages > 1:
        year = status.year or 0
        nav = []
        if page > 0:
            nav.append(
                InlineKeyboardButton(
                    t("page-previous"), callback_data=callbacks.CityPage(year, page - 1).data()
                )
            )
        nav.append(
            InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=callbacks.CityPage(year, page).data())
        )
        if page < pages - 1:
            nav.append(
                InlineKeyboardButton(t("page-next"), callback_data=callbacks.CityPage(year, page + 1).data())
            )
        rows.append(nav)
    return fit.one("\n".join(lines)), InlineKeyboardMarkup(rows) if rows else None


def _mark(line: ProgramLine) -> str:
    state = "complete" if line.complete else "late" if line.late else "other"
    return t("city-mark", state=state)


def _line(line: ProgramLine, fit: Fit, today: dt.date) -> str:
    name = fit(program_label(line.program, NAME_LIMIT))
    department = fit(line.responsible, DEPARTMENT_LIMIT)
    if line.year is None:
        return t("city-line-no-year", name=name, department=department, example=today.year - 1)
    if not line.in_term:
        return t(
            "city-line-out-of-term",
            name=name,
            department=department,
            year=line.year,
            start=line.program.start_year,
            end=line.program.end_year,
        )
    return t(
        "city-line",
        mark=_mark(line),
        name=name,
        department=department,
        year=line.year,
        period=line.period.value,
        deadline=date(line.deadline) if line.deadline else "",
        reported=line.reported,
        measures=line.measures,
        late=line.late,
        waiting=line.waiting,
    )


@readers_only
async def on_page(update: Update, context: Context) -> None:
    """Another page of the city, in the same message."""
    query = update.callback_query
    assert query is not None
    parsed = callbacks.CityPage.parse(query.data)
    if parsed is None:
        await answer(query, t("stale-button"))
        return
    await show(update, context, parsed.year or None, parsed.page, edit=True)


@readers_only
async def on_program(update: Update, context: Context) -> None:
    """A program's button: its /status of the year the city showed (a program the person reads)."""
    query = update.callback_query
    assert query is not None
    parsed = callbacks.CityProgram.parse(query.data)
    if parsed is None:
        await answer(query, t("stale-button"))
        return
    try:
        program = await program_for(context.db, actor_of(update, context), parsed.program_id, changes=False)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    status, _ = COMMANDS["status"]
    await status(update, context, program, [str(parsed.year)])
