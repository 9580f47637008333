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
from typing import Any, Final

from xlsxwriter import Workbook
from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from l10n import t
from reports import layout, texts
from reports.form import clean_text
from reports.summary import Summary
from reports.xlsx_cells import NUMBER_FORMAT, joins_previous, write_text

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
    """Add the "Підсумки" sheet (layout: module doc) after the workbook's existing sheets (an XlsxWriter
    workbook: ``reports.xlsx_writer`` writes the form before it)."""
    ws = wb.add_worksheet(texts.summary_sheet_title())
    sheet = texts.summary_sheet_title()
    out = _Writer(wb, ws)
    out.text(TITLE_ROW, 1, texts.summary_title(summary.year, summary.interim), "bold")
    out.across(PROGRAM_ROW, " ".join(summary.program_name.split()), "plain_wrapped")

    departments = summary.departments
    out.text(COMPLETENESS_SECTION_ROW, 1, texts.section_completeness(), "bold")
    out.header(COMPLETENESS_HEADER_ROW, texts.completeness_headers(summary.year))
    row = FIRST_DEPARTMENT_ROW
    for index, entry in enumerate(departments, start=1):
        out.number(row, COL_NUMBER, index, "count")
        out.text(row, COL_NAME, clip(entry.name, NAME_LIMIT), "cell")
        out.number(row, 3, entry.assigned, "count")
        out.number(row, 4, entry.reported, "count")
        out.number(row, 5, entry.missing, "count")
        out.number(row, 6, entry.percent, "amount")
        row += 1
    out.total_label(row)
    out.number(row, 3, summary.assigned, "total_count")
    out.number(row, 4, summary.reported, "total_count")
    out.number(row, 5, summary.assigned - summary.reported, "total_count")
    out.number(row, 6, summary.percent, "total_amount")
    last_department_row = row - 1

    section_row = row + 2
    out.text(section_row, 1, texts.section_finance(), "bold")
    finance_header_row = section_row + 1
    out.header(finance_header_row, texts.finance_headers())
    row = finance_header_row + 1
    sums = summary.tasks
    for task in sums:
        out.text(row, COL_NUMBER, task.number, "cell_center")
        out.text(row, COL_NAME, clip(task.text, TASK_TEXT_LIMIT), "cell")
        for column, value in enumerate((task.plan, task.actual, task.financed), start=COL_FIRST_VALUE):
            out.number(row, column, value, "amount")
        row += 1
    out.total_label(row)
    for column, value in enumerate(summary.totals, start=COL_FIRST_VALUE):
        out.number(row, column, value, "total_amount")
    last_task_row = row - 1
    if summary.indicators_met is not None:  # section 2: the share of indicators met, under the finance table
        met, planned = summary.indicators_met
        out.text(row + 1, COL_NAME, t("indicators-form-summary-met"), "bold")
        out.text(row + 1, 3, t("indicators-form-summary-met-value", met=met, planned=planned), "cell_center")
        out.number(row + 1, 6, summary.indicators_percent, "total_amount")

    chart_row = row + 2
    charts: list[Chart] = []
    if departments:
        charts.append(_completeness_chart(wb, sheet, FIRST_DEPARTMENT_ROW, last_department_row))
    if sums:
        charts.append(_finance_chart(wb, sheet, finance_header_row, last_task_row))
    if charts:
        ws.set_h_pagebreaks([chart_row - 1])  # the charts start a page of their own
    for chart in charts:
        ws.insert_chart(f"A{chart_row}", chart)
        chart_row += CHART_ROWS
    if summary.evidence_files:  # how many evidence files each measure has (after the charts)
        row = chart_row + 1
        out.text(row, 1, t("summary-evidence-title"), "bold")
        out.header(row + 1, [t("summary-evidence-measure"), t("summary-evidence-count")])
        for number, count in summary.evidence_files:
            row += 1
            out.text(row + 1, COL_NUMBER, number, "cell_center")
            out.number(row + 1, COL_NAME, count, "count")

    _set_up_page(ws)
    out.set_heights()


def _range(sheet: str, column: int, first_row: int, last_row: int) -> str:
    """An absolute reference to rows first_row..last_row of a column (1-based) on the sheet."""
    top = xl_rowcol_to_cell(first_row - 1, column - 1, row_abs=True, col_abs=True)
    bottom = xl_rowcol_to_cell(last_row - 1, column - 1, row_abs=True, col_abs=True)
    return f"{_quoted(sheet)}!{top}:{bottom}"


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _completeness_chart(wb: Workbook, sheet: str, first_row: int, last_row: int) -> Chart:
    chart = _bar_chart(wb, *texts.chart_completeness())
    chart.add_series(
        {
            "name": f"={_quoted(sheet)}!{xl_rowcol_to_cell(first_row - 2, 5)}",
            "values": _range(sheet, 6, first_row, last_row),
            "categories": _range(sheet, COL_NAME, first_row, last_row),
            # The value only: left unsaid, LibreOffice adds the series and category names to every label.
            "data_labels": {"value": True, "series_name": False, "category": False, "legend_key": False},
        }
    )
    chart.set_y_axis(_axis(texts.chart_completeness()[2], "0") | {"min": 0, "max": 100})
    chart.set_legend({"none": True})  # one series, named by the axis title
    return chart


def _finance_chart(wb: Workbook, sheet: str, header_row: int, last_row: int) -> Chart:
    chart = _bar_chart(wb, *texts.chart_finance())
    for column in range(COL_FIRST_VALUE, COL_FIRST_VALUE + 3):
        chart.add_series(
            {
                "name": f"={_quoted(sheet)}!{xl_rowcol_to_cell(header_row - 1, column - 1)}",
                "values": _range(sheet, column, header_row + 1, last_row),
                "categories": _range(sheet, COL_NUMBER, header_row + 1, last_row),
            }
        )
    chart.set_y_axis(_axis(texts.chart_finance()[2], NUMBER_FORMAT) | {"min": 0})
    chart.set_legend({"position": "bottom"})
    return chart


def _axis(title: str, number_format: str) -> dict[str, Any]:
    return {"name": title, "num_format": number_format, "visible": True}


def _bar_chart(wb: Workbook, title: str, x_title: str, y_title: str) -> Chart:
    chart = wb.add_chart({"type": "column"})
    assert chart is not None
    chart.set_title({"name": title})
    chart.set_x_axis({"name": x_title, "visible": True})
    chart.set_y_axis(_axis(y_title, NUMBER_FORMAT))
    chart.set_size({"x_scale": CHART_WIDTH_CM / 12.7, "y_scale": CHART_HEIGHT_CM / 7.62})
    return chart


def _set_up_page(ws: Worksheet) -> None:
    for column, width in enumerate(COLUMN_WIDTHS):
        ws.set_column_pixels(column, column, round(width * 8))
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many down as needed
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_header("", {"margin": 0.3})
    # Its own pages, numbered from 1 (LibreOffice prints it after the form; Excel prints it on its own).
    ws.set_footer("&C&P", {"margin": 0.3})
    ws.set_start_page(1)


# Styles ----------------------------------------------------------------------------------------------

_FONT_NAME: Final = "Times New Roman"
_TABLE: Final[dict[str, Any]] = {"font_name": _FONT_NAME, "font_size": 10, "border": 1, "text_wrap": True}
_STYLES: Final[dict[str, dict[str, Any]]] = {
    "bold": {"font_name": _FONT_NAME, "font_size": 12, "bold": True, "align": "left"},
    "plain": {"font_name": _FONT_NAME, "font_size": 12, "align": "left"},
    "plain_wrapped": {
        "font_name": _FONT_NAME,
        "font_size": 12,
        "align": "left",
        "valign": "top",
        "text_wrap": True,
    },
    "header": _TABLE | {"bold": True, "align": "center", "valign": "vcenter"},
    "cell": _TABLE | {"valign": "top"},
    "cell_center": _TABLE | {"valign": "top", "align": "center"},
    "count": _TABLE | {"valign": "top", "align": "center", "num_format": "0"},
    "amount": _TABLE | {"valign": "top", "num_format": NUMBER_FORMAT, "align": "right", "indent": 1},
    "total": _TABLE | {"valign": "top", "bold": True},
    "total_count": _TABLE | {"valign": "top", "align": "center", "num_format": "0", "bold": True},
    "total_amount": _TABLE
    | {"valign": "top", "num_format": NUMBER_FORMAT, "bold": True, "align": "right", "indent": 1},
}


class _Writer:
    """Cells of the sheet (1-based rows and columns, as the module doc counts them)."""

    def __init__(self, wb: Workbook, ws: Worksheet) -> None:
        self.ws = ws
        self._formats: dict[tuple[str, bool], Format] = {}
        self._wb = wb
        self._lines: dict[int, tuple[int, float]] = {}  # row -> (lines of its tallest text, font size)

    def _format(self, style: str, quoted: bool = False) -> Format:
        made = self._formats.get((style, quoted))
        if made is None:
            properties = dict(_STYLES[style])
            if quoted:
                properties["quote_prefix"] = True
            made = self._formats[(style, quoted)] = self._wb.add_format(properties)
        return made

    def text(self, row: int, column: int, value: str, style: str) -> None:
        """A text stored as a string whatever it looks like ("=SUM(A1)" is no formula)."""
        value = clean_text(value)
        write_text(
            self.ws, row - 1, column - 1, value, self._format(style, value.startswith(_FORMULA_PREFIXES))
        )
        if _STYLES[style].get("text_wrap"):
            size = float(_STYLES[style]["font_size"])
            lines = layout.excel_lines(
                value, COLUMN_WIDTHS[column - 1], size, bool(_STYLES[style].get("bold"))
            )
            if lines > self._lines.get(row, (1, size))[0]:
                self._lines[row] = (lines, size)

    def across(self, row: int, value: str, style: str) -> None:
        """A text over the table's columns (A..F), wrapped within them: a long program name printed one page
        wide would otherwise run past the table and shrink the whole sheet to fit it."""
        value = clean_text(value)
        last = len(COLUMN_WIDTHS) - 1
        cell_format = self._format(style, value.startswith(_FORMULA_PREFIXES))
        self.ws.merge_range(row - 1, 0, row - 1, last, "", cell_format)
        write_text(self.ws, row - 1, 0, value, cell_format)
        size = float(_STYLES[style]["font_size"])
        lines = layout.excel_lines(value, sum(COLUMN_WIDTHS), size, bool(_STYLES[style].get("bold")))
        if lines > self._lines.get(row, (1, size))[0]:
            self._lines[row] = (lines, size)

    def set_heights(self) -> None:
        """Rows whose wrapped texts need more than a line get the height for them (spreadsheets do not
        fit rows to wrapped text when a file is opened)."""
        for row, (lines, size) in self._lines.items():
            self.ws.set_row(row - 1, layout.excel_height(lines, size))

    def number(self, row: int, column: int, value: Decimal | int | None, style: str) -> None:
        if value is None:
            self.ws.write_blank(row - 1, column - 1, None, self._format(style))
        else:
            self.ws.write_number(row - 1, column - 1, value, self._format(style))

    def header(self, row: int, titles: Sequence[str]) -> None:
        for column, title in enumerate(titles, start=1):
            self.text(row, column, title, "header")

    def total_label(self, row: int) -> None:
        self.number(row, COL_NUMBER, None, "total")
        self.text(row, COL_NAME, texts.total(), "total")
