"""Sending reminders from PTB's JobQueue: the schedule and one run.

``setup_reminders(application)`` sets the JobQueue's scheduler to the settings' time zone and registers
one repeating job (every REMINDER_CHECK_MINUTES, first run shortly after start, so a reminder missed
while the bot was down goes out when it is back). Each run (``due_now``: the periods with a slot due now,
a snapshot of theirs, one pass of the pure rules over it, the pure work in worker threads so the event loop
is never held for long): ask the pure rules (``bot.reminders.rules``) what is due at the clock's ``now``, put each person's reminders of one send
slot into one message (``rules.due_messages``, as ``rules.bundles`` would), word it (``bot.reminders.rendering``) and deliver it
(``bot.reminders.delivery``: its keys claimed exactly once, sent
through ``context.bot``, whose rate limiter paces the sends to Telegram's limits, behind replies to people,
and waits out 429s), up to ``IN_FLIGHT`` at once.

Runs in one process never overlap (an asyncio lock and APScheduler's max_instances=1); runs in two
processes on one database, a restarted process and a slow send are covered by the claim itself.

The clock is injectable for tests: ``application.bot_data.clock`` is a callable returning an aware
datetime (default: the real time).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, TypeHandler

from bot.alerts import alert_refused_reminders, alert_reminders
from bot.reminders import rules
from bot.reminders.delivery import deliver_bundle, seen_again
from bot.reminders.rendering import render_bundle
from storage.db import Database
from storage.reminders import (
    CHUNK,
    PeriodInfo,
    Snapshot,
    blocked_ids,
    claim_error,
    claimed_under,
    compact_claims,
    load_periods,
    load_snapshot,
)

if TYPE_CHECKING:
    from bot.context import BotData, Context

log = logging.getLogger("zvitbot.reminders")

JOB_NAME = "reminders"
COMPACT_JOB_NAME = "compact-reminders"  # daily, half an hour before the backup
IN_FLIGHT = 16  # reminders being sent at once: enough to fill 30 msg/s at a Bot API latency up to ~0.5 s
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
    if not job_queue.get_jobs_by_name(COMPACT_JOB_NAME):
        at = dt.datetime.combine(dt.date(2000, 1, 3), dt.time(settings.backup_hour)) - dt.timedelta(
            minutes=30
        )
        job_queue.run_daily(compact_job, time=at.time().replace(tzinfo=settings.tz), name=COMPACT_JOB_NAME)  # type: ignore[arg-type]
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


async def compact_job(context: Context) -> None:
    try:
        await compact_reminders(context.application)
    except Exception as exc:  # tomorrow's run compacts what this one left; the coordinators hear of it
        log.exception("compacting the sent-reminder history failed")
        await alert_reminders(context.application, exc, None)


async def compact_reminders(application: Application) -> int:
    """Forget the claims of deadlines that can never be due again (``rules.compaction_cutoff``), keeping
    each person's last reminder: the history stops growing with the years. One short transaction."""
    data: BotData = application.bot_data
    if data.db is None:
        return 0
    cutoff = rules.compaction_cutoff(data.settings.reminder_config(data.settings.tz), now_of(application))
    async with data.db.transaction() as conn:
        removed = await compact_claims(conn, cutoff)
    if removed:
        log.info("reminders: %s claims of deadlines before %s compacted", removed, cutoff)
    return removed


async def run_reminders(application: Application) -> list[tuple[str, str]]:
    """One run: send what is due now. Returns (key, outcome) for every reminder it tried."""
    data: BotData = application.bot_data
    lock = data.reminders_running
    if lock.locked():
        log.info("the previous reminder run is still sending; this one is skipped")
        return []
    async with lock:
        with collections_held_back() as built:
            return await _run(application, built)


async def release(*lists: list[Any]) -> None:
    """Empty big lists in a worker thread, a slice at a time: freeing half a million reminders at once (when
    the last list holding them is dropped) is C code holding the GIL, and so the event loop, for ~0.1 s."""

    def drop() -> None:
        for items in lists:
            while items:
                del items[-CHUNK:]

    await asyncio.to_thread(drop)


@contextmanager
def collections_held_back() -> Iterator[Callable[[], None]]:
    """Keep the cyclic garbage collector from pausing the event loop over a check's objects.

    A quarter's end of an oblast makes a million objects (the snapshot, the candidates, the messages); their
    count alone triggers full collections, each traversing the whole heap while it holds the GIL: 0.1-0.5 s
    of a held event loop each, several in a row. So collection waits while they are made (the check: bounded
    by its own duration); once they are (``built()``), every object then alive is frozen out of the
    collector's view (``gc.freeze``: no traversal) and collection resumes for what comes after; at the end
    they are handed back (most of them freed by then). What was frozen before the run (``bot.app.post_init``
    freezes everything loaded at start) is frozen again: ``gc.unfreeze`` cannot tell it apart, and without it
    every full collection after the first run walked the start-up heap again (94k objects after the imports:
    a full pass took 0.25-0.7 s on the busy 2-core test machine, 0.01 ms with them frozen).
    Nothing is leaked by the hold itself: a cycle made meanwhile is collected later; only one among the
    objects alive at the run's end (the updates then in flight) can outlive it frozen, as at start-up."""
    enabled = gc.isenabled()
    frozen_before = gc.get_freeze_count() > 0
    gc.disable()
    frozen = False

    def built() -> None:
        nonlocal frozen
        if not frozen:
            gc.freeze()
            frozen = True
            if enabled:
                gc.enable()

    try:
        yield built
    finally:
        if frozen:
            gc.unfreeze()
            if frozen_before:
                gc.freeze()
        if enabled:
            gc.enable()


async def due_now(
    db: Database, administrator_ids: frozenset[int] | set[int], config: rules.ReminderConfig, now: dt.datetime
) -> tuple[list[rules.Bundle], Snapshot | None, list[tuple[PeriodInfo, Exception]], set[int]]:
    """The reminder check: the messages due now, in send order (``rules.due_messages``: one per person and slot,
    their reminders none claimed when the check read the claims), the snapshot they were worked out from (None:
    nothing may be due), the periods set aside (with why) and who is marked blocked.

    Its cost follows what may be due, not what the database holds: the periods with a slot due now are
    picked first (``rules.what_is_due``: which slots, and what of each period they need), the snapshot holds
    only that, the claims are read a slot at a time (an index range of its keys' prefix), and the rules make
    one pass over it all, making one object per message (its reminders are made when it is sent). The pure
    computations run in a worker thread, so the event loop (people's updates) is never held for long.
    """
    async with db.locked() as conn:
        # Who is marked blocked, for seen_again; refreshed on every run, due or not.
        blocked = await blocked_ids(conn)
        periods = await load_periods(conn)

    # One period nothing can be worked out for (a deadline that is not a date, or one at the end of the
    # calendar) is set aside, logged and reported; the others' reminders go out as ever.
    def pick() -> tuple[list[PeriodInfo], list[tuple[PeriodInfo, Exception]], dt.date | None, rules.DueCheck]:
        active, bad, first_day = rules.active_periods(periods, config, now)
        return active, bad, first_day, rules.what_is_due(active, config, now)

    active, bad, first_day, due = await asyncio.to_thread(pick)
    if not active:
        return [], None, bad, blocked
    async with db.locked() as conn:
        # Mutes matter only from the earliest slot day the rules judge; the measures only as far as the slots
        # due need them; the claims only of the slots due (an index range each), never the history.
        snapshot = await load_snapshot(
            conn, administrator_ids, tuple(active), mutes_from=first_day, due=due.work
        )
        sent = await claimed_under(conn, due.prefixes)
    # The claimed keys in the snapshot: the rules make no reminder of them (after the slot's first run, most).
    messages = await asyncio.to_thread(rules.due_messages, replace(snapshot, sent=sent), config, now, bad)
    return messages, snapshot, bad, blocked


async def _run(application: Application, built: Callable[[], None] = lambda: None) -> list[tuple[str, str]]:
    data: BotData = application.bot_data
    db = data.db
    if db is None:
        log.warning("reminders: the database is not open yet")
        return []
    config = data.settings.reminder_config(data.settings.tz)
    now = now_of(application)
    messages, snapshot, bad, data.blocked = await due_now(db, data.settings.administrator_ids, config, now)
    for period, exc in bad:
        log.error(
            "reminders for program %s, year %s cannot be worked out; the others go on",
            period.program_id,
            period.year,
            exc_info=exc,
        )
        await alert_reminders(application, exc, period)
    if snapshot is None or not messages:
        return []
    built()  # the check's objects are made: collections_held_back
    today = now.astimezone(config.tz).date()
    results: dict[str, str] = {}
    blocked_now: set[int] = set()
    # Pipelined: up to IN_FLIGHT messages between claim and record at once, so throughput is the rate
    # limiter's, not 1 / (API latency). Each is still claimed before and recorded after its own send. A
    # person's reminders of one send slot go in one message (rules.bundles: across programs and departments);
    # one person's messages go one after another (their order, and a 403 stops the rest of theirs).
    by_person: dict[int, list[rules.Bundle]] = {}
    for bundle in messages:
        by_person.setdefault(bundle.user_id, []).append(bundle)
    in_flight = asyncio.Semaphore(IN_FLIGHT)

    def wording(reminders: Sequence[rules.Reminder]) -> tuple[str, InlineKeyboardMarkup | None]:
        assert snapshot is not None
        return render_bundle(reminders, snapshot, today)

    async def one_person(bundles: list[rules.Bundle]) -> None:
        for bundle in bundles:
            user_id = bundle.user_id
            async with in_flight:
                if not application.running or user_id in blocked_now:
                    return  # shutting down: what is not claimed yet goes out after the restart
                try:
                    outcomes = await deliver_bundle(application, db, bundle.reminders, wording, now)
                except (
                    Exception
                ) as exc:  # one message that cannot be worded (or sent) must not stop the others
                    log.exception("reminder %s cannot be rendered or sent", bundle[0].key)
                    await alert_reminders(application, exc, None)
                    continue
            if "blocked" in outcomes.values():
                blocked_now.add(user_id)
            results.update(outcomes)

    await asyncio.gather(*(one_person(b) for b in by_person.values()))
    by_person.clear()  # the bundles' lists; the reminders themselves go in a worker thread, a slice at a time

    def tried() -> list[tuple[str, str]]:  # in the order of the messages (send order), off the event loop
        return [(r.key, results[r.key]) for bundle in messages for r in bundle if r.key in results]

    outcomes = await asyncio.to_thread(tried)
    await release(messages)
    refused = [key for key, outcome in outcomes if outcome == "failed"]
    if refused:  # a 400 is never tried again: the administrators hear of it (a wording bug, a chat gone)
        async with db.locked() as conn:
            error = await claim_error(conn, refused[0])
        await alert_refused_reminders(application, len(refused), error or "")
    if outcomes:
        log.info("reminders: %s", ", ".join(f"{k} {o}" for k, o in outcomes))
    return outcomes
