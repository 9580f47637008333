"""The final report over the term as the official form's table model (``reports.form``), for the same writers.

``term_form_of(term)`` lays a :class:`reports.term_report.TermReport` out on A4 landscape in a fixed set of ten
columns (``texts.term_column_titles``): the annual form's title block with «за 2020-2025 роки», then per task
a heading row (its number; its text across the other columns), per measure one block of rows: a row per year
(year | plan | actual | financed | percent | information of that year) and a «Усього» row with the sums over
the term and the term's percent, the measure's number, text, term and executors merged down the block. Then
the totals per fund in blocks of the same shape (a row per year, «Усього»), a note on how the percents are
computed (``texts.term_percent_note``), and the annual form's signature. The columns are numbered as the
annual form's (1 2 3 4 5 7 8 9 10 11).
Years of the term without data are not in the columns; a line above the table names them.

Nothing is computed here: every figure is the term report's (``reports.term_report``).
"""

from __future__ import annotations

from typing import Final

from reports import texts
from reports.form import (
    COL_INFO,
    COLUMNS,
    CellStyle,
    Form,
    FormRow,
    Line,
    LineStyle,
    RowKind,
    Span,
    Value,
    clean_text,
    fund_shown,
    indicator_rows,
    signature_lines,
    task_number_text,
    title_lines,
)
from reports.indicators_section import section_lines
from reports.model import FundTotals
from reports.term_report import TermReport, TermRow

COL_NUMBER: Final = 0
COL_TEXT: Final = 1
COL_YEAR: Final = 2  # also where a continuation row names its measure (form.COL_MEASURE)
COL_TERM: Final = 3
COL_EXECUTORS: Final = 4
MERGED_DOWN: Final = (COL_NUMBER, COL_TEXT, COL_TERM, COL_EXECUTORS)
FUND_LABEL_SPAN: Final = (COL_NUMBER, COL_TEXT)
# In digit widths, as form.COLUMN_WIDTHS: the amount columns as in the annual form, the year as wide as the
# term (a continuation row names its measure there, its words unbroken), the
# information wider. 153 in all: the XLSX prints at the annual form's scale.
WIDTHS: Final = (5.0, 24.0, 9.75, 9.75, 17.0, 12.25, 12.25, 14.0, 9.75, 39.25)

_T: Final = CellStyle.TEXT
_C: Final = CellStyle.CENTER
_A: Final = CellStyle.AMOUNT
_BT: Final = CellStyle.TOTAL_TEXT
_BA: Final = CellStyle.TOTAL_AMOUNT
YEAR_STYLES: Final = (_C, _T, _C, _T, _T, _A, _A, _A, _A, _T)
SUM_STYLES: Final = (_C, _T, _BT, _T, _T, _BA, _BA, _BA, _BA, _T)
TASK_STYLES: Final = (_BT,) * COLUMNS
FUND_YEAR_STYLES: Final = (_BT, _BT, _C, _T, _T, _A, _A, _A, _A, _T)
FUND_SUM_STYLES: Final = (_BT, _BT, _BT, _T, _T, _BA, _BA, _BA, _BA, _T)


def years_left_out(term: TermReport) -> list[int]:
    """The years of the asked range that are not in the report's columns (no plans, no reports)."""
    first = term.first_year or term.years[0]
    last = term.last_year or term.years[-1]
    return [year for year in range(first, last + 1) if year not in term.years]


def term_form_of(term: TermReport) -> Form:
    first = term.first_year or term.years[0]
    last = term.last_year or term.years[-1]
    period = texts.term_years_line(first, last)
    left_out = years_left_out(term)
    note = (
        Line(
            texts.term_years_left_out(left_out),
            LineStyle.TEXT,
        )
        if left_out
        else None
    )
    title = title_lines(
        term.program_name,
        term.responsible_department,
        period,
        term.decision_number,
        term.decision_date,
        term.term,
        note,
    )
    head = (
        FormRow(RowKind.HEADER, texts.term_column_titles()),
        FormRow(RowKind.NUMBERS, texts.TERM_COLUMN_NUMBERS),
    )
    body: list[FormRow] = []
    spans: list[Span] = []
    sum_label = texts.term_total()  # asked once: the catalog formats it for every measure's sum row
    for task in term.tasks:
        cells: list[Value] = [None] * COLUMNS
        cells[COL_NUMBER] = task_number_text(task.number)
        cells[COL_TEXT] = clean_text(task.text)
        # The task's heading stays with its first measure's rows.
        body.append(FormRow(RowKind.MEASURE, tuple(cells), keep_with_next=True, own_styles=TASK_STYLES))
        spans.append(Span(len(body) - 1, COL_TEXT, len(body) - 1, COLUMNS - 1))
        for row in task.rows:
            _measure_block(row, body, spans, sum_label)
    # The last measure's block, the totals' blocks and the signature are kept together; a writer that
    # splits rows at a page break cuts the group inside the last measure's block (issue 24). With section 2
    # the signature follows the indicators: the totals' blocks keep together on their own (the last measure
    # held to them moved both to the next page whole, where no row of them could be cut).
    for index in range(len(body) - 1 if not term.indicators else -1, -1, -1):
        if body[index].kind is not RowKind.MEASURE or body[index].own_styles is TASK_STYLES:
            break
        row = body[index]
        body[index] = FormRow(
            row.kind, row.cells, row.measure, keep_with_next=True, own_styles=row.own_styles
        )
        if row.cells[COL_NUMBER] is not None:
            break  # the block's first row
    _fund_block(
        texts.total_general(), term.general_by_year, term.general, term.years, body, spans, shown=True
    )
    _fund_block(
        texts.total_special(),
        term.special_by_year,
        term.special,
        term.years,
        body,
        spans,
        shown=fund_shown(term.special),  # the annual form's rule, over the term
    )
    section = len(body) if term.indicators else None
    indicator_rows(section_lines(term.indicators, term=True), body, spans)
    spans.sort(key=lambda span: (span.first_row, span.first_column))
    return Form(
        title=title,
        head=head,
        body=tuple(body),
        spans=tuple(spans),
        closing=(
            Line(texts.term_percent_note(), LineStyle.TEXT),
            *signature_lines(term.signatory_title, term.signatory_name),
        ),
        year=last,
        widths=WIDTHS,
        document_title=f"{texts.title()} {texts.subtitle()} {period}",
        section=section,
    )


def _measure_block(row: TermRow, body: list[FormRow], spans: list[Span], sum_label: str) -> None:
    first = len(body)
    number = row.measure_number.rstrip(".")
    for index, figures in enumerate(row.years):
        head = index == 0
        cells: tuple[Value, ...] = (
            texts.TASK_NUMBER.format(number=number) if head else None,
            clean_text(row.measure_text) if head else None,
            str(figures.year),
            clean_text(row.term) if head else None,
            clean_text(row.executors) if head else None,
            figures.plan,
            figures.actual,
            figures.financed,
            figures.percent,
            clean_text(figures.info),
        )
        # Not kept together: a measure's block breaks between its years where a page ends, as a long row
        # splits; the writers name the measure on the page it goes on to (issue 24).
        body.append(FormRow(RowKind.MEASURE, cells, number, own_styles=YEAR_STYLES))
    sums: list[Value] = [None] * COLUMNS
    sums[COL_YEAR] = sum_label
    sums[5:9] = [row.plan, row.actual, row.financed, row.percent]
    sums[COL_INFO] = None
    body.append(FormRow(RowKind.MEASURE, tuple(sums), number, own_styles=SUM_STYLES))
    last = len(body) - 1
    for column in MERGED_DOWN:
        spans.append(Span(first, column, last, column))


def _fund_block(
    label: str,
    by_year: dict[int, FundTotals],
    total: FundTotals,
    years: tuple[int, ...],
    body: list[FormRow],
    spans: list[Span],
    *,
    shown: bool,
) -> None:
    first = len(body)
    for index, year in enumerate(years):
        body.append(
            _fund_row(label if index == 0 else None, str(year), by_year[year], shown, FUND_YEAR_STYLES)
        )
    body.append(_fund_row(None, texts.term_total(), total, shown, FUND_SUM_STYLES))
    spans.append(Span(first, FUND_LABEL_SPAN[0], len(body) - 1, FUND_LABEL_SPAN[1]))


def _fund_row(
    label: str | None, year: str, totals: FundTotals, shown: bool, styles: tuple[CellStyle, ...]
) -> FormRow:
    values: tuple[Value, ...] = (
        (totals.plan, totals.actual, totals.financed, totals.percent) if shown else (None,) * 4
    )
    return FormRow(
        RowKind.TOTAL, (label, None, year, None, None, *values, None), keep_with_next=True, own_styles=styles
    )
