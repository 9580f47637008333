"""Why the database was not opened, upgraded or copied, worded for the operator: the command line's errors and the
bot's start say it the same way."""

from __future__ import annotations

from l10n.catalog import t
from storage.backup import BackupError
from storage.db import DatabaseFileError
from storage.migrations import LATEST_VERSION


def database_text(error: DatabaseFileError) -> str:
    """Why the database at ``error.path`` was not opened or upgraded, and what to do."""
    words = {"path": str(error.path), "detail": error.detail, "known": str(LATEST_VERSION)}
    return t("database-problem", problem=error.problem.value, **words)


def backup_text(error: BackupError) -> str:
    """Why a copy of the database was not made."""
    return t("backup-problem", problem=error.problem.value, path=str(error.path), detail=error.detail)
