"""The coordinator's reads of a program's state as actions (actions.periods.default_year, actions.status,
actions.uploads.upload_for_actor): the decisions they take, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from actions import periods
from actions.actor import Actor
from actions.periods import DefaultYear, Why
from actions.programs import import_program
from actions.refusals import Reason, Refused
from reports.importer import read_file_grid
from reports.report_parser import parse_grid
from storage.db import Database, connect
from storage.models import NewProgram, Program
from storage.programs import list_programs, upsert_program
from tests.conftest import SEED

COORDINATOR = Actor(500, "Координаторка", coordinator=True)
MEMBER = Actor(2001, "Іван", coordinator=False)
CLI = Actor.command_line("командний рядок (test)")
TODAY = dt.date(2024, 3, 1)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await connect(tmp_path / "z.db")
    await import_program(database, CLI, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
    try:
        yield database
    finally:
        await database.close()


async def _program(db: Database) -> Program:
    async with db.locked() as conn:
        [program] = await list_programs(conn)
    return program


async def _refused(reason: Reason, action: object) -> Refused:
    with pytest.raises(Refused) as info:
        await action  # type: ignore[misc]
    assert info.value.reason is reason
    return info.value


# --- the year a command without one works on ----------------------------------------------------------


async def test_the_default_year_is_the_newest_open_one_else_data_else_opened(db: Database) -> None:
    program = await _program(db)
    # The seed's report: its year has data, nothing is open.
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2023, Why.DATA)
    await periods.open_year(db, COORDINATOR, program, 2021, dt.date(2022, 1, 20))
    await periods.open_year(db, COORDINATOR, program, 2022, dt.date(2023, 1, 20))
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2022, Why.OPEN)
    await periods.lock_year(db, COORDINATOR, program, 2022)
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2021, Why.OPEN)
    await periods.lock_year(db, COORDINATOR, program, 2021)  # nothing open: the data again
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2023, Why.DATA)
    await _refused(Reason.NOT_COORDINATOR, periods.default_year(db, MEMBER, program, TODAY))


async def test_without_data_the_newest_opened_year_else_last_year_within_the_term(db: Database) -> None:
    seeded = await _program(db)
    # Another program of the same term: no plans, no reports, no year opened.
    async with db.transaction() as conn:
        await upsert_program(
            conn, NewProgram(**{**seeded.model_dump(exclude={"id"}), "decision_number": "2"})
        )
        [program] = [p for p in await list_programs(conn) if p.id != seeded.id]
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2023, Why.LAST)
    assert await periods.default_year(db, COORDINATOR, program, dt.date(2020, 6, 1)) is None  # 2019: before
    assert await periods.default_year(db, COORDINATOR, program, dt.date(2027, 6, 1)) is None  # 2026: after
    await periods.open_year(db, COORDINATOR, program, 2021)
    await periods.lock_year(db, COORDINATOR, program, 2021)
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2021, Why.OPENED)
