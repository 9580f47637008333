"""The reporting conversation's handlers: open a measure, answer step by step, review, confirm.

The draft row in the database is the conversation's state (see storage.drafts): every handler here is
a plain handler that reads the user's active draft, so a restart loses nothing and PTB keeps no state.
Handlers stay thin: the flow (bot/flow.py) decides, access checks, cards render.
"""

from __future__ import annotations

import logging
from typing import Any

import aiosqlite
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import filters

from bot import callbacks, flow, keyboards
from bot.answers import answer, pressed
from bot.context import Context
from bot.flow import Answers, Step
from bot.formatting import Fit, clip, esc
from bot.handlers.coordinator import takes_at_most
from bot.handlers.reporting.access import Denied, Scene, load_active, load_scene
from bot.handlers.reporting.cards import answers_read, bad_part, problem_text, screen
from l10n import t
from l10n.times import moment
from storage.drafts import Draft, deactivate, delete_draft, get_draft, save_draft
from storage.models import NewSubmission, PeriodStatus, Source
from storage.periods import measure_period_status
from storage.reviews import ReviewState, note_resubmission, reviews_of, state_of
from storage.submissions import add_submission, latest_submission
from storage.workload import Status, WorkItem, worklist

log = logging.getLogger("zvitbot")


async def _ask(
    context: Context,
    chat_id: int,
    step: Step,
    answers: Answers,
    scene: Scene,
    prefix: str = "",
    *,
    card: bool | None = None,
    lead: str = "",
) -> None:
    text, markup = screen(step, answers, scene, prefix, card=card, lead=lead)
    await context.bot.send_message(chat_id, text, reply_markup=markup)


RECENT_UPDATES = 16  # more than a person sends between two confirmed getUpdates


def update_identity(update: Update) -> str:
    """What makes an update the same one when Telegram delivers it again: its button press or its message.

    Not the update id alone: after a week without updates Telegram may start numbering them anew (at a
    random number, lower than before), and drafts live for weeks.
    """
    if update.callback_query is not None:
        return f"c{update.callback_query.id}"
    message = update.effective_message
    if message is not None:
        return f"m{message.chat_id}:{message.message_id}"
    return f"u{update.update_id}"


def _data(answers: Answers, update: Update, scene: Scene, before: dict[str, Any] | None) -> dict[str, object]:
    # The updates that produced this state are stored with it: after a crash Telegram delivers again the
    # updates the dead process had not confirmed, and one already applied must not be applied twice. The
    # last few are kept, as several may come again, in their order.
    # The scene goes along so that the next answer needs no reloading of the measure (rights are still
    # checked on every answer, and again when the report is saved).
    applied = [*(before or {}).get("applied", ()), update_identity(update)][-RECENT_UPDATES:]
    return {**answers.to_json(), "update_id": update.update_id, "applied": applied, "scene": scene.to_json()}


def _already_applied(draft: Draft, update: Update) -> bool:
    applied = draft.data.get("applied")
    if applied is None:  # a draft stored before identities were: the one update it names
        return draft.data.get("update_id") == update.update_id
    return update_identity(update) in applied


async def _store(
    update: Update, context: Context, draft: Draft, answers: Answers, step: Step, scene: Scene
) -> None:
    async with context.db.locked() as conn:
        await save_draft(
            conn,
            Draft(
                draft.user_id, draft.measure_id, draft.department_id, draft.year, step.value,
                _data(answers, update, scene, draft.data), True,
            ),
            exclusive=False,  # it is the active draft already, so this is one statement
        )  # fmt: skip


# --- entry: open a measure -------------------------------------------------------------------------


async def open_measure(update: Update, context: Context) -> None:
    query = update.callback_query
    role = context.role
    assert query is not None and role is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.OpenMeasure)
    if parsed is None:
        return
    try:
        scene = await load_scene(context, role, parsed.measure_id, parsed.department_id, parsed.year)
    except Denied as denied:
        await answer(query, denied.text, show_alert=True)
        return
    await answer(query)
    await show_measure(update, context, scene)


async def open_first_waiting(update: Update, context: Context, department_id: int) -> bool:
    """The department's first measure waiting for a report (a draft first) opened at once, so that nobody
    has to find it in the list; False when none is waiting (or it may not be opened now)."""
    role = context.role
    assert role is not None
    async with context.db.locked() as conn:
        items = await worklist(conn, department_id, role.user_id)
    following = next((i for i in items if i.status is Status.DRAFT), None) or _next_item(items, -1, None)
    if following is None:
        return False
    try:
        scene = await load_scene(context, role, following.measure_id, department_id, following.year)
    except Denied:
        return False
    await show_measure(update, context, scene)
    return True


async def show_measure(update: Update, context: Context, scene: Scene, *, lead: str = "") -> None:
    """Make the measure the one being answered (its draft, kept or new) and send its card and question."""
    role = context.role
    assert role is not None and update.effective_chat is not None
    async with context.db.transaction() as conn:
        existing = await get_draft(conn, role.user_id, scene.measure_id, scene.department_id, scene.year)
        previous = await latest_submission(conn, scene.measure_id, scene.department_id, scene.year)
        # A report the coordinator returned: what to correct, just before the question.
        reviews = (await reviews_of(conn, [previous.id])).get(previous.id, []) if previous else []
        returned = reviews[-1].comment if state_of(previous, reviews) is ReviewState.RETURNED else None
        if existing is None:
            answers, step = flow.start(previous), Step.ACTUAL
        else:
            answers, step = Answers.from_json(existing.data), Step(existing.step)
        await save_draft(
            conn,
            Draft(
                role.user_id,
                scene.measure_id,
                scene.department_id,
                scene.year,
                step.value,
                _data(answers, update, scene, existing.data if existing else None),
                True,
                started=existing.started if existing else False,  # opening answers nothing
            ),
        )
    await _ask(
        context,
        update.effective_chat.id,
        step,
        answers,
        scene,
        # The prefix is markup: the comment is escaped here.
        t("measure-returned", comment=esc(clip(returned, 500))) if returned is not None else "",
        card=previous is not None,
        lead=lead,
    )


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query:
        await answer(update.callback_query, text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


# --- answers -------------------------------------------------------------------------------------


async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None and update.effective_chat is not None
    try:
        loaded = await load_active(context)
    except Denied as denied:
        await _refuse(update, denied.text)
        return
    if loaded is None:
        await message.reply_text(t("idle-text"))
        return
    draft, scene = loaded
    if _already_applied(draft, update):
        return
    step = Step(draft.step)
    answers = Answers.from_json(draft.data)
    outcome = flow.answer_text(step, answers, message.text, scene.facts)
    if outcome.problem:
        problem = problem_text(outcome.problem, step, answers)
        if "part" in outcome.extra:  # one of several answers in one message
            problem = bad_part(outcome.extra["part"]) + " " + problem
        await _ask(context, update.effective_chat.id, step, answers, scene, prefix=problem)
        return
    await _store(update, context, draft, outcome.answers, outcome.step, scene)
    prefix = answers_read(outcome.extra["read"]) if "read" in outcome.extra else ""
    if outcome.extra.get("appended"):
        prefix = t("info-appended", length=len(outcome.answers.info), limit=flow.MAX_INFO_LENGTH)
    await _ask(context, update.effective_chat.id, outcome.step, outcome.answers, scene, prefix=prefix)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    role = context.role
    assert query is not None and role is not None and update.effective_chat is not None
    parsed = callbacks.StepAction.parse(query.data)
    try:
        loaded = await load_active(context) if parsed is not None else None
    except Denied as denied:
        await _refuse(update, denied.text)
        return
    if loaded is None or parsed is None:
        await answer(query, t("stale-button"))
        return
    draft, scene = loaded
    if _already_applied(draft, update):
        await answer(query)
        return
    if (parsed.measure_id, parsed.department_id, parsed.step) != (
        draft.measure_id,
        draft.department_id,
        draft.step,
    ):
        await answer(query, t("stale-button"))
        return
    step = Step(draft.step)
    answers = Answers.from_json(draft.data)
    chat_id = update.effective_chat.id
    if step is Step.REVIEW and parsed.action == "confirm":
        await answer(query)
        await _confirm(update, context, draft, answers, scene)
        return
    if step is Step.REVIEW and parsed.action == "cancel":
        await answer(query)
        async with context.db.transaction() as conn:
            await delete_draft(conn, draft.user_id, draft.measure_id, draft.department_id, draft.year)
        fit = Fit()
        await context.bot.send_message(
            chat_id,
            fit.one(t("cancelled-review", number=fit(scene.number))),
            reply_markup=keyboards.after_save(None, draft.department_id),
        )
        return
    try:
        outcome = flow.press(step, answers, parsed.action, scene.facts)
    except flow.StaleAction:
        await answer(query, t("stale-button"))
        return
    await answer(query)
    if outcome.problem:
        await _ask(
            context, chat_id, step, answers, scene, prefix=problem_text(outcome.problem, step, answers)
        )
        return
    await _store(update, context, draft, outcome.answers, outcome.step, scene)
    await _ask(context, chat_id, outcome.step, outcome.answers, scene)


async def _confirm(update: Update, context: Context, draft: Draft, answers: Answers, scene: Scene) -> None:
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id = update.effective_chat.id
    if not flow.ready_to_save(answers):
        await _ask(
            context,
            chat_id,
            Step.REVIEW,
            answers,
            scene,
            prefix=problem_text("nothing_to_save", Step.REVIEW, answers),
        )
        return
    role = context.role
    assert role is not None
    async with context.db.transaction() as conn:
        # Checked again inside the transaction that writes: the period may have been locked meanwhile.
        period_ok = role.coordinator or await _period_open(conn, draft)
        if not period_ok:
            await deactivate(conn, draft.user_id)
        else:
            current = await latest_submission(conn, draft.measure_id, draft.department_id, draft.year)
            saved = await add_submission(
                conn,
                NewSubmission(
                    measure_id=draft.measure_id,
                    department_id=draft.department_id,
                    year=draft.year,
                    actual=answers.actual,
                    financed=answers.financed,
                    percent=answers.percent,
                    info=answers.info,
                    # The special fund's figures only where it has a plan (they are asked only there).
                    actual_special=answers.actual_special if scene.facts.has_special else None,
                    financed_special=answers.financed_special if scene.facts.has_special else None,
                    author_id=role.user_id,
                    author_name=update.effective_user.full_name,
                    source=Source.COORDINATOR if scene.on_behalf else Source.BOT,
                    base_revision_id=answers.base_revision_id,
                ),
            )
            await note_resubmission(conn, saved)  # a correction after a return: the coordinators hear of it
            await delete_draft(conn, draft.user_id, draft.measure_id, draft.department_id, draft.year)
            items = await worklist(conn, draft.department_id, role.user_id)
    if not period_ok:
        await context.bot.send_message(chat_id, t("period-closed", year=draft.year))
        return
    fit = Fit()
    text = t("saved", number=fit(scene.number), department=fit(scene.department))
    overtaken = (
        current is not None and current.id != answers.base_revision_id and current.author_id != role.user_id
    )
    if overtaken and current is not None:
        text += "\n\n" + t(
            "saved-over-other",
            author=fit(current.author_name or t("someone")),
            when=moment(current.created_at, context.settings.tz) if current.created_at else "",
        )
        if current.author_id is not None:
            # The other author saved first without seeing this revision: their text no longer counts.
            other = Fit()
            notice = other.one(
                t(
                    "overtaken",
                    number=other(scene.number),
                    department=other(scene.department),
                    author=other(saved.author_name or t("someone")),
                )
            )
            try:
                await context.bot.send_message(current.author_id, notice)
            except TelegramError as exc:
                log.warning("could not tell %s that their revision was overtaken: %s", current.author_id, exc)
    following = _next_item(items, saved.measure_id, draft.year)
    if following is None:
        text += "\n" + t("saved-all-done")
    elif not scene.on_behalf:
        # The next measure opens at once, under the word that this one is saved (its card has the list).
        try:
            next_scene = await load_scene(
                context, role, following.measure_id, draft.department_id, draft.year
            )
        except Denied:
            pass
        else:
            await show_measure(update, context, next_scene, lead=fit.one(text))
            return
    markup = None if scene.on_behalf else keyboards.after_save(following, draft.department_id)
    await context.bot.send_message(chat_id, fit.one(text), reply_markup=markup)


async def _period_open(conn: aiosqlite.Connection, draft: Draft) -> bool:
    return await measure_period_status(conn, draft.measure_id, draft.year) is PeriodStatus.OPEN


def _next_item(items: list[WorkItem], after_measure: int, year: int | None) -> WorkItem | None:
    """The next waiting measure after this one, wrapping round to the first waiting one (of ``year``;
    None: of any year)."""
    waiting = [
        i for i in items if i.status in (Status.WAITING, Status.DRAFT) and (year is None or i.year == year)
    ]
    position = next((n for n, i in enumerate(items) if i.measure_id == after_measure), -1)
    later = [i for i in waiting if items.index(i) > position]
    return (later or waiting or [None])[0]


# --- other input while answering -------------------------------------------------------------------


async def on_other_input(update: Update, context: Context) -> None:
    """Photos, stickers, voice, files, edited messages: say what is wanted and ask the same again."""
    chat = update.effective_chat
    assert chat is not None
    try:
        loaded = await load_active(context)
    except Denied as denied:
        await _refuse(update, denied.text)
        return
    if loaded is None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(t("idle-text"))
        return
    draft, scene = loaded
    step = Step(draft.step)
    if update.edited_message is not None:
        prefix = t("edited-ignored")
    else:
        hint = {Step.INFO: "text", Step.REVIEW: "buttons", Step.CONFIRM: "buttons"}
        prefix = t("not-text", hint=hint.get(step, "number"))
    await _ask(context, chat.id, step, Answers.from_json(draft.data), scene, prefix=prefix)


@takes_at_most(0, "cancel")
async def cancel(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and context.role is not None
    # The gate has already ended the conversation (as for any command); say whether there was one.
    await message.reply_text(t("cancelled") if context.left_draft else t("nothing-to-cancel"))


async def resend_question(update: Update, context: Context) -> None:
    """/help in the middle of a conversation: after the help, the same question again."""
    try:
        loaded = await load_active(context)
    except Denied as denied:
        await _refuse(update, denied.text)
        return
    if loaded is None or update.effective_chat is None:
        return
    draft, scene = loaded
    await _ask(context, update.effective_chat.id, Step(draft.step), Answers.from_json(draft.data), scene)


def is_answer_text() -> filters.BaseFilter:
    """A typed answer: a new text message that is not a command."""
    return filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


def is_other_input() -> filters.BaseFilter:
    """Photos, stickers, voice, files, edited messages: not an answer, but worth a hint."""
    return filters.UpdateType.EDITED_MESSAGE | (filters.UpdateType.MESSAGE & ~filters.TEXT)
