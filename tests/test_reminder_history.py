"""The sent-reminder history compacted (issue 23): the claims of deadlines that can never be due again go,
what /status shows of them stays, a key that could still be due is never forgotten (exactly once); migration
20 on a database with rows; the backups' bound on space."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from actions import periods, status
from bot.reminders import rules
from bot.reminders.scheduling import COMPACT_JOB_NAME, compact_reminders, run_reminders
from storage.backup import backup_database, backups, prune_to_size
from storage.db import Database, connect
from storage.members import add_membership, touch_user
from storage.reminders import claim, compact_claims, confirm_sent, last_reminded, reminder_states
from tests.actionkit import COORDINATOR, db_fixture, only_program  # noqa: F401 - a fixture
from tests.botkit import World, fake_api_fixture, prepare_database  # noqa: F401 - fixtures
from tests.test_reminders_bot import Clock, clock, db_path, kyiv, world  # noqa: F401 - fixtures


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)  # type: ignore[misc]


async def _sent(db: Database, key: str, user_id: int, kind: str, at: dt.datetime) -> None:
    async with db.transaction() as conn:
        assert await claim(conn, key, user_id, kind, at)
        await confirm_sent(conn, key, 1, at)


# --- what /status shows stays identical -----------------------------------------------------------------


async def test_compaction_keeps_status_last_reminded_identical(db: Database) -> None:
    program = await only_program(db)
    await periods.open_year(db, COORDINATOR, program, 2021, dt.date(2022, 1, 20))
    await periods.lock_year(db, COORDINATOR, program, 2021)
    async with db.transaction() as conn:
        fetched = await conn.execute_fetchall(
            "SELECT department_id FROM measure_departments md JOIN measures m ON m.id = md.measure_id"
            " WHERE m.program_id = ? ORDER BY md.department_id LIMIT 1",
            (program.id,),
        )
        department = fetched[0][0]
        for user_id in (1001, 1002, 1003):
            await touch_user(conn, user_id, f"U{user_id}", None)
            await add_membership(conn, user_id, department)
    p, d = program.id, department
    # 1001: reminded only in the locked year 2021 (all of it history); 1002: in 2021 and, later, in 2023 (kept);
    # 1003: a coordinator's «Нагадати» long ago, then a claim that never went out (not "reminded").
    await _sent(db, f"before:annual:P{p}:2021:2022-01-20:L7:D{d}:U1001", 1001, "before", utc(2022, 1, 13, 8))
    await _sent(db, f"overdue:annual:P{p}:2021:2022-01-20:D{d}:U1001", 1001, "overdue", utc(2022, 1, 21, 8))
    await _sent(db, f"overdue:Q1:P{p}:2021:2021-04-10:D{d}:U1002", 1002, "overdue", utc(2021, 4, 12, 7))
    await _sent(db, f"before:annual:P{p}:2023:2024-01-20:L7:D{d}:U1002", 1002, "before", utc(2024, 1, 12, 8))
    await _sent(
        db, f"manual:P{p}:2021:D{d}:U1003:2021-06-01T08:00:00+00:00", 1003, "manual", utc(2021, 6, 1, 8)
    )
    async with db.transaction() as conn:
        assert await claim(conn, f"before:annual:P{p}:2021:2022-01-20:L3:D{d}:U1003", 1003, "before")

    today = dt.date(2024, 1, 15)
    before = await status.department_status(db, COORDINATOR, p, 2023, d, today)
    assert set(before.reminded) == {1001, 1002, 1003}
    async with db.transaction() as conn:
        removed = await compact_claims(conn, dt.date(2023, 10, 1))
    assert removed == 5  # every claim of a deadline before 01.10.2023, and the old «Нагадати»
    after = await status.department_status(db, COORDINATOR, p, 2023, d, today)
    assert after.reminded == before.reminded
    assert after.reminded[1001] == utc(2022, 1, 21, 8) and after.reminded[1002] == utc(2024, 1, 12, 8)
    async with db.locked() as conn:
        assert list(await reminder_states(conn)) == [f"before:annual:P{p}:2023:2024-01-20:L7:D{d}:U1002"]
        # compacting again changes nothing, and a later compaction keeps the newest
        assert await compact_claims(conn, dt.date(2023, 10, 1)) == 0
        assert await compact_claims(conn, dt.date(2024, 6, 1)) == 1
        assert await last_reminded(conn, [1001, 1002, 1003]) == before.reminded


# --- exactly once ----------------------------------------------------------------------------------------


async def test_a_locked_years_claims_go_and_a_still_due_key_is_not_sent_again(
    world: World,  # noqa: F811 - the fixture
    clock: Clock,  # noqa: F811 - the fixture
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    uk = await world.department_id("uk")
    old = f"before:annual:P1:2022:2023-01-20:L7:D{uk}:U1001"
    async with world.db.transaction() as conn:  # the locked 2022: reminded a year ago
        await conn.execute(
            "INSERT INTO reporting_periods (program_id, year, status, deadline)"
            " VALUES (1, 2022, 'locked', '2023-01-20')"
        )
    await _sent(world.db, old, 1001, "before", utc(2023, 1, 13, 8))

    clock.set(2024, 1, 12)  # 2023's deadline is 20.01.2024: the 7-days slot
    due = f"before:annual:P1:2023:2024-01-20:L7:D{uk}:U1001"
    assert dict(await run_reminders(world.app))[due] == "sent"
    await olena.expect("Нагадування")

    clock.set(2024, 1, 12, 10, 5)
    assert await compact_reminders(world.app) == 1  # the locked year's claim, not the one still useful
    async with world.db.locked() as conn:
        kept = await reminder_states(conn)
        assert old not in kept and kept[due] == "sent"
        assert (await last_reminded(conn, [1001]))[1001] > utc(2023, 1, 13, 8)
    assert await run_reminders(world.app) == []  # the slot is still useful: its key is still claimed
    await olena.no_message(within=0.1)
    jobs = world.app.job_queue.get_jobs_by_name(COMPACT_JOB_NAME)  # type: ignore[union-attr]
    assert len(jobs) == 1


def test_no_slot_of_a_deadline_before_the_cutoff_is_ever_useful() -> None:
    holidays = frozenset(dt.date(2023, 12, 20) + dt.timedelta(days=i) for i in range(70))  # a long break
    for config in (
        rules.ReminderConfig(),
        rules.ReminderConfig(overdue_valid_days=30, non_working_days=holidays),
    ):
        for now in (kyiv(2024, 1, 12), kyiv(2024, 3, 25), kyiv(2024, 3, 31, 23, 59), kyiv(2024, 4, 1)):
            cutoff = rules.compaction_cutoff(config, now)
            assert cutoff <= now.date() - dt.timedelta(days=92)
            day = cutoff - dt.timedelta(days=1)
            deadline = rules.Deadline(1, day.year, None, day, None)
            assert rules.active_slots(deadline, config, now) == []
    # the long break moves the nudges of deadlines from 19.12.2023 on to 28.02.2024, useful for 30 days more
    late = rules.ReminderConfig(overdue_valid_days=30, non_working_days=holidays)
    assert rules.compaction_cutoff(late, kyiv(2024, 3, 25)) == dt.date(2023, 12, 19)
    assert rules.compaction_cutoff(rules.ReminderConfig(), kyiv(2024, 3, 25)) == dt.date(2023, 12, 24)


# --- migration 20 on a database with rows -------------------------------------------------------------------


async def test_migration_20_compacts_an_existing_history(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = await connect(path, migrate_to=19)
    today = dt.datetime.now(dt.UTC).date()
    recent = today - dt.timedelta(days=10)
    rows = [
        # key, user, kind, state, claimed_at, sent_at
        (
            "before:annual:P1:2019:2020-01-20:L7:D2:U1",
            1,
            "before",
            "sent",
            "2020-01-13T08:00:00.000000Z",
            "2020-01-13T08:00:01.000000Z",
        ),
        (
            "overdue:Q2:P1:2020:2020-07-10:D2:U1",
            1,
            "overdue",
            "sent",
            "2020-07-13T07:00:00.000000Z",
            "2020-07-13T07:00:01.000000Z",
        ),
        ("digest:annual:P1:2019:2020-01-20:U9", 9, "digest", "failed", "2020-01-21T08:00:00.000000Z", None),
        (
            "manual:P1:2020:D2:U2:2020-03-01T08:00:00+00:00",
            2,
            "manual",
            "sent",
            "2020-03-01T08:00:00.000000Z",
            "2020-03-01T08:00:02.000000Z",
        ),
        (
            f"before:annual:P1:{recent.year}:{recent}:L1:D2:U2",
            2,
            "before",
            "claimed",
            "2020-01-01T00:00:00.000000Z",
            None,
        ),
        (
            "a key of another shape",
            3,
            "before",
            "sent",
            "2019-01-01T00:00:00.000000Z",
            "2019-01-01T00:00:01.000000Z",
        ),
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    await db.close()
    db = await connect(path)
    try:
        async with db.locked() as conn:
            assert sorted(await reminder_states(conn)) == sorted([rows[4][0], rows[5][0]])
            fetched = await conn.execute_fetchall("SELECT user_id, at FROM last_reminders ORDER BY user_id")
            assert [tuple(r) for r in fetched] == [
                (1, "2020-07-13T07:00:01.000000Z"),
                (2, "2020-03-01T08:00:02.000000Z"),
            ]
            reminded = await last_reminded(conn, [1, 2, 3, 9])
            assert set(reminded) == {1, 2, 3}
    finally:
        await db.close()


# --- backups within a bound on space -----------------------------------------------------------------------


def _copy(folder: Path, day: int, size: int) -> Path:
    path = folder / f"zvitbot-202401{day:02d}-030000.sqlite3"
    path.write_bytes(b"x" * size)
    return path


def test_backups_beyond_the_bound_go_oldest_first_never_the_newest(tmp_path: Path) -> None:
    copies = [_copy(tmp_path, day, 400) for day in range(1, 6)]
    assert prune_to_size(tmp_path, 1000) == copies[:3]
    assert backups(tmp_path) == copies[3:]
    big = _copy(tmp_path, 9, 5000)
    assert prune_to_size(tmp_path, 1000) == copies[3:]
    assert backups(tmp_path) == [big]  # alone over the bound, the newest stays


async def test_a_backup_with_a_bound_keeps_what_fits(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db)
    first = backup_database(db, tmp_path / "b", now=utc(2024, 1, 1))
    size = first.stat().st_size
    for day in (2, 3):
        backup_database(db, tmp_path / "b", keep=10, now=utc(2024, 1, day), max_bytes=size * 2 + size // 2)
    kept = backups(tmp_path / "b")
    assert [p.name for p in kept] == ["zvitbot-20240102-000000.sqlite3", "zvitbot-20240103-000000.sqlite3"]
    with sqlite3.connect(kept[-1]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not os.path.exists(first)
