"""A plan sheet as clerks send it back after Excel or LibreOffice: columns inserted, deleted or swapped, a sheet
added before ours, a CSV edited by hand. Either the right plans, or every problem named and nothing applied."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest

from reports.plan_sheet import (
    COL_PLAN,
    HEADER_ROW,
    PlanSheetError,
    diff_plans,
    read_plan_sheet,
)
from storage.models import Fund
from tests import test_plan_sheet
from tests.test_plan_sheet import _grid, _row_of, _sheet

seeded = test_plan_sheet.seeded  # the same fixture: the seed imported, its tree and plans


def _bytes(wb) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("edit", "cell"),
    [
        # «Термін виконання» deleted: the special fund's column came under F, 2023's general fund under G
        (lambda ws: ws.delete_cols(4), "F5"),
        # the year's general fund deleted: its special fund read as the general, 2023's as the special
        (lambda ws: ws.delete_cols(COL_PLAN[Fund.GENERAL]), "F5"),
        # a column of notes inserted before the plans
        (lambda ws: (ws.insert_cols(COL_PLAN[Fund.GENERAL]), ws.cell(HEADER_ROW, 6, "Примітка")), "F5"),
    ],
)
async def test_a_column_deleted_or_inserted_before_the_plans_is_refused_not_read_a_column_off(
    seeded, edit, cell
) -> None:
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    edit(wb.active)
    with pytest.raises(PlanSheetError) as caught:
        read_plan_sheet(_grid(wb), tree)
    problem = caught.value.problems[0]
    assert problem.cell == cell
    assert "«2024, загальний фонд»" in problem.message and "колонк" in problem.message


async def test_the_two_funds_columns_swapped_are_refused(seeded) -> None:
    """The person swapped the general and the special fund's columns, titles and all: F is no longer the
    general fund's, whatever its numbers."""
    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    ws = wb.active
    for row in range(HEADER_ROW, ws.max_row + 1):
        general, special = ws.cell(row, 6), ws.cell(row, 7)
        general.value, special.value = special.value, general.value
    with pytest.raises(PlanSheetError) as caught:
        read_plan_sheet(_grid(wb), tree)
    assert [p.cell for p in caught.value.problems] == ["F5", "G5"]


async def test_a_sheet_added_before_ours_is_passed_over(seeded) -> None:
    """A clerk's own sheet of notes before ours: the plan sheet is still found, by the bot and the command line
    alike (it was «не аркуш плану», and the bot took the file for a program's report)."""
    from actions.uploads import FileKind, read, upload_of

    _db, tree, plans = seeded
    wb = _sheet(tree, plans, 2024)
    notes = wb.create_sheet("Нотатки", 0)
    notes["A1"] = "Мої нотатки"
    ours = wb.worksheets[1]
    ours.cell(_row_of(ours, "1.1"), 6).value = 7.5
    grid = read("План 2024.xlsx", _bytes(wb))
    assert upload_of(grid).kind is FileKind.PLANS
    sheet = read_plan_sheet(grid, tree)
    changes = {(c.measure_number, c.fund): c.new for c in diff_plans(tree, plans, sheet).changes}
    assert changes[("1.1", Fund.GENERAL)] == Decimal("7.5")
