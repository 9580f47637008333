"""The reminder check reads what the slots due now need (issue 23, point 2), and finds what reading everything
finds: the same reminders, in the same order, none of them claimed before."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.scale_bench import ADMINISTRATORS, NOW, generate
from bot.reminders import rules
from bot.reminders.scheduling import due_now
from storage.db import Database, connect
from storage.reminders import claimed_under, load_periods, load_snapshot, reminder_states

CONFIG = rules.ReminderConfig()
DIGEST_PROGRAM = (
    2  # its open year's annual deadline was 07.04: its overdue nudge and digest are due on the 9th
)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "city.sqlite3"
    asyncio.run(_city(path))
    return path


@pytest.fixture
async def db(city: Path) -> AsyncIterator[Database]:
    database = await connect(city)
    yield database
    await database.close()


async def _city(path: Path) -> None:
    """One city of 4 programs (benchmarks.scale_bench) at 09.04.2026 10:30, the day before Q1's deadline: a
    1-day reminder due for every program but one, whose deadline passed (a digest due); some of the 1-day
    reminders claimed already, a report returned, one waiting for review."""
    await generate(path, 1, 4)
    database = await connect(path)
    async with database.transaction() as conn:
        await conn.execute(
            "UPDATE reporting_periods SET deadline = '2026-04-07' WHERE program_id = ? AND year = 2026",
            (DIGEST_PROGRAM,),
        )
        # The 1-day reminders of department 1 of program 1 went out already (as a run before this one did).
        for user in range(100_000, 100_200, 10):
            await conn.execute(
                """INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at)
                   VALUES (?, ?, 'before', 'sent', '2026-04-09T07:00:00.000000Z')""",
                (f"before:Q1:P1:2026:2026-04-10:L1:D1:U{user}", user),
            )
        # Program 3's newest revision of one measure returned (owed again); program 2's of another waits.
        fetched = await conn.execute_fetchall(
            """SELECT MAX(s.id), m.program_id FROM submissions s JOIN measures m ON m.id = s.measure_id
               WHERE s.year = 2026 AND m.program_id IN (2, 3) GROUP BY m.program_id ORDER BY m.program_id"""
        )
        (waiting, _), (returned, _) = fetched
        await conn.execute(
            """INSERT INTO reviews (submission_id, state, reviewer_id, created_at)
               VALUES (?, 'returned', 1, '2026-04-01T08:00:00.000000Z')""",
            (returned,),
        )
        await conn.execute(
            """INSERT INTO reviews (submission_id, state, reviewer_id, created_at)
               SELECT id, 'accepted', 1, '2026-04-01T08:00:00.000000Z' FROM submissions
               WHERE year = 2026 AND id != ? AND measure_id IN (SELECT id FROM measures WHERE program_id = 2)
                     AND id NOT IN (SELECT submission_id FROM reviews)""",
            (waiting,),
        )
    await database.close()


async def _everything(db: Database) -> tuple[list[rules.Reminder], dict[tuple[int, int], int]]:
    """The rules over the whole snapshot of every open period, with every claim: what the check must find."""
    async with db.locked() as conn:
        periods = await load_periods(conn)
        snapshot = await load_snapshot(conn, ADMINISTRATORS, periods)
        sent = frozenset(await reminder_states(conn))
    return rules.due_reminders(replace(snapshot, sent=sent), CONFIG, NOW), snapshot.waiting_reviews


async def test_the_check_finds_what_the_whole_snapshot_finds(db: Database) -> None:
    expected, waiting = await _everything(db)
    messages, snapshot, bad, _ = await due_now(db, ADMINISTRATORS, CONFIG, NOW)
    assert not bad and snapshot is not None
    # the same messages of the same reminders in the same order as the rules put everything in messages
    assert [tuple(m) for m in messages] == rules.bundles(expected)
    candidates = [r for m in messages for r in m]
    assert sorted(candidates, key=rules.send_order) == expected
    kinds = {r.kind for r in candidates}
    assert kinds == {rules.Kind.BEFORE, rules.Kind.OVERDUE, rules.Kind.DIGEST}
    assert not [r for r in candidates if r.key.startswith("before:Q1:P1:2026:2026-04-10:L1:D1:")]  # claimed
    # The returned report is owed again, and the digest counts the report waiting for review.
    assert waiting[(DIGEST_PROGRAM, 2026)] == 1
    assert snapshot.waiting_reviews == {(DIGEST_PROGRAM, 2026): 1}  # only the due digest's period


async def test_the_check_reads_only_the_measures_that_may_be_owed(db: Database) -> None:
    async with db.locked() as conn:
        full = await load_snapshot(conn, ADMINISTRATORS, await load_periods(conn))
    _, snapshot, _, _ = await due_now(db, ADMINISTRATORS, CONFIG, NOW)
    assert snapshot is not None

    def measures(s: object, program: int) -> int:
        return sum(len(w.measures) for w in s.work if w.program_id == program)  # type: ignore[attr-defined]

    # A before-slot needs only what is not updated since the quarter began; a digest every planned measure.
    assert measures(snapshot, DIGEST_PROGRAM) == measures(full, DIGEST_PROGRAM)
    for program in (1, 3, 4):
        assert 0 < measures(snapshot, program) < measures(full, program) / 2


async def test_a_slots_claims_are_read_by_their_keys_prefix(tmp_path: Path) -> None:
    database = await connect(tmp_path / "claims.sqlite3")
    try:
        keys = [
            "before:Q1:P1:2026:2026-04-10:L1:D1:U7",
            "before:Q1:P1:2026:2026-04-10:L1:D12:U8",
            "before:Q1:P1:2026:2026-04-10:L10:D1:U7",  # another lead
            "before:Q1:P10:2026:2026-04-10:L1:D1:U7",  # another program
            "before:Q1:P1:2026:2026-04-10:L3:D1:U7",
            "digest:Q1:P1:2026:2026-04-10:U500",
            "digest:Q1:P1:2026:2026-04-10;U500",  # not a key the rules make: never "under" a prefix
        ]
        async with database.transaction() as conn:
            for key in keys:
                await conn.execute(
                    """INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at)
                       VALUES (?, 7, 'before', 'sent', '2026-04-09T07:00:00.000000Z')""",
                    (key,),
                )
        async with database.locked() as conn:
            found = await claimed_under(
                conn, ["before:Q1:P1:2026:2026-04-10:L1:", "digest:Q1:P1:2026:2026-04-10:", "overdue:Q1:P1:"]
            )
        assert found == {keys[0], keys[1], keys[5]}
        deadline = rules.Deadline(1, 2026, None, dt.date(2026, 4, 10), None)
        assert rules.reminder_key(rules.Kind.BEFORE, deadline, 7, 1, 1).startswith(
            rules.slot_prefix(rules.Kind.BEFORE, deadline, 1)
        )
    finally:
        await database.close()


def test_the_checks_hold_on_the_collector_keeps_what_was_frozen_at_start() -> None:
    """bot.app.post_init freezes what is loaded at start; a reminder run must not thaw it for good."""
    import gc

    from bot.reminders.scheduling import collections_held_back

    def watched() -> set[int]:  # the objects the collector walks (not the frozen ones)
        return {id(o) for o in gc.get_objects()}

    loaded_at_start = [["start-up"]]
    gc.freeze()
    try:
        with collections_held_back() as built:
            assert not gc.isenabled()  # while the check makes its objects
            made = [[n] for n in range(1000)]
            built()
            assert gc.isenabled() and id(made) not in watched()  # frozen out of the collector's view
            del made
        assert gc.isenabled() and id(loaded_at_start) not in watched()  # still frozen
    finally:
        gc.unfreeze()
