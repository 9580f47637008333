"""The coordinator's program administration as actions (actions.periods, actions.programs, actions.members,
actions.interim): their rules, each refusal, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actions import members, periods
from actions.actor import Actor
from actions.interim import set_interim
from actions.programs import import_program, preview_program
from actions.refusals import Reason
from cli.__main__ import main as cli_main
from reports.importer import read_file_grid
from reports.report_parser import ParsedReport, parse_grid
from storage.db import Database, connect, iso, utcnow
from storage.deadlines import DEFAULT_SCHEDULE, Interim, InterimRule, InterimSchedule
from storage.interim import interim_schedule
from storage.members import department_invites, department_members
from storage.models import PeriodStatus
from storage.periods import get_period
from storage.programs import list_departments, list_programs
from tests.actionkit import CLI, COORDINATOR, MEMBER, db_fixture, only_program, refusal_of  # noqa: F401 - a fixture
from tests.conftest import SEED
from tests.dbkit import dump

MARIA = Actor(2002, "Марія")
TTL = dt.timedelta(days=7)


def _parsed() -> ParsedReport:
    return parse_grid(read_file_grid(SEED))


# --- programs ----------------------------------------------------------------------------------------


async def test_a_preview_changes_nothing_and_the_import_loads(tmp_path: Path) -> None:
    path = tmp_path / "z.db"
    db = await connect(path)
    try:
        summary = await preview_program(db, COORDINATOR, _parsed(), source_name=SEED.name)
        assert summary.measures == 37 and summary.amendment is None
        assert await _count_programs(db) == 0
        await refusal_of(
            Reason.NOT_COORDINATOR, preview_program(db, MEMBER, _parsed(), source_name=SEED.name)
        )
        await refusal_of(Reason.NOT_COORDINATOR, import_program(db, MEMBER, _parsed(), source_name=SEED.name))
        assert await _count_programs(db) == 0
        loaded = await import_program(db, COORDINATOR, _parsed(), source_name=SEED.name)
        assert loaded.measures == 37 and await _count_programs(db) == 1
    finally:
        await db.close()
    before = dump(path)
    db = await connect(path)
    try:  # the same report again: an amendment of nothing, previewed without a change
        again = await preview_program(db, CLI, _parsed(), source_name=SEED.name)
        assert again.amendment is not None and not again.amendment
    finally:
        await db.close()
    assert dump(path) == before


async def _count_programs(db: Database) -> int:
    async with db.locked() as conn:
        return len(await list_programs(conn))


# --- periods -----------------------------------------------------------------------------------------


async def test_open_a_year_with_its_deadline_within_the_range(db: Database) -> None:
    program = await only_program(db)  # 2020-2025: a year's deadlines from its 01.01 to 31.12.2027
    assert (program.start_year, program.end_year) == (2020, 2025)
    opened = await periods.open_year(db, COORDINATOR, program, 2023, dt.date(2024, 1, 20))
    assert opened.period.status is PeriodStatus.OPEN and opened.period.deadline == dt.date(2024, 1, 20)
    assert opened.planned  # the seed's plans are of 2023
    again = await periods.open_year(db, CLI, program, 2023)  # no deadline: the one set is kept
    assert again.period.deadline == dt.date(2024, 1, 20)
    last = await periods.open_year(db, COORDINATOR, program, 2024, dt.date(2027, 12, 31))  # the last day
    assert last.period.deadline == dt.date(2027, 12, 31) and not last.planned


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize("deadline", [dt.date(2027, 12, 31) + dt.timedelta(days=1), dt.date.max, dt.date.min,
                                      dt.date(2019, 12, 31)])  # fmt: skip
async def test_a_deadline_out_of_range_is_refused_and_nothing_is_opened(
    db: Database, deadline: dt.date
) -> None:
    program = await only_program(db)
    refused = await refusal_of(
        Reason.DEADLINE_OUT_OF_RANGE, periods.open_year(db, COORDINATOR, program, 2023, deadline)
    )
    assert refused.details == {
        "deadline": deadline,
        "earliest": dt.date(2023, 1, 1),  # the reported year's first day (tests/test_time_edges.py)
        "latest": dt.date(2027, 12, 31),
    }
    async with db.locked() as conn:
        assert await get_period(conn, program.id, 2023) is None


async def test_a_year_outside_the_term_is_refused_for_every_period_action(db: Database) -> None:
    program = await only_program(db)
    for action in (
        periods.open_year(db, COORDINATOR, program, 2026, dt.date(2027, 1, 20)),
        periods.lock_year(db, CLI, program, 2019),
        periods.unlock_year(db, COORDINATOR, program, 2026),
    ):
        refused = await refusal_of(Reason.YEAR_OUT_OF_TERM, action)
        assert (refused.details["start"], refused.details["end"]) == (2020, 2025)
    async with db.locked() as conn:
        assert await get_period(conn, program.id, 2026) is None


async def test_lock_and_unlock_only_a_year_opened(db: Database) -> None:
    program = await only_program(db)
    for action in (
        periods.lock_year(db, CLI, program, 2024),
        periods.unlock_year(db, COORDINATOR, program, 2024),
    ):
        refused = await refusal_of(Reason.YEAR_NOT_OPENED, action)
        assert refused.details == {"year": 2024, "next_year": 2025}
    async with db.locked() as conn:
        assert await get_period(conn, program.id, 2024) is None  # nothing written by a refusal
    await periods.open_year(db, COORDINATOR, program, 2024, dt.date(2025, 1, 20))
    assert (await periods.lock_year(db, CLI, program, 2024)).status is PeriodStatus.LOCKED
    unlocked = await periods.unlock_year(db, COORDINATOR, program, 2024)
    assert unlocked.status is PeriodStatus.OPEN and unlocked.deadline == dt.date(2025, 1, 20)


async def test_only_a_coordinator_opens_locks_or_unlocks(db: Database) -> None:
    program = await only_program(db)
    for action in (
        periods.open_year(db, MEMBER, program, 2023),
        periods.lock_year(db, MEMBER, program, 2023),
        periods.unlock_year(db, MEMBER, program, 2023),
    ):
        await refusal_of(Reason.NOT_COORDINATOR, action)


# --- members -----------------------------------------------------------------------------------------


async def _department(db: Database) -> int:
    async with db.locked() as conn:
        return (await list_departments(conn))[0].id


async def test_invite_join_and_remove(db: Database) -> None:
    department = await _department(db)
    made = await members.invite(db, COORDINATOR, department, ttl=TTL, username="coord")
    assert made.department.id == department and made.expires_at > utcnow()
    joined = await members.join(db, MEMBER, made.code, username="ivan")
    assert joined.department.id == department and joined.new
    assert not (await members.join(db, MEMBER, made.code)).new  # a member already: not counted twice
    async with db.locked() as conn:
        [invite] = await department_invites(conn, department)
        people = await department_members(conn, department)
    assert invite.uses == 1 and invite.created_by_name == "Координаторка"
    assert [(p.telegram_id, p.full_name, p.username) for p in people] == [(2001, "Іван", None)]
    removed = await members.remove_member(db, COORDINATOR, department, MEMBER.user_id or 0)
    assert removed.member is not None and removed.member.full_name == "Іван"
    await refusal_of(Reason.NOT_A_MEMBER, members.remove_member(db, COORDINATOR, department, 2001))
    await refusal_of(Reason.NOT_A_MEMBER, members.remove_member(db, COORDINATOR, 999_999, 2001))


async def test_a_link_that_lets_nobody_in_is_refused_and_records_nothing(db: Database) -> None:
    department = await _department(db)
    expired = await members.invite(db, COORDINATOR, department, ttl=TTL)
    revoked = await members.invite(db, COORDINATOR, department, ttl=TTL)
    async with db.locked() as conn:
        await conn.execute(
            "UPDATE invites SET expires_at = ? WHERE id = ?", (iso(utcnow()), expired.invite_id)
        )
    await members.revoke(db, COORDINATOR, revoked.invite_id)
    await refusal_of(Reason.INVITE_EXPIRED, members.join(db, MARIA, expired.code))
    await refusal_of(Reason.INVITE_REVOKED, members.join(db, MARIA, revoked.code))
    await refusal_of(Reason.INVITE_UNKNOWN, members.join(db, MARIA, "AAAAAAAAAAAAAAAAAAAAAAAA"))
    await refusal_of(Reason.INVITE_UNKNOWN, members.join(db, MARIA, expired.code + "x" * 500))  # too long
    async with db.locked() as conn:
        assert await department_members(conn, department) == []
        assert await conn.execute_fetchall("SELECT 1 FROM users WHERE telegram_id = 2002") == []


async def test_revoke_once_and_only_a_link_there_is(db: Database) -> None:
    department = await _department(db)
    made = await members.invite(db, COORDINATOR, department, ttl=TTL)
    revoked = await members.revoke(db, COORDINATOR, made.invite_id)
    assert revoked.invite.revoked_at is not None and revoked.department.id == department
    await refusal_of(Reason.INVITE_ALREADY_REVOKED, members.revoke(db, COORDINATOR, made.invite_id))
    await refusal_of(Reason.GONE, members.revoke(db, COORDINATOR, 999_999))


async def test_an_invite_for_no_department_and_a_members_actions_are_refused(db: Database) -> None:
    department = await _department(db)
    await refusal_of(Reason.GONE, members.invite(db, COORDINATOR, 999_999, ttl=TTL))
    await refusal_of(Reason.NOT_COORDINATOR, members.invite(db, MEMBER, department, ttl=TTL))
    made = await members.invite(db, COORDINATOR, department, ttl=TTL)
    await refusal_of(Reason.NOT_COORDINATOR, members.revoke(db, MEMBER, made.invite_id))
    await refusal_of(Reason.NOT_COORDINATOR, members.remove_member(db, MEMBER, department, 2001))
    async with db.locked() as conn:
        [invite] = await department_invites(conn, department)
    assert invite.id == made.invite_id and invite.revoked_at is None


# --- interim -----------------------------------------------------------------------------------------


async def test_set_the_interim_reports(db: Database) -> None:
    program = await only_program(db)
    halves = InterimSchedule((InterimRule(Interim.H1, (5, 7)), InterimRule(Interim.M9, (5, 10))))
    assert (await set_interim(db, COORDINATOR, program.id, halves)).id == program.id
    await refusal_of(Reason.NOT_COORDINATOR, set_interim(db, MEMBER, program.id, DEFAULT_SCHEDULE))
    await refusal_of(Reason.GONE, set_interim(db, COORDINATOR, 999_999, DEFAULT_SCHEDULE))
    async with db.locked() as conn:
        assert await interim_schedule(conn, program.id) == halves


# --- the command line: the same actions, the same rules, its own way out -------------------------------


def test_the_command_line_refuses_as_the_chat_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "z.db")
    assert cli_main(["import", str(SEED), "--db", db]) == 0
    capsys.readouterr()
    assert cli_main(["lock-year", "2024", "--db", db]) == 1
    assert "2024 рік ще не відкривався. Відкрити: python -m cli open-year 2024 --deadline 2025-01-20" in (
        capsys.readouterr().err
    )
    assert cli_main(["open-year", "2026", "--db", db]) == 1
    assert "2026 рік поза терміном програми (2020–2025)" in capsys.readouterr().err
    assert cli_main(["open-year", "2024", "--deadline", "2025-01-20", "--db", db]) == 0
    assert cli_main(["lock-year", "2024", "--db", db]) == 0
    assert "закрито" in capsys.readouterr().out
