"""What the chat says when an action refuses (actions.refusals): its catalog message, moments in the reader's
zone, days as dates, texts escaped for HTML and shortened to fit (a file's name may be long)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Update

from actions.actor import Actor
from actions.refusals import Reason, Refused
from bot.answers import answer
from bot.context import Context
from bot.formatting import Fit
from l10n import t
from l10n.times import shown

DETAIL_LIMIT = 200  # a text a refusal names (a measure's number, a file's name), shown at most this long


def refusal_text(refused: Refused, tz: ZoneInfo) -> str:
    fit = Fit()
    details = {name: _detail(value, tz, fit) for name, value in refused.details.items()}
    return fit.one(t(refused.message_id, front="chat", **details))


def _detail(value: int | str | dt.date, tz: ZoneInfo, fit: Fit) -> object:
    return fit(value, DETAIL_LIMIT) if isinstance(value, str) else shown(value, tz)


def actor_of(update: Update, context: Context) -> Actor:
    """The person behind an update, as the actions know them."""
    role = context.role
    assert role is not None and update.effective_user is not None
    return Actor(
        role.user_id,
        update.effective_user.full_name,
        administrator=role.administrator,
        programs=role.programs,
        observer=role.observer,
        departments=frozenset(d.id for d in role.departments),
    )


async def answer_refused(query: CallbackQuery, refused: Refused, tz: ZoneInfo) -> None:
    """A button's refusal, said on the button: an old button's in passing (``stale-button``), the others as an
    alert to read and close."""
    await answer(query, refusal_text(refused, tz), show_alert=refused.reason is not Reason.GONE)
