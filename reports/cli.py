"""``python -m reports import|open-year|lock-year|backup``: load a program, open or lock a year, copy the database.

``python -m reports`` dispatches here on a known subcommand name (``COMMANDS``); any other first argument is
the year of a report to build (``reports.__main__``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

from reports.choose import ProgramChoiceError, choose_program
from reports.directory import load_directory
from reports.importer import import_report, read_grid
from reports.report_parser import ImportFileError, parse_grid
from storage import texts
from storage.backup import BackupError, backup_database
from storage.config import StorageSettings
from storage.db import connect
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.programs import list_programs


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"дата має бути у форматі РРРР-ММ-ДД, наприклад 2024-01-20: {text!r}"
        ) from None


COMMANDS = frozenset({"import", "open-year", "lock-year", "backup"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reports", description="Zvitbot: дані програм")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="імпортувати програму зі звіту (.txt з табуляціями або .xlsx)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--directory", type=Path, help="довідник підрозділів (TOML); типово вбудований")
    imp.add_argument("--dry-run", action="store_true", help="лише показати, що буде імпортовано")
    for name, help_text in (("open-year", "відкрити рік для звітування"), ("lock-year", "закрити рік")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("year", type=int)
        cmd.add_argument("--program", help="номер або частина назви програми (коли їх кілька)")
        if name == "open-year":
            cmd.add_argument("--deadline", type=_date, help="кінцевий термін звітування, РРРР-ММ-ДД")
    backup = sub.add_parser("backup", help="узгоджена копія бази (можна під час роботи бота)")
    backup.add_argument("--out", type=Path, help="тека для копій; типово data/backups")
    backup.add_argument("--keep", type=int, help="скільки найновіших копій залишити")
    for cmd in sub.choices.values():
        cmd.add_argument("--db", type=Path, help="файл бази даних; типово з налаштувань (DATABASE_PATH)")
    return parser


async def _run(args: argparse.Namespace) -> int:
    db_path = args.db or StorageSettings().database_path
    if args.command == "backup":
        out = args.out or Path(db_path).parent / "backups"
        target = await asyncio.to_thread(backup_database, Path(db_path), out, args.keep)
        print(texts.CLI_BACKUP_DONE.format(path=target))
        return 0
    if args.command == "import":
        # Parse fully before touching the database: a bad file must not even create one.
        grid = read_grid(args.file)
        parsed = parse_grid(grid)
        directory = load_directory(args.directory) if args.directory else load_directory()
        db = await connect(db_path)
        try:
            summary = await import_report(
                db, parsed, source_name=args.file.name, directory=directory, apply=not args.dry_run
            )
        finally:
            await db.close()
        print(summary.render())
        return 0
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            program = choose_program(await list_programs(conn), args.program)
            status = PeriodStatus.OPEN if args.command == "open-year" else PeriodStatus.LOCKED
            period = await set_period(
                conn, program.id, args.year, status, getattr(args, "deadline", None)
            )
    finally:
        await db.close()
    if status is PeriodStatus.OPEN:
        deadline = period.deadline.strftime("%d.%m.%Y") if period.deadline else "не встановлено"
        print(texts.CLI_PERIOD_OPENED.format(year=args.year, program=program.name, deadline=deadline))
    else:
        print(texts.CLI_PERIOD_LOCKED.format(year=args.year, program=program.name))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return asyncio.run(_run(args))
    except FileNotFoundError as exc:
        print(f"Помилка: файл не знайдено: {exc.filename}", file=sys.stderr)
        return 1
    except (ImportFileError, ProgramChoiceError, BackupError, ValueError, OSError) as exc:
        print(f"Помилка: {exc}", file=sys.stderr)
        return 1

