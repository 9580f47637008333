"""Sending reminders from PTB's JobQueue, and /mute.

``setup_reminders(application)`` sets the JobQueue's scheduler to the settings' time zone and registers
one repeating job (every REMINDER_CHECK_MINUTES, first run shortly after start, so a reminder missed
while the bot was down goes out when it is back). Each run: load a snapshot of the database, ask the pure
rules (``bot.reminders.rules``) what is due at the clock's ``now``, and for each reminder claim its key
in the database, then send it through ``context.bot``, whose rate limiter (bot/ratelimit.py, PTB's
AIORateLimiter underneath) paces the sends to Telegram's limits and waits out 429s.

Exactly once (see also ``storage.reminders``): a key is claimed in its own transaction before the send;
only the claimer sends. What then happens to the claim:

- delivered: ``sent``;
- 403 Forbidden: the person blocked the bot. They are marked blocked (users.blocked_at), so the rules skip
  them from now on, and the claim is kept (``failed``). Any update from them later clears the mark
  (``seen_again``): they get the next reminder that is due;
- 400 Bad Request: it would fail the same way again: kept as ``failed``, logged as an error;
- a timeout (the request may have reached Telegram): kept as ``unknown``, logged, never retried. A
  reminder may be lost (the person gets the next slot's), a duplicate is impossible. A crash between claim
  and send leaves ``claimed``: the same at-most-once choice;
- any other error, after the rate limiter's own retries (bot/ratelimit.py: 429s waited out, 5xx and
  dropped connections retried; a timeout is not, for the same reason as here): Telegram did not take the
  message, so the claim is released and the next run, minutes later, tries again while the reminder is
  still useful. Nobody is skipped by a passing flood limit or outage.

Runs in one process never overlap (an asyncio lock and APScheduler's max_instances=1); runs in two
processes on one database, a restarted process and a slow send are covered by the claim itself.

The clock is injectable for tests: ``application.bot_data.clock`` is a callable returning an aware
datetime (default: the real time).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut
from telegram.ext import Application, TypeHandler

from bot import callbacks, texts
from bot.answers import answer
from bot.formatting import MESSAGE_LIMIT, button_label, clip, date, esc
from bot.reminders import rules
from bot.reminders.rules import Kind, Reminder
from storage.members import mark_blocked
from storage.reminders import (
    Snapshot,
    blocked_ids,
    claim,
    clear_mutes,
    confirm_sent,
    load_periods,
    load_snapshot,
    mute_until,
    record_failure,
    release,
    set_mute,
    unmark_blocked,
)

if TYPE_CHECKING:
    from bot.context import BotData, Context
    from storage.db import Database

log = logging.getLogger("zvitbot.reminders")

JOB_NAME = "reminders"
SEEN_GROUP = -10  # before the gate (group -1), which stops updates from strangers and group chats
MAX_ITEMS = 10  # owed measures listed in one reminder; the rest are counted
MAX_NUMBERS = 25  # measure numbers per department in the digest


# --- setup -----------------------------------------------------------------------------------------


def setup_reminders(application: Application, *, first: float | None = None) -> None:
    """Register the reminder job (once, however often this is called) on the application's JobQueue."""
    data: BotData = application.bot_data
    settings = data.settings
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError('reminders need PTB\'s JobQueue: pip install "python-telegram-bot[job-queue]"')
    if job_queue.scheduler.running:
        log.warning("the JobQueue already runs: its time zone stays %s", job_queue.scheduler.timezone)
    else:
        # configure() replaces the whole configuration, so PTB's own (its executor) goes in too.
        job_queue.scheduler.configure(**{**job_queue.scheduler_configuration, "timezone": data.settings.tz})
    if not any(getattr(h, "callback", None) is seen_again for h in application.handlers.get(SEEN_GROUP, [])):
        application.add_handler(TypeHandler(Update, seen_again), group=SEEN_GROUP)
    if not settings.reminders_enabled:
        log.info("reminders are switched off (REMINDERS_ENABLED)")
        return
    if job_queue.get_jobs_by_name(JOB_NAME):
        return  # a second setup must not make a second job
    job_queue.run_repeating(
        reminder_job,
        interval=dt.timedelta(minutes=settings.reminder_check_minutes),
        first=settings.reminder_first_run_seconds if first is None else first,
        name=JOB_NAME,
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": 60},
    )


def now_of(application: Application) -> dt.datetime:
    data: BotData = application.bot_data
    return data.clock()


def _local_today(application: Application) -> dt.date:
    data: BotData = application.bot_data
    return now_of(application).astimezone(data.settings.tz).date()


# --- the job ---------------------------------------------------------------------------------------


async def reminder_job(context: Context) -> None:
    await run_reminders(context.application)


async def run_reminders(application: Application) -> list[tuple[str, str]]:
    """One run: send what is due now. Returns (key, outcome) for every reminder it tried."""
    data: BotData = application.bot_data
    lock = data.reminders_running
    if lock.locked():
        log.info("the previous reminder run is still sending; this one is skipped")
        return []
    async with lock:
        return await _run(application)


async def _run(application: Application) -> list[tuple[str, str]]:
    data: BotData = application.bot_data
    db = data.db
    if db is None:
        log.warning("reminders: the database is not open yet")
        return []
    config = data.settings.reminder_config(data.settings.tz)
    now = now_of(application)
    async with db.read() as conn:
        # Who is marked blocked, for seen_again; refreshed on every run, due or not.
        data.blocked = await blocked_ids(conn)
        periods = await load_periods(conn)
        if not rules.open_deadlines(periods, config, now):
            return []
        snapshot = await load_snapshot(conn, data.settings.coordinator_ids, periods)
    due = rules.due_reminders(snapshot, config, now)
    outcomes: list[tuple[str, str]] = []
    blocked_now: set[int] = set()
    for reminder in due:
        if not application.running:
            break  # shutting down: what is not claimed yet goes out after the restart
        if reminder.user_id in blocked_now:
            continue
        text, markup = render(reminder, snapshot, now.astimezone(config.tz).date())
        outcome = await deliver(application, db, reminder, text, markup, now)
        if outcome == "blocked":
            blocked_now.add(reminder.user_id)
        outcomes.append((reminder.key, outcome))
    if outcomes:
        log.info("reminders: %s", ", ".join(f"{k} {o}" for k, o in outcomes))
    return outcomes


async def deliver(
    application: Application,
    db: Database,
    reminder: Reminder,
    text: str,
    markup: InlineKeyboardMarkup | None,
    now: dt.datetime,
) -> str:
    """Claim, send, record. Returns sent / taken (claimed before) / blocked / retry / failed / unknown."""
    async with db.transaction() as conn:
        if not await claim(conn, reminder.key, reminder.user_id, reminder.kind.value, now):
            return "taken"
    try:
        message = await application.bot.send_message(reminder.user_id, text, reply_markup=markup)
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
    async with db.transaction() as conn:
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


# --- messages --------------------------------------------------------------------------------------


def render(reminder: Reminder, snapshot: Snapshot, today: dt.date) -> tuple[str, InlineKeyboardMarkup | None]:
    if reminder.kind is Kind.DIGEST:
        return _digest(reminder, snapshot, today), None
    quarter = texts.QUARTER_NAMES.get(reminder.quarter or 0, "")
    since = date(dt.date(reminder.year, 3 * (reminder.quarter or 1) - 2, 1))
    if reminder.kind is Kind.BEFORE:
        template = texts.REMINDER_BEFORE_ANNUAL if reminder.quarter is None else texts.REMINDER_BEFORE_QUARTER
    else:
        template = (
            texts.REMINDER_OVERDUE_ANNUAL if reminder.quarter is None else texts.REMINDER_OVERDUE_QUARTER
        )
    items = [
        texts.REMINDER_ITEM.format(number=esc(o.number), text=esc(button_label(o.text, 90)))
        for o in reminder.owed[:MAX_ITEMS]
    ]
    if len(reminder.owed) > MAX_ITEMS:
        items.append(texts.REMINDER_MORE.format(count=len(reminder.owed) - MAX_ITEMS))
    text = template.format(
        year=reminder.year,
        quarter=quarter,
        since=since,
        deadline=date(reminder.deadline),
        department=esc(snapshot.department_names.get(reminder.department_id or 0, "")),
        count=len(reminder.owed),
        items="\n".join(items),
    )
    text = clip(text + texts.REMINDER_FOOTER, MESSAGE_LIMIT)
    first = reminder.owed[0]
    button = InlineKeyboardButton(
        texts.BTN_REMINDER_OPEN.format(number=first.number),
        # The reporting conversation's own button: it opens the measure (and checks the rights).
        callback_data=callbacks.OpenMeasure(
            first.measure_id, reminder.department_id or 0, reminder.year
        ).data(),
    )
    return text, InlineKeyboardMarkup([[button]])


def _digest(reminder: Reminder, snapshot: Snapshot, today: dt.date) -> str:
    program = next((p.program_name for p in snapshot.periods if p.program_id == reminder.program_id), "")
    template = texts.DIGEST_ANNUAL if reminder.quarter is None else texts.DIGEST_QUARTER
    text = template.format(
        year=reminder.year,
        quarter=texts.QUARTER_NAMES.get(reminder.quarter or 0, ""),
        deadline=date(reminder.deadline),
    )
    if program:
        text += texts.DIGEST_PROGRAM.format(program=esc(clip(program, 150)))
    names = snapshot.department_names
    if reminder.missing:
        text += texts.DIGEST_MISSING
        for department in sorted(reminder.missing, key=lambda d: names.get(d.department_id, "")):
            numbers = ", ".join(o.number for o in department.owed[:MAX_NUMBERS])
            if len(department.owed) > MAX_NUMBERS:
                numbers += ", …"
            text += texts.DIGEST_LINE.format(
                department=esc(names.get(department.department_id, str(department.department_id))),
                count=len(department.owed),
                planned=department.planned,
                numbers=esc(numbers),
            )
            if department.members == 0:
                text += texts.DIGEST_NO_MEMBERS
    else:
        text += texts.DIGEST_ALL_DONE
    muted = [
        (person, mute)
        for person in sorted(snapshot.members, key=lambda p: (p.full_name, p.user_id))
        for mute in person.mutes
        if mute.until >= today
    ]
    if muted:
        text += texts.DIGEST_MUTED
        for person, mute in muted:
            scope = [mute.department_id] if mute.department_id is not None else sorted(person.department_ids)
            text += texts.DIGEST_MUTED_LINE.format(
                name=esc(person.full_name or str(person.user_id)),
                departments=esc(", ".join(names.get(d, str(d)) for d in scope)),
                until=date(mute.until),
            )
    return clip(text, MESSAGE_LIMIT)


# --- people come back ------------------------------------------------------------------------------


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


# --- /mute -----------------------------------------------------------------------------------------


async def mute_command(update: Update, context: Context) -> None:
    message, role = update.effective_message, context.role
    if message is None or role is None:
        return
    if not role.member:
        await message.reply_text(texts.MUTE_ONLY_MEMBERS)
        return
    application = context.application
    data: BotData = application.bot_data
    today = _local_today(application)
    config = data.settings.reminder_config(data.settings.tz)
    async with context.db.read() as conn:
        periods = await load_periods(conn)
        muted = await mute_until(conn, role.user_id, today)
    end = rules.period_end(periods, config, today)
    week = today + dt.timedelta(days=6)  # seven days, today included
    rows = []
    if end is not None and end != week:
        rows.append([_mute_button(texts.BTN_MUTE_PERIOD.format(until=date(end)), end)])
    rows.append([_mute_button(texts.BTN_MUTE_WEEK.format(until=date(week)), week)])
    if muted is not None:
        rows.append([InlineKeyboardButton(texts.BTN_UNMUTE, callback_data=callbacks.Mute(None).data())])
    text = texts.MUTE_ASK_OFF.format(until=date(muted)) if muted else texts.MUTE_ASK_ON
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))


def _mute_button(label: str, until: dt.date) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.Mute(until).data())


async def on_mute_button(update: Update, context: Context) -> None:
    query, role = update.callback_query, context.role
    if query is None or role is None:
        return
    if not role.member:
        await answer(query, texts.MUTE_ONLY_MEMBERS, show_alert=True)
        return
    parsed = callbacks.Mute.parse(query.data)
    if parsed is None:
        await answer(query, texts.STALE_BUTTON)
        return
    if parsed.until is None:
        async with context.db.transaction() as conn:
            await clear_mutes(conn, role.user_id)
        text = texts.UNMUTE_DONE
    else:
        today = _local_today(context.application)
        until = parsed.until
        # Forged or long-stale data: a mute in the past or more than a year ahead is refused.
        if not today <= until <= today + dt.timedelta(days=366):
            await answer(query, texts.STALE_BUTTON)
            return
        async with context.db.transaction() as conn:
            await set_mute(conn, role.user_id, until, None, now_of(context.application))
        text = texts.MUTE_DONE.format(until=date(until))
    await answer(query)
    try:
        await query.edit_message_text(text)
    except BadRequest:  # an old /mute message pressed again (nothing to change) or gone: say it anew
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
