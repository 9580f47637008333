"""Answering a button press: a courtesy to the user's client, never a reason to fail the action."""

from __future__ import annotations

import logging

from telegram import CallbackQuery
from telegram.error import TelegramError

log = logging.getLogger("zvitbot")


async def answer(query: CallbackQuery, text: str | None = None, show_alert: bool = False) -> None:
    try:
        await query.answer(text, show_alert=show_alert)
    except TelegramError as exc:  # the query expired, or the network failed even after retries
        log.warning("callback query not answered: %s", exc)
