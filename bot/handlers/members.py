"""Invites and members of departments: who may report for which department.

An invite link serves several colleagues of one department until it expires or is revoked (a button under
the link and in /members); /members shows who joined through which link, and each link's uses."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions import members as actions
from actions.refusals import Refused
from bot import callbacks, choosers
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label
from bot.handlers import roles
from bot.handlers.coordinator import coordinators_only, reply, show_chooser, takes_at_most
from bot.handlers.gate import forget_role
from bot.refusals import actor_of, answer_refused, refusal_text
from l10n import t
from l10n.times import date
from storage.db import utcnow
from storage.members import Invite
from storage.models import Department

MAX_REVOKE_BUTTONS = 20  # the newest active invites of a department get «Відкликати» under its list


def own_first(departments: list[Department], own: set[int]) -> list[Department]:
    """The coordinators' own departments (the programs' responsible ones) first, the rest in their order."""
    return [d for d in departments if d.id in own] + [d for d in departments if d.id not in own]


async def _choose_department(update: Update, context: Context, prompt: str, purpose: str) -> None:
    """The departments whose people the person manages (an administrator's: all; a coordinator's: those of their
    programs), their programs' responsible ones first."""
    try:
        found = await actions.departments_for(context.db, actor_of(update, context))
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    departments = own_first(found.departments, set(found.own))
    if not departments:
        await reply(update, t("invite-no-departments"))
        return
    await show_chooser(update, context, purpose, prompt, choosers.department_items(departments), columns=2)


@coordinators_only
@takes_at_most(0, "invite")
async def invite(update: Update, context: Context) -> None:
    await _choose_department(update, context, t("invite-choose"), "invite")


@coordinators_only
async def invite_for(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.InviteFor)
    if parsed is None:
        return
    ttl = dt.timedelta(days=context.settings.invite_ttl_days)
    assert update.effective_user is not None
    username = update.effective_user.username  # the link names its creator in /members
    try:
        made = await actions.invite(
            context.db, actor_of(update, context), parsed.department_id, ttl=ttl, username=username
        )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    # Telegram is answered after the transaction: nobody else waits for the database meanwhile.
    await answer(query)
    link = f"https://t.me/{context.bot.username}?start={made.code}"
    expires = date(made.expires_at.astimezone(context.settings.tz).date())
    fit = Fit()
    await context.bot.send_message(
        update.effective_chat.id,
        fit.one(t("invite-created", department=fit(made.department.name, 300), link=link, expires=expires)),
        disable_web_page_preview=True,
        reply_markup=_revoke_keyboard([made.invite_id], context),
    )


def _revoke_keyboard(
    invite_ids: list[int], context: Context, invites: dict[int, Invite] | None = None
) -> InlineKeyboardMarkup | None:
    if not invite_ids:
        return None
    rows = []
    for invite_id in invite_ids:
        invite = (invites or {}).get(invite_id)
        label = (
            t("button-revoke-invite-of", created=date(_local(invite.created_at, context)))
            if invite is not None and len(invite_ids) > 1
            else t("button-revoke-invite")
        )
        rows.append([InlineKeyboardButton(label, callback_data=callbacks.RevokeInvite(invite_id).data())])
    return InlineKeyboardMarkup(rows)


def _local(moment: dt.datetime, context: Context) -> dt.date:
    return moment.astimezone(context.settings.tz).date()


def _creator(invite: Invite, fit: Fit) -> str:
    return fit(invite.created_by_name or invite.created_by, 100)


def invite_line(invite: Invite, short_name: str, now: dt.datetime, context: Context, fit: Fit) -> str:
    state = (
        "revoked" if invite.revoked_at is not None else ("active" if invite.expires_at > now else "expired")
    )
    return t(
        "invite-line",
        department=fit(short_name, 100),
        uses=invite.uses,
        state=state,
        expires=date(_local(invite.expires_at, context)),
        revoked=date(_local(invite.revoked_at, context)) if invite.revoked_at else "none",
        created=date(_local(invite.created_at, context)),
        creator=_creator(invite, fit),
    )


@coordinators_only
async def revoke(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.RevokeInvite)
    if parsed is None:
        return
    try:
        revoked = await actions.revoke(context.db, actor_of(update, context), parsed.invite_id)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    fit = Fit()
    line = invite_line(revoked.invite, revoked.department.short_name, utcnow(), context, fit)
    text = t("invite-revoked", line=line)
    await context.bot.send_message(update.effective_chat.id, fit.one(text))


@coordinators_only
@takes_at_most(0, "members")
async def members(update: Update, context: Context) -> None:
    await roles.send_roles(update, context)  # who coordinates and observes what; then whose people to see
    await _choose_department(update, context, t("members-choose"), "members")


async def _show_members(update: Update, context: Context, people_of: actions.People) -> None:
    assert update.effective_chat is not None
    department, people, invites = people_of.department, people_of.members, people_of.invites
    department_id = department.id
    fit = Fit()
    now = utcnow()
    by_id = {i.id: i for i in invites}
    short = department.short_name or department.name
    if people:
        lines = [t("members-list", department=fit(department.name, 300))]
    else:
        lines = [t("members-none", department=fit(department.name, 300))]
    for p in people:
        link = by_id.get(p.invite_id) if p.invite_id is not None else None
        lines.append(
            t(
                "member-line",
                name=fit(p.full_name or p.telegram_id, 200),
                username=fit(p.username) if p.username else "none",
                joined=date(_local(p.joined_at, context)) if p.joined_at else "none",
                via=t(
                    "member-via", created=date(_local(link.created_at, context)), creator=_creator(link, fit)
                )
                if link is not None
                else "none",
            )
        )
    if invites:
        lines.append("")
        lines.append(t("members-invites"))
        lines += [invite_line(i, short, now, context, fit) for i in invites]
    active = [i.id for i in invites if i.active(now)][:MAX_REVOKE_BUTTONS]  # newest first
    # A few people: «Вилучити» beside each under the list; more: a chooser of their own after it (in pages).
    chooser = len(people) > choosers.PAGE_BUTTONS
    rows = [
        [
            InlineKeyboardButton(
                button_label(t("button-remove", name=p.full_name or p.telegram_id)),
                callback_data=callbacks.RemoveMember(department_id, p.telegram_id).data(),
            )
        ]
        for p in ([] if chooser else people)
    ]
    revoke_rows = _revoke_keyboard(active, context, by_id)
    if revoke_rows is not None:
        rows += [list(r) for r in revoke_rows.inline_keyboard]
    # Everyone is listed: a long list comes in several messages, the buttons with the last one.
    pages = fit.pages("\n".join(lines))
    for i, page in enumerate(pages):
        last = i == len(pages) - 1
        await context.bot.send_message(
            update.effective_chat.id, page, reply_markup=InlineKeyboardMarkup(rows) if last and rows else None
        )
    if chooser:
        items = tuple(
            choosers.Item(
                p.telegram_id,
                t("button-remove", name=p.full_name or p.telegram_id),
                choosers.normal(f"{p.full_name} {p.username or ''} {p.telegram_id}"),
            )
            for p in people
        )
        await show_chooser(update, context, "remove", t("members-remove-choose"), items, of=(department_id,))


@coordinators_only
async def on_members_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = callbacks.parse(query.data)
    if isinstance(parsed, callbacks.ListMembers):
        try:  # a department of the person's programs (a forged button of another is refused)
            people = await actions.department_people(
                context.db, actor_of(update, context), parsed.department_id
            )
        except Refused as refused:
            await answer_refused(query, refused, context.settings.tz)
            return
        await answer(query)
        await _show_members(update, context, people)
        return
    if not isinstance(parsed, callbacks.RemoveMember):
        await answer(query, t("stale-button"))
        return
    try:
        removed = await actions.remove_member(
            context.db, actor_of(update, context), parsed.department_id, parsed.user_id
        )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    forget_role(context.bot_data, parsed.user_id)
    await answer(query)
    person = removed.member
    assert update.effective_chat is not None
    fit = Fit()
    text = t(
        "member-removed",
        name=fit((person.full_name if person else "") or parsed.user_id, 200),
        department=fit(removed.department.short_name, 200),
    )
    await context.bot.send_message(update.effective_chat.id, fit.one(text))
