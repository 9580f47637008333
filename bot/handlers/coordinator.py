"""What only coordinators may do. Every handler checks the role itself: buttons are never trusted."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable

from telegram import Update

from bot import callbacks, keyboards, texts
from bot.context import Context
from bot.formatting import date, esc
from storage.members import create_invite
from storage.programs import get_department, list_departments

Handler = Callable[[Update, Context], Awaitable[None]]


def coordinators_only(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def wrapped(update: Update, context: Context) -> None:
        if context.role is None or not context.role.coordinator:
            if update.callback_query:
                await update.callback_query.answer(texts.NOT_COORDINATOR, show_alert=True)
            elif update.effective_message:
                await update.effective_message.reply_text(texts.NOT_COORDINATOR)
            return
        await handler(update, context)

    return wrapped


@coordinators_only
async def invite(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    async with context.db.read() as conn:
        departments = await list_departments(conn)
    if not departments:
        await message.reply_text(texts.INVITE_NO_DEPARTMENTS)
        return
    await message.reply_text(texts.INVITE_CHOOSE, reply_markup=keyboards.departments(departments))


@coordinators_only
async def invite_for(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None and update.effective_chat is not None
    parsed = callbacks.parse(query.data)
    if not isinstance(parsed, callbacks.InviteFor):
        await query.answer(texts.STALE_BUTTON)
        return
    ttl = dt.timedelta(days=context.settings.invite_ttl_days)
    async with context.db.transaction() as conn:
        department = await get_department(conn, parsed.department_id)
        if department is None:
            await query.answer(texts.STALE_BUTTON)
            return
        code, expires = await create_invite(conn, parsed.department_id, context.role.user_id, ttl)
    await query.answer()
    link = f"https://t.me/{context.bot.username}?start={code}"
    expires_local = expires.astimezone(context.settings.tz).date()
    await context.bot.send_message(
        update.effective_chat.id,
        texts.INVITE_CREATED.format(department=esc(department.name), link=link, expires=date(expires_local)),
        parse_mode="HTML",
        disable_web_page_preview=True,
    )
