"""/report: the consolidated XLSX in the official form, for a year or as it stood on an interim report's
deadline (a quarter, H1, 9M: the program's own deadline for it, set with /interim)."""

from __future__ import annotations

import io
import re

from telegram import Update
from telegram.constants import ChatAction

from bot.context import Context
from bot.formatting import clip, esc, program_label
from bot.handlers.coordinator import period_argument, program_command, reply
from l10n import t
from l10n.times import date
from reports.build import build_report
from storage.deadlines import Interim, end_of_day, interim_deadline
from storage.interim import interim_schedule
from storage.models import Program
from storage.programs import load_plans

CAPTION_LIMIT = 1024


def report_filename(program: Program, year: int, interim: Interim | None) -> str:
    """``Звіт 2023 - територія рівних можливостей.xlsx``, ``Звіт 2024 H1 - …``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", program_label(program)).strip()
    period = f"{year} {interim.value}" if interim else str(year)
    return t("report-file-name", period=period, name=name)


@program_command("report")
async def report(update: Update, context: Context, program: Program, args: list[str]) -> None:
    from bot.handlers.term_report import is_term_range, term_report  # /report 2020-2025: over the term

    if is_term_range(args):
        return await term_report(update, context, program, args)
    told: list[str] = []
    period = await period_argument(update, context, program, args, "report", told)
    if period is None or period.year is None:
        return
    year = period.year
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    moment = None
    if period.interim:
        async with context.db.locked() as conn:
            schedule = await interim_schedule(conn, program.id)
        deadline = interim_deadline(year, period.interim, schedule, context.settings.quarter_deadline_days)
        moment = end_of_day(deadline, context.settings.tz)
    async with context.db.locked() as conn:
        plans = await load_plans(conn, program.id, year)
    built = await build_report(context.db, program.id, year, moment)
    if not plans and not any(r.reported_by for r in built.rows):
        await reply(update, "\n".join([*told, t("report-no-data", year=year, program=esc(program.name))]))
        return
    if not plans:  # reports but no plans: the report's plan columns are empty, not a plan of 0,0
        told.append(t("year-no-plans", year=year))
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
    caption = "".join(line + "\n" for line in told) + t(
        "report-caption",
        title=esc(clip(program.name, 200)),
        reported=reported,
        total=len(planned),
        complete=len(assigned) - len(missing),
        departments=len(assigned),
    )
    if moment is not None:
        caption += "\n" + t(
            "report-caption-quarter",
            moment=date(moment.date()),
            period=t("interim-name", interim=period.interim.name),
        )
    if missing:
        listed = ", ".join(
            f"{name} ({count})" for name, count in sorted(missing.items(), key=lambda i: -i[1])
        )
        # Clipped before escaping: Telegram's limit counts the text as shown, and a cut entity is an error.
        room = CAPTION_LIMIT - len(caption) - len(t("report-caption-missing", missing="")) - 1
        caption += "\n" + t("report-caption-missing", missing=esc(clip(listed, room)))
    else:
        caption += "\n" + t("report-caption-all")
    buffer.seek(0)
    await context.bot.send_document(
        chat.id,
        buffer,
        filename=report_filename(program, year, period.interim),
        caption=caption,
    )
