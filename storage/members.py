"""People: Telegram users, their department memberships, and invite links stored as hashes.

A link serves several colleagues of its department until it expires or is revoked; each join through it is
counted, and the membership keeps which link it came through."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.models import Department
from storage.texts import clean_text


class InviteResult(StrEnum):
    JOINED = "joined"
    ALREADY_MEMBER = "already_member"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Member:
    telegram_id: int
    full_name: str
    username: str | None
    blocked_at: dt.datetime | None
    joined_at: dt.datetime | None = None
    invite_id: int | None = None  # the link they joined through, None when unknown


@dataclass(frozen=True)
class Invite:
    id: int
    department_id: int
    created_by: int
    created_by_name: str  # "" when the creator never wrote to the bot
    created_at: dt.datetime
    expires_at: dt.datetime
    uses: int
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def touch_user(
    conn: aiosqlite.Connection, telegram_id: int, full_name: str, username: str | None
) -> None:
    await conn.execute(
        """INSERT INTO users (telegram_id, full_name, username, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (telegram_id) DO UPDATE SET full_name = excluded.full_name, username = excluded.username,
               blocked_at = NULL""",
        # A blank name (an "invisible" one of Hangul fillers) is kept as "": screens show the id instead.
        (telegram_id, clean_text(full_name), username, iso(utcnow())),
    )


async def user_departments(conn: aiosqlite.Connection, telegram_id: int) -> list[Department]:
    fetched = await conn.execute_fetchall(
        """SELECT d.id, d.code, d.name, d.short_name FROM memberships m JOIN departments d ON d.id = m.department_id
           WHERE m.user_id = ? ORDER BY d.short_name""",
        (telegram_id,),
    )
    return [Department(id=r[0], code=r[1], name=r[2], short_name=r[3]) for r in fetched]


async def department_members(conn: aiosqlite.Connection, department_id: int) -> list[Member]:
    fetched = await conn.execute_fetchall(
        """SELECT u.telegram_id, u.full_name, u.username, u.blocked_at, m.joined_at, m.invite_id FROM memberships m
           JOIN users u ON u.telegram_id = m.user_id WHERE m.department_id = ? ORDER BY u.full_name""",
        (department_id,),
    )
    return [
        Member(r[0], r[1], r[2], from_iso(r[3]) if r[3] else None, from_iso(r[4]) if r[4] else None, r[5])
        for r in fetched
    ]


async def add_membership(
    conn: aiosqlite.Connection, telegram_id: int, department_id: int, invite_id: int | None = None
) -> bool:
    """True when the user was not a member yet."""
    fetched = await conn.execute_fetchall(
        """INSERT INTO memberships (user_id, department_id, joined_at, invite_id) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id, department_id) DO NOTHING RETURNING user_id""",
        (telegram_id, department_id, iso(utcnow()), invite_id),
    )
    return (fetched[0] if fetched else None) is not None


async def remove_membership(conn: aiosqlite.Connection, telegram_id: int, department_id: int) -> bool:
    fetched = await conn.execute_fetchall(
        "DELETE FROM memberships WHERE user_id = ? AND department_id = ? RETURNING user_id",
        (telegram_id, department_id),
    )
    return (fetched[0] if fetched else None) is not None


async def create_invite(
    conn: aiosqlite.Connection, department_id: int, created_by: int, ttl: dt.timedelta
) -> tuple[str, dt.datetime, int]:
    """A fresh random code, its expiry and the link's id; only the code's hash is kept, so a leaked
    database cannot be used to join."""
    code = secrets.token_urlsafe(18)  # 24 characters of [A-Za-z0-9_-]: fits a deep link's 64
    now = utcnow()
    expires = now + ttl
    fetched = await conn.execute_fetchall(
        """INSERT INTO invites (code_hash, department_id, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?) RETURNING id""",
        (hash_code(code), department_id, created_by, iso(now), iso(expires)),
    )
    return code, expires, int(fetched[0][0])


async def redeem_invite(
    conn: aiosqlite.Connection, code: str, telegram_id: int, now: dt.datetime | None = None
) -> tuple[InviteResult, int | None]:
    """Bind the user to the invite's department. Returns the outcome and the department id.

    Run it in a transaction: the membership and the link's count change together, so two colleagues
    opening the link at once both join and both are counted, and one person opening it twice is counted once."""
    now = now or utcnow()
    fetched = await conn.execute_fetchall(
        "SELECT id, department_id, expires_at, revoked_at FROM invites WHERE code_hash = ?",
        (hash_code(code),),
    )
    row = fetched[0] if fetched else None
    if row is None:
        return InviteResult.UNKNOWN, None
    invite_id, department_id, expires_at, revoked_at = row[0], row[1], from_iso(row[2]), row[3]
    if revoked_at is not None:
        return InviteResult.REVOKED, department_id
    if expires_at <= now:
        return InviteResult.EXPIRED, department_id
    if not await add_membership(conn, telegram_id, department_id, invite_id):
        return InviteResult.ALREADY_MEMBER, department_id
    await conn.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite_id,))
    return InviteResult.JOINED, department_id


_INVITE_COLUMNS = (
    "i.id, i.department_id, i.created_by, COALESCE(u.full_name, ''), i.created_at, i.expires_at, i.uses, "
    "i.revoked_at"
)


def _invite(r: aiosqlite.Row) -> Invite:
    return Invite(
        r[0], r[1], r[2], r[3], from_iso(r[4]), from_iso(r[5]), r[6], from_iso(r[7]) if r[7] else None
    )


async def get_invite(conn: aiosqlite.Connection, invite_id: int) -> Invite | None:
    fetched = await conn.execute_fetchall(
        f"""SELECT {_INVITE_COLUMNS} FROM invites i LEFT JOIN users u ON u.telegram_id = i.created_by
            WHERE i.id = ?""",
        (invite_id,),
    )
    return _invite(fetched[0]) if fetched else None


async def department_invites(conn: aiosqlite.Connection, department_id: int) -> list[Invite]:
    """The department's links, newest first."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {_INVITE_COLUMNS} FROM invites i LEFT JOIN users u ON u.telegram_id = i.created_by
            WHERE i.department_id = ? ORDER BY i.created_at DESC, i.id DESC""",
        (department_id,),
    )
    return [_invite(r) for r in fetched]


async def revoke_invite(
    conn: aiosqlite.Connection, invite_id: int, revoked_by: int, now: dt.datetime | None = None
) -> bool:
    """True when the link was in force and is revoked now; nobody joins through it afterwards."""
    fetched = await conn.execute_fetchall(
        "UPDATE invites SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL RETURNING id",
        (iso(now or utcnow()), revoked_by, invite_id),
    )
    return bool(fetched)


async def mark_blocked(conn: aiosqlite.Connection, telegram_id: int, now: dt.datetime | None = None) -> None:
    """Telegram refused to deliver to the person (they blocked the bot, or deleted their account): kept from the
    first refusal on (``blocked_at``: since when), until they write again (``touch_user``, ``unmark_blocked``)."""
    await conn.execute(
        "UPDATE users SET blocked_at = COALESCE(blocked_at, ?) WHERE telegram_id = ?",
        (iso(now or utcnow()), telegram_id),
    )
