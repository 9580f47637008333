"""The consolidated report as a PDF in the official form: ``reports.form`` laid out and drawn with ReportLab.

No office suite is needed. A4 landscape; Liberation Serif (``reports/fonts``, metric-compatible with Times
New Roman) is embedded, so Cyrillic prints anywhere. The title block, the decision and term lines, the
section line; the table: the two head rows (column titles, column numbers 1 2 3 4 5 7 8 9 10 11) at the
top of every page, a row per measure, the task's number and text in a cell merged down over its measures,
the totals rows (their label across B:E); the signature. Amounts and percents with one decimal and a
decimal comma (``form.amount_text``).

The pages are laid out here, not by ReportLab's platypus: every text is wrapped with the font's real
widths (``reports.layout``, the same widths ReportLab draws with), so each row's height is exact, and
``layout.paginate`` decides the pages in one pass (a table that ReportLab splits page by page costs time
in the square of its rows). A row that fits a page is never split; a taller one is cut at line boundaries
into rows of a page each, the rest of its texts in *continuation rows* (C says ``texts.continuation``),
so every text is printed whole. The last measure, the totals and the signature share a page; a task's
text is on the page where the task begins. "Сторінка N з M" at the foot of every page.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import BinaryIO, Final

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from reports import layout, texts
from reports.form import (
    BOLD_STYLES,
    COL_MEASURE,
    COLUMN_WIDTHS,
    COLUMNS,
    CellStyle,
    Form,
    FormRow,
    Line,
    LineStyle,
    RowKind,
    cell_text,
    form_of,
)
from reports.gc_pause import collection_paused
from reports.model import Report

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MM: Final = 72 / 25.4
MARGIN_X: Final = 12 * MM
MARGIN_TOP: Final = 12 * MM
MARGIN_BOTTOM: Final = 15 * MM
FOOTER_Y: Final = 7 * MM
TEXT_SIZE: Final = 12
TABLE_SIZE: Final = 10  # as the XLSX's table (issue 24: 9 pt read smaller than the form)
HEADER_SIZE: Final = 8.5  # the column titles: their longest words fit the amount columns unbroken
LEADING: Final = 1.2  # line pitch, in font sizes
PAD_X: Final = 2.5
PAD_TOP: Final = 2.0
PAD_BOTTOM: Final = 2.5
LINE_WIDTH: Final = 0.5
MIN_SPLIT_LINES: Final = 2  # a row split at a page break leaves at least this many lines on either side
# Column widths, relative (the XLSX's, so the forms look alike), spread over the width between margins.
COLUMN_SHARES: Final = COLUMN_WIDTHS  # the annual form's; a form carries its own (Form.widths)

TABLE_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN_X


@dataclass(frozen=True, slots=True)
class _Grid:
    """Where a form's columns are on the page."""

    widths: tuple[float, ...]
    lefts: tuple[float, ...]
    text_widths: tuple[float, ...]
    signatory_title_width: float  # under the table's first five columns, as in the form

    @classmethod
    def of(cls, shares: tuple[float, ...]) -> _Grid:
        widths = tuple(TABLE_WIDTH * share / sum(shares) for share in shares)
        return cls(
            widths,
            tuple(MARGIN_X + sum(widths[:i]) for i in range(COLUMNS + 1)),
            tuple(width - 2 * PAD_X for width in widths),
            sum(widths[:5]),
        )


_GRID: Final = _Grid.of(COLUMN_SHARES)
COL_NUMBER: Final = 0  # the task's number (in the term's form the measure's), merged down
COL_TEXT: Final = 1  # the task's text (in the term's form the measure's), merged down
WIDTHS: Final = _GRID.widths
_TEXT_WIDTHS: Final = _GRID.text_widths
_PAGE_TOP: Final = PAGE_HEIGHT - MARGIN_TOP
_CAPACITY: Final = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

_CENTERED: Final = frozenset({CellStyle.HEADER, CellStyle.COLUMN_NUMBER, CellStyle.CENTER})
_RIGHT: Final = frozenset({CellStyle.AMOUNT, CellStyle.TOTAL_AMOUNT, CellStyle.VALUE, CellStyle.TOTAL_VALUE})
_LINE_FORMAT: Final = {  # alignment, bold
    LineStyle.TITLE: ("center", True),
    LineStyle.TITLE_PLAIN: ("center", False),
    LineStyle.TEXT: ("left", False),
    LineStyle.SECTION: ("left", True),
    LineStyle.SIGNATORY_TITLE: ("left", False),
    LineStyle.SIGNATORY_NAME: ("right", False),
}


def register_fonts() -> None:
    """Make the shipped font known to ReportLab (once per process)."""
    for bold, name in layout.PDF_FONT_NAMES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(layout.FONT_FILES[bold])))


@dataclass(slots=True)
class _Cell:
    lines: list[str]
    style: CellStyle
    columns: int = 1  # how many columns it spans
    last_body: int = -1  # a cell merged down: the last body row it covers
    drawn: int = 0  # a cell merged down: how many of its lines earlier pages showed


@dataclass(slots=True)
class _Row:
    """A row as drawn: its cells by column (None: covered by a merged cell)."""

    cells: list[_Cell | None]
    size: float
    measure: str = ""
    styles: tuple[CellStyle, ...] = ()


@dataclass(slots=True)
class _TextLine:
    text: str
    bold: bool
    align: str


def write_report(report: Report, target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``report`` as a PDF in the official form to a path or a binary file (layout: module doc)."""
    with collection_paused():
        write_form(form_of(report), target)


def write_form(form: Form, target: str | os.PathLike[str] | BinaryIO) -> None:
    register_fonts()
    if isinstance(target, os.PathLike):
        target = os.fspath(target)  # ReportLab takes a str or a file
    grid = _GRID if form.widths == COLUMN_SHARES else _Grid.of(form.widths)
    title = _lines(form.title, TABLE_WIDTH, grid)
    title_height = len(title) * TEXT_SIZE * LEADING + TEXT_SIZE * 0.5
    head = [
        _plain_row(row, HEADER_SIZE if row.kind is RowKind.HEADER else TABLE_SIZE, grid) for row in form.head
    ]
    head_heights = [_row_height(row) for row in head]
    repeated = sum(head_heights)
    boxes = _body_boxes(form, grid)
    # Section 2's column titles and numbers: the head of its pages (the pages leave room for the taller head).
    section = form.section
    section_head = [box for box in boxes if section is not None and section < box.body <= section + 2]
    repeated = max(repeated, sum(box.height for box in section_head))
    body_at = -1  # the body row the page before ended with
    closing = _lines(form.closing, TABLE_WIDTH, grid)
    for offset, line in enumerate(closing):
        boxes.append(
            layout.Box(TEXT_SIZE * LEADING, len(form.body) + offset, keep=offset < len(closing) - 1, ref=line)
        )
    pages = layout.paginate(
        boxes,
        first_used=title_height + repeated,
        repeated=repeated,
        capacity=_CAPACITY,
        cut=lambda box, room: _cut(box, room, grid),
        flow=(TABLE_SIZE * LEADING, PAD_TOP + PAD_BOTTOM),
    )
    canvas = Canvas(
        target,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        initialFontName=layout.PDF_FONT_NAMES[False],  # not Helvetica: every font in the file is embedded
        initialFontSize=TABLE_SIZE,
    )
    canvas.setTitle(form.document_title or f"{texts.title()} {texts.subtitle()} {texts.year_line(form.year)}")
    canvas.setAuthor("Zvitbot")
    open_spans: list[tuple[int, _Cell]] = []  # merged cells begun on an earlier page: (column, cell)
    for number, page in enumerate(pages, start=1):
        canvas.setLineWidth(LINE_WIDTH)
        top = _PAGE_TOP
        if number == 1:
            top = _draw_lines(canvas, title, top) - TEXT_SIZE * 0.5
        rows = [box for box in page if isinstance(box.ref, _Row)]
        body_at = rows[0].body if rows else body_at
        if section is None or body_at < section:
            top = _draw_head(canvas, head, head_heights, top, grid)
        elif body_at > section + 2 and section_head:  # a page of section 2 repeats its own head
            top = _draw_rows(canvas, section_head, top, [], grid)[0]
        if rows:
            # The page's last row split over the break: the cells merged down to it go on too.
            split = number < len(pages) and bool(pages[number]) and pages[number][0].body == rows[-1].body
            top, open_spans = _draw_rows(canvas, rows, top, open_spans, grid, split)
        _draw_lines(canvas, [box.ref for box in page if isinstance(box.ref, _TextLine)], top)
        _footer(canvas, number, len(pages))
        canvas.showPage()
    canvas.save()


def _lines(lines: Sequence[Line | None], width: float, grid: _Grid) -> list[_TextLine]:
    out: list[_TextLine] = []
    for line in lines:
        if line is None:
            out.append(_TextLine("", False, "left"))
            continue
        align, bold = _LINE_FORMAT[line.style]
        room = grid.signatory_title_width if line.style is LineStyle.SIGNATORY_TITLE else width
        out.extend(_TextLine(text, bold, align) for text in layout.wrap(line.text, room, TEXT_SIZE, bold))
    return out


def _plain_row(row: FormRow, size: float, grid: _Grid) -> _Row:
    cells: list[_Cell | None] = [
        _Cell(_wrap(cell_text(value), grid.text_widths[column], size, style in BOLD_STYLES), style)
        for column, (value, style) in enumerate(zip(row.cells, row.styles, strict=True))
    ]
    return _Row(cells, size)


def _height(lines: int, size: float) -> float:
    return lines * size * LEADING + PAD_TOP + PAD_BOTTOM


def _row_height(row: _Row) -> float:
    """The height of a row from its own cells (a cell merged down is settled by its task)."""
    lines = max((len(cell.lines) for cell in row.cells if cell is not None and cell.last_body < 0), default=1)
    return _height(max(1, lines), row.size)


def _body_boxes(form: Form, grid: _Grid) -> list[layout.Box]:
    """The body as boxes to paginate: a row each; a row where cells merged down begin (a task's; in the
    term's form a measure's) carries the height their tallest text needs."""
    starts = {(span.first_row, span.first_column): span for span in form.spans}
    covered = {
        (row, column)
        for span in form.spans
        for row in range(span.first_row + 1, span.last_row + 1)
        for column in range(span.first_column, span.last_column + 1)
    }
    boxes: list[layout.Box] = []
    for index, form_row in enumerate(form.body):
        cells: list[_Cell | None] = [None] * COLUMNS
        column = 0
        need = 0.0
        last_body = -1
        while column < COLUMNS:
            value, style = form_row.cells[column], form_row.styles[column]
            span = starts.get((index, column))
            columns = span.last_column - span.first_column + 1 if span else 1
            if (index, column) in covered:
                column += 1  # inside a cell merged down from a row above
                continue
            width = sum(grid.widths[column : column + columns]) - 2 * PAD_X
            text = cell_text(value)
            if style in _RIGHT and not isinstance(value, str):
                lines = [text]  # a number on one line (``_draw_cell`` draws it smaller where it is wider)
            else:
                lines = _wrap(text, width, TABLE_SIZE, style in BOLD_STYLES)
            cell = _Cell(lines, style, columns)
            if span is not None and span.last_row > index:
                # Merged down over the rows below (and over a row's continuation rows).
                cell.last_body = span.last_row
                need = max(need, _height(len(cell.lines), TABLE_SIZE))
                last_body = span.last_row
            cells[column] = cell
            column += columns
        row = _Row(cells, TABLE_SIZE, form_row.measure, form_row.styles)
        # (The measures' totals are kept with the signature, not with section 2 where it comes between.)
        keep = form_row.keep_with_next and index + 1 != form.section
        boxes.append(layout.Box(_row_height(row), index, keep=keep, need=need, last_body=last_body, ref=row))
    return boxes


def _cut(box: layout.Box, room: float, grid: _Grid) -> tuple[layout.Box, layout.Box] | None:
    """A row that does not fit the rest of a page as the lines that fit ``room`` and a continuation row
    with the rest, cut at line boundaries as Word splits a row at a page break; None (the row goes to the
    next page whole) where either part would hold fewer than two lines of its tallest text.

    The continuation names its row: column C begins with the measure's number («4.3 (продовж.)»,
    ``texts.continued_number``), or repeats a short cell (the term form's year); the task's number is
    written at the top of the page where the task's merged cells go on (``_draw_rows``). The cells merged
    down (the task's; in the term's form the measure's) stay in the first part, merged down over the rest,
    and so do the task's cells of a task of one row, and section 2's number and name (B:C): the name then
    says «3 (продовж.)» at the top of the next page, as a task's text does. A cell across columns (section
    2's name and reasons) stays across them in both parts."""
    row = box.ref
    if not isinstance(row, _Row):
        return None  # a line below the table
    leading = row.size * LEADING
    fit = int((room - PAD_TOP - PAD_BOTTOM) / leading + 1e-9)
    tallest = max(
        (len(cell.lines) for cell in row.cells[COL_MEASURE:] if cell is not None and cell.last_body < 0),
        default=1,
    )
    # A continuation as tall as what a cell merged down over it has left (section 2's name, a task's text of
    # one row) is cut at the page's end too, and its next part keeps the rest of that height.
    carried = int((box.height - PAD_TOP - PAD_BOTTOM) / leading + 1e-9)
    if carried <= tallest:
        carried = 0
    else:
        tallest = carried
    fit = min(fit, tallest - MIN_SPLIT_LINES)  # cut a line or two higher rather than move it whole
    if fit < MIN_SPLIT_LINES:
        return None  # too little on one side: the row starts on the next page
    first_cells: list[_Cell | None] = list(row.cells)
    # The continuation's height, in lines: at least what a cell merged down here has left (below its label).
    rest_lines = carried - fit + 1 if carried else 1
    for column in range(COL_MEASURE):
        cell = first_cells[column]
        if cell is not None and cell.last_body < 0:
            cell.last_body = box.body  # a task of one row: its cells go down over the continuation
            if len(cell.lines) > fit:  # its text goes on below the line naming it
                rest_lines = max(rest_lines, len(cell.lines) - fit + 1)
    across = {
        column
        for start, cell in enumerate(row.cells)
        if cell is not None and cell.columns > 1
        for column in range(start + 1, start + cell.columns)
    }
    rest_cells: list[_Cell | None] = [None] * COLUMNS
    for column in range(COL_MEASURE, COLUMNS):
        cell = row.cells[column]
        if column in across or (column != COL_MEASURE and (cell is None or cell.last_body >= 0)):
            continue  # merged from this row or one above: it goes on over the rest
        lines = cell.lines if cell is not None else []
        style = cell.style if cell is not None else row.styles[column]
        columns = cell.columns if cell is not None else 1
        first_cells[column] = _Cell(lines[:fit], style, columns)
        rest = lines[fit:]
        if column == COL_MEASURE:
            if style is CellStyle.TEXT and row.measure:
                label = _continued(row.measure.rstrip("."))
                rest = [*layout.wrap(label, grid.text_widths[COL_MEASURE], row.size), *rest]
            elif not rest:
                rest = lines  # a short cell (the term's year) is shown again
        rest_cells[column] = _Cell(rest, style, columns)
    first = _Row(first_cells, row.size, row.measure, row.styles)
    rest_row = _Row(rest_cells, row.size, row.measure, row.styles)
    rest_height = max(_row_height(rest_row), _height(rest_lines, row.size))
    return (
        layout.Box(
            _height(fit, row.size), box.body, keep=True, need=box.need, last_body=box.last_body, ref=first
        ),
        layout.Box(rest_height, box.body, keep=box.keep, ref=rest_row),
    )


# Wrapped cell texts (a cut slices the lists, never changes them).
_wrap = layout.Wrapped(layout.wrap)


def forget_wrapped_texts() -> None:
    """Empty the cache of wrapped texts (a benchmark's cold start)."""
    _wrap.clear()


@cache
def _continued(number: str) -> str:
    """«4.3 (продовж.)» (cached: the catalog formats slowly, and a long report names hundreds)."""
    return texts.continued_number(number)


def _draw_lines(canvas: Canvas, lines: Sequence[object], top: float) -> float:
    """Draw lines of text across the page from ``top`` down; return where they end."""
    leading = TEXT_SIZE * LEADING
    for line in lines:
        assert isinstance(line, _TextLine)
        baseline = top - TEXT_SIZE * 0.95
        if line.text:
            canvas.setFont(layout.PDF_FONT_NAMES[line.bold], TEXT_SIZE)
            if line.align == "center":
                canvas.drawCentredString(PAGE_WIDTH / 2, baseline, line.text)
            elif line.align == "right":
                canvas.drawRightString(MARGIN_X + TABLE_WIDTH, baseline, line.text)
            else:
                canvas.drawString(MARGIN_X, baseline, line.text)
        top -= leading
    return top


def _draw_head(
    canvas: Canvas, head: Sequence[_Row], heights: Sequence[float], top: float, grid: _Grid
) -> float:
    for row, height in zip(head, heights, strict=True):
        for column, cell in enumerate(row.cells):
            assert cell is not None
            canvas.rect(grid.lefts[column], top - height, grid.widths[column], height)
            _draw_cell(canvas, cell, grid.lefts[column], grid.widths[column], top, row.size)
        top -= height
    return top


def _draw_rows(
    canvas: Canvas,
    boxes: Sequence[layout.Box],
    top: float,
    open_spans: list[tuple[int, _Cell]],
    grid: _Grid,
    split: bool = False,
) -> tuple[float, list[tuple[int, _Cell]]]:
    """Draw a page's rows from ``top`` down, with their borders; a merged cell covers the rows of it that
    are on this page (one begun on an earlier page gets its frame here). Return where the rows end and the
    merged cells that go on to the next page (``split``: the last row goes on there too)."""
    tops: list[float] = []
    y = top
    for box in boxes:
        tops.append(y)
        y -= box.height
    bottom_of_page = y

    def bottom_of(last_body: int, start: int) -> float:
        """The bottom of the last row on this page, from ``start`` on, of body rows up to ``last_body``."""
        end = start
        while end + 1 < len(boxes) and boxes[end + 1].body <= last_body:
            end += 1
        return tops[end] - boxes[end].height

    last_body_here = boxes[-1].body if not split else boxes[-1].body - 1  # (split: it goes on)
    going_on: list[tuple[int, _Cell]] = []
    going_on_here = {column: cell for column, cell in open_spans if cell.last_body >= boxes[0].body}
    for column, cell in going_on_here.items():
        bottom = bottom_of(cell.last_body, 0) if boxes[0].body <= cell.last_body else top
        width = sum(grid.widths[column : column + cell.columns])
        canvas.rect(grid.lefts[column], bottom, width, top - bottom)
        label: list[str] = []
        if column == COL_TEXT and cell.columns <= 2 and (number := going_on_here.get(COL_NUMBER)) is not None:
            # The task's (in the term's form the measure's; section 2's indicator's) number where its
            # merged cells go on: the number column is too narrow for it, the text column beside it (B, or
            # section 2's name across B:C) is the place.
            text = _continued("".join(number.lines).rstrip("."))
            label = layout.wrap(text, grid.text_widths[column], TABLE_SIZE)
        _draw_merged(canvas, cell, label, grid.lefts[column], width, top, top - bottom)
        if cell.last_body > last_body_here:
            going_on.append((column, cell))
    for index, box in enumerate(boxes):
        row = box.ref
        assert isinstance(row, _Row)
        row_top = tops[index]
        for column, cell in enumerate(row.cells):
            if cell is None:
                continue
            left = grid.lefts[column]
            width = sum(grid.widths[column : column + cell.columns])
            bottom = bottom_of(cell.last_body, index) if cell.last_body >= 0 else row_top - box.height
            canvas.rect(left, bottom, width, row_top - bottom)
            if cell.last_body >= 0:
                _draw_merged(canvas, cell, [], left, width, row_top, row_top - bottom)
            elif cell.lines:
                _draw_cell(canvas, cell, left, width, row_top, row.size)
            if cell.last_body > last_body_here:
                going_on.append((column, cell))
    return bottom_of_page, going_on


def _draw_merged(
    canvas: Canvas, cell: _Cell, label: list[str], left: float, width: float, top: float, height: float
) -> None:
    """Draw as much of a merged cell's text as its frame on this page shows (below ``label``, the line
    naming it where it goes on); the rest goes on on the next page (the rows there were made tall enough:
    ``layout.paginate``'s flow)."""
    # (a hundredth of a line spare: grown rows are rounded to hundredths of a point)
    room = max(0, int((height - PAD_TOP - PAD_BOTTOM) / (TABLE_SIZE * LEADING) + 0.01) - len(label))
    lines = cell.lines[cell.drawn : cell.drawn + room]
    cell.drawn += len(lines)
    if label or lines:
        _draw_cell(canvas, _Cell([*label, *lines], cell.style), left, width, top, TABLE_SIZE)


def _draw_cell(canvas: Canvas, cell: _Cell, left: float, width: float, top: float, size: float) -> None:
    bold = cell.style in BOLD_STYLES
    font = layout.PDF_FONT_NAMES[bold]
    leading = size * LEADING
    baseline = top - PAD_TOP - size * 0.95
    if cell.style in _RIGHT:
        canvas.setFont(font, size)
        room = width - 2 * PAD_X
        for line in cell.lines:
            wide = layout.text_width(line, size, bold)
            if wide > room:  # a number wider than its column (1000000000,0 in F): smaller, on its one line
                canvas.setFont(font, size * room / wide)
            canvas.drawRightString(left + width - PAD_X, baseline, line)
            if wide > room:
                canvas.setFont(font, size)
            baseline -= leading
        return
    if cell.style in _CENTERED:
        canvas.setFont(font, size)
        for line in cell.lines:
            canvas.drawCentredString(left + width / 2, baseline, line)
            baseline -= leading
        return
    text = canvas.beginText(left + PAD_X, baseline)
    text.setFont(font, size, leading)
    for line in cell.lines:
        text.textLine(line)
    canvas.drawText(text)


def _footer(canvas: Canvas, page: int, pages: int) -> None:
    canvas.setFont(layout.PDF_FONT_NAMES[False], TABLE_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, texts.page_line(page, pages))
