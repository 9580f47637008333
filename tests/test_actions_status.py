"""The coordinator's reads of a program's state as actions (actions.periods.default_year, actions.status,
actions.uploads.upload_for_actor): the decisions they take, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from actions import periods, status
from actions.actor import Actor
from actions.periods import DefaultYear, Why
from actions.refusals import Reason
from actions.reports import year_report
from actions.status import PeriodState
from actions.uploads import FileKind, upload_for_actor
from storage.db import Database
from storage.deadlines import DEFAULT_SCHEDULE
from storage.drafts import Draft, save_draft
from storage.members import add_membership, mark_blocked, touch_user
from storage.models import NewProgram, NewSubmission, Program
from storage.programs import list_programs, load_program, upsert_program
from storage.reminders import set_mute
from storage.reviews import ReviewState, add_review
from storage.submissions import add_submission
from tests.actionkit import CLI, COORDINATOR, MEMBER, db_fixture, only_program, refusal_of  # noqa: F401 - a fixture

TODAY = dt.date(2024, 3, 1)


# --- the year a command without one works on ----------------------------------------------------------


async def test_the_default_year_is_the_newest_open_one_else_data_else_opened(db: Database) -> None:
    program = await only_program(db)
    # The seed's report: its year has data, nothing is open.
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2023, Why.DATA)
    await periods.open_year(db, COORDINATOR, program, 2021, dt.date(2022, 1, 20))
    await periods.open_year(db, COORDINATOR, program, 2022, dt.date(2023, 1, 20))
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2022, Why.OPEN)
    await periods.lock_year(db, COORDINATOR, program, 2022)
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2021, Why.OPEN)
    await periods.lock_year(db, COORDINATOR, program, 2021)  # nothing open: the data again
    assert await periods.default_year(db, COORDINATOR, program, TODAY) == DefaultYear(2023, Why.DATA)
    await refusal_of(Reason.NOT_COORDINATOR, periods.default_year(db, MEMBER, program, TODAY))


async def test_without_data_the_newest_opened_year_else_last_year_within_the_term(db: Database) -> None:
    seeded = await only_program(db)
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


# --- /status: the year, a department, «Нагадати» -------------------------------------------------------


async def _department(db: Database, program: Program, number: str, year: int) -> int:
    """The lead department of measure ``number``, with two members in the bot (one of whom blocked it), and its
    report on it in ``year``, waiting for review."""
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        assert tree is not None
        measure = tree.measure_by_number(number)
        assert measure is not None
        department = measure.department_ids()[0]
        for telegram_id, name in ((1001, "Олена"), (1002, "Петро")):
            await touch_user(conn, telegram_id, name, None)
            await add_membership(conn, telegram_id, department)
        await mark_blocked(conn, 1002)
        await set_mute(conn, 1001, dt.date(2024, 3, 10), department)
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure.id,
                department_id=department,
                year=year,
                actual=Decimal(1),
                financed=Decimal(1),
                percent=Decimal(100),
                info="Звіт",
                author_id=1001,
            ),
        )
    return department


async def test_the_years_state_is_decided_for_the_screen(db: Database) -> None:
    program = await only_program(db)
    department = await _department(db, program, "2.9", 2023)
    never = await status.year_status(db, COORDINATOR, program.id, 2023)
    assert (never.period, never.deadline, never.interim) == (PeriodState.NONE, None, None)
    assert never.planned and never.progress and never.waiting == {department: 1}
    await periods.open_year(db, COORDINATOR, program, 2023)
    open_ = await status.year_status(db, COORDINATOR, program.id, 2023)
    assert (open_.period, open_.deadline, open_.interim) == (
        PeriodState.OPEN_NO_DEADLINE,
        None,
        DEFAULT_SCHEDULE,
    )
    await periods.open_year(db, COORDINATOR, program, 2023, dt.date(2024, 1, 20))
    dated = await status.year_status(db, COORDINATOR, program.id, 2023)
    assert (dated.period, dated.deadline, dated.interim) == (
        PeriodState.OPEN,
        dt.date(2024, 1, 20),
        DEFAULT_SCHEDULE,
    )
    await periods.lock_year(db, COORDINATOR, program, 2023)
    locked = await status.year_status(db, COORDINATOR, program.id, 2023)
    assert (locked.period, locked.deadline, locked.interim) == (PeriodState.LOCKED, None, None)
    assert not (await status.year_status(db, COORDINATOR, program.id, 2024)).planned
    await refusal_of(Reason.NOT_COORDINATOR, status.year_status(db, MEMBER, program.id, 2023))


async def test_a_departments_details_offer_a_reminder_only_while_the_year_is_open(db: Database) -> None:
    program = await only_program(db)
    department = await _department(db, program, "2.9", 2024)
    details = await status.department_status(db, COORDINATOR, program.id, 2024, department, TODAY)
    assert details.entry.department.id == department and details.entry.missing
    assert details.waiting == ["2.9"]
    assert details.muted == {1001: dt.date(2024, 3, 10)} and details.reminded == {}
    assert not details.can_remind  # never opened
    await periods.open_year(db, COORDINATOR, program, 2024, dt.date(2025, 1, 20))
    assert (await status.department_status(db, COORDINATOR, program.id, 2024, department, TODAY)).can_remind
    await periods.lock_year(db, COORDINATOR, program, 2024)
    assert not (
        await status.department_status(db, COORDINATOR, program.id, 2024, department, TODAY)
    ).can_remind
    await refusal_of(Reason.GONE, status.department_status(db, COORDINATOR, program.id, 2024, 99_999, TODAY))
    await refusal_of(
        Reason.NOT_COORDINATOR, status.department_status(db, MEMBER, program.id, 2024, department, TODAY)
    )


async def test_remind_reaches_the_members_who_did_not_block_the_bot_while_the_year_is_open(
    db: Database,
) -> None:
    program = await only_program(db)
    department = await _department(db, program, "2.9", 2024)
    never = await status.remind_department(db, COORDINATOR, program.id, 2024, department)
    assert never.nobody and never.owed == []  # nothing is owed in a year never opened
    await periods.open_year(db, COORDINATOR, program, 2024, dt.date(2025, 1, 20))
    reminding = await status.remind_department(db, COORDINATOR, program.id, 2024, department)
    assert not reminding.nobody and reminding.department is not None
    assert reminding.department.id == department and reminding.deadline == dt.date(2025, 1, 20)
    assert reminding.members == 2 and reminding.recipients == [1001]  # Петро blocked the bot
    owed = [i.number for i in reminding.owed]
    assert owed and "2.9" not in owed  # reported
    await periods.lock_year(db, COORDINATOR, program, 2024)
    assert (await status.remind_department(db, COORDINATOR, program.id, 2024, department)).nobody
    gone = await status.remind_department(db, COORDINATOR, program.id, 2024, 99_999)
    assert gone.nobody and gone.department is None
    await refusal_of(
        Reason.NOT_COORDINATOR, status.remind_department(db, MEMBER, program.id, 2024, department)
    )


# --- a coordinator's file: evidence or an upload --------------------------------------------------------


async def test_a_coordinators_file_is_evidence_while_a_measure_is_open(db: Database) -> None:
    program = await only_program(db)
    department = await _department(db, program, "2.9", 2024)
    coordinator = Actor(1001, "Олена", administrator=True, departments=frozenset({department}))
    assert (
        await upload_for_actor(db, coordinator)
    ).kind is FileKind.PLANS  # read as a grid: plans or a report
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        measure = tree.measure_by_number("3.7") if tree else None
        assert measure is not None
        await save_draft(conn, Draft(1001, measure.id, department, 2024, "actual", {"actual": "1"}, True))
    assert (await upload_for_actor(db, coordinator)).kind is FileKind.EVIDENCE
    await refusal_of(Reason.NOT_COORDINATOR, upload_for_actor(db, MEMBER))


# --- the Mini App's view: the status and the report from one read ---------------------------------------------


async def test_the_year_view_says_what_year_status_and_year_report_say(db: Database) -> None:
    """Reports waiting, accepted, returned, reviewed and then sent again, a department's own next to the
    published report's, one by a department no longer assigned: ``year_view`` finds where reports wait among
    the revisions the report read, and says what the two actions say (without the departments' members)."""
    program = await only_program(db)
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        sent = []
        for i, measure in enumerate(tree.measures[:12]):
            department = measure.department_ids()[-1] if i != 11 else 999_999  # 11: not assigned
            if i == 11:
                await conn.execute(
                    "INSERT INTO departments (id, code, name, short_name) VALUES (999999, 'x', 'Інший', 'Ін')"
                )
            for _ in range(1 + i % 3):
                sent.append(
                    await add_submission(
                        conn,
                        NewSubmission(
                            measure_id=measure.id,
                            department_id=department,
                            year=2023,
                            actual=Decimal(i),
                            info=f"Зроблено {i}",
                            author_id=MEMBER.user_id,
                        ),
                    )
                )
        newest = {(s.measure_id, s.department_id): s for s in sent}
        kept = list(newest.values())
        await add_review(conn, kept[0].id, ReviewState.ACCEPTED, reviewer_id=500)
        await add_review(conn, kept[1].id, ReviewState.RETURNED, comment="Ні", reviewer_id=500)
        older = next(s for s in sent if s.id not in {k.id for k in kept})
        await add_review(conn, older.id, ReviewState.ACCEPTED, reviewer_id=500)  # then sent again: waits
    for accepted_only in (False, True):
        view = await status.year_view(db, COORDINATOR, program, 2023, accepted_only=accepted_only)
        expected = await status.year_status(db, COORDINATOR, program.id, 2023)
        report = await year_report(db, COORDINATOR, program, 2023, accepted_only=accepted_only)
        assert view.report == report.report
        assert len(view.status.waiting_at) == len(kept) - 2
        assert view.status.waiting_at == expected.waiting_at and view.status.waiting == expected.waiting
        for entry in expected.progress:
            entry.members = []
        assert view.status == expected
    await refusal_of(Reason.NOT_COORDINATOR, status.year_view(db, MEMBER, program, 2023))
