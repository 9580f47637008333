"""The plan sheet: written for a year, filled, read back with every problem named by its cell, applied
with history."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
import pytest_asyncio
from openpyxl import load_workbook

from reports.importer import import_report
from reports.importer import read_file_grid as read_report_grid
from reports.plan_sheet import (
    HEADER_ROW,
    PlanSheetError,
    SheetKey,
    SheetToSend,
    diff_plans,
    prefill_year,
    read_plan_sheet,
    write_plan_sheet,
)
from reports.report_parser import parse_grid
from reports.xlsx_reader import WorkbookError, read_workbook_grid
from storage.db import connect
from storage.models import Fund, Source
from storage.plans import PlanKey, apply_plans, plan_history, plan_years, program_plans
from storage.programs import list_programs, load_program


@pytest_asyncio.fixture
async def seeded(tmp_path: Path, seed_path: Path) -> AsyncIterator[tuple]:
    """The seed imported: the database, the program tree and its plans; the database closed afterwards."""
    db = await connect(tmp_path / "z.sqlite3")
    await import_report(db, parse_grid(read_report_grid(seed_path)), source_name="seed")
    async with db.locked() as conn:
        program = (await list_programs(conn))[0]
        tree = await load_program(conn, program.id)
        plans = await program_plans(conn, program.id)
    assert tree is not None
    try:
        yield db, tree, plans
    finally:
        await db.close()


def _sheet(tree, plans, year: int):
    out = BytesIO()
    key = SheetKey(
        "0" * 16, tree.program.id, year, prefill_year(plans, year), dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    )
    write_plan_sheet(SheetToSend(tree, plans, key), out)
    out.seek(0)
    return load_workbook(out)


def _grid(wb) -> list[list[str]]:
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return read_workbook_grid(out)


def _delete_row(ws, row: int) -> None:
    """A row deleted as Excel deletes it: the merged cells below (the task rows') move up with their rows
    (openpyxl's delete_rows leaves them where they were)."""
    ws.delete_rows(row)
    for merged in ws.merged_cells.ranges:
        if merged.min_row > row:
            merged.shift(0, -1)


def _row_of(ws, number: str) -> int:
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 2).value == number)


async def test_the_sheet_is_prefilled_from_the_latest_year_and_reads_back_unchanged(seeded) -> None:
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    ws = wb.active
    assert "2024" in ws.cell(1, 1).value
    assert ws.cell(HEADER_ROW, 2).value == "№ заходу"
    assert ws.cell(HEADER_ROW, 8).value == "2023, загальний фонд"  # the reference year beside
    # a row per task and per measure, and the totals row
    assert ws.max_row == HEADER_ROW + len(tree.tasks) + len(tree.measures) + 1
    r = _row_of(ws, "1.1")
    assert ws.cell(r, 6).value == ws.cell(r, 8).value  # prefilled from 2023
    sheet = read_plan_sheet(_grid(wb), tree)
    assert sheet.year == 2024
    diff = diff_plans(tree, plans, sheet)
    # 2024 has no plans yet: every prefilled one is an addition; the totals move from 0 to 2023's.
    assert diff.totals_before[Fund.GENERAL] == 0
    assert diff.totals_after[Fund.GENERAL] == Decimal("228.3")
    assert all(c.old is None for c in diff.changes)


async def test_apply_records_history_and_applying_again_changes_nothing(seeded) -> None:
    db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    ws = wb.active
    ws.cell(_row_of(ws, "1.1"), 6).value = 12.5
    ws.cell(_row_of(ws, "1.2"), 7).value = "3,25"
    sheet = read_plan_sheet(_grid(wb), tree)
    diff = diff_plans(tree, plans, sheet)
    async with db.transaction() as conn:
        applied = await apply_plans(conn, diff.to_apply(tree), author_id=7, author_name="Координатор")
    assert len(applied) == len(diff.changes)
    async with db.locked() as conn:
        after = await program_plans(conn, tree.program.id)
        m11 = tree.measure_by_number("1.1")
        m12 = tree.measure_by_number("1.2")
        assert after[PlanKey(m11.id, 2024, Fund.GENERAL)] == Decimal("12.5")
        assert after[PlanKey(m12.id, 2024, Fund.SPECIAL)] == Decimal("3.25")
        assert await plan_years(conn, tree.program.id) == [2023, 2024]
        history = await plan_history(conn, m11.id)
    assert [(h.year, h.old, h.new, h.source) for h in history][-1] == (
        2024,
        None,
        Decimal("12.5"),
        Source.COORDINATOR,
    )
    assert history[0].source is Source.IMPORT and history[0].year == 2023
    again = diff_plans(tree, after, read_plan_sheet(_grid(wb), tree))
    assert again.changes == ()
    # 12,5 -> 12 is a change with its old value; 12,5 -> 12,50 is not
    ws.cell(_row_of(ws, "1.1"), 6).value = "12,50"
    assert diff_plans(tree, after, read_plan_sheet(_grid(wb), tree)).changes == ()
    ws.cell(_row_of(ws, "1.1"), 6).value = 12
    change = diff_plans(tree, after, read_plan_sheet(_grid(wb), tree)).changes
    assert [(c.measure_number, c.old, c.new) for c in change] == [("1.1", Decimal("12.5"), Decimal(12))]


@pytest.mark.parametrize(
    ("edit", "cell", "words"),
    [
        (lambda ws, r: setattr(ws.cell(r("1.1"), 6), "value", "12,5а"), "F", "це не число"),
        (lambda ws, r: setattr(ws.cell(r("1.1"), 6), "value", -3), "F", "від'ємне"),
        (lambda ws, r: setattr(ws.cell(r("1.1"), 7), "value", "1,2345"), "G", "забагато знаків"),
        (lambda ws, r: setattr(ws.cell(r("1.1"), 6), "value", "1e3"), "F", "це не число"),
        (lambda ws, r: setattr(ws.cell(r("1.1"), 6), "value", "10" * 12), "F", "занадто велике"),
        (lambda ws, r: setattr(ws.cell(r("1.1"), 2), "value", "9.9"), "B", "заходу 9.9 немає"),
        (lambda ws, r: setattr(ws.cell(r("1.2"), 2), "value", "1.1"), "B", "уже є в рядку"),
        (lambda ws, r: _delete_row(ws, r("2.1")), "B", "бракує заходу 2.1"),
        (lambda ws, r: setattr(ws.cell(1, 1), "value", "Щось інше"), "A1", "це не аркуш плану"),
        (lambda ws, r: setattr(ws.cell(HEADER_ROW, 2), "value", "Номер"), "B5", "рядок заголовків"),
    ],
)
async def test_every_bad_cell_is_named_and_nothing_is_applied(seeded, edit, cell, words) -> None:
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    ws = wb.active
    edit(ws, lambda number: _row_of(ws, number))
    with pytest.raises(PlanSheetError) as caught:
        read_plan_sheet(_grid(wb), tree)
    problem = caught.value.problems[0]
    assert problem.cell.startswith(cell)
    assert words in problem.message
    rendered = caught.value.render()
    assert "нічого не змінено" in rendered and problem.cell in rendered


async def test_a_formula_in_a_plan_cell_is_refused_with_its_cell(seeded) -> None:
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    ws = wb.active
    row = _row_of(ws, "1.1")
    ws.cell(row, 6).value = "=1+1"
    with pytest.raises(WorkbookError) as caught:
        _grid(wb)
    assert f"F{row}" in str(caught.value)


async def test_many_problems_are_listed_with_a_count_of_the_rest(seeded) -> None:
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    ws = wb.active
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, 6).value = "x"
    with pytest.raises(PlanSheetError) as caught:
        read_plan_sheet(_grid(wb), tree)
    assert len(caught.value.problems) == len(tree.measures)
    assert caught.value.render().endswith(f"…і ще {len(tree.measures) - 10} помилок")


async def test_a_measure_text_starting_with_equals_stays_text(seeded) -> None:
    _db, tree, plans = seeded
    m = tree.measures[0]
    tree2 = type(tree)(
        tree.program,
        tree.tasks,
        (m.model_copy(update={"text": "=HYPERLINK(1)"}), *tree.measures[1:]),
        tree.departments,
    )
    ws = _sheet(tree2, plans, 2024).active
    cell = ws.cell(_row_of(ws, m.number), 3)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(1)"


async def test_an_empty_cell_removes_a_plan(seeded) -> None:
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2023)
    ws = wb.active
    ws.cell(_row_of(ws, "1.1"), 6).value = None
    diff = diff_plans(tree, plans, read_plan_sheet(_grid(wb), tree))
    (change,) = diff.changes
    assert change.measure_number == "1.1" and change.new is None and change.old is not None
    assert diff.totals_after[Fund.GENERAL] == diff.totals_before[Fund.GENERAL] - change.old


async def test_every_row_is_as_tall_as_its_texts_and_the_key_names_what_the_sheet_is_for(seeded) -> None:
    from reports import layout
    from reports.plan_sheet import COL_EXECUTORS, COL_TEXT, KEY_ROW, WIDTHS

    _db, tree, plans = seeded
    ws = _sheet(tree, plans, 2024).active
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        needed = max(
            layout.excel_lines(str(ws.cell(row, col).value or ""), WIDTHS[col], 10)
            for col in (COL_TEXT, COL_EXECUTORS)
        )
        assert ws.row_dimensions[row].height >= layout.excel_height(needed, 10), row
    key = SheetKey.find(str(ws.cell(KEY_ROW, 1).value))
    assert key is not None and (key.program_id, key.year, key.prefilled_from) == (tree.program.id, 2024, 2023)
    assert SheetKey.find(key.text()) == key


async def test_a_cell_of_invisible_characters_is_empty(seeded) -> None:
    """What looks empty is empty: zero-width characters, a filler, a braille blank in a plan cell remove the
    plan as an empty cell does; around a number they are no part of it."""
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2023)
    ws = wb.active
    ws.cell(_row_of(ws, "1.1"), 6).value = "\u200b\u3164\u2800"
    ws.cell(_row_of(ws, "1.2"), 6).value = "\ufeff 7,5\u200d"
    diff = diff_plans(tree, plans, read_plan_sheet(_grid(wb), tree))
    changes = {c.measure_number: c.new for c in diff.changes}
    assert changes == {"1.1": None, "1.2": Decimal("7.5")}
