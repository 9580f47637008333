"""The host and its files: a database file that is no database of ours (not SQLite, truncated, damaged, another
program's, a newer Zvitbot's), a disk that fills up during a migration or a backup, backups with the clock put
back and foreign files among them, a .env not saved in UTF-8. Each is refused in one clear line, with a non-zero
exit, and nothing already saved is changed."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli import commands as cli
from cli.__main__ import main as reports_main
from storage.backup import BackupError, BackupProblem, backup_database, backups, prune_to_size
from storage.db import DatabaseFileError, DatabaseProblem, connect
from storage.migrations import LATEST_VERSION
from tests.botkit import prepare_database

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed_2023.txt"


def _text(path: Path) -> None:
    path.write_text("DATABASE_PATH=data/zvitbot.sqlite3\n", encoding="utf-8")


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('мої нотатки')")
    conn.close()


def _zvitbot(path: Path) -> None:
    asyncio.run(prepare_database(path))
    with sqlite3.connect(path) as conn:  # one self-contained file, as a copied database is
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def _newer(path: Path) -> None:
    _zvitbot(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?, 'of a later Zvitbot', '2027-01-01T00:00:00.000000Z')",
            (LATEST_VERSION + 1,),
        )
    conn.close()


def _truncated(path: Path) -> None:
    _zvitbot(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damaged(path: Path) -> None:
    """The measures table's first page overwritten: the file opens, its schema reads, the measures do not."""
    _zvitbot(path)
    with sqlite3.connect(path) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'measures'").fetchone()[0]
    conn.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * size)
        file.write(b"\xa5" * size)


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")  # a copy that failed (a full disk, an interrupted cp)


def _folder(path: Path) -> None:
    path.mkdir()  # DATABASE_PATH=data/ rather than data/zvitbot.sqlite3


MAKERS = {
    "folder": (_folder, DatabaseProblem.FOLDER),
    "zero bytes": (_zero_bytes, DatabaseProblem.EMPTY),
    "text": (_text, DatabaseProblem.NOT_SQLITE),
    "foreign": (_foreign, DatabaseProblem.FOREIGN),
    "newer": (_newer, DatabaseProblem.NEWER),
    "truncated": (_truncated, DatabaseProblem.DAMAGED),
}


def _state(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize("kind", sorted(MAKERS))
async def test_a_file_that_is_no_database_of_ours_is_refused_and_left_as_it_was(
    tmp_path: Path, kind: str
) -> None:
    make, problem = MAKERS[kind]
    path = tmp_path / "z.db"
    await asyncio.to_thread(make, path)
    before = _state(tmp_path)
    with pytest.raises(DatabaseFileError) as info:
        await connect(path)
    assert info.value.problem is problem and info.value.path == path
    assert _state(tmp_path) == before  # not a byte written, no -wal or -shm beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["z.db"]


@pytest.mark.parametrize("kind", ["text", "newer", "foreign", "zero bytes", "folder"])
def test_the_command_lines_say_why_in_one_line_and_change_nothing(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _ = MAKERS[kind]
    path = tmp_path / "база з пробілом.db"
    make(path)
    before = _state(tmp_path)
    expected = {
        "text": "не база даних SQLite",
        "newer": f"новішою версією Zvitbot (схема {LATEST_VERSION + 1}, ця версія знає до {LATEST_VERSION})",
        "foreign": "база даних іншої програми (таблиці: notes)",
        "zero bytes": "порожній (0 байтів)",
        "folder": "тека, а не файл бази даних",
    }[kind]
    for run in (
        lambda: reports_main(["2023", "--db", str(path), "--out", str(tmp_path / "out" / "z.xlsx")]),
        lambda: cli.main(["import", str(SEED), "--db", str(path), "--dry-run"]),
        lambda: cli.main(["import", str(SEED), "--db", str(path)]),
        lambda: cli.main(["open-year", "2023", "--db", str(path)]),
    ):
        assert run() == 1
        err = capsys.readouterr().err
        assert err.startswith("Помилка: ") and expected in err and str(path) in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert _state(tmp_path) == before


def test_only_an_import_makes_a_database_and_its_dry_run_makes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "дані" / "zvitbot.sqlite3"  # a mistyped --db
    assert cli.main(["import", str(SEED), "--db", str(missing), "--dry-run"]) == 0
    assert "Завдань: 4, заходів: 37" in capsys.readouterr().out
    for argv in (
        ["open-year", "2023"],
        ["lock-year", "2023"],
        ["plan", "2023", "--out", str(tmp_path / "p.xlsx")],
        ["plan", "2023", "--indicator", "1", "--value", "5"],
        ["departments"],
        ["departments", "rename", "1", "УО"],
    ):
        assert cli.main([*argv, "--db", str(missing)]) == 1, argv
        assert capsys.readouterr().err.strip() == f"Помилка: файл не знайдено: {missing}"
    assert list(tmp_path.iterdir()) == []
    assert cli.main(["import", str(SEED), "--db", str(missing)]) == 0
    assert missing.exists()


def test_a_write_held_by_another_process_past_the_busy_timeout_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "z.db"
    asyncio.run(prepare_database(db))
    other = sqlite3.connect(db, isolation_level=None)  # the bot, or an import, in the middle of its write
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("DELETE FROM reporting_periods")
        assert cli.main(["lock-year", "2023", "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert err.strip() == f"Помилка: базу даних {db} довго тримає інший процес; повторіть за хвилину"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert cli.main(["lock-year", "2023", "--db", str(db)]) == 0  # free again: it goes through


def _bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "COORDINATOR_", "ADMIN_"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        BOT_TOKEN="123456789:AAFakeFakeFakeFakeFakeFakeFakeFake_x",
        # nothing listens there: the start must stop before it asks Telegram anything
        BOT_API_BASE_URL="http://127.0.0.1:9/bot",
        BOT_API_FILE_URL="http://127.0.0.1:9/file/bot",
        DATABASE_PATH=str(tmp_path / "data" / "z.db"),
    )
    env.update(values)
    return env


def _run_bot(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("make", "said"),
    [(_truncated, "пошкоджена"), (_newer, "новішою версією Zvitbot"), (_text, "не база даних SQLite")],
)
def test_the_bot_does_not_start_on_a_database_it_must_not_open(tmp_path: Path, make, said: str) -> None:
    path = tmp_path / "data" / "z.db"
    path.parent.mkdir()
    make(path)
    before = _state(path.parent)
    done = _run_bot(tmp_path, _bot_env(tmp_path))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Zvitbot не запущено: ") and said in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert _state(path.parent) == before


def test_a_database_busy_at_the_start_exits_with_1_to_be_tried_again(tmp_path: Path) -> None:
    path = tmp_path / "data" / "z.db"
    path.parent.mkdir()

    async def old() -> None:
        db = await connect(path, migrate_to=1)  # a migration to run at the start
        await db.close()

    asyncio.run(old())
    other = sqlite3.connect(path, isolation_level=None)  # a command line's long write
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO departments (code, name, short_name) VALUES ('uo', 'Управління освіти', 'УО')"
        )
        done = _run_bot(tmp_path, _bot_env(tmp_path))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert done.returncode == 1, done.stderr  # systemd restarts it (RestartPreventExitStatus=2 only)
    assert (
        done.stderr.strip()
        == f"Zvitbot не запущено: базу даних {path} довго тримає інший процес; повторіть за хвилину."
    )


def test_a_dotenv_not_saved_in_utf8_is_named_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".env").write_bytes("# Налаштування міста\nTIMEZONE=Europe/Kyiv\n".encode("cp1251"))
    done = _run_bot(tmp_path, _bot_env(tmp_path))
    assert done.returncode == 2, done.stderr
    assert "файл .env збережено не в кодуванні UTF-8 (байт 2)" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    monkeypatch.chdir(tmp_path)
    assert cli.main(["open-year", "2023", "--db", str(tmp_path / "z.db")]) == 1
    err = capsys.readouterr().err
    assert "файл .env збережено не в кодуванні UTF-8" in err and not (tmp_path / "z.db").exists()


async def test_a_migration_that_finds_the_disk_full_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    db = await connect(path, migrate_to=1)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO departments (code, name, short_name) VALUES ('uo', 'Управління освіти', 'УО')"
        )
    await db.close()
    connect_sqlite = sqlite3.connect

    def full_disk(*args, **kwargs) -> sqlite3.Connection:
        # SQLite's own bound on the file's pages: a write past it fails as on a full disk (SQLITE_FULL)
        conn = connect_sqlite(*args, **kwargs)
        conn.execute("PRAGMA max_page_count = 12")
        return conn

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    with pytest.raises(DatabaseFileError) as info:
        await connect(path)
    assert info.value.problem is DatabaseProblem.FULL
    monkeypatch.undo()
    with sqlite3.connect(path) as conn:
        stopped_at = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        assert 1 <= stopped_at < LATEST_VERSION  # the failed migration rolled back, those before it stand
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT short_name FROM departments").fetchall() == [("УО",)]
    conn.close()
    db = await connect(path)  # with room again, the upgrade goes on from there
    async with db.locked() as conn:
        assert (await conn.execute_fetchall("SELECT MAX(version) FROM schema_migrations"))[0][
            0
        ] == LATEST_VERSION
    await db.close()


def test_an_import_that_finds_the_disk_full_is_rolled_back_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "z.db"
    asyncio.run(_empty(db))
    with sqlite3.connect(db) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    connect_sqlite = sqlite3.connect

    def full_disk(*args, **kwargs) -> sqlite3.Connection:
        conn = connect_sqlite(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages + 4}")  # room for a little, not for a program
        return conn

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    assert cli.main(["import", str(SEED), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"Помилка: на диску не вистачило місця для бази даних {db}: незавершену зміну скасовано"
    )
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    monkeypatch.undo()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM programs").fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))


def test_a_backup_that_runs_out_of_room_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    asyncio.run(prepare_database(db))
    assert db.stat().st_size > 4 * 64 * 1024
    out = tmp_path / "копії"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_PATH", "TIMEZONE")} | {
        "PYTHONPATH": str(ROOT)
    }
    done = subprocess.run(
        [sys.executable, "-m", "cli", "backup", "--db", str(db), "--out", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_file_size,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Помилка: копію ") and "її не збережено, база не змінилася" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert list(out.iterdir()) == []  # no .partial left to take the space or pass for a copy
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_backup_into_a_full_disk_is_said_to_be_that(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "z.db"
    asyncio.run(prepare_database(db))
    connect_sqlite = sqlite3.connect

    def full_target(target, *args, **kwargs) -> sqlite3.Connection:
        conn = connect_sqlite(target, *args, **kwargs)
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 8")
        return conn

    monkeypatch.setattr(sqlite3, "connect", full_target)
    with pytest.raises(BackupError) as info:
        backup_database(db, tmp_path / "b")
    assert info.value.problem is BackupProblem.FULL
    assert list((tmp_path / "b").iterdir()) == []


def test_a_source_that_is_no_database_is_not_copied(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    _text(db)
    with pytest.raises(BackupError) as info:
        backup_database(db, tmp_path / "b")
    assert info.value.problem is BackupProblem.UNREADABLE and "not a database" in info.value.detail
    assert list((tmp_path / "b").iterdir()) == []


def test_a_damaged_page_is_found_by_the_daily_backup_and_not_kept(tmp_path: Path) -> None:
    """A page damaged inside a database whose head reads (the start does not read every page): the backup's
    integrity check finds it, says so, and keeps no copy of it."""
    db = tmp_path / "z.db"
    _damaged(db)
    with pytest.raises(BackupError) as info:
        backup_database(db, tmp_path / "b")
    assert info.value.problem in (BackupProblem.INTEGRITY, BackupProblem.UNREADABLE), info.value
    assert list((tmp_path / "b").iterdir()) == []


async def _empty(path: Path) -> None:
    """An empty database of ours."""
    db = await connect(path)
    await db.close()


def test_rotation_keeps_the_copy_just_made_when_the_clock_went_back_and_leaves_foreign_files(
    tmp_path: Path,
) -> None:
    db = tmp_path / "z.db"
    asyncio.run(_empty(db))
    out = tmp_path / "b"
    out.mkdir()
    foreign = [
        "zvitbot-notes.sqlite3",
        "zvitbot-2019-old-export.sqlite3",
        "zvitbot-20990101-000000.sqlite3.txt",
    ]
    for name in foreign:
        (out / name).write_text("чуже")
    day = dt.datetime(2026, 3, 29, 3, 0, tzinfo=dt.UTC)
    made = [backup_database(db, out, keep=3, now=day + dt.timedelta(days=i)) for i in range(4)]
    assert backups(out) == made[1:]  # three of ours counted and kept; the others' files are none of them
    # NTP (or a hand) puts the clock back a day: the copy just made is older by its name than the newest
    back = backup_database(db, out, keep=3, now=day + dt.timedelta(days=2, hours=-1))
    assert back.exists()
    assert backups(out) == sorted([back, made[2], made[3]])
    assert all((out / name).read_text() == "чуже" for name in foreign)
    # the bound on space spares it too, as it spares the newest by name
    assert prune_to_size(out, 1, made=back) == [made[2]]
    assert backups(out) == sorted([back, made[3]])


async def _measure_texts(path: Path) -> list[str]:
    db = await connect(path)
    try:
        async with db.locked() as conn:
            return [row[0] for row in await conn.execute_fetchall("SELECT text FROM measures ORDER BY id")]
    finally:
        await db.close()


async def _change_texts(path: Path) -> None:
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            await conn.execute("UPDATE measures SET text = text || ' (після копії)'")
    finally:
        await db.close()


def test_restore_puts_the_copy_back_and_keeps_the_database_it_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "дані" / "z.db"
    db.parent.mkdir()
    asyncio.run(prepare_database(db))
    before = asyncio.run(_measure_texts(db))
    copy = backup_database(db, db.parent / "backups")
    asyncio.run(_change_texts(db))
    changed = asyncio.run(_measure_texts(db))
    assert cli.main(["restore", str(copy), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    [aside] = db.parent.glob("z.db.before-restore-*")
    assert (
        f"Базу {db} відновлено з копії {copy}." in out and f"Попередню базу збережено поруч: {aside}" in out
    )
    assert asyncio.run(_measure_texts(db)) == before
    assert asyncio.run(_measure_texts(aside)) == changed  # nothing lost: the replaced database, whole
    assert not list(db.parent.glob("*.restore-partial"))


def test_restore_refuses_while_the_bot_has_the_database_open_and_a_copy_that_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "z.db"
    asyncio.run(prepare_database(db))
    copy = backup_database(db, tmp_path / "backups")
    asyncio.run(_change_texts(db))
    changed = asyncio.run(_measure_texts(db))

    async def while_open() -> int:
        bot = await connect(db)  # the running bot's connection
        try:
            return await asyncio.to_thread(cli.main, ["restore", str(copy), "--db", str(db)])
        finally:
            await bot.close()

    assert asyncio.run(while_open()) == 1
    err = capsys.readouterr().err
    assert f"базу даних {db} відкрито в іншому процесі (бот працює?)" in err and "Traceback" not in err
    assert asyncio.run(_measure_texts(db)) == changed and not list(tmp_path.glob("z.db.before-restore-*"))
    bad = tmp_path / "backups" / "zvitbot-20260101-030000.sqlite3"
    _truncated(bad)
    assert cli.main(["restore", str(bad), "--db", str(db)]) == 1
    assert "пошкоджена" in capsys.readouterr().err
    assert asyncio.run(_measure_texts(db)) == changed and not list(tmp_path.glob("z.db.before-restore-*"))


def test_a_partial_copy_left_by_a_killed_backup_is_cleared_a_day_later(tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    asyncio.run(_empty(db))
    out = tmp_path / "b"
    out.mkdir()
    now = dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC)
    stale = out / "zvitbot-20261206-030000.4242.partial"  # kill -9 in the middle of a copy, two days ago
    fresh = out / "zvitbot-20261208-025959.4343.partial"  # another process's copy under way right now
    for path, moment in ((stale, now - dt.timedelta(days=2)), (fresh, now)):
        path.write_bytes(b"half a copy")
        os.utime(path, (moment.timestamp(), moment.timestamp()))
    made = backup_database(db, out, keep=3, now=now)
    assert sorted(out.iterdir()) == sorted([made, fresh])
