"""Reports and their files built off the event loop, and once for everybody asking for the same at once.

Reading, consolidating and writing a big program takes seconds of CPU: done in the bot's process, even in
worker threads, it held the interpreter's lock for most of them, and every other person's reply waited its
turn for it (p99 137-253 ms while five reports of 2,000 measures built, against 26-34 ms). So the whole of
it runs in a process of its own (``WRITER_PROCESSES``, spawned at the first report): the report is read
there (``reports.build.build_year``, on a connection of its own, in one read transaction: a consistent WAL
snapshot that holds neither the bot's connection nor any writer up) and consolidated, and comes back to be
captioned; its files are written there. A report crosses between the processes pickled in pieces
(``_pieces``), in a worker thread: pickled whole, a report of 2,000 measures (4 MB) was one call of 25-80 ms
that held the lock throughout (C code never hands it over), and a reply that came then waited for all of
it. A database only this process can see (":memory:"), and the first report, before the process is started,
are read here. Two coordinators asking for the same
report (program, year, moment, format) while it is being built share the one build.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
import logging
import multiprocessing
import pickle
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TypeVar

from reports.build import BuiltYear, build_year
from reports.model import Report
from reports.writers import Writer, writer_for
from storage.db import Database, connect

log = logging.getLogger("zvitbot.reports")

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
            lambda: _build_elsewhere(db, program_id, year, at, accepted_only, plans_at),
        )

    async def file(self, report: Report, extension: str) -> bytes:
        """``report`` (as ``report()`` built it, shared) written as ``extension`` (".xlsx", ".docx", ".pdf")."""
        writer = writer_for(f"report{extension}")  # here: a writer registered at run time is known only here
        return await _shared(self._files, (id(report), extension), lambda: _write_elsewhere(writer, report))


# --- the writers' process ----------------------------------------------------------------------------

# Reports are asked for one at a time; a second process would take the replies' core. Not at a lower priority:
# on a busy machine (a load of 14 on 2 cores) a niced writer got so little CPU that a PDF took over a minute.
WRITER_PROCESSES = 1
_pool: ProcessPoolExecutor | None = None


def write_file(writer: Writer, report: Report) -> bytes:
    """The file's bytes (in the writers' process; in a thread when it cannot be there)."""
    buffer = io.BytesIO()
    writer.write(report, buffer)
    return buffer.getvalue()


# Rows pickled in one piece: ~100 rows are about 3 ms of pickling, the longest the lock is held at a time.
ROWS_PER_PIECE = 100


def _pieces(report: Report) -> list[bytes]:
    """``report`` pickled in pieces, none of them long to pickle: first the report without its tasks' rows and
    how many pieces each task's rows take, then the rows, ``ROWS_PER_PIECE`` at a time (``_unpieced`` puts it
    together again). Between two pieces the thread that pickles lets the event loop have the lock."""
    shell = dataclasses.replace(report, tasks=tuple(dataclasses.replace(t, rows=()) for t in report.tasks))
    counts = [-(-len(t.rows) // ROWS_PER_PIECE) for t in report.tasks]
    pieces = [pickle.dumps((shell, counts), pickle.HIGHEST_PROTOCOL)]
    for task in report.tasks:
        for start in range(0, len(task.rows), ROWS_PER_PIECE):
            pieces.append(pickle.dumps(task.rows[start : start + ROWS_PER_PIECE], pickle.HIGHEST_PROTOCOL))
    return pieces


def _unpieced(pieces: list[bytes]) -> Report:
    """The report ``_pieces`` pickled."""
    shell, counts = pickle.loads(pieces[0])
    rest = iter(pieces[1:])
    tasks = []
    for task, count in zip(shell.tasks, counts, strict=True):
        rows = [row for _ in range(count) for row in pickle.loads(next(rest))]
        tasks.append(dataclasses.replace(task, rows=tuple(rows)))
    return dataclasses.replace(shell, tasks=tuple(tasks))


def write_pieces(writer: Writer, pieces: list[bytes]) -> bytes:
    """``write_file`` of the report ``_pieces`` pickled (in the writers' process)."""
    return write_file(writer, _unpieced(pieces))


def writers() -> ProcessPoolExecutor:
    """The writers' process pool, shared by the whole process (spawned, not forked: the bot's threads and
    open connections stay out of it); started at the first file."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(WRITER_PROCESSES, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def stop_writers() -> None:
    """Stop the writers' process (at shutdown); a later file starts another."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def build_pieces(
    path: str,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool,
    plans_at: dt.datetime | None,
) -> tuple[bool, list[bytes]]:
    """In the writers' process: ``build_year`` of the database at ``path`` (relative: to the directory the bot
    ran in when it spawned the process, as its own); whether the year has plans, the report in pieces."""

    async def run() -> BuiltYear:
        db = await connect(path, migrate_to=None)  # the bot's process migrated it
        try:
            return await build_year(db, program_id, year, at, accepted_only=accepted_only, plans_at=plans_at)
        finally:
            await db.close()

    built = asyncio.run(run())
    return built.has_plans, _pieces(built.report)


async def _build_elsewhere(
    db: Database,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool,
    plans_at: dt.datetime | None,
) -> BuiltYear:
    """``build_year`` in the writers' process (``build_pieces``); here when the database is ":memory:", the
    process is not started yet (the bot's first report) or it died (as ``_write_elsewhere``)."""
    if str(db.path) == ":memory:" or _pool is None:
        # Not yet started: spawning the process (seconds on a busy machine) would keep even a refusal («no
        # data») waiting; this one is built here, the files start the process (``_write_elsewhere``).
        return await build_year(db, program_id, year, at, accepted_only=accepted_only, plans_at=plans_at)
    loop = asyncio.get_running_loop()
    try:
        has_plans, pieces = await loop.run_in_executor(
            writers(), build_pieces, str(db.path), program_id, year, at, accepted_only, plans_at
        )
    except BrokenProcessPool:
        log.warning("the report writers' process is gone; the report built here")
        stop_writers()
        return await build_year(db, program_id, year, at, accepted_only=accepted_only, plans_at=plans_at)
    return BuiltYear(await asyncio.to_thread(_unpieced, pieces), has_plans)


async def _write_elsewhere(writer: Writer, report: Report) -> bytes:
    """``write_file`` in the writers' process: the writer goes there pickled (the shipped writers are named by
    their module), the report in pieces (``_pieces``), the file's bytes come back. A writer that cannot be
    pickled (one registered at run time, defined where the process cannot import it) writes in a thread, as
    before."""
    loop = asyncio.get_running_loop()
    try:
        pickle.dumps(writer)
    except Exception:
        return await asyncio.to_thread(write_file, writer, report)
    try:
        pieces = await asyncio.to_thread(_pieces, report)
        return await loop.run_in_executor(writers(), write_pieces, writer, pieces)
    except (
        BrokenProcessPool
    ):  # the process died (killed, out of memory): this file in a thread, a new one next
        log.warning("the report writers' process is gone; %s written in a thread", writer.extension)
        stop_writers()
        return await asyncio.to_thread(write_file, writer, report)


async def _shared(running: dict[K, asyncio.Task[T]], key: K, start: Callable[[], Awaitable[T]]) -> T:
    task = running.get(key)
    if task is None:
        task = asyncio.ensure_future(start())
        running[key] = task
        task.add_done_callback(lambda _: running.pop(key, None))
    # One caller giving up (its update cancelled) must not cancel the others' build.
    return await asyncio.shield(task)
