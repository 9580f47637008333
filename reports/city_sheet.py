"""The city's sheet of a year: a row per program — plan, actual, financed, percent, completeness — and the totals,
computed from each program's consolidated report; the council session's package carries it beside the reports
(``reports.city_package``). Styled like the «Підсумки» sheet (``reports.summary_sheet``).

One sheet, «Програми» (1-based rows; ``P`` = programs with data):

====================  ================================================================================
1                     the title (bold), row 2 what it holds; row 3 blank
4                     headers: № | program | responsible | plan | actual | financed | % | measures |
                      reported | reported, %
5 .. 4+P              a row per program, in the order given: its report's totals of both funds (the form's two
                      totals rows added up), the percent by the report's rule (financed ÷ plan × 100, one
                      decimal, half up), the measures planned in the year with a department assigned and those
                      no department owes any more (as the city's /status counts them)
5+P                   the totals: sums of the rows, the percent and the share by the same rules
7+P ..                the programs without data that year, when any: a line naming the year, then one per
                      program
====================  ================================================================================

Amounts are Decimals with format ``0.0``; texts are stored as strings (a name "=1+1" stays a text).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import BinaryIO, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from l10n import t
from reports import layout, texts
from reports.form import clean_text
from reports.model import Report
from reports.xlsx_cells import DEFAULT_FONT, NUMBER_FORMAT, Style, Styler, escape_text
from storage.deadlines import Interim
from storage.numbers import ONE_PLACE, percent_of

TITLE_ROW: Final = 1
SUBTITLE_ROW: Final = 2
HEADER_ROW: Final = 4
FIRST_ROW: Final = 5
COLUMN_WIDTHS: Final = (6, 46, 30, 13, 13, 15, 12, 11, 11, 11)
_ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class ProgramSums:
    """One program's year, from its report."""

    name: str  # the program's name as the form prints it
    responsible: str
    plan: Decimal  # both funds
    actual: Decimal
    financed: Decimal
    measures: int  # planned in the year, with a department assigned
    reported: int  # of those, the ones no department owes any more

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.financed, self.plan)

    @property
    def share(self) -> Decimal | None:
        return _share(self.reported, self.measures)


def program_sums(report: Report) -> ProgramSums:
    rows = [row for row in report.rows if row.planned and (row.reported_by or row.missing)]
    return ProgramSums(
        name=report.program_name,
        responsible=report.responsible_department,
        plan=report.general.plan + report.special.plan,
        actual=report.general.actual + report.special.actual,
        financed=report.general.financed + report.special.financed,
        measures=len(rows),
        reported=sum(1 for row in rows if row.reported_by and not row.missing),
    )


@dataclass(frozen=True, slots=True)
class CitySheet:
    year: int
    programs: tuple[ProgramSums, ...]
    without_data: tuple[str, ...]  # the names of the programs without data that year
    interim: Interim | None = None  # the interim reports' package: «за І півріччя 2024 року»

    @property
    def period(self) -> str:
        """«за 2024 рік», «за І півріччя 2024 року»."""
        return texts.period_line(self.year, self.interim)

    @property
    def totals(self) -> ProgramSums:
        def total(field: str) -> Decimal:
            return sum((getattr(p, field) for p in self.programs), _ZERO)

        return ProgramSums(
            name=t("city-sheet-total"),
            responsible="",
            plan=total("plan"),
            actual=total("actual"),
            financed=total("financed"),
            measures=sum(p.measures for p in self.programs),
            reported=sum(p.reported for p in self.programs),
        )


def city_sheet(
    year: int, reports: Sequence[Report], without_data: Sequence[str], interim: Interim | None = None
) -> CitySheet:
    return CitySheet(year, tuple(program_sums(r) for r in reports), tuple(without_data), interim)


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def write_city_sheet(sheet: CitySheet, target: str | os.PathLike[str] | BinaryIO) -> None:
    """The workbook of one sheet (layout: module doc)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("city-sheet-title")
    out = _Writer(ws)
    out.text(TITLE_ROW, 1, t("city-sheet-heading", period=sheet.period), _BOLD)
    out.text(
        SUBTITLE_ROW,
        1,
        t("city-sheet-subheading", programs=len(sheet.programs), without=len(sheet.without_data)),
        _PLAIN,
    )
    headers = [
        t("city-sheet-number"),
        t("city-sheet-program"),
        t("city-sheet-responsible"),
        t("city-sheet-plan"),
        t("city-sheet-actual"),
        t("city-sheet-financed"),
        t("city-sheet-percent"),
        t("city-sheet-measures", year=sheet.year),
        t("city-sheet-reported"),
        t("city-sheet-share"),
    ]
    for column, title in enumerate(headers, start=1):
        out.text(HEADER_ROW, column, title, _HEADER)
    row = FIRST_ROW
    for index, program in enumerate(sheet.programs, start=1):
        out.number(row, 1, index, _COUNT)
        out.values(row, program, _CELL, _AMOUNT, _COUNT)
        row += 1
    out.number(row, 1, None, _TOTAL)
    out.values(row, sheet.totals, _TOTAL, _TOTAL_AMOUNT, _TOTAL_COUNT)
    if sheet.without_data:
        row += 2
        out.text(
            row, 1, t("city-sheet-without-data", period=sheet.period, count=len(sheet.without_data)), _BOLD
        )
        for name in sheet.without_data:
            row += 1
            out.text(row, 2, name, _PLAIN_WRAPPED)
    _set_up_page(ws)
    out.set_heights()
    wb.save(target)


def _set_up_page(ws: Worksheet) -> None:
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"  # the header on every page
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = texts.page_footer()


# Styles: those of the «Підсумки» sheet ------------------------------------------------------------------

_THIN: Final = Side(style="thin")
_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT_NAME: Final = str(DEFAULT_FONT.name)
_FONT_TABLE: Final = Font(name=_FONT_NAME, size=10)
_FONT_TABLE_BOLD: Final = Font(name=_FONT_NAME, size=10, bold=True)
_TOP: Final = Alignment(vertical="top", wrap_text=True)
_TOP_CENTER: Final = Alignment(horizontal="center", vertical="top", wrap_text=True)

_BOLD: Final = Style(Font(name=_FONT_NAME, size=12, bold=True), Alignment(horizontal="left"))
_PLAIN: Final = Style(Font(name=_FONT_NAME, size=12), Alignment(horizontal="left"))
_PLAIN_WRAPPED: Final = Style(_FONT_TABLE, _TOP)
_HEADER: Final = Style(
    _FONT_TABLE_BOLD, Alignment(horizontal="center", vertical="center", wrap_text=True), _BORDER
)
_CELL: Final = Style(_FONT_TABLE, _TOP, _BORDER)
_COUNT: Final = Style(_FONT_TABLE, _TOP_CENTER, _BORDER, "0")
_AMOUNT: Final = Style(_FONT_TABLE, _TOP, _BORDER, NUMBER_FORMAT)
_TOTAL: Final = Style(_FONT_TABLE_BOLD, _TOP, _BORDER)
_TOTAL_COUNT: Final = Style(_FONT_TABLE_BOLD, _TOP_CENTER, _BORDER, "0")
_TOTAL_AMOUNT: Final = Style(_FONT_TABLE_BOLD, _TOP, _BORDER, NUMBER_FORMAT)

_FORMULA_PREFIXES: Final = ("=", "+", "-", "@")


class _Writer:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._styler = Styler()
        self._lines: dict[int, tuple[int, float]] = {}  # row -> (lines of its tallest text, font size)

    def text(self, row: int, column: int, value: str, style: Style) -> None:
        """A text stored as a string whatever it looks like ("=SUM(A1)" is no formula)."""
        value = escape_text(clean_text(value))
        cell = self.ws.cell(row=row, column=column)
        cell._value = value  # not the value setter: it would make "=..." a formula
        cell.data_type = "s"
        self._styler.apply(cell, style)
        if value.startswith(_FORMULA_PREFIXES):
            cell.quotePrefix = True  # stays a text when someone edits the cell in Excel
        if style.alignment.wrap_text:
            lines = layout.excel_lines(value, COLUMN_WIDTHS[column - 1], style.size, style.bold)
            if lines > self._lines.get(row, (1, style.size))[0]:
                self._lines[row] = (lines, style.size)

    def number(self, row: int, column: int, value: Decimal | int | None, style: Style) -> None:
        cell = self.ws.cell(row=row, column=column)
        self._styler.apply(cell, style)
        if value is not None:
            cell.value = value

    def values(self, row: int, program: ProgramSums, text: Style, amount: Style, count: Style) -> None:
        self.text(row, 2, program.name, text)
        self.text(row, 3, program.responsible, text)
        for column, value in enumerate(
            (program.plan, program.actual, program.financed, program.percent), start=4
        ):
            self.number(row, column, value, amount)
        self.number(row, 8, program.measures, count)
        self.number(row, 9, program.reported, count)
        self.number(row, 10, program.share, amount)

    def set_heights(self) -> None:
        """Rows whose wrapped texts need more than a line get the height for them (spreadsheets do not fit rows to
        wrapped text when a file is opened)."""
        for row, (lines, size) in self._lines.items():
            self.ws.row_dimensions[row].height = layout.excel_height(lines, size)
