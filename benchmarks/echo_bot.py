"""The baseline for the full-stack benchmarks: a bare python-telegram-bot echo bot.

Started as a subprocess by ``benchmarks/bot_bench.py`` exactly as the real bot is (``python -m bot``):
the same environment variables (``BOT_TOKEN``, ``BOT_API_BASE_URL``, ``BOT_API_FILE_URL``), the same
update concurrency as the bot (``bot.concurrency.PerUserUpdateProcessor(32)``: different people at once, one
person's updates in order), PTB's defaults otherwise (no persistence) and the same ``run_polling`` call, so
the only difference the benchmark sees is the bot's own work: gate, conversation, database, texts.

Every update gets an immediate reply with ``send_message``; a callback query is answered first
(``answerCallbackQuery``), as the real bot does, so both bots make the same API calls per update.
No database, no rate limiter, no logging set-up beyond warnings. SIGTERM stops it (``run_polling``).
"""

from __future__ import annotations

import logging
import os
import sys

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.concurrency import PerUserUpdateProcessor


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    await context.bot.send_message(chat.id, f"echo: {message.text or '(no text)'}")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    await query.answer()
    await context.bot.send_message(chat.id, f"pressed: {query.data}")


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    application = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_BASE_URL"])
        .base_file_url(os.environ["BOT_API_FILE_URL"])
        .concurrent_updates(PerUserUpdateProcessor(32))  # as bot/app.py: compare like with like
        .build()
    )
    application.add_handler(MessageHandler(filters.ALL, on_message))
    application.add_handler(CallbackQueryHandler(on_button))
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
