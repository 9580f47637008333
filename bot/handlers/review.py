"""/review 2023: the coordinator goes through the reports waiting for review, one card at a time.

«Прийняти» accepts the revision on the card; «Повернути з коментарем» keeps in the database that the
coordinator's next message is the comment (any command drops it), then the return is written and the
department's members are told at once (bot/review_notices.py); «Прийняти все від …» accepts every waiting
report of that department. The decisions and their rules (the revision still the department's newest and
waiting, a return only in an open year, a comment not blank) are actions.reviews'; this module words them.
"""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.reviews import (
    Card,
    Decided,
    ReviewQueue,
    accept,
    accept_all,
    accepted_all_already,
    comment_awaited,
    own_decision,
    place_of,
    return_with_comment,
    review_queue,
    start_return,
)
from bot import callbacks
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label
from bot.handlers import indicator_review
from bot.handlers.coordinator import coordinators_only, period_argument, program_command
from bot.handlers.history import describe_changes
from bot.handlers.reporting import handlers as reporting
from bot.refusals import actor_of, answer_refused, refusal_text
from bot.review_notices import tell_return, told_of, unreached
from l10n import t
from l10n.numbers import money, percent
from l10n.times import moment
from storage.models import Program
from storage.programs import ProgramTree
from storage.reviews import ReviewState, review_counts


@program_command("review", takes=1)
async def review(update: Update, context: Context, program: Program, args: list[str]) -> None:
    period = await period_argument(update, context, program, args[:1], "review")
    if period is None or period.year is None:
        return
    assert update.effective_chat is not None
    actor = actor_of(update, context)
    await send_next(context, actor, update.effective_chat.id, program.id, period.year, header=True)


@coordinators_only
async def on_open(update: Update, context: Context) -> None:
    """/status's «Перевірити звіти» button."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.ReviewOpen)
    if parsed is None:
        return
    seen = context.seen_now()  # before the read: what is sent after it, the card does not show
    try:
        queue = await review_queue(context.db, actor_of(update, context), parsed.program_id, parsed.year)
    except Refused as refused:  # another program's (forged), or read only
        await answer_refused(query, refused, context.settings.tz)
        return
    if queue.tree is None:
        await answer(query, t("stale-button"))
        return
    await answer(query)
    await _send_queue(
        context,
        update.effective_chat.id,
        parsed.year,
        queue,
        seen,
        header=True,
        actor=actor_of(update, context),
    )


async def send_next(
    context: Context, actor: Actor, chat_id: int, program_id: int, year: int, *, header: bool = False
) -> None:
    """The first report waiting for review (with the counts per department when ``header``), or that there
    is none. Nothing when the actor may not review the program (after a refusal already said, e.g. on a forged
    button of another program)."""
    seen = context.seen_now()  # before the read: what is sent after it, the card does not show
    try:
        queue = await review_queue(context.db, actor, program_id, year)
    except Refused:
        return
    await _send_queue(context, chat_id, year, queue, seen, header=header, actor=actor)


async def _send_queue(
    context: Context,
    chat_id: int,
    year: int,
    queue: ReviewQueue,
    seen: int,
    *,
    header: bool,
    actor: Actor | None = None,
) -> None:
    """The queue as read; ``seen`` (``Context.seen_now``) taken before the read, so that «Прийняти все від …» on
    the card never takes what was sent while the header was on its way, which the card does not show."""
    tree = queue.tree
    if tree is None:  # the program is gone
        return
    fit = Fit()
    if header:
        lines = [t("review-header", year=year, count=len(queue.waiting))]
        per_department: dict[int, int] = {}
        for s in queue.waiting:
            per_department[s.department_id] = per_department.get(s.department_id, 0) + 1
        for department_id, count in per_department.items():
            department = tree.departments.get(department_id)
            lines.append(
                t(
                    "review-department-count",
                    department=fit(department.short_name if department else "?", 100),
                    count=count,
                )
            )
        facts = await indicator_review.waiting_count(context, actor, tree.program.id, year) if actor else 0
        if facts:  # the indicators' facts come after the measures' reports
            lines.append(t("review-header-indicators", count=facts))
        for page in fit.pages("\n".join(lines)):
            await context.bot.send_message(chat_id, page)
    if queue.card is None:
        # The measures' reports all decided: the indicators' facts waiting, if any (bot.handlers.indicator_review).
        if actor is not None and await indicator_review.send_next_fact(
            context, actor, chat_id, tree.program.id, year
        ):
            return
        if not header:
            await context.bot.send_message(chat_id, t("review-nothing", year=year))
        return
    text, markup = _card(context, tree, queue.card, seen)
    await context.bot.send_message(chat_id, text, reply_markup=markup)


def _card(context: Context, tree: ProgramTree, card: Card, seen: int) -> tuple[str, InlineKeyboardMarkup]:
    submission = card.submission
    measure = next((m for m in tree.measures if m.id == submission.measure_id), None)
    department = tree.departments.get(submission.department_id)
    fit = Fit()
    lines = [
        t(
            "review-card",
            number=fit(measure.number if measure else "?"),
            department=fit(department.short_name if department else "?", 200),
            text=fit(measure.text if measure else "", 400),
            plan=t("plan-not-set") if card.plan is None else money(card.plan),
            actual=money(submission.actual),
            financed=money(submission.financed),
            percent=percent(submission.percent),
            info=fit(submission.info, 2000),
            author=fit(submission.author_name or str(submission.author_id or ""), 200),
            when=moment(submission.created_at, context.settings.tz),
        )
    ]
    if card.answered is not None:
        decision = card.answered[1]
        lines.append(
            t(
                "review-card-correction",
                comment=fit(decision.comment, 500),
                reviewer=fit(decision.reviewer_name or str(decision.reviewer_id or ""), 100),
                when=moment(decision.created_at, context.settings.tz),
            )
        )
    if card.files:
        lines.append(t("review-card-files", names=fit(", ".join(f.name for f in card.files), 600)))
    if card.answered is not None:
        lines.append(t("review-card-changes-returned"))
        lines.extend(describe_changes(card.answered[0], submission, fit, units=True))
    elif card.accepted is None:
        lines.append(t("review-card-first"))
    else:
        lines.append(t("review-card-changes"))
        lines.extend(describe_changes(card.accepted, submission, fit, units=True))
    short = department.short_name if department else "?"
    program_id = tree.program.id
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("review-button-accept"),
                    callback_data=callbacks.ReviewDecision("acc", submission.id).data(),
                ),
                InlineKeyboardButton(
                    t("review-button-return"),
                    callback_data=callbacks.ReviewDecision("ret", submission.id).data(),
                ),
            ],
            [
                InlineKeyboardButton(
                    button_label(t("review-button-accept-all", department=short)),
                    callback_data=callbacks.ReviewAcceptAll(
                        program_id, submission.year, submission.department_id, seen
                    ).data(),
                )
            ],
        ]
    )
    return fit.one("\n".join(lines)), markup


def _names(decided: Decided, fit: Fit) -> dict[str, str]:
    department = decided.department
    return {
        "number": fit(decided.number),
        "department": fit(department.short_name if department else "?", 200),
    }


async def _after_decided(context: Context, actor: Actor, chat_id: int, submission_id: int) -> None:
    """After ``REVIEW_DECIDED``: the next card of the revision's program and year."""
    place = await place_of(context.db, submission_id)
    if place is not None:
        await send_next(context, actor, chat_id, *place)


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.ReviewDecision)
    if parsed is None:
        return
    chat_id = update.effective_chat.id
    actor = actor_of(update, context)
    if parsed.action != "acc" and await comment_awaited(context.db, actor) == parsed.submission_id:
        await answer(query, t("review-comment-awaited"))  # a second press: the question is there already
        return
    try:
        if parsed.action == "acc":
            decided = await accept(context.db, actor, parsed.submission_id)
        else:
            decided = await start_return(context.db, actor, parsed.submission_id)
    except Refused as refused:
        stale = refused.reason is Reason.REVIEW_DECIDED
        own = await own_decision(context.db, actor, parsed.submission_id) if stale else None
        if own is not None:  # their own second press: the next card followed the first already
            await answer(query, t("review-decided-yours", state=own.value))
            return
        await answer(query, refusal_text(refused, context.settings.tz), show_alert=not stale)
        if stale:
            await _after_decided(context, actor, chat_id, parsed.submission_id)
        return
    await answer(query)
    fit = Fit()
    if parsed.action == "acc":
        await context.bot.send_message(chat_id, fit.one(t("review-accepted", **_names(decided, fit))))
        await send_next(context, actor, chat_id, decided.program_id, decided.submission.year)
    else:
        await context.bot.send_message(chat_id, fit.one(t("review-ask-comment", **_names(decided, fit))))


@coordinators_only
async def on_accept_all(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.ReviewAcceptAll)
    if parsed is None:
        return
    chat_id = update.effective_chat.id
    actor = actor_of(update, context)
    seen_at = dt.datetime.fromtimestamp(parsed.seen / 1000, dt.UTC)
    try:
        done = await accept_all(
            context.db, actor, parsed.program_id, parsed.year, parsed.department_id, seen_at=seen_at
        )
    except Refused as refused:
        own = None
        if refused.reason is Reason.REVIEW_DECIDED:
            own = await accepted_all_already(
                context.db, actor, parsed.program_id, parsed.year, parsed.department_id, seen_at
            )
        if own is not None:  # their own second press: the next card followed the first already
            await answer(query, t("review-accepted-all-yours", department=button_label(own.short_name)))
            return
        await answer(query, refusal_text(refused, context.settings.tz))
        await send_next(context, actor, chat_id, parsed.program_id, parsed.year)
        return
    await answer(query)
    fit = Fit()
    department = fit(done.department.short_name if done.department else "?", 200)
    said = [t("review-accepted-all", department=department, count=done.count)] if done.count else []
    if done.facts:  # the department's indicators' facts, accepted with its reports
        said.append(t("fact-review-accepted-all", department=department, count=done.facts))
    if done.later:  # sent after the card was shown: not seen, so not accepted
        said.append(t("review-accepted-all-later", department=department, count=done.later))
    await context.bot.send_message(chat_id, fit.one(" ".join(said)))
    await send_next(context, actor, chat_id, parsed.program_id, parsed.year)


async def on_text(update: Update, context: Context) -> None:
    """A coordinator's text after «Повернути з коментарем» is the comment; any other text is an answer
    of the reporting conversation."""
    role = context.role
    message = update.effective_message
    if role is None or not role.coordinator or message is None or update.effective_user is None:
        await reporting.on_text(update, context)
        return
    actor = actor_of(update, context)
    waiting_for = await comment_awaited(context.db, actor)
    if waiting_for is None:
        if not await indicator_review.on_comment(
            update, context
        ):  # a return's comment on an indicator's fact
            await reporting.on_text(update, context)
        return
    try:
        decided = await return_with_comment(context.db, actor, waiting_for, message.text or "")
    except Refused as refused:
        await message.reply_text(refusal_text(refused, context.settings.tz))
        if refused.reason is Reason.REVIEW_DECIDED:
            await _after_decided(context, actor, message.chat_id, waiting_for)
        return
    assert decided.review is not None
    await tell_return(context.application, decided.review)
    told = await told_of(context.application, decided.review)  # whoever sent it (this or the notice job)
    members, blocked = await unreached(context.application, decided.review)
    fit = Fit()
    text = t("review-returned", told=told, members=members, **_names(decided, fit))
    if blocked:
        text += "\n" + t("review-returned-blocked", count=len(blocked), names=fit(", ".join(blocked), 1500))
    await message.reply_text(fit.one(text))
    await send_next(context, actor, message.chat_id, decided.program_id, decided.submission.year)


async def status_line(
    context: Context, program_id: int, year: int, buttons: list[list[InlineKeyboardButton]]
) -> str:
    """/status's line of review counts; with reports waiting, a «Перевірити звіти» button joins ``buttons``."""
    async with context.db.locked() as conn:
        counts = await review_counts(conn, program_id, year)
    waiting = counts[ReviewState.SUBMITTED]
    if waiting:
        buttons.append(
            [
                InlineKeyboardButton(
                    t("review-button-open", count=waiting),
                    callback_data=callbacks.ReviewOpen(program_id, year).data(),
                )
            ]
        )
    return t(
        "status-review-counts",
        waiting=waiting,
        returned=counts[ReviewState.RETURNED],
        accepted=counts[ReviewState.ACCEPTED],
    )
