"""Answering a button press: a courtesy to the user's client, never a reason to fail the action."""

from __future__ import annotations

import logging
from typing import TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError

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


async def show_in_pressed(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """The pressed message becomes ``text``: nothing to do when it shows that already («message is not
    modified»: its own page pressed); a new message when Telegram cannot edit it any more (deleted on another
    device meanwhile, «message to edit not found»; «message can't be edited»)."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        log.info("the pressed message was not edited (%s): sent anew", exc.message)
        chat = query.message.chat.id if query.message is not None else query.from_user.id
        await query.get_bot().send_message(chat, text, reply_markup=markup)
