"""A coordinator sends a file; the bot shows what it would load and applies it only on confirm.

The file is read once: a plan sheet (by its title, see reports.plan_sheet) goes to ``plans``, anything else is
a program's report file. Both wait for «Застосувати» as the coordinator's one pending upload, of its kind.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError

from bot import callbacks, keyboards
from bot.alerts import alert_error
from bot.answers import answer
from bot.context import Context
from bot.formatting import Fit
from bot.handlers import plans
from bot.handlers.coordinator import coordinators_only, reply
from l10n import t
from l10n.times import moment
from reports.import_issues import ImportFileError
from reports.importer import import_report, load_into, read_grid
from reports.report_parser import ParsedReport, parse_grid
from storage.pending_imports import (
    UploadKind,
    claim_pending_import,
    discard_pending_import,
    find_pending_import,
    forget_expired_imports,
    save_pending_import,
)

log = logging.getLogger("zvitbot.import")

MAX_BYTES = 10 * 2**20


def _parse(data: bytes, name: str) -> ParsedReport:
    return parse_grid(read_grid(io.BytesIO(data), name))


def _max_age(context: Context) -> dt.timedelta:
    return dt.timedelta(hours=context.settings.import_preview_hours)


@coordinators_only
async def on_document(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None and context.role is not None
    document = message.document
    name = Path(document.file_name or "file").name
    if document.file_size and document.file_size > MAX_BYTES:
        await reply(update, t("upload-too-big", size=document.file_size // 2**20, limit=MAX_BYTES // 2**20))
        return
    fit = Fit()
    await reply(update, fit.one(t("upload-received", name=fit(name, 200))))
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:  # too big for the Bot API, gone, or the network: nothing was read
        log.warning("file %r not downloaded: %s", name, exc)
        await reply(update, t("upload-not-downloaded"))
        return
    try:
        # Reading a workbook is CPU work: keep the event loop free for everyone else meanwhile.
        grid = await asyncio.to_thread(read_grid, io.BytesIO(data), name)
    except ImportFileError as error:
        await reply(update, fit.one(t("upload-failed", error=fit(error))))
        return
    except Exception as exc:  # a file the reader did not foresee: a bug to fix, never a Python name to show
        log.exception("file %r could not be read", name)
        await reply(update, t("upload-unexpected"))
        await alert_error(context.application, exc, update)
        return
    from reports.plan_sheet import is_plan_sheet  # it loads openpyxl: only once a file comes, not at start

    if is_plan_sheet(grid):
        await plans.preview_sheet(update, context, name, data, grid, _max_age(context))
        return
    try:
        parsed = await asyncio.to_thread(parse_grid, grid)
        summary = await import_report(context.db, parsed, source_name=name, apply=False)
    except ImportFileError as error:  # the reader's own words: what is wrong with the file, in Ukrainian
        await reply(update, fit.one(t("upload-failed", error=fit(error))))
        return
    except Exception as exc:  # a file the reader did not foresee: a bug to fix, never a Python name to show
        log.exception("file %r could not be read for a preview", name)
        await reply(update, t("upload-unexpected"))
        await alert_error(context.application, exc, update)
        return
    async with context.db.transaction() as conn:
        await forget_expired_imports(conn, _max_age(context))
        # The coordinator's one pending import: an earlier preview's buttons no longer apply anything.
        token = await save_pending_import(conn, context.role.user_id, name, data)
    await reply(
        update,
        fit.one(t("upload-preview", summary=fit(summary.render()))),
        reply_markup=keyboards.upload_decision(token),
    )


class _NotClaimed(Exception):
    """Another press applied the upload first (or a newer file replaced it) while this one read the file."""


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None and update.effective_chat is not None
    parsed = callbacks.ImportDecision.parse(query.data)
    pending = None
    if parsed is not None:
        async with context.db.locked() as conn:
            pending = await find_pending_import(conn, context.role.user_id, parsed.token)
    if parsed is None or pending is None or (pending.applied_at is None and pending.expired(_max_age(context))):
        # forged, replaced by a newer file, cancelled, or too old
        await answer(query, t("upload-expired"), show_alert=True)
        return
    if pending.applied_at is not None:
        await answer(query, t("upload-already-applied", moment=moment(pending.applied_at, context.settings.tz)), show_alert=True)
        return
    await answer(query)
    chat_id = update.effective_chat.id
    if not parsed.apply:
        async with context.db.locked() as conn:
            discarded = await discard_pending_import(conn, context.role.user_id, parsed.token)
        await context.bot.send_message(chat_id, t("upload-cancelled" if discarded else "upload-expired"))
        return
    if pending.kind is UploadKind.PLANS:
        await plans.apply_sheet(update, context, pending, parsed.token, _max_age(context))
        return
    fit = Fit()
    try:
        report = await asyncio.to_thread(_parse, pending.content, pending.file_name)
        # The upload is claimed in the transaction that loads it: a kill leaves both or neither.
        async with context.db.transaction() as conn:
            if not await claim_pending_import(conn, context.role.user_id, parsed.token, _max_age(context)):
                raise _NotClaimed
            summary = await load_into(conn, report, source_name=pending.file_name)
    except _NotClaimed:
        await context.bot.send_message(chat_id, t("upload-expired"))
        return
    except ImportFileError as error:  # read fine for the preview; a newer build may read it otherwise
        await context.bot.send_message(chat_id, fit.one(t("upload-failed", error=fit(error))))
        return
    except Exception as exc:  # the import is one transaction: nothing was changed
        log.exception("file %r could not be imported", pending.file_name)
        await context.bot.send_message(chat_id, t("upload-unexpected"))
        await alert_error(context.application, exc, update)
        return
    await context.bot.send_message(chat_id, fit.one(t("upload-applied", summary=fit(summary.render()))))
