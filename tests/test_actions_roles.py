"""Roles as actions and rows (actions.roles, storage.roles): the settings' administrators recorded once, role links
made, taken, expired and revoked, roles revoked with their history kept, who sees which roles, programs and
departments; each refusal, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from actions import members, status
from actions.actor import Actor
from actions.refusals import Reason
from actions.roles import (
    ROLE_CODE_PREFIX,
    appointable_programs,
    is_role_code,
    program_for,
    programs_for,
    revoke_link,
    revoke_role,
    role_link,
    roles,
    settings_administrators,
    take_role,
)
from storage.db import Database, connect, iso, utcnow
from storage.members import hash_code
from storage.programs import list_programs
from storage.reminders import load_snapshot
from storage.roles import RoleKind, grant_role, grants_of, user_roles
from tests.actionkit import refusal_of
from tests.dbkit import dump
from tests.twoprograms import SECOND_LABEL, YEAR, prepare_two_programs

ADMIN = Actor(500, "Адміністраторка", administrator=True)
OBSERVER = Actor(700, "Спостерігач", observer=True)
MEMBER = Actor(2001, "Іван")
TTL = dt.timedelta(days=7)


class Two:
    def __init__(self, db: Database, path: Path, a: int, b: int, only_b: int) -> None:
        self.db, self.path, self.a, self.b, self.only_b = db, path, a, b, only_b

    @property
    def coordinator_a(self) -> Actor:
        return Actor(600, "Координатор А", programs=frozenset({self.a}))


@pytest.fixture(name="two")
async def two_fixture(tmp_path: Path) -> AsyncIterator[Two]:
    """Two programs sharing their departments, and one department that works in the second only."""
    path = tmp_path / "z.db"
    await prepare_two_programs(path)
    db = await connect(path)
    async with db.transaction() as conn:
        programs = await list_programs(conn)
        a = next(p.id for p in programs if SECOND_LABEL not in p.name)
        b = next(p.id for p in programs if SECOND_LABEL in p.name)
        [(only_b,)] = await conn.execute_fetchall(
            "INSERT INTO departments (code, name, short_name) VALUES ('only_b', 'Лише другої програми', 'ЛДП')"
            " RETURNING id"
        )
        [(measure,)] = await conn.execute_fetchall(
            "SELECT id FROM measures WHERE program_id = ? ORDER BY id LIMIT 1", (b,)
        )
        await conn.execute(
            "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (?, ?, 0, 9)",
            (measure, only_b),
        )
    try:
        yield Two(db, path, a, b, only_b)
    finally:
        await db.close()


async def _roles_of(db: Database, user_id: int):  # type: ignore[no-untyped-def]
    async with db.locked() as conn:
        return await user_roles(conn, user_id)


async def _history(db: Database, user_id: int):  # type: ignore[no-untyped-def]
    async with db.locked() as conn:
        return await grants_of(conn, user_id)


def test_a_role_code_is_told_from_an_invite_code() -> None:
    made = ROLE_CODE_PREFIX + secrets.token_urlsafe(18)
    assert is_role_code(made)
    assert not is_role_code(secrets.token_urlsafe(18))  # an invite's
    assert not is_role_code(ROLE_CODE_PREFIX + "short") and not is_role_code(made + "x")


async def test_the_settings_administrators_are_recorded_once(two: Two) -> None:
    assert await settings_administrators(two.db, {500, 501}) == ([500, 501], [])
    assert await settings_administrators(two.db, {500, 501}) == ([], [])  # a restart: nothing again
    assert len(await _history(two.db, 500)) == 1
    # 501 taken out of the settings: revoked by them (the row kept), 500 stays.
    assert await settings_administrators(two.db, {500}) == ([], [501])
    assert not (await _roles_of(two.db, 501)).administrator and (await _roles_of(two.db, 500)).administrator
    [grant] = await _history(two.db, 501)
    assert grant.from_settings and grant.revoked_at is not None and grant.revoked_by is None
    # Named again: a new grant, the old one still in the history.
    assert await settings_administrators(two.db, {500, 501}) == ([501], [])
    assert [g.revoked_at is None for g in await _history(two.db, 501)] == [False, True]


async def test_a_coordinators_link_is_taken_counted_and_recorded(two: Two) -> None:
    made = await role_link(two.db, ADMIN, RoleKind.COORDINATOR, two.b, ttl=TTL)
    assert made.program is not None and made.program.id == two.b and is_role_code(made.code)
    async with two.db.locked() as conn:
        rows = await conn.execute_fetchall("SELECT code_hash, uses FROM role_links")
    assert [tuple(r) for r in rows] == [(hash_code(made.code.removeprefix(ROLE_CODE_PREFIX)), 0)]
    taken = await take_role(two.db, MEMBER, made.code)
    assert taken.kind is RoleKind.COORDINATOR and taken.program is not None and taken.program.id == two.b
    assert taken.new and (await _roles_of(two.db, MEMBER.user_id or 0)).programs == {two.b}
    again = await take_role(two.db, MEMBER, made.code)  # held already: not counted twice
    assert not again.new
    await take_role(two.db, Actor(2002, "Марія"), made.code)  # a second person through the same link
    async with two.db.locked() as conn:
        [(uses,)] = await conn.execute_fetchall("SELECT uses FROM role_links")
    assert uses == 2
    [grant] = await _history(two.db, 2001)
    assert (grant.granted_by, grant.granted_by_name, grant.link_id) == (500, "Адміністраторка", made.link.id)
    # An observer's link: every program, read only.
    observer = await role_link(two.db, ADMIN, RoleKind.OBSERVER, ttl=TTL)
    await take_role(two.db, OBSERVER, observer.code)
    held = await _roles_of(two.db, 700)
    assert held.observer and not held.programs and not held.administrator


async def test_a_role_link_unknown_expired_or_revoked_grants_nothing(two: Two) -> None:
    made = await role_link(two.db, ADMIN, RoleKind.OBSERVER, ttl=TTL)
    before = dump(two.path)
    for code in (ROLE_CODE_PREFIX + secrets.token_urlsafe(18), made.code.removeprefix(ROLE_CODE_PREFIX), ""):
        await refusal_of(Reason.ROLE_LINK_UNKNOWN, take_role(two.db, MEMBER, code))
    async with two.db.transaction() as conn:
        await conn.execute("UPDATE role_links SET expires_at = ?", (iso(utcnow() - dt.timedelta(seconds=1)),))
    await refusal_of(Reason.ROLE_LINK_EXPIRED, take_role(two.db, MEMBER, made.code))
    async with two.db.transaction() as conn:
        await conn.execute("UPDATE role_links SET expires_at = ?", (iso(utcnow() + TTL),))
    await revoke_link(two.db, ADMIN, made.link.id)
    after_revoke = dump(two.path)
    await refusal_of(Reason.ROLE_LINK_REVOKED, take_role(two.db, MEMBER, made.code))
    assert dump(two.path) == after_revoke
    assert after_revoke["roles"] == before["roles"] == [] and after_revoke["users"] == before["users"]
    await refusal_of(Reason.ROLE_LINK_ALREADY_REVOKED, revoke_link(two.db, ADMIN, made.link.id))
    await refusal_of(Reason.GONE, revoke_link(two.db, ADMIN, 999))


async def test_only_an_administrator_makes_links_and_revokes(two: Two) -> None:
    made = await role_link(two.db, ADMIN, RoleKind.COORDINATOR, two.a, ttl=TTL)
    await take_role(two.db, MEMBER, made.code)
    [grant] = await _history(two.db, 2001)
    before = dump(two.path)
    for actor in (two.coordinator_a, OBSERVER, MEMBER):
        await refusal_of(Reason.NOT_ADMINISTRATOR, role_link(two.db, actor, RoleKind.OBSERVER, ttl=TTL))
        await refusal_of(
            Reason.NOT_ADMINISTRATOR, role_link(two.db, actor, RoleKind.COORDINATOR, two.a, ttl=TTL)
        )
        await refusal_of(Reason.NOT_ADMINISTRATOR, revoke_role(two.db, actor, grant.id))
        await refusal_of(Reason.NOT_ADMINISTRATOR, revoke_link(two.db, actor, made.link.id))
        await refusal_of(Reason.NOT_ADMINISTRATOR, appointable_programs(two.db, actor))
    await refusal_of(Reason.GONE, role_link(two.db, ADMIN, RoleKind.COORDINATOR, 999, ttl=TTL))
    assert dump(two.path) == before
    assert [p.id for p in await appointable_programs(two.db, ADMIN)] == [two.a, two.b]


async def test_a_revoked_role_is_gone_and_its_history_kept(two: Two) -> None:
    await settings_administrators(two.db, {500})
    made = await role_link(two.db, ADMIN, RoleKind.COORDINATOR, two.a, ttl=TTL)
    await take_role(two.db, MEMBER, made.code)
    [grant] = await _history(two.db, 2001)
    revoked = await revoke_role(two.db, ADMIN, grant.id)
    assert revoked.program is not None and revoked.program.id == two.a
    assert revoked.grant.revoked_by == 500 and revoked.grant.revoked_at is not None
    assert not (await _roles_of(two.db, 2001)).programs
    await refusal_of(Reason.ROLE_ALREADY_REVOKED, revoke_role(two.db, ADMIN, grant.id))
    await refusal_of(Reason.GONE, revoke_role(two.db, ADMIN, 999))
    # The settings' administrator: only there.
    [settings] = await _history(two.db, 500)
    before = dump(two.path)
    await refusal_of(Reason.ROLE_FROM_SETTINGS, revoke_role(two.db, ADMIN, settings.id))
    assert dump(two.path) == before
    # Taken again through the same link: a new row, the revoked one still there.
    await take_role(two.db, MEMBER, made.code)
    assert [g.revoked_at is None for g in await _history(two.db, 2001)] == [False, True]


async def test_who_sees_which_roles(two: Two) -> None:
    await settings_administrators(two.db, {500})
    async with two.db.transaction() as conn:
        await grant_role(conn, 600, RoleKind.COORDINATOR, two.a, granted_by=500)
        await grant_role(conn, 601, RoleKind.COORDINATOR, two.b, granted_by=500)
        await grant_role(conn, 700, RoleKind.OBSERVER, granted_by=500)
    await role_link(two.db, ADMIN, RoleKind.OBSERVER, ttl=TTL)
    everything = await roles(two.db, ADMIN)
    assert everything.may_change and [g.user_id for g in everything.administrators] == [500]
    assert [(p.id, [g.user_id for g in gs]) for p, gs in everything.coordinators] == [
        (two.a, [600]),
        (two.b, [601]),
    ]
    assert [g.user_id for g in everything.observers] == [700] and len(everything.links) == 1
    own = await roles(two.db, two.coordinator_a)  # the administrators and their own program's coordinators
    assert not own.may_change and not own.observers and not own.links
    assert [(p.id, [g.user_id for g in gs]) for p, gs in own.coordinators] == [(two.a, [600])]
    await refusal_of(Reason.READ_ONLY, roles(two.db, OBSERVER))
    await refusal_of(Reason.NOT_COORDINATOR, roles(two.db, MEMBER))


async def test_the_programs_a_person_may_use(two: Two) -> None:
    both = [two.a, two.b]
    for actor, changes, expected in (
        (ADMIN, True, both),
        (ADMIN, False, both),
        (two.coordinator_a, True, [two.a]),
        (two.coordinator_a, False, [two.a]),
        (OBSERVER, True, []),
        (OBSERVER, False, both),
        (MEMBER, False, []),
    ):
        assert [p.id for p in await programs_for(two.db, actor, changes=changes)] == expected
    assert (await program_for(two.db, two.coordinator_a, two.a, changes=True)).id == two.a
    await refusal_of(Reason.NOT_COORDINATOR, program_for(two.db, two.coordinator_a, two.b, changes=False))
    await refusal_of(Reason.READ_ONLY, program_for(two.db, OBSERVER, two.a, changes=True))
    assert (await program_for(two.db, OBSERVER, two.b, changes=False)).id == two.b
    await refusal_of(Reason.GONE, program_for(two.db, ADMIN, 999, changes=False))


async def test_a_coordinator_manages_the_people_of_their_programs_departments(two: Two) -> None:
    every = await members.departments_for(two.db, ADMIN)
    own = await members.departments_for(two.db, two.coordinator_a)
    assert two.only_b in {d.id for d in every.departments} and two.only_b not in {
        d.id for d in own.departments
    }
    assert len(own.departments) == len(every.departments) - 1 and own.own == every.own
    await refusal_of(Reason.NOT_COORDINATOR, members.department_people(two.db, two.coordinator_a, two.only_b))
    assert (await members.department_people(two.db, ADMIN, two.only_b)).department.short_name == "ЛДП"
    await refusal_of(Reason.GONE, members.department_people(two.db, ADMIN, 999999))
    await refusal_of(Reason.READ_ONLY, members.departments_for(two.db, OBSERVER))


async def test_an_observer_reads_the_status_and_changes_nothing(two: Two) -> None:
    read = await status.year_status(two.db, OBSERVER, two.b, YEAR)
    assert read.progress and not read.changes
    assert (await status.year_status(two.db, two.coordinator_a, two.a, YEAR)).changes
    department = read.progress[0].department.id
    details = await status.department_status(two.db, OBSERVER, two.b, YEAR, department, dt.date(2024, 1, 2))
    assert not details.changes and not details.can_remind
    await refusal_of(Reason.READ_ONLY, status.without_members(two.db, OBSERVER, two.b, YEAR))
    await refusal_of(Reason.NOT_COORDINATOR, status.without_members(two.db, two.coordinator_a, two.b, YEAR))
    assert await status.without_members(two.db, two.coordinator_a, two.a, YEAR)


async def test_the_digest_of_a_program_goes_to_its_coordinators(two: Two) -> None:
    """storage.reminders: each program's coordinators, and the administrators (the settings' and the recorded) for
    a program without any."""
    await settings_administrators(two.db, {501})
    async with two.db.transaction() as conn:
        await grant_role(conn, 600, RoleKind.COORDINATOR, two.a, granted_by=500)
        snapshot = await load_snapshot(conn, {500})
    assert [p.user_id for p in snapshot.digest_recipients(two.a)] == [600]
    assert [p.user_id for p in snapshot.digest_recipients(two.b)] == [500, 501]
