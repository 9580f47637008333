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
    original = report_builds.build_report

    async def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(report_builds, "build_report", counting)
    first, second = await asyncio.gather(
        builds.report(world.db, 1, 2023, None), builds.report(world.db, 1, 2023, None)
    )
    assert first is second and calls == 1
    key = (1, 2023, None)
    files = await asyncio.gather(builds.file(first, key, ".xlsx"), builds.file(first, key, ".xlsx"))
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
    report = await builds.report(world.db, 1, 2023, None)
    data = await builds.file(report, (1, 2023, None), ".pdf")
    assert data.startswith(b"%PDF") and seen and seen[0] != threading.main_thread().name
