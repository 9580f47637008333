"""Time at its edges: the council's zone (TIMEZONE) everywhere a day is worked out, whatever the server's; a
deadline that cannot be right for its year."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actions import periods
from actions.refusals import Reason
from bot.reminders import rules
from bot.reminders.rules import ReminderConfig
from cli.__main__ import main as cli_main
from storage.db import Database, connect
from storage.models import NewSubmission
from storage.periods import get_period
from storage.programs import list_programs, load_program
from storage.reminders import PeriodInfo
from storage.submissions import add_submission
from tests.actionkit import COORDINATOR, db_fixture, only_program, refusal_of  # noqa: F401 - a fixture
from tests.test_bot_coordinator import measure_rows

SEED = Path(__file__).parent / "data" / "seed_2023.txt"
TOKYO = ZoneInfo("Asia/Tokyo")  # 6 hours ahead of Kyiv in July


async def _late_report(db_path: Path, at: dt.datetime) -> None:
    """Measure 1.1 of 2024 reported at ``at``; 1.2 on 01.07, in time whatever the zone."""
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            assert tree is not None
            for number, info, made in (
                ("1.2", "Подано вчасно.", dt.datetime(2024, 7, 1, 12, tzinfo=TOKYO)),
                ("1.1", "Подано після строку за часом ради.", at),
            ):
                measure = next(m for m in tree.measures if m.number == number)
                await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=measure.id,
                        department_id=measure.department_ids()[0],
                        year=2024,
                        actual=Decimal("4"),
                        financed=Decimal("4"),
                        percent=Decimal(40),
                        info=info,
                        created_at=made,
                    ),
                )
    finally:
        await db.close()


@pytest.mark.parametrize(("zone", "counted"), [(None, True), ("Asia/Tokyo", False)])
def test_the_command_line_ends_a_deadline_day_in_the_councils_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str | None, counted: bool
) -> None:
    """H1 2024 is due 10.07; a report made at 02:00 on 11.07 in Tokyo (20:00 on 10.07 in Kyiv) is late for a
    council whose TIMEZONE is Asia/Tokyo: `python -m cli 2024 H1` leaves it out, as the chat's /report does,
    and `--at 2024-07-10` (the end of that day, the council's) too. Before: the command line ended the day in
    Kyiv whatever TIMEZONE said, and counted it."""
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    monkeypatch.delenv("TIMEZONE", raising=False)
    db = tmp_path / "zvit.db"
    assert cli_main(["import", str(SEED), "--db", str(db)]) == 0
    asyncio.run(_late_report(db, dt.datetime(2024, 7, 11, 2, 0, tzinfo=TOKYO)))
    if zone is not None:
        monkeypatch.setenv("TIMEZONE", zone)
    for args in (["2024", "H1"], ["2024", "--at", "2024-07-10"]):
        out = tmp_path / f"{'-'.join(args)}.xlsx"
        assert cli_main([*args, "--db", str(db), "--out", str(out)]) == 0
        row = measure_rows(out.read_bytes())["1.1"]
        assert (row[9] == "Подано після строку за часом ради.") is counted, (args, row)


# --- a deadline before its year ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "deadline", "earliest"),
    [(2024, dt.date(2024, 1, 20), None), (2024, dt.date(2023, 12, 31), dt.date(2024, 1, 1)),
     (2025, dt.date(2024, 1, 20), dt.date(2025, 1, 1)), (2020, dt.date(2020, 1, 1), None)],
)  # fmt: skip
async def test_a_years_report_is_never_due_before_the_year_begins(
    db: Database, year: int, deadline: dt.date, earliest: dt.date | None
) -> None:
    """«/open 2024 20.01.2024» (the year typed for the next one's) used to be taken: every 2024 interim report is
    due after it, so none was reminded, the annual one was overdue before the year began, and nobody heard a
    thing all year while /city showed every department late. It is refused, naming the range, and nothing is
    opened; the year's first day is allowed (a deadline early in the year is odd, not impossible)."""
    program = await only_program(db)
    action = periods.open_year(db, COORDINATOR, program, year, deadline)
    if earliest is None:
        assert (await action).period.deadline == deadline
        return
    refused = await refusal_of(Reason.DEADLINE_OUT_OF_RANGE, action)
    assert refused.details == {"deadline": deadline, "earliest": earliest, "latest": dt.date(2027, 12, 31)}
    async with db.locked() as conn:
        assert await get_period(conn, program.id, year) is None
    # What such a period meant for reminders: nothing at all, the whole year.
    config = ReminderConfig()
    assert [d.what for d in rules.deadlines(PeriodInfo(1, year, deadline), config)] == ["annual"]


@pytest.mark.parametrize(
    ("today", "past"),
    [(dt.date(2025, 1, 20), False), (dt.date(2025, 1, 21), True), (None, False)],
)
async def test_a_year_opened_with_its_deadline_past_says_so(
    db: Database, today: dt.date | None, past: bool
) -> None:
    """Opening a year whose deadline has gone by (reopened to correct it) is allowed, and told: no reminder goes
    out for it and whoever has not reported is late at once. The deadline's own day is not past."""
    program = await only_program(db)
    opened = await periods.open_year(db, COORDINATOR, program, 2024, dt.date(2025, 1, 20), today=today)
    assert opened.past_deadline is past and opened.period.deadline == dt.date(2025, 1, 20)


def test_the_command_line_tells_a_deadline_already_past(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "z.sqlite3"
    assert cli_main(["import", str(SEED), "--db", str(db)]) == 0
    capsys.readouterr()
    assert cli_main(["open-year", "2023", "--deadline", "2024-01-20", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Увага: термін 20.01.2024 уже минув" in out and "open-year 2023 --deadline" in out
