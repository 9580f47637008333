"""Roles in the chat: /appoint makes a role link (a program's coordinator, or an observer), /start with its code
takes the role, /members lists the roles held with «Відкликати» (the rules: actions.roles).

A role taken or revoked counts at once: the person's cached role is forgotten (bot/handlers/gate.py) and their
command menu set again (bot/menus.py)."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions import roles as actions
from actions.refusals import Refused
from bot import callbacks, choosers
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label, program_label
from bot.handlers.coordinator import coordinators_only, reply, show_chooser, takes_at_most
from bot.handlers.gate import forget_role, resolve_role
from bot.menus import set_menu
from bot.refusals import actor_of, answer_refused, refusal_text
from l10n import t
from l10n.times import date
from storage.models import Program
from storage.roles import Grant, RoleKind, RoleLink

MAX_BUTTONS = 90  # Telegram takes up to 100 buttons under a message


def _local(moment: dt.datetime, context: Context) -> dt.date:
    return moment.astimezone(context.settings.tz).date()


def role_name(kind: RoleKind, program: Program | None, fit: Fit) -> str:
    """«координатор програми «…»», «спостерігач …» (a message's text: the program's name through ``fit``)."""
    return t("role-name", kind=kind.value, program=fit(program_label(program)) if program else "")


# --- /appoint ------------------------------------------------------------------------------------------------


@coordinators_only
@takes_at_most(0, "appoint")
async def appoint(update: Update, context: Context) -> None:
    try:
        programs = await actions.appointable_programs(context.db, actor_of(update, context))
    except Refused as refused:  # a coordinator, not an administrator
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    rows = []
    if len(programs) == 1:
        label = t("button-appoint-coordinator-of", program=program_label(programs[0], 40))
        rows.append([_button(label, callbacks.Appoint("coordinator", programs[0].id))])
    elif programs:
        rows.append([_button(t("button-appoint-coordinator"), callbacks.Appoint("programs", 0))])
    rows.append([_button(t("button-appoint-observer"), callbacks.Appoint("observer", 0))])
    await reply(update, t("appoint-choose"), reply_markup=InlineKeyboardMarkup(rows))


def _button(label: str, kind: callbacks.Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(button_label(label), callback_data=kind.data())


@coordinators_only
async def on_appoint(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None and update.effective_user is not None
    parsed = await pressed(query, callbacks.Appoint)
    if parsed is None:
        return
    actor = actor_of(update, context)
    try:
        if parsed.kind == "programs":
            programs = await actions.appointable_programs(context.db, actor)
        else:
            kind = RoleKind.COORDINATOR if parsed.kind == "coordinator" else RoleKind.OBSERVER
            made = await actions.role_link(
                context.db,
                actor,
                kind,
                parsed.program_id if kind is RoleKind.COORDINATOR else None,
                ttl=dt.timedelta(days=context.settings.invite_ttl_days),
                username=update.effective_user.username,  # the link names its creator in /members
            )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    if parsed.kind == "programs":
        items = choosers.program_items(programs)
        await show_chooser(update, context, "appoint", t("appoint-choose-program"), items)
        return
    fit = Fit()
    text = t(
        "role-link-created",
        role=role_name(made.link.kind, made.program, fit),
        kind=made.link.kind.value,
        link=f"https://t.me/{context.bot.username}?start={made.code}",
        expires=date(_local(made.link.expires_at, context)),
    )
    revoke = InlineKeyboardMarkup(
        [[_button(t("button-revoke-role-link"), callbacks.RevokeRoleLink(made.link.id))]]
    )
    await context.bot.send_message(
        update.effective_chat.id, fit.one(text), disable_web_page_preview=True, reply_markup=revoke
    )


@coordinators_only
async def on_revoke_link(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.RevokeRoleLink)
    if parsed is None:
        return
    try:
        revoked = await actions.revoke_link(context.db, actor_of(update, context), parsed.link_id)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    fit = Fit()
    text = t("role-link-revoked", role=role_name(revoked.link.kind, revoked.program, fit))
    await context.bot.send_message(update.effective_chat.id, fit.one(text))


# --- taking a role (/start role-…) ---------------------------------------------------------------------------


async def take(update: Update, context: Context, code: str) -> bool:
    """The role of the link with ``code``: taken (True; the person's menu is the role's now), or refused."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    try:
        taken = await actions.take_role(context.db, actor_of(update, context), code, username=user.username)
    except Refused as refused:
        await message.reply_text(refusal_text(refused, context.settings.tz))
        return False
    forget_role(context.bot_data, user.id)
    context.role = await resolve_role(context, user.id)
    await set_menu(context.bot, context.role, context.settings.webapp_url)
    fit = Fit()
    result = "taken" if taken.new else "already"
    await message.reply_text(
        fit.one(t("role-taken", result=result, role=role_name(taken.kind, taken.program, fit)))
    )
    return True


# --- the roles in /members -----------------------------------------------------------------------------------


async def send_roles(update: Update, context: Context) -> None:
    """/members's roles: administrators, each program's coordinators, observers, the role links in force; an
    administrator gets «Відкликати» under them. Nothing for one who may not see them."""
    assert update.effective_chat is not None
    try:
        shown = await actions.roles(context.db, actor_of(update, context))
    except Refused:
        return
    fit = Fit()
    lines = [t("roles-header"), t("roles-administrators")]
    lines += [_line(g, context, fit) for g in shown.administrators]
    for program, grants in shown.coordinators:
        name = fit(program_label(program))
        if grants:
            lines.append(t("roles-coordinators", program=name))
            lines += [_line(g, context, fit) for g in grants]
        else:
            lines.append(t("roles-coordinators-none", program=name))
    if shown.observers:
        lines.append(t("roles-observers"))
        lines += [_line(g, context, fit) for g in shown.observers]
    if shown.links:
        lines.append(t("roles-links"))
        lines += [_link_line(link, shown.programs, context, fit) for link in shown.links]
    buttons: list[list[InlineKeyboardButton]] = []
    chooser = False
    items: tuple[choosers.Item, ...] = ()
    if shown.may_change:
        lines.append(t("roles-appoint-hint"))
        revocable = [g for g in (*[g for _, gs in shown.coordinators for g in gs], *shown.observers)]
        # A role's id, or a role link's as a negative number (``choosers.PICKS["revoke"]``).
        items = tuple(
            choosers.Item(
                g.id,
                t("button-revoke-role", name=_name(g), role=_short(g, shown.programs)),
                choosers.normal(f"{_name(g)} {_short(g, shown.programs)}"),
            )
            for g in revocable
        ) + tuple(
            choosers.Item(
                -link.id,
                t(
                    "button-revoke-role-link-of",
                    created=date(_local(link.created_at, context)),
                    role=_short_kind(link.kind, link.program_id, shown.programs),
                ),
                choosers.normal(_short_kind(link.kind, link.program_id, shown.programs)),
            )
            for link in shown.links
        )
        # A few: «Відкликати» beside each under the roles; more: a chooser of their own after them (in pages).
        chooser = len(items) > choosers.PAGE_BUTTONS
        pick = choosers.PICKS["revoke"]
        buttons = [] if chooser else [[_button(item.label, pick((), item.id))] for item in items]
    pages = fit.pages("\n".join(lines))
    for i, page in enumerate(pages):
        last = i == len(pages) - 1
        markup = InlineKeyboardMarkup(buttons) if last and buttons else None
        await context.bot.send_message(update.effective_chat.id, page, reply_markup=markup)
    if shown.may_change and chooser:
        await show_chooser(update, context, "revoke", t("roles-revoke-choose"), items)


def _name(grant: Grant) -> str:
    return grant.user_name or str(grant.user_id)


def _line(grant: Grant, context: Context, fit: Fit) -> str:
    by = "settings" if grant.from_settings else fit(grant.granted_by_name or grant.granted_by, 100)
    return t("role-line", name=fit(_name(grant), 200), granted=date(_local(grant.granted_at, context)), by=by)


def _short_kind(kind: RoleKind, program_id: int | None, programs: dict[int, Program]) -> str:
    program = programs.get(program_id) if program_id is not None else None
    return t("role-short", kind=kind.value, program=program_label(program, 20) if program else "")


def _short(grant: Grant, programs: dict[int, Program]) -> str:
    return _short_kind(grant.kind, grant.program_id, programs)


def _link_line(link: RoleLink, programs: dict[int, Program], context: Context, fit: Fit) -> str:
    program = programs.get(link.program_id) if link.program_id is not None else None
    return t(
        "role-link-line",
        role=role_name(link.kind, program, fit),
        created=date(_local(link.created_at, context)),
        creator=fit(link.created_by_name or link.created_by, 100),
        uses=link.uses,
        expires=date(_local(link.expires_at, context)),
    )


@coordinators_only
async def on_revoke_role(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.RevokeRole)
    if parsed is None:
        return
    try:
        revoked = await actions.revoke_role(context.db, actor_of(update, context), parsed.role_id)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    grant = revoked.grant
    # At once: the person's next update is judged with the role gone, and their menu is theirs again.
    forget_role(context.bot_data, grant.user_id)
    await set_menu(context.bot, await resolve_role(context, grant.user_id), context.settings.webapp_url)
    await answer(query)
    fit = Fit()
    text = t("role-revoked", name=fit(_name(grant), 200), role=role_name(grant.kind, revoked.program, fit))
    await context.bot.send_message(update.effective_chat.id, fit.one(text))
