"""Report files built off the event loop, and once for everybody who asks for the same at the same time.

Consolidating and writing a big program takes seconds of CPU: done on the event loop, it would hold up
every other person's reply. The database is read in a worker thread on a connection of its own, in one
read transaction (a consistent WAL snapshot that holds neither the bot's connection nor any writer up:
``reports.build``); consolidation and each writer then run in a worker thread. Two
coordinators asking for the same report (program, year, moment, format) while it is being built share
the one build.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from reports.build import BuiltYear, build_year
from reports.model import Report
from reports.writers import writer_for
from storage.db import Database

K = TypeVar("K")
T = TypeVar("T")
# program, year, moment, accepted revisions only, the plans' moment
ReportKey = tuple[int, int, dt.datetime | None, bool, dt.datetime | None]


@dataclass
class ReportBuilds:
    """In-flight builds of consolidated reports and of their files."""

    _reports: dict[ReportKey, asyncio.Task[BuiltYear]] = field(default_factory=dict)
    # keyed by the report object itself (alive while its files are written), and the extension
    _files: dict[tuple[int, str], asyncio.Task[bytes]] = field(default_factory=dict)

    async def report(
        self,
        db: Database,
        program_id: int,
        year: int,
        at: dt.datetime | None,
        accepted_only: bool = False,
        plans_at: dt.datetime | None = None,
    ) -> BuiltYear:
        """A year's report (``reports.build.build_year``; ``actions.reports.year_report`` builds with it)."""
        key: ReportKey = (program_id, year, at, accepted_only, plans_at)
        return await _shared(
            self._reports,
            key,
            lambda: build_year(db, program_id, year, at, accepted_only=accepted_only, plans_at=plans_at),
        )

    async def file(self, report: Report, extension: str) -> bytes:
        """``report`` (as ``report()`` built it, shared) written as ``extension`` (".xlsx", ".docx", ".pdf")."""
        writer = writer_for(f"report{extension}")

        def write() -> bytes:
            buffer = io.BytesIO()
            writer.write(report, buffer)
            return buffer.getvalue()

        return await _shared(self._files, (id(report), extension), lambda: asyncio.to_thread(write))


async def _shared(running: dict[K, asyncio.Task[T]], key: K, start: Callable[[], Awaitable[T]]) -> T:
    task = running.get(key)
    if task is None:
        task = asyncio.ensure_future(start())
        running[key] = task
        task.add_done_callback(lambda _: running.pop(key, None))
    # One caller giving up (its update cancelled) must not cancel the others' build.
    return await asyncio.shield(task)
