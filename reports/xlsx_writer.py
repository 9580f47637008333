"""The consolidated report as an XLSX workbook in the official form: ``reports.form`` laid out in cells.

Written with XlsxWriter (openpyxl stays the reader): it streams the cells straight into the package and
knows everything the form needs (merges, row heights, print titles, the footer, page breaks, print
scale and area). The first sheet, "Звіт", is the official form, ten columns A..J (a second sheet,
"Підсумки", is added by ``reports.summary_sheet``). Fixed rows (1-based sheet rows; the constants below
name them):

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
down over the task's rows on each page), C "{measure number}. {measure text}", D term, E executors, F plan,
G actual, H financed, I percent (Decimals, format ``0.0``, a space's indent from the right; ``None`` leaves
the cell empty), J information. After the last measure come the totals rows "з загального фонду" and
"з спеціального фонду та інших джерел фінансування" (bold), a blank row, the signatory's title and, one row
further down, the signatory's name.

Pages (``reports.xlsx_pages``): every page filled, a measure that does not fit the rest of a page cut at
the break into *continuation rows* that name it («4.3 (продовж.)» in C, the task's in B), the totals and
the signature with the last lines of the table. Every row is as high as its tallest text needs.

Texts are stored as literal strings whatever they look like: "=SUM(A1)", "+1", "@x" or "#N/A" never
become formulas or errors (XlsxWriter escapes a literal "_xHHHH_" itself; ``reports.xlsx_reader`` reads it
back). Joining a column's pieces in order, with the continuation labels' lines taken out, gives each text
back exactly (``reports.xlsx_reader.read_workbook_grid`` does that join).

Printing: A4 landscape at a fixed scale (the table one page wide, its 10-pt body at no less than 8 pt, see
:func:`print_scale`), rows 13-14 repeated on every page (as print titles; with section 2, whose pages need
its own head, as rows that begin each page: ``reports.xlsx_pages``), «Сторінка N з M» in the footer with M the form's
own number of pages (LibreOffice's page count would add the summary sheet's, since it prints every
sheet); the form is the active sheet and its print area the table, so Excel prints the form alone by
default, and the summary sheet numbers its own pages from 1.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, BinaryIO, Final

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reports import layout, texts, xlsx_pages
from reports.form import BOLD_STYLES, COLUMN_WIDTHS, COLUMNS, CellStyle, Form, Line, LineStyle, form_of
from reports.gc_pause import collection_paused
from reports.model import Report
from reports.summary import summary_of
from reports.summary_sheet import write_summary_sheet
from reports.xlsx_cells import CELL_LIMIT, NUMBER_FORMAT, write_text

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

SIGNATORY_TITLE_COLUMNS: Final = 5  # A:E
TITLE_SIZE: Final = 12
TABLE_SIZE: Final = xlsx_pages.TABLE_SIZE
# Inches, as Excel's page setup takes them.
MARGINS: Final = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}
HEADER_MARGIN: Final = 0.3
FOOTER_MARGIN: Final = 0.3
# Excel keeps at most 1,026 manual page breaks in a sheet; a longer report breaks naturally after them.
MAX_PAGE_BREAKS: Final = 1_023
# Pages are filled to this share of what the scale leaves: the programs round row heights to whole pixels.
PAGE_FILL: Final = 0.98
# Column widths are in digits of the default font, Times New Roman 12: 8 pixels each (see reports.layout).
DIGIT_PIXELS: Final = 8
WORKBOOK_OPTIONS: Final = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "default_format_properties": {"font_name": "Times New Roman", "font_size": 12},
    "default_column_width": 72,  # 8-pixel digits: widths are read in Times New Roman 12's digits
}

_FONT: Final = "Times New Roman"
AMOUNT_FORMAT: Final = NUMBER_FORMAT + "_)"
_LINE_FORMATS: Final[dict[LineStyle, dict[str, Any]]] = {
    LineStyle.TITLE: {"bold": True, "align": "center"},
    LineStyle.TITLE_PLAIN: {"align": "center"},
    LineStyle.TEXT: {"align": "left"},
    LineStyle.SECTION: {"bold": True, "align": "left"},
    LineStyle.SIGNATORY_TITLE: {"align": "left"},
    LineStyle.SIGNATORY_NAME: {"align": "right"},
}
_CELL_FORMATS: Final[dict[CellStyle, dict[str, Any]]] = {
    CellStyle.HEADER: {"bold": True, "align": "center"},
    CellStyle.COLUMN_NUMBER: {"align": "center"},
    CellStyle.CENTER: {"align": "center"},
    CellStyle.TEXT: {"align": "left"},
    # A space's room after a number (the format's "_)"; LibreOffice has no indent from the right): it never
    # touches the next cell's text («100,0У 2023…»).
    # A number wider than its column is shrunk to fit it (as the PDF and the DOCX print it), never shown as «###»
    # (shrinking and wrapping exclude each other, and a number never wraps).
    CellStyle.AMOUNT: {"num_format": AMOUNT_FORMAT, "align": "right", "text_wrap": False, "shrink": True},
    CellStyle.TOTAL_TEXT: {"bold": True, "align": "left"},
    CellStyle.TOTAL_AMOUNT: {
        "bold": True,
        "num_format": AMOUNT_FORMAT,
        "align": "right",
        "text_wrap": False,
        "shrink": True,
    },
    # Section 2's values (reports.indicators_section): exact, as many decimals as they have.
    CellStyle.VALUE: {"num_format": "General", "align": "right", "text_wrap": False, "shrink": True},
    CellStyle.TOTAL_VALUE: {
        "bold": True,
        "num_format": "General",
        "align": "right",
        "text_wrap": False,
        "shrink": True,
    },
}
_FORMULA_PREFIXES: Final = ("=", "+", "-", "@")


def print_scale(widths: Sequence[float] = COLUMN_WIDTHS) -> float:
    """The print scale that puts a form of these column widths one page wide on A4 landscape with these
    margins, in whole percent (set as the sheet's scale, so every program prints at the same one)."""
    page_width = layout.A4_LANDSCAPE[0] - (MARGINS["left"] + MARGINS["right"]) * 72
    return layout.fit_scale(sum(layout.excel_width_points(w) for w in widths), page_width)


def _page_height(widths: Sequence[float] = COLUMN_WIDTHS) -> float:
    """The printable height of a page in sheet points (what the scale makes of the paper's height)."""
    return (
        (layout.A4_LANDSCAPE[1] - (MARGINS["top"] + MARGINS["bottom"]) * 72) / print_scale(widths) * PAGE_FILL
    )


def line_height(lines: int, size: float) -> float:
    return xlsx_pages.height(lines, size)


class _Formats:
    """The workbook's cell formats, made once each."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self._cells: dict[tuple[CellStyle, bool], Format] = {}
        self._lines: dict[LineStyle, Format] = {}

    def cell(self, style: CellStyle, quoted: bool = False) -> Format:
        key = (style, quoted)
        made = self._cells.get(key)
        if made is None:
            properties = {
                "font_name": _FONT,
                "font_size": TABLE_SIZE,
                "valign": "top",
                "text_wrap": True,
                "border": 1,
                **_CELL_FORMATS[style],
            }
            if quoted:
                properties["quote_prefix"] = True
            made = self._cells[key] = self.wb.add_format(properties)
        return made

    def line(self, style: LineStyle) -> Format:
        made = self._lines.get(style)
        if made is None:
            made = self._lines[style] = self.wb.add_format(
                {"font_name": _FONT, "font_size": TITLE_SIZE, "valign": "vcenter", "text_wrap": True}
                | _LINE_FORMATS[style]
            )
        return made


def write_report(report: Report, target: str | os.PathLike[str] | BinaryIO, *, summary: bool = True) -> None:
    """Write ``report`` as an XLSX in the official form to a path or a binary file (layout: module doc);
    ``summary``: add the "Підсумки" sheet after it (``reports.summary_sheet``)."""
    with collection_paused():
        write_form(form_of(report), target, report=report if summary else None)


def write_form(
    form: Form, target: str | os.PathLike[str] | BinaryIO, *, report: Report | None = None
) -> None:
    """Lay ``form`` out in a workbook; with ``report``, add its summary sheet."""
    wb = xlsxwriter.Workbook(
        os.fspath(target) if isinstance(target, os.PathLike) else target, WORKBOOK_OPTIONS
    )
    wb.set_properties({"author": "Zvitbot"})
    ws = wb.add_worksheet(texts.sheet_title())
    formats = _Formats(wb)
    widths = form.widths
    text_width = [xlsx_pages.text_width(w) for w in widths]

    # The title block.
    heights: dict[int, float] = {}
    for offset, line in enumerate(form.title):
        heights[TITLE_ROW - 1 + offset] = _line(ws, formats, TITLE_ROW - 1 + offset, line, widths)
    # The head rows: column titles and numbers.
    for offset, head_row in enumerate(form.head):
        row = HEADER_ROW - 1 + offset
        lines = 1
        for column, (value, style) in enumerate(zip(head_row.cells, head_row.styles, strict=True)):
            cell_format = formats.cell(style)
            if isinstance(value, str):
                write_text(ws, row, column, value, cell_format)
                lines = max(
                    lines, xlsx_pages.line_count(value, text_width[column], TABLE_SIZE, style in BOLD_STYLES)
                )
            elif value is None:
                ws.write_blank(row, column, None, cell_format)
            else:
                ws.write_number(row, column, value, cell_format)
        heights[row] = line_height(lines, TABLE_SIZE)
    closing_heights = [
        _line_height(line, widths) if line is not None else line_height(1, TITLE_SIZE)
        for line in form.closing
    ]
    pages = xlsx_pages.paginate(
        form,
        first_used=sum(heights[r] for r in range(TITLE_ROW - 1, FIRST_MEASURE_ROW - 1)),
        head=[
            xlsx_pages.HeadRow(head_row.cells, head_row.styles, heights[HEADER_ROW - 1 + offset])
            for offset, head_row in enumerate(form.head)
        ],
        capacity=_page_height(widths),
        closing=sum(closing_heights),
    )
    first = FIRST_MEASURE_ROW - 1
    _write_body(ws, formats, pages, first)
    for sheet_row in range(len(pages.rows)):
        heights[first + sheet_row] = pages.rows[sheet_row].height
    row = first + len(pages.rows)
    for line, height in zip(form.closing, closing_heights, strict=True):
        if line is not None:
            _line(ws, formats, row, line, widths)
        heights[row] = height
        row += 1
    for sheet_row, height in heights.items():
        ws.set_row(sheet_row, height)
    page_count = len(pages.first_rows) + 1
    _set_up_page(
        ws, widths, [first + r for r in pages.first_rows], page_count, row - 1, titles=form.section is None
    )
    ws.activate()
    if (
        report is not None
    ):  # the "Підсумки" sheet: its model (reports.summary) laid out by reports.summary_sheet
        write_summary_sheet(wb, summary_of(report))
    wb.close()


def _line_height(line: Line, widths: Sequence[float]) -> float:
    last_column = SIGNATORY_TITLE_COLUMNS if line.style is LineStyle.SIGNATORY_TITLE else COLUMNS
    bold = line.style in (LineStyle.TITLE, LineStyle.SECTION)
    width = xlsx_pages.text_width(sum(widths[:last_column]))
    return line_height(xlsx_pages.line_count(line.text, width, TITLE_SIZE, bold), TITLE_SIZE)


def _line(ws: Worksheet, formats: _Formats, row: int, line: Line | None, widths: Sequence[float]) -> float:
    """A line of text merged across the columns its style spans; returns its height."""
    if line is None:
        return line_height(1, TITLE_SIZE)
    last_column = SIGNATORY_TITLE_COLUMNS if line.style is LineStyle.SIGNATORY_TITLE else COLUMNS
    cell_format = formats.line(line.style)
    ws.merge_range(row, 0, row, last_column - 1, "", cell_format)
    write_text(ws, row, 0, line.text, cell_format)
    return _line_height(line, widths)


def _write_body(ws: Worksheet, formats: _Formats, pages: xlsx_pages.Pages, first: int) -> None:
    """The table's rows: each cell with its style's format (made once), merges where the pages put them.
    The hot path of a large report: a cell costs a type test and one call into XlsxWriter."""
    tops: dict[int, dict[int, tuple[int, int]]] = {}  # sheet row -> merge's first column -> bottom-right
    covered: dict[int, set[int]] = {}  # sheet row -> columns inside a merge (its top-left cell too)
    for top, left, bottom, right in pages.merges:
        tops.setdefault(first + top, {})[left] = (first + bottom, right)
        for r in range(first + top, first + bottom + 1):
            covered.setdefault(r, set()).update(range(left, right + 1))
    row_formats: dict[int, list[Format]] = {}  # by the styles' tuple (shared by the rows of a kind)
    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    short = CELL_LIMIT // 2  # no text this long can be over Excel's limit
    for index, sheet_row in enumerate(pages.rows):
        row = first + index
        styles = sheet_row.styles
        cell_formats = row_formats.get(id(styles))
        if cell_formats is None:
            cell_formats = row_formats[id(styles)] = [formats.cell(style) for style in styles]
        inside = covered.get(row)
        for column, value in enumerate(sheet_row.cells):
            if inside is not None and column in inside:
                end = tops[row].get(column) if row in tops else None
                if end is not None:  # a merge's top-left cell
                    _write_merged(ws, formats, row, column, end, value, styles[column])
                continue
            if value is None:
                write_blank(row, column, None, cell_formats[column])
            elif type(value) is str:
                if not value:
                    write_blank(row, column, None, cell_formats[column])
                elif value.startswith(_FORMULA_PREFIXES):
                    write_text(ws, row, column, value, formats.cell(styles[column], True))
                elif len(value) > short or value.startswith("<r>"):
                    write_text(ws, row, column, value, cell_formats[column])
                else:
                    write_string(row, column, value, cell_formats[column])
            elif (kind := type(value)) is int or (kind is Decimal and value.is_finite()):  # type: ignore[union-attr]
                write_number(row, column, value, cell_formats[column])
            else:
                _write_value(ws, row, column, value, cell_formats[column])


def _write_value(ws: Worksheet, row: int, column: int, value: object, cell_format: Format) -> None:
    """A cell that is not a text: a number, else (a flag, a str subclass...) as the writer always took it."""
    if isinstance(value, str):
        if value:
            write_text(ws, row, column, value, cell_format)
        else:
            ws.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        ws.write_blank(row, column, None, cell_format)
    elif isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"row {row + 1}, column {column + 1}: {value} is not a number Excel can hold")
    else:
        ws.write_number(row, column, value, cell_format)  # type: ignore[arg-type]


def _write_merged(
    ws: Worksheet,
    formats: _Formats,
    row: int,
    column: int,
    end: tuple[int, int],
    value: object,
    style: CellStyle,
) -> None:
    """A merge's top-left cell and the merge (its other cells take its format)."""
    quoted = isinstance(value, str) and value.startswith(_FORMULA_PREFIXES)
    cell_format = formats.cell(style, quoted)
    if type(value) is str and len(value) <= CELL_LIMIT // 2 and not value.startswith("<r>"):
        # A plain text goes in with the merge (the workbook takes strings as they are: WORKBOOK_OPTIONS)
        ws.merge_range(row, column, end[0], end[1], value, cell_format)
        return
    ws.merge_range(row, column, end[0], end[1], "", cell_format)
    if isinstance(value, str):
        if value:
            write_text(ws, row, column, value, cell_format)
    elif value is not None and not isinstance(value, bool):
        _write_value(ws, row, column, value, cell_format)


def _set_up_page(
    ws: Worksheet,
    widths: Sequence[float],
    breaks: list[int],
    page_count: int,
    last_row: int,
    *,
    titles: bool,
) -> None:
    """``titles``: repeat the head rows on every page as print titles (a form without section 2; with it,
    its pages begin with their own head rows, ``reports.xlsx_pages``, since the same print titles top every
    page in Excel and LibreOffice alike)."""
    for column, width in enumerate(widths):
        ws.set_column_pixels(column, column, round(width * DIGIT_PIXELS))
    ws.freeze_panes(FIRST_MEASURE_ROW - 1, 0)
    if titles:
        ws.repeat_rows(HEADER_ROW - 1, NUMBERS_ROW - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(**MARGINS)
    ws.set_header("", {"margin": HEADER_MARGIN})
    # The form's own number of pages; past Excel's limit of manual breaks the programs paginate the rest
    # themselves, and only their own count (&N) can be right.
    pages = page_count if page_count <= MAX_PAGE_BREAKS + 1 else "&N"
    ws.set_footer("&C" + texts.page_line("&P", pages), {"margin": FOOTER_MARGIN})
    ws.set_print_scale(round(print_scale(widths) * 100))
    ws.center_horizontally()
    ws.set_h_pagebreaks(breaks[:MAX_PAGE_BREAKS])
    ws.print_area(0, 0, last_row, COLUMNS - 1)
    ws.set_start_page(1)
