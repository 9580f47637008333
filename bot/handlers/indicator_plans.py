"""``/plan 2024 показник 3 150``: one result indicator's plan, previewed with «Застосувати» / «Скасувати» (the
rules: actions.indicator_plans). The words after the year say it is an indicator's; the value is in the
indicator's own unit. Every change is recorded with its author (storage.indicators).
"""

from __future__ import annotations

from telegram import Update

from actions.indicator_plans import apply_indicator_plan, indicator_history, preview_indicator_plan
from actions.refusals import Refused
from bot import callbacks, keyboards
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, esc
from bot.handlers.coordinator import coordinators_only, period_argument, reply
from bot.refusals import actor_of, answer_refused
from l10n import t
from l10n.times import moment
from reports.indicator_plan_sheet import value_text
from storage.models import Program


def is_indicator_word(text: str) -> bool:
    """Whether the word after the year says the plan is an indicator's («показник», …: the catalog's list)."""
    return text.strip().lower() in {w.strip() for w in t("indicator-plan-words").split(",")}


async def set_plan(update: Update, context: Context, program: Program, year: int, args: list[str]) -> None:
    """``args``: the indicator word, its number, the value. Refusals (``Refused``) are the caller's to say."""
    if len(args) < 3:
        await reply(update, t("indicator-plan-usage", year=year))
        return
    number_text = args[1].strip().rstrip(".")
    if not number_text.isdigit() or not 0 < int(number_text) < 10**6:
        await reply(update, t("indicator-plan-bad-number", value=esc(args[1][:40]), year=year))
        return
    number = int(number_text)
    preview = await preview_indicator_plan(
        context.db, actor_of(update, context), program, year, number, args[2]
    )
    unit = preview.indicator.unit
    if not preview.changed:
        await reply(
            update, t("indicator-plan-same", number=number, year=year, new=esc(value_text(preview.new, unit)))
        )
        return
    fit = Fit()
    text = t(
        "indicator-plan-preview",
        number=number,
        year=year,
        name=fit(preview.indicator.name, 300),
        old=esc(value_text(preview.old, unit)),
        new=esc(value_text(preview.new, unit)),
    )
    markup = keyboards.indicator_plan_decision(program.id, year, number, preview.old, preview.new)
    await reply(update, fit.one(text), reply_markup=markup)


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    """«Застосувати»: the plan set (every rule checked again, and that it is still what the preview showed);
    «Скасувати»: nothing changed."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.IndicatorPlanDecision)
    if parsed is None:
        return
    chat_id = update.effective_chat.id
    if not parsed.apply:
        await answer(query)
        await context.bot.send_message(chat_id, t("indicator-plan-cancelled"))
        return
    try:
        done = await apply_indicator_plan(
            context.db,
            actor_of(update, context),
            parsed.program_id,
            parsed.year,
            parsed.number,
            format(parsed.new, "f"),
            old=parsed.old,
        )
    except Refused as refused:  # pressed twice, changed meanwhile, a year locked since: nothing changed
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    preview = done.preview
    unit = preview.indicator.unit
    fit = Fit()
    text = t(
        "indicator-plan-set",
        number=parsed.number,
        year=parsed.year,
        name=fit(preview.indicator.name, 300),
        old=esc(value_text(preview.old, unit)),
        new=esc(value_text(preview.new, unit)),
    )
    await context.bot.send_message(chat_id, fit.one(text))


async def history(update: Update, context: Context, program: Program, args: list[str]) -> None:
    """``/history показник 3 [2024]``: who changed the indicator's plan and when, and the facts reported."""
    if len(args) < 2 or not args[1].strip().rstrip(".").isdigit():
        await reply(update, t("indicator-history-usage"))
        return
    period = await period_argument(update, context, program, args[2:3], "history")
    if period is None or period.year is None:
        return
    number = int(args[1].strip().rstrip("."))
    found = await indicator_history(context.db, actor_of(update, context), program, number, period.year)
    unit = found.indicator.unit
    fit = Fit()
    if not found.plans and not found.facts:
        await reply(update, t("indicator-history-empty", number=number, year=period.year))
        return
    lines = [
        t("indicator-history-header", number=number, year=period.year, name=fit(found.indicator.name, 300))
    ]
    if found.plans:
        lines.append(t("history-plans-header"))
    tz = context.settings.tz
    for change in found.plans:
        author = change.author_name or str(change.user_id or "") or t("history-plan-imported")
        lines.append(
            t(
                "indicator-history-plan",
                when=moment(change.created_at, tz),
                author=fit(author, 200),
                old=esc(value_text(change.old, unit)),
                new=esc(value_text(change.new, unit)),
            )
        )
    if found.facts:
        lines.append(t("history-reports-header"))
    for fact in found.facts:
        author = fact.author_name or str(fact.user_id or "") or t("history-plan-imported")
        lines.append(
            t(
                "indicator-history-fact",
                when=moment(fact.created_at, tz),
                author=fit(author, 200),
                value=esc(value_text(fact.value, unit)),
                reason=fit(fact.reason or "", 500),
                has_reason="yes" if fact.reason else "no",
            )
        )
    for page in fit.pages("\n".join(lines)):
        await reply(update, page)
