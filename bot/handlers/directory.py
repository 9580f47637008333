"""/departments: the coordinator's directory of departments (the rules: actions.directory).

The list comes in pages (``PAGE_SIZE`` departments: a line and a button each, within Telegram's 4096 characters
and 100 buttons), with «Таблиця довідника» (the sheet, filled on a computer and sent back: an upload previewed
and applied like a plan sheet). A department's button opens its card: «Перейменувати» keeps in the database
that the coordinator's next message is the new short name (any command drops it); «Об'єднати з…» lists the
departments to merge it into, then asks to confirm with what the merge moves (or the other way round). Moving
between these views, and the merge done, edit the one message (so a merge confirmed loses its button); the
rename's question and answer are messages of their own.

Every edit of the directory forgets the departments the bot keeps in memory for its users (their names and
memberships, bot/handlers/gate.py): they are read again at their next update. An edit from another process
(``python -m cli departments``, while the bot runs) is noticed by a repeating job within ``WATCH_SECONDS``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import Application

from actions.directory import (
    Directory,
    DirectoryApplied,
    DirectoryEntry,
    DirectoryPreview,
    Merged,
    MergePlan,
    cancel_rename,
    department_entry,
    directory,
    directory_sheet,
    finish_rename,
    merge_departments,
    merge_plan,
    rename_awaited,
    start_rename,
)
from actions.indicators import fact_comment_awaited
from actions.refusals import Refused
from actions.reviews import comment_awaited
from bot import callbacks, choosers
from bot.answers import answer, pressed
from bot.context import BotData, Context
from bot.formatting import Fit, button_label, esc, program_label
from bot.handlers import review
from bot.handlers.coordinator import coordinators_only, on_chooser_text, reply, takes_at_most
from bot.handlers.reporting import handlers as reporting
from bot.refusals import actor_of, answer_refused, refusal_text
from l10n import t
from reports.directory_sheet import ALIAS_SEPARATOR, DirectorySheetToSend, render_diff
from storage.departments import MAX_SHORT_NAME, written_elsewhere

PAGE_SIZE = 20  # departments per page of the list and of «Об'єднати з…»
DIFF_LIMIT = 3000  # the sheet's preview, within Telegram's 4096 with the words around it


WATCH_SECONDS = 10  # how soon a change of the database by another process is noticed
WATCH_JOB = "directory-watch"


def directory_changed(context: Context) -> None:
    """The directory changed: every user's departments are read again (names, merged memberships)."""
    context.bot_data.roles.clear()


def setup_directory_watch(application: Application) -> None:
    job_queue = application.job_queue
    if job_queue is None or job_queue.get_jobs_by_name(WATCH_JOB):
        return
    job_queue.run_repeating(
        _watch,
        interval=dt.timedelta(seconds=WATCH_SECONDS),
        first=1,
        name=WATCH_JOB,
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


async def _watch(context: Context) -> None:
    await forget_if_written_elsewhere(context.application)


async def forget_if_written_elsewhere(application: Application) -> bool:
    """When another process wrote to the database since the last look, every user's departments are read
    again (the directory may have changed under them); True then. The first look only notes where it is."""
    data: BotData = application.bot_data
    if data.db is None:
        return False
    async with data.db.locked() as conn:
        version = await written_elsewhere(conn)
    changed = data.seen_version is not None and version != data.seen_version
    data.seen_version = version
    if changed:
        data.roles.clear()
    return changed


def _pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def _page(count: int, page: int) -> int:
    return min(max(page, 0), _pages(count) - 1)


def _nav(pages: int, page: int, make: Callable[[int], callbacks.Button]) -> list[InlineKeyboardButton]:
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(t("departments-page-previous"), callback_data=make(page - 1).data()))
    if pages > 1:
        row.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=make(page).data()))
    if page < pages - 1:
        row.append(InlineKeyboardButton(t("departments-page-next"), callback_data=make(page + 1).data()))
    return row


def _pairs(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def list_view(found: Directory, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    if not found.entries:
        return t("departments-empty"), None
    pages = _pages(len(found.entries))
    page = _page(len(found.entries), page)
    shown = found.entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    fit = Fit()
    lines = [t("departments-header", count=len(found.entries), page=page + 1, pages=pages)]
    for entry in shown:
        d = entry.department
        lines.append(
            t(
                "departments-line",
                short=fit(d.short_name, 60),
                name=fit(d.name, 300),
                measures=sum(count for _, count in entry.measures),
                members=entry.members,
                reports="yes" if entry.has_reports else "no",
            )
        )
    buttons = [
        InlineKeyboardButton(
            button_label(e.department.short_name),
            callback_data=callbacks.DepartmentCard(e.department.id).data(),
        )
        for e in shown
    ]
    rows = _pairs(buttons)
    nav = _nav(pages, page, lambda p: callbacks.DirectoryView("list", p))
    if nav:
        rows.append(nav)
    rows.append(
        [
            InlineKeyboardButton(
                t("departments-button-sheet"), callback_data=callbacks.DirectoryView("sheet", page).data()
            )
        ]
    )
    return fit.one("\n".join(lines)), InlineKeyboardMarkup(rows)


@coordinators_only
@takes_at_most(0, "departments")
async def departments(update: Update, context: Context) -> None:
    try:
        found = await directory(context.db, actor_of(update, context))
    except Refused as refused:  # a program's coordinator: the directory is the city's administrators'
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    text, markup = list_view(found, 0)
    await reply(update, text, reply_markup=markup)


async def _show(update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """The pressed message becomes this view (a new message when it cannot be edited)."""
    query = update.callback_query
    assert query is not None
    if query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


@coordinators_only
async def on_view(update: Update, context: Context) -> None:
    """A page of the list, or «Таблиця довідника»."""
    query = update.callback_query
    assert query is not None
    parsed = await pressed(query, callbacks.DirectoryView)
    if parsed is None:
        return
    actor = actor_of(update, context)
    try:
        if parsed.action == "sheet":
            sheet = await directory_sheet(context.db, actor)
        else:
            found = await directory(context.db, actor)
    except Refused as refused:  # a program's coordinator: the directory is the city's administrators'
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    if parsed.action == "sheet":
        await _send_sheet(update, context, sheet)
        return
    text, markup = list_view(found, parsed.page)
    await _show(update, context, text, markup)


async def _send_sheet(update: Update, context: Context, sheet: DirectorySheetToSend) -> None:
    # openpyxl is loaded with the first sheet, not at the bot's start.
    from reports.directory_sheet import write_directory_sheet

    assert update.effective_chat is not None
    buffer = io.BytesIO()
    await asyncio.to_thread(write_directory_sheet, sheet, buffer)
    buffer.seek(0)
    await context.bot.send_document(
        update.effective_chat.id,
        buffer,
        filename=t("directory-sheet-file-name"),
        caption=t("directory-sheet-caption"),
    )


def card_view(entry: DirectoryEntry) -> tuple[str, InlineKeyboardMarkup]:
    d = entry.department
    fit = Fit()
    measures = [
        t("departments-card-program", program=fit(program_label(p), 100), count=count)
        for p, count in entry.measures
    ]
    text = t(
        "departments-card",
        short=fit(d.short_name, 60),
        name=fit(d.name, 400),
        aliases=fit(ALIAS_SEPARATOR.join(d.aliases), 1500) if d.aliases else t("departments-none"),
        measures="; ".join(measures) if measures else t("departments-none"),
        members=entry.members,
        reports=entry.submissions,
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("departments-button-rename"), callback_data=callbacks.DepartmentRename(d.id).data()
                ),
                InlineKeyboardButton(
                    t("departments-button-merge"), callback_data=callbacks.MergeTargets(d.id, 0).data()
                ),
            ],
            [
                InlineKeyboardButton(
                    t("departments-button-back"), callback_data=callbacks.DirectoryView("list", 0).data()
                )
            ],
        ]
    )
    return fit.one(text), markup


@coordinators_only
async def on_card(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = await pressed(query, callbacks.DepartmentCard)
    if parsed is None:
        return
    try:
        entry = await department_entry(context.db, actor_of(update, context), parsed.department_id)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    await _show(update, context, *card_view(entry))


# --- a rename ------------------------------------------------------------------------------------------------


@coordinators_only
async def on_rename(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.DepartmentRename)
    if parsed is None:
        return
    try:
        department = await start_rename(context.db, actor_of(update, context), parsed.department_id)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    fit = Fit()
    text = t(
        "departments-ask-short-name",
        short=fit(department.short_name, 60),
        name=fit(department.name, 400),
        limit=MAX_SHORT_NAME,
    )
    await context.bot.send_message(update.effective_chat.id, fit.one(text))


async def on_text(update: Update, context: Context) -> None:
    """Letters typed while a chooser waits search it (``on_chooser_text``). A coordinator's text after
    «Перейменувати» is the department's new short name; any other text goes on to
    the review loop's comment, then the reporting conversation (bot/handlers/review.py). A comment asked for
    after the name (``start_return`` after ``start_rename``) is the one the text answers."""
    if await on_chooser_text(update, context):  # letters searching the chooser shown last
        return
    role = context.role
    message = update.effective_message
    if role is None or not role.coordinator or message is None or update.effective_user is None:
        await review.on_text(update, context)
        return
    actor = actor_of(update, context)
    if await rename_awaited(context.db, actor) is None:
        await review.on_text(update, context)
        return
    if await comment_awaited(context.db, actor) is not None:
        await cancel_rename(context.db, actor)
        await review.on_text(update, context)
        return
    try:
        renamed = await finish_rename(context.db, actor, message.text or "")
    except Refused as refused:
        await message.reply_text(refusal_text(refused, context.settings.tz))
        return
    if renamed is None:  # dropped meanwhile (a command, a merge)
        await review.on_text(update, context)
        return
    directory_changed(context)
    fit = Fit()
    key = "departments-renamed" if renamed.changed else "departments-rename-same"
    text = t(key, old=fit(renamed.before.short_name, 60), new=fit(renamed.after.short_name, 60))
    entry = await department_entry(context.db, actor, renamed.after.id)
    await message.reply_text(fit.one(text), reply_markup=card_view(entry)[1])


async def on_other_input(update: Update, context: Context) -> None:
    """Anything but a new text message (a voice note, a sticker, an edited message, …): while a coordinator's
    next text is waited for (a return's comment, then a department's new short name, as ``on_text`` takes
    them), it is asked for again as text; anything else gets the reporting conversation's hint."""
    role, message = context.role, update.effective_message
    if role is not None and role.coordinator and message is not None and update.effective_user is not None:
        actor = actor_of(update, context)
        if await comment_awaited(context.db, actor) is not None or await fact_comment_awaited(
            context.db, actor
        ):
            await message.reply_text(t("review-comment-text-only"))
            return
        if await rename_awaited(context.db, actor) is not None:
            await message.reply_text(t("departments-short-name-text-only"))
            return
    await reporting.on_other_input(update, context)


# --- a merge -------------------------------------------------------------------------------------------------


@coordinators_only
async def on_merge_targets(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = await pressed(query, callbacks.MergeTargets)
    if parsed is None:
        return
    try:
        found = await directory(context.db, actor_of(update, context))
    except Refused as refused:  # a program's coordinator: the directory is the city's administrators'
        await answer_refused(query, refused, context.settings.tz)
        return
    gone = found.entry(parsed.gone_id)
    if gone is None:
        await answer(query, t("stale-button"))
        return
    await answer(query)
    others = [e for e in found.entries if e.department.id != parsed.gone_id]
    fit = Fit()
    back = [
        InlineKeyboardButton(
            t("departments-button-cancel"), callback_data=callbacks.DepartmentCard(parsed.gone_id).data()
        )
    ]
    if not others:
        await _show(update, context, t("departments-merge-none"), InlineKeyboardMarkup([back]))
        return
    # The departments to merge into: a chooser (bot/choosers.py), in pages, searched by letters past a page.
    assert context.user_data is not None
    prompt = fit.one(t("departments-merge-choose", gone=fit(gone.department.short_name, 60)))
    items = choosers.department_items([e.department for e in others])
    cancel = ((t("departments-button-cancel"), callbacks.DepartmentCard(parsed.gone_id).data()),)
    text, markup = choosers.start(
        context.user_data, "merge", prompt, items, columns=2, of=(parsed.gone_id,), extra=cancel
    )
    await _show(update, context, text, markup)


def merge_text(plan: MergePlan) -> str:
    fit = Fit()
    counts = plan.counts
    lines = [
        t(
            "departments-merge-ask",
            gone=fit(plan.gone.short_name, 60),
            keep=fit(plan.keep.short_name, 60),
            measures=counts.measures,
            shared=counts.shared,
            reports=counts.submissions,
            members=counts.members,
            drafts=counts.drafts,
            files=counts.evidence,
            invites=counts.invites,
        )
    ]
    if counts.both_reported:
        both = ", ".join(t("departments-merge-both-item", number=n, year=y) for n, y in counts.both_reported)
        lines.append(t("departments-merge-both", list=fit(both, 1000), keep=fit(plan.keep.short_name, 60)))
    return fit.one("\n\n".join(lines))


@coordinators_only
async def on_merge_ask(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = await pressed(query, callbacks.MergeAsk)
    if parsed is None:
        return
    try:
        plan = await merge_plan(context.db, actor_of(update, context), parsed.keep_id, parsed.gone_id)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("departments-button-merge-do"),
                    callback_data=callbacks.MergeDo(parsed.keep_id, parsed.gone_id).data(),
                )
            ],
            [
                InlineKeyboardButton(
                    button_label(t("departments-button-merge-swap", gone=plan.gone.short_name)),
                    callback_data=callbacks.MergeAsk(parsed.gone_id, parsed.keep_id).data(),
                )
            ],
            [
                InlineKeyboardButton(
                    t("departments-button-cancel"),
                    callback_data=callbacks.DepartmentCard(parsed.gone_id).data(),
                )
            ],
        ]
    )
    await _show(update, context, merge_text(plan), markup)


def merged_text(merged: Merged) -> str:
    fit = Fit()
    counts = merged.plan.counts
    return fit.one(
        t(
            "departments-merged",
            gone=fit(merged.plan.gone.short_name, 60),
            keep=fit(merged.keep.short_name, 60),
            measures=counts.measures,
            reports=counts.submissions,
            members=counts.members,
        )
    )


@coordinators_only
async def on_merge_do(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    parsed = await pressed(query, callbacks.MergeDo)
    if parsed is None:
        return
    actor = actor_of(update, context)
    try:
        merged = await merge_departments(context.db, actor, parsed.keep_id, parsed.gone_id)
    except Refused as refused:  # pressed again, or a department gone since: nothing changed
        await answer_refused(query, refused, context.settings.tz)
        return
    directory_changed(context)
    await answer(query)
    entry = await department_entry(context.db, actor, merged.keep.id)
    await _show(update, context, merged_text(merged), card_view(entry)[1])


# --- the directory sheet sent back (an upload: actions.uploads, bot/handlers/uploads.py) ---------------------


def preview_text(preview: DirectoryPreview) -> str:
    return t("directory-sheet-preview", diff=esc(render_diff(preview.diff, DIFF_LIMIT)))


def applied_text(applied: DirectoryApplied) -> str:
    return t("directory-sheet-applied", count=applied.diff.changes)
