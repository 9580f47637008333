"""The report workbook's second sheet, "Підсумки": the report at a glance for the coordinator.

The first sheet ("Звіт") is the official form and stays exactly as ``reports.xlsx_writer`` lays it out;
this sheet only adds to the workbook. Columns A..F (1-based sheet rows; ``D`` = number of departments,
``T`` = number of tasks):

====================  ================================================================================
1                     ``texts.summary_title`` (bold); row 2: the program name; row 3 blank
4                     ``texts.section_completeness`` (bold)
5                     ``texts.completeness_headers``: № | department | measures | reported | missing | %
6 .. 5+D              one row per department assigned to a measure planned in the year, the ones with the
                      lowest share reported first (then by name, in Ukrainian alphabetical order)
6+D                   ``texts.total`` line: sums over all (department, measure) assignments
7+D                   blank
8+D                   ``texts.section_finance`` (bold)
9+D                   ``texts.finance_headers``: № | task | plan | actual | financed (columns A..E)
10+D .. 9+D+T         one row per task: "1.", the task text clipped to ``TASK_TEXT_LIMIT`` characters, sums
                      of plan, actual and financed over the task's rows (``None`` counts as 0)
10+D+T                ``texts.total`` line: report.general + report.special (the official form's totals)
12+D+T ..             the charts, one below the other, after a page break: percent reported per department,
                      then plan / actual / financed per task
====================  ================================================================================

A chart is left out when its table has no rows (a report where no department is assigned to a measure
planned in the year has no department chart). Counts are integers, amounts and percents Decimals with
format ``0.0``; texts are always stored as strings (a task text "=SUM(A1)" stays a text).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from l10n import t
from reports import layout, texts
from reports.form import clean_text
from reports.summary import Summary
from reports.xlsx_cells import NUMBER_FORMAT, Style, Styler, escape_text, joins_previous

TITLE_ROW: Final = 1
PROGRAM_ROW: Final = 2
COMPLETENESS_SECTION_ROW: Final = 4
COMPLETENESS_HEADER_ROW: Final = 5
FIRST_DEPARTMENT_ROW: Final = 6

COL_NUMBER: Final = 1  # A: "1", "2", ... / task number "1."
COL_NAME: Final = 2  # B: department short name / task text
COL_FIRST_VALUE: Final = 3  # C..F (departments) / C..E (tasks)
COLUMN_WIDTHS: Final = (7, 48, 15, 15, 15, 15)

TASK_TEXT_LIMIT: Final = 80
NAME_LIMIT: Final = 60
PROGRAM_NAME_LIMIT: Final = 300

# Charts: default rows are 15 pt (0.53 cm); a chart 8 cm high takes 16 rows, one more row is the gap.
CHART_WIDTH_CM: Final = 21.5  # about the width of columns A..F
CHART_HEIGHT_CM: Final = 8.0
CHART_ROWS: Final = 17

_FORMULA_PREFIXES: Final = ("=", "+", "-", "@")


def clip(text: str, limit: int) -> str:
    """The text on one line (whitespace runs become one space), cut to ``limit`` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = limit - len(texts.ELLIPSIS)
    space = text.rfind(" ", 0, cut + 1)
    if space > limit * 2 // 3:  # end at a word boundary when one is near
        cut = space
    while cut > 1 and joins_previous(text[cut]):  # never split a letter from its accent or an emoji
        cut -= 1
    return text[:cut].rstrip(" ,;:") + texts.ELLIPSIS


def write_summary_sheet(wb: Workbook, summary: Summary) -> None:
    """Add the "Підсумки" sheet (layout: module doc) after the workbook's existing sheets."""
    ws = wb.create_sheet(texts.summary_sheet_title())
    out = _Writer(ws)
    out.text(TITLE_ROW, 1, texts.summary_title(summary.year, summary.interim), _BOLD)
    out.text(PROGRAM_ROW, 1, clip(summary.program_name, PROGRAM_NAME_LIMIT), _PLAIN)

    departments = summary.departments
    out.text(COMPLETENESS_SECTION_ROW, 1, texts.section_completeness(), _BOLD)
    out.header(COMPLETENESS_HEADER_ROW, texts.completeness_headers(summary.year))
    row = FIRST_DEPARTMENT_ROW
    for index, entry in enumerate(departments, start=1):
        out.number(row, COL_NUMBER, index, _COUNT)
        out.text(row, COL_NAME, clip(entry.name, NAME_LIMIT), _CELL)
        out.number(row, 3, entry.assigned, _COUNT)
        out.number(row, 4, entry.reported, _COUNT)
        out.number(row, 5, entry.missing, _COUNT)
        out.number(row, 6, entry.percent, _AMOUNT)
        row += 1
    out.total_label(row)
    out.number(row, 3, summary.assigned, _TOTAL_COUNT)
    out.number(row, 4, summary.reported, _TOTAL_COUNT)
    out.number(row, 5, summary.assigned - summary.reported, _TOTAL_COUNT)
    out.number(row, 6, summary.percent, _TOTAL_AMOUNT)
    last_department_row = row - 1

    section_row = row + 2
    out.text(section_row, 1, texts.section_finance(), _BOLD)
    finance_header_row = section_row + 1
    out.header(finance_header_row, texts.finance_headers())
    row = finance_header_row + 1
    sums = summary.tasks
    for task in sums:
        out.text(row, COL_NUMBER, task.number, _CELL_CENTER)
        out.text(row, COL_NAME, clip(task.text, TASK_TEXT_LIMIT), _CELL)
        for column, value in enumerate((task.plan, task.actual, task.financed), start=COL_FIRST_VALUE):
            out.number(row, column, value, _AMOUNT)
        row += 1
    out.total_label(row)
    for column, value in enumerate(summary.totals, start=COL_FIRST_VALUE):
        out.number(row, column, value, _TOTAL_AMOUNT)
    last_task_row = row - 1

    chart_row = row + 2
    charts: list[BarChart] = []
    if departments:
        charts.append(_completeness_chart(ws, FIRST_DEPARTMENT_ROW, last_department_row))
    if sums:
        charts.append(_finance_chart(ws, finance_header_row, last_task_row))
    if charts:
        ws.row_breaks.append(Break(id=chart_row - 1))  # the charts start a page of their own
    for chart in charts:
        ws.add_chart(chart, f"A{chart_row}")
        chart_row += CHART_ROWS
    if summary.evidence_files:  # how many evidence files each measure has (after the charts)
        row = chart_row + 1
        out.text(row, 1, t("summary-evidence-title"), _BOLD)
        out.header(row + 1, [t("summary-evidence-measure"), t("summary-evidence-count")])
        for number, count in summary.evidence_files:
            row += 1
            out.text(row + 1, COL_NUMBER, number, _CELL_CENTER)
            out.number(row + 1, COL_NAME, count, _COUNT)

    _set_up_page(ws)
    out.set_heights()


def _completeness_chart(ws: Worksheet, first_row: int, last_row: int) -> BarChart:
    chart = _bar_chart(*texts.chart_completeness())
    chart.add_data(Reference(ws, min_col=6, min_row=first_row - 1, max_row=last_row), titles_from_data=True)
    _set_text_categories(chart, Reference(ws, min_col=COL_NAME, min_row=first_row, max_row=last_row))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.number_format = "0"
    chart.legend = None  # one series, named by the axis title
    # The value only: left unsaid, LibreOffice adds the series and category names to every label.
    chart.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False
    )
    return chart


def _finance_chart(ws: Worksheet, header_row: int, last_row: int) -> BarChart:
    chart = _bar_chart(*texts.chart_finance())
    data = Reference(
        ws, min_col=COL_FIRST_VALUE, max_col=COL_FIRST_VALUE + 2, min_row=header_row, max_row=last_row
    )
    chart.add_data(data, titles_from_data=True)
    _set_text_categories(chart, Reference(ws, min_col=COL_NUMBER, min_row=header_row + 1, max_row=last_row))
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    return chart


def _bar_chart(title: str, x_title: str, y_title: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    chart.y_axis.number_format = NUMBER_FORMAT
    # openpyxl 3.1 leaves <c:delete> out, which recent Excel versions read as "axis hidden".
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width = CHART_WIDTH_CM
    chart.height = CHART_HEIGHT_CM
    return chart


def _set_text_categories(chart: BarChart, labels: Reference) -> None:
    """Categories as a string reference (openpyxl's ``set_categories`` declares them numbers)."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))


def _set_up_page(ws: Worksheet) -> None:
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = texts.page_footer()


# Styles ----------------------------------------------------------------------------------------------

_THIN: Final = Side(style="thin")
_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT_NAME: Final = "Times New Roman"


_FONT_TEXT: Final = Font(name=_FONT_NAME, size=12)
_FONT_TABLE: Final = Font(name=_FONT_NAME, size=10)
_FONT_TABLE_BOLD: Final = Font(name=_FONT_NAME, size=10, bold=True)
_TOP: Final = Alignment(vertical="top", wrap_text=True)
_TOP_CENTER: Final = Alignment(horizontal="center", vertical="top", wrap_text=True)

_BOLD: Final = Style(Font(name=_FONT_NAME, size=12, bold=True), Alignment(horizontal="left"))
_PLAIN: Final = Style(_FONT_TEXT, Alignment(horizontal="left"))
_HEADER: Final = Style(
    _FONT_TABLE_BOLD, Alignment(horizontal="center", vertical="center", wrap_text=True), _BORDER
)
_CELL: Final = Style(_FONT_TABLE, _TOP, _BORDER)
_CELL_CENTER: Final = Style(_FONT_TABLE, _TOP_CENTER, _BORDER)
_COUNT: Final = Style(_FONT_TABLE, _TOP_CENTER, _BORDER, "0")
_AMOUNT: Final = Style(_FONT_TABLE, _TOP, _BORDER, NUMBER_FORMAT)
_TOTAL: Final = Style(_FONT_TABLE_BOLD, _TOP, _BORDER)
_TOTAL_COUNT: Final = Style(_FONT_TABLE_BOLD, _TOP_CENTER, _BORDER, "0")
_TOTAL_AMOUNT: Final = Style(_FONT_TABLE_BOLD, _TOP, _BORDER, NUMBER_FORMAT)


class _Writer:
    """Cells of the sheet; styles are given by copying the style array of the first cell that got them."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._styler = Styler()
        self._lines: dict[int, tuple[int, float]] = {}  # row -> (lines of its tallest text, font size)

    def _style(self, cell: Cell, style: Style) -> None:
        self._styler.apply(cell, style)

    def text(self, row: int, column: int, value: str, style: Style) -> None:
        """A text stored as a string whatever it looks like ("=SUM(A1)" is no formula)."""
        value = escape_text(clean_text(value))
        cell = self.ws.cell(row=row, column=column)
        cell._value = value  # not the value setter: it would make "=..." a formula
        cell.data_type = "s"
        self._style(cell, style)
        if value.startswith(_FORMULA_PREFIXES):
            cell.quotePrefix = True  # stays a text when someone edits the cell in Excel
        if style.alignment.wrap_text:
            size = float(style.font.size or 11)
            lines = layout.excel_lines(value, COLUMN_WIDTHS[column - 1], size, bool(style.font.b))
            if lines > self._lines.get(row, (1, size))[0]:
                self._lines[row] = (lines, size)

    def set_heights(self) -> None:
        """Rows whose wrapped texts need more than a line get the height for them (spreadsheets do not
        fit rows to wrapped text when a file is opened)."""
        for row, (lines, size) in self._lines.items():
            self.ws.row_dimensions[row].height = layout.excel_height(lines, size)

    def number(self, row: int, column: int, value: Decimal | int | None, style: Style) -> None:
        cell = self.ws.cell(row=row, column=column)
        self._style(cell, style)
        if value is not None:
            cell.value = value

    def header(self, row: int, titles: Sequence[str]) -> None:
        for column, title in enumerate(titles, start=1):
            self.text(row, column, title, _HEADER)

    def total_label(self, row: int) -> None:
        self.number(row, COL_NUMBER, None, _TOTAL)
        self.text(row, COL_NAME, texts.total(), _TOTAL)
