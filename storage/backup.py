"""Consistent copies of the database while the bot runs, with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from storage.db import inspect_database

PREFIX = "zvitbot-"
SUFFIX = ".sqlite3"


class BackupProblem(StrEnum):
    NO_DATABASE = "no_database"  # nothing at the source path
    INTEGRITY = "integrity"  # the copy failed PRAGMA integrity_check; ``detail`` is its verdict
    UNREADABLE = "unreadable"  # the database itself could not be read (not SQLite, damaged); ``detail``: why
    FULL = "full"  # no room for the copy (disk full, or the file size allowed); nothing was kept of it
    FAILED = "failed"  # any other failure to write the copy; ``detail``: why
    IN_USE = "in_use"  # restore: the database is open in another process (the bot runs)


class BackupError(RuntimeError):
    """Why a backup was not made, as data: whoever shows it to a person words it."""

    def __init__(self, problem: BackupProblem, path: Path, detail: str = "") -> None:
        super().__init__(f"{problem}: {path}" + (f": {detail}" if detail else ""))
        self.problem = problem
        self.path = path
        self.detail = detail


def backup_database(
    source: Path,
    target_dir: Path,
    keep: int | None = None,
    now: dt.datetime | None = None,
    max_bytes: int | None = None,
) -> Path:
    """Copy ``source`` into ``target_dir`` as ``zvitbot-YYYYmmdd-HHMMSS.sqlite3``; keep the newest ``keep``,
    and of those the newest that fit in ``max_bytes`` together (the copy just made always stays).

    The backup API copies a consistent snapshot even while other connections write; the copy is checked
    with ``PRAGMA integrity_check`` before it takes its final name, so a half-written file never looks
    like a backup.
    """
    if not source.exists():
        raise BackupError(BackupProblem.NO_DATABASE, source)
    now = now or dt.datetime.now(dt.UTC)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _write_problem(error, target_dir) from error
    target = target_dir / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    # the process's own temporary name: a copy by hand in the same second as the daily one writes its own file
    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial")
    try:
        verdict = _copy(source, partial)
        if verdict != "ok":
            raise BackupError(BackupProblem.INTEGRITY, target, str(verdict))
        partial.replace(target)
    except BaseException as error:
        # whatever failed, nothing half-written is left behind to take the space or pass for a copy
        partial.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error | OSError):
            raise _write_problem(error, target) from error
        raise
    try:
        copy_files(source.parent / FILES, target_dir / FILES)
    except OSError as error:  # the copy of the database stands; the evidence files did not fit
        raise _write_problem(error, target_dir / FILES) from error
    _forget_partials(target_dir, now)
    if keep is not None:
        prune(target_dir, keep, made=target)
    if max_bytes is not None:
        prune_to_size(target_dir, max_bytes, made=target)
    return target


STALE_PARTIAL = dt.timedelta(days=1)


def _forget_partials(target_dir: Path, now: dt.datetime) -> list[Path]:
    """Temporary copies a killed process left (``kill -9``, a power cut mid-copy) a day or more ago: no backup
    takes that long, and each holds as much space as a copy."""
    gone = []
    for path in target_dir.glob(f"{PREFIX}*.partial"):
        try:
            if now.timestamp() - path.stat().st_mtime >= STALE_PARTIAL.total_seconds():
                path.unlink()
                gone.append(path)
        except FileNotFoundError:
            continue
    return gone


def _copy(source: Path, partial: Path) -> str:
    """``source`` copied into ``partial`` by the online backup API; the copy's integrity_check verdict (its
    lines joined). A source that is no database, or so damaged that its copy cannot even be checked, is
    ``UNREADABLE``."""
    src = sqlite3.connect(source)
    try:
        src.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a file that is no database says so
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            return "; ".join(str(row[0]) for row in dst.execute("PRAGMA integrity_check(5)"))
        finally:
            dst.close()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise BackupError(BackupProblem.UNREADABLE, source, str(error)) from error
        raise
    finally:
        src.close()


_NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def _write_problem(error: BaseException, path: Path) -> BackupError:
    if isinstance(error, BackupError):
        return error
    detail = (
        error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    )  # the path is said apart
    code = getattr(error, "sqlite_errorcode", None)
    no_room = isinstance(error, OSError) and error.errno in _NO_ROOM
    if no_room or (code is not None and code & 0xFF == sqlite3.SQLITE_FULL):
        return BackupError(BackupProblem.FULL, path, detail)
    return BackupError(BackupProblem.FAILED, path, detail)


FILES = "files"  # the evidence files beside the database (storage.evidence.files_dir)


def copy_files(source: Path, target: Path) -> int:
    """The evidence files into the backup folder's ``files``: each is named by its sha256 and never changes,
    so only those not there yet are copied (every backup of the database finds all its files there)."""
    if not source.is_dir():
        return 0
    copied = 0
    for path in source.iterdir():
        if path.name.startswith(".") or not path.is_file() or (target / path.name).exists():
            continue
        target.mkdir(parents=True, exist_ok=True)
        partial = target / f".{path.name}.partial"
        try:
            shutil.copyfile(path, partial)
            partial.replace(target / path.name)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        copied += 1
    return copied


# A copy's own name: zvitbot-YYYYmmdd-HHMMSS.sqlite3. Anything else in the folder is not ours to count or remove.
_NAME = re.compile(re.escape(PREFIX) + r"\d{8}-\d{6}" + re.escape(SUFFIX))


def backups(target_dir: Path) -> list[Path]:
    """Existing backups, oldest first (the names sort by time); files of other names are left alone."""
    return sorted(p for p in target_dir.glob(f"{PREFIX}*{SUFFIX}") if _NAME.fullmatch(p.name) and p.is_file())


def _others(target_dir: Path, made: Path | None) -> list[Path]:
    """The backups but ``made``, oldest first: the copy just made is kept whatever its name says of its time
    (a clock put back, by hand or NTP, names it older than yesterday's)."""
    return [path for path in backups(target_dir) if path != made]


def prune(target_dir: Path, keep: int, made: Path | None = None) -> list[Path]:
    """Keep the newest ``keep`` copies (``made``, the copy just made, always among them)."""
    if keep <= 0:  # no bound
        return []
    others = _others(target_dir, made)
    kept_others = keep - 1 if made is not None and made.exists() else keep
    old = others[: len(others) - kept_others] if kept_others > 0 else others
    for path in old:
        path.unlink(missing_ok=True)
    return old


def prune_to_size(target_dir: Path, max_bytes: int, made: Path | None = None) -> list[Path]:
    """Remove the oldest copies until the copies together take at most ``max_bytes``; never the newest, even
    when it alone is larger (a copy of today beats none), nor ``made``, the copy just made. The evidence files
    (``files``) are not counted: each is needed by every copy that names it. Returns the copies removed, oldest
    first."""
    found = backups(target_dir)
    sizes = {path: path.stat().st_size for path in found}
    total = sum(sizes.values())
    removed = []
    spared = {found[-1], made} if found else set()
    for path in found:
        if total <= max_bytes:
            break
        if path in spared:
            continue
        path.unlink(missing_ok=True)
        total -= sizes[path]
        removed.append(path)
    return removed


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    backup: Path
    previous: Path | None  # where the database that was replaced was put aside (None: there was none)


def restore_database(backup: Path, database: Path, now: dt.datetime | None = None) -> Restored:
    """Put ``backup`` in place of ``database``, the database that was there kept beside it as
    ``<name>.before-restore-YYYYmmdd-HHMMSS``; the evidence files the backup folder holds and the database's folder
    lacks are copied back.

    Refused, with nothing changed: a backup that is not a database of ours (``DatabaseFileError``) or fails
    ``integrity_check``; a database open in another process (the bot): its write-ahead log (``-wal``), which
    SQLite removes when the last connection closes, would otherwise be played over the restored copy and undo it.
    The copy is written and checked under a temporary name first, then the two renames: the database is never
    half a copy.
    """
    if not backup.is_file():
        raise BackupError(BackupProblem.NO_DATABASE, backup)
    inspect_database(backup)
    now = now or dt.datetime.now(dt.UTC)
    wal = database.with_name(database.name + "-wal")
    if database.exists():
        try:
            conn = sqlite3.connect(database)
            try:  # everything of the log into the file, so that the database put aside is whole on its own
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # a damaged database is exactly what is being replaced: it is put aside as it is
        if wal.exists():  # the last connection to close removes it: another one is open
            raise BackupError(BackupProblem.IN_USE, database)
    partial = database.with_name(database.name + ".restore-partial")
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup, partial)
        verdict = _copy_verdict(partial)
        if verdict != "ok":
            raise BackupError(BackupProblem.INTEGRITY, backup, verdict)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error | OSError):
            raise _write_problem(error, database) from error
        raise
    previous = None
    if database.exists():
        previous = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        database.replace(previous)
        for suffix in (
            "-wal",
            "-shm",
        ):  # of the database put aside (emptied above): never of the restored one
            database.with_name(database.name + suffix).unlink(missing_ok=True)
    partial.replace(database)
    copy_files(backup.parent / FILES, database.parent / FILES)
    return Restored(database, backup, previous)


def _copy_verdict(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)"))
    finally:
        conn.close()
