"""/mute: a member switches reminders off for a week or until the end of the reporting period."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import callbacks
from bot.answers import answer, pressed
from bot.handlers.coordinator import takes_at_most
from bot.reminders import rules
from bot.reminders.scheduling import local_today, now_of
from l10n import t
from l10n.times import date
from storage.reminders import clear_mutes, load_periods, mute_until, set_mute

if TYPE_CHECKING:
    from bot.context import BotData, Context

WEEK_DAYS = 7


@takes_at_most(0, "mute")
async def mute_command(update: Update, context: Context) -> None:
    message, role = update.effective_message, context.role
    if message is None or role is None:
        return
    if not role.member:
        await message.reply_text(t("mute-only-members"))
        return
    application = context.application
    data: BotData = application.bot_data
    today = local_today(application)
    config = data.settings.reminder_config(data.settings.tz)
    async with context.db.locked() as conn:
        periods = await load_periods(conn)
        muted = await mute_until(conn, role.user_id, today)
    end = rules.period_end(periods, config, today)
    week = today + dt.timedelta(days=WEEK_DAYS - 1)  # today included
    rows = []
    if end is not None and end != week:
        rows.append([_mute_button(t("button-mute-period", until=date(end)), end)])
    rows.append([_mute_button(t("button-mute-days", days=WEEK_DAYS, until=date(week)), week)])
    if muted is not None:
        rows.append([InlineKeyboardButton(t("button-unmute"), callback_data=callbacks.Mute(None).data())])
    text = t("mute-ask-off", until=date(muted)) if muted else t("mute-ask-on")
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))


def _mute_button(label: str, until: dt.date) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.Mute(until).data())


async def on_mute_button(update: Update, context: Context) -> None:
    query, role = update.callback_query, context.role
    if query is None or role is None:
        return
    if not role.member:
        await answer(query, t("mute-only-members"), show_alert=True)
        return
    parsed = await pressed(query, callbacks.Mute)
    if parsed is None:
        return
    if parsed.until is None:
        async with context.db.transaction() as conn:
            await clear_mutes(conn, role.user_id)
        text = t("unmute-done")
    else:
        today = local_today(context.application)
        until = parsed.until
        # Forged or long-stale data: a mute in the past or more than a year ahead is refused.
        if not today <= until <= today + dt.timedelta(days=366):
            await answer(query, t("stale-button"))
            return
        async with context.db.transaction() as conn:
            await set_mute(conn, role.user_id, until, None, now_of(context.application))
        text = t("mute-done", until=date(until))
    await answer(query)
    try:
        await query.edit_message_text(text)
    except BadRequest:  # an old /mute message pressed again (nothing to change) or gone: say it anew
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
