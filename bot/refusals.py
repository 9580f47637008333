"""What the chat says when an action refuses (actions.refusals): its catalog message, moments in the reader's
zone, texts escaped for HTML and shortened to fit (a file's name may be long)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import Update

from actions.actor import Actor
from actions.refusals import Refused
from bot.context import Context
from bot.formatting import Fit
from l10n import t
from l10n.times import moment

DETAIL_LIMIT = 200  # a text a refusal names (a measure's number, a file's name), shown at most this long


def refusal_text(refused: Refused, tz: ZoneInfo) -> str:
    fit = Fit()
    details = {
        name: moment(value, tz) if isinstance(value, dt.datetime)
        else fit(value, DETAIL_LIMIT) if isinstance(value, str) else value
        for name, value in refused.details.items()
    }  # fmt: skip
    return fit.one(t(refused.message_id, front="chat", **details))


def actor_of(update: Update, context: Context) -> Actor:
    """The person behind an update, as the actions know them."""
    role = context.role
    assert role is not None and update.effective_user is not None
    departments = frozenset(d.id for d in role.departments)
    return Actor(role.user_id, update.effective_user.full_name, role.coordinator, departments)
