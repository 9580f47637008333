"""The reporting conversation's handlers: open a measure, answer step by step, review, confirm.

Each handler parses its update, calls one action of actions.reporting (the draft row in the database is the
conversation's state: a restart loses nothing and PTB keeps no state) and renders what it returns (cards);
a refusal is said from its catalog message (bot.refusals).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import filters

from actions import reporting
from actions.flow import MAX_INFO_LENGTH, Answers, Step
from actions.refusals import Reason, Refused
from actions.reporting import Answered, Cancelled, Opened, Press, Received, Scene, Submitted
from bot import callbacks, keyboards
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, clip, esc
from bot.handlers.coordinator import takes_at_most
from bot.handlers.reporting import indicators
from bot.handlers.reporting.cards import answers_read, bad_part, problem_text, screen
from bot.refusals import actor_of, refusal_text
from l10n import t
from l10n.times import moment
from storage.models import Submission

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


def received(update: Update) -> Received:
    """The update as the conversation keeps it, so that it is not applied twice (actions.reporting)."""
    return Received(update_identity(update), update.update_id)


async def _refuse(update: Update, context: Context, refused: Refused) -> None:
    text = refusal_text(refused, context.settings.tz)
    if update.callback_query:
        # A stale button is answered quietly, as every stale button is; a refusal in an alert.
        await answer(update.callback_query, text, show_alert=refused.reason is not Reason.STEP_GONE)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


refuse = _refuse  # the indicators' handlers (bot.handlers.reporting.indicators) say a refusal the same way


async def _show(context: Context, chat_id: int, opened: Opened, *, lead: str = "") -> None:
    """The measure just opened: its card and the question it is at."""
    # The prefix is markup: the comment is escaped here.
    returned = opened.returned
    prefix = t("measure-returned", comment=esc(clip(returned, 500))) if returned is not None else ""
    await _ask(
        context, chat_id, opened.step, opened.answers, opened.scene, prefix, card=opened.reported, lead=lead
    )


# --- entry: open a measure -------------------------------------------------------------------------


async def open_measure(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.OpenMeasure)
    if parsed is None:
        return
    try:
        opened = await reporting.open_measure(
            context.db,
            actor_of(update, context),
            received(update),
            parsed.measure_id,
            parsed.department_id,
            parsed.year,
        )
    except Refused as refused:
        await _refuse(update, context, refused)
        return
    await answer(query)
    await _show(context, update.effective_chat.id, opened)


async def open_first_waiting(update: Update, context: Context, department_id: int) -> bool:
    """The department's first measure waiting for a report opened at once (actions.reporting); False when
    none is waiting (or it may not be opened now)."""
    assert update.effective_chat is not None
    opened = await reporting.open_first_waiting(
        context.db, actor_of(update, context), received(update), department_id
    )
    if opened is None:
        # Every measure reported: the department's indicators still owed, if it has any.
        return await indicators.open_first(update, context, department_id, None)
    await _show(context, update.effective_chat.id, opened)
    return True


# --- answers -------------------------------------------------------------------------------------


async def _answered(context: Context, chat_id: int, answered: Answered) -> None:
    """The next question after an answer, or the same one again with what was wrong."""
    outcome, step, answers, scene = answered.outcome, answered.step, answered.answers, answered.scene
    if outcome is None:  # delivered again, applied already: said already
        return
    if outcome.problem:
        problem = problem_text(outcome.problem, step, answers)
        if "part" in outcome.extra:  # one of several answers in one message
            problem = bad_part(outcome.extra["part"]) + " " + problem
        await _ask(context, chat_id, step, answers, scene, prefix=problem)
        return
    prefix = answers_read(outcome.extra["read"]) if "read" in outcome.extra else ""
    if outcome.extra.get("appended"):
        prefix = t("info-appended", length=len(outcome.answers.info), limit=MAX_INFO_LENGTH)
    await _ask(context, chat_id, outcome.step, outcome.answers, scene, prefix=prefix)


async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None and update.effective_chat is not None
    if await indicators.on_text(update, context):  # an indicator is open: the answer is its
        return
    try:
        answered = await reporting.answer_text(
            context.db, actor_of(update, context), received(update), message.text
        )
    except Refused as refused:
        await _refuse(update, context, refused)
        return
    if answered is None:
        await message.reply_text(t("idle-text"))
        return
    await _answered(context, update.effective_chat.id, answered)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = callbacks.StepAction.parse(query.data)
    if parsed is None:
        await answer(query, t("stale-button"))
        return
    db, actor, got = context.db, actor_of(update, context), received(update)
    done: Answered | Submitted | Cancelled
    try:
        if parsed.step == Step.REVIEW and parsed.action == "confirm":
            done = await reporting.submit_report(db, actor, got, parsed.measure_id, parsed.department_id)
        elif parsed.step == Step.REVIEW and parsed.action == "cancel":
            done = await reporting.cancel_review(db, actor, got, parsed.measure_id, parsed.department_id)
        else:
            press = Press(parsed.measure_id, parsed.department_id, parsed.step, parsed.action)
            done = await reporting.press_step(db, actor, got, press)
    except Refused as refused:
        await _refuse(update, context, refused)
        return
    await answer(query)
    chat_id = update.effective_chat.id
    if isinstance(done, Submitted):
        await _saved(update, context, chat_id, done)
    elif isinstance(done, Cancelled):
        fit = Fit()
        await context.bot.send_message(
            chat_id,
            fit.one(t("cancelled-review", number=fit(done.scene.number))),
            reply_markup=keyboards.after_save(None, done.scene.department_id),
        )
    else:
        await _answered(context, chat_id, done)


async def _saved(update: Update, context: Context, chat_id: int, submitted: Submitted) -> None:
    """«Збережено», and the next measure's card under it; after the department's last measure of the year,
    its first indicator still owed (bot.handlers.reporting.indicators); else the way to the list."""
    scene, current = submitted.scene, submitted.overtaken
    fit = Fit()
    text = t("saved", number=fit(scene.number), department=fit(scene.department))
    if current is not None:
        text += "\n\n" + t(
            "saved-over-other",
            author=fit(current.author_name or t("someone")),
            when=moment(current.created_at, context.settings.tz) if current.created_at else "",
        )
        if current.author_id is not None:
            await _tell_overtaken(context, current.author_id, scene, submitted.saved)
    if submitted.following is None and not scene.on_behalf:
        if await indicators.open_first(update, context, scene.department_id, scene.year, lead=fit.one(text)):
            return
    if submitted.following is None:
        text += "\n" + t("saved-all-done")
    elif submitted.opened is not None:
        # The next measure opened at once, under the word that this one is saved (its card has the list).
        await _show(context, chat_id, submitted.opened, lead=fit.one(text))
        return
    markup = None if scene.on_behalf else keyboards.after_save(submitted.following, scene.department_id)
    await context.bot.send_message(chat_id, fit.one(text), reply_markup=markup)


async def _tell_overtaken(context: Context, author_id: int, scene: Scene, saved: Submission) -> None:
    """The other author saved first without seeing this revision: their text no longer counts."""
    fit = Fit()
    notice = fit.one(
        t(
            "overtaken",
            number=fit(scene.number),
            department=fit(scene.department),
            author=fit(saved.author_name or t("someone")),
        )
    )
    try:
        await context.bot.send_message(author_id, notice)
    except TelegramError as exc:
        log.warning("could not tell %s that their revision was overtaken: %s", author_id, exc)


# --- other input while answering -------------------------------------------------------------------


async def on_other_input(update: Update, context: Context) -> None:
    """Photos, stickers, voice, files, edited messages: say what is wanted and ask the same again."""
    chat = update.effective_chat
    assert chat is not None
    try:
        active = await reporting.active_measure(context.db, actor_of(update, context))
    except Refused as refused:
        await _refuse(update, context, refused)
        return
    if active is None:
        if await indicators.on_other_input(update, context):  # an indicator is open: its question again
            return
        if update.effective_message is not None:
            await update.effective_message.reply_text(t("idle-text"))
        return
    step = active.step
    if update.edited_message is not None:
        prefix = t("edited-ignored")
    else:
        hint = {Step.INFO: "text", Step.REVIEW: "buttons", Step.CONFIRM: "buttons"}
        prefix = t("not-text", hint=hint.get(step, "number"))
    await _ask(context, chat.id, step, active.answers, active.scene, prefix=prefix)


@takes_at_most(0, "cancel")
async def cancel(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and context.role is not None
    # The gate has already ended the conversation (as for any command); say whether there was one.
    await message.reply_text(t("cancelled") if context.left_draft else t("nothing-to-cancel"))


async def resend_question(update: Update, context: Context) -> None:
    """/help in the middle of a conversation: after the help, the same question again."""
    try:
        active = await reporting.active_measure(context.db, actor_of(update, context))
    except Refused as refused:
        await _refuse(update, context, refused)
        return
    if active is None or update.effective_chat is None:
        if active is None:
            await indicators.resend_question(update, context)  # an indicator open instead: its question
        return
    await _ask(context, update.effective_chat.id, active.step, active.answers, active.scene)


def is_answer_text() -> filters.BaseFilter:
    """A typed answer: a new text message that is not a command."""
    return filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


def is_other_input() -> filters.BaseFilter:
    """Photos, stickers, voice, files, edited messages: not an answer, but worth a hint."""
    return filters.UpdateType.EDITED_MESSAGE | (filters.UpdateType.MESSAGE & ~filters.TEXT)
