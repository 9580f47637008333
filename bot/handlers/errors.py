"""The last resort: log the failure, tell the user something went wrong, in Ukrainian, and alert the
coordinators (bot/alerts.py: short, rate-limited, the traceback only in the log)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.alerts import alert_error
from bot.context import Context
from l10n import t

log = logging.getLogger("zvitbot")


async def on_error(update: object, context: Context) -> None:
    if isinstance(context.error, Forbidden):
        log.info("the user blocked the bot: %s", context.error)
        return  # nobody to tell
    if isinstance(context.error, NetworkError) and not isinstance(context.error, BadRequest):
        # Telegram did not answer in time (the message may well have arrived) or could not be reached even
        # after retries: an apology would be one more message into the same trouble, or a confusing extra.
        # What the person did is saved; they repeat the last step if nothing came.
        log.warning("update not fully answered: %s", context.error)
        return
    log.error("update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, t("error"))
        except TelegramError:
            log.warning("could not tell the user about the failure")
    if context.error is not None:
        await alert_error(context.application, context.error, update)
