"""Shared invite links in storage: uses counted once per person, expiry, revocation, two colleagues at once."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from storage.db import Database, connect
from storage.members import (
    InviteResult,
    create_invite,
    department_members,
    get_invite,
    redeem_invite,
    revoke_invite,
    touch_user,
)
from storage.models import NewDepartment
from storage.programs import upsert_department


async def _setup(db: Database) -> int:
    async with db.transaction() as conn:
        department = await upsert_department(
            conn, NewDepartment(code="uk", name="Управління", short_name="УК")
        )
        for user_id, name in ((1, "Координаторка"), (2001, "Іван"), (2002, "Марія"), (2003, "Петро")):
            await touch_user(conn, user_id, name, None)
    return department


async def _redeem(db: Database, code: str, user_id: int, now: dt.datetime | None = None) -> InviteResult:
    async with db.transaction() as conn:
        return (await redeem_invite(conn, code, user_id, now))[0]


async def test_two_colleagues_join_at_once_and_each_is_counted_once(tmp_path: Path) -> None:
    db = await connect(tmp_path / "z.db")
    try:
        department = await _setup(db)
        async with db.transaction() as conn:
            code, _, invite_id = await create_invite(conn, department, 1, dt.timedelta(days=7))
        results = await asyncio.gather(_redeem(db, code, 2001), _redeem(db, code, 2002))
        assert results == [InviteResult.JOINED, InviteResult.JOINED]
        assert await _redeem(db, code, 2001) is InviteResult.ALREADY_MEMBER  # not counted twice
        async with db.locked() as conn:
            invite = await get_invite(conn, invite_id)
            members = await department_members(conn, department)
        assert invite is not None and invite.uses == 2
        assert sorted((m.telegram_id, m.invite_id) for m in members) == [(2001, invite_id), (2002, invite_id)]
    finally:
        await db.close()


async def test_two_colleagues_at_once_through_two_connections(tmp_path: Path) -> None:
    """Even two processes on one file (the bot and a command line, say) count both: the count is one
    UPDATE inside each one's IMMEDIATE transaction."""
    first = await connect(tmp_path / "z.db")
    second = await connect(tmp_path / "z.db")
    try:
        department = await _setup(first)
        async with first.transaction() as conn:
            code, _, invite_id = await create_invite(conn, department, 1, dt.timedelta(days=7))
        results = await asyncio.gather(_redeem(first, code, 2001), _redeem(second, code, 2002))
        assert results == [InviteResult.JOINED, InviteResult.JOINED]
        async with first.locked() as conn:
            invite = await get_invite(conn, invite_id)
        assert invite is not None and invite.uses == 2
    finally:
        await second.close()
        await first.close()


async def test_a_link_expires_at_its_moment_and_a_revoked_one_lets_nobody_in(tmp_path: Path) -> None:
    db = await connect(tmp_path / "z.db")
    try:
        department = await _setup(db)
        async with db.transaction() as conn:
            code, expires, invite_id = await create_invite(conn, department, 1, dt.timedelta(days=7))
            other, _, other_id = await create_invite(conn, department, 1, dt.timedelta(days=7))
        assert await _redeem(db, code, 2001, expires - dt.timedelta(microseconds=1)) is InviteResult.JOINED
        assert await _redeem(db, code, 2002, expires) is InviteResult.EXPIRED
        assert await _redeem(db, "no-such-code", 2002) is InviteResult.UNKNOWN
        async with db.transaction() as conn:
            assert await revoke_invite(conn, other_id, 1) is True
            assert await revoke_invite(conn, other_id, 1) is False  # once
        assert await _redeem(db, other, 2003) is InviteResult.REVOKED
        async with db.locked() as conn:
            used, revoked = await get_invite(conn, invite_id), await get_invite(conn, other_id)
            members = await department_members(conn, department)
        assert used is not None and used.uses == 1 and used.revoked_at is None
        assert revoked is not None and revoked.uses == 0 and revoked.revoked_at is not None
        assert [m.telegram_id for m in members] == [2001]
    finally:
        await db.close()
