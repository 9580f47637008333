"""Invites and members of departments: who may report for which department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.answers import answer
from bot.context import Context
from bot.formatting import Fit, button_label
from bot.handlers.coordinator import coordinators_only, reply
from bot.handlers.gate import forget_role
from l10n import t
from l10n.times import date
from storage.members import create_invite, department_members, remove_membership
from storage.programs import get_department, list_departments


async def _choose_department(
    update: Update, context: Context, prompt: str, kind: Callable[[int], callbacks.Button]
) -> None:
    async with context.db.locked() as conn:
        departments = await list_departments(conn)
    if not departments:
        await reply(update, t("invite-no-departments"))
        return
    await reply(update, prompt, reply_markup=keyboards.departments(departments, kind))


@coordinators_only
async def invite(update: Update, context: Context) -> None:
    await _choose_department(update, context, t("invite-choose"), callbacks.InviteFor)


@coordinators_only
async def invite_for(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None and update.effective_chat is not None
    parsed = callbacks.InviteFor.parse(query.data)
    if parsed is None:
        await answer(query, t("stale-button"))
        return
    ttl = dt.timedelta(days=context.settings.invite_ttl_days)
    async with context.db.transaction() as conn:
        department = await get_department(conn, parsed.department_id)
        if department is not None:
            code, expires = await create_invite(conn, parsed.department_id, context.role.user_id, ttl)
    # Telegram is answered after the transaction: nobody else waits for the database meanwhile.
    if department is None:
        await answer(query, t("stale-button"))
        return
    await answer(query)
    link = f"https://t.me/{context.bot.username}?start={code}"
    expires_local = expires.astimezone(context.settings.tz).date()
    fit = Fit()
    await context.bot.send_message(
        update.effective_chat.id,
        fit.one(
            t("invite-created", department=fit(department.name, 300), link=link, expires=date(expires_local))
        ),
        disable_web_page_preview=True,
    )


@coordinators_only
async def members(update: Update, context: Context) -> None:
    await _choose_department(update, context, t("members-choose"), callbacks.ListMembers)


async def _show_members(update: Update, context: Context, department_id: int) -> None:
    assert update.effective_chat is not None
    async with context.db.locked() as conn:
        department = await get_department(conn, department_id)
        people = await department_members(conn, department_id)
    if department is None:
        return
    fit = Fit()
    if not people:
        text = fit.one(t("members-none", department=fit(department.name, 300)))
        await context.bot.send_message(update.effective_chat.id, text)
        return
    lines = [t("members-list", department=fit(department.name, 300))]
    lines += [
        t(
            "member-line",
            name=fit(p.full_name or p.telegram_id, 200),
            username=fit(p.username) if p.username else "none",
        )
        for p in people
    ]
    rows = [
        [InlineKeyboardButton(
            button_label(t("button-remove", name=p.full_name or p.telegram_id)),
            callback_data=callbacks.RemoveMember(department_id, p.telegram_id).data(),
        )]
        for p in people
    ]  # fmt: skip
    # Everyone is listed: a long list comes in several messages, the buttons with the last one.
    pages = fit.pages("\n".join(lines))
    for i, page in enumerate(pages):
        last = i == len(pages) - 1
        await context.bot.send_message(
            update.effective_chat.id, page, reply_markup=InlineKeyboardMarkup(rows) if last else None
        )


@coordinators_only
async def on_members_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = callbacks.parse(query.data)
    if isinstance(parsed, callbacks.ListMembers):
        await answer(query)
        await _show_members(update, context, parsed.department_id)
        return
    if not isinstance(parsed, callbacks.RemoveMember):
        await answer(query, t("stale-button"))
        return
    async with context.db.transaction() as conn:
        department = await get_department(conn, parsed.department_id)
        people = {p.telegram_id: p for p in await department_members(conn, parsed.department_id)}
        removed = await remove_membership(conn, parsed.user_id, parsed.department_id)
    forget_role(context.bot_data, parsed.user_id)
    if not removed or department is None:
        await answer(query, t("member-not-found"), show_alert=True)
        return
    await answer(query)
    person = people.get(parsed.user_id)
    assert update.effective_chat is not None
    fit = Fit()
    text = t("member-removed", name=fit(person.full_name if person else parsed.user_id, 200),
             department=fit(department.short_name, 200))  # fmt: skip
    await context.bot.send_message(update.effective_chat.id, fit.one(text))
