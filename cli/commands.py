"""``python -m cli import|open-year|lock-year|plan|departments|backup|restore``: load a program, open or lock a
year, a year's plans (the plan sheet out, a filled one applied), the directory of departments (listed, a department
renamed, two merged, its sheet out and applied), copy the database, put a copy back in its place.

``python -m cli`` hands its arguments here when the first one is a name in ``COMMANDS``; any other
first argument is the year of a report to build (``cli.__main__``). Everything printed comes from
``l10n/uk/cli.ftl`` (and the import's summary from ``l10n/uk/import.ftl``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import io
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from actions.actor import Actor
from actions.directory import (
    Directory,
    apply_directory_sheet,
    directory,
    directory_sheet,
    merge_departments,
    preview_directory_sheet,
    rename_department,
)
from actions.indicator_plans import apply_indicator_plan, preview_indicator_plan
from actions.periods import lock_year, open_year
from actions.plans import apply_plan_sheet, plan_sheet, preview_plan_sheet
from actions.programs import import_program, preview_program
from actions.refusals import Refused
from l10n import t
from l10n.problems import backup_text, database_text
from l10n.times import date, shown
from reports.choose import ProgramChoiceError, choose_program
from reports.directory import DirectoryError, load_directory
from reports.directory_sheet import DirectorySheetError, is_directory_sheet, write_directory_sheet
from reports.directory_sheet import render_diff as render_directory_diff
from reports.import_issues import ImportFileError
from reports.importer import read_file_grid
from reports.indicator_plan_sheet import value_text
from reports.plan_sheet import PlanSheetError, is_plan_sheet, render_applied, render_diff, write_plan_sheet
from reports.report_parser import parse_grid
from reports.xlsx_reader import WorkbookError
from reports.xlsx_reader import read_workbook_grid as read_xlsx_grid
from storage.backup import BackupError, backup_database, restore_database
from storage.config import StorageSettings
from storage.db import DatabaseFileError, connect
from storage.programs import list_programs

# In the order the help lists them.
COMMANDS = ("import", "open-year", "lock-year", "plan", "departments", "backup", "restore")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli-bad-date", text=text)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cli", description=t("cli-description"))
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help=t("cli-help-import"), description=t("cli-help-import"))
    imp.add_argument("file", type=Path, help=t("cli-help-file"))
    imp.add_argument("--directory", type=Path, help=t("cli-help-directory"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli-help-dry-run"))
    for name, help_text, year_help in (
        ("open-year", t("cli-help-open-year"), t("cli-help-open-year-year")),
        ("lock-year", t("cli-help-lock-year"), t("cli-help-lock-year-year")),
    ):
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("year", type=int, help=year_help)
        cmd.add_argument("--program", help=t("cli-help-program"))
        if name == "open-year":
            cmd.add_argument("--deadline", type=_date, help=t("cli-help-deadline"))
    plan = sub.add_parser("plan", help=t("cli-help-plan"), description=t("cli-help-plan"))
    plan.add_argument("year", type=int, help=t("cli-help-plan-year"))
    what = plan.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=Path, help=t("cli-help-plan-out"))
    what.add_argument("--apply", type=Path, help=t("cli-help-plan-apply"))
    what.add_argument("--indicator", type=int, help=t("cli-help-plan-indicator"))
    plan.add_argument("--value", help=t("cli-help-plan-value"))
    plan.add_argument("--dry-run", action="store_true", help=t("cli-help-plan-dry-run"))
    plan.add_argument("--program", help=t("cli-help-program"))
    departments = sub.add_parser(
        "departments", help=t("cli-help-departments"), description=t("cli-help-departments")
    )
    sheet = departments.add_mutually_exclusive_group()
    sheet.add_argument("--out", type=Path, help=t("cli-help-departments-out"))
    sheet.add_argument("--apply", type=Path, help=t("cli-help-departments-apply"))
    departments.add_argument("--dry-run", action="store_true", help=t("cli-help-departments-dry-run"))
    action = departments.add_subparsers(dest="action")
    rename = action.add_parser(
        "rename", help=t("cli-help-departments-rename"), description=t("cli-help-departments-rename")
    )
    rename.add_argument("id", type=int, help=t("cli-help-department-id"))
    rename.add_argument("short", nargs="?", help=t("cli-help-department-short"))
    rename.add_argument("--name", help=t("cli-help-department-name"))
    merge = action.add_parser(
        "merge", help=t("cli-help-departments-merge"), description=t("cli-help-departments-merge")
    )
    merge.add_argument("keep", type=int, help=t("cli-help-department-keep"))
    merge.add_argument("gone", type=int, help=t("cli-help-department-gone"))
    for cmd in (rename, merge):  # after the action too; SUPPRESS: not over one given before it
        cmd.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=t("cli-help-db"))
    backup = sub.add_parser("backup", help=t("cli-help-backup"), description=t("cli-help-backup"))
    backup.add_argument("--out", type=Path, help=t("cli-help-backup-out"))
    backup.add_argument("--keep", type=int, help=t("cli-help-keep"))
    backup.add_argument("--max-mb", type=int, help=t("cli-help-max-mb"))
    restore = sub.add_parser("restore", help=t("cli-help-restore"), description=t("cli-help-restore"))
    restore.add_argument("backup", type=Path, help=t("cli-help-restore-backup"))
    for cmd in sub.choices.values():
        cmd.add_argument("--db", type=Path, help=t("cli-help-db"))
    return parser


def _database(args: argparse.Namespace) -> Path:
    """The database the command works on (--db, else DATABASE_PATH). Only an import makes one: a mistyped --db
    is a file not found, not a new empty database left behind; an import's --dry-run on none is shown against an
    empty database that is never written to a disk."""
    db_path = Path(args.db or StorageSettings().database_path)
    if args.command in ("backup", "restore") or db_path.exists():
        return db_path
    if args.command != "import":
        raise FileNotFoundError(2, "no database", str(db_path))
    return Path(":memory:") if args.dry_run else db_path


async def _run(args: argparse.Namespace) -> int:
    db_path = args.db
    if args.command == "backup":
        out = args.out or Path(db_path).parent / "backups"
        max_bytes = None if args.max_mb is None else args.max_mb * 1024 * 1024
        target = await asyncio.to_thread(backup_database, Path(db_path), out, args.keep, None, max_bytes)
        print(t("cli-backup-done", path=str(target)))
        return 0
    if args.command == "restore":
        restored = await asyncio.to_thread(restore_database, args.backup, Path(db_path))
        print(t("cli-restore-done", path=str(restored.database), backup=str(restored.backup)))
        if restored.previous is not None:
            print(t("cli-restore-previous", path=str(restored.previous)))
        return 0
    if args.command == "import":
        return await _import(args, db_path)
    if args.command == "plan":
        return await _plan(args, db_path)
    if args.command == "departments":
        return await _departments(args, db_path)
    return await _period(args, db_path)


def _actor() -> Actor:
    """Whoever runs the command line, by their login (the history's author of what they change)."""
    return Actor.command_line(t("cli-plan-author", user=getpass.getuser()))


async def _import(args: argparse.Namespace, db_path: Path) -> int:
    """A program's report loaded (a new program or an amendment); with --dry-run only shown."""
    # Parse fully before touching the database: a bad file must not even create one.
    grid = read_file_grid(args.file)
    parsed = parse_grid(grid)
    # A directory file only when asked: otherwise the database's directory (an empty one of the starter file's
    # council gets the starter first; any other council's bodies are discovered from the file).
    directory = load_directory(args.directory) if args.directory else None
    act = preview_program if args.dry_run else import_program
    db = await connect(db_path)
    try:
        summary = await act(db, _actor(), parsed, source_name=args.file.name, directory=directory)
    finally:
        await db.close()
    print(summary.render())
    return 0


async def _period(args: argparse.Namespace, db_path: Path) -> int:
    """open-year (with its deadline) or lock-year: the same actions, with the same rules, as /open and /lock."""
    db = await connect(db_path)
    try:
        async with db.locked() as conn:
            program = choose_program(await list_programs(conn), args.program)
        if args.command == "open-year":
            today = dt.datetime.now(council_zone()).date()
            opened = await open_year(db, _actor(), program, args.year, args.deadline, today=today)
            period = opened.period
            deadline = date(period.deadline) if period.deadline else t("cli-no-deadline")
            text = t("cli-period-opened", year=args.year, program=program.name, deadline=deadline)
            if opened.past_deadline:
                text += "\n" + t("cli-period-past-deadline", deadline=deadline, year=args.year)
        else:
            await lock_year(db, _actor(), program, args.year)
            text = t("cli-period-locked", year=args.year, program=program.name)
    finally:
        await db.close()
    print(text)
    return 0


async def _plan(args: argparse.Namespace, db_path: Path) -> int:
    """The plan sheet for a year written out, or a filled one applied (with --dry-run: only shown)."""
    if args.indicator is not None:
        return await _indicator_plan(args, db_path)
    # a bad file must not even open the database; the plan sheet may come after a sheet of the clerk's own
    grid = read_xlsx_grid(args.apply, prefer=is_plan_sheet) if args.apply else None
    actor = _actor()
    db = await connect(db_path)
    try:
        if grid is None:
            async with db.locked() as conn:
                program = choose_program(await list_programs(conn), args.program)
            buffer = io.BytesIO()
            write_plan_sheet(await plan_sheet(db, actor, program, args.year), buffer)
            await asyncio.to_thread(args.out.write_bytes, buffer.getvalue())
            print(t("cli-plan-written", path=str(args.out), year=args.year, program=program.name))
            return 0
        if args.dry_run:
            preview = await preview_plan_sheet(db, actor, grid, year=args.year)
            print(render_diff(preview.diff))
            print(t("cli-plan-dry-run"))
            return 0
        applied = await apply_plan_sheet(db, actor, grid, year=args.year)
        print(render_diff(applied.diff))
        print(render_applied(applied.diff, applied.changed, applied.indicators_changed))
        return 0
    finally:
        await db.close()


async def _indicator_plan(args: argparse.Namespace, db_path: Path) -> int:
    """One result indicator's plan (``--indicator 3 --value 150``): the change shown, then applied (with
    --dry-run: only shown), by the same rules as ``/plan 2024 показник 3 150``."""
    if args.value is None:
        print(t("cli-indicator-plan-no-value"), file=sys.stderr)
        return 2
    actor = _actor()
    db = await connect(db_path)
    try:
        async with db.locked() as conn:
            program = choose_program(await list_programs(conn), args.program)
        preview = await preview_indicator_plan(db, actor, program, args.year, args.indicator, args.value)
        unit = preview.indicator.unit
        old, new = value_text(preview.old, unit), value_text(preview.new, unit)
        words = {
            "number": args.indicator,
            "year": args.year,
            "name": preview.indicator.name,
            "old": old,
            "new": new,
        }
        print(t("cli-indicator-plan-change", **words))
        if args.dry_run:
            print(t("cli-plan-dry-run"))
            return 0
        if preview.changed:
            await apply_indicator_plan(
                db, actor, program.id, args.year, args.indicator, args.value, old=preview.old
            )
        print(t("cli-indicator-plan-applied", changed="yes" if preview.changed else "no", **words))
        return 0
    finally:
        await db.close()


async def _departments(args: argparse.Namespace, db_path: Path) -> int:
    """The directory printed; a department renamed, two merged; its sheet written out, or a filled one applied
    (with --dry-run: only shown). The same actions, with the same rules, as /departments."""
    if args.action == "rename" and args.short is None and args.name is None:
        print(t("cli-departments-rename-nothing"), file=sys.stderr)
        return 2
    # a bad file must not even open the database; the directory sheet may come after a sheet of the clerk's own
    grid = read_xlsx_grid(args.apply, prefer=is_directory_sheet) if args.apply else None
    actor = _actor()
    db = await connect(db_path)
    try:
        if args.action == "rename":
            renamed = await rename_department(db, actor, args.id, short_name=args.short, name=args.name)
            after = renamed.after
            print(
                t(
                    "cli-departments-renamed",
                    old=renamed.before.short_name,
                    new=after.short_name,
                    name=after.name,
                )
            )
        elif args.action == "merge":
            merged = await merge_departments(db, actor, args.keep, args.gone)
            counts = merged.plan.counts
            print(
                t(
                    "cli-departments-merged",
                    gone=merged.plan.gone.short_name,
                    keep=merged.keep.short_name,
                    measures=counts.measures,
                    reports=counts.submissions,
                    members=counts.members,
                )
            )
            if counts.both_reported:
                both = ", ".join(f"{number} ({year})" for number, year in counts.both_reported)
                print(t("cli-departments-both-reported", list=both))
        elif args.out is not None:
            buffer = io.BytesIO()
            write_directory_sheet(await directory_sheet(db, actor), buffer)
            await asyncio.to_thread(args.out.write_bytes, buffer.getvalue())
            print(t("cli-departments-sheet-written", path=str(args.out)))
        elif grid is not None and args.dry_run:
            print(render_directory_diff((await preview_directory_sheet(db, actor, grid)).diff))
            print(t("cli-departments-dry-run"))
        elif grid is not None:
            applied = await apply_directory_sheet(db, actor, grid)
            print(render_directory_diff(applied.diff))
            print(t("directory-sheet-applied", count=applied.diff.changes))
        else:
            _print_directory(await directory(db, actor))
        return 0
    finally:
        await db.close()


def _print_directory(found: Directory) -> None:
    if not found.entries:
        print(t("cli-departments-empty"))
    for entry in found.entries:
        d = entry.department
        print(
            t(
                "cli-departments-line",
                id=d.id,
                short=d.short_name,
                name=d.name,
                measures=sum(count for _, count in entry.measures),
                members=entry.members,
                reports=entry.submissions,
                aliases="; ".join(d.aliases) or t("departments-none"),
            )
        )


def council_zone() -> ZoneInfo:
    """The council's zone, TIMEZONE (Europe/Kyiv by default), as the bot reads it: the command line's days (a
    deadline's end, ``--at``) and the moments it prints are the council's, as the chat's are. A zone that does
    not exist, or a .env that is not UTF-8, is a ``ValueError``."""
    try:
        name = StorageSettings().timezone
    except UnicodeDecodeError as exc:  # .env saved in another encoding (Windows-1251, UTF-16)
        raise ValueError(t("settings-env-not-utf8", position=exc.start)) from None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(t("settings-unknown-zone", zone=name)) from None


def refusal_text(refused: Refused) -> str:
    """An action's refusal as the command line says it: moments in the council's time, days as dates."""
    details = {name: shown(value, council_zone()) for name, value in refused.details.items()}
    return t(refused.message_id, front="cli", **details)


def quiet_broken_pipe() -> int:
    """The reader of our output went away (``… | head``): what it wanted was printed; no error, and none at exit
    either (Python would report the unflushed rest), as the documentation of ``signal`` advises."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        council_zone()  # a wrong TIMEZONE is said before any work
    except ValueError as exc:
        print(t("cli-error", error=str(exc)), file=sys.stderr)
        return 1
    try:
        args.db = _database(args)
        return asyncio.run(_run(args))
    except FileNotFoundError as exc:
        print(t("cli-file-not-found", path=str(exc.filename)), file=sys.stderr)
    except BackupError as exc:
        print(t("cli-backup-failed", problem=backup_text(exc)), file=sys.stderr)
    except DatabaseFileError as exc:
        print(t("cli-database-failed", problem=database_text(exc)), file=sys.stderr)
    except (PlanSheetError, DirectorySheetError) as exc:
        print(exc.render(), file=sys.stderr)
    except Refused as refused:
        print(refusal_text(refused), file=sys.stderr)
    except BrokenPipeError:
        return quiet_broken_pipe()
    except (ImportFileError, ProgramChoiceError, DirectoryError, WorkbookError, OSError) as exc:
        print(t("cli-error", error=str(exc)), file=sys.stderr)
    return 1
