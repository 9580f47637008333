"""A file a coordinator sends: the upload table (actions.uploads) says what it is; evidence goes to the measure
open in their conversation (bot/handlers/evidence.py), a plan sheet, the directory sheet or a program's report is
previewed and applied only on «Застосувати» (the preview's and the confirmation's words: their kinds' modules)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError

from actions.directory import DirectoryApplied, DirectoryPreview
from actions.plans import SheetApplied, SheetPreview
from actions.refusals import Refused
from actions.uploads import FileKind, decide_upload, preview_upload, upload_for_actor, waiting_upload
from bot import callbacks, keyboards
from bot.alerts import alert_error
from bot.answers import answer
from bot.context import Context
from bot.formatting import MESSAGE_LIMIT, Fit, esc, split_html
from bot.handlers import directory, evidence, plans
from bot.handlers.coordinator import coordinators_only, reply
from bot.handlers.reporting import handlers as reporting
from bot.refusals import actor_of, refusal_text
from l10n import t
from reports.directory_sheet import DirectorySheetError
from reports.import_issues import ImportFileError
from reports.importer import ImportSummary
from reports.plan_sheet import PlanSheetError

log = logging.getLogger("zvitbot.import")


def _max_age(context: Context) -> dt.timedelta:
    return dt.timedelta(hours=context.settings.import_preview_hours)


async def on_any_document(update: Update, context: Context) -> None:
    """A document: a coordinator's is an upload (below); anyone else's new one is evidence of the measure open in
    their conversation (an edited one gets the hint any other input does)."""
    if context.role is not None and context.role.coordinator:
        await on_document(update, context)
    elif update.message is not None:
        await evidence.on_file(update, context)
    else:
        await reporting.on_other_input(update, context)


@coordinators_only
async def on_document(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    upload = await upload_for_actor(context.db, actor_of(update, context))
    if upload.kind is FileKind.EVIDENCE:
        await evidence.on_file(update, context)
        return
    document = message.document
    name = Path(document.file_name or "file").name
    if document.file_size and document.file_size > upload.max_bytes:
        limit = upload.max_bytes // 2**20
        await reply(update, t("upload-too-big", size=document.file_size // 2**20, limit=limit))
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
        previewed = await preview_upload(context.db, actor_of(update, context), name, data, _max_age(context))
    except Refused as refused:
        await reply(update, refusal_text(refused, context.settings.tz))
        return
    except (PlanSheetError, DirectorySheetError) as error:
        await reply(update, esc(error.render()))
        return
    except ImportFileError as error:  # the reader's own words: what is wrong with the file, in Ukrainian
        await reply(update, fit.one(t("upload-failed", error=fit(error))))
        return
    except Exception as exc:  # a file the reader did not foresee: a bug to fix, never a Python name to show
        log.exception("file %r could not be read for a preview", name)
        await reply(update, t("upload-unexpected"))
        await alert_error(context.application, exc, update)
        return
    if isinstance(previewed.outcome, SheetPreview):
        text = plans.preview_text(previewed.outcome)
    elif isinstance(previewed.outcome, DirectoryPreview):
        text = directory.preview_text(previewed.outcome)
    else:
        *before, text = summary_pages("upload-preview", previewed.outcome)
        for page in before:
            await reply(update, page)
    await reply(update, text, reply_markup=keyboards.upload_decision(previewed.token))


# A program's summary (a new council's bodies, many warnings) may not fit one message: it is sent in a few, the
# buttons under the last; beyond these it is shortened (the command line's --dry-run shows it all).
SUMMARY_PAGES = 3


def summary_pages(message_id: str, summary: ImportSummary) -> list[str]:
    """An import's summary in ``message_id``'s words, as messages of at most Telegram's limit each."""
    fit = Fit()
    text = fit.one(t(message_id, summary=fit(summary.render())), SUMMARY_PAGES * MESSAGE_LIMIT)
    return split_html(text)


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = callbacks.ImportDecision.parse(query.data)
    if parsed is None:  # forged
        await answer(query, t("upload-expired"), show_alert=True)
        return
    chat_id = update.effective_chat.id
    fit = Fit()
    actor = actor_of(update, context)
    try:
        await waiting_upload(context.db, actor, parsed.token, _max_age(context))
    except Refused as refused:  # pressed again, or too late: said on the button
        await answer(query, refusal_text(refused, context.settings.tz), show_alert=True)
        return
    # Answered before the work: reading the file again and applying it may take a while.
    await answer(query)
    try:
        decided = await decide_upload(
            context.db, actor, parsed.token, apply=parsed.apply, max_age=_max_age(context)
        )
    except Refused as refused:
        await context.bot.send_message(chat_id, refusal_text(refused, context.settings.tz))
        return
    except (
        PlanSheetError,
        DirectorySheetError,
    ) as error:  # no longer applies (a measure retired since): it waits
        await context.bot.send_message(chat_id, esc(error.render()))
        return
    except ImportFileError as error:  # read fine for the preview; a newer build may read it otherwise
        await context.bot.send_message(chat_id, fit.one(t("upload-failed", error=fit(error))))
        return
    except Exception as exc:  # one transaction: nothing was changed
        log.exception("upload %s could not be applied", parsed.token)
        await context.bot.send_message(chat_id, t("upload-unexpected"))
        await alert_error(context.application, exc, update)
        return
    outcome = decided.outcome
    if outcome is None:
        text = t("upload-cancelled")
    elif isinstance(outcome, SheetApplied):
        text = plans.applied_text(outcome)
    elif isinstance(outcome, DirectoryApplied):
        directory.directory_changed(context)
        text = directory.applied_text(outcome)
    else:
        assert isinstance(outcome, ImportSummary)
        *before, text = summary_pages("upload-applied", outcome)
        for page in before:
            await context.bot.send_message(chat_id, page)
    await context.bot.send_message(chat_id, text)
