"""The newest revision of each department's report (report_heads, import_heads: migration 22), kept by triggers:
always what the revisions themselves say, whatever writes them (a new revision, an import, a review, a department
merged into another, a measure deleted), and worked out for an existing database when it is upgraded."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from benchmarks.scale_bench import _fill_city
from storage.db import Database, connect, schema_version
from storage.departments import merge
from storage.models import NewSubmission, Source
from storage.reviews import ReviewState, add_review
from storage.submissions import add_submission

Heads = tuple[set[tuple[object, ...]], set[tuple[object, ...]]]


async def heads(db: Database) -> Heads:
    """(report_heads, import_heads) as stored."""
    async with db.locked() as conn:
        own = await conn.execute_fetchall("SELECT * FROM report_heads")
        imported = await conn.execute_fetchall("SELECT * FROM import_heads")
    return {tuple(r) for r in own}, {tuple(r) for r in imported}


async def worked_out(db: Database) -> Heads:
    """The same from the revisions and reviews, by their definition (no trigger, no head)."""
    async with db.locked() as conn:
        revisions = await conn.execute_fetchall(
            "SELECT id, measure_id, year, department_id, created_at, source FROM submissions"
        )
        reviews = await conn.execute_fetchall("SELECT submission_id, state FROM reviews ORDER BY id")
    newest_review = {submission: state for submission, state in reviews}  # the last one of each wins
    own: dict[tuple[int, int, int], tuple[int, str]] = {}
    imported: dict[tuple[int, int], str] = {}
    for id_, measure, year, department, at, source in revisions:
        key = (measure, year, department)
        newest_id, newest_at = own.get(key, (0, ""))
        own[key] = (max(newest_id, id_), max(newest_at, at))
        if source == "import":
            imported[(measure, year)] = max(imported.get((measure, year), ""), at)
    return (
        {(*k, i, a, int(newest_review.get(i) == "returned")) for k, (i, a) in own.items()},
        {(*k, a) for k, a in imported.items()},
    )


async def old_database(path: Path) -> None:
    """A database at migration 21 (before the heads) with one program's revisions of six years, some imported,
    some revisions written with an earlier time than the one before them, and reviews."""
    db = await connect(path, migrate_to=21)
    await db.close()
    conn = sqlite3.connect(path)
    with conn:
        # the generator writes the links as migration 23 has them: the column is there only while it writes
        conn.execute("ALTER TABLE measure_departments ADD COLUMN program_id INTEGER")
        _fill_city(conn, 0, 1, history=False)
        conn.execute("ALTER TABLE measure_departments DROP COLUMN program_id")
        newest = conn.execute(
            "SELECT MAX(id), measure_id, department_id FROM submissions WHERE year = 2025 GROUP BY measure_id, department_id"
        ).fetchall()
        for submission, _, _ in newest[:3]:  # returned, then accepted on the next one's review: accepted
            conn.execute(
                "INSERT INTO reviews (submission_id, state, created_at) VALUES (?, 'returned', '2026-01-02T08:00:00Z')",
                (submission,),
            )
        conn.execute(
            "INSERT INTO reviews (submission_id, state, created_at) VALUES (?, 'accepted', '2026-01-03T08:00:00Z')",
            (newest[0][0],),
        )
        for _, measure, department in newest[5:8]:  # imported, and a late revision with an early time
            conn.execute(
                """INSERT INTO submissions (measure_id, department_id, year, created_at, source)
                   VALUES (?, ?, 2025, '2026-02-01T08:00:00.000000Z', 'import')""",
                (measure, department),
            )
            conn.execute(
                """INSERT INTO submissions (measure_id, department_id, year, created_at, source)
                   VALUES (?, ?, 2025, '2020-01-01T08:00:00.000000Z', 'bot')""",
                (measure, department),
            )
    conn.close()


async def test_an_old_database_gets_its_heads_when_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    await old_database(path)
    db = await connect(path)  # upgraded in place
    try:
        async with db.locked() as conn:
            assert await schema_version(conn) >= 22
        own, imported = await heads(db)
        assert (own, imported) == await worked_out(db)
        assert len(own) > 300 and len(imported) >= 2
        assert sum(r[-1] for r in own) == 2  # two newest revisions returned, one accepted after its return
    finally:
        await db.close()


async def test_the_triggers_keep_the_heads_whatever_writes_the_revisions(tmp_path: Path) -> None:
    path = tmp_path / "heads.sqlite3"
    await old_database(path)
    db = await connect(path)
    try:
        async with db.locked() as conn:
            measure, department = (
                await conn.execute_fetchall(
                    "SELECT measure_id, department_id FROM measure_departments ORDER BY measure_id LIMIT 1"
                )
            )[0]
            [[other]] = await conn.execute_fetchall(
                "SELECT id FROM departments WHERE id != ? ORDER BY id LIMIT 1", (department,)
            )

        async def step(conn: object) -> None:
            assert await heads(db) == await worked_out(db)

        def revision(**fields: object) -> NewSubmission:
            values: dict[str, object] = {
                "measure_id": measure,
                "department_id": department,
                "year": 2026,
                "author_id": 1,
                "source": Source.BOT,
            }
            return NewSubmission(**(values | fields))  # type: ignore[arg-type]

        # a revision of a (measure, department, year) that had none, then a newer one
        async with db.transaction() as conn:
            first = await add_submission(conn, revision(created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)))
        await step(conn)
        async with db.transaction() as conn:
            await add_submission(conn, revision(created_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC)))
        await step(conn)
        # written later with an earlier time: the newest id moves, the newest time does not
        async with db.transaction() as conn:
            late = await add_submission(conn, revision(created_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)))
        await step(conn)
        # returned (owed again), a review of an older revision changes nothing, a new revision is not returned
        async with db.transaction() as conn:
            await add_review(conn, late.id, ReviewState.RETURNED, reviewer_id=1)
            await add_review(conn, first.id, ReviewState.ACCEPTED, reviewer_id=1)
        await step(conn)
        own, _ = await heads(db)
        assert [r[3:] for r in own if r[:3] == (measure, 2026, department)] == [
            (late.id, "2026-03-12T10:00:00.000103Z", 1)  # the generator's newest time (12.03)
        ]
        async with db.transaction() as conn:
            await add_submission(conn, revision())
        await step(conn)
        # an import counts for every department of the measure
        async with db.transaction() as conn:
            returned = await add_submission(conn, revision(department_id=other, source=Source.IMPORT))
            await add_review(conn, returned.id, ReviewState.RETURNED, reviewer_id=1)
        await step(conn)
        _, imported = await heads(db)
        assert (measure, 2026, returned.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) in imported
        # a review decided again, and taken back
        async with db.transaction() as conn:
            await conn.execute(
                "UPDATE reviews SET state = 'accepted' WHERE submission_id = ?", (returned.id,)
            )
        await step(conn)
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM reviews WHERE submission_id = ?", (late.id,))
        await step(conn)
        # a department merged into another: its revisions are the other's, both histories one
        async with db.transaction() as conn:
            await merge(conn, department, other)
        await step(conn)
        own, _ = await heads(db)
        assert not [r for r in own if r[2] == other]
        # a measure deleted, its revisions with it
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM measures WHERE id = ?", (measure,))
        await step(conn)
        own, imported = await heads(db)
        assert not [r for r in own if r[0] == measure] and not [r for r in imported if r[0] == measure]
    finally:
        await db.close()
