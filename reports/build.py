"""The I/O edge of report building: load a year from the database, consolidate it.

Which report may be built, and what a year without data or a range of years outside the term is, are the
rules of ``actions.reports``, which builds them with this module."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import aiosqlite

from reports.consolidate import consolidate
from reports.gc_pause import collection_paused
from reports.model import Report
from storage.db import Database
from storage.evidence import file_counts
from storage.models import Fund
from storage.programs import ProgramTree, load_plans, load_program
from storage.reviews import accepted_revisions
from storage.submissions import Revision, revisions_that_count


class NoSuchProgram(LookupError):
    pass


_Read = tuple[ProgramTree, dict[tuple[int, Fund], Decimal], list[Revision], dict[int, int]]


async def _read(
    conn: aiosqlite.Connection,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool = False,
    plans_at: dt.datetime | None = None,
) -> _Read:
    tree = await load_program(conn, program_id, year)
    if tree is None:
        raise NoSuchProgram(program_id)
    # The plans of then, as the revisions are (an interim report's: of the date its figures stand at)
    plans = await load_plans(conn, program_id, year, plans_at or at)
    # Only the revisions that count: a long history costs nothing here.
    if accepted_only:
        submissions = await accepted_revisions(conn, program_id, year, at)
    else:
        submissions = await revisions_that_count(conn, program_id, year, at)
    return tree, plans, submissions, await file_counts(conn, program_id, year)


def _read_snapshot(
    path: Path,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool = False,
    plans_at: dt.datetime | None = None,
) -> _Read:
    """``_read`` on a connection of its own, in one read transaction, on the calling (worker) thread's own
    event loop. The database is in WAL mode: the transaction's first read fixes a snapshot, which later
    commits do not change and which holds no writer up."""

    async def run() -> _Read:
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA busy_timeout=5000")
            await conn.execute("BEGIN")
            try:
                return await _read(conn, program_id, year, at, accepted_only, plans_at)
            finally:
                await conn.rollback()
        finally:
            await conn.close()

    return asyncio.run(run())


@dataclasses.dataclass(frozen=True, slots=True)
class BuiltYear:
    report: Report
    has_plans: bool  # any plan of the year was set (as of the moment): else its plan columns are empty


async def build_year(
    db: Database,
    program_id: int,
    year: int,
    at: dt.datetime | None = None,
    *,
    accepted_only: bool = False,
    plans_at: dt.datetime | None = None,
) -> BuiltYear:
    """The year's report from each department's newest revision (``accepted_only``: its newest accepted one),
    with whether the year has plans: both from the one read of the database. The plans are those in force at
    ``plans_at`` (an interim report's date), else at ``at``."""
    with collection_paused():
        if str(db.path) == ":memory:":  # no other connection can see it
            async with db.locked() as conn:
                tree, plans, submissions, counts = await _read(
                    conn, program_id, year, at, accepted_only, plans_at
                )
        else:
            # Not under the lock, not on the event loop: 2,000 measures x 10 revisions took 130 ms to read
            # and turn into objects, the bot's other users' queries waiting meanwhile.
            tree, plans, submissions, counts = await asyncio.to_thread(
                _read_snapshot, db.path, program_id, year, at, accepted_only, plans_at
            )
        has_plans = bool(plans)
        # A measure retired by an amendment is not in the year's report, nor in its totals.
        measures = tree.in_force(year)
        ids = {m.id for m in measures}
        plans = {key: amount for key, amount in plans.items() if key[0] in ids}
        submissions = [s for s in submissions if s.measure_id in ids]
        # CPU-bound: in a worker thread, so that a caller's event loop keeps answering meanwhile.
        report = await asyncio.to_thread(
            consolidate, tree.program, tree.tasks, measures, tree.departments, plans, submissions, year, at
        )
        files = tuple((m.number, counts[m.id]) for m in measures if counts.get(m.id))
        return BuiltYear(dataclasses.replace(report, evidence_files=files) if files else report, has_plans)


async def build_report(
    db: Database, program_id: int, year: int, at: dt.datetime | None = None, *, accepted_only: bool = False
) -> Report:
    """The year's report alone (``build_year``)."""
    return (await build_year(db, program_id, year, at, accepted_only=accepted_only)).report
