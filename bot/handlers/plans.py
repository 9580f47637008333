"""/plan: a year's plans per measure and fund, entered by the coordinator.

``/plan 2024`` sends the plan sheet to fill; the filled sheet sent back to the bot is recognised by
``program_import.on_document`` (read once: the plan sheet's title) and previewed here, then applied on
«Застосувати» through the same pending upload and buttons as a program file. ``/plan 2024 1.2 12,5`` sets one
plan of the general fund, ``/plan 2024 1.2 12,5 спец`` one of the special fund. Every change is recorded with
its author (storage.plans).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io

from telegram import Update

from bot import keyboards
from bot.arguments import ArgumentError, parse_measure_number
from bot.context import Context
from bot.formatting import esc
from bot.handlers.coordinator import argument_error, period_argument, program_command, reply
from l10n import t
from l10n.numbers import amount
from reports.import_issues import ImportFileError
from reports.importer import read_grid
from storage.models import Fund, PeriodStatus, Program
from storage.numbers import NumberError, parse_amount
from storage.pending_imports import (
    PendingImport,
    UploadKind,
    claim_pending_import,
    forget_expired_imports,
    save_pending_import,
)
from storage.periods import get_period
from storage.plans import PlanKey, apply_plans, program_plans
from storage.programs import load_program


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
    year = period.year
    if not program.start_year <= year <= program.end_year:
        await reply(
            update, t("period-out-of-term", year=year, start=program.start_year, end=program.end_year)
        )
        return
    if len(args) <= 1:
        await _send_sheet(update, context, program, year, told)
    else:
        await _set_one(update, context, program, year, args[1:])


async def _send_sheet(update: Update, context: Context, program: Program, year: int, told: list[str]) -> None:
    # openpyxl is loaded with the first sheet, not at the bot's start.
    from reports.plan_sheet import sheet_to_send, write_plan_sheet

    chat = update.effective_chat
    assert chat is not None
    async with context.db.locked() as conn:
        sheet = await sheet_to_send(conn, program.id, year)
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


async def _year_locked(context: Context, program_id: int, year: int) -> bool:
    async with context.db.locked() as conn:
        period = await get_period(conn, program_id, year)
    return period is not None and period.status is PeriodStatus.LOCKED


async def _set_one(update: Update, context: Context, program: Program, year: int, args: list[str]) -> None:
    assert context.role is not None and update.effective_user is not None
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
    async with context.db.locked() as conn:
        tree = await load_program(conn, program.id)
    measure = tree.measure_by_number(number) if tree else None
    if measure is None:
        await reply(update, t("plan-unknown-measure", number=esc(number)))
        return
    if await _year_locked(context, program.id, year):
        await reply(update, t("plan-year-locked", year=year))
        return
    key = PlanKey(measure.id, year, fund)
    async with context.db.transaction() as conn:
        old = (await program_plans(conn, program.id)).get(key)
        await apply_plans(
            conn, {key: value}, author_id=context.role.user_id, author_name=update.effective_user.full_name
        )
    from reports.plan_sheet import plan_text

    message = "plan-set" if old != value else "plan-set-same"
    await reply(
        update,
        t(message, number=esc(number), year=year, fund=fund.value, old=plan_text(old), new=amount(value)),
    )


# --- a filled sheet sent back ----------------------------------------------------------------------


async def preview_sheet(
    update: Update, context: Context, name: str, data: bytes, grid: list[list[str]], max_age: dt.timedelta
) -> None:
    """What the sheet would change; kept as the coordinator's pending upload until «Застосувати»."""
    from reports.plan_sheet import PlanSheetError, render_diff, sheet_diff

    assert context.role is not None
    async with context.db.locked() as conn:
        try:
            tree, diff = await sheet_diff(conn, grid)
        except PlanSheetError as error:
            await reply(update, esc(error.render()))
            return
    if await _year_locked(context, tree.program.id, diff.year):
        await reply(update, t("plan-year-locked", year=diff.year))
        return
    if not diff.changes:
        await reply(update, t("plan-sheet-no-changes", year=diff.year))
        return
    async with context.db.transaction() as conn:
        await forget_expired_imports(conn, max_age)
        token = await save_pending_import(conn, context.role.user_id, name, data, kind=UploadKind.PLANS)
    await reply(
        update,
        t("plan-sheet-preview", year=diff.year, diff=esc(render_diff(diff, DIFF_LIMIT))),
        reply_markup=keyboards.upload_decision(token),
    )


class _Refused(Exception):
    """The sheet cannot be applied now; ``str()`` is what the coordinator is told."""


async def apply_sheet(
    update: Update, context: Context, pending: PendingImport, token: str, max_age: dt.timedelta
) -> None:
    """«Застосувати»: the sheet read again against the plans as they are now and applied whole, with history,
    in the one transaction that also marks the upload applied (a kill leaves both or neither)."""
    from reports.plan_sheet import PlanSheetError, render_applied, sheet_diff

    chat = update.effective_chat
    assert chat is not None and context.role is not None and update.effective_user is not None
    try:
        grid = await asyncio.to_thread(read_grid, io.BytesIO(pending.content), pending.file_name)
    except ImportFileError as error:  # read fine for the preview; a newer build of the bot may read it otherwise
        await context.bot.send_message(chat.id, t("upload-failed", error=esc(str(error))))
        return
    try:
        async with context.db.transaction() as conn:
            if not await claim_pending_import(conn, context.role.user_id, token, max_age):
                raise _Refused(t("upload-expired"))  # another press applied it meanwhile, or a newer file came
            try:
                tree, diff = await sheet_diff(conn, grid)
            except PlanSheetError as error:
                raise _Refused(esc(error.render())) from None
            period = await get_period(conn, tree.program.id, diff.year)
            if period is not None and period.status is PeriodStatus.LOCKED:
                raise _Refused(t("plan-year-locked", year=diff.year))
            revisions = await apply_plans(
                conn, diff.to_apply(tree), author_id=context.role.user_id,
                author_name=update.effective_user.full_name,
            )  # fmt: skip
    except _Refused as refused:  # rolled back: the upload is still waiting, unchanged
        await context.bot.send_message(chat.id, str(refused))
        return
    await context.bot.send_message(chat.id, esc(render_applied(diff, len(revisions))))
