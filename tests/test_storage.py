"""Real SQLite files in a temporary folder: schema, migrations, revisions, periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from reports.build import build_report
from storage.db import connect, utcnow
from storage.departments import merge
from storage.migrations import LATEST_VERSION, MIGRATIONS
from storage.models import Measure, MeasureDepartment, NewSubmission, PeriodStatus, Source
from storage.periods import get_period, set_period
from storage.programs import list_programs, load_program
from storage.reviews import (
    ReviewState,
    add_review,
    answered_return,
    current_state,
    last_accepted,
    note_resubmission,
    returned_reports,
    untold_resubmissions,
    waiting_reviews,
)
from storage.submissions import add_submission, measure_history, program_submissions
from storage.workload import worklist
from tests.dbkit import dump, import_seed


async def test_fresh_database_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = await connect(tmp_path / "sub" / "z.sqlite3")
    try:
        async with db.locked() as conn:
            assert (await (await conn.execute("PRAGMA journal_mode")).fetchone())[0] == "wal"
            assert (await (await conn.execute("PRAGMA foreign_keys")).fetchone())[0] == 1
            versions = [
                r[0] for r in await (await conn.execute("SELECT version FROM schema_migrations")).fetchall()
            ]
        # Each helper's migration has its own number: the versions applied are the migrations', in order.
        assert versions == [m.version for m in MIGRATIONS]
    finally:
        await db.close()


async def test_revisions_are_append_only_and_readable_at_a_moment(tmp_path: Path, seed_path: Path) -> None:
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
        m = tree.measure_by_number("2.1")
        lead = m.department_ids()[0]
        t1 = utcnow()
        async with db.transaction() as conn:
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=m.id,
                    department_id=lead,
                    year=2023,
                    actual=Decimal("10.5"),
                    financed=Decimal("10.5"),
                    percent=Decimal(100),
                    info="Оновлено",
                    author_id=7,
                    author_name="Олена",
                ),
            )
        async with db.locked() as conn:
            history = await measure_history(conn, m.id, 2023)
        assert [h.info for h in history][-2:] == [
            'Підготовлено та опубліковано збірник-довідник "Гендерний профіль Житомира -2023"',
            "Оновлено",
        ]
        now = await build_report(db, program.id, 2023)
        then = await build_report(db, program.id, 2023, at=t1)
        row_now = next(r for r in now.rows if r.measure_number == "2.1")
        row_then = next(r for r in then.rows if r.measure_number == "2.1")
        assert (row_now.financed, row_now.info) == (Decimal("10.5"), "Оновлено")
        assert (row_then.financed, row_then.percent) == (Decimal("10.0"), Decimal("95.2"))
        assert now.general.financed == Decimal("30.5") and then.general.financed == Decimal("30.0")
        before_everything = await build_report(db, program.id, 2023, at=t1 - dt.timedelta(days=1))
        assert before_everything.general.actual == 0
    finally:
        await db.close()


async def test_periods(tmp_path: Path, seed_path: Path) -> None:
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            await set_period(conn, program.id, 2023, PeriodStatus.OPEN, dt.date(2024, 1, 20))
            locked = await set_period(conn, program.id, 2023, PeriodStatus.LOCKED)
        assert locked.deadline == dt.date(2024, 1, 20)  # locking keeps the deadline
        async with db.locked() as conn:
            assert (await get_period(conn, program.id, 2023)).status is PeriodStatus.LOCKED
            assert await get_period(conn, program.id, 2024) is None
    finally:
        await db.close()


async def test_first_migration_database_upgrades_without_losing_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await connect(path, migrate_to=1)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO departments (code, name, short_name) VALUES ('ussms', 'Управління', 'УССМС')"
        )
        await conn.execute(
            "INSERT INTO programs (name, decision_number, decision_date, start_year, end_year, responsible_department)"
            " VALUES ('Програма', '1', '2019-12-18', 2020, 2025, 'Управління')"
        )
        await conn.execute(
            "INSERT INTO tasks (program_id, number, text, position) VALUES (1, '1', 'Завдання', 0)"
        )
        await conn.execute(
            "INSERT INTO measures (program_id, task_id, number, text, term, executors_text, position)"
            " VALUES (1, 1, '1.1', 'Захід', '2020-2025', 'Управління', 0)"
        )
        await conn.execute("INSERT INTO plans VALUES (1, 2023, 'general', '2.4')")
        await conn.execute(
            "INSERT INTO submissions (measure_id, department_id, year, actual, financed, percent, info, created_at, source)"
            " VALUES (1, 1, 2023, '0.0', '0.0', '100.0', 'Зроблено', '2024-01-10T10:00:00.000000Z', 'import')"
        )
    await db.close()
    before = dump(path)

    db = await connect(path)  # upgrades in place
    try:
        async with db.locked() as conn:
            version = (await (await conn.execute("SELECT MAX(version) FROM schema_migrations")).fetchone())[0]
            [sub] = await program_submissions(conn, 1, 2023)
        assert version == LATEST_VERSION
        assert (sub.percent, sub.info, sub.actual_special) == (Decimal("100.0"), "Зроблено", None)
        report = await build_report(db, 1, 2023)
        assert report.rows[0].info == "Зроблено" and report.general.plan == Decimal("2.4")
    finally:
        await db.close()
    after = dump(path)
    for table, rows in before.items():
        if table not in ("submissions", "measures"):
            assert after[table] == rows
    assert [r[:11] for r in after["submissions"]] == [r[:11] for r in before["submissions"]]
    # Later migrations add columns: the old values are all there, the new ones empty (retired_from, added_from: in force).
    assert [r[:8] for r in after["measures"]] == before["measures"]
    assert [r[8:] for r in after["measures"]] == [(None, None)]
    # Nothing amended, no interim setting: the measure is in force every year, the program has the quarters.
    assert after["measure_versions"] == [] and after["interim_schedules"] == []
    # The review loop starts empty: every revision of the old database is "submitted" (or accepted, if imported).
    assert after["reviews"] == [] and after["review_comments_pending"] == [] and after["resubmissions"] == []
    assert after["evidence_files"] == []
    # The database's own key (migration 16): one row, 16 hex digits, made once.
    [(key_id, key)] = after["instance"]
    assert key_id == 1 and len(key) == 16 and int(key, 16) >= 0
    # Roles (migration 17): none yet; the bot records the settings' administrators when it starts.
    assert after["roles"] == [] and after["role_links"] == []
    # The directory in the database (migration 18): no council named yet, no phrases of its own.
    assert after["council"] == [] and after["not_reporting_phrases"] == []
    # Migration 19: no rename being typed; an upload waiting before it waits after it (none here).
    assert after["department_renames_pending"] == [] and after["pending_imports"] == []
    # Migration 21: result indicators, none yet (a program's indicators come with its next import or plan).
    for table in ("indicators", "indicator_plans", "indicator_plan_revisions", "indicator_facts"):
        assert after[table] == []
    assert after["indicator_reviews"] == [] and after["indicator_drafts"] == []
    # Migration 22: the newest revision of each department's report, and the newest import (tests/test_report_heads.py)
    assert after["report_heads"] == [(1, 2023, 1, 1, "2024-01-10T10:00:00.000000Z", 0)]
    assert after["import_heads"] == [(1, 2023, "2024-01-10T10:00:00.000000Z")]


async def test_review_states_follow_the_newest_revision(tmp_path: Path, seed_path: Path) -> None:
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            m = tree.measure_by_number("2.1")
            lead = m.department_ids()[0]
            # The imported revision needs nobody's review.
            assert (await current_state(conn, m.id, lead, 2023))[1] is ReviewState.ACCEPTED

            async def submit(info: str):  # type: ignore[no-untyped-def]
                return await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=m.id,
                        department_id=lead,
                        year=2023,
                        actual=Decimal(1),
                        financed=Decimal(1),
                        percent=Decimal(100),
                        info=info,
                        author_id=7,
                    ),
                )

            first = await submit("Перша")
            assert (await current_state(conn, m.id, lead, 2023))[1] is ReviewState.SUBMITTED
            assert [s.id for s in await waiting_reviews(conn, program.id, 2023)] == [first.id]
            await add_review(conn, first.id, ReviewState.RETURNED, comment="Уточніть", reviewer_id=500)
            _, state, review = await current_state(conn, m.id, lead, 2023)
            assert state is ReviewState.RETURNED and review is not None and review.comment == "Уточніть"
            assert await returned_reports(conn, 2023) == [(m.id, lead, 2023)]
            assert await waiting_reviews(conn, program.id, 2023) == []
            second = await submit("Друга")
            assert await note_resubmission(conn, second)
            assert [s.id for s in await untold_resubmissions(conn)] == [second.id]
            assert (await current_state(conn, m.id, lead, 2023))[1] is ReviewState.SUBMITTED
            assert await returned_reports(conn, 2023) == []
            await add_review(conn, second.id, ReviewState.ACCEPTED, reviewer_id=500)
            third = await submit("Третя")  # a change after acceptance is submitted again
            assert not await note_resubmission(conn, third)
            assert (await current_state(conn, m.id, lead, 2023))[1] is ReviewState.SUBMITTED
            accepted = await last_accepted(conn, third)
            assert accepted is not None and accepted.id == second.id
        # The report holds the latest revision whatever its state; accepted_only, the latest accepted one.
        latest = await build_report(db, program.id, 2023)
        only_accepted = await build_report(db, program.id, 2023, accepted_only=True)
        assert next(r for r in latest.rows if r.measure_number == "2.1").info == "Третя"
        assert next(r for r in only_accepted.rows if r.measure_number == "2.1").info == "Друга"
        before_acceptance = await build_report(db, program.id, 2023, at=second.created_at, accepted_only=True)
        assert "Друга" not in next(r for r in before_acceptance.rows if r.measure_number == "2.1").info
    finally:
        await db.close()


async def test_a_correction_answers_the_return_of_the_newest_decided_revision(
    tmp_path: Path, seed_path: Path
) -> None:
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            m = tree.measure_by_number("2.1")
            lead = m.department_ids()[0]

            async def submit(info: str, source: Source = Source.BOT):  # type: ignore[no-untyped-def]
                return await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=m.id,
                        department_id=lead,
                        year=2023,
                        actual=Decimal(1),
                        financed=Decimal(1),
                        percent=Decimal(100),
                        info=info,
                        author_id=7,
                        source=source,
                    ),
                )

            first = await submit("Перша")
            assert (
                await answered_return(conn, first) is None
            )  # the imported revision before it was not returned
            returned = await add_review(
                conn, first.id, ReviewState.RETURNED, comment="Уточніть", reviewer_id=500
            )
            second = await submit("Друга")
            assert await answered_return(conn, second) == (first, returned)
            third = await submit("Третя")  # the second superseded before anyone reviewed it
            assert await answered_return(conn, third) == (first, returned)
            # A coordinator's own correction needs no review: what follows it answers no return.
            await submit("Координатор", Source.COORDINATOR)
            assert await answered_return(conn, await submit("П'ята")) is None
    finally:
        await db.close()


async def test_reports_wait_for_review_in_the_programs_order_of_measures(
    tmp_path: Path, seed_path: Path
) -> None:
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            for number in ("2.1", "1.2", "1.1"):  # a measure's position is within its task
                m = tree.measure_by_number(number)
                await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=m.id,
                        department_id=m.department_ids()[0],
                        year=2023,
                        actual=Decimal(1),
                        financed=Decimal(1),
                        percent=Decimal(100),
                        info=number,
                        author_id=7,
                    ),
                )
            assert [s.info for s in await waiting_reviews(conn, program.id, 2023)] == ["1.1", "1.2", "2.1"]
    finally:
        await db.close()


async def test_single_use_invites_upgrade_to_shared_links(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await connect(path, migrate_to=12)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO departments (code, name, short_name) VALUES ('uk', 'Управління', 'УК')"
        )
        await conn.execute(
            "INSERT INTO users (telegram_id, full_name, created_at) VALUES (7, 'Іван', '2026-01-01T00:00:00.000000Z')"
        )
        await conn.execute("INSERT INTO memberships VALUES (7, 1, '2026-01-02T00:00:00.000000Z')")
        await conn.execute(
            "INSERT INTO invites VALUES ('used', 1, 5, '2026-01-01T00:00:00.000000Z', '2099-01-01T00:00:00.000000Z',"
            " 7, '2026-01-02T00:00:00.000000Z')"
        )
        await conn.execute(
            "INSERT INTO invites VALUES ('fresh', 1, 5, '2026-01-03T00:00:00.000000Z', '2099-01-01T00:00:00.000000Z',"
            " NULL, NULL)"
        )
    await db.close()
    db = await connect(path)  # upgrades in place
    try:
        async with db.locked() as conn:
            links = [
                tuple(r)
                for r in await conn.execute_fetchall(
                    "SELECT id, code_hash, uses, revoked_at IS NOT NULL FROM invites ORDER BY id"
                )
            ]
            members = [
                tuple(r) for r in await conn.execute_fetchall("SELECT user_id, invite_id FROM memberships")
            ]
        # The used single-use link stays closed (revoked at its use); the unused one becomes a shared link.
        assert links == [(1, "used", 1, 1), (2, "fresh", 0, 0)]
        assert members == [(7, 1)]
    finally:
        await db.close()


async def test_links_upgrade_to_carry_their_program_and_the_list_reads_them(tmp_path: Path) -> None:
    """Migration 23 (issue 23): an existing database's links get their measure's program; a link written as
    before (without it), or moved by a merge of departments, keeps it right; the list reads the links."""
    path = tmp_path / "old.db"
    db = await connect(path, migrate_to=22)  # before migration 23
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
            [(1, "a", "Управління А", "УА"), (2, "b", "Управління Б", "УБ")],
        )
        for program, status in ((1, "locked"), (2, "open")):
            await conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department) VALUES (?, ?, ?, '2020-01-01', 2020, 2025, 'УА')""",
                (program, f"Програма {program}", str(program)),
            )
            await conn.execute(
                "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, '1', 'Завдання', 1)",
                (program, program),
            )
            await conn.execute(
                "INSERT INTO reporting_periods (program_id, year, status) VALUES (?, 2024, ?)",
                (program, status),
            )
            for n in range(1, 4):
                await conn.execute(
                    """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
                       VALUES (?, ?, ?, ?, 'Захід', '2020-2025', 'УА', ?)""",
                    (program * 10 + n, program, program, f"1.{n}", n),
                )
        await conn.executemany(
            "INSERT INTO measure_departments VALUES (?, ?, 1, 0)",  # as the code before it wrote them
            [(11, 1), (12, 1), (21, 1), (22, 2)],
        )
    await db.close()
    db = await connect(path)  # upgrades in place
    try:
        async with db.transaction() as conn:
            links = "SELECT measure_id, department_id, program_id FROM measure_departments ORDER BY 1, 2"
            assert [tuple(r) for r in await conn.execute_fetchall(links)] == [
                (11, 1, 1),
                (12, 1, 1),
                (21, 1, 2),
                (22, 2, 2),
            ]
            assert [(i.measure_id, i.year) for i in await worklist(conn, 1, None)] == [(21, 2024)]
            # a link written without its program (any writer that names the four old columns) gets it
            await conn.execute(
                "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (23, 2, 1, 0)"
            )
            # and a wrong one is put right: the program is the measure's
            await conn.execute(
                "INSERT INTO measure_departments (measure_id, department_id, is_lead, position, program_id)"
                " VALUES (13, 2, 1, 0, 2)"
            )
            await merge(conn, 1, 2)  # department 2's links become department 1's
            assert [tuple(r) for r in await conn.execute_fetchall(links)] == [
                (11, 1, 1),
                (12, 1, 1),
                (13, 1, 1),
                (21, 1, 2),
                (22, 1, 2),
                (23, 1, 2),
            ]
            assert [i.measure_id for i in await worklist(conn, 1, None)] == [21, 22, 23]
    finally:
        await db.close()


async def test_a_loaded_program_is_what_validating_its_rows_makes(tmp_path: Path, seed_path: Path) -> None:
    """``load_program`` builds its measures without validating each row again: they are the same models."""
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
            for year in (None, 2023):
                tree = await load_program(conn, program.id, year)
                assert len(tree.measures) == 37
                for measure in tree.measures:
                    validated = Measure.model_validate(measure.model_dump())
                    assert measure == validated
                    assert measure.__dict__ == validated.__dict__
                    assert list(measure.__dict__) == list(validated.__dict__)
                    assert measure.model_fields_set == validated.model_fields_set
                    assert [type(v) for v in measure.__dict__.values()] == [
                        type(v) for v in validated.__dict__.values()
                    ]
                    assert all(type(d) is MeasureDepartment for d in measure.departments)
    finally:
        await db.close()


async def test_quick_reads_run_on_the_event_loops_thread_long_ones_on_the_connections(tmp_path: Path) -> None:
    """A read of an update is an index seek: handing it to aiosqlite's thread cost more than the read (issue
    23, CPU per update). A SELECT runs on the loop's thread; one that takes longer than INLINE_READ_SECONDS is
    stopped there and run again on the connection's thread, with the same rows, the loop never held long."""
    import asyncio
    import itertools
    import threading
    import time

    from storage import db as db_module

    db = await connect(tmp_path / "z.sqlite3")
    try:
        raw = db.conn._connection
        assert raw is not None
        raw.create_function("thread", 0, threading.get_ident)
        here = threading.get_ident()
        async with db.locked() as conn:
            assert (await conn.execute_fetchall("SELECT thread()"))[0][0] == here
            count = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000)"
            started = time.perf_counter()
            whole = await conn.execute_fetchall(f"{count} SELECT count(*) FROM c")
            assert whole[0][0] == 1000000
            took = time.perf_counter() - started
            assert took > 4 * db_module.INLINE_READ_SECONDS  # a long read indeed
            # ... and held the loop no longer than the budget: a tick scheduled meanwhile ran soon.
            ticks: list[float] = []

            async def ticker() -> None:
                while True:
                    ticks.append(time.perf_counter())
                    await asyncio.sleep(0)

            task = asyncio.create_task(ticker())
            await asyncio.sleep(0)
            rows = await conn.execute_fetchall(f"{count} SELECT max(x), thread() FROM c")
            task.cancel()
            assert rows[0][0] == 1000000 and rows[0][1] != here
            gaps = [b - a for a, b in itertools.pairwise(ticks)]
            assert len(gaps) > 10 and max(gaps) < took / 2  # the loop was never held for the whole read
            # Writes go to the connection's thread as before.
            await conn.execute("CREATE TABLE t (x INTEGER)")
            await conn.execute("INSERT INTO t VALUES (1)")
            assert [tuple(r) for r in await conn.execute_fetchall("SELECT x, thread() FROM t")] == [(1, here)]
    finally:
        await db.close()
