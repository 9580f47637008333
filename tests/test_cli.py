"""The command lines: ``python -m cli`` with a subcommand (import, open-year, lock-year, backup) or a year."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from cli import commands as cli
from cli.__main__ import _parser as report_parser
from cli.__main__ import main as reports_main
from storage.backup import backups
from storage.clock import KYIV
from storage.db import connect
from storage.models import Fund
from storage.plans import PlanKey, apply_plans
from storage.programs import list_programs, load_program
from tests.botkit import prepare_database
from tests.test_bot_coordinator import measure_rows


def test_several_programs_in_one_database_and_the_command_lines(
    tmp_path: Path, seed_path: Path, capsys
) -> None:
    db = tmp_path / "city.db"
    other = tmp_path / "other.txt"
    other.write_text(
        seed_path.read_text(encoding="utf-8").replace("територія рівних можливостей", "безпечне місто"),
        encoding="utf-8",
    )
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    assert reports_main(["import", str(other), "--db", str(db)]) == 0
    assert "Завдань: 4, заходів: 37" in capsys.readouterr().out
    assert reports_main(["2023", "--db", str(db), "--out", str(tmp_path / "r.xlsx")]) == 1
    assert "кілька програм" in capsys.readouterr().err
    assert (
        reports_main(["2023", "--db", str(db), "--program", "безпечне", "--out", str(tmp_path / "r.xlsx")])
        == 0
    )
    assert (tmp_path / "r.xlsx").exists()
    assert (
        reports_main(["open-year", "2024", "--deadline", "2025-01-20", "--db", str(db), "--program", "2"])
        == 0
    )
    assert "відкрито" in capsys.readouterr().out
    assert reports_main(["import", str(tmp_path / "missing.txt"), "--db", str(db)]) == 1
    assert "файл не знайдено" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_text("Звіт\nщось\n", encoding="utf-8")
    assert reports_main(["import", str(bad), "--db", str(tmp_path / "never.db")]) == 1
    assert not (tmp_path / "never.db").exists()  # a bad file does not even create a database


def test_backup_command_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "z.db"
    asyncio.run(prepare_database(db))
    assert reports_main(["backup", "--db", str(db), "--keep", "2"]) == 0
    assert "Копію бази збережено" in capsys.readouterr().out
    assert len(backups(tmp_path / "backups")) == 1
    assert reports_main(["backup", "--db", str(tmp_path / "none.db")]) == 1
    assert "Помилка" in capsys.readouterr().err


def test_lock_year_and_what_a_failed_backup_says(tmp_path: Path, seed_path: Path, capsys) -> None:
    db = tmp_path / "z.db"
    assert reports_main(["import", str(seed_path), "--db", str(db), "--dry-run"]) == 0
    assert "Звітів імпортовано: 37 нових, 0 без змін" in capsys.readouterr().out
    assert not db.exists()  # the dry run loaded nothing, nor made the file
    assert reports_main(["open-year", "2023", "--db", str(db)]) == 1
    assert f"файл не знайдено: {db}" in capsys.readouterr().err
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    assert reports_main(["open-year", "2023", "--db", str(db)]) == 0
    assert "кінцевий термін: не встановлено" in capsys.readouterr().out
    assert reports_main(["lock-year", "2023", "--db", str(db)]) == 0
    assert "закрито" in capsys.readouterr().out
    assert reports_main(["backup", "--db", str(tmp_path / "none.db")]) == 1
    assert f"бази даних немає: {tmp_path / 'none.db'}" in capsys.readouterr().err


def test_python_m_cli_dispatches_on_the_subcommand(tmp_path: Path, seed_path: Path) -> None:
    """The README's commands, run as a person runs them."""
    db = tmp_path / "z.db"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )

    done = run("import", str(seed_path), "--db", str(db))
    assert done.returncode == 0 and "Завдань: 4, заходів: 37" in done.stdout
    done = run("open-year", "2024", "--deadline", "2025-01-20", "--db", str(db))
    assert done.returncode == 0 and "кінцевий термін: 20.01.2025" in done.stdout
    done = run("2023", "--db", str(db), "--out", str(tmp_path / "zvit-2023.xlsx"))
    assert done.returncode == 0 and (tmp_path / "zvit-2023.xlsx").exists()
    done = run("backup", "--keep", "30", "--db", str(db))
    assert done.returncode == 0 and len(backups(tmp_path / "backups")) == 1
    assert "open-year" in run("--help").stdout


def test_dry_run_of_an_amended_program_lists_the_changes_and_writes_nothing(
    tmp_path: Path, seed_path: Path, capsys
) -> None:
    from tests.dbkit import dump
    from tests.test_amendments import _amend_for_2024

    db = tmp_path / "z.sqlite3"
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    amended = tmp_path / "zvit-2024.txt"
    amended.write_text(
        "\n".join(_amend_for_2024(seed_path.read_text(encoding="utf-8").split("\n"))), encoding="utf-8"
    )
    before = dump(db)
    capsys.readouterr()
    assert reports_main(["import", str(amended), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Зміни до Програми порівняно з базою (6):" in out
    assert "− захід 1.7 вилучено з 2024 року" in out and "↪ захід 2.12 тепер має номер 2.13" in out
    assert dump(db) == before
    assert reports_main(["import", str(amended), "--db", str(db)]) == 0
    assert "− захід 1.7 вилучено з 2024 року" in capsys.readouterr().out
    assert dump(db) != before


def test_open_year_refuses_a_deadline_far_outside_the_term(tmp_path: Path, seed_path: Path, capsys) -> None:
    db = tmp_path / "z.db"
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    capsys.readouterr()
    assert reports_main(["open-year", "2023", "--deadline", "9999-12-31", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert (
        "31.12.9999 поза допустимими датами: від 01.01.2023 до 31.12.2027" in err
        and "Нічого не змінено" in err
    )
    assert reports_main(["open-year", "2023", "--deadline", "2024-01-20", "--db", str(db)]) == 0
    assert "20.01.2024" in capsys.readouterr().out


def test_a_report_at_a_moment_reads_the_plans_of_then(tmp_path: Path, capsys) -> None:
    """``--at``: the plans in force at that moment, as the reports are; without it, today's."""
    db_path = tmp_path / "z.db"

    async def plan_2024() -> None:
        await prepare_database(db_path)
        db = await connect(db_path)
        try:
            async with db.transaction() as conn:
                [program] = await list_programs(conn)
                tree = await load_program(conn, program.id)
                assert tree is not None
                measure = tree.measure_by_number("3.10")
                assert measure is not None
                for month, amount in ((3, "10"), (8, "25")):
                    await apply_plans(
                        conn,
                        {PlanKey(measure.id, 2024, Fund.GENERAL): Decimal(amount)},
                        author_id=None,
                        now=dt.datetime(2024, month, 1, tzinfo=KYIV),
                    )
        finally:
            await db.close()

    asyncio.run(plan_2024())
    then, now = tmp_path / "then.xlsx", tmp_path / "now.xlsx"
    assert reports_main(["2024", "--db", str(db_path), "--at", "2024-07-10", "--out", str(then)]) == 0
    assert reports_main(["2024", "--db", str(db_path), "--out", str(now)]) == 0
    assert measure_rows(then.read_bytes())["3.10"][5] == 10
    assert measure_rows(now.read_bytes())["3.10"][5] == 25


def _own_options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def test_each_commands_help_describes_its_own_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` of every command speaks only of what that command takes: no other command's options, and
    only the report's year may be a range of the term's years."""
    subparsers = next(a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands: dict[str, argparse.ArgumentParser] = {**subparsers.choices, "": report_parser()}
    assert set(commands) == {*cli.COMMANDS, ""}
    for name, parser in commands.items():
        with pytest.raises(SystemExit) as exited:
            reports_main([name, "--help"] if name else ["--help"])
        assert exited.value.code == 0
        shown = capsys.readouterr().out
        assert set(re.findall(r"--[a-z][a-z-]*", shown)) <= _own_options(parser) | {"--help"}, name
        ranges = "2020-2025" in shown or "терміну" in shown
        assert ranges == (name == ""), f"{name or 'report'}: {shown}"


def test_output_read_only_in_part_is_no_error(tmp_path: Path, seed_path: Path) -> None:
    """``python -m cli departments | head -2``: the reader goes away early; the command says nothing of it."""
    db = tmp_path / "z.db"
    subprocess.run(
        [sys.executable, "-m", "cli", "import", str(seed_path), "--db", str(db)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    listing = subprocess.Popen(
        [sys.executable, "-m", "cli", "departments", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert listing.stdout is not None and listing.stderr is not None
    first = listing.stdout.readline()
    listing.stdout.close()  # as `head -1` does
    errors = listing.stderr.read().decode()
    assert listing.wait(timeout=60) == 0, errors
    assert first and errors == ""
