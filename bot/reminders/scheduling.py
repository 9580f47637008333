"""Sending reminders from PTB's JobQueue: the schedule and one run.

``setup_reminders(application)`` sets the JobQueue's scheduler to the settings' time zone and registers
one repeating job (every REMINDER_CHECK_MINUTES, first run shortly after start, so a reminder missed
while the bot was down goes out when it is back). Each run: load a snapshot of the database, ask the pure
rules (``bot.reminders.rules``) what is due at the clock's ``now``, render each one
(``bot.reminders.rendering``) and deliver it (``bot.reminders.delivery``: claimed exactly once, sent
through ``context.bot``, whose rate limiter paces the sends to Telegram's limits and waits out 429s).

Runs in one process never overlap (an asyncio lock and APScheduler's max_instances=1); runs in two
processes on one database, a restarted process and a slow send are covered by the claim itself.

The clock is injectable for tests: ``application.bot_data.clock`` is a callable returning an aware
datetime (default: the real time).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.alerts import alert_reminders
from bot.reminders import rules
from bot.reminders.delivery import deliver, seen_again
from bot.reminders.rendering import render
from storage.reminders import PeriodInfo, blocked_ids, load_periods, load_snapshot

if TYPE_CHECKING:
    from bot.context import BotData, Context

log = logging.getLogger("zvitbot.reminders")

JOB_NAME = "reminders"
SEEN_GROUP = -10  # before the gate (group -1), which stops updates from strangers and group chats


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


def local_today(application: Application) -> dt.date:
    data: BotData = application.bot_data
    return now_of(application).astimezone(data.settings.tz).date()


async def reminder_job(context: Context) -> None:
    try:
        await run_reminders(context.application)
    except Exception as exc:  # the next run comes in REMINDER_CHECK_MINUTES; the coordinators hear of it
        log.exception("reminder run failed")
        await alert_reminders(context.application, exc, None)


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
    async with db.locked() as conn:
        # Who is marked blocked, for seen_again; refreshed on every run, due or not.
        data.blocked = await blocked_ids(conn)
        periods = await load_periods(conn)
    # One period nothing can be worked out for (a deadline that is not a date, or one at the end of the
    # calendar) is set aside, logged and reported; the others' reminders go out as ever.
    bad: list[tuple[PeriodInfo, Exception]] = []
    active = []
    for period in periods:
        try:
            if rules.open_deadlines([period], config, now):
                active.append(period)
        except Exception as exc:
            bad.append((period, exc))
    due: list[rules.Reminder] = []
    snapshot = None
    if active:
        async with db.locked() as conn:
            snapshot = await load_snapshot(conn, data.settings.coordinator_ids, tuple(active))
        for period in active:
            try:
                due += rules.due_reminders(replace(snapshot, periods=(period,)), config, now)
            except Exception as exc:
                bad.append((period, exc))
    for period, exc in bad:
        log.error(
            "reminders for program %s, year %s cannot be worked out; the others go on",
            period.program_id, period.year, exc_info=exc,
        )  # fmt: skip
        await alert_reminders(application, exc, period)
    if snapshot is None:
        return []
    due.sort(key=rules.send_order)
    outcomes: list[tuple[str, str]] = []
    blocked_now: set[int] = set()
    for reminder in due:
        if not application.running:
            break  # shutting down: what is not claimed yet goes out after the restart
        if reminder.user_id in blocked_now:
            continue
        try:
            text, markup = render(reminder, snapshot, now.astimezone(config.tz).date())
        except Exception as exc:  # one reminder that cannot be worded must not stop the others
            log.exception("reminder %s cannot be rendered", reminder.key)
            await alert_reminders(application, exc, None)
            continue
        outcome = await deliver(application, db, reminder, text, markup, now)
        if outcome == "blocked":
            blocked_now.add(reminder.user_id)
        outcomes.append((reminder.key, outcome))
    if outcomes:
        log.info("reminders: %s", ", ".join(f"{k} {o}" for k, o in outcomes))
    return outcomes
