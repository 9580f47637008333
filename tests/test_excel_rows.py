"""The XLSX rows against Excel's own row heights (issue 24: «row heights within 15 % of what the text needs
… in Excel»). Excel is not installed here: its height for n wrapped lines is computed from the font's
metrics (reports.excel_rows, its sources in its docstring), the model first checked against the one-line
heights Excel is published to give, then every body row of the seed's annual form and of a term report is
compared with it, for as many lines as our layout wraps the row's texts into (LibreOffice's wrapping)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from reports import excel_rows, layout, term_report_form, xlsx_pages
from reports.excel_rows import VerticalMetrics
from reports.form import COLUMN_WIDTHS
from reports.writers import WRITERS
from reports.xlsx_writer import FIRST_MEASURE_ROW
from tests.test_report_formats import _build
from tests.test_term_report_formats import _history, _term

MARGIN = 1.15

# Arial's vertical metrics (those of Liberation Sans, metric-compatible with it): units per em, usWinAscent,
# usWinDescent, hhea ascender, descender, line gap.
ARIAL = VerticalMetrics(2048, 1854, 434, 1854, -434, 67)
# Excel's one-line row heights at 96 dpi, in pixels, by font size: Arial 10-16 from Rick Rothstein (Excel
# MVP), microsoft.public.excel.programming, excelbanter.com/597062-post11.html (Arial 10: 17 px is also
# XlsxWriter's row for its Excel 2003 style, xlsxwriter/worksheet.py; Arial 11: 14.25 pt in SpreadsheetLight's
# SLTool.GetDefaultRowHeight); Times New Roman 11: 15 pt = 20 px, SpreadsheetLight's SLTool.GetDefaultRowHeight
# (measured by its author in Excel at 96 dpi, a file per font).
PUBLISHED_ARIAL = {10: 17, 11: 19, 12: 20, 13: 22, 14: 24, 15: 25, 16: 27}
PUBLISHED_TIMES = {11: 20}


def _times(bold: bool = False) -> VerticalMetrics:
    """Times New Roman's metrics, read from the font we ship in its place (Liberation Serif: the same)."""
    return excel_rows.read_metrics(layout.FONT_FILES[bold])


def test_the_fonts_read_are_times_new_romans_metrics() -> None:
    # Times New Roman's own OS/2 and hhea values (Liberation Serif copies them to be metric-compatible).
    for bold in (False, True):
        assert _times(bold) == VerticalMetrics(2048, 1825, 443, 1825, -443, 87)


def test_the_model_gives_the_one_line_heights_excel_is_published_to_give() -> None:
    arial = {size: excel_rows.row_pixels(1, ARIAL, size) for size in PUBLISHED_ARIAL}
    assert all(abs(arial[size] - px) <= 1 for size, px in PUBLISHED_ARIAL.items()), arial
    assert sum(arial[size] == px for size, px in PUBLISHED_ARIAL.items()) >= 5, arial
    for size, px in PUBLISHED_TIMES.items():
        assert excel_rows.row_pixels(1, _times(), size) == px
    # The form's table, Times New Roman 10: a line of 15 px (11.25 pt), a one-line row of 17 px.
    assert excel_rows.line_pixels(_times(), 10) == 15
    assert excel_rows.row_points(1, _times(), 10) == 12.75
    assert excel_rows.row_points(3, _times(True), 10) == 35.25


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("excel-rows")
    report = asyncio.run(_build(tmp))
    term = asyncio.run(_term(asyncio.run(_history(tmp / "history"))))
    annual, over_term = tmp / "annual.xlsx", tmp / "term.xlsx"
    WRITERS[".xlsx"].write(report, annual)
    WRITERS[".xlsx"].write_term(term, over_term)
    return {"annual": annual, "term": over_term}


def _rows(ws: Worksheet, widths: tuple[float, ...]) -> tuple[list[tuple[int, float, float]], list[str]]:
    """Each table row as (row, our height, Excel's for its lines), both in points; and the texts merged
    down over several rows that Excel would cut (their rows' heights added up are less than it needs)."""
    room = [xlsx_pages.text_width(w) for w in widths]
    merges = {}
    for merge in ws.merged_cells.ranges:
        merges[(merge.min_row, merge.min_col)] = merge
    covered = {
        (row, column)
        for merge in ws.merged_cells.ranges
        for row in range(merge.min_row, merge.max_row + 1)
        for column in range(merge.min_col, merge.max_col + 1)
        if (row, column) != (merge.min_row, merge.min_col)
    }
    # A text merged down ends in its last row, which is as tall as that text needs: such rows are
    # checked through their merge (below), as the LibreOffice test leaves them out.
    ends = {m.max_row for m in ws.merged_cells.ranges if m.max_row > m.min_row}
    # The table's last row: the last with the table's borders (the signature's lines below have none).
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).border.left.style)
    rows: list[tuple[int, float, float]] = []
    cut: list[str] = []

    def need(row: int, column: int, last_column: int) -> float:
        cell = ws.cell(row, column)
        size, bold = float(cell.font.sz), bool(cell.font.b)
        lines = 1
        if isinstance(cell.value, str) and cell.value:
            width = sum(room[column - 1 : last_column])
            lines = xlsx_pages.line_count(cell.value, width, size, bold)
        return excel_rows.row_points(lines, _times(bold), size)

    height = {r: float(ws.row_dimensions[r].height) for r in range(FIRST_MEASURE_ROW, last + 1)}
    for row in range(FIRST_MEASURE_ROW, last + 1):
        excel = 0.0
        for column in range(1, len(widths) + 1):
            if (row, column) in covered or ws.cell(row, column).value is None:
                continue
            merge = merges.get((row, column))
            if merge is not None and merge.max_row > merge.min_row:
                # Merged down: the rows it spans, together, must show it.
                whole = need(row, column, merge.max_col)
                if sum(height[r] for r in range(merge.min_row, merge.max_row + 1)) < whole - 1e-6:
                    cut.append(f"{ws.cell(row, column).coordinate}: {whole}")
                continue
            excel = max(excel, need(row, column, merge.max_col if merge is not None else column))
        if row not in ends and excel:
            rows.append((row, height[row], excel))
    return rows, cut


@pytest.mark.parametrize("name", ["annual", "term"])
def test_every_body_row_is_within_15_percent_of_excels_height(books: dict[str, Path], name: str) -> None:
    """Never shorter than Excel's height for the row's lines (its text whole in Excel too), never more
    than 15 % taller."""
    widths = COLUMN_WIDTHS if name == "annual" else term_report_form.WIDTHS
    ws = openpyxl.load_workbook(books[name]).worksheets[0]
    rows, cut = _rows(ws, widths)
    assert len(rows) > 30
    ratios = sorted((round(ours / excel, 3), row, ours, excel) for row, ours, excel in rows)
    assert ratios[0][0] >= 1.0, ratios[:5]
    assert ratios[-1][0] <= MARGIN, ratios[-5:]
    assert not cut, cut
