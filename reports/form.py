"""The official form as one table model: every text, number, merge and row of the printed report.

``form_of(report)`` decides, once, what goes where: the title block, the two head rows, one body row per
measure (the task's number and text in the task's first row, merged down over its measures), the totals
rows, the signature. The writers (``reports.xlsx_writer``, ``reports.docx_writer``, ``reports.pdf_writer``)
only lay this out in their format; none of them adds, rounds or chooses anything.

Coordinates: columns 0..9 are the form's columns A..J; body rows are numbered from 0 (the first
measure). A :class:`Span` merges a rectangle of body cells; its top-left cell holds the value and the
other cells hold ``None``.

Texts are *clean*: line breaks are "\\n" and characters no XML document may hold are gone (the DOCX and
XLSX could not carry them, and the PDF would draw nothing for them), so every format shows the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Final

from reports import texts
from reports.indicators_section import Exact, LineKind, SectionLine, exact_text, section_lines
from reports.model import FundTotals, Report, ReportRow, TaskBlock
from storage.deadlines import as_of_date

COLUMNS: Final = 10
COL_TASK_NUMBER: Final = 0
COL_TASK: Final = 1
COL_MEASURE: Final = 2
COL_TERM: Final = 3
COL_EXECUTORS: Final = 4
COL_PLAN: Final = 5
COL_ACTUAL: Final = 6
COL_FINANCED: Final = 7
COL_PERCENT: Final = 8
COL_INFO: Final = 9
AMOUNT_COLUMNS: Final = (COL_PLAN, COL_ACTUAL, COL_FINANCED, COL_PERCENT)
# The annual form's column widths, in digit widths of Times New Roman 12 (the XLSX's unit; the DOCX and
# PDF take them as shares of the table's width). 153.5 of them print at 85 % on A4 landscape in the XLSX.
# Each header word fits its column unbroken («профінансовано» in H is the longest).
COLUMN_WIDTHS: Final = (4.5, 17, 26, 9.75, 17, 12.25, 12.25, 14, 9.75, 31)
TOTALS_LABEL_SPAN: Final = (COL_TASK, COL_EXECUTORS)  # B:E

# XML 1.0 forbids C0 controls other than tab and line breaks, lone surrogates and U+FFFE/U+FFFF.
_ILLEGAL_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ONE_PLACE: Final = Decimal("0.1")

Value = str | Decimal | int | None


class LineStyle(Enum):
    TITLE = "title"  # bold, centred
    TITLE_PLAIN = "title_plain"  # centred
    TEXT = "text"  # left
    SECTION = "section"  # bold, left
    SIGNATORY_TITLE = "signatory_title"  # left, under the table's first five columns
    SIGNATORY_NAME = "signatory_name"  # right


class RowKind(Enum):
    HEADER = "header"  # column titles, bold, centred
    NUMBERS = "numbers"  # column numbers 1 2 3 4 5 7 8 9 10 11, centred
    MEASURE = "measure"  # a measure (or a task without measures)
    CONTINUATION = "continuation"  # the rest of a measure's texts, where a format needs another row
    TOTAL = "total"  # a totals row, bold


class CellStyle(Enum):
    HEADER = "header"  # bold, centred, wraps
    COLUMN_NUMBER = "column_number"  # an integer, centred
    CENTER = "center"  # a text, centred (the task number)
    TEXT = "text"  # a text, left, wraps
    AMOUNT = "amount"  # a Decimal, one decimal
    TOTAL_TEXT = "total_text"  # bold text
    TOTAL_AMOUNT = "total_amount"  # bold Decimal, one decimal
    VALUE = "value"  # an indicator's value (section 2), exact: printed as it is (indicators_section.Exact)
    TOTAL_VALUE = "total_value"  # bold VALUE (the term's value of an indicator)


# The styles printed bold, in every format.
BOLD_STYLES: Final = frozenset(
    {CellStyle.HEADER, CellStyle.TOTAL_TEXT, CellStyle.TOTAL_AMOUNT, CellStyle.TOTAL_VALUE}
)
_TEXT: Final = CellStyle.TEXT
_AMOUNT: Final = CellStyle.AMOUNT
HEADER_STYLES: Final = (CellStyle.HEADER,) * COLUMNS
NUMBER_STYLES: Final = (CellStyle.COLUMN_NUMBER,) * COLUMNS
MEASURE_STYLES: Final = (
    CellStyle.CENTER,
    _TEXT,
    _TEXT,
    _TEXT,
    _TEXT,
    _AMOUNT,
    _AMOUNT,
    _AMOUNT,
    _AMOUNT,
    _TEXT,
)
TOTAL_STYLES: Final = (CellStyle.TOTAL_TEXT,) * 5 + (CellStyle.TOTAL_AMOUNT,) * 4 + (CellStyle.TOTAL_TEXT,)
STYLES: Final = {
    RowKind.HEADER: HEADER_STYLES,
    RowKind.NUMBERS: NUMBER_STYLES,
    RowKind.MEASURE: MEASURE_STYLES,
    RowKind.CONTINUATION: MEASURE_STYLES,
    RowKind.TOTAL: TOTAL_STYLES,
}


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    style: LineStyle


@dataclass(frozen=True, slots=True)
class FormRow:
    kind: RowKind
    cells: tuple[Value, ...]  # COLUMNS values; None: empty, or covered by a span
    measure: str = ""  # the measure's number ("1.2") in MEASURE and CONTINUATION rows
    keep_with_next: bool = False  # print on the same page as the next row (the last rows and the signature)
    own_styles: tuple[CellStyle, ...] | None = None  # a form of its own kind; else the kind's (STYLES)

    @property
    def styles(self) -> tuple[CellStyle, ...]:
        return self.own_styles if self.own_styles is not None else STYLES[self.kind]


# Which cells of a kind of row print bold, by the identity of the row's own styles, else of its kind (the
# rows of a kind share them, and an Enum member hashes in Python code); the owner is kept beside its flags,
# so that its id is not reused meanwhile.
_BOLD_COLUMNS: dict[int, tuple[object, tuple[bool, ...]]] = {}


def bold_columns(row: FormRow) -> tuple[bool, ...]:
    """Whether each of the row's cells prints bold (``BOLD_STYLES``)."""
    owner: object = row.own_styles if row.own_styles is not None else row.kind
    known = _BOLD_COLUMNS.get(id(owner))
    if known is None or known[0] is not owner:
        if len(_BOLD_COLUMNS) >= 256:
            _BOLD_COLUMNS.clear()
        known = _BOLD_COLUMNS[id(owner)] = (owner, tuple(style in BOLD_STYLES for style in row.styles))
    return known[1]


@dataclass(frozen=True, slots=True)
class Span:
    """Merged body cells, inclusive; the value is in (first_row, first_column)."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass(frozen=True, slots=True)
class Form:
    title: tuple[Line | None, ...]  # the lines above the table; None is a blank line
    head: tuple[FormRow, ...]  # column titles, column numbers: repeated on every page
    body: tuple[FormRow, ...]
    spans: tuple[Span, ...]  # in body rows, ordered by first row
    closing: tuple[Line | None, ...]  # the lines below the table (the signature)
    year: int
    # The form's own columns: COLUMNS of them, these widths (see COLUMN_WIDTHS). Column C (COL_MEASURE)
    # names a continuation row's measure and J (COL_INFO) is the text that continues, in every form.
    widths: tuple[float, ...] = COLUMN_WIDTHS
    document_title: str = ""  # the file's title (PDF metadata); "" : the annual report's
    # The body row where section 2 (result indicators) begins, its title row; its column titles and numbers are
    # the next two rows, the head a page of the section repeats in place of ``head``. None: no section 2.
    section: int | None = None


def clean_text(value: str) -> str:
    """The text as every format can carry it: line breaks as "\\n", no characters XML forbids."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_RE.sub("", value)


def task_number_text(number: str) -> str:
    return number if number.endswith(".") else texts.TASK_NUMBER.format(number=number)


def measure_cell_text(number: str, text: str) -> str:
    number = number.rstrip(".")
    if not text:
        return texts.TASK_NUMBER.format(number=number)
    return texts.MEASURE_CELL.format(number=number, text=text)


def continuation_text(number: str) -> str:
    return texts.continuation(number.rstrip("."))


def continuation_row(row: FormRow, pieces: dict[int, str]) -> FormRow:
    """A row carrying the rest of ``row``'s texts (column -> the rest), for a format that must cut them.

    Column C says whose continuation it is (``texts.continuation``; never shaped like a measure cell, so a
    text importer does not take it for one); a rest of the measure text itself follows on the next line.
    """
    label = continuation_text(row.measure)
    if COL_MEASURE in pieces:
        label = f"{label}\n{pieces[COL_MEASURE]}"
    cells: list[Value] = [None] * COLUMNS
    cells[COL_MEASURE] = label
    for column, piece in pieces.items():
        if column != COL_MEASURE:
            cells[column] = piece
    return FormRow(RowKind.CONTINUATION, tuple(cells), row.measure, row.keep_with_next, row.own_styles)


def amount_text(value: Decimal | int | None) -> str:
    """An amount or percent as the form prints it: one decimal, decimal comma ("228,3"); None is ""."""
    if value is None:
        return ""
    rounded = Decimal(value).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    return f"{rounded:f}".replace(".", ",")


def cell_text(value: Value) -> str:
    """Any cell's value as printed text (what DOCX and PDF show)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Exact):
        return exact_text(value)
    return amount_text(value)


def title_lines(
    program_name: str,
    responsible_department: str,
    period: str,
    decision_number: str,
    decision_date: str,
    term: str,
    note: Line | None = None,
    as_of: str = "",
) -> tuple[Line | None, ...]:
    """The form's title block, twelve lines (the XLSX's head rows follow them): «Звіт», «про результати
    виконання», the program, its department, the period («за 2023 рік», «за І півріччя 2024 року»), the date
    an interim report's figures stand at (``as_of``, «станом на 01.07.2024»; else a blank line), the decision
    and term lines, and ``note`` (a line of the form's own, or blank) before «1. Виконання заходів»."""
    return (
        Line(texts.title(), LineStyle.TITLE),
        Line(texts.subtitle(), LineStyle.TITLE),
        Line(clean_text(program_name), LineStyle.TITLE),
        Line(clean_text(responsible_department), LineStyle.TITLE_PLAIN),
        Line(period, LineStyle.TITLE),
        Line(as_of, LineStyle.TITLE_PLAIN) if as_of else None,
        Line(
            clean_text(texts.decision_line(decision_number, decision_date)),
            LineStyle.TEXT,
        ),
        None,
        Line(clean_text(texts.term_line(term)), LineStyle.TEXT),
        note,
        Line(texts.section_measures(), LineStyle.SECTION),
        None,
    )


def signature_lines(signatory_title: str, signatory_name: str) -> tuple[Line | None, ...]:
    """The lines below the table: the signatory's title, and one line further down the name."""
    return (
        None,
        Line(clean_text(signatory_title), LineStyle.SIGNATORY_TITLE),
        None,
        Line(clean_text(signatory_name), LineStyle.SIGNATORY_NAME),
    )


def form_of(report: Report) -> Form:
    period = texts.period_line(report.year, report.interim)
    as_of = "" if report.interim is None else texts.as_of_line(as_of_date(report.year, report.interim))
    title = title_lines(
        report.program_name,
        report.responsible_department,
        period,
        report.decision_number,
        report.decision_date,
        report.term,
        as_of=as_of,
    )
    head = (
        FormRow(RowKind.HEADER, texts.column_titles()),
        FormRow(RowKind.NUMBERS, tuple(texts.COLUMN_NUMBERS)),
    )
    body: list[FormRow] = []
    spans: list[Span] = []
    for task in report.tasks:
        _task_rows(task, body, spans)
    if body:
        body[-1] = _keep(body[-1])
    body.append(_totals_row(texts.total_general(), report.general, shown=True, keep=True))
    body.append(
        _totals_row(texts.total_special(), report.special, shown=fund_shown(report.special), keep=True)
    )
    last = len(body) - 1
    spans.append(Span(last - 1, TOTALS_LABEL_SPAN[0], last - 1, TOTALS_LABEL_SPAN[1]))
    spans.append(Span(last, TOTALS_LABEL_SPAN[0], last, TOTALS_LABEL_SPAN[1]))
    section = len(body) if report.indicators else None
    indicator_rows(section_lines(report.indicators), body, spans)
    closing = signature_lines(report.signatory_title, report.signatory_name)
    return Form(
        title=title,
        head=head,
        body=tuple(body),
        spans=tuple(spans),
        closing=closing,
        year=report.year,
        section=section,
        document_title=f"{texts.title()} {texts.subtitle()} {period}" if report.interim else "",
    )


def _keep(row: FormRow) -> FormRow:
    return FormRow(row.kind, row.cells, row.measure, keep_with_next=True, own_styles=row.own_styles)


def _task_rows(task: TaskBlock, body: list[FormRow], spans: list[Span]) -> None:
    first = len(body)
    number = task_number_text(task.number)
    text = clean_text(task.text)
    if not task.rows:
        body.append(FormRow(RowKind.MEASURE, (number, text, *([None] * (COLUMNS - 2)))))
        return
    for index, row in enumerate(task.rows):
        body.append(_measure_row(row, number if index == 0 else None, text if index == 0 else None))
    last = len(body) - 1
    if last > first:
        spans.append(Span(first, COL_TASK_NUMBER, last, COL_TASK_NUMBER))
        spans.append(Span(first, COL_TASK, last, COL_TASK))


def _measure_row(row: ReportRow, task_number: str | None, task_text: str | None) -> FormRow:
    return FormRow(
        RowKind.MEASURE,
        (
            task_number,
            task_text,
            clean_text(measure_cell_text(row.measure_number, row.measure_text)),
            clean_text(row.term),
            clean_text(row.executors),
            row.plan,
            row.actual,
            row.financed,
            row.percent,
            clean_text(row.info),
        ),
        row.measure_number,
    )


def _totals_row(label: str, totals: FundTotals, *, shown: bool, keep: bool) -> FormRow:
    values: tuple[Value, ...] = (
        (totals.plan, totals.actual, totals.financed, totals.percent) if shown else (None,) * 4
    )
    return FormRow(RowKind.TOTAL, (None, label, None, None, None, *values, None), keep_with_next=keep)


def fund_shown(totals: FundTotals) -> bool:
    """The form leaves the special fund's numbers empty when they are all zero."""
    return any(value for value in (totals.plan, totals.actual, totals.financed, totals.percent))


# Section 2 (``reports.indicators_section``) on the form's ten columns, after the totals rows: № in A, the name
# across B:C, the unit in D, plan E, fact F, deviation G, the reasons across H:J. Over the term the name is in B
# alone (merged down over the indicator's years, as are № and the unit) and C says the year or the term's value.
SECTION_COLUMNS: Final = (0, 1, 3, 4, 5, 6, 7)
_SECTION_SPANS: Final = ((1, 2), (7, 9))
_V: Final = CellStyle.VALUE
_BV: Final = CellStyle.TOTAL_VALUE
INDICATOR_STYLES: Final = (CellStyle.CENTER, _TEXT, _TEXT, _TEXT, _V, _V, _V, _TEXT, _TEXT, _TEXT)
_TERM_STYLES: Final = {
    LineKind.YEAR: (CellStyle.CENTER, _TEXT, CellStyle.CENTER, _TEXT, _V, _V, _V, _TEXT, _TEXT, _TEXT),
    LineKind.TERM: (CellStyle.CENTER, _TEXT, CellStyle.TOTAL_TEXT, _TEXT, _BV, _BV, _BV, _TEXT, _TEXT, _TEXT),
}
_WHOLE_ROW: Final = {
    LineKind.TITLE: RowKind.TOTAL,
    LineKind.GROUP: RowKind.TOTAL,
}


def indicator_rows(lines: list[SectionLine], body: list[FormRow], spans: list[Span]) -> None:
    """Append section 2's lines to the body: the title and group rows across the table, the head rows kept
    with the first indicator, the last indicator with the signature; nothing computed here."""
    block_start = -1
    for number, line in enumerate(lines):
        row = len(body)
        last = number == len(lines) - 1
        if line.kind in _WHOLE_ROW:
            cells: list[Value] = [None] * COLUMNS
            cells[0] = clean_text(str(line.cells[0]))
            body.append(
                FormRow(
                    RowKind.TOTAL,
                    tuple(cells),
                    keep_with_next=True,
                    own_styles=(CellStyle.TOTAL_TEXT,) * COLUMNS,
                )
            )
            spans.append(Span(row, 0, row, COLUMNS - 1))
            continue
        cells = [None] * COLUMNS
        for column, value in zip(SECTION_COLUMNS, line.cells, strict=True):
            cells[column] = clean_text(value) if isinstance(value, str) else value
        if line.kind is LineKind.HEADER:
            body.append(FormRow(RowKind.HEADER, tuple(cells), keep_with_next=True, own_styles=HEADER_STYLES))
        elif line.kind is LineKind.NUMBERS:
            body.append(FormRow(RowKind.NUMBERS, tuple(cells), keep_with_next=True, own_styles=NUMBER_STYLES))
        elif line.kind is LineKind.INDICATOR:
            body.append(
                FormRow(RowKind.MEASURE, tuple(cells), keep_with_next=last, own_styles=INDICATOR_STYLES)
            )
        else:  # over the term: the name in B alone, the year or the term's label in C
            cells[2] = line.label
            if block_start < 0:
                block_start = row
            keep = last or not line.last_of_indicator
            body.append(
                FormRow(
                    RowKind.MEASURE, tuple(cells), keep_with_next=keep, own_styles=_TERM_STYLES[line.kind]
                )
            )
            spans.append(Span(row, 7, row, 9))
            if line.last_of_indicator:
                for column in (0, 1, 3):
                    if row > block_start:
                        spans.append(Span(block_start, column, row, column))
                block_start = -1
            continue
        for first, last_column in _SECTION_SPANS:
            spans.append(Span(row, first, row, last_column))
