"""The last resort: log the failure and tell the user something went wrong, in Ukrainian."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot import texts
from bot.context import Context

log = logging.getLogger("zvitbot")


async def on_error(update: object, context: Context) -> None:
    log.error("update failed", exc_info=context.error)
    if isinstance(context.error, Forbidden):
        return  # the user blocked the bot: nobody to tell
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
        except TelegramError:
            log.warning("could not tell the user about the failure")
