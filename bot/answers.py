"""Answering a button press: a courtesy to the user's client, never a reason to fail the action."""

from __future__ import annotations

import logging
from typing import TypeVar

from telegram import CallbackQuery
from telegram.error import TelegramError

from bot.callbacks import Button
from l10n import t

log = logging.getLogger("zvitbot")

B = TypeVar("B", bound=Button)


async def answer(query: CallbackQuery, text: str | None = None, show_alert: bool = False) -> None:
    try:
        await query.answer(text, show_alert=show_alert)
    except TelegramError as exc:  # the query expired, or the network failed even after retries
        log.warning("callback query not answered: %s", exc)


async def pressed(query: CallbackQuery, kind: type[B]) -> B | None:
    """The button of ``kind`` that was pressed; None, the press answered as stale, when its data is not
    one (an old button, or forged data)."""
    button = kind.parse(query.data)
    if button is None:
        await answer(query, t("stale-button"))
    return button
