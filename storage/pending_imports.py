"""A coordinator's program file between its preview and the decision to apply it: kept in the database, so a restart
loses nothing; one per coordinator (a new file replaces the old one); good for a limited time.

Only a hash of the token is stored (the token is in the preview's buttons), as for invites.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.members import hash_code


class UploadKind(StrEnum):
    PROGRAM = "program"  # a program's report file (reports.importer)
    PLANS = "plans"  # a filled plan sheet (reports.plan_sheet)


@dataclass(frozen=True)
class PendingImport:
    coordinator_id: int
    file_name: str
    content: bytes
    created_at: dt.datetime
    kind: UploadKind = UploadKind.PROGRAM


async def save_pending_import(
    conn: aiosqlite.Connection,
    coordinator_id: int,
    file_name: str,
    content: bytes,
    now: dt.datetime | None = None,
    kind: UploadKind = UploadKind.PROGRAM,
) -> str:
    """Keep the file as the coordinator's one pending import (replacing any earlier one); returns the token
    the preview's buttons carry."""
    token = secrets.token_urlsafe(9)
    await conn.execute(
        """INSERT INTO pending_imports (coordinator_id, token_hash, file_name, content, created_at, kind)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (coordinator_id) DO UPDATE SET token_hash = excluded.token_hash,
               file_name = excluded.file_name, content = excluded.content, created_at = excluded.created_at,
               kind = excluded.kind""",
        (coordinator_id, hash_code(token), file_name, content, iso(now or utcnow()), kind.value),
    )
    return token


async def take_pending_import(
    conn: aiosqlite.Connection,
    coordinator_id: int,
    token: str,
    max_age: dt.timedelta,
    now: dt.datetime | None = None,
) -> PendingImport | None:
    """The coordinator's pending import if ``token`` is its token and it is not older than ``max_age``;
    it is removed either way once the token matches (a decision is taken once). None otherwise."""
    now = now or utcnow()
    fetched = await conn.execute_fetchall(
        """SELECT file_name, content, created_at, kind FROM pending_imports
           WHERE coordinator_id = ? AND token_hash = ?""",
        (coordinator_id, hash_code(token)),
    )
    if not fetched:
        return None
    await conn.execute("DELETE FROM pending_imports WHERE coordinator_id = ?", (coordinator_id,))
    name, content, created, kind = fetched[0]
    created_at = from_iso(created)
    if now - created_at > max_age:
        return None
    return PendingImport(coordinator_id, name, bytes(content), created_at, UploadKind(kind))


async def forget_expired_imports(
    conn: aiosqlite.Connection, max_age: dt.timedelta, now: dt.datetime | None = None
) -> int:
    """Remove every pending import older than ``max_age`` (nobody can apply them any more)."""
    cursor = await conn.execute(
        "DELETE FROM pending_imports WHERE created_at < ?", (iso((now or utcnow()) - max_age),)
    )
    return cursor.rowcount
