"""The benchmarks' synthetic databases still fit the schema: a migration must not break `python -m benchmarks`."""

from __future__ import annotations

from pathlib import Path

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
