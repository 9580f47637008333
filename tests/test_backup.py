"""Backups while something writes; pruning; the daily job (the command line: tests/test_cli.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

from storage.backup import backup_database, backups
from storage.evidence import files_dir, store_bytes
from tests.botkit import fake_api_fixture, prepare_database, world_fixture  # noqa: F401


async def test_backup_while_writing_is_consistent(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db, clear_submissions=False)
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        # Another connection keeps committing while the backup runs, as the bot would.
        conn = sqlite3.connect(db, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        while not stop.is_set() and written[0] < 2000:
            conn.execute(
                "INSERT INTO submissions (measure_id, department_id, year, info, created_at, source)"
                " VALUES (1, 1, 2023, 'x', '2024-01-01T00:00:00.000000Z', 'bot')"
            )
            conn.commit()
            written[0] += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [
            backup_database(db, tmp_path / "b", keep=3, now=dt.datetime(2024, 1, 1, 0, 0, i, tzinfo=dt.UTC))
            for i in range(5)
        ]
    finally:
        stop.set()
        thread.join()
    assert backups(tmp_path / "b") == copies[-3:]  # the newest three are kept
    for copy in copies[-3:]:
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT COUNT(*) FROM measures").fetchone()[0] == 37
    assert not list((tmp_path / "b").glob("*.partial"))


async def test_the_bot_makes_a_daily_backup_and_keeps_the_last_n(world) -> None:
    from bot.backups import JOB_NAME, backup_dir

    [job] = world.app.job_queue.get_jobs_by_name(JOB_NAME)
    assert job.next_t.astimezone(world.settings.tz).hour == world.settings.backup_hour
    for _ in range(3):
        await job.run(world.app)
    found = backups(backup_dir(world.settings))
    assert 1 <= len(found) <= world.settings.backup_keep
    with sqlite3.connect(found[-1]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_a_backup_holds_the_evidence_files(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db)
    folder = files_dir(db)
    first = store_bytes(folder, b"%PDF-1.4 first")
    backup_database(db, tmp_path / "b", now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    second = store_bytes(folder, b"a photo")
    backup_database(db, tmp_path / "b", now=dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    copied = tmp_path / "b" / "files"
    assert sorted(p.name for p in copied.iterdir()) == sorted([first, second])
    assert (copied / first).read_bytes() == b"%PDF-1.4 first"
