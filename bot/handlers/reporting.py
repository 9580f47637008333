"""The reporting conversation: open a measure, answer step by step, review, confirm.

The draft row in the database is the conversation's state (see storage.drafts). ConversationHandler
routes updates while a conversation is known to PTB; after a restart PTB knows nothing, so the same
handlers are entry points too and pick the step up from the draft.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

import aiosqlite
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, flow, keyboards, texts
from bot.answers import answer
from bot.context import Context, Role
from bot.flow import Answers, Facts, Step
from bot.formatting import MESSAGE_LIMIT, amount, clip, date, esc, percent
from storage.drafts import (
    Draft,
    active_draft,
    active_draft_with_period,
    deactivate,
    delete_draft,
    get_draft,
    save_draft,
)
from storage.models import NewSubmission, PeriodStatus, Source, Submission
from storage.periods import measure_period_status
from storage.submissions import add_submission, latest_submission
from storage.terms import parse_term
from storage.workload import Status, WorkItem, measure_view, worklist

ANSWERING = 1
log = logging.getLogger("zvitbot")
LIMITS = {"limit": flow.MAX_INFO_LENGTH}


@dataclass(frozen=True)
class Scene:
    """Everything about the measure that rendering a step needs."""

    measure_id: int
    department_id: int
    year: int
    number: str
    text: str
    term: str
    department: str
    plan: Decimal
    planned: bool
    last_year_info: str | None
    index: int
    total: int
    on_behalf: bool = False  # a coordinator acting for a department they are not a member of

    @property
    def facts(self) -> Facts:
        return Facts(plan=self.plan, last_year_info=self.last_year_info)

    def to_json(self) -> dict[str, object]:
        # Not dataclasses.asdict: it deep-copies, and this runs on every answer.
        data = dict(self.__dict__)
        data["plan"] = format(self.plan, "f")
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Scene:
        return cls(**{**data, "plan": Decimal(str(data["plan"]))})  # type: ignore[arg-type]


class Denied(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


async def _scene(context: Context, role: Role, measure_id: int, department_id: int, year: int) -> Scene:
    """Load the measure and check, on the server side, that this user may report it now."""
    # A coordinator may correct any department's measure, in a locked year too, recorded as such.
    on_behalf = role.department(department_id) is None and role.coordinator
    if role.department(department_id) is None and not on_behalf:
        raise Denied(texts.FORBIDDEN_BUTTON)
    async with context.db.read() as conn:
        view = await measure_view(conn, measure_id, department_id, year)
    if view is None or not view.assigned:
        raise Denied(texts.FORBIDDEN_BUTTON)
    if view.period_status is None or (view.period_status != PeriodStatus.OPEN.value and not role.coordinator):
        raise Denied(texts.PERIOD_CLOSED.format(year=year))
    return Scene(
        measure_id=measure_id,
        department_id=department_id,
        year=year,
        number=view.number,
        text=view.text,
        term=view.term,
        department=view.department_short_name,
        plan=view.plan,
        planned=year in parse_term(view.term),
        last_year_info=view.last_year_info,
        index=view.index,
        total=view.total,
        on_behalf=on_behalf,
    )


def _question(step: Step, answers: Answers, scene: Scene) -> str:
    current = ""
    if step is Step.ACTUAL:
        text = texts.ASK_ACTUAL.format(plan=amount(scene.plan))
        current = amount(answers.actual) if answers.actual is not None else ""
    elif step is Step.FINANCED:
        text = texts.ASK_FINANCED
        current = amount(answers.financed) if answers.financed is not None else ""
    elif step is Step.PERCENT:
        suggested = flow.suggested_percent(answers, scene.facts)
        text = (
            texts.ASK_PERCENT_SUGGESTED.format(value=percent(suggested)[:-2])
            if suggested is not None
            else texts.ASK_PERCENT
        )
        current = percent(answers.percent) if answers.percent is not None else ""
    elif step is Step.INFO:
        text = texts.ASK_INFO
        if answers.info:
            text += texts.INFO_CURRENT.format(length=len(answers.info), text=esc(clip(answers.info, 1500)))
        return text
    elif step is Step.CONFIRM:
        value = amount(answers.pending_value)
        if answers.pending_warning is flow.Warning_.ACTUAL_OVER_PLAN:
            return texts.WARN_ACTUAL_OVER_PLAN.format(value=value, plan=amount(scene.plan))
        return texts.WARN_FINANCED_OVER_ACTUAL.format(value=value, actual=amount(answers.actual))
    else:
        return texts.REVIEW.format(
            department=esc(scene.department),
            number=esc(scene.number),
            text=esc(clip(scene.text, 600)),
            plan=amount(scene.plan),
            actual=amount(answers.actual),
            financed=amount(answers.financed),
            percent=percent(answers.percent),
            length=len(answers.info),
            info=esc(clip(answers.info, 2000)) or texts.NOT_GIVEN,
        )
    if current:
        text += texts.CURRENT_VALUE.format(value=current)
    return text


def _card(scene: Scene, reported: bool) -> str:
    card = texts.MEASURE_CARD.format(
        progress=texts.PROGRESS.format(index=scene.index, total=scene.total),
        department=esc(scene.department),
        number=esc(scene.number),
        text=esc(clip(scene.text, 1200)),
        term=esc(scene.term),
        year=scene.year,
        plan=amount(scene.plan),
    )
    if not scene.planned:
        card += texts.MEASURE_NOT_PLANNED.format(year=scene.year)
    if scene.last_year_info:
        card += texts.MEASURE_LAST_YEAR.format(
            year=scene.year - 1, text=esc(clip(scene.last_year_info, 1200))
        )
    if reported:
        card += texts.MEASURE_REPORTED
    if scene.on_behalf:
        card += "\n" + texts.ON_BEHALF
    return card


async def _ask(
    context: Context, chat_id: int, step: Step, answers: Answers, scene: Scene, prefix: str = ""
) -> None:
    body = _question(step, answers, scene)
    text = f"{prefix}\n\n{body}" if prefix else body
    if len(text) > MESSAGE_LIMIT:
        text = clip(text, MESSAGE_LIMIT)
    markup = keyboards.step_keyboard(
        step,
        scene.measure_id,
        scene.department_id,
        plan=scene.plan,
        suggested=flow.suggested_percent(answers, scene.facts),
        has_last_year=scene.last_year_info is not None,
        has_info=bool(answers.info),
    )
    await context.bot.send_message(chat_id, text, parse_mode="HTML", reply_markup=markup)


def _problem_text(problem: str, step: Step, answers: Answers) -> str:
    if step is Step.PERCENT and problem in texts.PERCENT_PROBLEMS:
        return texts.PERCENT_PROBLEMS[problem]
    return texts.PROBLEMS[problem].format(length=len(answers.info), **LIMITS)


def _data(answers: Answers, update: Update, scene: Scene) -> dict[str, object]:
    # The update that produced this state is stored with it: after a crash Telegram delivers again the
    # updates the dead process had not confirmed, and one already applied must not be applied twice.
    # The scene goes along so that the next answer needs no reloading of the measure (rights are still
    # checked on every answer, and again when the report is saved).
    return {**answers.to_json(), "update_id": update.update_id, "scene": scene.to_json()}


def _already_applied(draft: Draft, update: Update) -> bool:
    return int(draft.data.get("update_id", -1)) >= update.update_id


async def _store(
    update: Update, context: Context, draft: Draft, answers: Answers, step: Step, scene: Scene
) -> None:
    async with context.db.autocommit() as conn:
        await save_draft(
            conn,
            Draft(
                draft.user_id, draft.measure_id, draft.department_id, draft.year, step.value,
                _data(answers, update, scene), True,
            ),
            exclusive=False,  # it is the active draft already, so this is one statement
        )  # fmt: skip


# --- entry: open a measure -------------------------------------------------------------------------


async def open_measure(update: Update, context: Context) -> int:
    query = update.callback_query
    role = context.role
    assert query is not None and role is not None and update.effective_chat is not None
    parsed = callbacks.parse(query.data)
    if not isinstance(parsed, callbacks.OpenMeasure):
        await answer(query, texts.STALE_BUTTON)
        return await _current_state(context, role.user_id)
    try:
        scene = await _scene(context, role, parsed.measure_id, parsed.department_id, parsed.year)
    except Denied as denied:
        await answer(query, denied.text, show_alert=True)
        return await _current_state(context, role.user_id)
    await answer(query)
    async with context.db.transaction() as conn:
        existing = await get_draft(conn, role.user_id, scene.measure_id, scene.department_id, scene.year)
        previous = await latest_submission(conn, scene.measure_id, scene.department_id, scene.year)
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
                _data(answers, update, scene),
                True,
            ),
        )
    await _ask(
        context, update.effective_chat.id, step, answers, scene, prefix=_card(scene, previous is not None)
    )
    return ANSWERING


async def _current_state(context: Context, user_id: int) -> int:
    async with context.db.read() as conn:
        draft = await active_draft(conn, user_id)
    return ANSWERING if draft else ConversationHandler.END


async def _load_active(context: Context) -> tuple[Draft, Scene] | None:
    """The user's active draft with its scene. Raises Denied (and ends the draft) when rights are gone."""
    role = context.role
    assert role is not None
    async with context.db.read() as conn:
        found = await active_draft_with_period(conn, role.user_id)
    if found is None:
        return None
    draft, status = found
    stored = draft.data.get("scene")
    may_report = role.department(draft.department_id) is not None or role.coordinator
    period_ok = status == PeriodStatus.OPEN.value or (role.coordinator and status is not None)
    if stored and may_report and period_ok:
        return draft, Scene.from_json(stored)
    try:
        # Rights gone (or a draft from before scenes were stored): the full check says which, and why.
        return draft, await _scene(context, role, draft.measure_id, draft.department_id, draft.year)
    except Denied:
        async with context.db.transaction() as conn:
            await deactivate(conn, role.user_id)
        raise


async def _refuse(update: Update, text: str) -> int:
    if update.callback_query:
        await answer(update.callback_query, text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)
    return ConversationHandler.END


# --- answers -------------------------------------------------------------------------------------


async def on_text(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and update.effective_chat is not None
    try:
        loaded = await _load_active(context)
    except Denied as denied:
        return await _refuse(update, denied.text)
    if loaded is None:
        await message.reply_text(texts.IDLE_TEXT)
        return ConversationHandler.END
    draft, scene = loaded
    if _already_applied(draft, update):
        return ANSWERING
    step = Step(draft.step)
    answers = Answers.from_json(draft.data)
    outcome = flow.answer_text(step, answers, message.text, scene.facts)
    if outcome.problem:
        await _ask(
            context,
            update.effective_chat.id,
            step,
            answers,
            scene,
            prefix=_problem_text(outcome.problem, step, answers),
        )
        return ANSWERING
    await _store(update, context, draft, outcome.answers, outcome.step, scene)
    if outcome.extra.get("appended"):
        text = texts.INFO_APPENDED.format(length=len(outcome.answers.info), **LIMITS)
        markup = keyboards.step_keyboard(
            Step.INFO, scene.measure_id, scene.department_id, plan=scene.plan,
            has_last_year=scene.last_year_info is not None, has_info=True,
        )  # fmt: skip
        await message.reply_text(text, reply_markup=markup)
        return ANSWERING
    await _ask(context, update.effective_chat.id, outcome.step, outcome.answers, scene)
    return ANSWERING


async def on_button(update: Update, context: Context) -> int:
    query = update.callback_query
    role = context.role
    assert query is not None and role is not None and update.effective_chat is not None
    parsed = callbacks.parse(query.data)
    try:
        loaded = await _load_active(context) if isinstance(parsed, callbacks.StepAction) else None
    except Denied as denied:
        return await _refuse(update, denied.text)
    if loaded is None or not isinstance(parsed, callbacks.StepAction):
        await answer(query, texts.STALE_BUTTON)
        return await _current_state(context, role.user_id)
    draft, scene = loaded
    if _already_applied(draft, update):
        await answer(query)
        return ANSWERING
    if (parsed.measure_id, parsed.department_id, parsed.step) != (
        draft.measure_id,
        draft.department_id,
        draft.step,
    ):
        await answer(query, texts.STALE_BUTTON)
        return ANSWERING
    step = Step(draft.step)
    answers = Answers.from_json(draft.data)
    chat_id = update.effective_chat.id
    if step is Step.REVIEW and parsed.action == "confirm":
        await answer(query)
        return await _confirm(update, context, draft, answers, scene)
    if step is Step.REVIEW and parsed.action == "cancel":
        await answer(query)
        async with context.db.transaction() as conn:
            await delete_draft(conn, draft.user_id, draft.measure_id, draft.department_id, draft.year)
        await context.bot.send_message(
            chat_id,
            texts.CANCELLED_REVIEW.format(number=esc(scene.number)),
            reply_markup=keyboards.after_save(None, draft.department_id),
        )
        return ConversationHandler.END
    try:
        outcome = flow.press(step, answers, parsed.action, scene.facts)
    except flow.StaleAction:
        await answer(query, texts.STALE_BUTTON)
        return ANSWERING
    await answer(query)
    if outcome.problem:
        await _ask(
            context, chat_id, step, answers, scene, prefix=_problem_text(outcome.problem, step, answers)
        )
        return ANSWERING
    await _store(update, context, draft, outcome.answers, outcome.step, scene)
    await _ask(context, chat_id, outcome.step, outcome.answers, scene)
    return ANSWERING


async def _confirm(update: Update, context: Context, draft: Draft, answers: Answers, scene: Scene) -> int:
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id = update.effective_chat.id
    if not flow.ready_to_save(answers):
        await _ask(context, chat_id, Step.REVIEW, answers, scene, prefix=texts.PROBLEMS["nothing_to_save"])
        return ANSWERING
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
                    author_id=role.user_id,
                    author_name=update.effective_user.full_name,
                    source=Source.COORDINATOR if scene.on_behalf else Source.BOT,
                    base_revision_id=answers.base_revision_id,
                ),
            )
            await delete_draft(conn, draft.user_id, draft.measure_id, draft.department_id, draft.year)
            items = await worklist(conn, draft.department_id, role.user_id)
    if not period_ok:
        await context.bot.send_message(chat_id, texts.PERIOD_CLOSED.format(year=draft.year))
        return ConversationHandler.END
    text = texts.SAVED.format(number=esc(scene.number), department=esc(scene.department))
    overtaken = (
        current is not None and current.id != answers.base_revision_id and current.author_id != role.user_id
    )
    if overtaken and current is not None:
        text += "\n\n" + texts.SAVED_OVER_OTHER.format(
            author=esc(current.author_name or texts.SOMEONE), when=_when(context, current)
        )
        if current.author_id is not None:
            # The other author saved first without seeing this revision: their text no longer counts.
            notice = texts.OVERTAKEN.format(
                number=esc(scene.number),
                department=esc(scene.department),
                author=esc(saved.author_name or texts.SOMEONE),
            )
            try:
                await context.bot.send_message(current.author_id, notice, parse_mode="HTML")
            except TelegramError as exc:
                log.warning("could not tell %s that their revision was overtaken: %s", current.author_id, exc)
    following = _next_item(items, saved.measure_id, draft.year)
    if following is None:
        text += "\n" + texts.SAVED_ALL_DONE
    markup = None if scene.on_behalf else keyboards.after_save(following, draft.department_id)
    await context.bot.send_message(chat_id, text, parse_mode="HTML", reply_markup=markup)
    return ConversationHandler.END


async def _period_open(conn: aiosqlite.Connection, draft: Draft) -> bool:
    return await measure_period_status(conn, draft.measure_id, draft.year) is PeriodStatus.OPEN


def _next_item(items: list[WorkItem], after_measure: int, year: int) -> WorkItem | None:
    """The next waiting measure after this one, wrapping round to the first waiting one."""
    waiting = [i for i in items if i.status in (Status.WAITING, Status.DRAFT) and i.year == year]
    position = next((n for n, i in enumerate(items) if i.measure_id == after_measure), -1)
    later = [i for i in waiting if items.index(i) > position]
    return (later or waiting or [None])[0]


def _when(context: Context, submission: Submission) -> str:
    if submission.created_at is None:
        return ""
    local = submission.created_at.astimezone(context.settings.tz)
    return f"{date(local.date())} {local:%H:%M}"


# --- other input while answering -------------------------------------------------------------------


async def on_other_input(update: Update, context: Context) -> int:
    """Photos, stickers, voice, files, edited messages: say what is wanted and ask the same again."""
    chat = update.effective_chat
    assert chat is not None
    try:
        loaded = await _load_active(context)
    except Denied as denied:
        return await _refuse(update, denied.text)
    if loaded is None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(texts.IDLE_TEXT)
        return ConversationHandler.END
    draft, scene = loaded
    step = Step(draft.step)
    if update.edited_message is not None:
        prefix = texts.EDITED_IGNORED
    else:
        hint = {Step.INFO: texts.HINT_TEXT, Step.REVIEW: texts.HINT_BUTTONS, Step.CONFIRM: texts.HINT_BUTTONS}
        prefix = texts.NOT_TEXT.format(hint=hint.get(step, texts.HINT_NUMBER))
    await _ask(context, chat.id, step, Answers.from_json(draft.data), scene, prefix=prefix)
    return ANSWERING


async def cancel(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and context.role is not None
    # The gate has already ended the conversation (as for any command); say whether there was one.
    await message.reply_text(texts.CANCELLED if context.left_draft else texts.NOTHING_TO_CANCEL)
    return ConversationHandler.END


async def leave(update: Update, context: Context) -> int:
    return ConversationHandler.END


async def resend_question(update: Update, context: Context) -> int:
    """/help in the middle of a conversation: after the help, the same question again."""
    try:
        loaded = await _load_active(context)
    except Denied as denied:
        return await _refuse(update, denied.text)
    if loaded is None or update.effective_chat is None:
        return ConversationHandler.END
    draft, scene = loaded
    await _ask(context, update.effective_chat.id, Step(draft.step), Answers.from_json(draft.data), scene)
    return ANSWERING


def _is_text() -> filters.BaseFilter:
    return filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


def _other_input() -> filters.BaseFilter:
    media = filters.UpdateType.EDITED_MESSAGE | (filters.UpdateType.MESSAGE & ~filters.TEXT)
    return media


def conversation() -> ConversationHandler:
    handlers = [
        CallbackQueryHandler(open_measure, pattern=r"^open:"),
        CallbackQueryHandler(on_button, pattern=r"^q:"),
        MessageHandler(_is_text(), on_text),
        MessageHandler(_other_input(), on_other_input),
    ]
    return ConversationHandler(
        entry_points=handlers,
        states={ANSWERING: handlers},
        fallbacks=[MessageHandler(filters.COMMAND, leave)],
        allow_reentry=True,
        name="reporting",
    )
