"""The city at a glance (actions.city.city_status) on a city of 32 programs (tests/citykit.py): the same counts as
each program's /status, in a few queries whatever the number of programs; administrators and observers only."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from actions import city
from actions.actor import Actor
from actions.periods import Why, default_year
from actions.refusals import Reason
from actions.status import PeriodState, year_status
from storage.db import Database, connect
from tests.actionkit import refusal_of
from tests.citykit import DEADLINE, ELSEWHERE, PROGRAMS, YEAR, copy_city, label, make_city, owing, waiting

ADMIN = Actor(500, "Адміністраторка", administrator=True)
OBSERVER = Actor(600, "Спостерігач", observer=True)
AFTER = DEADLINE + dt.timedelta(days=3)  # the deadline passed: departments owing are late


@pytest.fixture(scope="module")
def city_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city") / "city.sqlite3"
    asyncio.run(make_city(path))
    return path


@pytest.fixture(name="db")
async def db_fixture(city_file: Path, tmp_path: Path) -> AsyncIterator[Database]:
    database = await connect(copy_city(city_file, tmp_path / "city.sqlite3"))
    try:
        yield database
    finally:
        await database.close()


def number(line: city.ProgramLine) -> int:
    return int(line.program.name.split("напрям ")[1][:2])


async def test_a_line_per_program_with_the_counts_of_its_own_status(db: Database) -> None:
    status = await city.city_status(db, ADMIN, None, AFTER)
    assert [number(line) for line in status.lines] == list(range(1, PROGRAMS + 1))
    for line in status.lines:
        n = number(line)
        assert label(n) in line.program.name
        # The year each program's own commands default to: the open 2023, or the data's 2022.
        found = await default_year(db, ADMIN, line.program, AFTER)
        assert found is not None
        assert (line.year, line.why) == (found.year, found.why)
        assert line.why is (Why.DATA if n in ELSEWHERE else Why.OPEN)
        # The counts of the program's /status of that year.
        own = await year_status(db, ADMIN, line.program.id, found.year)
        assigned = {m for e in own.progress for m in e.assigned}
        owed = {m for e in own.progress for m in e.missing}
        assert line.measures == len(assigned) and line.reported == len(assigned - owed)
        assert line.waiting == sum(own.waiting.values())
        assert line.late == (
            sum(1 for e in own.progress if e.missing) if own.period is PeriodState.OPEN else 0
        )
        # What the city made them: task 3 owed, a report waiting, no year open.
        assert line.complete is not owing(n)
        assert line.late > 0 if owing(n) else line.late == 0
        assert line.waiting == (1 if waiting(n) else 0)
        assert line.period is (PeriodState.NONE if n in ELSEWHERE else PeriodState.OPEN)
        assert line.deadline == (None if n in ELSEWHERE else DEADLINE)
    assert status.late == sum(line.late for line in status.lines) > 0
    assert status.waiting == sum(1 for n in range(1, PROGRAMS + 1) if waiting(n))


async def test_nobody_is_late_before_the_deadline(db: Database) -> None:
    status = await city.city_status(db, ADMIN, None, DEADLINE)
    assert status.late == 0
    assert any(not line.complete for line in status.lines)


async def test_a_year_asked_for_is_every_programs(db: Database) -> None:
    status = await city.city_status(db, OBSERVER, 2022, AFTER)
    assert status.year == 2022
    for line in status.lines:
        assert (line.year, line.why, line.in_term, line.late) == (2022, None, True, 0)
        # Only the programs imported as 2022's report have its figures; the others' measures are owed.
        assert line.complete is (number(line) in ELSEWHERE)
    outside = await city.city_status(db, OBSERVER, 2019, AFTER)
    assert not any(line.in_term for line in outside.lines)


async def test_a_few_queries_whatever_the_number_of_programs(db: Database) -> None:
    statements: list[str] = []
    conn: Any = db.conn
    fetchall = conn.execute_fetchall

    async def recorded(sql: str, params: Any = ()) -> Any:
        statements.append(sql)
        return await fetchall(sql, params)

    conn.execute_fetchall = recorded
    try:
        await city.city_status(db, ADMIN, None, AFTER)
    finally:
        conn.execute_fetchall = fetchall
    assert len(statements) <= 10, statements  # not a query or more per program (32 here)


async def test_only_administrators_and_observers_see_the_city(db: Database) -> None:
    async with db.locked() as conn:
        [first] = [r[0] for r in await conn.execute_fetchall("SELECT MIN(id) FROM programs")]
    assert len((await city.city_status(db, OBSERVER, YEAR, AFTER)).lines) == PROGRAMS
    for someone in (
        Actor(2001, "Іван", departments=frozenset({1})),  # a member
        Actor(3001, "Незнайомець"),  # a stranger
        Actor(700, "Координатор однієї програми", programs=frozenset({first})),
    ):
        await refusal_of(Reason.NOT_CITY_READER, city.city_status(db, someone, YEAR, AFTER))
