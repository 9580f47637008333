"""Opening the database, applying migrations, and serialising access to one shared connection."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import LATEST_VERSION, MIGRATIONS

DEFAULT_DB_PATH = Path("data") / "zvitbot.sqlite3"


class DatabaseProblem(StrEnum):
    """Why a database file was not opened (or not upgraded), as data: whoever shows it to a person words it."""

    NOT_SQLITE = "not_sqlite"  # not an SQLite database at all (a text file, a damaged header)
    EMPTY = "empty"  # a file of zero bytes: a copy that failed, never a database this program made
    FOLDER = "folder"  # the path names a folder, not a file
    DAMAGED = "damaged"  # SQLite reads it as malformed (a corrupted page, a truncated copy)
    FOREIGN = "foreign"  # an SQLite database of another program: tables, and no schema_migrations
    NEWER = "newer"  # made by a newer Zvitbot: ``detail`` is its schema version, above LATEST_VERSION
    FULL = "full"  # the disk (or the file size allowed) is full: nothing was changed by what failed
    READ_ONLY = "read_only"  # the file or its folder cannot be written
    BUSY = "busy"  # another process held it locked for longer than the busy timeout
    FAILED = "failed"  # any other SQLite or file system error: ``detail`` is its text


class DatabaseFileError(RuntimeError):
    """The database at ``path`` was not opened or upgraded, or a transaction failed for the host's reason (a full
    disk, a read-only file, another process's lock past the busy timeout); nothing in it was changed by the
    attempt: the transaction was rolled back."""

    def __init__(self, problem: DatabaseProblem, path: Path, detail: str = "") -> None:
        super().__init__(f"{problem}: {path}" + (f": {detail}" if detail else ""))
        self.problem = problem
        self.path = path
        self.detail = detail


_PROBLEM_OF_CODE = {
    sqlite3.SQLITE_NOTADB: DatabaseProblem.NOT_SQLITE,
    sqlite3.SQLITE_CORRUPT: DatabaseProblem.DAMAGED,
    sqlite3.SQLITE_FULL: DatabaseProblem.FULL,
    sqlite3.SQLITE_READONLY: DatabaseProblem.READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: DatabaseProblem.READ_ONLY,
    sqlite3.SQLITE_PERM: DatabaseProblem.READ_ONLY,
    sqlite3.SQLITE_BUSY: DatabaseProblem.BUSY,
    sqlite3.SQLITE_LOCKED: DatabaseProblem.BUSY,
}


_HOST_FAILURES = frozenset(
    (
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_NOTADB,
    )
)


def _host_failure(error: sqlite3.Error) -> bool:
    """The disk's or the file's failure (full, read-only, I/O, damaged), not a statement's (a constraint)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _HOST_FAILURES


def database_problem(error: sqlite3.Error, path: Path) -> DatabaseFileError:
    """An SQLite error met while opening or upgrading ``path``, as the problem it is."""
    code = getattr(error, "sqlite_errorcode", None)
    problem = _PROBLEM_OF_CODE.get(code & 0xFF, DatabaseProblem.FAILED) if code is not None else None
    if problem is None:  # an error raised before SQLite answered (no code): judged by its text
        problem = DatabaseProblem.NOT_SQLITE if "not a database" in str(error) else DatabaseProblem.FAILED
    return DatabaseFileError(problem, path, str(error))


def inspect_database(path: str | Path) -> int | None:
    """The schema version of the Zvitbot database at ``path`` (0 for one with no tables), None when there is no
    file; read through a read-only connection, so that a file this program must not open is left exactly as it was.

    Raises ``DatabaseFileError``: not SQLite, damaged where its head is, another program's database, or one of a
    newer Zvitbot. Its pages are not all read (that would cost the file's size): the daily backup's integrity
    check finds a damaged page (``storage.backup``).
    """
    path = Path(path)
    if str(path) == ":memory:" or not path.exists():
        return None
    if path.is_dir():
        raise DatabaseFileError(DatabaseProblem.FOLDER, path)
    if path.is_file() and path.stat().st_size == 0:  # SQLite would take it for a new database and fill it
        raise DatabaseFileError(DatabaseProblem.EMPTY, path)
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return 0
            if "schema_migrations" not in tables:
                raise DatabaseFileError(DatabaseProblem.FOREIGN, path, ", ".join(sorted(tables)[:5]))
            version = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise database_problem(error, path) from error
    if version > LATEST_VERSION:
        raise DatabaseFileError(DatabaseProblem.NEWER, path, str(version))
    return int(version)


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
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                # another process (the command line's import, the bot) kept its write for longer than the
                # busy timeout: nothing of this transaction was done
                raise database_problem(error, self.path) from error
            try:
                yield self.conn
                await self.conn.commit()
            except BaseException as error:
                await self.conn.rollback()
                if isinstance(error, sqlite3.Error) and _host_failure(error):
                    raise database_problem(error, self.path) from error
                raise

    async def close(self) -> None:
        await self.conn.close()


# A read run on the event loop's thread is given this long (seconds); one that takes longer is stopped there
# and run again on the connection's thread, so that no read holds the loop up for more than this.
INLINE_READ_SECONDS = 0.005
# How often SQLite asks whether that time is up (virtual machine instructions: a few microseconds' worth).
_PROGRESS_STEPS = 1000


class Connection(aiosqlite.Connection):
    """aiosqlite's connection, its quick reads run on the event loop's own thread.

    aiosqlite runs every statement on a thread of its own and hands the result back to the loop: for the
    reads of an update (an index seek each, tens of microseconds) the hand-over cost more than the read,
    twice over: the two threads' taking turns at the interpreter's lock, and the loop, idle while it waited,
    polling Telegram again for an update or two at a time (0.59 getUpdates per update against 0.12 for a bare
    echo bot). A ``SELECT`` through ``execute_fetchall`` runs here, under a progress handler that stops it
    after ``INLINE_READ_SECONDS``; stopped (a big read), it runs again on the connection's thread. Everything
    else (writes, commits and their fsync, cursors) goes to that thread as before. The statements stay one at
    a time: ``Database``'s lock serialises their callers, and SQLite's own mutex the connection.
    """

    _user_progress = False  # a progress handler of the caller's (tests/test_query_plans.py) is in place

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if (
            fn == self._execute_fetchall
            and not self._user_progress
            and self._connection is not None
            and args[0].lstrip()[:6].upper() == "SELECT"
        ):
            raw = self._connection
            deadline = time.perf_counter() + INLINE_READ_SECONDS
            raw.set_progress_handler(lambda: time.perf_counter() > deadline, _PROGRESS_STEPS)
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                if str(error) != "interrupted":
                    raise
            finally:
                raw.set_progress_handler(None, 0)
        return await super()._execute(fn, *args, **kwargs)

    async def set_progress_handler(self, handler: Callable[[], int | None] | None, n: int) -> None:
        self._user_progress = handler is not None
        await super().set_progress_handler(handler, n)


class _Locked:
    """The connection under the lock; a plain class, as this runs several times per update."""

    __slots__ = ("_db",)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def __aenter__(self) -> aiosqlite.Connection:
        await self._db._lock.acquire()
        return self._db.conn

    async def __aexit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        self._db._lock.release()
        if isinstance(error, sqlite3.Error) and _host_failure(
            error
        ):  # a full disk, a read-only file: said so
            raise database_problem(error, self._db.path) from error


async def connect(path: str | Path, *, migrate_to: int | None = LATEST_VERSION) -> Database:
    """Open (creating if needed) and upgrade the database file. ``migrate_to=None`` skips migrations.

    A file that is not this program's database, or is of a newer version, is refused before anything is
    written to it; every failure to open or upgrade is a ``DatabaseFileError`` (a migration that failed was
    rolled back: the file keeps the version it had).
    """
    path = Path(path)
    if str(path) != ":memory:":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseFileError(DatabaseProblem.READ_ONLY, path, str(error)) from error
        await asyncio.to_thread(inspect_database, path)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly what we say.
    # check_same_thread=False: opened on the connection's thread, read on the event loop's too (Connection).
    try:
        conn = await Connection(
            lambda: sqlite3.connect(str(path), isolation_level=None, check_same_thread=False),
            iter_chunk_size=64,
        )
    except sqlite3.Error as error:
        raise database_problem(error, path) from error
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
    except BaseException as error:
        await conn.close()
        if isinstance(error, sqlite3.Error):
            raise database_problem(error, path) from error
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
        raise DatabaseFileError(DatabaseProblem.NEWER, db.path, str(current))
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
