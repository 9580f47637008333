"""Reminder fan-out: N members owing a reminder, the fake Bot API limiting to R messages a second and
answering 429 beyond it. Prints the time to deliver all against the minimum the limit allows (N / R), and
how many were delivered, duplicated and lost. Run at Telegram's own limit (30 msg/s) with the fake
answering sendMessage only after 100 ms and after 30 ms (like api.telegram.org): sent one at a time, a
fan-out would take N x latency; pipelined it should take N / R.

The bot runs in this process against the fake on 127.0.0.1, with its rate limiter set to the same R, and
one reminder run is driven directly (``run_reminders``), as the JobQueue would start it.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bot.app import build_application
from bot.reminders.scheduling import JOB_NAME, run_reminders
from tests.botkit import add_many_members, prepare_database, running, settings_for
from tests.fakeapi import FakeBotApi

FIRST_ID = 30_000


async def _fan_out(members: int, rate: int, latency: float = 0.0) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        await prepare_database(db)
        await add_many_members(db, members, first_id=FIRST_ID, deadline_in_days=1)
        async with FakeBotApi() as fake:
            ids = range(FIRST_ID, FIRST_ID + members)
            for i in ids:
                fake.user(id=i, first_name=f"Працівник {i - FIRST_ID}")
            fake.rate_limit(rate)
            if latency:
                fake.delay("sendMessage", latency)
            settings = settings_for(
                fake,
                db,
                rate_limit_per_second=rate,
                reminder_lead_days=(1,),
                reminder_hour=0,
                non_working_days=frozenset(),
                quarterly_reminders=False,
                backup_keep=0,
            )
            app = build_application(settings)
            async with running(app):
                [job] = app.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
                job.enabled = False  # driven here, not by the scheduler
                start = time.perf_counter()
                await run_reminders(app)
                elapsed = time.perf_counter() - start
                await fake.wait_idle()
            counts = [fake.sent_to(i) for i in ids]
            too_many = sum(1 for c in fake.calls_to("sendMessage") if c.status == 429)
    return {
        "elapsed": elapsed,
        "minimum": members / rate,
        "delivered": sum(1 for c in counts if c >= 1),
        "duplicated": sum(1 for c in counts if c > 1),
        "lost": sum(1 for c in counts if c == 0),
        "429": too_many,
    }


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    members, rate = (100, 30) if quick else (1000, 30)
    rows = []
    for latency in (0.1, 0.03):
        r = asyncio.run(_fan_out(members, rate, latency))
        over = (r["elapsed"] / r["minimum"] - 1) * 100
        rows.append(
            (
                f"reminders: {members} members at {rate} msg/s, Bot API {latency * 1000:.0f} ms, s",
                f"{r['elapsed']:.2f}",
                f"{r['minimum']:.2f} (N / limit)",
                f"{over:+.0f} % vs minimum (target within 10 %); delivered {r['delivered']:.0f}, "
                f"duplicated {r['duplicated']:.0f}, lost {r['lost']:.0f}, 429s {r['429']:.0f}",
            )
        )
    return rows
