"""The consolidated report as an XLSX workbook in the official form (see the published seed report).

The first sheet, "Звіт", is the official form, ten columns A..J (a second sheet, "Підсумки", is added by
``reports.summary_sheet``). Fixed rows (1-based sheet rows; the constants below name them):

====  =====================================================================================
1     "Звіт" (merged A:J, centred, bold); rows 2-5 likewise: "про результати виконання", the program
      name, the responsible department (not bold), "за {year} рік"
6     blank
7     "Дата і номер рішення міської ради яким затверджено Програму №… від …" (merged A:J)
8     blank
9     "Термін реалізації Програми … роки" (merged A:J)
10    blank
11    "1. Виконання заходів" (merged A:J, left, bold)
12    blank
13    column titles (``texts.COLUMN_TITLES``), repeated on every printed page with row 14
14    column numbers 1 2 3 4 5 7 8 9 10 11 (integers; 6 is missing in the official form too)
15    first measure row
====  =====================================================================================

A measure row holds: A task number ("1."), B task text (both written in the task's first row and merged
down over all the task's rows), C "{measure number}. {measure text}", D term, E executors, F plan,
G actual, H financed, I percent (Decimals, format ``0.0``; ``None`` leaves the cell empty), J information.
After the last measure come the totals rows "з загального фонду" and "з спеціального фонду та інших джерел
фінансування" (bold; the special fund's numbers are left empty when they are all zero, as the form does),
a blank row, the signatory's title and, one row further down, the signatory's name.

Texts are stored as literal strings whatever they look like: "=SUM(A1)", "+1", "@x" or "#N/A" never
become formulas or errors. Characters that XML cannot carry are dropped, line breaks become "\\n", and a
literal "_xHHHH_" is escaped so that Excel does not decode it (``reports.xlsx_reader`` undoes this).

Long information texts: Excel holds at most 32,767 characters (UTF-16 code units) in a cell. A longer
information text is not cut: it is split into pieces, the first in the measure row's J cell and each
further piece in the J cell of a *continuation row* directly below it. A continuation row has only C and J
filled: C says ``texts.CONTINUATION`` with the measure's number (visible on paper, and never shaped like a
measure cell, so a text importer does not take it for one), J the next piece; D..I stay empty, A and B are
inside the task's merge. Pieces end at a line break or a space where one is near the limit, otherwise at a
character boundary that does not split a combined emoji or accent; joining the J cells in order, with
nothing in between, gives the text back exactly. ``reports.xlsx_reader.read_grid`` does that join.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Final

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from reports import texts
from reports.model import FundTotals, Report, ReportRow, TaskBlock

COLUMNS: Final = 10
TITLE_ROW: Final = 1  # followed by SUBTITLE, program name, department and year lines
DECISION_ROW: Final = 7
TERM_ROW: Final = 9
SECTION_ROW: Final = 11
HEADER_ROW: Final = 13
NUMBERS_ROW: Final = 14
FIRST_MEASURE_ROW: Final = 15

COL_TASK_NUMBER: Final = 1
COL_TASK: Final = 2
COL_MEASURE: Final = 3
COL_TERM: Final = 4
COL_EXECUTORS: Final = 5
COL_PLAN: Final = 6
COL_ACTUAL: Final = 7
COL_FINANCED: Final = 8
COL_PERCENT: Final = 9
COL_INFO: Final = 10

# Excel's limit, counted in UTF-16 code units (an emoji takes two).
CELL_LIMIT: Final = 32_767
NUMBER_FORMAT: Final = "0.0"
COLUMN_WIDTHS: Final = (6, 28, 45, 11, 30, 13, 13, 13, 13, 60)
SIGNATORY_TITLE_COLUMNS: Final = 5  # A:E

# A literal "_xHHHH_" in a cell's text is Excel's escape for character HHHH; its "_" is stored as "_x005F_".
ESCAPED_UNDERSCORE: Final = "_x005F_"
_ESCAPE_RE: Final = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# openpyxl's control characters, plus lone surrogates (they cannot be encoded) and U+FFFE/U+FFFF (not XML);
# one pattern, since this runs over every text of the report.
_ILLEGAL_RE: Final = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")
_FORMULA_PREFIXES: Final = ("=", "+", "-", "@")
# How far back from the hard limit a piece of a long text may end early to end at a line break or space.
_BREAK_WINDOW: Final = 2_000

_THIN: Final = Side(style="thin")
_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT_NAME: Final = "Times New Roman"
_FONT_TITLE: Final = Font(name=_FONT_NAME, size=12, bold=True)
_FONT_TEXT: Final = Font(name=_FONT_NAME, size=12)
_FONT_TABLE: Final = Font(name=_FONT_NAME, size=10)
_FONT_TABLE_BOLD: Final = Font(name=_FONT_NAME, size=10, bold=True)
_ALIGN_CENTER: Final = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ALIGN_LEFT: Final = Alignment(horizontal="left", vertical="center", wrap_text=True)
_ALIGN_RIGHT: Final = Alignment(horizontal="right", vertical="center", wrap_text=True)
_ALIGN_TABLE: Final = Alignment(vertical="top", wrap_text=True)
_ALIGN_TABLE_CENTER: Final = Alignment(horizontal="center", vertical="top", wrap_text=True)


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so a style lookup costs no Font hashing
class Style:
    font: Font
    alignment: Alignment
    border: Border | None = None
    number_format: str = "General"


_TITLE: Final = Style(_FONT_TITLE, _ALIGN_CENTER)
_TITLE_PLAIN: Final = Style(_FONT_TEXT, _ALIGN_CENTER)
_LINE: Final = Style(_FONT_TEXT, _ALIGN_LEFT)
_SECTION: Final = Style(_FONT_TITLE, _ALIGN_LEFT)
_SIGNATORY_NAME: Final = Style(_FONT_TEXT, _ALIGN_RIGHT)
_HEADER: Final = Style(_FONT_TABLE_BOLD, _ALIGN_TABLE_CENTER, _BORDER)
_COLUMN_NUMBER: Final = Style(_FONT_TABLE, _ALIGN_TABLE_CENTER, _BORDER)
_CELL: Final = Style(_FONT_TABLE, _ALIGN_TABLE, _BORDER)
_CELL_CENTER: Final = Style(_FONT_TABLE, _ALIGN_TABLE_CENTER, _BORDER)
_AMOUNT: Final = Style(_FONT_TABLE, _ALIGN_TABLE, _BORDER, NUMBER_FORMAT)
_TOTAL: Final = Style(_FONT_TABLE_BOLD, _ALIGN_TABLE, _BORDER)
_TOTAL_AMOUNT: Final = Style(_FONT_TABLE_BOLD, _ALIGN_TABLE, _BORDER, NUMBER_FORMAT)


class Styler:
    """Gives cells a style by copying the style array of the first cell that got it the normal way.

    openpyxl's font/border/alignment setters hash the style object on every assignment, which with tens of
    thousands of table cells is most of the writing time; copying a cell's array of style ids (what
    openpyxl's own worksheet copy does) is cheap and gives the same result.
    """

    def __init__(self) -> None:
        self._arrays: dict[Style, StyleArray] = {}

    def apply(self, cell: Cell | MergedCell, style: Style) -> None:
        array = self._arrays.get(style)
        if array is not None:
            cell._style = StyleArray(array)
            return
        cell.font = style.font
        cell.alignment = style.alignment
        if style.border is not None:
            cell.border = style.border
        cell.number_format = style.number_format
        self._arrays[style] = StyleArray(cell._style)


def clean_text(value: str) -> str:
    """The text as an XLSX cell can carry it: line breaks as "\\n", no characters XML forbids."""
    if "\r" in value:
        # XML parsers turn "\r\n" and "\r" into "\n" anyway; doing it here keeps the round trip exact.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_RE.sub("", value)


def escape_text(value: str) -> str:
    """Protect a literal "_xHHHH_" from Excel's decoding (ECMA-376 ST_Xstring)."""
    return _ESCAPE_RE.sub(ESCAPED_UNDERSCORE, value) if "_x" in value else value


def cell_units(value: str) -> int:
    """Length of a cleaned text as Excel counts it once stored (UTF-16 code units, after escaping)."""
    return len(escape_text(value).encode("utf-16-le")) // 2


def split_for_cells(value: str, limit: int = CELL_LIMIT) -> list[str]:
    """Cut a cleaned text into pieces that each fit one cell; ``"".join(pieces) == value``."""
    if (len(value) <= limit // 2 and "_x" not in value) or cell_units(value) <= limit:
        return [value]
    escaped_at = {match.start() for match in _ESCAPE_RE.finditer(value)}
    pieces: list[str] = []
    start = 0
    end = len(value)
    while start < end:
        units = 0
        stop = start
        while stop < end:
            # Counting with the whole text's escapes over-counts at a piece's end, which only errs short.
            step = (2 if ord(value[stop]) > 0xFFFF else 1) + (6 if stop in escaped_at else 0)
            if units + step > limit:
                break
            units += step
            stop += 1
        if stop < end:
            stop = _break_before(value, start, stop)
        pieces.append(value[start:stop])
        start = stop
    return pieces


def _break_before(value: str, start: int, stop: int) -> int:
    """Where to end the piece value[start:stop] that hit the limit: after a line break or space if one is
    near, else at ``stop`` moved back so that no emoji sequence or accented letter is split."""
    low = max(start + 1, stop - _BREAK_WINDOW)
    for separator in ("\n", " "):
        found = value.rfind(separator, low - 1, stop)
        if found != -1:
            return found + 1
    cut = stop
    while cut - 1 > start and (_joins_previous(value[cut]) or value[cut - 1] == "\u200d"):
        cut -= 1
    return cut


def _joins_previous(char: str) -> bool:
    code = ord(char)
    return (
        char == "\u200d"  # zero-width joiner
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (emoji presentation)
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
    )


def task_number_text(number: str) -> str:
    return number if number.endswith(".") else texts.TASK_NUMBER.format(number=number)


def measure_cell_text(number: str, text: str) -> str:
    number = number.rstrip(".")
    if not text:
        return texts.TASK_NUMBER.format(number=number)
    return texts.MEASURE_CELL.format(number=number, text=text)


def continuation_text(number: str) -> str:
    return texts.CONTINUATION.format(number=number.rstrip("."))


class _SheetWriter:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.styler = Styler()

    def text(self, row: int, column: int, value: str, style: Style, what: str = "a text") -> None:
        """The one way a text reaches a cell: cleaned, escaped, stored as a string, never cut."""
        value = escape_text(clean_text(value))
        if len(value) > CELL_LIMIT // 2 and len(value.encode("utf-16-le")) // 2 > CELL_LIMIT:
            # openpyxl would cut the text silently; only information texts are split (see module doc).
            raise ValueError(f"{what}: longer than Excel's cell limit of {CELL_LIMIT} characters")
        cell = self.ws.cell(row=row, column=column)
        # Set directly: the value setter would scan the text for illegal characters again (clean_text did),
        # and would turn "=..." into a formula and "#N/A" and the like into error values.
        cell._value = value
        cell.data_type = "s"
        self.styler.apply(cell, style)
        if value.startswith(_FORMULA_PREFIXES):
            # Excel keeps the text a text even when someone edits the cell later.
            cell.quotePrefix = True

    def number(self, row: int, column: int, value: Decimal | int | None, style: Style) -> None:
        cell = self.ws.cell(row=row, column=column)
        self.styler.apply(cell, style)
        if value is None:
            return
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"row {row}, column {column}: {value} is not a number Excel can hold")
        cell.value = value

    def empty(self, row: int, column: int, style: Style) -> None:
        self.styler.apply(self.ws.cell(row=row, column=column), style)

    def merge(
        self, first_row: int, first_column: int, last_row: int, last_column: int, style: Style | None = None
    ) -> None:
        """Merge a range whose top-left cell is written; covered cells get ``style`` if one is given.

        Does what ``Worksheet.merge_cells`` does except its border and protection pass, which restyles
        every covered cell through openpyxl's slow style path and would more than double the writing time
        of a report with long tasks. Covered cells that need no border of their own (their lines are drawn
        by the neighbouring cells) are not created at all: the XLSX needs only the merge range, and
        openpyxl creates them when it loads the file.
        """
        if first_row == last_row and first_column == last_column:
            return
        start = f"{get_column_letter(first_column)}{first_row}"
        end = f"{get_column_letter(last_column)}{last_row}"
        self.ws.merged_cells.add(MergedCellRange(self.ws, f"{start}:{end}"))
        if style is None:
            return
        cells = self.ws._cells
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                if row != first_row or column != first_column:
                    cell = MergedCell(self.ws, row=row, column=column)
                    self.styler.apply(cell, style)
                    cells[row, column] = cell

    def line(self, row: int, value: str, style: Style, last_column: int = COLUMNS) -> None:
        """A line of text merged across columns A..``last_column``."""
        self.text(row, 1, value, style)
        self.merge(row, 1, row, last_column)
        height = _merged_height(value, sum(COLUMN_WIDTHS[:last_column]), style.font)
        if height is not None:
            # Excel does not fit a merged cell's row to its text.
            self.ws.row_dimensions[row].height = height


def _merged_height(value: str, width: float, font: Font) -> float | None:
    size = float(font.size or 11)
    chars_per_line = max(1.0, width * 11.0 / size * 0.9)
    lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in value.split("\n"))
    return None if lines <= 1 else round(lines * size * 1.3, 1)


def write_report(report: Report, target: str | os.PathLike[str] | BinaryIO, *, summary: bool = True) -> None:
    """Write ``report`` as an XLSX in the official form to a path or a binary file (layout: module doc);
    ``summary``: add the "Підсумки" sheet after it (``reports.summary_sheet``)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new Workbook always has its first sheet
    ws.title = texts.SHEET_TITLE
    wb.properties.creator = "Zvitbot"
    out = _SheetWriter(ws)

    _write_title(out, report)
    row = _write_table_head(out)
    for task in report.tasks:
        row = _write_task(out, row, task)
    row = _write_totals(out, row, texts.TOTAL_GENERAL, report.general, show_numbers=True)
    row = _write_totals(
        out, row, texts.TOTAL_SPECIAL, report.special, show_numbers=_any_nonzero(report.special)
    )
    row += 1  # blank row before the signature
    out.line(row, report.signatory_title, _LINE, last_column=SIGNATORY_TITLE_COLUMNS)
    out.line(row + 2, report.signatory_name, _SIGNATORY_NAME)

    _set_up_page(ws)
    # --- summary sheet (reports/summary_sheet.py; imported here, since it uses this module's helpers) ---
    if summary:
        from reports.summary_sheet import write_summary_sheet

        write_summary_sheet(wb, report)
    # --- end summary sheet ---
    wb.save(target)


def _write_title(out: _SheetWriter, report: Report) -> None:
    lines = (
        (texts.TITLE, _TITLE),
        (texts.SUBTITLE, _TITLE),
        (report.program_name, _TITLE),
        (report.responsible_department, _TITLE_PLAIN),
        (texts.YEAR_LINE.format(year=report.year), _TITLE),
    )
    for offset, (value, style) in enumerate(lines):
        out.line(TITLE_ROW + offset, value, style)
    decision = texts.DECISION_LINE.format(
        decision_number=report.decision_number, decision_date=report.decision_date
    )
    out.line(DECISION_ROW, decision, _LINE)
    out.line(TERM_ROW, texts.TERM_LINE.format(term=report.term), _LINE)
    out.line(SECTION_ROW, texts.SECTION_MEASURES, _SECTION)


def _write_table_head(out: _SheetWriter) -> int:
    for column, title in enumerate(texts.COLUMN_TITLES, start=1):
        out.text(HEADER_ROW, column, title, _HEADER)
    for column, number in enumerate(texts.COLUMN_NUMBERS, start=1):
        out.number(NUMBERS_ROW, column, number, _COLUMN_NUMBER)
    return FIRST_MEASURE_ROW


def _write_task(out: _SheetWriter, first: int, task: TaskBlock) -> int:
    """Write a task's rows from sheet row ``first``; return the row after them."""
    out.text(first, COL_TASK_NUMBER, task_number_text(task.number), _CELL_CENTER)
    out.text(first, COL_TASK, task.text, _CELL, what=f"task {task.number}")
    row = first
    if not task.rows:
        for column in range(COL_MEASURE, COLUMNS + 1):
            out.empty(row, column, _CELL)
        row += 1
    for measure in task.rows:
        row = _write_measure(out, row, measure)
    # Column A's covered cells carry the table's left edge and the line between A and B; column B's
    # right-hand line is column C's left border, so its covered cells need no style of their own.
    out.merge(first, COL_TASK_NUMBER, row - 1, COL_TASK_NUMBER, _CELL)
    out.merge(first, COL_TASK, row - 1, COL_TASK)
    return row


def _write_measure(out: _SheetWriter, row: int, measure: ReportRow) -> int:
    """Write a measure (and its continuation rows); return the row after them."""
    what = f"measure {measure.measure_number}"
    out.text(row, COL_MEASURE, measure_cell_text(measure.measure_number, measure.measure_text), _CELL, what)
    out.text(row, COL_TERM, measure.term, _CELL, what)
    out.text(row, COL_EXECUTORS, measure.executors, _CELL, what)
    out.number(row, COL_PLAN, measure.plan, _AMOUNT)
    out.number(row, COL_ACTUAL, measure.actual, _AMOUNT)
    out.number(row, COL_FINANCED, measure.financed, _AMOUNT)
    out.number(row, COL_PERCENT, measure.percent, _AMOUNT)
    pieces = split_for_cells(clean_text(measure.info))
    out.text(row, COL_INFO, pieces[0], _CELL, what)
    for piece in pieces[1:]:
        row += 1
        out.text(row, COL_MEASURE, continuation_text(measure.measure_number), _CELL)
        for column in range(COL_TERM, COL_INFO):
            out.empty(row, column, _CELL)
        out.text(row, COL_INFO, piece, _CELL, what)
    return row + 1


def _write_totals(out: _SheetWriter, row: int, label: str, totals: FundTotals, *, show_numbers: bool) -> int:
    out.empty(row, COL_TASK_NUMBER, _TOTAL)
    out.text(row, COL_TASK, label, _TOTAL)
    out.merge(row, COL_TASK, row, COL_EXECUTORS, _TOTAL)
    values: Iterable[Decimal | None] = (
        (totals.plan, totals.actual, totals.financed, totals.percent) if show_numbers else (None,) * 4
    )
    for column, value in zip(range(COL_PLAN, COL_INFO), values, strict=True):
        out.number(row, column, value, _TOTAL_AMOUNT)
    out.empty(row, COL_INFO, _TOTAL)
    return row + 1


def _any_nonzero(totals: FundTotals) -> bool:
    return any(value for value in (totals.plan, totals.actual, totals.financed, totals.percent))


def _set_up_page(ws: Worksheet) -> None:
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{FIRST_MEASURE_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{NUMBERS_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the table needs
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = texts.PAGE_FOOTER
