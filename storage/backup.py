"""Consistent copies of the database while the bot runs, with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from enum import StrEnum
from pathlib import Path

PREFIX = "zvitbot-"
SUFFIX = ".sqlite3"


class BackupProblem(StrEnum):
    NO_DATABASE = "no_database"  # nothing at the source path
    INTEGRITY = "integrity"  # the copy failed PRAGMA integrity_check; ``detail`` is its verdict


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
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(BackupProblem.INTEGRITY, target, str(verdict))
    partial.replace(target)
    copy_files(source.parent / FILES, target_dir / FILES)
    if keep is not None:
        prune(target_dir, keep)
    if max_bytes is not None:
        prune_to_size(target_dir, max_bytes)
    return target


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
        shutil.copyfile(path, partial)
        partial.replace(target / path.name)
        copied += 1
    return copied


def backups(target_dir: Path) -> list[Path]:
    """Existing backups, oldest first (the names sort by time)."""
    return sorted(target_dir.glob(f"{PREFIX}*{SUFFIX}"))


def prune(target_dir: Path, keep: int) -> list[Path]:
    old = backups(target_dir)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def prune_to_size(target_dir: Path, max_bytes: int) -> list[Path]:
    """Remove the oldest copies until the copies together take at most ``max_bytes``; never the newest, even
    when it alone is larger (a copy of today beats none). The evidence files (``files``) are not counted:
    each is needed by every copy that names it. Returns the copies removed, oldest first."""
    found = backups(target_dir)
    sizes = {path: path.stat().st_size for path in found}
    total = sum(sizes.values())
    removed = []
    for path in found[:-1]:
        if total <= max_bytes:
            break
        path.unlink(missing_ok=True)
        total -= sizes[path]
        removed.append(path)
    return removed
