"""People: Telegram users, their department memberships, and single-use invites stored as hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.models import Department


class InviteResult(StrEnum):
    JOINED = "joined"
    ALREADY_MEMBER = "already_member"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Member:
    telegram_id: int
    full_name: str
    username: str | None
    blocked_at: dt.datetime | None


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def touch_user(
    conn: aiosqlite.Connection, telegram_id: int, full_name: str, username: str | None
) -> None:
    await conn.execute(
        """INSERT INTO users (telegram_id, full_name, username, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (telegram_id) DO UPDATE SET full_name = excluded.full_name, username = excluded.username,
               blocked_at = NULL""",
        (telegram_id, full_name, username, iso(utcnow())),
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
        """SELECT u.telegram_id, u.full_name, u.username, u.blocked_at FROM memberships m
           JOIN users u ON u.telegram_id = m.user_id WHERE m.department_id = ? ORDER BY u.full_name""",
        (department_id,),
    )
    return [Member(r[0], r[1], r[2], from_iso(r[3]) if r[3] else None) for r in fetched]


async def add_membership(conn: aiosqlite.Connection, telegram_id: int, department_id: int) -> bool:
    """True when the user was not a member yet."""
    fetched = await conn.execute_fetchall(
        """INSERT INTO memberships (user_id, department_id, joined_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id, department_id) DO NOTHING RETURNING user_id""",
        (telegram_id, department_id, iso(utcnow())),
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
) -> tuple[str, dt.datetime]:
    """A fresh random code; only its hash is kept, so a leaked database cannot be used to join."""
    code = secrets.token_urlsafe(18)  # 24 characters of [A-Za-z0-9_-]: fits a deep link's 64
    now = utcnow()
    expires = now + ttl
    await conn.execute(
        """INSERT INTO invites (code_hash, department_id, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?)""",
        (hash_code(code), department_id, created_by, iso(now), iso(expires)),
    )
    return code, expires


async def redeem_invite(
    conn: aiosqlite.Connection, code: str, telegram_id: int, now: dt.datetime | None = None
) -> tuple[InviteResult, int | None]:
    """Bind the user to the invite's department. Returns the outcome and the department id."""
    now = now or utcnow()
    fetched = await conn.execute_fetchall(
        "SELECT department_id, expires_at, used_by FROM invites WHERE code_hash = ?", (hash_code(code),)
    )
    row = fetched[0] if fetched else None
    if row is None:
        return InviteResult.UNKNOWN, None
    department_id, expires_at, used_by = row[0], from_iso(row[1]), row[2]
    if used_by is not None:
        return InviteResult.USED, department_id
    if expires_at <= now:
        return InviteResult.EXPIRED, department_id
    # The UPDATE's own condition makes single use hold even if two people open the link at once.
    fetched = await conn.execute_fetchall(
        "UPDATE invites SET used_by = ?, used_at = ? WHERE code_hash = ? AND used_by IS NULL RETURNING code_hash",
        (telegram_id, iso(now), hash_code(code)),
    )
    if (fetched[0] if fetched else None) is None:
        return InviteResult.USED, department_id
    joined = await add_membership(conn, telegram_id, department_id)
    return (InviteResult.JOINED if joined else InviteResult.ALREADY_MEMBER), department_id


async def mark_blocked(conn: aiosqlite.Connection, telegram_id: int) -> None:
    await conn.execute("UPDATE users SET blocked_at = ? WHERE telegram_id = ?", (iso(utcnow()), telegram_id))
