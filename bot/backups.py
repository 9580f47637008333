"""The daily backup: a consistent copy of the database, the newest few kept within a bound on space
(BACKUP_KEEP, BACKUP_MAX_MB; see storage.backup)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

from telegram.ext import Application

from bot.alerts import alert_backup
from bot.context import Context
from bot.settings import Settings
from storage.backup import BackupError, backup_database

log = logging.getLogger("zvitbot.backup")
JOB_NAME = "daily-backup"


def backup_dir(settings: Settings) -> Path:
    return settings.backup_dir or Path(settings.database_path).parent / "backups"


async def run_backup(context: Context) -> None:
    settings = context.settings
    try:
        target = await asyncio.to_thread(
            backup_database,
            Path(settings.database_path),
            backup_dir(settings),
            settings.backup_keep,
            None,
            None if settings.backup_max_mb is None else settings.backup_max_mb * 1024 * 1024,
        )
    except (BackupError, OSError) as exc:  # a failed backup must not take the bot down; the log says why
        log.error("daily backup failed: %s", exc)
        await alert_backup(context.application, exc)
        return
    except Exception as exc:
        log.exception("daily backup failed")
        await alert_backup(context.application, exc)
        return
    log.info("database backed up to %s", target)


def schedule_backups(application: Application, settings: Settings) -> None:
    if application.job_queue is None or settings.backup_keep == 0:
        return
    at = dt.time(hour=settings.backup_hour, tzinfo=settings.tz)
    application.job_queue.run_daily(run_backup, time=at, name=JOB_NAME)  # type: ignore[arg-type]
