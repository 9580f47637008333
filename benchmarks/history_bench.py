"""The sent-reminder history compacted (issue 23): a database with N claims over six years, its size before and
after ``storage.reminders.compact_claims`` (and VACUUM), and the time each takes.

``python -m benchmarks.history_bench [N]`` or ``python -m benchmarks --only history``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from storage.db import connect
from storage.reminders import compact_claims, last_reminded

USERS = 200
DEPARTMENTS = 10
PROGRAMS = 50


def _claims(count: int, today: dt.date) -> list[tuple[str, int, str, str, str, str]]:
    """``count`` sent claims spread evenly over the six years before ``today``, of the keys' real shapes."""
    rows = []
    span = 6 * 365
    for n in range(count):
        deadline = today - dt.timedelta(days=span * n // count)
        user = 10_000 + n % USERS
        program = 1 + (n // USERS) % PROGRAMS
        department = 1 + user % DEPARTMENTS
        kind = ("before", "overdue", "digest")[n % 3]
        what = ("annual", "Q1", "Q2", "Q3")[n % 4]
        lead = f":L{(7, 3, 1)[n % 3]}" if kind == "before" else ""
        dept = "" if kind == "digest" else f":D{department}"
        key = f"{kind}:{what}:P{program}:{deadline.year - 1}:{deadline}{lead}{dept}:U{user}:{n}"
        at = dt.datetime.combine(deadline - dt.timedelta(days=3), dt.time(8), dt.UTC)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        rows.append((key, user, kind, "sent", stamp, stamp))
    return rows


async def _measure(path: Path, count: int) -> dict[str, float]:
    today = dt.date(2026, 12, 7)
    db = await connect(path)
    await db.close()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            """INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at, sent_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            _claims(count, today),
        )
        conn.commit()
        conn.execute("VACUUM")
    before = path.stat().st_size
    db = await connect(path)
    try:
        async with db.locked() as conn:
            shown = await last_reminded(conn, range(10_000, 10_000 + USERS))
        start = time.perf_counter()
        async with db.transaction() as conn:
            removed = await compact_claims(conn, today - dt.timedelta(days=92))
        compact = time.perf_counter() - start
        start = time.perf_counter()
        async with db.transaction() as conn:
            again = await compact_claims(conn, today - dt.timedelta(days=91))  # the next day's run
        daily = time.perf_counter() - start
        async with db.locked() as conn:
            assert await last_reminded(conn, range(10_000, 10_000 + USERS)) == shown
            fetched = await conn.execute_fetchall("SELECT COUNT(*) FROM reminders_sent")
            kept = fetched[0][0]
    finally:
        await db.close()
    unvacuumed = path.stat().st_size
    start = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute("VACUUM")
    vacuum = time.perf_counter() - start
    return {
        "claims": count,
        "removed": removed,
        "kept": kept,
        "again": again,
        "before_mb": before / 1e6,
        "unvacuumed_mb": unvacuumed / 1e6,
        "after_mb": path.stat().st_size / 1e6,
        "compact_s": compact,
        "daily_s": daily,
        "vacuum_s": vacuum,
    }


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_measure(Path(folder) / "history.sqlite3", count))


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    r = measure(50_000 if quick else 500_000)
    return [
        (
            f"history: compact {r['claims']:.0f} claims over 6 years, s",
            f"{r['compact_s']:.2f}",
            "-",
            f"removed {r['removed']:.0f}, kept {r['kept']:.0f}; the next day's run {r['daily_s'] * 1000:.0f} ms",
        ),
        (
            "history: database size, MB",
            f"{r['after_mb']:.1f}",
            f"{r['before_mb']:.1f} (before)",
            f"{r['unvacuumed_mb']:.1f} MB before VACUUM (pages free for reuse); VACUUM {r['vacuum_s']:.2f} s",
        ),
    ]


if __name__ == "__main__":
    print(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000))
