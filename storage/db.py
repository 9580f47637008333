"""Opening the database, applying migrations, and serialising access to one shared connection."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.migrations import LATEST_VERSION, MIGRATIONS

DEFAULT_DB_PATH = Path("data") / "zvitbot.sqlite3"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Fixed-width UTC text, so that string order is time order in any SQL backend."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


class Database:
    """One aiosqlite connection shared by the whole process.

    A connection is one transaction at a time, so every use goes through a lock: without it, two
    handlers' statements would interleave inside each other's transactions.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    def locked(self) -> _Locked:
        """The connection under the lock, outside any transaction: ``async with db.locked() as conn``.

        For reads, and for ONE writing statement (atomic and durable on its own; BEGIN/COMMIT would be two
        more trips to the database thread). Several statements that must stand or fall together go through
        ``transaction()``.
        """
        return _Locked(self)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    async def close(self) -> None:
        await self.conn.close()


class _Locked:
    """The connection under the lock; a plain class, as this runs several times per update."""

    __slots__ = ("_db",)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def __aenter__(self) -> aiosqlite.Connection:
        await self._db._lock.acquire()
        return self._db.conn

    async def __aexit__(self, *exc: object) -> None:
        self._db._lock.release()


async def connect(path: str | Path, *, migrate_to: int | None = LATEST_VERSION) -> Database:
    """Open (creating if needed) and upgrade the database file. ``migrate_to=None`` skips migrations."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly what we say.
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a confirmed submission survives a power cut, not only a crash of the process.
        await conn.execute("PRAGMA synchronous=FULL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        db = Database(conn, path)
        if migrate_to is not None:
            await migrate(db, migrate_to)
    except BaseException:
        await conn.close()
        raise
    return db


async def schema_version(conn: aiosqlite.Connection) -> int:
    await conn.execute(
        """CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )"""
    )
    fetched = await conn.execute_fetchall("SELECT MAX(version) FROM schema_migrations")
    row = fetched[0] if fetched else None
    return int(row[0]) if row and row[0] is not None else 0


async def migrate(db: Database, target: int = LATEST_VERSION) -> int:
    """Apply pending migrations up to ``target``, each in its own transaction. Returns the version."""
    async with db.locked() as conn:
        current = await schema_version(conn)
    if current > LATEST_VERSION:
        raise RuntimeError(
            f"database schema {current} is newer than this program knows ({LATEST_VERSION}); upgrade it"
        )
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            async with db.transaction() as conn:
                for statement in migration.statements:
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, iso(utcnow())),
                )
            current = migration.version
    return current
