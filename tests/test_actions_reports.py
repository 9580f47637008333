"""actions.reports on a real database file: who may build a report, a year without data, an interim report as
of its deadline, the range of the term report; one read of the database per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import actions.reports as reports_actions
from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.reports import AsOfDeadline, term_report, year_report
from reports.build import BuiltYear, build_year
from storage.db import Database, connect
from storage.deadlines import Interim
from storage.models import Fund, NewSubmission, Program
from storage.plans import PlanKey, apply_plans
from storage.programs import list_programs, load_program
from storage.submissions import add_submission
from tests.dbkit import import_seed

COMMAND_LINE = Actor.command_line("test")
MEMBER = Actor(1001, "Олена")
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
async def seeded(tmp_path: Path, seed_path: Path) -> AsyncIterator[tuple[Database, Program]]:
    path = tmp_path / "z.db"
    await import_seed(path, seed_path)  # the published 2023 report: plans and reports of 2023 only
    db = await connect(path)
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        yield db, program
    finally:
        await db.close()


async def refused(reason: Reason, coro) -> Refused:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        await coro
    assert caught.value.reason is reason
    return caught.value


async def test_a_year_with_data_and_one_without(seeded: tuple[Database, Program]) -> None:
    db, program = seeded
    built = await year_report(db, COMMAND_LINE, program, 2023)
    assert built.report.year == 2023 and built.has_plans and built.at is None
    failure = await refused(Reason.REPORT_NO_DATA, year_report(db, COMMAND_LINE, program, 2024))
    assert failure.details == {"year": 2024, "program": program.name}
    await refused(Reason.NOT_COORDINATOR, year_report(db, MEMBER, program, 2023))
    await refused(Reason.NOT_COORDINATOR, term_report(db, MEMBER, program, 2020, 2025))


async def test_a_year_of_reports_without_plans_has_data_and_says_so(seeded: tuple[Database, Program]) -> None:
    db, program = seeded
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        assert tree is not None
        measure = tree.measures[0]
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure.id,
                department_id=measure.department_ids()[0],
                year=2024,
                percent=Decimal(50),
                info="Половина",
            ),
        )
    built = await year_report(db, COMMAND_LINE, program, 2024)
    assert not built.has_plans and any(row.reported_by for row in built.report.rows)


async def test_an_interim_report_is_as_of_the_end_of_its_deadline(seeded: tuple[Database, Program]) -> None:
    db, program = seeded
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        assert tree is not None
        key = PlanKey(tree.measures[0].id, 2024, Fund.GENERAL)
        await apply_plans(conn, {key: Decimal(5)}, author_id=None, now=dt.datetime(2024, 8, 1, tzinfo=KYIV))
    asked: list[dt.datetime | None] = []
    plans_asked: list[dt.datetime | None] = []

    async def build(
        db: Database,
        program_id: int,
        year: int,
        at: dt.datetime | None,
        accepted: bool,
        plans_at: dt.datetime | None,
    ) -> BuiltYear:
        asked.append(at)
        plans_asked.append(plans_at)
        return await build_year(db, program_id, year, at, accepted_only=accepted, plans_at=plans_at)

    # Q1 2024: due 10.04 (QUARTER_DEADLINE_DAYS 10), before the plan was set: no data as of then.
    q1 = AsOfDeadline(Interim.Q1, 10, KYIV)
    await refused(
        Reason.REPORT_NO_DATA, year_report(db, COMMAND_LINE, program, 2024, interim=q1, build=build)
    )
    assert asked == [dt.datetime.combine(dt.date(2024, 4, 10), dt.time.max, KYIV)]
    q3 = await year_report(
        db, COMMAND_LINE, program, 2024, interim=AsOfDeadline(Interim.Q3, 10, KYIV), build=build
    )
    assert q3.at == dt.datetime.combine(dt.date(2024, 10, 10), dt.time.max, KYIV) and q3.has_plans
    # the plans of the date its figures stand at (01.04, 01.10): in force before that day began
    assert plans_asked == [
        dt.datetime.combine(dt.date(2024, 3, 31), dt.time.max, KYIV),
        dt.datetime.combine(dt.date(2024, 9, 30), dt.time.max, KYIV),
    ]
    assert q3.report.interim is Interim.Q3


async def test_the_term_reports_range(seeded: tuple[Database, Program], monkeypatch) -> None:
    db, program = seeded
    assert (program.start_year, program.end_year) == (2020, 2025)
    assert (
        await refused(Reason.TERM_REVERSED, term_report(db, COMMAND_LINE, program, 2025, 2020))
    ).details == {
        "first": 2025,
        "last": 2020,
    }
    outside = await refused(Reason.TERM_OUTSIDE, term_report(db, COMMAND_LINE, program, 2019, 2023))
    assert outside.details == {"first": 2019, "last": 2023, "start": 2020, "end": 2025}
    await refused(Reason.TERM_NO_DATA, term_report(db, COMMAND_LINE, program, 2024, 2025))
    # Each year is read once (its plans with its report), the years without data left out.
    read: list[int] = []
    original = reports_actions.build_year

    async def counting(db: Database, program_id: int, year: int, *args, **kwargs) -> BuiltYear:  # type: ignore[no-untyped-def]
        read.append(year)
        return await original(db, program_id, year, *args, **kwargs)

    monkeypatch.setattr(reports_actions, "build_year", counting)
    term = await term_report(db, COMMAND_LINE, program, 2020, 2025)
    assert read == [2020, 2021, 2022, 2023, 2024, 2025]
    assert (term.first_year, term.last_year, term.years) == (2020, 2025, (2023,))
