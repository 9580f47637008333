"""Delivering reminders, exactly once: the scheduled ones and a coordinator's «Нагадати» alike.

One message carries one reminder or several (one person's reminders of one send slot, across programs and
departments: ``bot.reminders.rules.bundles``); every reminder keeps its own key. Exactly once (see also
``storage.reminders``): a message's keys are claimed in one transaction (atomic and durable) before the send;
only the claimer sends, and only for the keys it claimed. What then happens to the claims, to each of the
message's keys alike:

- delivered: ``sent``;
- 403 Forbidden: the person blocked the bot. They are marked blocked (users.blocked_at), so the rules skip
  them from now on, and the claim is kept (``failed``). Any update from them later clears the mark
  (``seen_again``): they get the next reminder that is due;
- 400 Bad Request: it would fail the same way again: kept as ``failed``, logged as an error;
- a timeout (the request may have reached Telegram): kept as ``unknown``, logged, never retried. A
  reminder may be lost (the person gets the next slot's), a duplicate is impossible. A crash between claim
  and send leaves ``claimed``: the same at-most-once choice;
- any other error, after the rate limiter's own retries (bot/ratelimit.py: sent as bulk, behind replies to
  people; 429s waited out, 5xx and dropped connections retried; a timeout is not, for the same reason as
  here): Telegram did not take the message, so the claim is released and the next run, minutes later, tries again while the reminder is
  still useful. Nobody is skipped by a passing flood limit or outage.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

import httpx
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut
from telegram.ext import Application

from bot.ratelimit import BULK, BULK_RESERVED, PriorityRateLimiter
from bot.reminders.rules import Reminder
from storage.members import mark_blocked
from storage.reminders import claim_all, confirm_sent, record_failure, release, unmark_blocked

if TYPE_CHECKING:
    from bot.context import BotData, Context
    from storage.db import Database

log = logging.getLogger("zvitbot.reminders")


Render = Callable[[Sequence[Reminder]], tuple[str, InlineKeyboardMarkup | None]]


async def deliver(
    application: Application,
    db: Database,
    reminder: Reminder,
    text: str,
    markup: InlineKeyboardMarkup | None,
    now: dt.datetime,
) -> str:
    """Claim, send, record one reminder in a message of its own. Returns sent / taken (claimed before) /
    blocked / retry / failed / unknown."""
    outcomes = await deliver_bundle(application, db, (reminder,), lambda _: (text, markup), now)
    return outcomes[reminder.key]


async def deliver_bundle(
    application: Application, db: Database, reminders: Sequence[Reminder], render: Render, now: dt.datetime
) -> dict[str, str]:
    """One message for ``reminders`` (one person's, ``bot.reminders.rules.bundles``): claimed, sent, recorded.
    The outcome of each key: sent / taken (claimed before) / blocked / retry / failed / unknown.

    ``render`` words the message for the reminders it is sent for. It is called before anything is claimed (a
    message that cannot be worded raises, and nothing is claimed), and again for the keys actually claimed when
    another process claimed some of them first: each key is in one message only. All the keys are claimed in
    one transaction; what then happens to the message happens to each of its keys alike, as for one reminder
    (the module's docstring): a crash between the claim and the send leaves them all ``claimed``.

    The send is bulk (bot/ratelimit.py): after every reply to a person, at most one a second per chat. Its
    slot is reserved before the claim, so a claim waits for nobody: a crash loses only what is on the wire.
    """
    if not reminders:
        return {}
    user_id = reminders[0].user_id
    assert all(r.user_id == user_id for r in reminders), "one message goes to one person"
    text, markup = render(reminders)
    limiter = getattr(application.bot, "rate_limiter", None)
    limits = BULK
    if isinstance(limiter, PriorityRateLimiter):
        await limiter.reserve(user_id)
        limits = BULK_RESERVED
    async with _together(db, len(reminders)) as conn:  # the message's keys together: atomic and durable
        keys = await claim_all(conn, ((r.key, r.user_id, r.kind.value) for r in reminders), now)
    outcomes = dict.fromkeys((r.key for r in reminders), "taken")
    if not keys:
        return outcomes
    claimed = [r for r in reminders if r.key in keys]
    if len(claimed) < len(reminders):
        try:
            text, markup = render(claimed)
        except Exception:
            async with db.transaction() as conn:
                for key in keys:
                    await release(conn, key)
            raise
    outcomes.update(
        dict.fromkeys(keys, await _send(application, db, user_id, keys, text, markup, limits, now))
    )
    return outcomes


async def _send(
    application: Application,
    db: Database,
    user_id: int,
    keys: list[str],
    text: str,
    markup: InlineKeyboardMarkup | None,
    limits: dict[str, Any],
    now: dt.datetime,
) -> str:
    """Send the message of the claimed ``keys`` and record what became of it, for each of them alike."""
    name = keys[0] if len(keys) == 1 else f"{keys[0]} (+{len(keys) - 1})"
    try:
        message = await application.bot.send_message(
            user_id, text, reply_markup=markup, rate_limit_args=limits
        )
    except Forbidden as exc:
        async with db.transaction() as conn:
            await note_blocked(application, conn, user_id, now)
            for key in keys:
                await record_failure(conn, key, "failed", f"Forbidden: {exc.message}")
        log.info("reminder %s: the user blocked the bot; marked", name)
        return "blocked"
    except TelegramError as exc:
        return await _failed(db, keys, name, exc)
    except Exception as exc:  # a bug must not stop the others' reminders; the claims stay (at most once)
        log.exception("reminder %s: unexpected failure", name)
        async with db.transaction() as conn:
            for key in keys:
                await record_failure(conn, key, "unknown", repr(exc))
        return "unknown"
    async with _together(db, len(keys)) as conn:
        for key in keys:
            await confirm_sent(conn, key, message.message_id, now)
    return "sent"


async def note_blocked(application: Application, conn: Any, user_id: int, now: dt.datetime) -> None:
    """Telegram answered 403 (blocked by the user, or the account deleted): marked in the database (in the
    caller's transaction) and in ``BotData.blocked``, so that ``seen_again`` clears the mark when they write."""
    await mark_blocked(conn, user_id, now)
    data: BotData = application.bot_data
    if data.blocked is None:
        data.blocked = set()
    data.blocked.add(user_id)


def _together(db: Database, statements: int) -> AbstractAsyncContextManager[Any]:
    """One transaction for several writing statements; one statement is atomic and durable on its own (and
    a reminder alone, the usual case, costs no BEGIN and COMMIT)."""
    return db.transaction() if statements > 1 else db.locked()


def may_have_arrived(exc: TelegramError) -> bool:
    """A timeout, unless the request provably never left (no connection, or none free in the pool)."""
    if not isinstance(exc, TimedOut):
        return False
    return not isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)


async def _failed(db: Database, keys: list[str], name: str, exc: TelegramError) -> str:
    if isinstance(exc, BadRequest):
        async with db.transaction() as conn:
            for key in keys:
                await record_failure(conn, key, "failed", f"BadRequest: {exc.message}")
        log.error("reminder %s refused by Telegram: %s", name, exc)
        return "failed"
    if may_have_arrived(exc):
        async with db.transaction() as conn:
            for key in keys:
                await record_failure(conn, key, "unknown", f"{type(exc).__name__}: {exc.message}")
        log.warning("reminder %s may not have arrived (%s); not sent again", name, exc)
        return "unknown"
    async with db.transaction() as conn:
        for key in keys:
            await release(conn, key)
    log.warning("reminder %s not sent (%s: %s); the next run tries again", name, type(exc).__name__, exc)
    return "retry"


async def seen_again(update: Update, context: Context) -> None:
    """An update from someone marked blocked proves they unblocked the bot: reminders reach them again."""
    user, chat = update.effective_user, update.effective_chat
    blocked = context.bot_data.blocked
    if not blocked or user is None or user.id not in blocked or chat is None or chat.type != ChatType.PRIVATE:
        return
    db = context.bot_data.db
    if db is None:
        return
    async with db.transaction() as conn:
        await unmark_blocked(conn, user.id)
    blocked.discard(user.id)
