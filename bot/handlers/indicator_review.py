"""The coordinator's review of indicators' facts, after the measures' reports (/review, «Перевірити звіти»): one
card at a time, «Прийняти» or «Повернути з коментарем» (the next message is the comment; the department's members
are told at once). The decisions and their rules are actions.indicators'; this module words them."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError

from actions import indicators
from actions.actor import Actor
from actions.indicators import FactCard, FactDecided
from actions.refusals import Reason, Refused
from bot import callbacks
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label, clip, esc
from bot.handlers.coordinator import coordinators_only
from bot.handlers.reporting.indicators import _deviation, value_text
from bot.refusals import actor_of, refusal_text
from bot.reminders.delivery import note_blocked
from l10n import t
from l10n.times import moment

log = logging.getLogger("zvitbot")


def _card(context: Context, card: FactCard, program_id: int) -> tuple[str, InlineKeyboardMarkup]:
    fact, indicator = card.fact, card.indicator
    fit = Fit()
    unit = indicator.unit
    lines = [
        t(
            "fact-review-card",
            number=indicator.number,
            name=fit(indicator.name, 600),
            department=fit(card.department.short_name if card.department else "?", 200),
            plan=value_text(card.plan, unit),
            value=value_text(fact.value, unit),
            deviation=_deviation(card.plan, fact.value, unit),
            reason=fit(fact.reason, 1000) if fact.reason else t("value-not-given"),
            author=fit(fact.author_name or str(fact.user_id or ""), 200),
            when=moment(fact.created_at, context.settings.tz),
        )
    ]
    if card.returned is not None and card.previous is not None:
        lines.append(
            t(
                "fact-review-correction",
                comment=fit(card.returned.comment, 500),
                before=value_text(card.previous.value, unit),
            )
        )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("fact-review-button-accept"),
                    callback_data=callbacks.FactReviewDecision("acc", fact.id).data(),
                ),
                InlineKeyboardButton(
                    t("fact-review-button-return"),
                    callback_data=callbacks.FactReviewDecision("ret", fact.id).data(),
                ),
            ]
        ]
    )
    if card.department is not None:  # the measures' «Прийняти все від …»: its reports and facts at once
        markup = InlineKeyboardMarkup(
            [
                *markup.inline_keyboard,
                [
                    InlineKeyboardButton(
                        button_label(t("review-button-accept-all", department=card.department.short_name)),
                        callback_data=callbacks.ReviewAcceptAll(
                            program_id, fact.year, card.department.id, context.seen_now()
                        ).data(),
                    )
                ],
            ]
        )
    return fit.one("\n".join(lines)), markup


async def send_next_fact(context: Context, actor: Actor, chat_id: int, program_id: int, year: int) -> bool:
    """The first indicator's fact waiting for review, as a card; False when none waits (or the actor may not)."""
    try:
        queue = await indicators.fact_review_queue(context.db, actor, program_id, year)
    except Refused:
        return False
    if queue.card is None:
        return False
    text, markup = _card(context, queue.card, program_id)
    await context.bot.send_message(chat_id, text, reply_markup=markup)
    return True


def _names(decided: FactDecided) -> dict[str, object]:
    department = decided.department
    return {
        "number": decided.indicator.number,
        "department": esc(clip(department.short_name if department else "?", 200)),
    }


async def waiting_count(context: Context, actor: Actor, program_id: int, year: int) -> int:
    """How many indicators' facts wait for review (0 when the actor may not review the program)."""
    try:
        return len((await indicators.fact_review_queue(context.db, actor, program_id, year)).waiting)
    except Refused:
        return 0


async def _next(context: Context, actor: Actor, chat_id: int, program_id: int, year: int) -> None:
    """After a decision: the next fact's card, or that nothing waits (the measures' words)."""
    if not await send_next_fact(context, actor, chat_id, program_id, year):
        await context.bot.send_message(chat_id, t("review-nothing", year=year))


async def _after_decided(context: Context, actor: Actor, chat_id: int, fact_id: int) -> None:
    """After ``REVIEW_DECIDED``: the next card of the fact's program and year, as the refusal says."""
    place = await indicators.fact_place(context.db, fact_id)
    if place is not None:
        await _next(context, actor, chat_id, *place)


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.FactReviewDecision)
    if parsed is None:
        return
    chat_id = update.effective_chat.id
    actor = actor_of(update, context)
    if parsed.action != "acc" and await indicators.fact_comment_awaited(context.db, actor) == parsed.fact_id:
        await answer(query, t("review-comment-awaited"))  # a second press: the question is there already
        return
    try:
        if parsed.action == "acc":
            decided = await indicators.accept_fact(context.db, actor, parsed.fact_id)
        else:
            decided = await indicators.start_fact_return(context.db, actor, parsed.fact_id)
    except Refused as refused:
        stale = refused.reason is Reason.REVIEW_DECIDED
        own = await indicators.own_fact_decision(context.db, actor, parsed.fact_id) if stale else None
        if own is not None:  # their own second press: the next card followed the first already
            await answer(query, t("review-decided-yours", state=own.value))
            return
        await answer(query, refusal_text(refused, context.settings.tz), show_alert=not stale)
        if stale:  # decided by someone else, or corrected: the next card, as the answer says
            await _after_decided(context, actor, chat_id, parsed.fact_id)
        return
    await answer(query)
    if parsed.action == "acc":
        await context.bot.send_message(chat_id, t("fact-review-accepted", **_names(decided)))
        await _next(context, actor, chat_id, decided.program_id, decided.fact.year)
    else:
        await context.bot.send_message(chat_id, t("fact-review-ask-comment", **_names(decided)))


async def on_comment(update: Update, context: Context) -> bool:
    """A coordinator's message after «Повернути з коментарем» on a fact: the return written with it (True: it
    was that comment)."""
    message = update.effective_message
    assert message is not None
    actor = actor_of(update, context)
    fact_id = await indicators.fact_comment_awaited(context.db, actor)
    if fact_id is None:
        return False
    try:
        decided = await indicators.return_fact_with_comment(context.db, actor, fact_id, message.text or "")
    except Refused as refused:
        await message.reply_text(refusal_text(refused, context.settings.tz))
        if refused.reason is Reason.REVIEW_DECIDED:
            await _after_decided(context, actor, message.chat_id, fact_id)
        return True
    assert decided.review is not None
    unreached = await _tell(context, decided)
    text = t("fact-review-returned", **_names(decided))
    if unreached:  # the coordinator tells them another way
        fit = Fit()
        text = fit.one(text + "\n" + t("fact-return-unreached", names=fit(", ".join(unreached), 1500)))
    await message.reply_text(text)
    await _next(context, actor, message.chat_id, decided.program_id, decided.fact.year)
    return True


async def _tell(context: Context, decided: FactDecided) -> list[str]:
    """The department's members hear of the return, with a button to correct it. Returns the names of those
    it did not reach: blocked the bot (or deleted the account: marked, like a reminder's), or not delivered."""
    assert decided.review is not None
    fit = Fit()
    indicator = decided.indicator
    text = fit.one(
        t(
            "fact-return-notice",
            number=indicator.number,
            name=fit(indicator.name, 300),
            comment=fit(decided.review.comment, 1000),
        )
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("fact-button-open", number=indicator.number),
                    callback_data=callbacks.OpenIndicator(indicator.id, decided.fact.year).data(),
                )
            ]
        ]
    )
    unreached = decided.blocked
    for user_id in decided.tell:
        try:
            await context.bot.send_message(user_id, text, reply_markup=markup)
        except TelegramError as exc:
            log.warning("could not tell %s of a returned indicator: %s", user_id, exc)
            if isinstance(exc, Forbidden):
                async with context.db.locked() as conn:
                    await note_blocked(context.application, conn, user_id, context.bot_data.clock())
            unreached.append(decided.names.get(user_id, str(user_id)))
    return unreached


async def status_line(
    context: Context, actor: Actor, program_id: int, year: int, buttons: list[list[InlineKeyboardButton]]
) -> str | None:
    """/status's line of the indicators beside the measures; None for a program with none. With facts waiting
    for review and no «Перевірити звіти» among ``buttons`` yet (no measure's report waits), it joins them."""
    try:
        counts = await indicators.indicator_counts(context.db, actor, program_id, year)
    except Refused:
        return None
    if counts.total == 0:
        return None
    review = callbacks.ReviewOpen(program_id, year).data()
    if counts.waiting and not any(b.callback_data == review for row in buttons for b in row):
        buttons.append(
            [InlineKeyboardButton(t("review-button-open", count=counts.waiting), callback_data=review)]
        )
    return t(
        "status-indicators",
        reported=counts.reported,
        total=counts.total,
        waiting=counts.waiting,
        returned=counts.returned,
        accepted=counts.accepted,
    )
