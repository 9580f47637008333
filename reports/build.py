"""The I/O edge of report building: load from the database, consolidate, hand to the writer."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import aiosqlite

from l10n import t
from reports.consolidate import consolidate
from reports.gc_pause import collection_paused
from reports.model import Report
from reports.term_report import TermReport, consolidate_term
from storage.db import Database
from storage.evidence import file_counts
from storage.models import Fund
from storage.programs import ProgramTree, get_program, load_plans, load_program
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
) -> _Read:
    tree = await load_program(conn, program_id, year)
    if tree is None:
        raise NoSuchProgram(program_id)
    plans = await load_plans(conn, program_id, year, at)  # the plans of then, as the revisions are
    # Only the revisions that count: a long history costs nothing here.
    if accepted_only:
        submissions = await accepted_revisions(conn, program_id, year, at)
    else:
        submissions = await revisions_that_count(conn, program_id, year, at)
    return tree, plans, submissions, await file_counts(conn, program_id, year)


def _read_snapshot(
    path: Path, program_id: int, year: int, at: dt.datetime | None, accepted_only: bool = False
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
                return await _read(conn, program_id, year, at, accepted_only)
            finally:
                await conn.rollback()
        finally:
            await conn.close()

    return asyncio.run(run())


async def build_report(
    db: Database, program_id: int, year: int, at: dt.datetime | None = None, *, accepted_only: bool = False
) -> Report:
    """The year's report from each department's newest revision (``accepted_only``: its newest accepted one)."""
    with collection_paused():
        if str(db.path) == ":memory:":  # no other connection can see it
            async with db.locked() as conn:
                tree, plans, submissions, counts = await _read(conn, program_id, year, at, accepted_only)
        else:
            # Not under the lock, not on the event loop: 2,000 measures x 10 revisions took 130 ms to read
            # and turn into objects, the bot's other users' queries waiting meanwhile.
            tree, plans, submissions, counts = await asyncio.to_thread(
                _read_snapshot, db.path, program_id, year, at, accepted_only
            )
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
        return dataclasses.replace(report, evidence_files=files) if files else report


class TermRangeError(ValueError):
    """A range of years the term report cannot be built for; ``str()`` says why, in Ukrainian."""

    def __init__(self, problem: str, first_year: int, last_year: int, start_year: int, end_year: int) -> None:
        super().__init__(problem)
        self.problem = problem  # "reversed" | "outside" | "no-data"
        self.first_year, self.last_year = first_year, last_year
        self.start_year, self.end_year = start_year, end_year

    def __str__(self) -> str:
        asked = {"first": self.first_year, "last": self.last_year}
        if self.problem == "reversed":
            return t("term-range-reversed", **asked)
        if self.problem == "outside":
            return t("term-range-outside", **asked, start=self.start_year, end=self.end_year)
        return t("term-range-no-data", **asked)


def year_has_data(report: Report, plans: Mapping[object, object]) -> bool:
    """A year has data when it has plans or any department's report in it."""
    return bool(plans) or any(row.reported_by for row in report.rows)


async def build_term_report(
    db: Database,
    program_id: int,
    first_year: int,
    last_year: int,
    at: dt.datetime | None = None,
    *,
    accepted_only: bool = False,
) -> TermReport:
    """The final report over ``first_year``..``last_year`` (within the program's term): each year's report
    (``build_report``, so retired measures and every yearly rule hold; ``accepted_only`` as there), the years
    without any data (no plans, no reports) left out, consolidated by ``reports.term_report.consolidate_term``."""
    async with db.locked() as conn:
        program = await get_program(conn, program_id)
    if program is None:
        raise NoSuchProgram(program_id)
    start, end = program.start_year, program.end_year
    if first_year > last_year:
        raise TermRangeError("reversed", first_year, last_year, start, end)
    if first_year < start or last_year > end:
        raise TermRangeError("outside", first_year, last_year, start, end)
    annual: list[Report] = []
    for year in range(first_year, last_year + 1):
        report = await build_report(db, program_id, year, at, accepted_only=accepted_only)
        async with db.locked() as conn:
            plans = await load_plans(conn, program_id, year, at)
        if year_has_data(report, plans):
            annual.append(report)
    if not annual:
        raise TermRangeError("no-data", first_year, last_year, start, end)
    return replace(consolidate_term(annual), first_year=first_year, last_year=last_year)
