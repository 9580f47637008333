"""A coordinator sends a report file; the bot shows what it would load and applies it only on confirm."""

from __future__ import annotations

import asyncio
import io
import secrets
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, texts
from bot.answers import answer
from bot.context import Context
from bot.formatting import clip, esc
from bot.handlers.coordinator import coordinators_only, reply
from reports.import_issues import ImportFileError
from reports.importer import import_report, read_grid
from reports.report_parser import ParsedReport, parse_grid

MAX_BYTES = 10 * 2**20
SUMMARY_LIMIT = 3500


def _parse(data: bytes, name: str) -> ParsedReport:
    return parse_grid(read_grid(io.BytesIO(data), name))


@coordinators_only
async def on_document(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None and context.role is not None
    document = message.document
    name = Path(document.file_name or "file").name
    if document.file_size and document.file_size > MAX_BYTES:
        await reply(
            update, texts.IMPORT_TOO_BIG.format(size=document.file_size // 2**20, limit=MAX_BYTES // 2**20)
        )
        return
    await reply(update, texts.IMPORT_RECEIVED.format(name=esc(name)))
    file = await context.bot.get_file(document.file_id)
    data = bytes(await file.download_as_bytearray())
    try:
        # Reading a workbook is CPU work: keep the event loop free for everyone else meanwhile.
        parsed = await asyncio.to_thread(_parse, data, name)
        summary = await import_report(context.db, parsed, source_name=name, apply=False)
    except ImportFileError as error:
        await reply(update, texts.IMPORT_FAILED.format(error=esc(str(error))))
        return
    token = secrets.token_urlsafe(9)
    pending: dict[str, tuple[int, str, ParsedReport]] = context.bot_data.extra.setdefault("imports", {})
    pending[token] = (context.role.user_id, name, parsed)
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.BTN_APPLY, callback_data=callbacks.import_decision(True, token)),
          InlineKeyboardButton(texts.BTN_DISCARD, callback_data=callbacks.import_decision(False, token))]]
    )  # fmt: skip
    await reply(
        update,
        texts.IMPORT_PREVIEW.format(summary=esc(clip(summary.render(), SUMMARY_LIMIT))),
        reply_markup=markup,
    )


@coordinators_only
async def on_decision(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and context.role is not None and update.effective_chat is not None
    parsed = callbacks.parse(query.data)
    pending: dict[str, tuple[int, str, ParsedReport]] = context.bot_data.extra.setdefault("imports", {})
    entry = pending.get(parsed.token) if isinstance(parsed, callbacks.ImportDecision) else None
    if entry is None or entry[0] != context.role.user_id or not isinstance(parsed, callbacks.ImportDecision):
        await answer(query, texts.IMPORT_EXPIRED, show_alert=True)
        return
    del pending[parsed.token]
    await answer(query)
    _, name, report = entry
    if not parsed.apply:
        await context.bot.send_message(update.effective_chat.id, texts.IMPORT_CANCELLED)
        return
    summary = await import_report(context.db, report, source_name=name)
    await context.bot.send_message(
        update.effective_chat.id,
        texts.IMPORT_APPLIED.format(summary=esc(clip(summary.render(), SUMMARY_LIMIT))),
        parse_mode="HTML",
    )
