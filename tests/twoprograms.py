"""Two programs sharing departments: the Zhytomyr seed and a second program made from it.

The second program is the seed's published report with another name («безпечна громада»), another decision
number and a few measures changed: 2.9 reads differently and 3.10 is not part of it. So the culture department
(УК, «uk») executes 2.9, 3.7, 3.10, 4.3 and 4.4 of the seed and 2.9, 3.7, 4.3 and 4.4 of the second program;
the two programs' measures share numbers, as real programs' do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.db import Database, connect
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.programs import list_programs, load_program
from tests.conftest import SEED

FIRST_LABEL = "територія рівних можливостей"  # the seed's short name (bot.formatting.program_label)
SECOND_LABEL = "безпечна громада"
SECOND_29 = "Підтримка ініціатив громадськості з безпеки громади"  # 2.9's text in the second program
YEAR = 2023
DEADLINE = dt.date(2024, 1, 20)


def second_program_text() -> str:
    """The second program's report file: the seed renamed, another decision, 2.9 reworded, 3.10 dropped."""
    text = SEED.read_text(encoding="utf-8").replace(FIRST_LABEL, SECOND_LABEL).replace("№1688", "№1777")
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if "\t2.9. Підтримка проєктів ОГС" in line)
    lines[i] = lines[i].replace(
        "Підтримка проєктів ОГС, спрямованих на забезпечення гендерної рівності", SECOND_29
    )
    lines = [line for line in lines if not line.startswith("3.10. ")]
    return "\n".join(lines)


def write_second_program(folder: Path) -> Path:
    path = folder / "bezpechna-hromada-2023.txt"
    path.write_text(second_program_text(), encoding="utf-8")
    return path


async def import_second_program(db: Database, folder: Path) -> int:
    """The second program imported beside the seed; its id."""
    path = write_second_program(folder)
    await import_report(db, parse_grid(read_file_grid(path)), source_name=path.name)
    async with db.locked() as conn:
        return next(p.id for p in await list_programs(conn) if SECOND_LABEL in p.name)


async def prepare_two_programs(
    path: Path, *, deadline: dt.date = DEADLINE, second_deadline: dt.date | None = None
) -> None:
    """Both programs imported, 2023 open for reporting in both (by default with the same deadline), nobody
    has reported yet."""
    db = await connect(path)
    try:
        await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
        await import_second_program(db, path.parent)
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM submissions")
            for program in await list_programs(conn):
                day = second_deadline if second_deadline and SECOND_LABEL in program.name else deadline
                await set_period(conn, program.id, YEAR, PeriodStatus.OPEN, day)
    finally:
        await db.close()


async def measure_ids(db: Database, label: str) -> dict[str, int]:
    """The measures of the program whose name has ``label``, by number."""
    async with db.locked() as conn:
        program = next(p for p in await list_programs(conn) if label in p.name)
        tree = await load_program(conn, program.id)
    assert tree is not None
    return {m.number: m.id for m in tree.measures}
