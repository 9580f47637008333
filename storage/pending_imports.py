"""A coordinator's program file between its preview and the decision to apply it: kept in the database, so a restart
loses nothing; one per coordinator (a new file replaces the old one); good for a limited time.

Applying one is ``claim_pending_import`` in the transaction that applies it: the mark and the change are
committed together. An applied upload stays (without its bytes) until the next one, so that pressing
"apply" again, after a restart too, is told it was applied rather than that it is unknown.

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
    DIRECTORY = "directory"  # a returned directory sheet (reports.directory_sheet)


@dataclass(frozen=True)
class PendingImport:
    coordinator_id: int
    file_name: str
    content: bytes  # empty once applied
    created_at: dt.datetime
    kind: UploadKind = UploadKind.PROGRAM
    applied_at: dt.datetime | None = None  # set in the transaction that applied it

    def expired(self, max_age: dt.timedelta, now: dt.datetime | None = None) -> bool:
        return (now or utcnow()) - self.created_at > max_age


async def save_pending_import(
    conn: aiosqlite.Connection,
    coordinator_id: int,
    file_name: str,
    content: bytes,
    now: dt.datetime | None = None,
    kind: UploadKind = UploadKind.PROGRAM,
) -> str:
    """Keep the file as the coordinator's one pending import (replacing any earlier one, applied or not);
    returns the token the preview's buttons carry."""
    token = secrets.token_urlsafe(9)
    await conn.execute(
        """INSERT INTO pending_imports (coordinator_id, token_hash, file_name, content, created_at, kind)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (coordinator_id) DO UPDATE SET token_hash = excluded.token_hash,
               file_name = excluded.file_name, content = excluded.content, created_at = excluded.created_at,
               kind = excluded.kind, applied_at = NULL""",
        (coordinator_id, hash_code(token), file_name, content, iso(now or utcnow()), kind.value),
    )
    return token


async def find_pending_import(
    conn: aiosqlite.Connection, coordinator_id: int, token: str
) -> PendingImport | None:
    """The coordinator's upload whose preview carried ``token``, waiting or applied, however old (the caller
    judges: ``expired``, ``applied_at``); None when ``token`` is not (or no longer) the coordinator's."""
    fetched = await conn.execute_fetchall(
        """SELECT file_name, content, created_at, kind, applied_at FROM pending_imports
           WHERE coordinator_id = ? AND token_hash = ?""",
        (coordinator_id, hash_code(token)),
    )
    if not fetched:
        return None
    name, content, created, kind, applied = fetched[0]
    return PendingImport(
        coordinator_id,
        name,
        bytes(content),
        from_iso(created),
        UploadKind(kind),
        from_iso(applied) if applied else None,
    )


async def claim_pending_import(
    conn: aiosqlite.Connection,
    coordinator_id: int,
    token: str,
    max_age: dt.timedelta,
    now: dt.datetime | None = None,
) -> bool:
    """Mark the upload applied, once: True for the one caller that may apply it now. Run it in the same
    transaction as the apply itself, so that a kill leaves either both (applied, and marked) or neither (the
    upload still waiting, its apply button still working). The file's bytes are dropped with it."""
    now = now or utcnow()
    cursor = await conn.execute(
        """UPDATE pending_imports SET applied_at = ?, content = X''
           WHERE coordinator_id = ? AND token_hash = ? AND applied_at IS NULL AND created_at >= ?""",
        (iso(now), coordinator_id, hash_code(token), iso(now - max_age)),
    )
    return cursor.rowcount == 1


async def discard_pending_import(conn: aiosqlite.Connection, coordinator_id: int, token: str) -> bool:
    """Cancelled: the upload is gone, unless it was applied already (or replaced). True if it was discarded."""
    cursor = await conn.execute(
        "DELETE FROM pending_imports WHERE coordinator_id = ? AND token_hash = ? AND applied_at IS NULL",
        (coordinator_id, hash_code(token)),
    )
    return cursor.rowcount == 1


async def forget_expired_imports(
    conn: aiosqlite.Connection, max_age: dt.timedelta, now: dt.datetime | None = None
) -> int:
    """Remove every pending import older than ``max_age`` (nobody can apply them any more)."""
    cursor = await conn.execute(
        "DELETE FROM pending_imports WHERE created_at < ?", (iso((now or utcnow()) - max_age),)
    )
    return cursor.rowcount
