"""The I/O edge of report building: load a year from the database, consolidate it.

Which report may be built, and what a year without data or a range of years outside the term is, are the
rules of ``actions.reports``, which builds them with this module."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable, Coroutine
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from reports.consolidate import consolidate
from reports.gc_pause import collection_paused
from reports.model import IndicatorRow, Report
from storage.db import Database
from storage.evidence import file_counts
from storage.indicators import indicator_facts, indicator_plans, program_indicators
from storage.models import Fund
from storage.programs import ProgramTree, load_plans, load_program
from storage.reviews import accepted_revisions
from storage.submissions import Revision, revisions_that_count


class NoSuchProgram(LookupError):
    pass


T = TypeVar("T")
R = TypeVar("R")
# More reads in the report's read transaction: given the connection and the revisions the report counts (each
# department's newest on each measure, of every measure of the program; its accepted ones: ``accepted_only``).
Also = Callable[[aiosqlite.Connection, list[Revision]], Coroutine[Any, Any, T]]

_Read = tuple[
    ProgramTree, dict[tuple[int, Fund], Decimal], list[Revision], dict[int, int], tuple[IndicatorRow, ...]
]


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
    counts = await file_counts(conn, program_id, year)
    indicators = await _indicators(conn, program_id, year, at, accepted_only, plans_at or at)
    return tree, plans, submissions, counts, indicators


async def _indicators(
    conn: aiosqlite.Connection,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool,
    plans_at: dt.datetime | None,
) -> tuple[IndicatorRow, ...]:
    """Section 2 of the year: the indicators in force, their plans and the facts that count (as of ``at``)."""
    if not await conn.execute_fetchall(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'indicators'"
    ):
        return ()  # a database of an earlier release, read as it is (not migrated): no section 2
    indicators = [i for i in await program_indicators(conn, program_id) if i.in_force(year)]
    if not indicators:
        return ()
    plans = await indicator_plans(conn, program_id, year, at=plans_at)
    facts = await indicator_facts(conn, program_id, year, at=at, accepted_only=accepted_only)
    rows = []
    for indicator in indicators:
        fact = facts.get(indicator.id)
        rows.append(
            IndicatorRow(
                number=indicator.number,
                kind=indicator.kind.value,
                name=indicator.name,
                unit=indicator.unit,
                plan=plans.get(indicator.id),
                fact=fact.value if fact is not None else None,
                reason=(fact.reason or "") if fact is not None else "",
            )
        )
    return tuple(rows)


@dataclasses.dataclass(frozen=True, slots=True)
class BuiltYear:
    report: Report
    has_plans: bool  # any plan of the year was set (as of the moment): else its plan columns are empty


def _read_snapshot(
    path: Path,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool = False,
    plans_at: dt.datetime | None = None,
    also: Also[T] | None = None,
) -> tuple[BuiltYear, T | None]:
    """``_read`` (and ``also``) on a connection of its own, in one read transaction, on the calling (worker)
    thread itself, and the year built from it there too. The database is in WAL mode: the transaction's first
    read fixes a snapshot, which later commits do not change and which holds no writer up.

    The storage functions are coroutines over an ``aiosqlite`` connection; here they get a ``_Direct`` one, whose
    queries are answered on this thread at once, and are run to their end without an event loop: no loop made
    per build, no database thread, no trip between threads per query (each a wait for a core when the machine
    is busy)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row  # aiosqlite.Row
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("BEGIN")
        try:
            direct = cast(aiosqlite.Connection, _Direct(conn))
            read = _at_once(_read(direct, program_id, year, at, accepted_only, plans_at))
            extra = _at_once(also(direct, read[2])) if also is not None else None
        finally:
            conn.rollback()
    finally:
        conn.close()
    return _built(read, year, at), extra


class _Direct:
    """What the storage functions a report reads with ask of an ``aiosqlite.Connection`` (``execute_fetchall``),
    answered by a ``sqlite3`` connection on the calling thread."""

    __slots__ = ("_conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, parameters).fetchall()


def _at_once(coroutine: Coroutine[Any, Any, R]) -> R:
    """A coroutine that never waits on anything but ``_Direct`` (whose awaits complete at once), run to its
    end; one that waits on something else is a mistake, said at once."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return cast(R, done.value)
    coroutine.close()
    raise RuntimeError("a report's read waited on something other than its database connection")


def _built(read: _Read, year: int, at: dt.datetime | None) -> BuiltYear:
    """The year's report from what ``_read`` read (CPU-bound: called in a worker thread)."""
    tree, plans, submissions, counts, indicators = read
    has_plans = bool(plans)
    # A measure retired by an amendment is not in the year's report, nor in its totals.
    measures = tree.in_force(year)
    ids = {m.id for m in measures}
    plans = {key: amount for key, amount in plans.items() if key[0] in ids}
    submissions = [s for s in submissions if s.measure_id in ids]
    report = consolidate(tree.program, tree.tasks, measures, tree.departments, plans, submissions, year, at)
    files = tuple((m.number, counts[m.id]) for m in measures if counts.get(m.id))
    if files or indicators:
        report = dataclasses.replace(report, evidence_files=files, indicators=indicators)
    return BuiltYear(report, has_plans)


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
    built, _ = await _build_year(db, program_id, year, at, accepted_only, plans_at, None)
    return built


async def build_year_and(
    db: Database,
    program_id: int,
    year: int,
    also: Also[T],
    *,
    accepted_only: bool = False,
) -> tuple[BuiltYear, T]:
    """``build_year`` as the year stands, and what ``also`` reads, in the same read transaction: of one moment,
    in one trip off the event loop (the Mini App's program view: the year's status beside its report)."""
    built, extra = await _build_year(db, program_id, year, None, accepted_only, None, also)
    return built, cast(T, extra)


async def _build_year(
    db: Database,
    program_id: int,
    year: int,
    at: dt.datetime | None,
    accepted_only: bool,
    plans_at: dt.datetime | None,
    also: Also[T] | None,
) -> tuple[BuiltYear, T | None]:
    with collection_paused():
        if str(db.path) == ":memory:":  # no other connection can see it
            async with db.locked() as conn:
                read = await _read(conn, program_id, year, at, accepted_only, plans_at)
                extra = await also(conn, read[2]) if also is not None else None
            # CPU-bound: in a worker thread, so that a caller's event loop keeps answering meanwhile.
            return await asyncio.to_thread(_built, read, year, at), extra
        # Not under the lock, not on the event loop: 2,000 measures x 10 revisions took 130 ms to read
        # and turn into objects, the bot's other users' queries waiting meanwhile; built in the same
        # worker thread (one trip).
        return await asyncio.to_thread(
            _read_snapshot, db.path, program_id, year, at, accepted_only, plans_at, also
        )


async def build_report(
    db: Database, program_id: int, year: int, at: dt.datetime | None = None, *, accepted_only: bool = False
) -> Report:
    """The year's report alone (``build_year``)."""
    return (await build_year(db, program_id, year, at, accepted_only=accepted_only)).report
