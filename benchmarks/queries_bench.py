"""Hot queries on a big database against a small one: their cost must not grow with history.

Small: 1 program of 40 measures, its year open, one revision for half of them, every member reminded twice. Big: 100 programs x 40
measures x 5 years x 10 revisions of every measure (200,000 submissions), plus 500,000 sent reminders,
expired mutes and drafts left behind. In the big one, as in life, one program's year is open and the rest is
history (the other programs' and years' periods are locked). Both have the same 10 departments and 200
members. Each hot path runs the storage functions the bot runs, the median of many calls, the two
databases interleaved; ratio = big / small (target <= 2).

Many open (issue 23): 100 programs x 40 measures, the year of every one open (1 year, 1 revision), department 2
executing measures of program 1 only, as in the small one: the list and confirm must cost that department's
work, not the other open programs' (target <= 2).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from actions.reporting import next_owed
from bot.reminders import rules
from bot.reminders.config import ReminderSettings
from storage.clock import KYIV
from storage.db import Database, connect
from storage.drafts import Draft, active_draft_with_period, get_draft, save_draft
from storage.members import department_members
from storage.models import NewSubmission, Source
from storage.progress import program_progress
from storage.reminders import claimed_keys, last_reminded, load_periods, load_snapshot, muted_members
from storage.submissions import add_submission, latest_submission
from storage.workload import measure_view, worklist

OPEN_YEAR = 2024
DEPARTMENTS = 10
MEMBERS = 200
MEASURES = 40
NOW = dt.datetime(2025, 1, 17, 11, tzinfo=KYIV)  # the 3-day slot of the 20.01.2025 deadline


def _fill(
    path: Path, programs: int, years: int, revisions: int, reminders: int, open_programs: int = 1
) -> None:
    """``open_programs`` > 1: the first ones' years open, and department 2 executes program 1 only."""
    rng = random.Random(1)
    conn = sqlite3.connect(path)
    ts = "2024-06-01T10:00:00.000000Z"
    with conn:
        conn.executemany(
            "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
            [(d, f"d{d}", f"Підрозділ {d}", f"П{d}") for d in range(1, DEPARTMENTS + 1)],
        )
        conn.executemany(
            "INSERT INTO users (telegram_id, full_name, created_at) VALUES (?, ?, ?)",
            [(10_000 + u, f"Працівник {u}", ts) for u in range(MEMBERS)],
        )
        conn.executemany(
            "INSERT INTO memberships (user_id, department_id, joined_at) VALUES (?, ?, ?)",
            [(10_000 + u, 1 + u % DEPARTMENTS, ts) for u in range(MEMBERS)],
        )
        first_year = OPEN_YEAR - years + 1
        submissions = []
        measure_id = 0
        for p in range(1, programs + 1):
            conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department) VALUES (?, ?, ?, '2020-01-01', 2020, 2025, 'П1')""",
                (p, f"Програма {p}", str(p)),
            )
            conn.execute(
                "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, '1', 'Завдання', 1)",
                (p, p),
            )
            for year in range(first_year, OPEN_YEAR + 1):
                status = "open" if p <= open_programs and year == OPEN_YEAR else "locked"
                conn.execute(
                    "INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, ?, ?, ?)",
                    (p, year, status, f"{year + 1}-01-20"),
                )
            for m in range(MEASURES):
                measure_id += 1
                department = 1 + (m + p) % DEPARTMENTS
                if open_programs > 1 and p > 1 and department == 2:
                    department = 3  # department 2's work: program 1's measures, as in the small database
                conn.execute(
                    """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
                       VALUES (?, ?, ?, ?, ?, '2020-2025', 'П', ?)""",
                    (measure_id, p, p, f"1.{m + 1}", f"Захід {m + 1}", m),
                )
                conn.execute(
                    "INSERT INTO measure_departments (measure_id, department_id, is_lead, position, program_id)"
                    " VALUES (?, ?, 1, 0, ?)",
                    (measure_id, department, p),
                )
                for year in range(first_year, OPEN_YEAR + 1):
                    conn.execute("INSERT INTO plans VALUES (?, ?, 'general', '100.0')", (measure_id, year))
                    if year == OPEN_YEAR and m % 2:
                        continue  # half of the open year still owed
                    for r in range(revisions):
                        submissions.append(
                            (
                                measure_id,
                                department,
                                year,
                                "1.0",
                                "1.0",
                                "50.0",
                                "зроблено",
                                10_000,
                                "",
                                f"{year}-0{1 + r % 9}-01T10:00:00.{r:06d}Z",
                                "bot",
                            )
                        )
        conn.executemany(
            """INSERT INTO submissions (measure_id, department_id, year, actual, financed, percent, info,
               author_id, author_name, created_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            submissions,
        )
        conn.executemany(
            """INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at, sent_at)
               VALUES (?, ?, 'before', 'sent', ?, ?)""",
            (
                (
                    f"before:annual:P{n % 100}:{2000 + n % 20}:old:L{n}:U{10_000 + n % MEMBERS}",
                    10_000 + n % MEMBERS,
                    ts,
                    f"2024-{1 + n % 12:02d}-01T10:00:00.{n % 999_999:06d}Z",
                )
                for n in range(reminders)
            ),
        )
        history = reminders // 1000  # expired mutes and drafts left behind, with the reminders
        conn.executemany(
            "INSERT INTO mutes (user_id, department_id, until_date, created_at) VALUES (?, NULL, ?, ?)",
            [(10_000 + rng.randrange(MEMBERS), f"20{10 + n % 14}-01-01", ts) for n in range(history)],
        )
        conn.executemany(
            """INSERT OR IGNORE INTO drafts (user_id, measure_id, department_id, year, step, data, active, updated_at)
               VALUES (?, ?, ?, ?, 'info', '{}', 0, ?)""",
            [
                (10_000 + n % MEMBERS, 1 + rng.randrange(measure_id), 1 + n % DEPARTMENTS, 2020 + n % 4, ts)
                for n in range(history * 10)
            ],
        )
    conn.close()


async def _database(
    path: Path, programs: int, years: int, revisions: int, reminders: int, open_programs: int = 1
) -> Database:
    db = await connect(path)  # the schema, by the migrations
    await db.close()
    _fill(path, programs, years, revisions, reminders, open_programs)
    return await connect(path)


def _paths(db: Database) -> dict[str, Callable[[], Awaitable[object]]]:
    config = ReminderSettings(_env_file=None).reminder_config(KYIV)  # type: ignore[call-arg]
    measure, department, user = 1, 2, 10_001  # program 1's first measure; user 10_001 is in department 2
    counter = iter(range(10**9))

    async def open_measure() -> object:
        async with db.locked() as conn:
            return await measure_view(conn, measure, department, OPEN_YEAR)

    async def answer() -> object:
        async with db.locked() as conn:
            await active_draft_with_period(conn, user)
            await get_draft(conn, user, measure, department, OPEN_YEAR)
        async with db.transaction() as conn:
            await save_draft(conn, Draft(user, measure, department, OPEN_YEAR, "actual", {"a": "1"}, True))
        return None

    async def confirm() -> object:
        # as actions.reporting.submit_report: the next measure looked up first (its program's rows, not the
        # department's list); one transaction for the report and the next measure's opening
        async with db.locked() as conn:
            await active_draft_with_period(conn, user)
            found = await next_owed(conn, department, user, measure, OPEN_YEAR)
        following = found.measure_id if found is not None else measure  # all reported: the same again
        async with db.transaction() as conn:
            # the rights and the period, checked where the report is written
            await active_draft_with_period(conn, user)
            await latest_submission(conn, measure, department, OPEN_YEAR)
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=OPEN_YEAR,
                    info=str(next(counter)),
                    author_id=user,
                    source=Source.BOT,
                ),
            )
            await measure_view(conn, following, department, OPEN_YEAR)
            await get_draft(conn, user, following, department, OPEN_YEAR)
            await save_draft(conn, Draft(user, following, department, OPEN_YEAR, "actual", {}, True))
        return following

    async def the_list() -> object:
        async with db.locked() as conn:
            return await worklist(conn, department, user)

    async def status() -> object:
        async with db.locked() as conn:
            progress = await program_progress(conn, 1, OPEN_YEAR)
            await last_reminded(conn, [m.telegram_id for p in progress for m in p.members])
            await muted_members(conn, NOW.date())
            return await department_members(conn, department)

    async def reminder_check() -> object:
        async with db.locked() as conn:
            periods = await load_periods(conn)
            deadlines = rules.open_deadlines(periods, config, NOW)
            earliest = min((s.day for _, active in deadlines for s in active), default=None)
            snapshot = await load_snapshot(conn, {500}, periods, mutes_from=earliest)
            candidates = rules.due_reminders(snapshot, config, NOW)
            assert candidates
            return await claimed_keys(conn, [r.key for r in candidates])

    return {
        "open a measure": open_measure,
        "answer (draft read + save)": answer,
        "confirm (next measure; checks, add, open next)": confirm,
        "the list": the_list,
        "/status": status,
        "reminder check": reminder_check,
    }


MANY_OPEN_PATHS = ("confirm (next measure; checks, add, open next)", "the list")


async def _pair(
    name: str,
    a: Database,
    b: Database,
    fa: Callable[[], Awaitable[object]],
    fb: Callable[[], Awaitable[object]],
    rounds: int,
) -> tuple[float, float]:
    """The medians of ``fb`` on ``b`` and ``fa`` on ``a``, interleaved, seconds a call."""
    for db in (a, b):  # each path from a checkpointed database: no WAL left by the last
        async with db.locked() as conn:
            await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    times: dict[str, list[float]] = {"a": [], "b": []}
    for _ in range(3):  # warm both: statements prepared, pages cached
        await fa()
        await fb()
    # Calibrated on warm calls: the first calls cost many times more (preparing the statements,
    # reading pages), and calibrating on them made samples of a handful of calls, well under a
    # millisecond, which a scheduling hiccup or a collection could double.
    start = time.perf_counter()
    await fa()
    await fb()
    calls = max(5, int(0.02 / (time.perf_counter() - start)))  # samples of ~10 ms each
    # As the other benchmarks do: no collection of this process's heap (large after the benchmarks
    # before this one in ``python -m benchmarks``) lands in one side's sample.
    gc.collect()
    gc.disable()
    try:
        sides = [("a", fa), ("b", fb)]
        for _ in range(rounds):  # interleaved, so a burst of other load hits both
            sides.reverse()  # each side first in every other round
            for label, fn in sides:
                start = time.perf_counter()
                for _ in range(calls):
                    await fn()
                times[label].append((time.perf_counter() - start) / calls)
    finally:
        gc.enable()
    return statistics.median(times["b"]), statistics.median(times["a"])


async def _measure(quick: bool) -> list[tuple[str, str, float, float]]:
    """(which pair, path, the big side's median, the small side's), seconds a call."""
    with tempfile.TemporaryDirectory() as tmp:
        small = await _database(Path(tmp) / "small.sqlite3", 1, 1, 1, 2 * MEMBERS)  # each reminded twice
        big = await _database(
            Path(tmp) / "big.sqlite3", *((20, 5, 10, 100_000) if quick else (100, 5, 10, 500_000))
        )
        many = await _database(Path(tmp) / "many.sqlite3", 100, 1, 1, 2 * MEMBERS, open_programs=100)
        try:
            small_paths, big_paths, many_paths = _paths(small), _paths(big), _paths(many)
            rounds = 11 if quick else 21  # ~0.2 s a path in all; the medians of so many are steady
            results = []
            for name in small_paths:
                b, a = await _pair(name, small, big, small_paths[name], big_paths[name], rounds)
                results.append(("big", name, b, a))
            for name in MANY_OPEN_PATHS:
                b, a = await _pair(name, small, many, small_paths[name], many_paths[name], rounds)
                results.append(("many open", name, b, a))
            return results
        finally:
            await small.close()
            await big.close()
            await many.close()


async def _measure_pinned(quick: bool) -> list[tuple[str, str, float, float]]:
    """``_measure`` with this thread, and so each database's aiosqlite thread started from it, on one CPU.

    Each call crosses from the event loop to its connection's thread and back. Unpinned, the scheduler put
    one connection's thread on the event loop's core and the other's on the other core, and a wake-up across
    cores cost that side ~0.1 ms a call whatever the database: "open a measure" measured 0.14 ms big vs
    0.05 ms small (ratio ~3) after the other benchmarks in ``python -m benchmarks``, 0.05 vs 0.05 under
    ``taskset -c 1``, and "the list" came out 0.07 vs 0.22 (small slower) in another run. Pinned, both sides
    pay the same hand-off and the ratio is the query's own. Linux only; elsewhere unpinned."""
    if not hasattr(os, "sched_setaffinity"):
        return await _measure(quick)
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})  # the calling thread; threads it starts inherit it
    try:
        return await _measure(quick)
    finally:
        os.sched_setaffinity(0, allowed)


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    size = (
        "20 programs, 100k reminders"
        if quick
        else "100 programs x 40 x 5 years x 10 revisions, 500k reminders"
    )
    rows = []
    for pair, name, big, small in asyncio.run(_measure_pinned(quick)):
        if pair == "big":
            label, note = f"query: {name}, big db, ms", f"big = {size}"
        else:
            label, note = (
                f"query: {name}, 100 programs open, ms",
                "100 programs x 40 open, same department work",
            )
        rows.append(
            (
                label,
                f"{big * 1000:.2f}",
                f"{small * 1000:.2f} (1 program x 40)",
                f"ratio {big / small:.2f} (target <= 2); {note}",
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(*row, sep="  |  ")
