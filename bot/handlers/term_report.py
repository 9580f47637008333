"""/report 2020-2025 [accepted]: the final report over the program's term, in the official form's style:
in REPORT_FORMATS, the other formats on buttons, as /report of a year (the rules: actions.reports).

``bot.handlers.report.report`` hands a first argument that is a range of years over to :func:`term_report`.
"""

from __future__ import annotations

import asyncio
import io
import re

from telegram import Update
from telegram.constants import ChatAction

from actions.refusals import Refused
from actions.reports import term_report as build_term_report
from bot.arguments import ArgumentError
from bot.context import Context
from bot.formatting import clip, esc, program_label
from bot.handlers.coordinator import argument_error, reply
from bot.refusals import actor_of, refusal_text
from bot.report_formats import other_formats
from l10n import t
from reports.term_report import TermReport, year_range
from reports.term_report_form import years_left_out
from reports.writers import WRITERS
from storage.models import Program


def is_term_range(args: list[str]) -> bool:
    """Whether the command's first argument names a range of years ("2020-2025")."""
    return bool(args) and year_range(args[0]) is not None


def term_filename(program: Program, first: int, last: int, extension: str) -> str:
    """``Звіт 2020-2025 - територія рівних можливостей.xlsx``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", program_label(program)).strip()
    return t("term-report-file-name", period=f"{first}-{last}", name=name, extension=extension)


def _caption(program: Program, term: TermReport, accepted_only: bool) -> str:
    caption = t("report-accepted-only") + "\n" if accepted_only else ""
    caption += t(
        "term-report-caption",
        title=esc(clip(program.name, 200)),
        first=term.first_year,
        last=term.last_year,
        years=", ".join(map(str, term.years)),
    )
    left_out = years_left_out(term)
    if left_out:
        caption += "\n" + t("term-report-years-left-out", years=", ".join(map(str, left_out)))
    return caption


async def term_report(
    update: Update, context: Context, program: Program, args: list[str], *, accepted_only: bool = False
) -> None:
    """``args``: the range, and nothing else (``accepted`` was taken out by ``/report``)."""
    years = year_range(args[0])
    assert years is not None
    first, last = years
    if len(args) > 1:  # over whole years only: no interim period, and nothing else is understood
        await argument_error(
            update, ArgumentError("term_extra", " ".join(args[1:])), f"report {first}-{last}"
        )
        return
    await send_term_report(
        update, context, program, first, last, context.settings.report_formats, accepted_only=accepted_only
    )


async def send_term_report(
    update: Update,
    context: Context,
    program: Program,
    first: int,
    last: int,
    formats: tuple[str, ...],
    *,
    accepted_only: bool = False,
) -> None:
    """The term report in ``formats``, in that order: the caption with the first, the other formats' buttons
    with the last."""
    chat = update.effective_chat
    assert chat is not None
    settings = context.settings
    accepted_only = accepted_only or settings.report_accepted_only
    try:
        term = await build_term_report(
            context.db, actor_of(update, context), program, first, last, accepted_only=accepted_only
        )
    except Refused as refused:
        await reply(update, refusal_text(refused, settings.tz))
        return
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    caption = _caption(program, term, accepted_only)
    # The formats not sent by default come as buttons (once: not again under a file a button asked for).
    keyboard = other_formats(
        program.id, first, str(last), accepted_only, (*settings.report_formats, *formats)
    )
    for index, name in enumerate(formats):
        extension = f".{name}"
        writer = WRITERS[extension]
        buffer = io.BytesIO()
        # CPU-bound: in a worker thread, so that everybody else's replies go on meanwhile.
        await asyncio.to_thread(writer.write_term, term, buffer)
        buffer.seek(0)
        await context.bot.send_document(
            chat.id,
            buffer,
            filename=term_filename(program, first, last, extension),
            caption=caption if index == 0 else None,
            reply_markup=keyboard if index == len(formats) - 1 else None,
        )
