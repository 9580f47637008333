"""What the chat says when an action refuses (actions.refusals): its catalog message, moments in the reader's
zone, texts escaped for HTML."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import Update

from actions.actor import Actor
from actions.refusals import Refused
from bot.context import Context
from bot.formatting import esc
from l10n import t
from l10n.times import moment


def refusal_text(refused: Refused, tz: ZoneInfo) -> str:
    details = {
        name: moment(value, tz) if isinstance(value, dt.datetime) else esc(value) if isinstance(value, str) else value
        for name, value in refused.details.items()
    }
    return t(refused.message_id, front="chat", **details)


def actor_of(update: Update, context: Context) -> Actor:
    """The person behind an update, as the actions know them."""
    assert context.role is not None and update.effective_user is not None
    return Actor(context.role.user_id, update.effective_user.full_name, context.role.coordinator)
