"""/mute: a member switches reminders off for a week or until the end of the reporting period."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import callbacks, texts
from bot.answers import answer
from bot.reminders import rules
from bot.reminders.scheduling import local_today, now_of
from l10n.times import date
from storage.reminders import clear_mutes, load_periods, mute_until, set_mute

if TYPE_CHECKING:
    from bot.context import BotData, Context


async def mute_command(update: Update, context: Context) -> None:
    message, role = update.effective_message, context.role
    if message is None or role is None:
        return
    if not role.member:
        await message.reply_text(texts.MUTE_ONLY_MEMBERS)
        return
    application = context.application
    data: BotData = application.bot_data
    today = local_today(application)
    config = data.settings.reminder_config(data.settings.tz)
    async with context.db.read() as conn:
        periods = await load_periods(conn)
        muted = await mute_until(conn, role.user_id, today)
    end = rules.period_end(periods, config, today)
    week = today + dt.timedelta(days=6)  # seven days, today included
    rows = []
    if end is not None and end != week:
        rows.append([_mute_button(texts.BTN_MUTE_PERIOD.format(until=date(end)), end)])
    rows.append([_mute_button(texts.BTN_MUTE_WEEK.format(until=date(week)), week)])
    if muted is not None:
        rows.append([InlineKeyboardButton(texts.BTN_UNMUTE, callback_data=callbacks.Mute(None).data())])
    text = texts.MUTE_ASK_OFF.format(until=date(muted)) if muted else texts.MUTE_ASK_ON
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))


def _mute_button(label: str, until: dt.date) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.Mute(until).data())


async def on_mute_button(update: Update, context: Context) -> None:
    query, role = update.callback_query, context.role
    if query is None or role is None:
        return
    if not role.member:
        await answer(query, texts.MUTE_ONLY_MEMBERS, show_alert=True)
        return
    parsed = callbacks.Mute.parse(query.data)
    if parsed is None:
        await answer(query, texts.STALE_BUTTON)
        return
    if parsed.until is None:
        async with context.db.transaction() as conn:
            await clear_mutes(conn, role.user_id)
        text = texts.UNMUTE_DONE
    else:
        today = local_today(context.application)
        until = parsed.until
        # Forged or long-stale data: a mute in the past or more than a year ahead is refused.
        if not today <= until <= today + dt.timedelta(days=366):
            await answer(query, texts.STALE_BUTTON)
            return
        async with context.db.transaction() as conn:
            await set_mute(conn, role.user_id, until, None, now_of(context.application))
        text = texts.MUTE_DONE.format(until=date(until))
    await answer(query)
    try:
        await query.edit_message_text(text)
    except BadRequest:  # an old /mute message pressed again (nothing to change) or gone: say it anew
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
