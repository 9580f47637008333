"""/status: who has reported, who has drafts, who is in the bot; a button to remind a department now."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks
from bot.answers import answer
from bot.context import Context
from bot.formatting import Fit, button_label, clip
from bot.handlers import review
from bot.handlers.coordinator import coordinators_only, period_argument, program_command
from bot.handlers.interim import describe
from bot.reminders.delivery import deliver
from bot.reminders.rendering import render_owed
from bot.reminders.rules import Owed, manual_reminder
from l10n import t
from l10n.times import date, moment
from storage.interim import interim_schedule
from storage.members import department_members
from storage.models import PeriodStatus, Program
from storage.periods import get_period
from storage.plans import plan_years
from storage.programs import get_department
from storage.progress import program_progress
from storage.reminders import last_reminded, muted_members
from storage.workload import Status, worklist


@program_command("status")
async def status(update: Update, context: Context, program: Program, args: list[str]) -> None:
    told: list[str] = []
    period_arg = await period_argument(update, context, program, args[:1], "status", told)
    if period_arg is None or period_arg.year is None:
        return
    year = period_arg.year
    async with context.db.locked() as conn:
        progress = await program_progress(conn, program.id, year)
        period = await get_period(conn, program.id, year)
        if year not in await plan_years(conn, program.id):
            told.append(t("year-no-plans", year=year))
        schedule = await interim_schedule(conn, program.id)
        reminded = await last_reminded(conn, (m.telegram_id for p in progress for m in p.members))
        muted = {
            m.user_id: m.until for m in await muted_members(conn, dt.datetime.now(context.settings.tz).date())
        }
    if period is None:
        period_state = "none"
    elif period.status is PeriodStatus.LOCKED:
        period_state = "locked"
    else:
        period_state = "open" if period.deadline else "open_no_deadline"
    deadline = date(period.deadline) if period and period.deadline else ""
    fit = Fit()
    lines = [
        *told,
        t(
            "status-header",
            year=year,
            program=fit(program.name, 200),
            period=period_state,
            deadline=deadline,
        ),
    ]
    if period is not None and period.status is PeriodStatus.OPEN:
        # The interim reports the program requires (/interim), as reminders follow them.
        lines.append(
            t("status-interim", setting=describe(schedule, year, context.settings.quarter_deadline_days))
        )
    if not progress:
        lines.append(t("status-nothing", year=year))
    buttons = []
    for entry in progress:
        state = Status.REPORTED if entry.complete else Status.DRAFT if entry.drafts else Status.WAITING
        lines.append(
            t(
                "status-department",
                mark=t("status-mark", status=state.value),
                name=fit(entry.department.short_name, 200),
                reported=len(entry.reported),
                assigned=len(entry.assigned),
                drafts=len(entry.drafts),
            )
        )
        if entry.missing:
            lines.append(t("status-missing", numbers=fit(", ".join(entry.missing))))
        if entry.members:
            names = []
            for m in entry.members:
                parts = [fit(m.full_name or str(m.telegram_id), 200)]
                if m.telegram_id in reminded:
                    parts.append(
                        t("status-reminded", when=moment(reminded[m.telegram_id], context.settings.tz))
                    )
                if m.telegram_id in muted:
                    parts.append(t("status-muted", until=date(muted[m.telegram_id])))
                names.append(" ".join(parts))
            lines.append(t("status-members", members=", ".join(names)))
        else:
            lines.append(t("status-no-members"))
        if entry.missing and entry.members and period is not None and period.status is PeriodStatus.OPEN:
            buttons.append(
                [InlineKeyboardButton(
                    button_label(t("button-remind", department=entry.department.short_name)),
                    callback_data=callbacks.RemindDepartment(program.id, year, entry.department.id).data(),
                )]
            )  # fmt: skip
    lines.append(await review.status_line(context, program.id, year, buttons))  # the review loop's counts
    # Every department is listed: a long state comes in several messages, the buttons with the last one.
    chat = update.effective_chat
    assert chat is not None
    pages = fit.pages("\n".join(lines))
    markup = InlineKeyboardMarkup(buttons) if buttons else None
    for i, page in enumerate(pages):
        await context.bot.send_message(chat.id, page, reply_markup=markup if i == len(pages) - 1 else None)


@coordinators_only
async def remind_department(update: Update, context: Context) -> None:
    """«Нагадати»: the department's members get the reminder the schedule sends, delivered the same way."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = callbacks.RemindDepartment.parse(query.data)
    if parsed is None:
        await answer(query, t("stale-button"))
        return
    async with context.db.locked() as conn:
        department = await get_department(conn, parsed.department_id)
        members = await department_members(conn, parsed.department_id)
        period = await get_period(conn, parsed.program_id, parsed.year)
        items = [
            i for i in await worklist(conn, parsed.department_id, None)
            if i.program_id == parsed.program_id and i.year == parsed.year and i.status is Status.WAITING
        ]  # fmt: skip
    if department is None or not items or not members:
        name = (
            clip(department.short_name, 60) if department else "?"
        )  # an alert shows plain text, 200 at most
        await answer(query, t("remind-nobody", department=name), show_alert=True)
        return
    await answer(query)
    now = context.bot_data.clock()
    owed = tuple(Owed(i.measure_id, i.number, i.text) for i in items)
    sent = 0
    for member in members:
        if member.blocked_at is not None:
            continue
        reminder = manual_reminder(
            member.telegram_id, parsed.program_id, parsed.year, parsed.department_id,
            period.deadline if period else None, owed, now,
        )  # fmt: skip
        text, markup = render_owed(reminder, department.short_name)
        if await deliver(context.application, context.db, reminder, text, markup, now) == "sent":
            sent += 1
    fit = Fit()
    await context.bot.send_message(
        update.effective_chat.id, fit.one(t("remind-sent", count=sent, department=fit(department.short_name)))
    )
