"""Report files are built off the event loop, and once for everybody asking for the same at once."""

from __future__ import annotations

import asyncio

import bot.report_builds as report_builds
from bot.report_builds import ReportBuilds
from tests.botkit import World, fake_api_fixture, world_fixture  # noqa: F401


async def test_two_coordinators_at_once_share_one_build(world: World, monkeypatch) -> None:
    builds = ReportBuilds()
    calls = 0
    original = report_builds._build_elsewhere

    async def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(report_builds, "_build_elsewhere", counting)
    first, second = await asyncio.gather(
        builds.report(world.db, 1, 2023, None), builds.report(world.db, 1, 2023, None)
    )
    assert first is second and calls == 1
    files = await asyncio.gather(builds.file(first.report, ".xlsx"), builds.file(first.report, ".xlsx"))
    assert files[0] is files[1] and files[0][:2] == b"PK"
    # Nothing stays behind: the next request (the data may have changed since) builds anew.
    await builds.report(world.db, 1, 2023, None)
    assert calls == 2


async def test_files_are_written_in_a_process_of_their_own(world: World, monkeypatch) -> None:
    """A writer holds the interpreter's lock for seconds: not in the bot's process (issue 23: replies while
    reports build). Its file is the one a writer makes of the same report here."""
    import io
    import os

    from reports import writers

    pids: list[int] = []
    original = report_builds.writers

    def watched():
        pool = original()
        pids.extend(pool.submit(os.getpid).result(timeout=60) for _ in range(1))
        return pool

    monkeypatch.setattr(report_builds, "writers", watched)
    builds = ReportBuilds()
    built = await builds.report(world.db, 1, 2023, None)
    data = await builds.file(built.report, ".xlsx")
    assert pids and os.getpid() not in pids
    here = io.BytesIO()
    writers.writer_for("x.xlsx").write(built.report, here)
    assert _sheets(data) == _sheets(here.getvalue())


def _sheets(xlsx: bytes) -> list[list[tuple[object, ...]]]:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


async def test_a_writers_process_that_died_is_replaced(world: World) -> None:
    import os
    import signal

    builds = ReportBuilds()
    built = await builds.report(world.db, 1, 2023, None)
    pool = report_builds.writers()
    pid = pool.submit(os.getpid).result(timeout=60)
    os.kill(pid, signal.SIGKILL)
    data = await asyncio.wait_for(builds.file(built.report, ".pdf"), 60)  # this one in a thread
    assert data.startswith(b"%PDF")
    assert report_builds.writers() is not pool  # the next one in a new process
    report_builds.stop_writers()


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


async def test_the_report_goes_to_the_writers_in_small_pieces(world: World, monkeypatch) -> None:
    """Pickled whole, a big report was one call that held the interpreter's lock for 25-80 ms (2,000 measures:
    4 MB), and every reply waited for it (issue 23): it is pickled a few rows at a time, and put together
    again in the writers' process exactly as it was."""
    import pickle

    monkeypatch.setattr(report_builds, "ROWS_PER_PIECE", 2)
    built = await ReportBuilds().report(world.db, 1, 2023, None)
    report = built.report
    assert len(report.rows) > 10 and any(len(task.rows) > 2 for task in report.tasks)
    pieces = report_builds._pieces(report)
    assert len(pieces) > len(report.rows) // 2
    assert all(len(pickle.loads(piece)) <= 2 for piece in pieces[1:])
    assert max(len(piece) for piece in pieces) < len(pickle.dumps(report)) / 4
    assert report_builds._unpieced(pieces) == report
    assert report_builds.write_pieces(report_builds.writer_for("x.xlsx"), pieces)[:2] == b"PK"


async def test_the_report_is_read_and_consolidated_in_the_writers_process(world: World, monkeypatch) -> None:
    """Reading and consolidating 2,000 measures held the bot's interpreter lock for most of a second, in worker
    threads as they were (issue 23: replies while reports build): the bot's process does neither, and the
    report that comes back is the one built here."""
    from reports.build import build_year

    here = await build_year(world.db, 1, 2023, None)

    def not_here(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("built in the bot's process")

    report_builds.writers()  # started (the first report of all, before it is, is built here)
    monkeypatch.setattr(report_builds, "build_year", not_here)
    built = await asyncio.wait_for(ReportBuilds().report(world.db, 1, 2023, None), 60)
    assert built == here and built.report.rows
    report_builds.stop_writers()
