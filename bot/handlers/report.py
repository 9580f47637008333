"""/report: the consolidated XLSX in the official form, for a year or as it stood on an interim report's
deadline (a quarter, H1, 9M: the program's own deadline for it, set with /interim); ``/report 2024 all``: every
program's report of the year and the city's sheet in one archive (the council session's package);
``/report 2024 H1 all``: the same of every program's interim report (each as of its program's deadline)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re

from telegram import Update
from telegram.constants import ChatAction

from actions.actor import Actor
from actions.refusals import Refused
from actions.reports import AsOfDeadline, city_reports, year_report
from actions.roles import program_for
from bot import callbacks
from bot.answers import answer
from bot.arguments import ArgumentError, parse_period
from bot.context import Context
from bot.formatting import CAPTION_LIMIT, Fit, program_label
from bot.handlers.coordinator import (
    argument_error,
    period_argument,
    program_command,
    readers_only,
    reply,
)
from bot.handlers.evidence import MAX_ZIP_BYTES
from bot.handlers.term_report import is_term_range, send_term_report, term_report
from bot.refusals import actor_of, answer_refused, refusal_text
from bot.report_formats import other_formats
from l10n import t
from l10n.times import date
from reports.model import Report
from reports.texts import period_line
from reports.writers import format_names
from storage.deadlines import Interim, as_of_date
from storage.models import Program


def report_filename(program: Program, year: int, interim: Interim | None, extension: str = "xlsx") -> str:
    """``Звіт 2023 - територія рівних можливостей.xlsx``, ``Звіт 2024 H1 - ….pdf``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", program_label(program)).strip()
    period = f"{year} {interim.value}" if interim else str(year)
    return f"{t('report-file-name', period=period, name=name)}.{extension}"


ACCEPTED_WORDS = ("accepted",)
ALL_WORDS = ("all",)  # «/report 2024 all»: every program's report in one archive
MAX_PACKAGE_BYTES = MAX_ZIP_BYTES  # what a bot may upload


def wants_all(args: list[str], programs: int, actor: Actor) -> bool:
    return any(a.lower() in ALL_WORDS for a in args)


async def city_report(update: Update, context: Context, args: list[str]) -> None:
    """``/report 2024 [H1] all [accepted]``: every program's report of the year (or interim report: H1, 9M,
    Q1-Q4) in REPORT_FORMATS and the city's sheet, in one ZIP built in a worker thread (the bot answers others
    meanwhile); the programs without data named in the caption."""
    accepted = any(a.lower() in ACCEPTED_WORDS for a in args)
    rest = [a for a in args if a.lower() not in (*ACCEPTED_WORDS, *ALL_WORDS)]
    settings = context.settings
    try:
        period = parse_period(rest)
    except ArgumentError as error:
        await argument_error(update, error, "report")
        return
    if period.year is None:
        await reply(update, t("city-report-no-year", year=dt.datetime.now(settings.tz).year - 1))
        return
    year, interim = period.year, period.interim
    named = period_line(year, interim)  # «за 2024 рік», «за І півріччя 2024 року»
    chat = update.effective_chat
    assert chat is not None
    accepted_only = accepted or settings.report_accepted_only
    told = [t("report-accepted-only")] if accepted_only else []
    try:
        city = await city_reports(
            context.db,
            actor_of(update, context),
            year,
            interim=AsOfDeadline(interim, settings.quarter_deadline_days, settings.tz) if interim else None,
            accepted_only=accepted_only,
            build=context.bot_data.report_builds.report,
        )
    except Refused as refused:
        await reply(update, refusal_text(refused, settings.tz))
        return
    if not city.reports:
        await reply(update, t("city-report-none", period=named))
        return
    await reply(update, t("city-report-building", period=named))
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    formats = settings.report_formats
    buffer = io.BytesIO()
    # Imported here: its sheets load openpyxl and XlsxWriter (20 MiB, 0.2 s), which a council's bot at rest
    # does without; its reports are written in the writers' process.
    from reports.city_package import write_city_package

    await asyncio.to_thread(
        write_city_package,
        year,
        [built.report for _, built in city.reports],
        [p.name for p in city.without_data],
        formats,
        buffer,
        interim,
        zone=settings.tz,
    )
    data = buffer.getvalue()
    if len(data) > MAX_PACKAGE_BYTES:
        size = -(-len(data) // 2**20)
        asked = f"{year} {interim.value}" if interim else str(year)  # «python -m cli report 2024 H1 --all»
        await reply(update, t("city-report-too-big", size=size, limit=MAX_PACKAGE_BYTES // 2**20, year=asked))
        return
    fit = Fit()
    lines = [
        *told,
        t(
            "city-report-caption",
            period=named,
            programs=len(city.reports),
            formats=", ".join(f.upper() for f in formats),
        ),
    ]
    if city.without_data:
        names = ", ".join(program_label(p) for p in city.without_data)
        lines.append(
            t("city-report-without-data", period=named, count=len(city.without_data), names=fit(names))
        )
    await context.bot.send_document(
        chat.id,
        io.BytesIO(data),
        filename=t("city-package-file-name", period=named),
        caption=fit.one("\n".join(lines), CAPTION_LIMIT),
    )


@program_command(
    "report", takes=None, reads=True, city=(wants_all, city_report)
)  # report() reads every argument
async def report(update: Update, context: Context, program: Program, args: list[str]) -> None:
    # «/report 2023 accepted», «/report 2020-2025 accepted»: only the reports the coordinator accepted (also
    # REPORT_ACCEPTED_ONLY).
    accepted = [a for a in args if a.lower() in ACCEPTED_WORDS]
    args = [a for a in args if a.lower() not in ACCEPTED_WORDS]
    if is_term_range(args):  # /report 2020-2025: the final report over the term
        return await term_report(update, context, program, args, accepted_only=bool(accepted))
    told: list[str] = []
    period = await period_argument(update, context, program, args, "report", told)
    if period is None or period.year is None:
        return
    await send_report(
        update,
        context,
        program,
        period.year,
        period.interim,
        context.settings.report_formats,
        told,
        accepted_only=bool(accepted),
    )


@readers_only
async def on_report_file(update: Update, context: Context) -> None:
    """A button under a report (a year's, an interim one, the term report): the same in one more format."""
    query = update.callback_query
    assert query is not None
    button = callbacks.ReportFile.parse(query.data)
    if button is None:
        await answer(query, t("stale-button"))
        return
    try:  # a program the person reads (a forged button of another is refused on the button)
        program = await program_for(context.db, actor_of(update, context), button.program_id, changes=False)
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    interim = next((i for i in Interim if i.value == button.period), None)
    last = int(button.period) if button.period.isdigit() else None  # the term report's last year
    if (
        button.format not in format_names()  # a format no writer is registered for (any more)
        or (button.period and interim is None and last is None)
    ):
        await answer(query, t("stale-button"))
        return
    await answer(query)
    if last is not None:
        await send_term_report(
            update, context, program, button.year, last, (button.format,), accepted_only=button.accepted_only
        )
        return
    await send_report(
        update,
        context,
        program,
        button.year,
        interim,
        (button.format,),
        [],
        accepted_only=button.accepted_only,
    )


async def send_report(
    update: Update,
    context: Context,
    program: Program,
    year: int,
    interim: Interim | None,
    formats: tuple[str, ...],
    told: list[str],
    *,
    accepted_only: bool = False,
) -> None:
    """The report in ``formats``, in that order: the caption with the first, the other formats' buttons
    with the last."""
    chat = update.effective_chat
    assert chat is not None
    settings = context.settings
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    builds = context.bot_data.report_builds
    accepted_only = accepted_only or settings.report_accepted_only
    if accepted_only:
        told.append(t("report-accepted-only"))
    try:
        built = await year_report(
            context.db,
            actor_of(update, context),
            program,
            year,
            interim=AsOfDeadline(interim, settings.quarter_deadline_days, settings.tz) if interim else None,
            accepted_only=accepted_only,
            build=builds.report,
        )
    except Refused as refused:
        await reply(update, Fit().one("\n".join([*told, refusal_text(refused, settings.tz)])))
        return
    moment = built.at
    plans_day = as_of_date(year, interim) if interim else moment.date() if moment else None
    if not built.has_plans:  # reports but no plans: the report's plan columns are empty, not a plan of 0,0
        told.append(
            t("report-no-plans-at", moment=date(plans_day), year=year)
            if plans_day
            else t("year-no-plans", year=year)
        )
    caption = report_caption(built.report, program, year, interim, moment, told)
    # The formats not sent by default come as buttons (once: not again under a file a button asked for).
    keyboard = other_formats(
        program.id,
        year,
        interim.value if interim else "",
        accepted_only,
        (*settings.report_formats, *formats),
    )
    for index, extension in enumerate(formats):
        data = await builds.file(built.report, f".{extension}")
        last = index == len(formats) - 1
        await context.bot.send_document(
            chat.id,
            io.BytesIO(data),
            filename=report_filename(program, year, interim, extension),
            caption=caption if index == 0 else None,
            reply_markup=keyboard if last else None,
        )


def report_caption(
    built: Report,
    program: Program,
    year: int,
    interim: Interim | None,
    moment: dt.datetime | None,
    told: list[str],
) -> str:
    """Short: the program, the period, and in words how many departments and measures have reported."""
    fit = Fit()
    planned = [r for r in built.rows if r.planned]
    reported = sum(1 for r in planned if r.reported_by)
    missing: dict[str, int] = {}
    assigned: set[str] = set()
    for row in planned:
        assigned.update(row.reported_by + row.missing)
        for name in row.missing:
            missing[name] = missing.get(name, 0) + 1
    lines = [
        *told,
        t(
            "report-caption",
            program=fit(program_label(program), 200),
            year=year,
            period=interim.name if interim else "year",
            interim=interim.name if interim else "Q4",
            moment=date(moment.date()) if moment else "",
            plans=date(as_of_date(year, interim)) if interim else "",
        ),
        t(
            "report-caption-counts",
            complete=len(assigned) - len(missing),
            departments=len(assigned),
            reported=reported,
            measures=len(planned),
        ),
    ]
    caption = "\n".join(lines)
    if missing:
        listed = ", ".join(
            f"{name} ({count})" for name, count in sorted(missing.items(), key=lambda i: -i[1])
        )
        caption += "\n" + t("report-caption-missing", missing=fit(listed))
    return fit.one(caption, CAPTION_LIMIT)
