"""The plan sheet a person can read and print (issue 24, point 7): row heights for its texts, task rows with their
names, a totals row per fund that is written as values and skipped on reading, Excel's check on every input cell,
the rest protected without a password, one font, A4 landscape one page wide with the header on every page.
Rendered once with LibreOffice: no text printed over another, the header repeated on page 2."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import subprocess
from decimal import Decimal
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from l10n import t
from reports import layout
from reports.importer import import_report
from reports.importer import read_file_grid as read_report_grid
from reports.plan_sheet import (
    COL_EXECUTORS,
    COL_PLAN,
    COL_TEXT,
    HEADER_ROW,
    WIDTHS,
    SheetToSend,
    diff_plans,
    read_plan_sheet,
    sheet_to_send,
    write_plan_sheet,
)
from reports.report_parser import parse_grid
from reports.xlsx_reader import read_workbook_grid
from storage.db import connect
from storage.models import Fund
from storage.programs import list_programs
from tests import renderkit

SEED = Path(__file__).parent / "data" / "seed_2023.txt"
FONT = "Times New Roman"


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[SheetToSend, bytes, Path]:
    """The seed's sheet for 2024 (prefilled from 2023), written once; its folder."""
    folder = tmp_path_factory.mktemp("plan-print")

    async def make() -> SheetToSend:
        db = await connect(folder / "z.sqlite3")
        try:
            await import_report(db, parse_grid(read_report_grid(SEED)), source_name="seed")
            async with db.locked() as conn:
                program = (await list_programs(conn))[0]
                return await sheet_to_send(conn, program.id, 2024, dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
        finally:
            await db.close()

    sheet = asyncio.run(make())
    out = BytesIO()
    write_plan_sheet(sheet, out)
    return sheet, out.getvalue(), folder


def _ws(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(BytesIO(data)).active


def _rows(ws) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Rows by kind: «task», «measure», «totals»."""
    kinds: dict[str, list[int]] = {"task": [], "measure": [], "totals": []}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        first, number = ws.cell(row, 1).value, ws.cell(row, 2).value
        if number:
            kinds["measure"].append(row)
        elif first == t("plan-sheet-totals-row"):
            kinds["totals"].append(row)
        elif str(first).startswith("Завдання "):
            kinds["task"].append(row)
        else:
            raise AssertionError(f"row {row} is of no kind: {first!r}")
    return kinds


def test_a_row_per_task_with_its_name_above_its_measures_and_the_totals_last(sent) -> None:  # type: ignore[no-untyped-def]
    sheet, data, _ = sent
    ws = _ws(data)
    kinds = _rows(ws)
    tasks = {task.id: task for task in sheet.tree.tasks}
    measures = sheet.tree.in_force(2024)
    assert len(kinds["measure"]) == len(measures) and kinds["totals"] == [ws.max_row]
    assert len(kinds["task"]) == len({m.task_id for m in measures}) == 4
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row in kinds["task"]:
        below = ws.cell(row + 1, 2).value
        task = tasks[next(m.task_id for m in measures if m.number == below)]
        assert ws.cell(row, 1).value == f"Завдання {task.number}. {task.text}"
        assert f"A{row}:E{row}" in merged and ws.cell(row, 1).font.b
        assert below.split(".")[0] == task.number  # its first measure right under it


def test_every_row_is_as_tall_as_its_texts(sent) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = sent
    ws = _ws(data)
    kinds = _rows(ws)
    for row in kinds["measure"]:
        needed = max(
            layout.excel_lines(str(ws.cell(row, col).value or ""), WIDTHS[col], 10)
            for col in (COL_TEXT, COL_EXECUTORS)
        )
        assert ws.row_dimensions[row].height == min(409, layout.excel_height(needed, 10)), row
    across = sum(WIDTHS.values())
    for row in kinds["task"]:
        needed = layout.excel_lines(ws.cell(row, 1).value, across, 10, True)
        assert ws.row_dimensions[row].height == layout.excel_height(needed, 10), row
    assert any(layout.excel_lines(ws.cell(r, 1).value, across, 10, True) > 1 for r in kinds["task"])
    for row in range(1, HEADER_ROW + 1):
        assert ws.row_dimensions[row].height, row


def test_the_totals_per_fund_are_the_columns_sums_as_values(sent) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = sent
    ws = _ws(data)
    kinds = _rows(ws)
    (totals,) = kinds["totals"]
    for col in range(COL_PLAN[Fund.GENERAL], ws.max_column + 1):
        column = [ws.cell(r, col).value for r in kinds["measure"]]
        expected = (
            sum(Decimal(str(v)) for v in column if v is not None)
            if any(v is not None for v in column)
            else None
        )
        value = ws.cell(totals, col).value
        assert not isinstance(value, str)  # never a formula a returned sheet would carry
        assert (None if value is None else Decimal(str(value))) == expected, col
    assert Decimal(str(ws.cell(totals, COL_PLAN[Fund.GENERAL]).value)) == Decimal("228.3")


def _grid(wb) -> list[list[str]]:  # type: ignore[no-untyped-def]
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return read_workbook_grid(out)


def test_a_changed_total_or_task_row_changes_no_plan(sent) -> None:  # type: ignore[no-untyped-def]
    """The reader skips the task and totals rows: what a person types there (the sheet protects them, but
    a sheet can be unprotected) changes nothing; the preview's totals are computed from the plans read."""
    sheet, data, _ = sent
    plain = read_plan_sheet(_grid(load_workbook(BytesIO(data))), sheet.tree)
    wb = load_workbook(BytesIO(data))
    ws = wb.active
    kinds = _rows(ws)
    ws.cell(kinds["totals"][0], COL_PLAN[Fund.GENERAL]).value = 9999
    ws.cell(kinds["totals"][0], COL_PLAN[Fund.SPECIAL]).value = "багато"
    ws.cell(kinds["task"][1], COL_PLAN[Fund.GENERAL]).value = 5
    edited = read_plan_sheet(_grid(wb), sheet.tree)
    assert edited == plain
    diff = diff_plans(sheet.tree, sheet.plans, edited)
    assert diff.totals_after[Fund.GENERAL] == Decimal("228.3")


def test_every_input_cell_is_checked_and_unlocked_the_rest_protected(sent) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = sent
    ws = _ws(data)
    kinds = _rows(ws)
    (check,) = ws.data_validations.dataValidation
    assert check.type == "custom" and check.allow_blank and check.showErrorMessage
    first = kinds["measure"][0]
    assert check.formula1 == f"AND(ISNUMBER(F{first}),F{first}>=0,ROUND(F{first},1)=F{first})"
    assert "не менше 0" in check.error and "одним знаком після коми" in check.error
    inputs = {(r, c) for r in kinds["measure"] for c in COL_PLAN.values()}
    for row, col in inputs:
        assert ws.cell(row, col).coordinate in check.sqref, (row, col)
        assert ws.cell(row, col).protection.locked is False
    assert ws.protection.sheet and not ws.protection.password
    for row in range(1, ws.max_row + 1):
        for col in range(1, ws.max_column + 1):
            if (row, col) not in inputs:
                assert ws.cell(row, col).protection.locked, (row, col)


def test_one_font_and_the_print_setup(sent) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = sent
    ws = _ws(data)
    fonts = {ws.cell(r, c).font.name for r in range(1, ws.max_row + 1) for c in range(1, ws.max_column + 1)}
    assert fonts == {FONT}
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.oddFooter.center.text == "Сторінка &P з &N"


def test_a_page_never_ends_with_a_tasks_name_nor_begins_with_the_totals(sent) -> None:  # type: ignore[no-untyped-def]
    """Manual page breaks (a spreadsheet keeps no row with the next): a task's row on the page of its first
    measure, the last measure with the totals."""
    _, data, _ = sent
    ws = _ws(data)
    kinds = _rows(ws)
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks and breaks == sorted(breaks)
    for row in breaks:  # the last row of a page
        assert row not in kinds["task"] and row != kinds["measure"][-1], row


_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S
)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)


def _boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's text lines with their boxes (x0, y0, x1, y1, text)."""
    html = subprocess.run(
        [renderkit.PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [
            (float(a), float(b), float(c), float(d), " ".join(unescape(w) for w in _WORD.findall(words)))
            for a, b, c, d, words in _LINE.findall(body)
        ]
        for body in _PAGE.findall(html)
    ]


def test_printed_by_libreoffice_no_text_over_another_and_the_header_on_every_page(sent) -> None:  # type: ignore[no-untyped-def]
    renderkit.require_renderer()
    sheet, data, folder = sent
    xlsx = folder / "plan.xlsx"
    xlsx.write_bytes(data)
    pdf = renderkit.to_pdf(xlsx, folder)
    pages = _boxes(pdf)
    # LibreOffice broke the pages where the sheet says, and nowhere else (the breaks plan for less than a page)
    assert len(pages) == len(_ws(data).row_breaks.brk) + 1 >= 2
    text = "\n".join(line[4] for page in pages for line in page)
    for measure in sheet.tree.in_force(2024):
        assert measure.executors_text.split()[0] in text
    for number, page in enumerate(pages, start=1):
        lines = [line[4] for line in page]
        words = " ".join(lines)
        assert "Зміст заходу" in words and "Виконавці" in words, number  # the header, repeated
        assert f"Сторінка {number} з {len(pages)}" in lines
        for i, a in enumerate(page):
            for b in page[i + 1 :]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                # a line's box reaches into the next one's by a point or two (line pitch < glyph height)
                height = min(a[3] - a[1], b[3] - b[1])
                assert overlap_x <= 0.5 or overlap_y <= 0.35 * height, (number, a, b)
