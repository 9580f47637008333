"""Delivering one reminder, exactly once: the scheduled ones and a coordinator's «Нагадати» alike.

Exactly once (see also ``storage.reminders``): a key is claimed by one statement (atomic and durable) before
the send; only the claimer sends. What then happens to the claim:

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
from typing import TYPE_CHECKING

import httpx
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut
from telegram.ext import Application

from bot.ratelimit import BULK, BULK_RESERVED, PriorityRateLimiter
from bot.reminders.rules import Reminder
from storage.members import mark_blocked
from storage.reminders import claim, confirm_sent, record_failure, release, unmark_blocked

if TYPE_CHECKING:
    from bot.context import BotData, Context
    from storage.db import Database

log = logging.getLogger("zvitbot.reminders")


async def deliver(
    application: Application,
    db: Database,
    reminder: Reminder,
    text: str,
    markup: InlineKeyboardMarkup | None,
    now: dt.datetime,
) -> str:
    """Claim, send, record. Returns sent / taken (claimed before) / blocked / retry / failed / unknown.

    The send is bulk (bot/ratelimit.py): after every reply to a person, at most one a second per chat. Its
    slot is reserved before the claim, so a claim waits for nobody: a crash loses only what is on the wire.
    """
    limiter = getattr(application.bot, "rate_limiter", None)
    limits = BULK
    if isinstance(limiter, PriorityRateLimiter):
        await limiter.reserve(reminder.user_id)
        limits = BULK_RESERVED
    async with db.locked() as conn:  # one statement each: atomic and durable on its own
        if not await claim(conn, reminder.key, reminder.user_id, reminder.kind.value, now):
            return "taken"
    try:
        message = await application.bot.send_message(
            reminder.user_id, text, reply_markup=markup, rate_limit_args=limits
        )
    except Forbidden as exc:
        async with db.transaction() as conn:
            await mark_blocked(conn, reminder.user_id)
            await record_failure(conn, reminder.key, "failed", f"Forbidden: {exc.message}")
        data: BotData = application.bot_data
        if data.blocked is None:
            data.blocked = set()
        data.blocked.add(reminder.user_id)
        log.info("reminder %s: the user blocked the bot; marked", reminder.key)
        return "blocked"
    except TelegramError as exc:
        return await _failed(db, reminder, exc)
    except Exception as exc:  # a bug must not stop the others' reminders; the claim stays (at most once)
        log.exception("reminder %s: unexpected failure", reminder.key)
        async with db.transaction() as conn:
            await record_failure(conn, reminder.key, "unknown", repr(exc))
        return "unknown"
    async with db.locked() as conn:
        await confirm_sent(conn, reminder.key, message.message_id, now)
    return "sent"


def may_have_arrived(exc: TelegramError) -> bool:
    """A timeout, unless the request provably never left (no connection, or none free in the pool)."""
    if not isinstance(exc, TimedOut):
        return False
    return not isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)


async def _failed(db: Database, reminder: Reminder, exc: TelegramError) -> str:
    if isinstance(exc, BadRequest):
        async with db.transaction() as conn:
            await record_failure(conn, reminder.key, "failed", f"BadRequest: {exc.message}")
        log.error("reminder %s refused by Telegram: %s", reminder.key, exc)
        return "failed"
    if may_have_arrived(exc):
        async with db.transaction() as conn:
            await record_failure(conn, reminder.key, "unknown", f"{type(exc).__name__}: {exc.message}")
        log.warning("reminder %s may not have arrived (%s); not sent again", reminder.key, exc)
        return "unknown"
    async with db.transaction() as conn:
        await release(conn, reminder.key)
    log.warning(
        "reminder %s not sent (%s: %s); the next run tries again", reminder.key, type(exc).__name__, exc
    )
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
