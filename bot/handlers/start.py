"""/start (with or without an invite), /help, and a department's list of measures."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from actions.members import join
from actions.refusals import Refused
from actions.reporting import department_list
from actions.roles import is_role_code
from bot import callbacks, keyboards
from bot.answers import answer, show_in_pressed
from bot.context import Context
from bot.formatting import Fit, short_program_name
from bot.handlers import roles
from bot.handlers.coordinator import first_steps, takes_at_most
from bot.handlers.gate import forget_role, resolve_role
from bot.handlers.reporting import indicators as indicator_screens
from bot.handlers.reporting.handlers import open_first_waiting
from bot.refusals import actor_of, refusal_text
from l10n import t
from l10n.times import date
from storage.programs import list_programs
from storage.workload import Status, WorkItem


@takes_at_most(1, "start")  # an invite's code, or a role link's
async def start(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    if context.args and is_role_code(context.args[0]):
        if await roles.take(update, context, context.args[0]):
            await _welcome(update, context)
        return
    if context.args:
        await _redeem(update, context, context.args[0])
        return
    await _welcome(update, context)


async def _welcome(update: Update, context: Context) -> None:
    """The commands of a coordinator or an observer, then each of the person's departments' lists."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    role = context.role or await resolve_role(context, user.id)
    if role.coordinator:
        await message.reply_text(t("coordinator-welcome") + "\n\n" + await coordinator_help(context))
    elif role.observer:
        await message.reply_text(t("observer-welcome") + "\n\n" + t("help-observer"))
    elif not role.departments:
        await message.reply_text(t("no-departments"))
        return
    for department in role.departments:
        await send_list(update, context, department.id, 0)


async def _redeem(update: Update, context: Context, code: str) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    try:
        joined = await join(context.db, actor_of(update, context), code, username=user.username)
    except Refused as refused:
        await message.reply_text(refusal_text(refused, context.settings.tz))
        return
    forget_role(context.bot_data, user.id)
    fit = Fit()
    result = "joined" if joined.new else "already_member"
    await message.reply_text(
        fit.one(t("invite-result", result=result, department=fit(joined.department.name, 300)))
    )
    context.role = await resolve_role(context, user.id)
    # Straight to the first measure waiting for a report (its card has the way to the list).
    department_id = joined.department.id
    if not await open_first_waiting(update, context, department_id):
        await send_list(update, context, department_id, 0)


async def help_command(update: Update, context: Context) -> None:
    role = context.role
    assert role is not None and update.effective_message is not None
    if role.coordinator:
        text = await coordinator_help(context) + "\n\n" + t("help-member-short")
    elif role.observer:
        text = t("help-observer") + "\n\n" + t("help-member-short")
    else:
        text = t("help-member")
    await update.effective_message.reply_text(text)


async def coordinator_help(context: Context) -> str:
    """The coordinator's commands, one line each (an administrator's too); on an empty database the first
    steps come first."""
    async with context.db.locked() as conn:
        programs = await list_programs(conn)
    text = t("help-coordinator")
    if context.role is not None and context.role.administrator:
        text += "\n\n" + t("help-administrator")
    return text if programs else first_steps(context) + "\n\n" + text


def list_text(items: list[WorkItem], department_name: str, page: int = 0) -> str:
    """The list's header. Its total is every measure in the list, as the card's «Захід 2 з 34» counts them;
    what is left counts only the planned ones (a measure not planned this year owes nothing). A department
    that executes several programs: the deadline is each program's, on a line per program shown on the page
    (what is left of it, of how many, as its cards count)."""
    left = _left(items)
    first = items[0]
    years = ", ".join(str(y) for y in sorted({i.year for i in items}))
    several = keyboards.grouped(items)
    shown = keyboards.page_items(items, page)
    fit = Fit()
    text = t(
        "list-header",
        department=fit(department_name, 300),
        years=years,
        deadline=date(first.deadline) if first.deadline and not several else "none",
        left=left,
        total=len(items),
    )
    if several:
        for program_id in dict.fromkeys(i.program_id for i in shown):
            own = [i for i in items if i.program_id == program_id]
            text += "\n" + t(
                "list-program",
                program=fit(short_program_name(own[0].program_name), 100),
                left=_left(own),
                total=len(own),
                deadline=date(own[0].deadline) if own[0].deadline else "none",
            )
    text += "\n\n" + (t("list-choose") if left else t("list-all-done"))
    if any(not i.planned for i in shown):  # the note where a ➖ is shown
        text += "\n" + t("list-not-planned", years=years, count=sum(1 for i in items if not i.planned))
    return fit.one(text)


def _left(items: list[WorkItem]) -> int:
    return sum(1 for i in items if i.planned and i.status is not Status.REPORTED)


async def send_list(
    update: Update, context: Context, department_id: int, page: int, *, edit: bool = False
) -> None:
    """The department's list (one of the person's: refused otherwise, actions.reporting.department_list)."""
    items = await department_list(context.db, actor_of(update, context), department_id)
    await _show_list(update, context, department_id, items, page, edit=edit)


async def _show_list(
    update: Update, context: Context, department_id: int, items: list[WorkItem], page: int, *, edit: bool
) -> None:
    department = context.role.department(department_id) if context.role else None
    assert department is not None and update.effective_chat is not None  # one of theirs: its name
    if not items:
        # No measure in an open year: the indicators it reports, if any (a department may report only those).
        alone = await indicator_screens.indicators_alone(update, context, department_id, department.name)
        if alone is None:
            await context.bot.send_message(update.effective_chat.id, t("no-open-period"))
        elif edit and update.callback_query is not None and update.callback_query.message is not None:
            await _edit(update.callback_query, *alone)
        else:
            await context.bot.send_message(update.effective_chat.id, alone[0], reply_markup=alone[1])
        return
    text = list_text(items, department.name, page)
    markup = keyboards.measure_list(items, department_id, page)
    if page >= keyboards.page_count(items) - 1:  # the department's indicators after its measures, if any
        text, markup = await indicator_screens.with_indicators(update, context, department_id, text, markup)
    query = update.callback_query
    if edit and query is not None and query.message is not None:
        await _edit(query, text, markup)
    else:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    await show_in_pressed(query, text, markup)  # the page shown already: nothing; the message gone: anew


async def on_page(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None
    parsed = callbacks.Page.parse(query.data)
    if parsed is None:
        await answer(query, t("stale-button"))
        return
    try:
        items = await department_list(context.db, actor_of(update, context), parsed.department_id)
    except Refused as refused:
        await answer(query, refusal_text(refused, context.settings.tz))
        return
    await answer(query)
    await _show_list(update, context, parsed.department_id, items, parsed.page, edit=True)
