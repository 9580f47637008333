"""What the chat says when an action refuses (actions.refusals): its catalog message, moments in the reader's
zone, days as dates, texts escaped for HTML."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Update

from actions.actor import Actor
from actions.refusals import Reason, Refused
from bot.answers import answer
from bot.context import Context
from bot.formatting import esc
from l10n import t
from l10n.times import date, moment


def refusal_text(refused: Refused, tz: ZoneInfo) -> str:
    return t(refused.message_id, front="chat", **{k: _detail(v, tz) for k, v in refused.details.items()})


def _detail(value: int | str | dt.date, tz: ZoneInfo) -> int | str:
    if isinstance(value, dt.datetime):
        return moment(value, tz)
    if isinstance(value, dt.date):
        return date(value)
    return esc(value) if isinstance(value, str) else value


def actor_of(update: Update, context: Context) -> Actor:
    """The person behind an update, as the actions know them."""
    assert context.role is not None and update.effective_user is not None
    return Actor(context.role.user_id, update.effective_user.full_name, context.role.coordinator)


async def answer_refused(query: CallbackQuery, refused: Refused, tz: ZoneInfo) -> None:
    """A button's refusal, said on the button: an old button's in passing (``stale-button``), the others as an
    alert to read and close."""
    await answer(query, refusal_text(refused, tz), show_alert=refused.reason is not Reason.GONE)
