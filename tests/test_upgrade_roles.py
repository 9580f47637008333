"""The upgrade to roles in the database (issue 22, point 6): a database of the previous release (its schema made by
the first 16 migrations only, the Zhytomyr seed imported, reports sent, reviewed and returned since) opened by this
code. Nothing of it changes (every table, every report), and the COORDINATOR_IDS of its settings are
administrators."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from actions.actor import Actor
from actions.reviews import accept
from bot.app import build_application
from reports.build import build_report
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.db import Database, connect
from storage.members import add_membership, touch_user
from storage.migrations import LATEST_VERSION
from storage.models import NewSubmission, PeriodStatus, Source
from storage.periods import set_period
from storage.programs import list_departments, list_programs, load_program
from storage.reviews import ReviewState, add_review
from storage.roles import grants_of
from storage.submissions import add_submission
from tests.botkit import COORDINATOR_ID, running, settings_for
from tests.conftest import SEED
from tests.dbkit import dump
from tests.fakeapi import FakeBotApi
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture

PREVIOUS_RELEASE = 16  # the last migration before roles were kept in the database
SECOND_COORDINATOR = 501  # in COORDINATOR_IDS, never wrote to the bot


async def _previous_release(path: Path) -> None:
    """What a city's database looked like: the seed, 2023 open, a member's reports (one accepted, one returned).

    The data is written by this code (its importer needs the directory's tables of migration 18) into a database
    of the latest schema, then copied, table by table and column by column, into one made by the first 16
    migrations only: the schema of the previous release, holding what it held."""
    full = path.with_name("latest.sqlite3")
    db = await connect(full)
    try:
        await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            await set_period(conn, program.id, 2023, PeriodStatus.OPEN, dt.date(2024, 1, 20))
            uk = next(d.id for d in await list_departments(conn) if d.code == "uk")
            await touch_user(conn, 1001, "Олена", None)
            await add_membership(conn, 1001, uk)
            tree = await load_program(conn, program.id)
            assert tree is not None
            sent = []
            for number, financed in (("3.10", "12.5"), ("4.4", "3.0")):
                measure = tree.measure_by_number(number)
                assert measure is not None and measure.id is not None
                sent.append(
                    await add_submission(
                        conn,
                        NewSubmission(
                            measure_id=measure.id,
                            department_id=uk,
                            year=2023,
                            actual=financed,  # type: ignore[arg-type]
                            financed=financed,  # type: ignore[arg-type]
                            percent="100",  # type: ignore[arg-type]
                            info=f"Виконано ({number})",
                            author_id=1001,
                            author_name="Олена",
                            source=Source.BOT,
                        ),
                    )
                )
            await add_review(
                conn, sent[1].id, ReviewState.RETURNED, comment="Уточніть суму", reviewer_id=COORDINATOR_ID
            )
        await accept(db, Actor(COORDINATOR_ID, "Координаторка", administrator=True), sent[0].id)
    finally:
        await db.close()
    await (await connect(path, migrate_to=PREVIOUS_RELEASE)).close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("ATTACH DATABASE ? AS latest", (str(full),))
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
            if r[0] not in ("schema_migrations", "sqlite_sequence")
        ]
        for table in tables:
            columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
            conn.execute(f"DELETE FROM main.{table}")
            conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM latest.{table}")
        conn.commit()
        [(version,)] = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchall()
        assert version == PREVIOUS_RELEASE and "roles" not in tables and "council" not in tables


async def _reports(db: Database) -> dict[tuple[int, bool], object]:
    """The consolidated report of every year of the term, of the latest revisions and of the accepted ones."""
    async with db.locked() as conn:
        [program] = await list_programs(conn)
    return {
        (year, accepted): await build_report(db, program.id, year, accepted_only=accepted)
        for year in range(program.start_year, program.end_year + 1)
        for accepted in (False, True)
    }


async def test_a_previous_release_database_upgrades_unchanged_with_its_coordinators_administrators(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    path = tmp_path / "zvitbot.sqlite3"
    await _previous_release(path)
    before = dump(path)
    db = await connect(path, migrate_to=None)  # read as it is, no migration
    try:
        reports_before = await _reports(db)
    finally:
        await db.close()
    assert "roles" not in before and any(r.rows for r in reports_before.values())

    settings = settings_for(fake_api, path, coordinator_ids=frozenset({COORDINATOR_ID, SECOND_COORDINATOR}))
    app = build_application(settings)
    async with running(app):  # opening the database upgrades it
        coordinator = fake_api.user(id=COORDINATOR_ID, first_name="Координаторка")
        await coordinator.send("/status 2023")
        status = await coordinator.expect("Стан звітування за 2023 рік")
        assert "УК" in status.text
        await coordinator.send("/members")
        roles = await coordinator.expect("Ролі в боті")
        assert roles.text.count("з налаштувань бота") == 2
    after = dump(path)
    for table, rows in before.items():  # every table of the old database, row for row, in its old columns
        width = len(rows[0]) if rows else 0  # a migration may add one (migration 23: a link's program)
        assert sorted((r[:width] for r in after[table]), key=repr) == rows, table
    assert after["measure_departments"] and all(r[4] is not None for r in after["measure_departments"])
    assert after["role_links"] == []
    db = await connect(path)
    try:
        assert await _reports(db) == reports_before
        async with db.locked() as conn:
            [(version,)] = await conn.execute_fetchall("SELECT MAX(version) FROM schema_migrations")
            for user_id in (COORDINATOR_ID, SECOND_COORDINATOR):
                [grant] = await grants_of(conn, user_id)
                assert grant.kind == "administrator" and grant.from_settings and grant.revoked_at is None
        assert version == LATEST_VERSION >= 17
    finally:
        await db.close()
