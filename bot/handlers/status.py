"""/status: a line per department; its details (what it owes, who is in the bot, «Нагадати») behind a button.
With several programs, for those who see them all: the city at a glance (``bot.handlers.city``)."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo

from actions import status as actions
from actions.refusals import Refused
from bot import callbacks, choosers
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label, clip
from bot.handlers import city, indicator_review, review
from bot.handlers.coordinator import (
    coordinators_only,
    period_argument,
    program_command,
    readers_only,
    reply,
    show_chooser,
)
from bot.handlers.interim import describe
from bot.handlers.members import own_first
from bot.refusals import actor_of, answer_refused, refusal_text
from bot.reminders.delivery import deliver
from bot.reminders.rendering import render_owed
from bot.reminders.rules import Owed, manual_reminder
from l10n import t
from l10n.times import date, moment
from storage.models import Program
from storage.programs import list_programs
from storage.progress import DepartmentProgress
from storage.workload import Status

MAX_DETAIL_BUTTONS = 90  # Telegram takes up to 100 buttons under a message; the review and invite ones too
# (more departments: a chooser of them, bot/choosers.py)


def _state(entry: DepartmentProgress) -> Status:
    return Status.REPORTED if entry.complete else Status.DRAFT if entry.drafts else Status.WAITING


@program_command(
    "status", takes=1, reads=True, city=(city.wanted, city.overview)
)  # several programs: the city's
async def status(update: Update, context: Context, program: Program, args: list[str]) -> None:
    """One line per department; who has nobody in the bot, once; each department's details behind its button."""
    told: list[str] = []
    period_arg = await period_argument(update, context, program, args[:1], "status", told)
    if period_arg is None or period_arg.year is None:
        return
    year = period_arg.year
    try:
        state = await actions.year_status(context.db, actor_of(update, context), program.id, year)
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    progress, waiting = state.progress, state.waiting
    if not state.planned:
        told.append(t("year-no-plans", year=year))
    fit = Fit()
    lines = [
        *told,
        t(
            "status-header",
            year=year,
            program=fit(program.name, 200),
            period=state.period.value,
            deadline=date(state.deadline) if state.deadline else "",
        ),
    ]
    if state.interim is not None:
        # The interim reports the program requires (/interim), as reminders follow them.
        lines.append(
            t("status-interim", setting=describe(state.interim, year, context.settings.quarter_deadline_days))
        )
    if not progress:
        lines.append(t("status-nothing", year=year))
    for entry in progress:
        lines.append(
            t(
                "status-department",
                mark=t("status-mark", status=_state(entry).value),
                name=fit(entry.department.short_name, 100),
                reported=len(entry.reported),
                assigned=len(entry.assigned),
                drafts=len(entry.drafts),
                waiting=waiting[entry.department.id],
            )
        )
    buttons: list[list[InlineKeyboardButton]] = []
    nobody = [e.department.short_name for e in progress if not e.members]
    if nobody:  # said once, with one button to invite them (for those who may)
        lines.append(t("status-no-members", count=len(nobody), departments=fit(", ".join(nobody), 1500)))
    if nobody and state.changes:
        buttons.append(
            [
                InlineKeyboardButton(
                    t("button-invite-missing", count=len(nobody)),
                    callback_data=callbacks.InviteMissing(program.id, year).data(),
                )
            ]
        )
    # the review loop's counts («Перевірити звіти» for those who review)
    lines.append(await review.status_line(context, program.id, year, buttons if state.changes else []))
    indicators_line = await indicator_review.status_line(
        context, actor_of(update, context), program.id, year, buttons if state.changes else []
    )
    if indicators_line is not None:  # the indicators beside the measures (a program with none: no line)
        lines.append(indicators_line)
    # The Mini App (WEBAPP_URL set): the program's year on the coordinator's desk.
    if context.settings.webapp_url:
        url = f"{context.settings.webapp_url}#program={program.id}&year={year}"
        buttons.append([InlineKeyboardButton(t("webapp-open-button"), web_app=WebAppInfo(url))])
    # More departments than buttons fit under a message: their details come through a chooser after it.
    many = len(progress) > MAX_DETAIL_BUTTONS
    details = [
        InlineKeyboardButton(
            button_label(
                t(
                    "button-status-details",
                    mark=t("status-mark", status=_state(e).value),
                    department=e.department.short_name,
                ),
                40,
            ),
            callback_data=callbacks.StatusDetails(program.id, year, e.department.id).data(),
        )
        for e in ([] if many else progress)
    ]
    if details:
        lines.append(t("status-details-hint"))
        buttons.extend(details[i : i + 3] for i in range(0, len(details), 3))
    # A long state comes in several messages, the buttons with the last one.
    chat = update.effective_chat
    assert chat is not None
    pages = fit.pages("\n".join(lines))
    markup = InlineKeyboardMarkup(buttons) if buttons else None
    for i, page in enumerate(pages):
        await context.bot.send_message(chat.id, page, reply_markup=markup if i == len(pages) - 1 else None)
    if many:
        items = tuple(
            choosers.Item(
                e.department.id,
                t(
                    "button-status-details",
                    mark=t("status-mark", status=_state(e).value),
                    department=e.department.short_name,
                ),
                choosers.normal(f"{e.department.short_name} {e.department.name}"),
            )
            for e in progress
        )
        prompt = t("status-details-choose")
        await show_chooser(update, context, "details", prompt, items, columns=2, of=(program.id, year))


def wrapped_numbers(numbers: list[str]) -> list[str]:
    """Measure numbers a line per task («3.1, 3.4, 3.10»), in the order given, not one endless line."""
    lines: dict[str, list[str]] = {}
    for number in numbers:
        lines.setdefault(number.split(".")[0], []).append(number)
    return [", ".join(group) for group in lines.values()]


@readers_only
async def on_details(update: Update, context: Context) -> None:
    """A department's details from /status: what it owes, its drafts, who is in the bot, when reminded."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = callbacks.StatusDetails.parse(query.data)
    if parsed is None:  # forged
        await answer(query, t("stale-button"))
        return
    today = dt.datetime.now(context.settings.tz).date()
    try:
        details = await actions.department_status(
            context.db, actor_of(update, context), parsed.program_id, parsed.year, parsed.department_id, today
        )
    except Refused as refused:  # a department no longer in the program's year
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    fit = Fit()
    entry, reminded, muted = details.entry, details.reminded, details.muted
    department = entry.department
    lines = [
        t(
            "status-details-header",
            mark=t("status-mark", status=_state(entry).value),
            name=fit(department.name, 300),
            short=fit(department.short_name, 100),
            year=parsed.year,
            reported=len(entry.reported),
            assigned=len(entry.assigned),
        )
    ]
    if entry.missing:
        lines.append(t("status-details-missing", count=len(entry.missing)))
        lines.extend(f"• {fit(group)}" for group in wrapped_numbers(entry.missing))
    if entry.drafts:
        lines.append(t("status-details-drafts", numbers=fit(", ".join(entry.drafts), 1000)))
    if details.waiting:
        lines.append(t("status-details-waiting", numbers=fit(", ".join(details.waiting), 1000)))
    buttons = []
    if entry.members:
        names = []
        for m in entry.members:
            parts = [fit(m.full_name or str(m.telegram_id), 100)]
            if m.telegram_id in reminded:
                parts.append(t("status-reminded", when=moment(reminded[m.telegram_id], context.settings.tz)))
            if m.telegram_id in muted:
                parts.append(t("status-muted", until=date(muted[m.telegram_id])))
            if m.blocked_at is not None:  # nothing reaches them: the coordinator asks them another way
                parts.append(
                    t("status-blocked", since=date(m.blocked_at.astimezone(context.settings.tz).date()))
                )
            names.append(" ".join(parts))
        lines.append(t("status-members", members=", ".join(names)))
        if details.can_remind:
            buttons.append(
                [
                    InlineKeyboardButton(
                        button_label(t("button-remind", department=department.short_name)),
                        callback_data=callbacks.RemindDepartment(
                            parsed.program_id, parsed.year, department.id
                        ).data(),
                    )
                ]
            )
    else:
        lines.append(t("status-details-no-members"))
    if not entry.members and details.changes:
        buttons.append(
            [
                InlineKeyboardButton(
                    button_label(t("button-invite-department", department=department.short_name)),
                    callback_data=callbacks.InviteFor(department.id).data(),
                )
            ]
        )
    pages = fit.pages("\n".join(lines))
    markup = InlineKeyboardMarkup(buttons) if buttons else None
    for i, page in enumerate(pages):
        await context.bot.send_message(
            update.effective_chat.id, page, reply_markup=markup if i == len(pages) - 1 else None
        )


@coordinators_only
async def invite_missing(update: Update, context: Context) -> None:
    """/status's invite button: /invite's choice, of the departments of the year with nobody in the bot."""
    query = update.callback_query
    assert query is not None
    parsed = callbacks.InviteMissing.parse(query.data)
    if parsed is None:  # forged
        await answer(query, t("stale-button"))
        return
    try:
        nobody = await actions.without_members(
            context.db, actor_of(update, context), parsed.program_id, parsed.year
        )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    if nobody is None:  # a program (year) with no departments
        await answer(query, t("stale-button"))
        return
    async with context.db.locked() as conn:
        own = {p.responsible_department_id for p in await list_programs(conn) if p.responsible_department_id}
    await answer(query)
    if not nobody:
        await reply(update, t("status-everyone-invited"))
        return
    items = choosers.department_items(own_first(nobody, own))
    await show_chooser(update, context, "invite", t("invite-choose"), items, columns=2)


@coordinators_only
async def remind_department(update: Update, context: Context) -> None:
    """«Нагадати»: the department's members get the reminder the schedule sends, delivered the same way."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.RemindDepartment)
    if parsed is None:
        return
    try:
        reminding = await actions.remind_department(
            context.db, actor_of(update, context), parsed.program_id, parsed.year, parsed.department_id
        )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    department = reminding.department
    if department is None or reminding.nobody:
        name = (
            clip(department.short_name, 60) if department else "?"
        )  # an alert shows plain text, 200 at most
        await answer(query, t("remind-nobody", department=name), show_alert=True)
        return
    await answer(query)
    now = context.bot_data.clock()
    owed = tuple(Owed(i.measure_id, i.number, i.text) for i in reminding.owed)
    sent = taken = 0
    blocked = reminding.blocked  # marked before
    for telegram_id in reminding.recipients:
        reminder = manual_reminder(
            telegram_id,
            parsed.program_id,
            parsed.year,
            parsed.department_id,
            reminding.deadline,
            owed,
            now,
            query.message.message_id if query.message is not None else None,
        )
        text, markup = render_owed(reminder, department.short_name, reminding.program)
        outcome = await deliver(context.application, context.db, reminder, text, markup, now)
        if outcome == "sent":
            sent += 1
        elif (
            outcome == "taken"
        ):  # reminded from this button this minute already (a double tap): once is enough
            taken += 1
        elif outcome == "blocked":  # blocked the bot (or deleted the account) since
            blocked.append(reminding.names.get(telegram_id, str(telegram_id)))
    fit = Fit()
    if taken and not sent:
        text = t("remind-just-sent", department=fit(department.short_name))
    else:
        text = t("remind-sent", count=sent, department=fit(department.short_name))
    if blocked:
        text += "\n" + t("remind-blocked", count=len(blocked), names=fit(", ".join(blocked), 1500))
    await context.bot.send_message(update.effective_chat.id, fit.one(text))
