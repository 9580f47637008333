"""/report: the consolidated XLSX in the official form, for a year or as it stood on a quarter's deadline."""

from __future__ import annotations

import io
import re

from telegram import Update
from telegram.constants import ChatAction

from bot.context import Context
from bot.formatting import CAPTION_LIMIT, Fit, program_label
from bot.handlers.coordinator import period_argument, program_command, reply
from l10n import t
from l10n.times import date
from reports.build import build_report
from storage.deadlines import end_of_day, quarter_deadline
from storage.models import Program
from storage.programs import load_plans


def report_filename(program: Program, year: int, quarter: int | None) -> str:
    """``Звіт 2023 - територія рівних можливостей.xlsx``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", program_label(program)).strip()
    period = f"{year} Q{quarter}" if quarter else str(year)
    return t("report-file-name", period=period, name=name)


@program_command("report")
async def report(update: Update, context: Context, program: Program, args: list[str]) -> None:
    period = await period_argument(update, context, program, args, "report")
    if period is None or period.year is None:
        return
    year = period.year
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    moment = None
    if period.quarter:
        deadline = quarter_deadline(year, period.quarter, context.settings.quarter_deadline_days)
        moment = end_of_day(deadline, context.settings.tz)
    async with context.db.read() as conn:
        plans = await load_plans(conn, program.id or 0, year)
    built = await build_report(context.db, program.id or 0, year, moment)
    if not plans and not any(r.reported_by for r in built.rows):
        fit = Fit()
        await reply(update, fit.one(t("report-no-data", year=year, program=fit(program.name, 600))))
        return
    # openpyxl is loaded on the first report, not at start: most runs of the bot never build one.
    from reports.xlsx_writer import write_report

    buffer = io.BytesIO()
    write_report(built, buffer)
    planned = [r for r in built.rows if r.planned]
    reported = sum(1 for r in planned if r.reported_by)
    missing: dict[str, int] = {}
    assigned: set[str] = set()
    for row in planned:
        assigned.update(row.reported_by + row.missing)
        for name in row.missing:
            missing[name] = missing.get(name, 0) + 1
    fit = Fit()
    caption = t(
        "report-caption",
        title=fit(program.name, 200),
        reported=reported,
        total=len(planned),
        complete=len(assigned) - len(missing),
        departments=len(assigned),
    )
    if moment is not None:
        caption += "\n" + t("report-caption-quarter", moment=date(moment.date()), quarter=period.quarter)
    if missing:
        listed = ", ".join(
            f"{name} ({count})" for name, count in sorted(missing.items(), key=lambda i: -i[1])
        )
        caption += "\n" + t("report-caption-missing", missing=fit(listed))
    else:
        caption += "\n" + t("report-caption-all")
    buffer.seek(0)
    await context.bot.send_document(
        chat.id,
        buffer,
        filename=report_filename(program, year, period.quarter),
        caption=fit.one(caption, CAPTION_LIMIT),
    )
