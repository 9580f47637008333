"""A city of many programs: the Zhytomyr seed imported again and again under other names and decision numbers
(the parser reads both from the heading lines), for the city at a glance and ``/report 2023 all``.

Program n (1-based) is «… – напрям NN» (zero-padded, so its name's order is its number's), decision №(2000+n):

- ``ELSEWHERE``: imported as 2022's report (the heading says «за 2022 рік»): no data in 2023;
- every other one: the seed's 2023 plans and figures, 2023 open with the deadline ``DEADLINE``;
- n % 4 == 0: task 3's measures (3.1-3.11) still owed: their imported figures removed;
- n % 3 == 0: measure 1.1 reported again through the bot by its lead department (actual n, financed n/2),
  waiting for review.

Building it takes a couple of seconds: make it once per module (``make_city`` into a module's temporary folder)
and copy the file for each test (``copy_city``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from reports.importer import import_report
from reports.report_parser import parse_grid
from storage.db import connect
from storage.models import NewSubmission, PeriodStatus, Source
from storage.periods import set_period
from storage.programs import list_programs, load_program
from storage.submissions import add_submission
from tests.conftest import SEED

PROGRAMS = 32
YEAR = 2023
DEADLINE = dt.date(2024, 1, 20)
ELSEWHERE = (7, 19)
SEED_LABEL = "територія рівних можливостей"


def label(n: int) -> str:
    """Program n's short name (``bot.formatting.program_label``)."""
    return f"напрям {n:02d}"


def program_text(n: int) -> str:
    text = SEED.read_text(encoding="utf-8").replace(SEED_LABEL, label(n)).replace("№1688", f"№{2000 + n}")
    return text.replace("за 2023 рік", "за 2022 рік") if n in ELSEWHERE else text


def owing(n: int) -> bool:
    return n % 4 == 0 and n not in ELSEWHERE


def waiting(n: int) -> bool:
    return n % 3 == 0 and n not in ELSEWHERE


async def make_city(path: Path, programs: int = PROGRAMS) -> None:
    db = await connect(path)
    try:
        for n in range(1, programs + 1):
            grid = [line.split("\t") for line in program_text(n).splitlines()]
            await import_report(db, parse_grid(grid), source_name=f"napriam-{n}.txt")
        async with db.transaction() as conn:
            for program in await list_programs(conn):
                n = int(program.name.split("напрям ")[1][:2])
                if n in ELSEWHERE:
                    continue
                await set_period(conn, program.id, YEAR, PeriodStatus.OPEN, DEADLINE)
                tree = await load_program(conn, program.id, YEAR)
                assert tree is not None
                measures = {m.number: m for m in tree.measures}
                if owing(n):
                    ids = [m.id for number, m in measures.items() if number.startswith("3.")]
                    await conn.execute(
                        f"DELETE FROM submissions WHERE year = ? AND measure_id IN ({', '.join('?' * len(ids))})",
                        (YEAR, *ids),
                    )
                if waiting(n):
                    first = measures["1.1"]
                    lead = next(d.department_id for d in first.departments if d.is_lead)
                    await add_submission(
                        conn,
                        NewSubmission(
                            measure_id=first.id,
                            department_id=lead,
                            year=YEAR,
                            actual=Decimal(n),
                            financed=Decimal(n) / 2,
                            percent=Decimal(50),
                            info=f"Звіт через бот, програма {n}",
                            author_id=7000 + n,
                            author_name="Працівниця",
                            source=Source.BOT,
                        ),
                    )
    finally:
        await db.close()


def copy_city(made: Path, target: Path) -> Path:
    """The city database made once, copied for one test (it may change it)."""
    shutil.copyfile(made, target)
    return target
