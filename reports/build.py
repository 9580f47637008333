"""The I/O edge of report building: load from the database, consolidate, hand to the writer."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from l10n import t
from reports.consolidate import consolidate
from reports.gc_pause import collection_paused
from reports.model import Report
from reports.term import TermReport, consolidate_term
from storage.db import Database
from storage.evidence import file_counts
from storage.programs import get_program, load_plans, load_program
from storage.reviews import accepted_revisions
from storage.submissions import revisions_that_count


class NoSuchProgram(LookupError):
    pass


async def build_report(
    db: Database, program_id: int, year: int, at: dt.datetime | None = None, *, accepted_only: bool = False
) -> Report:
    """The year's report from each department's newest revision (``accepted_only``: its newest accepted one)."""
    with collection_paused():
        async with db.locked() as conn:
            tree = await load_program(conn, program_id, year)
            if tree is None:
                raise NoSuchProgram(program_id)
            plans = await load_plans(conn, program_id, year)
            # Only the revisions that count: a long history costs nothing here.
            if accepted_only:
                submissions = await accepted_revisions(conn, program_id, year, at)
            else:
                submissions = await revisions_that_count(conn, program_id, year, at)
            counts = await file_counts(conn, program_id, year)
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
    db: Database, program_id: int, first_year: int, last_year: int, at: dt.datetime | None = None
) -> TermReport:
    """The final report over ``first_year``..``last_year`` (within the program's term): each year's report
    (``build_report``, so retired measures and every yearly rule hold), the years without any data (no plans,
    no reports) left out, consolidated by ``reports.term.consolidate_term``."""
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
        report = await build_report(db, program_id, year, at)
        async with db.locked() as conn:
            plans = await load_plans(conn, program_id, year)
        if year_has_data(report, plans):
            annual.append(report)
    if not annual:
        raise TermRangeError("no-data", first_year, last_year, start, end)
    return replace(consolidate_term(annual), first_year=first_year, last_year=last_year)
