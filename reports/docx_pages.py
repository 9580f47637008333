"""The DOCX table's pages, laid out here as the PDF's are (issue 24, point 1): where each page ends, and the
rows cut at a page's end, so that a continued row names its measure («4.3 (продовж.)») and its task.

Word and LibreOffice break a table row across pages themselves, but cannot repeat a cell's text at the break,
so a reader of the next page would not know whose row it is. So the body is paginated by our own measure of
the text (``reports.layout``: Times New Roman's widths, Liberation Serif's in LibreOffice, the same) with
``layout.paginate``, as the PDF writer does, and ``reports.docx_table`` writes each page as a table of its
own after a page break, its head rows first and every row ``w:cantSplit``: a row that does not fit the rest
of a page is written as two rows, the lines that fit and a continuation row whose measure cell begins with
«4.3 (продовж.)»; a task's (in the term's form a measure's) cells merged down begin again on the next page
with «1 (продовж.)» and the rest of their text.

The measure errs on the tall side, so a page we fill never overflows in the office program (which would
leave a near-empty page before our break): lines are measured 5 % narrower than a cell's room
(``docx_writer._grid``), at Word's line pitch for Times New Roman (1,15 × the size; LibreOffice's for
Liberation Serif is 1,107 ×), and a page is taken ``SAFETY`` points shorter than it is.

Speed (the writer before these pages wrote no page of its own): a row's height needs only its tallest
cell's lines, so a cell is wrapped when it may be the tallest (a bound, ``layout.line_bound``, shows the
others no taller) and the rest only when a cut at a page's end needs them; a cut is refused before any
wrapping where two lines do not fit the page's rest; wrapped texts are cached (a report repeats its
executors, terms and tasks, and a program's report is written again and again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Final

from reports import layout, texts
from reports.form import (
    BOLD_STYLES,
    COL_MEASURE,
    COLUMNS,
    CellStyle,
    Form,
    Line,
    LineStyle,
    RowKind,
    bold_columns,
    cell_text,
)

CELL_MARGIN_TWIPS: Final = 40  # 2 pt left and right of the text in a cell (the 8,5-pt titles fit)
CELL_TOP_TWIPS: Final = 28  # 0,5 mm above it and 1 mm below: the text does not sit on the bottom border
CELL_BOTTOM_TWIPS: Final = 57
LEADING: Final = 1.15  # Word's single line for Times New Roman, in font sizes
BORDER: Final = 0.5  # a row's border (w:sz 4: half a point)
PADS: Final = (CELL_TOP_TWIPS + CELL_BOTTOM_TWIPS) / 20 + BORDER
SAFETY: Final = 14.0  # points a page is taken shorter than it is (a line of the table and a little)
BREAK_HEIGHT: Final = 1.0  # the page-break paragraph above a page's table, one point high
COL_NUMBER: Final = 0  # the task's number (in the term's form the measure's), merged down
COL_TEXT: Final = 1  # the task's text (in the term's form the measure's): where its continuation is named
# Section 2's title: a paragraph between the measures' table and the section's, bold, as the document's text,
# this far apart from them (twips).
SECTION_TITLE_SIZE: Final = 12
SECTION_TITLE_BEFORE_TWIPS: Final = 240
SECTION_TITLE_AFTER_TWIPS: Final = 120


@dataclass(slots=True)
class Cell:
    """A cell's text and, once asked for, the offsets where its wrapped lines begin (``width``: its room)."""

    text: str
    style: CellStyle
    width: float
    size: float
    columns: int = 1  # how many columns it spans
    last_body: int = -1  # merged down: the last body row it covers
    shown: int = 0  # merged down: how many of its lines earlier pages showed
    wrapped: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self.wrapped is None:
            self.wrapped = wrapped_starts(self.text, self.width, self.size, self.style in BOLD_STYLES)
        return self.wrapped

    @property
    def lines(self) -> int:
        return len(self.starts)

    def piece(self, first: int, last: int) -> str:
        """Its lines ``first``..``last`` - 1 as text (the line breaks between them kept). A piece cut inside a
        paragraph keeps the space it ends with (invisible on the page), one cut inside a word (a word wider than
        its column, or after its hyphen) ends with a word joiner (invisible too): read back, a piece that ends
        with neither ended a paragraph (``reports.page_joins.Pieces.PARAGRAPHS``)."""
        starts = self.starts
        if first >= len(starts):
            return ""
        end = starts[last] if last < len(starts) else len(self.text)
        return _marked(self.text[starts[first] : end].rstrip("\n"), self.text, end)

    def part(self, first: int, last: int, label: str = "") -> Cell:
        """A cell of its lines ``first``..``last`` - 1 (below ``label``, a line of its own), wrapped as they
        were: a greedy wrap of a text from a line's start breaks where the whole text's did."""
        starts = self.starts
        count = len(starts)
        if first >= count:
            text, origin = "", 0
        else:
            origin = starts[first]
            text = self.text[origin : starts[last] if last < count else len(self.text)].rstrip("\n")
        end = origin + len(text)
        shifted = [start - origin for start in starts[first:last] if start < end] or [0]
        if last < count:
            text = _marked(text, self.text, starts[last])
        if label:
            own = wrapped_starts(label, self.width, self.size, self.style in BOLD_STYLES)
            shifted = [*own, *(len(label) + 1 + start for start in shifted)] if text else own
            text = f"{label}\n{text}" if text else label
        return Cell(
            text, self.style, self.width, self.size, self.columns, -1, 0, shifted if text else _ONE_LINE
        )


def _marked(piece: str, text: str, end: int) -> str:
    """``piece``, ending at ``end`` of ``text``, with a word joiner after it where the cut parts a word (its last
    character and the next are neither white space nor a line break), so that the pieces read back meet as one
    word (``texts.WORD_CUT``)."""
    if piece and end < len(text) and not text[end - 1].isspace() and not text[end].isspace():
        return piece + texts.WORD_CUT
    return piece


@dataclass(slots=True)
class Row:
    """A body row as written: its cells by column (None: covered by a cell merged down or across)."""

    cells: list[Cell | None]
    body: int
    measure: str
    styles: tuple[CellStyle, ...]
    size: float


@dataclass(slots=True)
class Pages:
    """The body rows ``[0, end)`` page by page (rows cut at a page's end are two rows)."""

    pages: list[list[Row]]
    heights: dict[int, float] = field(default_factory=dict)  # id(row) -> its height as laid out
    end: int = 0
    text_widths: tuple[float, ...] = ()


def height(lines: int, size: float) -> float:
    return lines * size * LEADING + PADS


def section_title_height() -> float:
    """Section 2's title paragraph with the space above and below it, in points (a line: the title is short)."""
    return SECTION_TITLE_SIZE * LEADING + (SECTION_TITLE_BEFORE_TWIPS + SECTION_TITLE_AFTER_TWIPS) / 20


_STARTS: Final = layout.Wrapped(layout.line_starts)  # wrapped texts (``layout.Wrapped``)
_ONE_LINE: Final = [0]
# Numbers, right-aligned: always on one line, printed smaller where wider than their column (``docx_table``), as
# in the PDF; «11000000000,0» broken into «11000000000,» and «0» would read as two numbers.
NUMBER_STYLES: Final = frozenset(
    {CellStyle.AMOUNT, CellStyle.TOTAL_AMOUNT, CellStyle.VALUE, CellStyle.TOTAL_VALUE}
)


def wrapped_starts(text: str, width: float, size: float, bold: bool) -> list[int]:
    """Where the text's lines begin in a cell with ``width`` points of room (cached; the list is shared: not
    to be changed)."""
    if "\n" not in text and len(text) * layout.metrics(bold).widest * size <= width:
        return _ONE_LINE  # short enough whatever its letters (an amount, a year, an empty cell)
    return _STARTS(text, width, size, bold)


def forget_wrapped_texts() -> None:
    """Empty the cache of wrapped texts (a benchmark's cold start)."""
    _STARTS.clear()


def _cell(text: str, width: float, size: float, style: CellStyle, columns: int = 1) -> Cell:
    if style in NUMBER_STYLES and "\n" not in text:
        return Cell(text, style, width, size, columns, -1, 0, _ONE_LINE)
    return Cell(text, style, width, size, columns)


def paginate(
    form: Form,
    widths: tuple[float, ...],
    *,
    page_height: float,
    page_width: float,
    table_size: float,
    header_size: float,
    text_size: float,
) -> Pages:
    """The body's pages (``widths``: the room for text in each column, in points; the page's text area).

    With section 2 (result indicators) its rows are laid out too, after the measures' totals: its title (a
    paragraph between the tables), its column titles and numbers (the head of every page of the section
    after its first: ``docx_table``) and its indicators, cut at a page's end as a measure is, the
    continuation named by the indicator's number in its name's cell («3 (продовж.)»)."""
    end = len(form.body)
    section = form.section
    spans = form.spans
    room = tuple(widths)
    pad_x = 2 * CELL_MARGIN_TWIPS / 20
    # Each body row's cells as (column, columns it spans, the span's last row): the cells covered by a
    # span left out.
    plain = tuple((column, 1, -1) for column in range(COLUMNS))
    layouts: dict[int, list[tuple[int, int, int]]] = {}
    for span in spans:
        for row_index in range(span.first_row, span.last_row + 1):
            cells_at = layouts.setdefault(row_index, list(plain))
            first = row_index == span.first_row
            for column in range(span.first_column, span.last_column + 1):
                if first and column == span.first_column:
                    columns = span.last_column - span.first_column + 1
                    cells_at[column] = (column, columns, span.last_row)
                else:
                    cells_at[column] = (column, 0, 0)
    # (one tuple for rows laid out alike: the rows of a task below its first share it, and its plan below)
    shared: dict[tuple[tuple[int, int, int], ...], tuple[tuple[int, int, int], ...]] = {}
    laid_out: dict[int, tuple[tuple[int, int, int], ...]] = {}
    for row_index, cells_at in layouts.items():
        kept = tuple(entry for entry in cells_at if entry[1])
        laid_out[row_index] = shared.setdefault(kept, kept)
    widths_of = {
        (column, columns): sum(room[column : column + columns]) + (columns - 1) * pad_x
        for column in range(COLUMNS)
        for columns in range(1, COLUMNS - column + 1)
    }
    widest = {bold: layout.metrics(bold).widest * table_size for bold in (False, True)}
    size = table_size
    amounts: dict[Decimal, str] = {}  # (equal amounts print alike: one decimal, rounded)

    # Each kind of row's cells as (column, columns it spans, the span's last row, room, style, bold, the
    # widest letter's width): a form's rows share their styles and most their cells' layout.
    plans: dict[
        tuple[int, int], tuple[object, object, list[tuple[int, int, int, float, CellStyle, bool, float]]]
    ] = {}
    boxes: list[layout.Box] = []
    body = form.body
    for index in range(end):
        form_row = body[index]
        values, styles = form_row.cells, form_row.styles
        if index == section:  # section 2's title: a paragraph of its own between the tables
            boxes.append(
                layout.Box(
                    section_title_height(),
                    index,
                    keep=True,
                    ref=Row([None] * COLUMNS, index, "", styles, text_size),
                )
            )
            continue
        size = header_size if form_row.kind is RowKind.HEADER else table_size
        cells_at = laid_out.get(index, plain)
        known_plan = plans.get((id(cells_at), id(styles)))
        if known_plan is None or known_plan[0] is not cells_at or known_plan[1] is not styles:
            bolds = bold_columns(form_row)
            known_plan = plans[id(cells_at), id(styles)] = (
                cells_at,
                styles,
                [
                    (c, n, last, widths_of[c, n], styles[c], bolds[c], widest[bolds[c]])
                    for c, n, last in cells_at
                ],
            )
        cells: list[Cell | None] = [None] * COLUMNS
        need, last_body = 0.0, -1
        tallest = 1
        unsure: list[tuple[Cell, bool]] = []  # own cells of more than a line whose wrap is not known yet
        for column, columns, last_row, width, style, bold, wide in known_plan[2]:
            value = values[column]
            if type(value) is str:
                text = value
            elif type(value) is Decimal:  # an amount: a report repeats many
                text = amounts.get(value)
                if text is None:
                    text = amounts[value] = cell_text(value)
            else:
                text = cell_text(value)
            if "\n" not in text and (len(text) * wide <= width or style in NUMBER_STYLES):
                # short enough whatever its letters (an amount, a year), or a number (one line whatever its width)
                if last_row > index:  # merged down from here: the height it needs where the task begins
                    cells[column] = Cell(text, style, width, size, columns, last_row, 0, _ONE_LINE)
                    need = max(need, height(1, size))
                    last_body = last_row
                else:
                    cells[column] = Cell(text, style, width, size, columns, -1, 0, _ONE_LINE)
                continue
            if last_row > index:
                cell = cells[column] = Cell(text, style, width, size, columns, last_row)
                need = max(need, height(len(cell.starts), size))
                last_body = last_row
                continue
            known = _STARTS.known(text, width, size, bold)
            if known is None:
                cell = cells[column] = Cell(text, style, width, size, columns)
                unsure.append((cell, bold))
                continue
            cells[column] = Cell(text, style, width, size, columns, -1, 0, known)
            if len(known) > tallest:
                tallest = len(known)
        if unsure:
            # Only a cell that may be the tallest is wrapped now: the widest text first, then the others
            # where a bound on their lines does not show them no taller (the rest when a cut needs them).
            if len(unsure) > 1:
                unsure.sort(key=lambda u: len(u[0].text) / u[0].width, reverse=True)
            for cell, bold in unsure:
                if tallest > 1 and layout.line_bound(cell.text, cell.width, size, bold, at_most=tallest):
                    continue
                tallest = max(tallest, len(cell.starts))
        row = Row(cells, index, form_row.measure, styles, size)
        boxes.append(
            layout.Box(
                height(tallest, size),
                index,
                keep=form_row.keep_with_next and index + 1 != section,  # (totals: not with section 2)
                need=need,
                last_body=last_body,
                ref=row,
            )
        )
    for offset, lines in enumerate(_line_counts(form.closing, page_width, text_size)):
        last = offset == len(form.closing) - 1
        boxes.append(layout.Box(lines * text_size * LEADING, end + offset, keep=not last, ref=None))
    head = 0.0
    for head_row in form.head:
        size = header_size if head_row.kind is RowKind.HEADER else table_size
        cells = zip(head_row.cells, head_row.styles, strict=True)
        head += height(
            max(_cell(cell_text(v), room[c], size, s).lines for c, (v, s) in enumerate(cells)), size
        )
    if section is not None:  # a page of section 2 begins with its own head: room for the taller
        head = max(head, sum(box.height for box in boxes if section < box.body <= section + 2))
    title = sum(_line_counts(form.title, page_width, text_size)) * text_size * LEADING
    capacity = page_height - SAFETY
    pages = layout.paginate(
        boxes,
        first_used=title + head,
        repeated=head + BREAK_HEIGHT,
        capacity=capacity,
        cut=lambda box, left: _cut(box, left, room),
        flow=(table_size * LEADING, PADS),
    )
    result = Pages([[box.ref for box in page if isinstance(box.ref, Row)] for page in pages], end=end)
    result.pages = [page for page in result.pages if page]
    result.heights = {id(box.ref): box.height for page in pages for box in page if isinstance(box.ref, Row)}
    result.text_widths = room
    return result


def _line_counts(lines: Sequence[Line | None], width: float, size: float) -> list[int]:
    """How many lines each paragraph above or below the table takes."""
    counts = []
    for line in lines:
        if line is None or not line.text:
            counts.append(1)
            continue
        bold = line.style in (LineStyle.TITLE, LineStyle.SECTION)
        counts.append(len(layout.line_starts(line.text, width * 0.95, size, bold)))
    return counts


def _cut(box: layout.Box, room: float, widths: tuple[float, ...]) -> tuple[layout.Box, layout.Box] | None:
    """A row that does not fit the rest of a page as the lines that fit ``room`` and a continuation row with
    the rest, as the PDF's (``pdf_writer._cut``): column C of the rest begins with «4.3 (продовж.)» (or
    repeats a short cell: the term form's year); the cells merged down stay in the first part, merged down
    over the rest, and so do a task's of one row and section 2's number and name (B:C), whose rest says
    «3 (продовж.)» (``docx_table``). None where either part would hold fewer than two lines (the row moves
    whole), and for head rows (section 2's column titles and numbers)."""
    row = box.ref
    if not isinstance(row, Row) or row.styles[0] in _UNCUT:
        return None  # a line below the table, a head row
    leading = row.size * LEADING
    fit = int((room - PADS) / leading + 1e-9)
    if fit < MIN_SPLIT:
        return None  # (without wrapping anything: the page's end is tried box by box up a group)
    tallest = 1
    for cell in row.cells[COL_MEASURE:]:
        if cell is not None and cell.last_body < 0:
            lines = len(cell.starts)
            if lines > tallest:
                tallest = lines
    fit = min(fit, tallest - MIN_SPLIT)
    if fit < MIN_SPLIT:
        return None
    first_cells: list[Cell | None] = list(row.cells)
    rest_cells: list[Cell | None] = [None] * COLUMNS
    rest_tallest = 1  # the continuation's tallest own cell, in lines
    across: set[int] = set()  # columns inside a cell across columns (section 2's name B:C, reasons H:J)
    for column, cell in enumerate(row.cells):
        if cell is not None and cell.columns > 1:
            across.update(range(column + 1, column + cell.columns))
        if column < COL_MEASURE and cell is not None and cell.last_body < 0:
            cell.last_body = box.body  # a task of one row: its cells go down over the continuation
            if cell.lines > fit:  # its text goes on below the line naming it
                rest_tallest = max(rest_tallest, cell.lines - fit + 1)
    size = row.size
    for column in range(COL_MEASURE, COLUMNS):
        cell = row.cells[column]
        if column in across or (column != COL_MEASURE and (cell is None or cell.last_body >= 0)):
            continue  # merged from this row or one above: it goes on over the rest
        if cell is None:  # (not expected: column C is never merged)
            cell = Cell("", row.styles[column], widths[column], size)
        lines = len(cell.starts)
        if column != COL_MEASURE and lines <= fit:
            first_cells[column] = cell  # all of it above the cut; nothing of it below
            rest_cells[column] = Cell("", cell.style, cell.width, size, cell.columns, -1, 0, _ONE_LINE)
            continue
        first_cells[column] = cell.part(0, fit)
        label = ""
        if column == COL_MEASURE:
            if cell.style is CellStyle.TEXT and row.measure:
                label = continued(row.measure.rstrip("."))
            elif lines <= fit:
                rest_cells[column] = cell  # a short cell (the term's year) is shown again
                if lines > rest_tallest and cell.last_body < 0:
                    rest_tallest = lines
                continue
        rest = rest_cells[column] = cell.part(fit, lines, label)
        if len(rest.starts) > rest_tallest:
            rest_tallest = len(rest.starts)
    first = Row(first_cells, row.body, row.measure, row.styles, size)
    second = Row(rest_cells, row.body, row.measure, row.styles, size)
    return (
        layout.Box(height(fit, size), box.body, True, box.need, box.last_body, first),
        layout.Box(height(rest_tallest, size), box.body, box.keep, 0.0, -1, second),
    )


@cache
def continued(number: str) -> str:
    """«4.3 (продовж.)» (cached: the catalog formats slowly, and a long report names hundreds)."""
    return texts.continued_number(number)


MIN_SPLIT: Final = 2  # a row split at a page break leaves at least two lines on either side (as the PDF's)
_UNCUT: Final = frozenset({CellStyle.HEADER, CellStyle.COLUMN_NUMBER})


def layout_min_split() -> int:
    return MIN_SPLIT
