"""The I/O edge of report building: load from the database, consolidate, hand to the writer."""

from __future__ import annotations

import asyncio
import datetime as dt

from reports.consolidate import consolidate
from reports.gc_pause import collection_paused
from reports.model import Report
from storage.db import Database
from storage.programs import load_plans, load_program
from storage.submissions import revisions_that_count


class NoSuchProgram(LookupError):
    pass


async def build_report(db: Database, program_id: int, year: int, at: dt.datetime | None = None) -> Report:
    with collection_paused():
        async with db.locked() as conn:
            tree = await load_program(conn, program_id, year)
            if tree is None:
                raise NoSuchProgram(program_id)
            plans = await load_plans(conn, program_id, year)
            # Only the revisions that count: a long history costs nothing here.
            submissions = await revisions_that_count(conn, program_id, year, at)
        # A measure retired by an amendment is not in the year's report, nor in its totals.
        measures = tree.in_force(year)
        ids = {m.id for m in measures}
        plans = {key: amount for key, amount in plans.items() if key[0] in ids}
        submissions = [s for s in submissions if s.measure_id in ids]
        # CPU-bound: in a worker thread, so that a caller's event loop keeps answering meanwhile.
        return await asyncio.to_thread(
            consolidate, tree.program, tree.tasks, measures, tree.departments, plans, submissions, year, at
        )
