"""Roles people hold besides their departments: the city's administrators, a program's coordinators, observers
(every program, read-only).

Every grant is a row kept for good: a revocation marks it (who, when), so who held what, granted by whom and
when, stays readable. ``granted_by`` None is the bot's settings (ADMIN_IDS, COORDINATOR_IDS), as is
``revoked_by`` None on a revoked row. Role links grant a role to whoever opens them, a program's coordinator or an
observer; like department invites (storage.members) they are kept as hashes, expire, count their uses and can be
revoked."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.members import hash_code


class RoleKind(StrEnum):
    ADMINISTRATOR = "administrator"  # the city's: every program, who coordinates and observes what
    COORDINATOR = "coordinator"  # one program's
    OBSERVER = "observer"  # reads every program, changes nothing


@dataclass(frozen=True, slots=True)
class UserRoles:
    """What a person holds, as the actions' ``Actor`` takes it."""

    administrator: bool = False
    programs: frozenset[int] = frozenset()  # the programs they coordinate
    observer: bool = False

    @property
    def any(self) -> bool:
        return self.administrator or bool(self.programs) or self.observer


@dataclass(frozen=True, slots=True)
class Grant:
    """One role given to one person: in force until ``revoked_at``."""

    id: int
    user_id: int
    user_name: str  # "" when they never wrote to the bot
    kind: RoleKind
    program_id: int | None  # a coordinator's program
    granted_by: int | None  # None: the settings
    granted_by_name: str
    granted_at: dt.datetime
    link_id: int | None  # the role link it was taken through
    revoked_by: int | None
    revoked_by_name: str
    revoked_at: dt.datetime | None

    @property
    def from_settings(self) -> bool:
        return self.granted_by is None


@dataclass(frozen=True, slots=True)
class RoleLink:
    id: int
    kind: RoleKind  # COORDINATOR (of ``program_id``) or OBSERVER
    program_id: int | None
    created_by: int
    created_by_name: str  # "" when the creator never wrote to the bot
    created_at: dt.datetime
    expires_at: dt.datetime
    uses: int
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class TakeResult(StrEnum):
    TAKEN = "taken"
    ALREADY = "already"  # held already: nothing changes, the link's uses neither
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"


def _moment(text: str | None) -> dt.datetime | None:
    return from_iso(text) if text else None


# --- who holds what ----------------------------------------------------------------------------------------


async def user_roles(conn: aiosqlite.Connection, user_id: int) -> UserRoles:
    """The roles in force of one person (one index seek)."""
    fetched = await conn.execute_fetchall(
        "SELECT kind, program_id FROM roles WHERE user_id = ? AND revoked_at IS NULL", (user_id,)
    )
    kinds = {r[0] for r in fetched}
    return UserRoles(
        administrator=RoleKind.ADMINISTRATOR in kinds,
        programs=frozenset(int(r[1]) for r in fetched if r[0] == RoleKind.COORDINATOR),
        observer=RoleKind.OBSERVER in kinds,
    )


async def holders(conn: aiosqlite.Connection) -> dict[int, UserRoles]:
    """Everyone who holds a role now, with their roles."""
    fetched = await conn.execute_fetchall(
        "SELECT user_id, kind, program_id FROM roles WHERE revoked_at IS NULL ORDER BY user_id"
    )
    kinds: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for user_id, kind, program_id in fetched:
        kinds[user_id].append((kind, program_id))
    return {
        user_id: UserRoles(
            administrator=any(k == RoleKind.ADMINISTRATOR for k, _ in held),
            programs=frozenset(int(p) for k, p in held if k == RoleKind.COORDINATOR and p is not None),
            observer=any(k == RoleKind.OBSERVER for k, _ in held),
        )
        for user_id, held in kinds.items()
    }


async def administrator_ids(conn: aiosqlite.Connection) -> frozenset[int]:
    fetched = await conn.execute_fetchall(
        "SELECT user_id FROM roles WHERE kind = 'administrator' AND revoked_at IS NULL"
    )
    return frozenset(int(r[0]) for r in fetched)


async def program_coordinators(conn: aiosqlite.Connection) -> dict[int, frozenset[int]]:
    """Each program's coordinators now (a program without any is absent): who hears of it."""
    fetched = await conn.execute_fetchall(
        "SELECT program_id, user_id FROM roles WHERE kind = 'coordinator' AND revoked_at IS NULL"
    )
    found: dict[int, set[int]] = defaultdict(set)
    for program_id, user_id in fetched:
        found[int(program_id)].add(int(user_id))
    return {program_id: frozenset(ids) for program_id, ids in found.items()}


_GRANT_COLUMNS = (
    "r.id, r.user_id, COALESCE(u.full_name, ''), r.kind, r.program_id, r.granted_by, COALESCE(g.full_name, ''), "
    "r.granted_at, r.link_id, r.revoked_by, COALESCE(v.full_name, ''), r.revoked_at"
)
_GRANT_JOINS = """LEFT JOIN users u ON u.telegram_id = r.user_id
    LEFT JOIN users g ON g.telegram_id = r.granted_by
    LEFT JOIN users v ON v.telegram_id = r.revoked_by"""


def _grant(r: aiosqlite.Row) -> Grant:
    return Grant(
        id=r[0],
        user_id=r[1],
        user_name=r[2],
        kind=RoleKind(r[3]),
        program_id=r[4],
        granted_by=r[5],
        granted_by_name=r[6],
        granted_at=from_iso(r[7]),
        link_id=r[8],
        revoked_by=r[9],
        revoked_by_name=r[10],
        revoked_at=_moment(r[11]),
    )


async def get_grant(conn: aiosqlite.Connection, role_id: int) -> Grant | None:
    fetched = await conn.execute_fetchall(
        f"SELECT {_GRANT_COLUMNS} FROM roles r {_GRANT_JOINS} WHERE r.id = ?", (role_id,)
    )
    return _grant(fetched[0]) if fetched else None


async def grants_in_force(conn: aiosqlite.Connection) -> list[Grant]:
    """Every role held now: administrators, then coordinators by program, then observers; by name within."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {_GRANT_COLUMNS} FROM roles r {_GRANT_JOINS} WHERE r.revoked_at IS NULL
            ORDER BY CASE r.kind WHEN 'administrator' THEN 0 WHEN 'coordinator' THEN 1 ELSE 2 END,
                     r.program_id, COALESCE(u.full_name, ''), r.user_id"""
    )
    return [_grant(r) for r in fetched]


async def grants_of(conn: aiosqlite.Connection, user_id: int) -> list[Grant]:
    """Every role a person was ever given, in force or revoked, oldest first: their history."""
    fetched = await conn.execute_fetchall(
        f"SELECT {_GRANT_COLUMNS} FROM roles r {_GRANT_JOINS} WHERE r.user_id = ? ORDER BY r.id", (user_id,)
    )
    return [_grant(r) for r in fetched]


async def grant_role(
    conn: aiosqlite.Connection,
    user_id: int,
    kind: RoleKind,
    program_id: int | None = None,
    *,
    granted_by: int | None,
    link_id: int | None = None,
    now: dt.datetime | None = None,
) -> int | None:
    """The new grant's id; None when the person holds that role already (nothing changes)."""
    if (kind is RoleKind.COORDINATOR) != (program_id is not None):
        raise ValueError("a coordinator's role names its program, no other role does")
    fetched = await conn.execute_fetchall(
        """INSERT INTO roles (user_id, kind, program_id, granted_by, granted_at, link_id) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING RETURNING id""",
        (user_id, kind.value, program_id, granted_by, iso(now or utcnow()), link_id),
    )
    return int(fetched[0][0]) if fetched else None


async def revoke_grant(
    conn: aiosqlite.Connection, role_id: int, revoked_by: int | None, now: dt.datetime | None = None
) -> bool:
    """True when the role was in force and is revoked now (``revoked_by`` None: the settings)."""
    fetched = await conn.execute_fetchall(
        "UPDATE roles SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL RETURNING id",
        (iso(now or utcnow()), revoked_by, role_id),
    )
    return bool(fetched)


async def record_settings_administrators(
    conn: aiosqlite.Connection, ids: Iterable[int], now: dt.datetime | None = None
) -> tuple[list[int], list[int]]:
    """The administrators the settings name are recorded as such, once (granted by the settings); an
    administrator the settings granted and no longer name is revoked by them. Returns who was added and who
    revoked. Run it in a transaction."""
    wanted = set(ids)
    fetched = await conn.execute_fetchall(
        "SELECT id, user_id, granted_by FROM roles WHERE kind = 'administrator' AND revoked_at IS NULL"
    )
    held = {int(r[1]) for r in fetched}
    revoked = []
    for role_id, user_id, granted_by in fetched:
        if granted_by is None and user_id not in wanted:
            await revoke_grant(conn, role_id, None, now)
            revoked.append(int(user_id))
    added = []
    for user_id in sorted(wanted - held):
        if await grant_role(conn, user_id, RoleKind.ADMINISTRATOR, granted_by=None, now=now) is not None:
            added.append(user_id)
    return added, sorted(revoked)


# --- role links --------------------------------------------------------------------------------------------

_LINK_COLUMNS = (
    "l.id, l.kind, l.program_id, l.created_by, COALESCE(u.full_name, ''), l.created_at, l.expires_at, l.uses, "
    "l.revoked_at"
)


def _link(r: aiosqlite.Row) -> RoleLink:
    return RoleLink(
        id=r[0],
        kind=RoleKind(r[1]),
        program_id=r[2],
        created_by=r[3],
        created_by_name=r[4],
        created_at=from_iso(r[5]),
        expires_at=from_iso(r[6]),
        uses=r[7],
        revoked_at=_moment(r[8]),
    )


async def create_role_link(
    conn: aiosqlite.Connection,
    kind: RoleKind,
    program_id: int | None,
    created_by: int,
    ttl: dt.timedelta,
    now: dt.datetime | None = None,
) -> tuple[str, RoleLink]:
    """A fresh random code and its link; only the code's hash is kept, so a leaked database grants nothing."""
    if kind is RoleKind.ADMINISTRATOR or (kind is RoleKind.COORDINATOR) != (program_id is not None):
        raise ValueError("a link makes a program's coordinator or an observer")
    code = secrets.token_urlsafe(18)  # 24 characters of [A-Za-z0-9_-]
    now = now or utcnow()
    fetched = await conn.execute_fetchall(
        """INSERT INTO role_links (code_hash, kind, program_id, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
        (hash_code(code), kind.value, program_id, created_by, iso(now), iso(now + ttl)),
    )
    link = await get_role_link(conn, int(fetched[0][0]))
    assert link is not None
    return code, link


async def get_role_link(conn: aiosqlite.Connection, link_id: int) -> RoleLink | None:
    fetched = await conn.execute_fetchall(
        f"""SELECT {_LINK_COLUMNS} FROM role_links l LEFT JOIN users u ON u.telegram_id = l.created_by
            WHERE l.id = ?""",
        (link_id,),
    )
    return _link(fetched[0]) if fetched else None


async def active_role_links(conn: aiosqlite.Connection, now: dt.datetime | None = None) -> list[RoleLink]:
    """The links that still grant their role (neither revoked nor expired), newest first."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {_LINK_COLUMNS} FROM role_links l LEFT JOIN users u ON u.telegram_id = l.created_by
            WHERE l.revoked_at IS NULL AND l.expires_at > ? ORDER BY l.created_at DESC, l.id DESC""",
        (iso(now or utcnow()),),
    )
    return [_link(r) for r in fetched]


async def redeem_role_link(
    conn: aiosqlite.Connection, code: str, user_id: int, now: dt.datetime | None = None
) -> tuple[TakeResult, RoleLink | None, int | None]:
    """Grant the link's role to the person: the outcome, the link (None: no link has the code) and the new
    grant's id. Run it in a transaction: the grant and the link's count change together."""
    now = now or utcnow()
    fetched = await conn.execute_fetchall("SELECT id FROM role_links WHERE code_hash = ?", (hash_code(code),))
    link = await get_role_link(conn, int(fetched[0][0])) if fetched else None
    if link is None:
        return TakeResult.UNKNOWN, None, None
    if link.revoked_at is not None:
        return TakeResult.REVOKED, link, None
    if link.expires_at <= now:
        return TakeResult.EXPIRED, link, None
    role_id = await grant_role(
        conn, user_id, link.kind, link.program_id, granted_by=link.created_by, link_id=link.id, now=now
    )
    if role_id is None:
        return TakeResult.ALREADY, link, None
    await conn.execute("UPDATE role_links SET uses = uses + 1 WHERE id = ?", (link.id,))
    return TakeResult.TAKEN, link, role_id


async def revoke_role_link(
    conn: aiosqlite.Connection, link_id: int, revoked_by: int, now: dt.datetime | None = None
) -> bool:
    """True when the link was not revoked before; nobody takes its role through it afterwards (who did keeps
    it until the role itself is revoked)."""
    fetched = await conn.execute_fetchall(
        "UPDATE role_links SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL RETURNING id",
        (iso(now or utcnow()), revoked_by, link_id),
    )
    return bool(fetched)
