"""/plan: a year's plans per measure and fund, entered by the coordinator (the rules: actions.plans).

``/plan 2024`` sends the plan sheet to fill; the filled sheet sent back to the bot is one of the uploads
(actions.uploads, bot/handlers/uploads.py), whose preview and confirmation this module words.
``/plan 2024 1.2 12,5`` sets one plan of the general fund, ``/plan 2024 1.2 12,5 спец`` one of the special
fund; ``/plan 2024 показник 3 150`` one result indicator's (bot/handlers/indicator_plans.py: previewed, applied on
«Застосувати»). Every change is recorded with its author (storage.plans, storage.indicators).
"""

from __future__ import annotations

import asyncio
import io

from telegram import Update

from actions.plans import SheetApplied, SheetPreview, plan_sheet, set_plan
from actions.refusals import Refused
from bot.arguments import ArgumentError, parse_measure_number
from bot.context import Context
from bot.formatting import esc
from bot.handlers import indicator_plans
from bot.handlers.coordinator import argument_error, period_argument, program_command, reply
from bot.refusals import actor_of, refusal_text
from l10n import t
from l10n.numbers import amount
from reports.plan_sheet import plan_text, render_applied, render_diff
from storage.models import Fund, Program
from storage.numbers import NumberError, parse_amount


def fund_word(text: str) -> Fund | None:
    """The word after the amount that chooses the fund (the catalog's lists: «спец», «заг», …)."""
    word = text.strip().lower()
    for fund in (Fund.SPECIAL, Fund.GENERAL):
        if word in {w.strip() for w in t("plan-fund-words", fund=fund.value).split(",")}:
            return fund
    return None


DIFF_LIMIT = 3000  # the preview's list of changes, within Telegram's 4096 with the text around it


@program_command("plan", takes=4)
async def plan(update: Update, context: Context, program: Program, args: list[str]) -> None:
    told: list[str] = []
    period = await period_argument(update, context, program, args[:1], "plan", told)
    if period is None or period.year is None:
        return
    try:
        if len(args) <= 1:
            await _send_sheet(update, context, program, period.year, told)
        else:
            await _set_one(update, context, program, period.year, args[1:])
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))


async def _send_sheet(update: Update, context: Context, program: Program, year: int, told: list[str]) -> None:
    # openpyxl is loaded with the first sheet, not at the bot's start.
    from reports.plan_sheet import write_plan_sheet

    chat = update.effective_chat
    assert chat is not None
    sheet = await plan_sheet(context.db, actor_of(update, context), program, year)
    buffer = io.BytesIO()
    await asyncio.to_thread(write_plan_sheet, sheet, buffer)
    buffer.seek(0)
    source = sheet.key.prefilled_from
    caption = "".join(line + "\n" for line in told) + t(
        "plan-sheet-caption", year=year, prefilled="none" if source is None else str(source)
    )
    await context.bot.send_document(
        chat.id, buffer, filename=t("plan-sheet-file-name", year=year), caption=caption
    )


async def _set_one(update: Update, context: Context, program: Program, year: int, args: list[str]) -> None:
    if indicator_plans.is_indicator_word(args[0]):  # /plan 2024 показник 3 150: previewed, then applied
        await indicator_plans.set_plan(update, context, program, year, args)
        return
    try:
        number = parse_measure_number(args[0])
    except ArgumentError as error:
        await argument_error(update, error, "plan")
        return
    if len(args) < 2:  # a measure without its amount
        await reply(update, t("plan-usage", year=year))
        return
    try:
        value = parse_amount(args[1])
    except NumberError as exc:
        await reply(update, t("plan-bad-amount", value=esc(args[1][:40]), reason=exc.reason.value))
        return
    fund = Fund.GENERAL
    if len(args) == 3:
        found = fund_word(args[2])
        if found is None:
            await reply(update, t("plan-bad-fund", value=esc(args[2][:40])))
            return
        fund = found
    done = await set_plan(context.db, actor_of(update, context), program, year, number, value, fund)
    message = "plan-set" if done.changed else "plan-set-same"
    await reply(
        update,
        t(
            message,
            number=esc(number),
            year=year,
            fund=fund.value,
            old=plan_text(done.old),
            new=amount(value),
        ),
    )


# --- a filled sheet sent back: previewed and applied through actions.uploads ------------------------


def preview_text(preview: SheetPreview) -> str:
    return t("plan-sheet-preview", year=preview.diff.year, diff=esc(render_diff(preview.diff, DIFF_LIMIT)))


def applied_text(applied: SheetApplied) -> str:
    return esc(render_applied(applied.diff, applied.changed, applied.indicators_changed))
