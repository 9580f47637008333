"""``python -m reports 2023 --db FILE --out FILE.xlsx``: build a year's report offline from a database.

The format follows the extension of ``--out``: .xlsx, .docx or .pdf (``reports.writers``)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from reports.build import build_report
from reports.writers import UnknownFormat, Writer, known_formats, writer_for
from storage.choose import ProgramChoiceError, choose_program
from storage.config import StorageSettings
from storage.db import connect
from storage.programs import list_programs

KYIV = ZoneInfo("Europe/Kyiv")


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"момент має бути у форматі РРРР-ММ-ДД або РРРР-ММ-ДДTГГ:ХХ: {text!r}"
        ) from None
    if len(text) == 10:  # a date alone means the end of that day
        moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    return moment if moment.tzinfo else moment.replace(tzinfo=KYIV)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reports", description="Zvitbot: звіт у XLSX, DOCX або PDF"
    )
    parser.add_argument("year", type=int, help="звітний рік, наприклад 2023")
    parser.add_argument("--db", type=Path, help="файл бази даних; типово з налаштувань (DATABASE_PATH)")
    parser.add_argument(
        "--out",
        type=Path,
        help=f"куди записати звіт ({known_formats()}, за розширенням); типово zvit-РІК.xlsx",
    )
    parser.add_argument("--program", help="номер або частина назви програми (коли їх кілька)")
    parser.add_argument("--at", type=_moment, help="стан на момент (за Києвом), наприклад 2023-10-10")
    return parser


async def _run(args: argparse.Namespace, db_path: Path, out: Path, writer: Writer) -> None:
    db = await connect(db_path)
    try:
        async with db.read() as conn:
            program = choose_program(await list_programs(conn), args.program)
        report = await build_report(db, program.id or 0, args.year, args.at)
    finally:
        await db.close()
    writer.write(report, out)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db_path = args.db or StorageSettings().database_path
    out = args.out or Path(f"zvit-{args.year}.xlsx")
    try:
        writer = writer_for(out)  # before any work: a wrong name is said at once
        if not Path(db_path).exists():  # connect() would create an empty one
            raise FileNotFoundError(2, "no database", str(db_path))
        asyncio.run(_run(args, db_path, out, writer))
    except FileNotFoundError as exc:
        print(f"Помилка: файл не знайдено: {exc.filename}", file=sys.stderr)
        return 1
    except (ProgramChoiceError, UnknownFormat, OSError) as exc:
        print(f"Помилка: {exc}", file=sys.stderr)
        return 1
    print(f"Звіт записано: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
