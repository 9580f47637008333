"""The benchmarks' synthetic databases still fit the schema: a migration must not break `python -m benchmarks`."""

from __future__ import annotations

from pathlib import Path

from actions.city import city_status
from benchmarks import city_bench
from benchmarks.queries_bench import _database


async def test_the_query_benchmark_fills_a_database_of_the_current_schema(tmp_path: Path) -> None:
    db = await _database(tmp_path / "bench.sqlite3", 2, 1, 2, 2_000)
    try:
        async with db.locked() as conn:
            [(drafts,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM drafts")
            [(revisions,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM submissions")
        assert drafts > 0 and revisions > 0
    finally:
        await db.close()


async def test_the_city_benchmark_fills_a_database_the_city_reads(tmp_path: Path) -> None:
    db = await city_bench.database(tmp_path / "city.sqlite3", 2)
    try:
        status = await city_status(db, city_bench.ADMIN, None, city_bench.TODAY)
        assert [line.year for line in status.lines] == [city_bench.YEAR] * 2
        assert all(line.measures == 40 and 0 < line.reported < 40 for line in status.lines)
        assert status.late > 0 and status.waiting > 0
    finally:
        await db.close()


async def test_the_scale_benchmark_makes_a_city_whose_quarter_end_reaches_every_executor(
    tmp_path: Path,
) -> None:
    from benchmarks import scale_bench
    from storage.db import connect

    path = tmp_path / "scale.sqlite3"
    await scale_bench.generate(path, cities=2, programs=2)
    db = await connect(path)
    try:
        messages = await scale_bench.check_now(db)
        assert messages == await scale_bench.check_as_main_did(db)  # the same reminders, the old way
        assert messages == 2 * scale_bench.EXECUTORS  # one a person, in both cities
        async with db.locked() as conn:
            [(sent,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM reminders_sent")
            [(indexes,)] = await conn.execute_fetchall(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'submissions_latest'"
            )
        assert sent > 0 and indexes == 1  # the history, and the migrations' indexes made again
    finally:
        await db.close()
