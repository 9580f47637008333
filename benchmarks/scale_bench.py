"""``python -m benchmarks --scale [city|oblast]``: the reminder check on a city's (or an oblast's) database, beside
the same check on a database of one program, measured in the same run.

The databases are generated FAST (executemany in one transaction, never the importer per row):

- a city: 50 programs x 40 measures (4 tasks x 10), 10 departments, 200 executors (20 a department, members of
  it), one or two departments a measure; years 2021-2026 (2021-2025 locked, 2026 open, due 20.01 of the next
  year), 10 revisions of every measure's report per department and year (in 2026: 3, and every fifth measure
  not reported, so every department owes); the sent-reminder history of every person for what their
  departments owed (4 deadlines x 4 slots a program and year; 2026: Q1's 7- and 3-day reminders);
- an oblast: 60 such cities in one database (their own departments, programs and people);
- the baseline: one program of the same shape, with the same 10 departments and 200 executors.

The moment: 09.04.2026 10:30 Kyiv, the day before Q1's deadline (10.04): every open period has its 1-day
slot due, every executor owes something: the quarter-end fan-out.

Printed: the reminder check (``bot.reminders.scheduling.due_now``, the claims looked up, the messages bundled)
and the longest time it held the event loop (a 1 ms ticker's longest gap); the same check done as main did it
before issue 23 (the rules once per open period, each call regrouping the whole snapshot, on the loop); the
fan-out's message count (one per person) and its duration at Telegram's 30 msg/s (count / 30); the size of
the database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from bot.reminders import rules
from storage.clock import KYIV
from storage.db import Database, connect
from storage.reminders import claimed_keys, load_periods, load_snapshot

PROGRAMS = 50
TASKS = 4
PER_TASK = 10
DEPARTMENTS = 10
EXECUTORS = 200
YEARS = tuple(range(2021, 2027))
OPEN_YEAR = 2026
REVISIONS = 10
OPEN_REVISIONS = 3
CITIES = 60  # an oblast
ADMINISTRATORS = frozenset({1})
NOW = dt.datetime(2026, 4, 9, 10, 30, tzinfo=KYIV)
RATE = 30  # Telegram's messages a second
TEXT = "Проведення заходу {} програми {} щодо розвитку громади та забезпечення рівних можливостей мешканців"
INFO = (
    "Захід виконано: проведено {} зустрічі з мешканцями, підготовлено звіт, інформацію оприлюднено на сайті"
)


def _history_keys(program: int, year: int, department: int, user: int) -> list[tuple[str, str]]:
    """(key, kind) of the reminders a person got for a program's year (as the rules make them)."""
    keys = []
    if year == OPEN_YEAR:
        for lead in (7, 3):
            keys.append((f"before:Q1:P{program}:{year}:{year}-04-10:L{lead}:D{department}:U{user}", "before"))
        return keys
    deadlines = [("Q1", f"{year}-04-10"), ("Q2", f"{year}-07-10"), ("Q3", f"{year}-10-10")]
    deadlines.append(("annual", f"{year + 1}-01-20"))
    for what, day in deadlines:
        for lead in (7, 3, 1):
            keys.append((f"before:{what}:P{program}:{year}:{day}:L{lead}:D{department}:U{user}", "before"))
        keys.append((f"overdue:{what}:P{program}:{year}:{day}:D{department}:U{user}", "overdue"))
    return keys


def _fill_city(conn: sqlite3.Connection, city: int, programs: int, history: bool = True) -> None:
    """One city's rows (ids offset by the city), in the caller's transaction."""
    d0, p0, u0 = city * DEPARTMENTS, city * PROGRAMS, 100_000 + city * 1_000
    m0 = city * PROGRAMS * TASKS * PER_TASK
    departments = [d0 + d for d in range(1, DEPARTMENTS + 1)]
    conn.executemany(
        "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
        [(d, f"d{d}", f"Управління {d} міської ради {city}", f"У{d}") for d in departments],
    )
    users = [
        (u0 + i, f"Виконавець {i} громади {city}", "2021-01-05T08:00:00.000000Z") for i in range(EXECUTORS)
    ]
    conn.executemany("INSERT INTO users (telegram_id, full_name, created_at) VALUES (?, ?, ?)", users)
    conn.executemany(
        "INSERT INTO memberships (user_id, department_id, joined_at) VALUES (?, ?, '2021-01-05T08:00:00.000000Z')",
        [(u0 + i, departments[i % DEPARTMENTS]) for i in range(EXECUTORS)],
    )
    rows: dict[str, list[tuple[object, ...]]] = {k: [] for k in ("p", "rp", "t", "m", "md", "pl", "s")}
    programs_of: dict[int, set[int]] = {d: set() for d in departments}
    submission = conn.execute("SELECT COALESCE(MAX(id), 0) FROM submissions").fetchone()[0]
    measure = m0
    for p in range(p0 + 1, p0 + programs + 1):
        rows["p"].append(
            (
                p,
                f"Цільова програма «Громада {city} – напрям розвитку {p}» на 2021-2026 роки",
                str(1000 + p),
                f"Управління {departments[p % DEPARTMENTS]} міської ради",
                departments[p % DEPARTMENTS],
            )
        )
        for year in YEARS:
            rows["rp"].append((p, year, "open" if year == OPEN_YEAR else "locked", f"{year + 1}-01-20"))
        for t in range(TASKS):
            task = (p - 1) * TASKS + t + 1
            rows["t"].append((task, p, str(t + 1), f"Завдання {t + 1}: розвиток напряму {p} у громаді", t))
            for k in range(PER_TASK):
                measure += 1
                number = f"{t + 1}.{k + 1}"
                linked = [departments[(measure + j) % DEPARTMENTS] for j in range(1 + measure % 2)]
                rows["m"].append(
                    (measure, p, task, number, TEXT.format(number, p), "; ".join(map(str, linked)), k)
                )
                for j, d in enumerate(linked):
                    rows["md"].append((measure, d, int(j == 0), j, p))
                    programs_of[d].add(p)
                for year in YEARS:
                    rows["pl"].append((measure, year, f"{measure % 90}.5"))
                    revisions = (
                        REVISIONS
                        if year != OPEN_YEAR
                        else (0 if (measure // DEPARTMENTS + measure) % 5 == 0 else OPEN_REVISIONS)
                    )
                    for d in linked:
                        for r in range(revisions):
                            submission += 1
                            month = 1 + r % 3 if year == OPEN_YEAR else 1
                            when = year if year == OPEN_YEAR else year + 1
                            rows["s"].append(
                                (
                                    submission,
                                    measure,
                                    d,
                                    year,
                                    INFO.format(r + 3),
                                    u0 + d % DEPARTMENTS,
                                    f"{when}-{month:02d}-{10 + r:02d}T10:00:00.{submission % 999_999:06d}Z",
                                )
                            )
    conn.executemany(
        """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
           responsible_department, responsible_department_id, signatory_title, signatory_name)
           VALUES (?, ?, ?, '2020-12-18', 2021, 2026, ?, ?, 'Начальник управління', 'Олена ТЕСТОВА')""",
        rows["p"],
    )
    conn.executemany(
        "INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, ?, ?, ?)", rows["rp"]
    )
    conn.executemany(
        "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, ?, ?, ?)", rows["t"]
    )
    conn.executemany(
        """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
           VALUES (?, ?, ?, ?, ?, '2021-2026', ?, ?)""",
        rows["m"],
    )
    conn.executemany(
        "INSERT INTO measure_departments (measure_id, department_id, is_lead, position, program_id)"
        " VALUES (?, ?, ?, ?, ?)",
        rows["md"],
    )
    conn.executemany("INSERT INTO plans VALUES (?, ?, 'general', ?)", rows["pl"])
    conn.executemany(
        """INSERT INTO submissions (id, measure_id, department_id, year, actual, financed, percent, info,
           author_id, author_name, created_at, source)
           VALUES (?, ?, ?, ?, '12.0', '10.0', '80.0', ?, ?, 'Виконавець', ?, 'bot')""",
        rows["s"],
    )
    if not history:
        return
    sent = []
    for i in range(EXECUTORS):
        user, department = u0 + i, departments[i % DEPARTMENTS]
        for p in sorted(programs_of[department]):
            for year in YEARS:
                for key, kind in _history_keys(p, year, department, user):
                    sent.append((key, user, kind))
    sent.sort()  # in key order: the key's index is appended to, not written all over
    conn.executemany(
        """INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at, sent_at, message_id)
           VALUES (?, ?, ?, 'sent', '2025-01-01T08:00:00.000000Z', '2025-01-01T08:00:01.000000Z', 1)""",
        sent,
    )


async def generate(path: Path, cities: int = 1, programs: int = PROGRAMS) -> None:
    """A database of ``cities`` cities of ``programs`` programs each (module doc), the schema by the migrations."""
    db = await connect(path)
    await db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")  # one transaction of a fresh file: nothing to roll back to
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB: the indexes being filled stay in memory
    # SCALE_HISTORY_CITIES: how many cities get their sent-reminder history (default: all); it is most of
    # the file and most of the time to make it, and the check only seeks in it by key.
    history = int(os.environ.get("SCALE_HISTORY_CITIES", cities))
    # The migrations' indexes are made again after the rows (sorting once beats inserting everywhere).
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    with conn:
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        for city in range(cities):
            _fill_city(conn, city, programs, history=city < history)
        for _, sql in indexes:
            conn.execute(sql)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")  # as storage.db keeps it
    conn.close()


# --- measuring ------------------------------------------------------------------------------------------


async def _loop_hold(work: Callable[[], Awaitable[object]]) -> tuple[float, float, object]:
    """(seconds, the longest the event loop was held meanwhile, the result): a 1 ms ticker's longest gap."""
    done = asyncio.Event()
    longest = 0.0

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest = max(longest, now - last - 0.001)
            last = now

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    start = time.perf_counter()
    try:
        result = await work()
    finally:
        elapsed = time.perf_counter() - start
        done.set()
        await tick
    return elapsed, longest, result


async def check_now(db: Database) -> int:
    """The reminder check as the job runs it (bot.reminders.scheduling._run up to the sends): the messages."""
    # here: check_as_main_did runs on main's code too
    from bot.reminders.scheduling import collections_held_back, due_now, release

    config = rules.ReminderConfig()
    with collections_held_back() as built:
        # The messages (none of their keys claimed when the check read the slots' claims): before issue 23's
        # point 2 the candidates went in messages in a step of their own (rules.bundles), now the check makes them.
        messages, _, bad, _ = await due_now(db, ADMINISTRATORS, config, NOW)
        assert not bad
        built()
        count = len(messages)
        await release(messages)  # as the job does at the end of its run
        return count


async def check_as_main_did(db: Database) -> int:
    """The check as main did it before issue 23: the rules once per open period on the event loop, each call
    regrouping the whole snapshot (the snapshot of every open period)."""
    config = rules.ReminderConfig()
    async with db.locked() as conn:
        periods = await load_periods(conn)
    active, slot_days = [], []
    for period in periods:
        deadlines = rules.open_deadlines([period], config, NOW)
        if deadlines:
            active.append(period)
            slot_days += [slot.day for _, slots in deadlines for slot in slots]
    candidates: list[rules.Reminder] = []
    async with db.locked() as conn:
        snapshot = await load_snapshot(conn, ADMINISTRATORS, tuple(active), mutes_from=min(slot_days))
    for period in active:
        candidates += rules.due_reminders(replace(snapshot, periods=(period,)), config, NOW)
    async with db.locked() as conn:
        claimed = await claimed_keys(conn, (r.key for r in candidates))
    due = sorted((r for r in candidates if r.key not in claimed), key=rules.send_order)
    return len(rules.bundles(due))


async def _median(
    check: Callable[[Database], Awaitable[int]], db: Database, rounds: int, warm: bool = True
) -> tuple[float, float, int]:
    if warm:
        await check(db)  # warm: statements prepared, pages cached
    samples = [await _loop_hold(lambda: check(db)) for _ in range(rounds)]
    messages = {int(s[2]) for s in samples}  # type: ignore[call-overload]
    assert len(messages) == 1
    # Medians: on a shared machine one sample's longest gap may be the OS's, not ours.
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples), messages.pop()


async def the_list(db: Database) -> float:
    """A member's list of their department's measures (actions.reporting.department_list), seconds."""
    from actions.actor import Actor
    from actions.reporting import department_list

    member = Actor(100_000, "Виконавець 0", departments=frozenset({1}))
    await department_list(db, member, 1)  # warm
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        items = await department_list(db, member, 1)
        samples.append(time.perf_counter() - start)
    assert items
    return statistics.median(samples)


async def confirm(db: Database, as_main: bool, calls: int = 5) -> float:
    """A member's «Підтвердити» (as actions.reporting.submit_report, storage calls only), seconds: the next
    measure looked up (its program's rows: ``next_owed``; ``as_main``: the department's whole list read
    first, as main did before issue 23), then one transaction for the report and the next measure's
    opening. Department 1's first measure, reported again each call."""
    from actions.reporting import _reported, next_owed, next_waiting
    from storage.drafts import Draft, active_draft_with_period, get_draft, save_draft
    from storage.models import NewSubmission, Source
    from storage.submissions import add_submission, latest_submission
    from storage.workload import measure_view, worklist

    department, user = 1, 100_000
    async with db.locked() as conn:
        measure = (await worklist(conn, department, user))[0].measure_id
    start = time.perf_counter()
    for n in range(calls):
        async with db.locked() as conn:
            if as_main:
                items = await worklist(conn, department, user)
                following = next_waiting(_reported(items, measure, OPEN_YEAR), measure, OPEN_YEAR)
            else:
                await active_draft_with_period(conn, user)
                following = await next_owed(conn, department, user, measure, OPEN_YEAR)
        assert following is not None
        async with db.transaction() as conn:
            await active_draft_with_period(conn, user)
            await latest_submission(conn, measure, department, OPEN_YEAR)
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=OPEN_YEAR,
                    info=f"Звіт {n}",
                    author_id=user,
                    source=Source.BOT,
                ),
            )
            await measure_view(conn, following.measure_id, department, OPEN_YEAR)
            await get_draft(conn, user, following.measure_id, department, OPEN_YEAR)
            await save_draft(
                conn, Draft(user, following.measure_id, department, OPEN_YEAR, "actual", {}, True)
            )
    return (time.perf_counter() - start) / calls


async def _confirms(big_path: Path, one_path: Path) -> dict[tuple[str, bool], float]:
    """``confirm`` on both databases, ours and as main did it, interleaved (a burst of other load hits all
    four), medians of 7 rounds."""
    dbs = {"big": await connect(big_path), "one": await connect(one_path)}
    try:
        samples: dict[tuple[str, bool], list[float]] = {}
        for db in dbs.values():
            for as_main in (False, True):
                await confirm(db, as_main, calls=2)  # warm: statements prepared, pages cached
        for _ in range(7):
            for name, db in dbs.items():
                for as_main in (False, True):
                    samples.setdefault((name, as_main), []).append(await confirm(db, as_main))
        return {key: statistics.median(values) for key, values in samples.items()}
    finally:
        for db in dbs.values():
            await db.close()


async def _measure(scale: str) -> list[tuple[str, str, str, str]]:
    cities = CITIES if scale == "oblast" else 1
    keep = os.environ.get("SCALE_KEEP")  # a folder: generate once, keep the databases for other runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        big_path, one_path = folder / f"{scale}.sqlite3", folder / "one-program.sqlite3"
        generated = 0.0
        for path, (c, p) in ((big_path, (cities, PROGRAMS)), (one_path, (1, 1))):
            if not path.exists():
                start = time.perf_counter()
                await generate(path, c, p)
                generated += time.perf_counter() - start
        rows = [("scale: databases generated (executemany), s", f"{generated:.1f}", "", f"in {folder}")]
        rounds = 1 if scale == "oblast" else 7  # the oblast as main did it: a minute a round
        results, lists = {}, {}
        for name, path in (("big", big_path), ("one", one_path)):
            db = await connect(path)
            try:
                ours = await _median(check_now, db, rounds)  # its warm-up warms the pages for both
                results[name] = (ours, await _median(check_as_main_did, db, rounds, warm=scale != "oblast"))
                lists[name] = await the_list(db)
            finally:
                await db.close()
        confirms = await _confirms(big_path, one_path)
        size = f"{scale}: {cities * PROGRAMS} programs x {TASKS * PER_TASK} measures, {cities * EXECUTORS} executors"
        (ours, ours_hold, messages), (main, main_hold, main_messages) = results["big"]
        (one, one_hold, one_messages), (one_main, one_main_hold, _) = results["one"]
        assert messages == main_messages
        rows += [
            (
                f"reminder check, {size}, ms",
                f"{ours * 1000:.1f}",
                f"{one * 1000:.1f} (one program)",
                f"as main did it: {main * 1000:.1f} (one program {one_main * 1000:.1f}); "
                f"{ours / one:.1f}x one program (main: {main / one_main:.1f}x)",
            ),
            (
                f"reminder check: longest hold of the event loop, {size}, ms",
                f"{ours_hold * 1000:.1f}",
                f"{one_hold * 1000:.1f} (one program)",
                f"as main did it: {main_hold * 1000:.1f} (one program {one_main_hold * 1000:.1f}); target < 50",
            ),
            (
                f"quarter-end fan-out, {size}: messages (one per person)",
                f"{messages}",
                f"{one_messages} (one program)",
                f"{messages / RATE:.0f} s at {RATE} msg/s (one program {one_messages / RATE:.0f} s)",
            ),
            (
                f"the list (a member's department, actions.reporting.department_list), {size}, ms",
                f"{lists['big'] * 1000:.1f}",
                f"{lists['one'] * 1000:.1f} (one program)",
                f"{lists['big'] / lists['one']:.1f}x one program",
            ),
            (
                f"confirm (next measure; checks, add, open next), {size}, ms",
                f"{confirms['big', False] * 1000:.1f}",
                f"{confirms['one', False] * 1000:.1f} (one program)",
                f"{confirms['big', False] / confirms['one', False]:.2f}x one program (target <= 2); as main did it "
                f"(the department's whole list first): {confirms['big', True] * 1000:.1f} "
                f"(one program {confirms['one', True] * 1000:.1f}), "
                f"{confirms['big', True] / confirms['one', True]:.2f}x",
            ),
            (
                f"database size, {size}, MB",
                f"{big_path.stat().st_size / 2**20:.0f}",
                f"{one_path.stat().st_size / 2**20:.1f} (one program)",
                "",
            ),
        ]
    return rows


def run(scale: str = "city") -> list[tuple[str, str, str, str]]:
    return asyncio.run(_measure(scale))


if __name__ == "__main__":
    for row in run():
        print(*row, sep="  |  ")
