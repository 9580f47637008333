"""The consolidated report as an XLSX workbook in the official form: ``reports.form`` laid out in cells.

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
13    column titles (``texts.column_titles``), repeated on every printed page with row 14
14    column numbers 1 2 3 4 5 7 8 9 10 11 (integers; 6 is missing in the official form too)
15    first measure row
====  =====================================================================================

A measure row holds: A task number ("1."), B task text (both written in the task's first row and merged
down over all the task's rows), C "{measure number}. {measure text}", D term, E executors, F plan,
G actual, H financed, I percent (Decimals, format ``0.0``; ``None`` leaves the cell empty), J information.
After the last measure come the totals rows "з загального фонду" and "з спеціального фонду та інших джерел
фінансування" (bold), a blank row, the signatory's title and, one row further down, the signatory's name.

Texts are stored as literal strings whatever they look like: "=SUM(A1)", "+1", "@x" or "#N/A" never
become formulas or errors. A literal "_xHHHH_" is escaped so that Excel does not decode it
(``reports.xlsx_reader`` undoes this).

Printing whole. Spreadsheets do not fit rows to wrapped text, so every row gets a height computed from its
texts (``reports.layout``: real glyph widths of Times New Roman's metric twin, with a safety margin); a
merged task cell that needs more than its rows give grows them. Rows are at most 409 pt high (Excel's
limit; it is less than a printed page), so an information text that needs more lines, or more than Excel's
32,767 characters (UTF-16 code units) a cell holds, continues in *continuation rows* directly below: C says
``texts.continuation`` with the measure's number (visible on paper, never shaped like a measure cell),
J holds the next piece, D and F..I stay empty, A and B are inside the task's merge. A measure's own text
(C) and its executors (E) that need more lines than a row shows continue the same way: E's next piece in
E, C's after the label, on the line below it (``form.continuation_row``); a measure has as many
continuation rows as the longest of C, E and J needs. Pieces end at a wrapped line's end, which is a line
break or a space where there is one; joining each column's pieces in order, with nothing in between (for
C: what follows the label's line break), gives the text back exactly (``reports.xlsx_reader.read_workbook_grid``
does that join).

Pages: A4 landscape, one page wide (the column widths are chosen so that the table's 10-pt body prints at
no less than 8 pt, see :func:`print_scale`), rows 13-14 repeated on every page, "Сторінка N з M" in the
footer. Manual page breaks keep each measure with its continuation rows and a task's text with its first
rows where they fit on a page, and the last measure and the totals with the signature.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Final
from xml.sax.saxutils import escape as xml_escape

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from reports import layout, texts
from reports.form import (
    COLUMN_WIDTHS,
    COLUMNS,
    CellStyle,
    Form,
    FormRow,
    Line,
    LineStyle,
    RowKind,
    Span,
    continuation_row,
    continuation_text,
    form_of,
)
from reports.gc_pause import collection_paused
from reports.model import Report
from reports.summary import summary_of
from reports.summary_sheet import write_summary_sheet
from reports.xlsx_cells import (
    CELL_LIMIT,
    NUMBER_FORMAT,
    Style,
    Styler,
    escape_text,
    form_workbook,
    split_for_cells,
)

__all__ = [
    "COLUMN_WIDTHS",
    "FIRST_MEASURE_ROW",
    "HEADER_ROW",
    "NUMBERS_ROW",
    "write_report",
]

TITLE_ROW: Final = 1  # followed by SUBTITLE, program name, department and year lines
DECISION_ROW: Final = 7
TERM_ROW: Final = 9
SECTION_ROW: Final = 11
HEADER_ROW: Final = 13
NUMBERS_ROW: Final = 14
FIRST_MEASURE_ROW: Final = 15

# 1-based sheet columns (the form's are 0-based).
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
# The same columns as the form counts them (from 0).
_F_TASK: Final = COL_TASK - 1
_F_MEASURE: Final = COL_MEASURE - 1
_F_EXECUTORS: Final = COL_EXECUTORS - 1
_F_INFO: Final = COL_INFO - 1

# In digit widths of the default font (Times New Roman 12: 6 pt each). Their sum sets the print scale
# (fit to page width): 153.5 of them on A4 landscape with these margins print at 85 %, so the 10-pt body is
# 8.5 pt on paper. Each header word fits its column unbroken («профінансовано» in H is the longest).
# COLUMN_WIDTHS (from reports.form): the annual form's; a form carries its own (Form.widths).
# Column widths are measured in this font's digits (see reports.layout).
SIGNATORY_TITLE_COLUMNS: Final = 5  # A:E
TITLE_SIZE: Final = 12
TABLE_SIZE: Final = 10
MARGINS: Final = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
# Excel keeps at most 1,026 manual page breaks in a sheet; a longer report breaks naturally after them.
MAX_PAGE_BREAKS: Final = 1_026
# Pages are filled to this share of what the scale leaves, so that the program's own break never comes
# before ours (its row pitch and rounding of the scale differ a little from the estimate).
PAGE_FILL: Final = 0.95

_FORMULA_PREFIXES: Final = ("=", "+", "-", "@")


_THIN: Final = Side(style="thin")
_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT_NAME: Final = "Times New Roman"
_FONT_TITLE: Final = Font(name=_FONT_NAME, size=TITLE_SIZE, bold=True)
_FONT_TEXT: Final = Font(name=_FONT_NAME, size=TITLE_SIZE)
_FONT_TABLE: Final = Font(name=_FONT_NAME, size=TABLE_SIZE)
_FONT_TABLE_BOLD: Final = Font(name=_FONT_NAME, size=TABLE_SIZE, bold=True)
_ALIGN_CENTER: Final = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ALIGN_LEFT: Final = Alignment(horizontal="left", vertical="center", wrap_text=True)
_ALIGN_RIGHT: Final = Alignment(horizontal="right", vertical="center", wrap_text=True)
_ALIGN_TABLE: Final = Alignment(vertical="top", wrap_text=True)
_ALIGN_TABLE_CENTER: Final = Alignment(horizontal="center", vertical="top", wrap_text=True)


_LINE_STYLES: Final = {
    LineStyle.TITLE: Style(_FONT_TITLE, _ALIGN_CENTER),
    LineStyle.TITLE_PLAIN: Style(_FONT_TEXT, _ALIGN_CENTER),
    LineStyle.TEXT: Style(_FONT_TEXT, _ALIGN_LEFT),
    LineStyle.SECTION: Style(_FONT_TITLE, _ALIGN_LEFT),
    LineStyle.SIGNATORY_TITLE: Style(_FONT_TEXT, _ALIGN_LEFT),
    LineStyle.SIGNATORY_NAME: Style(_FONT_TEXT, _ALIGN_RIGHT),
}
_CELL: Final = Style(_FONT_TABLE, _ALIGN_TABLE, _BORDER)
_CELL_STYLES: Final = {
    CellStyle.HEADER: Style(_FONT_TABLE_BOLD, _ALIGN_TABLE_CENTER, _BORDER),
    CellStyle.COLUMN_NUMBER: Style(_FONT_TABLE, _ALIGN_TABLE_CENTER, _BORDER),
    CellStyle.CENTER: Style(_FONT_TABLE, _ALIGN_TABLE_CENTER, _BORDER),
    CellStyle.TEXT: _CELL,
    CellStyle.AMOUNT: Style(_FONT_TABLE, _ALIGN_TABLE, _BORDER, NUMBER_FORMAT),
    CellStyle.TOTAL_TEXT: Style(_FONT_TABLE_BOLD, _ALIGN_TABLE, _BORDER),
    CellStyle.TOTAL_AMOUNT: Style(_FONT_TABLE_BOLD, _ALIGN_TABLE, _BORDER, NUMBER_FORMAT),
    # Section 2's values (reports.indicators_section): exact, as many decimals as they have.
    CellStyle.VALUE: Style(_FONT_TABLE, _ALIGN_TABLE, _BORDER, "General"),
    CellStyle.TOTAL_VALUE: Style(_FONT_TABLE_BOLD, _ALIGN_TABLE, _BORDER, "General"),
}


def _text_widths(widths: Sequence[float]) -> tuple[float, ...]:
    return tuple(layout.excel_text_width(width) for width in widths)


_TEXT_WIDTHS: Final = _text_widths(COLUMN_WIDTHS)
_MAX_LINES: Final = layout.excel_max_lines(TABLE_SIZE)


def info_pieces(
    text: str, starts: list[int] | None = None, width: float = _TEXT_WIDTHS[_F_INFO]
) -> list[str]:
    """An information text cut for the J cells of a measure row and its continuation rows: each piece at
    most as many wrapped lines as a row shows, and within Excel's cell limit (``starts``: the text's
    ``layout.line_starts`` at column J's width, when known; ``width``: J's room for text)."""
    pieces = layout.split_at_lines(text, width, TABLE_SIZE, False, _MAX_LINES, starts)
    if any(len(piece) > CELL_LIMIT // 2 for piece in pieces):
        pieces = [part for piece in pieces for part in split_for_cells(piece)]
    return pieces


def print_scale(widths: Sequence[float] = COLUMN_WIDTHS) -> float:
    """The print scale "one page wide" gives a form of these column widths on A4 landscape with these margins."""
    page_width = layout.A4_LANDSCAPE[0] - (MARGINS.left + MARGINS.right) * 72
    return layout.fit_scale(sum(layout.excel_width_points(w) for w in widths), page_width)


def _page_height(widths: Sequence[float] = COLUMN_WIDTHS) -> float:
    """The printable height of a page in sheet points (what the scale makes of the paper's height)."""
    return (layout.A4_LANDSCAPE[1] - (MARGINS.top + MARGINS.bottom) * 72) / print_scale(widths) * PAGE_FILL


class _SheetWriter:
    """The form sheet's cells as SpreadsheetML, row by row, and its merges and row heights.

    openpyxl writes everything else of the workbook (styles, the sheet's page setup, merges, breaks, the
    summary sheet); the cells of the form go into the saved package as XML text in place of the sheet's
    empty <sheetData> (:func:`_splice`). openpyxl's own cell objects and cell writer cost several times
    what the same cells cost as text, with tens of thousands of rows most of the report's time.
    """

    def __init__(self, ws: Worksheet, widths: tuple[float, ...] = COLUMN_WIDTHS) -> None:
        self.ws = ws
        self.widths = widths
        self.text_widths = _TEXT_WIDTHS if widths == COLUMN_WIDTHS else _text_widths(widths)
        self.styler = Styler(ws)
        self.rows: dict[int, list[str]] = {}  # sheet row -> its cells' XML, in column order
        self.heights: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self._ids: dict[tuple[Style, bool], int] = {}
        self._row_styles: dict[tuple[CellStyle, ...], tuple[Style, ...]] = {}
        self._letters = [get_column_letter(column) for column in range(1, COLUMNS + 1)]

    def _style_id(self, style: Style, quoted: bool = False) -> int:
        """The workbook's index of the cell format (what openpyxl's cell.style_id gives)."""
        key = (style, quoted)
        style_id = self._ids.get(key)
        if style_id is None:
            array = StyleArray(self.styler.array(style))
            if quoted:
                array.quotePrefix = 1
            style_id = self._ids[key] = self.ws.parent._cell_styles.add(array)
        return style_id

    def row_styles(self, cell_styles: tuple[CellStyle, ...]) -> tuple[Style, ...]:
        """The styles of a row's cells (rows of a kind share the tuple: looked up once)."""
        styles = self._row_styles.get(cell_styles)
        if styles is None:
            styles = self._row_styles[cell_styles] = tuple(_CELL_STYLES[style] for style in cell_styles)
        return styles

    def _cells(self, row: int) -> list[str]:
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = []
        return cells

    def text(self, row: int, column: int, value: str, style: Style) -> None:
        """The one way a text reaches a cell: escaped, stored as a string, never cut (the form cleaned it)."""
        if not value:
            self.empty(row, column, style)  # no text: an empty cell, as openpyxl reads it back
            return
        value = escape_text(value)
        if len(value) > CELL_LIMIT // 2 and len(value.encode("utf-16-le")) // 2 > CELL_LIMIT:
            # Excel would cut the text; only information texts are split (see module doc).
            raise ValueError(f"row {row}: a text longer than Excel's cell limit of {CELL_LIMIT} characters")
        # An inline string: never a formula, never an error value, whatever it looks like. Excel keeps
        # a text that looks like a formula a text even when someone edits the cell (quotePrefix).
        style_id = self._style_id(style, value.startswith(_FORMULA_PREFIXES))
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        self._cells(row).append(
            f'<c r="{self._letters[column - 1]}{row}" s="{style_id}" t="inlineStr"><is><t{space}>'
            f"{xml_escape(value)}</t></is></c>"
        )

    def number(self, row: int, column: int, value: Decimal | int | None, style: Style) -> None:
        if value is None:
            self.empty(row, column, style)
            return
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"row {row}, column {column}: {value} is not a number Excel can hold")
        self._cells(row).append(
            f'<c r="{self._letters[column - 1]}{row}" s="{self._style_id(style)}"><v>{value}</v></c>'
        )

    def empty(self, row: int, column: int, style: Style) -> None:
        """An empty cell with a style (its borders), also inside a merge: Excel draws lines from the cells."""
        self._cells(row).append(f'<c r="{self._letters[column - 1]}{row}" s="{self._style_id(style)}"/>')

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Merge a range whose top-left cell is written (the form's ranges never overlap)."""
        if first_row == last_row and first_column == last_column:
            return
        self.merges.append((first_row, first_column, last_row, last_column))

    def line(self, row: int, line: Line) -> None:
        """A line of text merged across the columns its style spans."""
        style = _LINE_STYLES[line.style]
        last_column = SIGNATORY_TITLE_COLUMNS if line.style is LineStyle.SIGNATORY_TITLE else COLUMNS
        self.text(row, 1, line.text, style)
        self.merge(row, 1, row, last_column)
        width = sum(self.widths[:last_column])
        lines = layout.excel_lines(line.text, width, style.size, style.bold)
        self.heights[row] = layout.excel_height(lines, style.size)

    def finish(self) -> None:
        """Merges into the sheet, added straight to its set of ranges: ``Worksheet.merge_cells`` compares
        each new range with every one before it and restyles every covered cell."""
        ranges = self.ws.merged_cells.ranges
        for first_row, first_column, last_row, last_column in self.merges:
            ranges.add(
                MergedCellRange(
                    self.ws,
                    f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}",
                )
            )

    def sheet_data(self) -> Iterator[str]:
        yield "<sheetData>"
        for row in sorted(self.heights.keys() | self.rows.keys()):
            height = self.heights.get(row)
            attributes = f' ht="{height:g}" customHeight="1"' if height is not None else ""
            yield f'<row r="{row}"{attributes}>{"".join(self.rows.get(row, ()))}</row>'
        yield "</sheetData>"

    def dimension(self) -> str:
        last = max(self.rows, default=1)
        return f"A1:{self._letters[-1]}{last}"


def _deflated(item: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry like ``item``, compressed (a ZipInfo of its own would be stored as it is)."""
    info = zipfile.ZipInfo(item.filename, item.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _splice(
    workbook: io.BytesIO, target: str | os.PathLike[str] | BinaryIO, sheet: str, out: _SheetWriter
) -> None:
    """Copy the saved workbook to ``target`` with the form's cells in the form sheet's <sheetData>."""
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != sheet:
                package.writestr(item, data)
                continue
            xml = data.decode("utf-8")
            xml = xml.replace('<dimension ref="A1:A1"/>', f'<dimension ref="{out.dimension()}"/>', 1)
            start = xml.index("<sheetData")
            end = (
                xml.index("</sheetData>", start) + len("</sheetData>")
                if "</sheetData>" in xml
                else (xml.index("/>", start) + 2)
            )
            with package.open(_deflated(item), "w") as part:
                part.write(xml[:start].encode("utf-8"))
                chunk: list[str] = []
                for piece in out.sheet_data():
                    chunk.append(piece)
                    if len(chunk) >= 256:
                        part.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                part.write("".join(chunk).encode("utf-8"))
                part.write(xml[end:].encode("utf-8"))


def write_report(report: Report, target: str | os.PathLike[str] | BinaryIO, *, summary: bool = True) -> None:
    """Write ``report`` as an XLSX in the official form to a path or a binary file (layout: module doc);
    ``summary``: add the "Підсумки" sheet after it (``reports.summary_sheet``)."""
    with collection_paused():
        write_form(form_of(report), target, report=report if summary else None)


def write_form(
    form: Form, target: str | os.PathLike[str] | BinaryIO, *, report: Report | None = None
) -> None:
    """Lay ``form`` out in a workbook; with ``report``, add its summary sheet."""
    wb = form_workbook()
    ws = wb.active
    assert ws is not None  # a new Workbook always has its first sheet
    ws.title = texts.sheet_title()
    wb.properties.creator = "Zvitbot"
    out = _SheetWriter(ws, form.widths)

    for offset, line in enumerate(form.title):
        if line is not None:
            out.line(TITLE_ROW + offset, line)
        else:
            out.heights[TITLE_ROW + offset] = layout.excel_height(1, TITLE_SIZE)
    for offset, head_row in enumerate(form.head):
        _write_plain_row(out, HEADER_ROW + offset, head_row)
    rows = _write_body(out, form)
    row = rows.next_row
    for line in form.closing:
        if line is not None:
            out.line(row, line)
        else:
            out.heights[row] = layout.excel_height(1, TITLE_SIZE)
        row += 1
    closing_rows = list(range(rows.next_row, row))
    out.finish()
    _set_up_page(ws, form.widths)
    breaks = page_breaks(out.heights, rows, closing_rows, form.widths)
    ws.row_breaks.brk = tuple(Break(id=r) for r in breaks[:MAX_PAGE_BREAKS])
    if (
        report is not None
    ):  # the "Підсумки" sheet: its model (reports.summary) laid out by reports.summary_sheet
        write_summary_sheet(wb, summary_of(report))
    saved = io.BytesIO()
    wb.save(saved)
    _splice(saved, target, ws.path.lstrip("/"), out)


def _write_plain_row(out: _SheetWriter, row: int, form_row: FormRow) -> None:
    """A head row: every cell its own, the height from the tallest."""
    lines = 1
    for column, (value, cell_style) in enumerate(zip(form_row.cells, form_row.styles, strict=True), start=1):
        style = _CELL_STYLES[cell_style]
        if isinstance(value, str):
            out.text(row, column, value, style)
            lines = max(lines, layout.excel_lines(value, out.widths[column - 1], style.size, style.bold))
        else:
            out.number(row, column, value, style)
    out.heights[row] = layout.excel_height(lines, TABLE_SIZE)


@dataclass
class _BodyRows:
    """Where the form's body went: body row i is sheet rows first[i]..last[i]."""

    first: list[int]
    last: list[int]
    next_row: int
    keep: list[bool]  # body row i stays on the page of the row after it
    # body row where a task of several rows starts -> (its last body row, the height its text needs)
    tasks: dict[int, tuple[int, float]]


def _write_body(out: _SheetWriter, form: Form) -> _BodyRows:
    # Merged cells: the room their text has (in points). None for a text spread over several rows: its
    # height is settled per task by page_breaks.
    spanned: dict[tuple[int, int], float | None] = {
        (span.first_row, span.first_column): None
        if span.last_row > span.first_row
        else layout.excel_text_width(sum(out.widths[span.first_column : span.last_column + 1]))
        for span in form.spans
    }
    first: list[int] = []
    last: list[int] = []
    keep: list[bool] = []
    row = FIRST_MEASURE_ROW
    heights = out.heights
    for index, form_row in enumerate(form.body):
        first.append(row)
        keep.append(form_row.keep_with_next)
        cells = form_row.cells
        rests: dict[int, list[str]] = {}  # column -> the pieces its continuation rows carry
        info = cells[_F_INFO]
        info_lines = 1
        if isinstance(info, str) and info:
            # Measured once: the count sets the row's height, the line starts where it continues.
            starts = layout.line_starts(info, out.text_widths[_F_INFO], TABLE_SIZE)
            info_lines = len(starts)
            if info_lines > _MAX_LINES or len(info) > CELL_LIMIT // 2:
                pieces = info_pieces(info, starts, out.text_widths[_F_INFO])
                cells = (*cells[:_F_INFO], pieces[0])
                info_lines = _MAX_LINES
                rests[_F_INFO] = pieces[1:]
        lines = _row_lines(out, form_row.kind, cells, form_row.styles, spanned, index, info_lines)
        if form_row.kind is RowKind.MEASURE and lines > _MAX_LINES:  # measured once; cut only where needed
            cells = _cut_own_texts(out, form_row, cells, spanned, index, rests)
            lines = _row_lines(out, form_row.kind, cells, form_row.styles, spanned, index, info_lines)
        height = _write_cells(
            out, row, form_row.kind, cells, form_row.styles, spanned, index, info_lines, lines
        )
        heights[row] = height
        for more_index in range(max(map(len, rests.values()), default=0)):
            row += 1
            more = continuation_row(
                form_row,
                {column: rest[more_index] for column, rest in rests.items() if more_index < len(rest)},
            )
            heights[row] = _write_cells(out, row, more.kind, more.cells, more.styles, spanned, -1)
        if row > first[index] and (index, _F_TASK) not in spanned and form_row.cells[_F_TASK]:
            # A task of one measure whose information continues: its cells go down over the continuation.
            out.merge(first[index], COL_TASK_NUMBER, row, COL_TASK_NUMBER)
            out.merge(first[index], COL_TASK, row, COL_TASK)
        last.append(row)
        row += 1
    tasks: dict[int, tuple[int, float]] = {}
    for span in form.spans:
        top, bottom = first[span.first_row], last[span.last_row]
        out.merge(top, span.first_column + 1, bottom, span.last_column + 1)
        if bottom > top and span.last_row > span.first_row:
            # Cells merged down (the task's; in the term's form a measure's): the tallest text sets the need.
            need = _span_need(span, form)
            if span.first_row in tasks:
                need = max(need, tasks[span.first_row][1])
            tasks[span.first_row] = (span.last_row, need)
    return _BodyRows(first, last, row, keep, tasks)


def _cut_own_texts(
    out: _SheetWriter,
    form_row: FormRow,
    cells: Sequence[object],
    spanned: dict[tuple[int, int], float | None],
    index: int,
    rests: dict[int, list[str]],
) -> Sequence[object]:
    """The measure's own text (C) and executors (E), where one needs more lines than a row shows, cut at
    line boundaries: the first piece stays in the row, the rest go to ``rests`` for its continuation rows
    (C's pieces there come after the continuation label, so each is the label's lines shorter). Cells
    merged with others (the term form's) are left alone."""
    for column in (_F_MEASURE, _F_EXECUTORS):
        value = cells[column]
        if not isinstance(value, str) or not value or (index, column) in spanned:
            continue
        style = _CELL_STYLES[form_row.styles[column]]
        width = out.text_widths[column]
        if layout.line_count(value, width, style.size, style.bold, at_most=_MAX_LINES) <= _MAX_LINES:
            continue
        room = _MAX_LINES
        if column == _F_MEASURE:
            label = continuation_text(form_row.measure)
            room -= layout.line_count(label, width, style.size, style.bold)
        pieces = layout.split_at_lines(value, width, style.size, style.bold, max(1, room))
        cells = (*cells[:column], pieces[0], *cells[column + 1 :])
        rests[column] = pieces[1:]
    return cells


def _row_lines(
    out: _SheetWriter,
    kind: RowKind,
    cells: Sequence[object],
    cell_styles: Sequence[CellStyle],
    spanned: dict[tuple[int, int], float | None],
    index: int,
    info_lines: int = 0,
) -> int:
    """How many lines the row's tallest text needs (``info_lines``: column J's count, when the caller
    measured it already). A count is only looked at closely where it may beat the tallest so far."""
    lines = max(1, info_lines)
    styles = out.row_styles(cell_styles)
    for column, value in enumerate(cells):
        if type(value) is not str or (info_lines and column == _F_INFO):
            continue
        width = spanned.get((index, column), out.text_widths[column])
        if width is not None:
            style = styles[column]
            lines = max(lines, layout.line_count(value, width, style.size, style.bold, at_most=lines))
    return lines


def _write_cells(
    out: _SheetWriter,
    row: int,
    kind: RowKind,
    cells: Sequence[object],
    cell_styles: Sequence[CellStyle],
    spanned: dict[tuple[int, int], float | None],
    index: int,
    info_lines: int = 0,
    lines: int | None = None,
) -> float:
    """Write one sheet row of the table; return its height (``lines``: its :func:`_row_lines`, when the
    caller has it)."""
    if lines is None:
        lines = _row_lines(out, kind, cells, cell_styles, spanned, index, info_lines)
    in_task = kind is not RowKind.TOTAL
    styles = out.row_styles(cell_styles)
    for column, value in enumerate(cells):
        if value is None:
            if in_task and column == _F_TASK:
                continue  # inside the task's merge; its right-hand line is column C's left border
            # Empty, or inside a merge: a cell of its own all the same, Excel draws lines from the cells
            # (column A's carry the table's left edge).
            out.empty(row, column + 1, styles[column])
        elif type(value) is str:
            out.text(row, column + 1, value, styles[column])
        else:
            out.number(row, column + 1, value, styles[column])  # type: ignore[arg-type]
    return min(layout.EXCEL_MAX_ROW_HEIGHT, layout.excel_height(lines, TABLE_SIZE))


def _span_need(span: Span, form: Form) -> float:
    """The height a merged cell's text needs (the rows under it are grown by :func:`page_breaks`)."""
    value = form.body[span.first_row].cells[span.first_column]
    if not isinstance(value, str) or not value:
        return 0.0
    style = _CELL_STYLES[form.body[span.first_row].styles[span.first_column]]
    width = sum(form.widths[span.first_column : span.last_column + 1])
    return layout.excel_height(layout.excel_lines(value, width, style.size, style.bold), TABLE_SIZE)


def page_breaks(
    heights: dict[int, float],
    body: _BodyRows,
    closing: Sequence[int],
    widths: Sequence[float] = COLUMN_WIDTHS,
) -> list[int]:
    """The rows after which a page ends (``layout.paginate``: a measure with its continuation rows, the
    last measure and the totals with the signature, a task's merged text on the page where the task
    begins); rows of a task grow for that (``heights`` changes)."""
    boxes: list[layout.Box] = []
    for i, (top, bottom) in enumerate(zip(body.first, body.last, strict=True)):
        for row in range(top, bottom + 1):
            boxes.append(layout.Box(heights[row], i, keep=row < bottom or body.keep[i], ref=row))
        task = body.tasks.get(i)
        if task is not None:
            first = boxes[-(bottom - top + 1)]
            first.last_body, first.need = task
    for offset, row in enumerate(closing):
        boxes.append(
            layout.Box(heights[row], len(body.first) + offset, keep=offset < len(closing) - 1, ref=row)
        )
    pages = layout.paginate(
        boxes,
        first_used=sum(heights[r] for r in range(TITLE_ROW, FIRST_MEASURE_ROW)),
        repeated=heights[HEADER_ROW] + heights[NUMBERS_ROW],
        capacity=_page_height(widths),
        cap=layout.EXCEL_MAX_ROW_HEIGHT,
    )
    for box in boxes:
        heights[box.ref] = box.height  # type: ignore[index]
    return [page[0].ref - 1 for page in pages[1:]]  # type: ignore[operator]


def _set_up_page(ws: Worksheet, widths: Sequence[float] = COLUMN_WIDTHS) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{FIRST_MEASURE_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{NUMBERS_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the table needs
    ws.page_margins = MARGINS
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = texts.page_footer()
