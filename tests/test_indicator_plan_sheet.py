"""The plan sheet's block of result indicators (issue 25, point 3): written under the measures with Excel's
validation, filled, read back exactly against the sheet's key, applied with the measures' plans and recorded in
the history; every bad cell named by its cell, nothing saved; an observer refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import aiosqlite
import pytest
import pytest_asyncio
from openpyxl import load_workbook

from actions.actor import Actor
from actions.indicator_plans import apply_indicator_plan, preview_indicator_plan
from actions.plans import apply_plan_sheet, preview_plan_sheet
from actions.refusals import Reason, Refused
from reports.importer import import_report
from reports.importer import read_file_grid as read_report_grid
from reports.indicator_plan_sheet import COL_NUMBER, COL_PLAN, block_title
from reports.plan_sheet import PlanSheetError, render_applied, render_diff, sheet_to_send, write_plan_sheet
from reports.report_parser import parse_grid
from reports.xlsx_reader import read_workbook_grid
from storage.db import Database, connect
from storage.indicators import add_indicators, indicator_plan_history, indicator_plans, set_indicator_plans
from storage.models import Indicator, IndicatorKind, NewIndicator, Source
from storage.programs import get_program, list_programs

# number -> (kind, name, unit): all four kinds, a percent, a count, money, days
SAMPLE = {
    1: (IndicatorKind.COST, "Обсяг видатків на заходи програми", "тис. грн"),
    2: (IndicatorKind.PRODUCT, "Кількість облаштованих безбар'єрних об'єктів", "од."),
    3: (IndicatorKind.EFFICIENCY, "Середня тривалість розгляду звернення", "днів"),
    4: (IndicatorKind.QUALITY, "Частка доступних для маломобільних груп закладів", "%"),
}


async def add_sample_indicators(conn: aiosqlite.Connection, program_id: int) -> list[Indicator]:
    """The four sample indicators, with 2023 plans for the first two (the sheet of 2024 is prefilled from them)."""
    added = await add_indicators(
        conn,
        [
            NewIndicator(program_id=program_id, number=n, kind=kind, name=name, unit=unit)
            for n, (kind, name, unit) in SAMPLE.items()
        ],
    )
    await set_indicator_plans(
        conn,
        program_id,
        {(added[0].id, 2023): Decimal("1200.5"), (added[1].id, 2023): Decimal(12)},
        user_id=None,
        source=Source.IMPORT,
        at=dt.datetime(2023, 1, 10, tzinfo=dt.UTC),
    )
    return added


COORDINATOR = Actor(500, "Координаторка", administrator=True)


@pytest_asyncio.fixture
async def seeded(tmp_path: Path, seed_path: Path) -> AsyncIterator[tuple[Database, int, list[Indicator]]]:
    db = await connect(tmp_path / "z.sqlite3")
    await import_report(db, parse_grid(read_report_grid(seed_path)), source_name="seed")
    async with db.transaction() as conn:
        [program] = await list_programs(conn)
        indicators = await add_sample_indicators(conn, program.id)
    try:
        yield db, program.id, indicators
    finally:
        await db.close()


async def _workbook(db: Database, program_id: int, year: int = 2024):  # type: ignore[no-untyped-def]
    async with db.locked() as conn:
        sheet = await sheet_to_send(conn, program_id, year)
    out = BytesIO()
    write_plan_sheet(sheet, out)
    out.seek(0)
    return load_workbook(out)


def _rows(ws) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """Indicator number -> its sheet row in the block."""
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == block_title(2024))
    return {
        int(ws.cell(r, COL_NUMBER).value): r
        for r in range(start + 1, ws.max_row + 1)
        if isinstance(ws.cell(r, COL_NUMBER).value, int)
    }


def _grid(wb) -> list[list[str]]:  # type: ignore[no-untyped-def]
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return read_workbook_grid(out)


async def _plans(db: Database, program_id: int, year: int) -> dict[int, Decimal]:
    async with db.locked() as conn:
        return await indicator_plans(conn, program_id, year)


async def test_the_block_round_trip_applies_exactly_with_history(seeded) -> None:
    db, program_id, indicators = seeded
    wb = await _workbook(db, program_id)
    ws = wb.active
    rows = _rows(ws)
    assert sorted(rows) == [1, 2, 3, 4]
    # the groups in the section's order, each indicator's name and unit; prefilled from 2023, 2023 beside it
    texts = [str(ws.cell(r, 1).value) for r in range(min(rows.values()) - 1, max(rows.values()) + 1)]
    assert texts[0] == "Показники затрат" and "Показники якості" in texts
    assert ws.cell(rows[4], 3).value == SAMPLE[4][1] and ws.cell(rows[4], 4).value == "%"
    assert ws.cell(rows[1], COL_PLAN).value == 1200.5 and ws.cell(rows[3], COL_PLAN).value is None
    assert ws.cell(rows[2], COL_PLAN + 1).value == 12  # the 2023 plan, grey, beside
    # Excel's own validation on every plan cell: ≥ 0, and 0-100 for the percent
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    percent = next(v for ref, v in validations.items() if f"F{rows[4]}" in ref)
    assert (percent.operator, percent.formula1, percent.formula2) == ("between", "0", "100")
    counts = next(v for ref, v in validations.items() if f"F{rows[1]}" in ref)
    assert (counts.operator, counts.formula1) == ("greaterThanOrEqual", "0")
    assert all(f"F{rows[n]}" in str(counts.sqref) for n in (1, 2, 3))

    # the sheet as it was sent: the prefilled plans of 2023 are the changes, nothing else
    preview = await preview_plan_sheet(db, COORDINATOR, _grid(wb))
    assert [(c.number, c.old, c.new) for c in preview.diff.indicators] == [
        (1, None, Decimal("1200.5")),
        (2, None, Decimal(12)),
    ]
    ws.cell(rows[1], COL_PLAN, "1 250,125")
    ws.cell(rows[2], COL_PLAN, 15)
    ws.cell(rows[3], COL_PLAN, 4.5)
    ws.cell(rows[4], COL_PLAN, "97,5")
    grid = _grid(wb)
    preview = await preview_plan_sheet(db, COORDINATOR, grid)
    text = render_diff(preview.diff).replace("\xa0", " ")
    assert "• показник 4 «Частка доступних для маломобільних груп закладів»: не встановлено → 97,5 %" in text
    assert "• показник 1 «Обсяг видатків на заходи програми»: не встановлено → 1 250,125 тис. грн" in text
    assert await _plans(db, program_id, 2024) == {}, "nothing is saved before it is applied"
    applied = await apply_plan_sheet(db, COORDINATOR, grid)
    assert applied.indicators_changed == 4
    assert "Показники: змінено 4 плани." in render_applied(
        applied.diff, applied.changed, applied.indicators_changed
    )
    ids = {i.number: i.id for i in indicators}
    assert await _plans(db, program_id, 2024) == {
        ids[1]: Decimal("1250.125"),
        ids[2]: Decimal(15),
        ids[3]: Decimal("4.5"),
        ids[4]: Decimal("97.5"),
    }
    async with db.locked() as conn:
        [revision] = await indicator_plan_history(conn, ids[4], 2024)
    assert (revision.old, revision.new, revision.user_id, revision.author_name, revision.source) == (
        None,
        Decimal("97.5"),
        500,
        "Координаторка",
        Source.COORDINATOR,
    )
    # read back: the sheet written now holds exactly what was applied, and applying it again changes nothing
    again = _rows(ws := (await _workbook(db, program_id)).active)
    assert [ws.cell(again[n], COL_PLAN).value for n in (1, 2, 3, 4)] == [1250.125, 15, 4.5, 97.5]
    with pytest.raises(Refused) as refused:
        await preview_plan_sheet(db, COORDINATOR, grid)
    assert refused.value.reason is Reason.PLAN_UNCHANGED


@pytest.mark.parametrize(
    ("number", "value", "words"),
    [
        (2, "-1", "від'ємне число"),
        (4, "100,5", "відсоток має бути від 0 до 100"),
        (1, "1,2345", "забагато знаків після коми"),
        (3, "багато", "це не число в одиницях «днів»"),
    ],
)
async def test_every_bad_cell_is_named_and_nothing_is_saved(seeded, number, value, words) -> None:
    db, program_id, _ = seeded
    wb = await _workbook(db, program_id)
    ws = wb.active
    rows = _rows(ws)
    ws.cell(rows[number], COL_PLAN, value)
    ws.cell(rows[3], COL_PLAN, "5") if number != 3 else None  # a good change beside it is not applied either
    grid = _grid(wb)
    for attempt in (preview_plan_sheet, apply_plan_sheet):
        with pytest.raises(PlanSheetError) as error:
            await attempt(db, COORDINATOR, grid)
        assert [p.cell for p in error.value.problems] == [f"F{rows[number]}"]
        assert f"F{rows[number]}: «{value}»: {words}" in error.value.render()
    assert await _plans(db, program_id, 2024) == {}


async def test_several_bad_cells_a_stranger_number_and_a_lost_row(seeded) -> None:
    db, program_id, _ = seeded
    wb = await _workbook(db, program_id)
    ws = wb.active
    rows = _rows(ws)
    ws.cell(rows[1], COL_PLAN, "-5")
    ws.cell(rows[4], COL_PLAN, 250)
    ws.cell(rows[2], COL_NUMBER, 9)
    with pytest.raises(PlanSheetError) as error:
        await preview_plan_sheet(db, COORDINATOR, _grid(wb))
    assert [p.cell for p in error.value.problems] == [f"F{rows[1]}", f"A{rows[2]}", f"F{rows[4]}"]
    assert "показника 9 немає в програмі" in error.value.render()
    wb = await _workbook(db, program_id)
    ws = wb.active
    ws.delete_rows(_rows(ws)[3])
    with pytest.raises(PlanSheetError) as error:
        await preview_plan_sheet(db, COORDINATOR, _grid(wb))
    assert "у блоці показників бракує показника 3" in error.value.render()
    assert await _plans(db, program_id, 2024) == {}


async def test_an_observer_is_refused_and_nothing_is_saved(seeded) -> None:
    db, program_id, _ = seeded
    wb = await _workbook(db, program_id)
    grid = _grid(wb)
    observer = Actor(700, "Спостерігачка", observer=True)
    for attempt in (preview_plan_sheet, apply_plan_sheet):
        with pytest.raises(Refused) as refused:
            await attempt(db, observer, grid)
        assert refused.value.reason is Reason.READ_ONLY
    # the command's action too: the preview and «Застосувати» (a forged button) alike
    async with db.locked() as conn:
        program = await get_program(conn, program_id)
    assert program is not None
    with pytest.raises(Refused) as refused:
        await preview_indicator_plan(db, observer, program, 2024, 2, "7")
    assert refused.value.reason is Reason.READ_ONLY
    with pytest.raises(Refused) as refused:
        await apply_indicator_plan(db, observer, program_id, 2024, 2, "7", old=None)
    assert refused.value.reason is Reason.READ_ONLY
    assert (await preview_indicator_plan(db, COORDINATOR, program, 2024, 2, "7")).new == Decimal(7)
    assert await _plans(db, program_id, 2024) == {}


async def test_a_program_without_indicators_has_no_block(tmp_path: Path, seed_path: Path) -> None:
    db = await connect(tmp_path / "z.sqlite3")
    try:
        await import_report(db, parse_grid(read_report_grid(seed_path)), source_name="seed")
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        ws = (await _workbook(db, program.id)).active
        assert all(ws.cell(r, 1).value != block_title(2024) for r in range(1, ws.max_row + 1))
    finally:
        await db.close()
