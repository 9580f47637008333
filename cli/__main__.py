"""``python -m cli 2023 --db FILE --out FILE.xlsx``: build a year's report offline from a database;
``python -m cli 2024 H1 …`` (also ``9M``, ``Q1``-``Q4``): an interim report, titled «за І півріччя 2024 року,
станом на 01.07.2024», the departments' reports as they stood at its deadline, the plans of its date
(``actions.reports.AsOfDeadline``); ``python -m cli 2020-2025 …``: the final report over those years of the
program's term;
``python -m cli 2023 --all [--formats xlsx,pdf] --out FILE.zip``: every program's report of the year and the city's
sheet in one ZIP, as the chat's ``/report 2023 all`` sends it (``python -m cli 2024 H1 --all``: every program's
interim report, each as of its program's deadline for it, as ``/report 2024 H1 all``). ``python -m cli report …`` is the same as
``python -m cli …``.

The report is built by ``actions.reports`` (the bot's /report builds it too, by the same rules). The format
follows the extension of ``--out``: any a writer is registered for in ``reports.writers`` (.xlsx, .docx,
.pdf). The other commands (``import``, ``open-year``, ``lock-year``, ``plan``, ``backup``) are in
``cli.commands``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
import sys
from pathlib import Path

from actions.actor import Actor
from actions.refusals import Refused
from actions.reports import AsOfDeadline, city_reports, term_report, year_report
from cli import commands
from l10n import t
from l10n.problems import database_text
from reports.choose import ProgramChoiceError, choose_program
from reports.city_package import short_name, write_city_package
from reports.term_report import year_range
from reports.texts import period_line
from reports.writers import UnknownFormat, Writer, known_formats, writer_for
from storage.config import StorageSettings
from storage.db import DatabaseFileError, connect
from storage.deadlines import DEFAULT_DAYS_AFTER, Interim
from storage.programs import list_programs


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli-bad-moment", text=text)) from None
    if len(text) == 10:  # a date alone means the end of that day
        moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    return moment  # without a zone: the council's (``main`` puts it in)


def _year_or_range(text: str) -> int | tuple[int, int]:
    """A year ("2023") or a range of the term's years ("2020-2025")."""
    years = year_range(text)
    if years is not None:
        return years
    if text.strip().isdigit():
        return int(text)
    raise argparse.ArgumentTypeError(t("cli-bad-year", text=text))


def _interim(text: str) -> Interim:
    """``H1``, ``9M``, ``Q1``..``Q4`` (also in Cyrillic letters), as the chat's /report 2024 H1 reads them."""
    interim = Interim.typed(text)
    if interim is None:
        raise argparse.ArgumentTypeError(t("interim-form-cli-bad-period", text=text))
    return interim


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cli",
        description=t("cli-report-description"),
        epilog=t("cli-report-epilog", commands=" | ".join(commands.COMMANDS)),
    )
    parser.add_argument("year", type=_year_or_range, help=t("cli-help-report-year"))
    parser.add_argument("interim", nargs="?", type=_interim, help=t("interim-form-cli-help"))
    parser.add_argument("--db", type=Path, help=t("cli-help-db"))
    parser.add_argument("--out", type=Path, help=t("cli-help-out", formats=known_formats()))
    parser.add_argument("--program", help=t("cli-help-program"))
    parser.add_argument("--at", type=_moment, help=t("cli-help-at"))
    parser.add_argument("--all", action="store_true", help=t("cli-help-all"))
    parser.add_argument(
        "--formats",
        type=_formats,
        default=DEFAULT_FORMATS,
        help=t("cli-help-formats", default=",".join(DEFAULT_FORMATS)),
    )
    return parser


DEFAULT_FORMATS = ("xlsx", "pdf")  # what the chat's /report sends by default (REPORT_FORMATS)


def _formats(text: str) -> tuple[str, ...]:
    """``xlsx,pdf``: formats a writer is registered for, each once."""
    formats = tuple(
        dict.fromkeys(part.lower().lstrip(".") for part in re.split(r"[,\s]+", text.strip()) if part)
    )
    for extension in formats:
        try:
            writer_for(f"report.{extension}")
        except UnknownFormat as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    if not formats:
        raise argparse.ArgumentTypeError(t("cli-error", error=text))
    return formats


async def _run_all(args: argparse.Namespace, db_path: Path, out: Path) -> int:
    """Every program's report of the year and the city's sheet, in one ZIP at ``out``."""
    actor = Actor.command_line("python -m cli")
    interim = AsOfDeadline(args.interim, DEFAULT_DAYS_AFTER, args.zone) if args.interim is not None else None
    db = await connect(db_path)
    try:
        city = await city_reports(db, actor, args.year, interim=interim, at=args.at)
    finally:
        await db.close()
    period = period_line(args.year, args.interim)
    if not city.reports:
        print(t("city-report-none", period=period), file=sys.stderr)
        return 1
    with out.open("wb") as target:
        write_city_package(
            args.year,
            [built.report for _, built in city.reports],
            [p.name for p in city.without_data],
            args.formats,
            target,
            args.interim,
        )
    print(t("cli-all-done", path=str(out), programs=len(city.reports)))
    if city.without_data:
        names = ", ".join(short_name(p.name) for p in city.without_data)
        print(t("cli-all-without-data", period=period, names=names))
    return 0


async def _run(args: argparse.Namespace, db_path: Path, out: Path, writer: Writer) -> None:
    actor = Actor.command_line("python -m cli")  # builds a report: nothing is recorded under its name
    db = await connect(db_path)
    try:
        async with db.locked() as conn:
            program = choose_program(await list_programs(conn), args.program)
        if isinstance(args.year, tuple):
            term = await term_report(db, actor, program, *args.year, at=args.at)
        elif args.interim is not None:
            interim = AsOfDeadline(args.interim, DEFAULT_DAYS_AFTER, args.zone)
            built = await year_report(db, actor, program, args.year, interim=interim)
        else:
            built = await year_report(db, actor, program, args.year, at=args.at)
    finally:
        await db.close()
    if isinstance(args.year, tuple):
        writer.write_term(term, out)
    else:
        writer.write(built.report, out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in commands.COMMANDS:
        return commands.main(argv)
    if argv and argv[0] == "report":  # «python -m cli report 2023 …», as the chat's /report
        argv = argv[1:]
    args = _parser().parse_args(argv)
    try:
        args.zone = commands.council_zone()  # TIMEZONE: whose days a deadline and --at end
    except ValueError as exc:
        print(t("cli-error", error=str(exc)), file=sys.stderr)
        return 1
    if args.at is not None and args.at.tzinfo is None:
        args.at = args.at.replace(tzinfo=args.zone)
    db_path = args.db or StorageSettings().database_path
    period = "-".join(map(str, args.year)) if isinstance(args.year, tuple) else str(args.year)
    if args.interim is not None:
        refusal = _interim_refusal(args)
        if refusal:
            print(refusal, file=sys.stderr)
            return 2
        period = f"{period}-{args.interim.value}"
    if args.all:
        return _main_all(args, db_path, args.out or Path(f"zvit-{period}-usi-programy.zip"))
    out = args.out or Path(f"zvit-{period}.xlsx")
    try:
        writer = writer_for(out)  # before any work: a wrong name is said at once
        if not Path(db_path).exists():  # connect() would create an empty one
            raise FileNotFoundError(2, "no database", str(db_path))
        asyncio.run(_run(args, db_path, out, writer))
    except FileNotFoundError as exc:
        print(t("cli-file-not-found", path=str(exc.filename)), file=sys.stderr)
        return 1
    except Refused as refused:
        print(commands.refusal_text(refused), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return commands.quiet_broken_pipe()
    except DatabaseFileError as exc:
        print(t("cli-database-failed", problem=database_text(exc)), file=sys.stderr)
        return 1
    except (ProgramChoiceError, UnknownFormat, OSError) as exc:
        print(t("cli-error", error=str(exc)), file=sys.stderr)
        return 1
    print(t("cli-report-done", path=str(out)))
    return 0


def _interim_refusal(args: argparse.Namespace) -> str:
    """What an interim report cannot be asked with, in words; "" when it is well asked."""
    if isinstance(args.year, tuple):
        return t("interim-form-cli-not-range", text="-".join(map(str, args.year)), interim=args.interim.value)
    if args.at is not None:
        return t("interim-form-cli-not-at", interim=args.interim.value)
    return ""


def _main_all(args: argparse.Namespace, db_path: Path, out: Path) -> int:
    if isinstance(args.year, tuple):
        print(t("cli-all-needs-year", text="-".join(map(str, args.year))), file=sys.stderr)
        return 1
    if out.suffix.lower() != ".zip":
        print(t("cli-all-needs-zip", path=str(out)), file=sys.stderr)
        return 1
    try:
        if not Path(db_path).exists():  # connect() would create an empty one
            raise FileNotFoundError(2, "no database", str(db_path))
        return asyncio.run(_run_all(args, db_path, out))
    except FileNotFoundError as exc:
        print(t("cli-file-not-found", path=str(exc.filename)), file=sys.stderr)
    except Refused as refused:
        print(commands.refusal_text(refused), file=sys.stderr)
    except DatabaseFileError as exc:
        print(t("cli-database-failed", problem=database_text(exc)), file=sys.stderr)
    except OSError as exc:
        print(t("cli-error", error=str(exc)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
