"""Report files are built off the event loop, and once for everybody asking for the same at once."""

from __future__ import annotations

import asyncio
import threading

import bot.report_builds as report_builds
from bot.report_builds import ReportBuilds
from tests.botkit import World, fake_api_fixture, world_fixture  # noqa: F401


async def test_two_coordinators_at_once_share_one_build(world: World, monkeypatch) -> None:
    builds = ReportBuilds()
    calls = 0
    original = report_builds.build_year

    async def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(report_builds, "build_year", counting)
    first, second = await asyncio.gather(
        builds.report(world.db, 1, 2023, None), builds.report(world.db, 1, 2023, None)
    )
    assert first is second and calls == 1
    files = await asyncio.gather(builds.file(first.report, ".xlsx"), builds.file(first.report, ".xlsx"))
    assert files[0] is files[1] and files[0][:2] == b"PK"
    # Nothing stays behind: the next request (the data may have changed since) builds anew.
    await builds.report(world.db, 1, 2023, None)
    assert calls == 2


async def test_files_are_written_in_a_worker_thread(world: World, monkeypatch) -> None:
    seen: list[str] = []
    from reports import writers

    writer = writers.writer_for("x.pdf")

    class Spy:
        extension, media_type = writer.extension, writer.media_type

        def write(self, report, target) -> None:
            seen.append(threading.current_thread().name)
            writer.write(report, target)

    monkeypatch.setattr(report_builds, "writer_for", lambda _name: Spy())
    builds = ReportBuilds()
    built = await builds.report(world.db, 1, 2023, None)
    data = await builds.file(built.report, ".pdf")
    assert data.startswith(b"%PDF") and seen and seen[0] != threading.main_thread().name


async def test_the_report_is_read_as_committed_without_the_shared_connection(world: World) -> None:
    """The read runs on a connection of its own (a WAL snapshot): a write transaction open on the bot's
    connection, holding its lock, neither holds the report up nor shows in it before it commits."""
    import datetime as dt

    from reports.build import build_report
    from storage.db import iso

    before = await build_report(world.db, 1, 2023)
    assert not any(r.reported_by for r in before.rows)
    async with world.db.transaction() as conn:
        await conn.execute(
            """INSERT INTO submissions (measure_id, department_id, year, actual, financed, percent, info,
               author_name, created_at, source)
               SELECT measure_id, department_id, 2023, '1', '1', '100', 'Виконано', 'тест', ?, 'bot'
               FROM measure_departments LIMIT 1""",
            (iso(dt.datetime(2023, 6, 1, tzinfo=dt.UTC)),),
        )
        during = await asyncio.wait_for(build_report(world.db, 1, 2023), 30)
    assert not any(r.reported_by for r in during.rows)
    after = await build_report(world.db, 1, 2023)
    assert any(r.reported_by for r in after.rows)
