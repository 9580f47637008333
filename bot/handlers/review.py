"""/review 2023: the coordinator goes through the reports waiting for review, one card at a time.

«Прийняти» accepts the revision on the card; «Повернути з коментарем» keeps in the database that the
coordinator's next message is the comment (storage.reviews.await_comment; any command drops it), then
the return is written and the department's members are told at once (bot/review_notices.py);
«Прийняти все від …» accepts every waiting report of that department. Every decision checks again that
the card's revision is still the department's newest and not reviewed yet.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label
from bot.handlers.coordinator import coordinators_only, period_argument, program_command
from bot.handlers.history import describe_changes
from bot.handlers.reporting import handlers as reporting
from bot.review_notices import tell_return
from l10n import t
from l10n.numbers import money, percent
from l10n.times import moment
from storage.evidence import measure_files
from storage.models import Fund, PeriodStatus, Program, Submission
from storage.periods import measure_period_status
from storage.plans import PlanKey, program_plans
from storage.programs import get_program, load_program
from storage.reviews import (
    ReviewState,
    add_review,
    answered_return,
    await_comment,
    current_state,
    drop_pending_comment,
    get_submission,
    last_accepted,
    measure_program,
    pending_comment,
    review_counts,
    told_of_return,
    waiting_reviews,
)
from storage.texts import clean_text, is_blank


@program_command("review", takes=1)
async def review(update: Update, context: Context, program: Program, args: list[str]) -> None:
    period = await period_argument(update, context, program, args[:1], "review")
    if period is None or period.year is None:
        return
    assert update.effective_chat is not None
    await send_next(context, update.effective_chat.id, program.id, period.year, header=True)


@coordinators_only
async def on_open(update: Update, context: Context) -> None:
    """/status's «Перевірити звіти» button."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.ReviewOpen)
    if parsed is None:
        return
    async with context.db.locked() as conn:
        program = await get_program(conn, parsed.program_id)
    if program is None:
        await answer(query, t("stale-button"))
        return
    await answer(query)
    await send_next(context, update.effective_chat.id, program.id, parsed.year, header=True)


async def send_next(
    context: Context, chat_id: int, program_id: int, year: int, *, header: bool = False
) -> None:
    """The first report waiting for review (with the counts per department when ``header``), or that there
    is none."""
    async with context.db.locked() as conn:
        waiting = await waiting_reviews(conn, program_id, year)
        tree = await load_program(conn, program_id, year)
        if not waiting or tree is None:
            card = None
        else:
            card = await _card(context, conn, tree, waiting[0], program_id)
    assert tree is not None
    fit = Fit()
    if header:
        lines = [t("review-header", year=year, count=len(waiting))]
        per_department: dict[int, int] = {}
        for s in waiting:
            per_department[s.department_id] = per_department.get(s.department_id, 0) + 1
        for department_id, count in per_department.items():
            department = tree.departments.get(department_id)
            lines.append(
                t("review-department-count", department=fit(department.short_name if department else "?", 100),
                  count=count)
            )  # fmt: skip
        for page in fit.pages("\n".join(lines)):
            await context.bot.send_message(chat_id, page)
    if card is None:
        if not header:
            await context.bot.send_message(chat_id, t("review-nothing", year=year))
        return
    text, markup = card
    await context.bot.send_message(chat_id, text, reply_markup=markup)


async def _card(context, conn, tree, submission: Submission, program_id: int):  # type: ignore[no-untyped-def]
    measure = next((m for m in tree.measures if m.id == submission.measure_id), None)
    department = tree.departments.get(submission.department_id)
    plans = await program_plans(conn, program_id)
    plan = plans.get(PlanKey(submission.measure_id, submission.year, Fund.GENERAL))
    answered = await answered_return(conn, submission)
    # A correction is shown against the revision it answers; a first submission against the last accepted.
    accepted = await last_accepted(conn, submission) if answered is None else None
    files = await measure_files(conn, submission.measure_id, submission.year, submission.department_id)
    fit = Fit()
    lines = [
        t(
            "review-card",
            number=fit(measure.number if measure else "?"),
            department=fit(department.short_name if department else "?", 200),
            text=fit(measure.text if measure else "", 400),
            plan=t("plan-not-set") if plan is None else money(plan),
            actual=money(submission.actual),
            financed=money(submission.financed),
            percent=percent(submission.percent),
            info=fit(submission.info, 2000),
            author=fit(submission.author_name or str(submission.author_id or ""), 200),
            when=moment(submission.created_at, context.settings.tz),
        )
    ]
    if answered is not None:
        returned, decision = answered
        lines.append(
            t("review-card-correction", comment=fit(decision.comment, 500),
              reviewer=fit(decision.reviewer_name or str(decision.reviewer_id or ""), 100),
              when=moment(decision.created_at, context.settings.tz))
        )  # fmt: skip
    if files:
        lines.append(t("review-card-files", names=fit(", ".join(f.name for f in files), 600)))
    if answered is not None:
        lines.append(t("review-card-changes-returned"))
        lines.extend(describe_changes(returned, submission, fit, units=True))
    elif accepted is None:
        lines.append(t("review-card-first"))
    else:
        lines.append(t("review-card-changes"))
        lines.extend(describe_changes(accepted, submission, fit, units=True))
    short = department.short_name if department else "?"
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("review-button-accept"),
                                     callback_data=callbacks.ReviewDecision("acc", submission.id).data()),
                InlineKeyboardButton(t("review-button-return"),
                                     callback_data=callbacks.ReviewDecision("ret", submission.id).data()),
            ],
            [InlineKeyboardButton(
                button_label(t("review-button-accept-all", department=short)),
                callback_data=callbacks.ReviewAcceptAll(program_id, submission.year, submission.department_id).data(),
            )],
        ]
    )  # fmt: skip
    return fit.one("\n".join(lines)), markup


async def _still_waiting(conn, submission_id: int) -> Submission | None:  # type: ignore[no-untyped-def]
    """The revision, if it is still its department's newest and not reviewed yet."""
    submission = await get_submission(conn, submission_id)
    if submission is None:
        return None
    newest, state, _ = await current_state(
        conn, submission.measure_id, submission.department_id, submission.year
    )
    if newest is None or newest.id != submission.id or state is not ReviewState.SUBMITTED:
        return None
    return submission


def _names(tree, submission: Submission, fit: Fit) -> dict[str, str]:  # type: ignore[no-untyped-def]
    measure = next((m for m in tree.measures if m.id == submission.measure_id), None) if tree else None
    department = tree.departments.get(submission.department_id) if tree else None
    return {
        "number": fit(measure.number if measure else "?"),
        "department": fit(department.short_name if department else "?", 200),
    }


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and update.effective_chat is not None and user is not None
    parsed = await pressed(query, callbacks.ReviewDecision)
    if parsed is None:
        return
    chat_id = update.effective_chat.id
    async with context.db.transaction() as conn:
        submission = await _still_waiting(conn, parsed.submission_id)
        program_id = await measure_program(conn, submission.measure_id) if submission else None
        locked = submission is not None and (
            await measure_period_status(conn, submission.measure_id, submission.year) is PeriodStatus.LOCKED
        )
        if submission is not None and parsed.action == "acc":
            await add_review(conn, submission.id, ReviewState.ACCEPTED, reviewer_id=user.id,
                             reviewer_name=user.full_name)  # fmt: skip
        elif submission is not None and not locked:
            await await_comment(conn, user.id, submission.id)
        tree = await load_program(conn, program_id) if program_id is not None else None
    if submission is None or program_id is None:
        await answer(query, t("review-stale"))
        stale = await _stale_program(context, parsed.submission_id)
        if stale is not None:
            await send_next(context, chat_id, *stale)
        return
    fit = Fit()
    if parsed.action == "acc":
        await answer(query)
        await context.bot.send_message(
            chat_id, fit.one(t("review-accepted", **_names(tree, submission, fit)))
        )
        await send_next(context, chat_id, program_id, submission.year)
    elif locked:
        await answer(query, t("review-locked", year=submission.year), show_alert=True)
    else:
        await answer(query)
        await context.bot.send_message(
            chat_id, fit.one(t("review-ask-comment", **_names(tree, submission, fit)))
        )


async def _stale_program(context: Context, submission_id: int) -> tuple[int, int] | None:
    async with context.db.locked() as conn:
        submission = await get_submission(conn, submission_id)
        program_id = await measure_program(conn, submission.measure_id) if submission else None
    return None if submission is None or program_id is None else (program_id, submission.year)


@coordinators_only
async def on_accept_all(update: Update, context: Context) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and update.effective_chat is not None and user is not None
    parsed = await pressed(query, callbacks.ReviewAcceptAll)
    if parsed is None:
        return
    async with context.db.transaction() as conn:
        tree = await load_program(conn, parsed.program_id)
        waiting = (
            []
            if tree is None
            else await waiting_reviews(conn, parsed.program_id, parsed.year, parsed.department_id)
        )
        for submission in waiting:
            await add_review(conn, submission.id, ReviewState.ACCEPTED, reviewer_id=user.id,
                             reviewer_name=user.full_name)  # fmt: skip
    if tree is None or not waiting:
        await answer(query, t("review-stale"))
        if tree is not None:
            await send_next(context, update.effective_chat.id, parsed.program_id, parsed.year)
        return
    await answer(query)
    department = tree.departments.get(parsed.department_id)
    fit = Fit()
    text = t("review-accepted-all", department=fit(department.short_name if department else "?", 200),
             count=len(waiting))  # fmt: skip
    await context.bot.send_message(update.effective_chat.id, fit.one(text))
    await send_next(context, update.effective_chat.id, parsed.program_id, parsed.year)


async def on_text(update: Update, context: Context) -> None:
    """A coordinator's text after «Повернути з коментарем» is the comment; any other text is an answer
    of the reporting conversation."""
    role = context.role
    message = update.effective_message
    user = update.effective_user
    if role is None or not role.coordinator or message is None or user is None:
        await reporting.on_text(update, context)
        return
    async with context.db.locked() as conn:
        waiting_for = await pending_comment(conn, user.id)
    if waiting_for is None:
        await reporting.on_text(update, context)
        return
    comment = clean_text(message.text or "")
    if is_blank(comment):  # spaces, zero-width characters, fillers: the same rule as every typed text
        await message.reply_text(t("review-comment-empty"))
        return
    async with context.db.transaction() as conn:
        await drop_pending_comment(conn, user.id)
        submission = await _still_waiting(conn, waiting_for)
        locked = submission is not None and (
            await measure_period_status(conn, submission.measure_id, submission.year) is PeriodStatus.LOCKED
        )
        program_id = await measure_program(conn, submission.measure_id) if submission else None
        written = None
        if submission is not None and not locked:
            written = await add_review(conn, submission.id, ReviewState.RETURNED, comment=comment,
                                       reviewer_id=user.id, reviewer_name=user.full_name)  # fmt: skip
        tree = await load_program(conn, program_id) if program_id is not None else None
    if submission is None or program_id is None:
        await message.reply_text(t("review-stale"))
        stale = await _stale_program(context, waiting_for)
        if stale is not None:
            await send_next(context, message.chat_id, *stale)
        return
    if written is None:
        await message.reply_text(t("review-locked", year=submission.year))
        return
    await tell_return(context.application, written)
    async with context.db.locked() as conn:  # whoever sent it (this handler or the notice job): who knows now
        told = len(await told_of_return(conn, written.id))
    fit = Fit()
    await message.reply_text(fit.one(t("review-returned", told=told, **_names(tree, submission, fit))))
    await send_next(context, message.chat_id, program_id, submission.year)


async def status_line(
    context: Context, program_id: int, year: int, buttons: list[list[InlineKeyboardButton]]
) -> str:
    """/status's line of review counts; with reports waiting, a «Перевірити звіти» button joins ``buttons``."""
    async with context.db.locked() as conn:
        counts = await review_counts(conn, program_id, year)
    waiting = counts[ReviewState.SUBMITTED]
    if waiting:
        buttons.append([InlineKeyboardButton(
            t("review-button-open", count=waiting), callback_data=callbacks.ReviewOpen(program_id, year).data()
        )])  # fmt: skip
    return t("status-review-counts", waiting=waiting, returned=counts[ReviewState.RETURNED],
             accepted=counts[ReviewState.ACCEPTED])  # fmt: skip
