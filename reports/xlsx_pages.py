"""The official form's table cut into printed pages for the XLSX: which sheet rows, their heights, their
merges, where each page ends.

A spreadsheet row cannot split across a page break, so a measure whose texts do not fit the rest of a page
is cut into rows at the break: the first part ends the page, a *continuation row* begins the next one
(further rows follow where a part would be taller than a row may be: Excel's 409 pt). Each column's text is
cut at the start of a wrapped line (``line_starts``, as LibreOffice wraps it), so joining a cell's pieces in order gives its
text back exactly. A continuation row names whose row it is (``form-continued-number``): in column C the
measure's number, then on its next line the rest of the measure's own text; in column B a task's number
where the task's cells continue (its text's rest after it). A row is moved whole to the next page only
when a cut would leave fewer than two lines on either side. Cells merged down over several rows (a task's
number and text; in the term form a measure's) are merged page by page, so every page's table has its
borders closed; their text flows from page to page the same way, the last page's rows growing to show it.

The totals rows and the lines below the table (the signature) stay on the page of the last rows of the
table: the last measure's last lines go with them (never the signature alone). With section 2 (result
indicators) the table ends with it: its last indicator goes with the signature (over the term, its rows
that are too short to cut; a taller one gives its last lines), and every page begins
with its own head rows, the measures' or the section's (see :func:`paginate`).

Heights: a row of n lines is n × ``LINE`` × font size + ``PAD`` points high (10 pt: 16 px a line and 2 px at
96 dpi), so it shows its text with the line pitch LibreOffice gives (Liberation Serif, 1.107 em) and with
Excel's whichever way Windows rounds Times New Roman's ascent and descent (15 or 16 px a line at 10 pt:
``reports.excel_rows``), a little to spare.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Final

from l10n import t
from reports import layout
from reports.form import (
    BOLD_STYLES,
    COL_MEASURE,
    COL_TASK,
    COL_TASK_NUMBER,
    COLUMNS,
    CellStyle,
    Form,
    FormRow,
    RowKind,
    bold_columns,
)

LINE: Final = 1.2  # a line's pitch, in font sizes
PAD: Final = 1.5  # points a row has above and below its lines
MAX_ROW_HEIGHT: Final = 409.0  # Excel's limit (409.5)
# How LibreOffice wraps a cell's text (measured with its optimal row heights, cell by cell, on the seed's
# annual and term reports: 1,264 of 1,266 texts to the line): the text's room is the column less its
# margins, 1 pt a side, and its text comes out 3 % wider than the font's advance widths add up to
# (its glyph positions rounded on the screen's pixels); lines also end after a hyphen inside a word.
CELL_MARGINS: Final = 2.0
TEXT_SCALE: Final = 1.03
TABLE_SIZE: Final = 10
_NUMBER_COLUMN: Final = COL_TASK_NUMBER  # a span's number: the continued label goes to the next column


def height(lines: int, size: float = TABLE_SIZE) -> float:
    """The height of a row that shows ``lines`` lines, in whole pixels (0.75 pt: a file holds no other)."""
    return math.ceil((lines * size * LINE + PAD) / 0.75 - 1e-9) * 0.75


def lines_in(points: float, size: float = TABLE_SIZE) -> int:
    """How many lines a row (or rows merged) of this height shows."""
    return max(0, math.floor((points - PAD + 1e-6) / (size * LINE)))


MAX_LINES: Final = lines_in(MAX_ROW_HEIGHT)
_WIDEST: Final = {bold: layout.metrics(bold).widest * TABLE_SIZE for bold in (False, True)}


def text_width(width_chars: float) -> float:
    """The room for text in a column this many Excel characters wide, in points of the font's own widths
    (see ``TEXT_SCALE``)."""
    return max(1.0, (layout.excel_width_points(width_chars) - CELL_MARGINS) / TEXT_SCALE)


# Wrapped texts, as LibreOffice wraps them (``layout.Wrapped``).
_STARTS: Final = layout.Wrapped(partial(layout.line_starts, hyphens=True))


def line_starts(text: str, width: float, size: float = TABLE_SIZE, bold: bool = False) -> list[int]:
    """Where the text's lines begin in a cell with ``width`` points of room, as LibreOffice wraps it (the
    list is shared: not to be changed)."""
    return _STARTS(text, width, size, bold)


def forget_wrapped_texts() -> None:
    """Empty the cache of wrapped texts (a benchmark's cold start)."""
    _STARTS.clear()


def line_count(
    text: str, width: float, size: float = TABLE_SIZE, bold: bool = False, *, at_most: int = 0
) -> int:
    """How many lines the text takes in a cell with ``width`` points of room; with ``at_most``, a bound
    where it shows the text takes no more (``layout.line_count``)."""
    if not text:
        return 1
    starts = _STARTS.known(text, width, size, bold)
    if starts is not None:
        return len(starts)
    return layout.line_bound(text, width, size, bold, at_most=at_most) or len(
        line_starts(text, width, size, bold)
    )


def continued(number: str) -> str:
    """The label of a row continued on the next page: «4.3 (продовж.)»."""
    return t("form-continued-number", number=number.rstrip("."))


@dataclass(slots=True)
class SheetRow:
    """One sheet row of the table: its cells (column -> value), their styles, its height."""

    cells: list[object]
    styles: tuple[CellStyle, ...]
    height: float
    body: int  # the form's body row it shows a part of (HEAD: a head row repeated at a page's top)
    page: int


HEAD: Final = -1  # SheetRow.body of a head row a page begins with


@dataclass(frozen=True, slots=True)
class HeadRow:
    """A head row a page begins with: its cells, styles, height and the columns merged across it."""

    cells: tuple[object, ...]
    styles: tuple[CellStyle, ...]
    height: float
    merges: tuple[tuple[int, int], ...] = ()  # (first column, last column)


@dataclass(slots=True)
class Pages:
    rows: list[SheetRow]
    merges: list[tuple[int, int, int, int]]  # (first row, first column, last row, last column), rows 0-based
    first_rows: list[int]  # index in rows where each page after the first begins
    closing_page: int  # the page the lines below the table print on


@dataclass(slots=True)
class _Text:
    """A cell's text and its wrapped lines: counted cheaply (``count`` may be a bound no greater than the
    row's tallest text), their starts found only where the row is cut (:meth:`exact`)."""

    text: str
    width: float
    bold: bool
    count: int
    starts: list[int] | None = None
    number: str = ""  # whose text: a continued part shows its label first (its own line)
    _label: str | None = None
    _label_lines: int = 0
    shown: int = 0  # lines the row's parts laid out so far show (a cell's text in a body row)

    @property
    def label(self) -> str:
        if self._label is None:
            self._label = continued(self.number) if self.number else ""
            if self._label:
                self._label_lines = line_count(self._label, self.width, TABLE_SIZE, self.bold)
        return self._label

    @property
    def label_lines(self) -> int:
        return self._label_lines if self.label else 0

    def exact(self) -> list[int]:
        if self.starts is None:
            if (
                self.count == 1
                and "\n" not in self.text
                and len(self.text) * _WIDEST[self.bold] <= self.width
            ):
                self.starts = [0]
            else:
                self.starts = line_starts(self.text, self.width, TABLE_SIZE, self.bold)
            self.count = len(self.starts)
        return self.starts

    def piece(self, first: int, last: int) -> str:
        if first == 0 and last >= self.count:
            return self.text  # the whole text (count is never below the real number of lines)
        starts = self.exact()
        if first >= len(starts):
            return ""
        end = starts[last] if last < len(starts) else len(self.text)
        return self.text[starts[first] : end]


@dataclass(slots=True)
class _Flow:
    """A text merged down over several body rows (a span), flowing from page to page."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int
    text: _Text | None  # None: a number (or nothing), shown on its first page only
    value: object
    done: int = 0  # lines shown on earlier pages
    start: int = -1  # sheet row where its merge on the current page begins
    label: str = ""
    shown: bool = False


@dataclass(slots=True)
class _Cut:
    """A body row being laid out: its text columns and how far each has been shown."""

    row: FormRow
    index: int
    texts: dict[int, _Text]
    parts: int = 0

    def remaining(self) -> bool:
        return any(text.shown < text.count for text in self.texts.values())

    def left(self, continued_part: bool) -> int:
        """Lines the rest of the row needs (a continued part shows its labels first)."""
        need = 1
        if not continued_part:
            for text in self.texts.values():
                if text.count > need:
                    need = text.count
            return need
        for text in self.texts.values():
            rest = text.count - text.shown
            if rest > 0 or text.label:
                need = max(need, rest + text.label_lines)
        return need


@dataclass(slots=True)
class _Grid:
    """What laying out one body row asks of the whole form, found once: the columns' room for text, the
    spans across columns by row and the columns covered by a span merged down by row."""

    widths: list[float]
    across: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # body row -> (column, last)
    covered: dict[int, set[int]] = field(default_factory=dict)  # body row -> columns merged down over it


_NOTHING: Final[frozenset[int]] = frozenset()
_TEXT_ORDER: Final = (COLUMNS - 1, *range(COLUMNS - 1))


def paginate(
    form: Form,
    *,
    first_used: float,
    head: Sequence[HeadRow],
    capacity: float,
    closing: float,
) -> Pages:
    """Lay the form's body out on pages (``first_used``: the title's and the head's height on the first
    page; ``head``: the measures' head rows, which every later page of section 1 begins with; ``capacity``: a
    page's height; ``closing``: the height of the lines below the table, all in sheet points).

    With section 2 (``form.section``), every page after the first begins with the head of the rows it
    holds, as rows of its own (sheet-wide print titles would put the measures' head above section 2 too):
    the measures' head above the measures, the section's own column titles and numbers above its
    indicators, none on a page that begins with the section's title (its head follows the title). Without
    it, the sheet's print titles repeat the one head (no rows of the body but the form's)."""
    widths = [text_width(w) for w in form.widths]
    grid = _Grid(widths)
    flows: list[_Flow] = []
    for span in form.spans:
        if span.last_row == span.first_row:
            grid.across.setdefault(span.first_row, []).append((span.first_column, span.last_column))
            continue
        value = form.body[span.first_row].cells[span.first_column]
        width = sum(widths[span.first_column : span.last_column + 1])
        bold = form.body[span.first_row].styles[span.first_column] in BOLD_STYLES
        text = None
        if isinstance(value, str) and value and span.first_column != _NUMBER_COLUMN:
            text = _Text(value, width, bold, 1)
            text.exact()
        flows.append(_Flow(span.first_row, span.last_row, span.first_column, span.last_column, text, value))
        for row in range(span.first_row, span.last_row + 1):
            grid.covered.setdefault(row, set()).update(range(span.first_column, span.last_column + 1))
    # A continued page's label: a span's number names the span next to it (the task's text, the measure's).
    by_start = {(flow.first_row, flow.first_column): flow for flow in flows}
    for flow in flows:
        if flow.first_column == _NUMBER_COLUMN and isinstance(flow.value, str) and flow.value:
            neighbour = by_start.get((flow.first_row, flow.last_column + 1))
            if neighbour is not None:
                neighbour.label = continued(flow.value)

    section_head = _section_head(form, grid)
    repeated = max(sum(r.height for r in head), sum(r.height for r in section_head))
    rows: list[SheetRow] = []
    merges: list[tuple[int, int, int, int]] = []
    first_rows: list[int] = []
    page = 0
    used = first_used
    headless = True  # the page's head rows are still to come (the first page's are above the body)
    # The rows kept with the signature: the last totals block (the annual form's last totals row, the term
    # form's last fund's rows), from its labelled row on.
    labelled = [
        i
        for i, r in enumerate(form.body)
        if r.kind is RowKind.TOTAL and (r.cells[COL_TASK_NUMBER] is not None or r.cells[COL_TASK] is not None)
    ]
    first_total = labelled[-1] if labelled else len(form.body)
    if len(labelled) > 1 and labelled[-2] == first_total - 1:
        first_total -= 1  # the annual form's two totals rows stay together
    if form.section is not None:
        # Section 2 ends the table: its last indicator (over the term: its rows) goes with the signature,
        # and the measures' totals and the section's group rows flow like any other row.
        # Only rows too short to be cut, and only as many as a page holds beside the signature: a tall one
        # is laid out like any other row, giving its last lines to go with them (an indicator taller than
        # a page pushed the signature off its page, and a tall one left the page before it half empty).
        first_total = len(form.body) - 1
        kept = closing + height(_row_lines(form.body[first_total], first_total, grid))
        while first_total > form.section and form.body[first_total - 1].keep_with_next:
            lines = _row_lines(form.body[first_total - 1], first_total - 1, grid)
            if lines >= 4 or kept + height(lines) > capacity - repeated:
                break
            kept += height(lines)
            first_total -= 1
    tail = closing + sum(
        height(_row_lines(form.body[i], i, grid)) for i in range(first_total, len(form.body))
    )
    # A row before the totals gives up lines to go with what follows it, where that cannot be cut (rows
    # too short to leave two lines on either side, the totals, the signature).
    # (The term form's last fund block follows the other fund's: no measure to keep with it.)
    after = [0.0] * len(form.body)
    behind = tail
    kept = first_total - 1 if first_total > 0 and form.body[first_total - 1].kind is RowKind.MEASURE else -1
    for i in range(kept, -1, -1):
        after[i] = behind
        lines = _row_lines(form.body[i], i, grid)
        if lines >= 4 or i < kept:
            break  # the row before the kept rows, and one more where it is too short to give up lines
        behind += height(lines)
    open_flows: list[_Flow] = []
    flow_at: dict[int, list[_Flow]] = {}

    def in_section(index: int) -> bool:
        return form.section is not None and index > form.section

    for flow in flows:
        flow_at.setdefault(flow.first_row, []).append(flow)

    def close_segments(ending: int | None) -> None:
        """End the merges of the flows open on this page: those that end in body row ``ending`` for good,
        all of them (``None``) at a page break, their text continuing on the next page."""
        last = len(rows) - 1
        for flow in list(open_flows):
            ends = flow.last_row == ending
            if ending is not None and not ends:
                continue
            if flow.start < 0 or flow.start > last:
                continue
            _fill_flow(flow, rows[flow.start : last + 1], ends)
            if flow.start < last or flow.last_column > flow.first_column:
                merges.append((flow.start, flow.first_column, last, flow.last_column))
            flow.start = -1
            if ends:
                open_flows.remove(flow)

    def new_page() -> None:
        nonlocal page, used, headless
        close_segments(None)
        page += 1
        used = repeated
        first_rows.append(len(rows))
        headless = True

    def start_page(index: int) -> None:
        """Begin a page's rows with the head of body row ``index``'s section (once a page)."""
        nonlocal headless
        if not headless:
            return
        headless = False
        if page == 0 or form.section is None:
            return  # a form of one table: its head is the sheet's print titles (xlsx_writer)
        if form.section is None or index < form.section:
            rows_of_head: Sequence[HeadRow] = head
        elif index > form.section + 2:
            rows_of_head = section_head
        else:
            rows_of_head = ()  # the page begins with the section's title: its head follows it
        for head_row in rows_of_head:
            for first_column, last_column in head_row.merges:
                merges.append((len(rows), first_column, len(rows), last_column))
            rows.append(SheetRow(list(head_row.cells), head_row.styles, head_row.height, HEAD, page))

    def emit(cut: _Cut, lines: int) -> None:
        nonlocal used
        start_page(cut.index)
        continued_part = cut.parts > 0
        cells: list[object] = list(cut.row.cells)
        for column in grid.covered.get(cut.index, _NOTHING):
            cells[column] = None
        if continued_part:
            for column in range(COLUMNS):
                if column not in cut.texts:
                    cells[column] = None  # figures print once
        for column, text in cut.texts.items():
            done = text.shown
            room = max(0, lines - (text.label_lines if continued_part else 0))
            piece: str | None = text.piece(done, done + room)
            text.shown = done + room
            if continued_part and text.label:
                piece = f"{text.label}\n{piece}" if piece else text.label
            elif continued_part and column == COL_MEASURE and cut.row.styles[column] is CellStyle.CENTER:
                piece = text.text  # the term form's year names the row again
            cells[column] = piece or None
        if cut.parts == 0:
            open_flows.extend(flow_at.get(cut.index, ()))
        for flow in open_flows:
            if flow.start < 0:
                flow.start = len(rows)
        for column, last_column in grid.across.get(cut.index, ()):
            merges.append((len(rows), column, len(rows), last_column))
        rows.append(SheetRow(cells, cut.row.styles, height(lines), cut.index, page))
        used += rows[-1].height
        cut.parts += 1

    for index, form_row in enumerate(form.body):
        cut = _Cut(form_row, index, _texts(form_row, index, grid))
        # What must print after this row on the page where the table ends: the rows left and the totals
        # with the signature, where all of it fits one page (the row gives up lines to go with them).
        reserve = after[index] if index < first_total and after[index] <= capacity - repeated else 0.0
        while True:
            continued_part = cut.parts > 0
            flow_need = _flow_need(open_flows, index, rows)
            if continued_part and not cut.remaining() and not flow_need:
                break
            need = max(cut.left(continued_part), flow_need)
            room = capacity - used
            fit = min(lines_in(room), MAX_LINES)
            if index >= first_total:  # the totals: on the page the reserve kept for them
                if height(need) > room and used > repeated and index == first_total:
                    new_page()
                emit(cut, min(need, MAX_LINES))
                break
            if need <= fit and height(need) + reserve <= room:
                if (
                    _keeps(form_row)
                    and index + 1 < first_total
                    and index + 1 != form.section
                    # an indicator's year row as tall as a cut row: laid out as one (its next is cut to fit)
                    and not (in_section(index) and form_row.kind is RowKind.MEASURE and need >= 4)
                ):
                    # A heading (the term form's task; section 2's title, head and group rows) stays with
                    # the first lines of the row after it (section 2's: with the rows it keeps together).
                    following = index + 1
                    next_lines = 0.0
                    lines_after = 0
                    while (
                        form_row.kind is not RowKind.MEASURE
                        and following + 1 < first_total
                        and following != form.section  # the measures' totals: not with section 2
                        and _keeps(form.body[following])
                    ):
                        lines = _row_lines(form.body[following], following, grid)
                        if lines >= 4:
                            lines_after = 2  # a row that tall may be cut: its first lines go along, not all
                            break
                        next_lines += height(lines)
                        following += 1
                    if not lines_after:
                        lines_after = _row_lines(form.body[following], following, grid)
                        if form_row.kind is RowKind.MEASURE or lines_after >= 4:
                            lines_after = min(2, lines_after)  # (a row that short is not cut: it goes whole)
                    next_lines += height(lines_after)
                    together = height(need) + next_lines
                    # To the next page with what it keeps, unless that would not fit a page either.
                    if together > room and used > repeated and together <= capacity - repeated:
                        new_page()
                        continue
                emit(cut, need)
                break
            if any(x.starts is None for x in cut.texts.values()):
                for x in cut.texts.values():
                    x.exact()  # the row is cut: its texts' lines counted exactly
                continue
            if need > MAX_LINES and fit == MAX_LINES:
                emit(cut, MAX_LINES)  # taller than a row may be: it continues on the same page
                continue
            # At least two lines on either side of the break (and so the last measure's last lines go
            # with the totals and the signature).
            fit = min(fit, need - 2)
            labels = max((x.label_lines for x in cut.texts.values()), default=0) if continued_part else 0
            if fit - labels >= 2:
                emit(cut, fit)
                new_page()
                continue
            if need <= lines_in(room) and need <= MAX_LINES and index != kept:
                emit(cut, need)  # too short to give lines to the last page: it stays whole here
                break
            if used > repeated + 1e-6:
                # Moved whole: a cut would leave fewer than two lines on a side. A heading just above it
                # (the term form's task) goes along.
                heading = rows[-1] if cut.parts == 0 and rows and rows[-1].body == index - 1 else None
                if (
                    heading is not None
                    and _is_heading(form.body[index - 1])
                    and not in_section(index - 1)  # an indicator's year row is no heading
                    and len(rows) - 1 not in (0, *first_rows)
                    and rows[-2].body != HEAD  # not the page's first row under its head
                ):
                    rows.pop()
                    used -= heading.height
                    new_page()
                    start_page(heading.body)
                    heading.page = page
                    rows.append(heading)
                    used += heading.height
                else:
                    new_page()
                continue
            emit(cut, max(1, min(need, fit)))  # a fresh page takes what it can
            if cut.remaining() or _flow_need(open_flows, index, rows):
                new_page()
                continue
            break
        close_segments(index)
    close_segments(None)
    return Pages(rows, merges, first_rows, page)


def _section_head(form: Form, grid: _Grid) -> tuple[HeadRow, ...]:
    """Section 2's column titles and numbers (the two body rows after its title) as a page's head."""
    if form.section is None:
        return ()
    out: list[HeadRow] = []
    for index in (form.section + 1, form.section + 2):
        row = form.body[index]
        merged = tuple(sorted(grid.across.get(index, ())))
        lines = _row_lines(row, index, grid)
        out.append(HeadRow(tuple(row.cells), row.styles, height(lines), merged))
    return tuple(out)


def _keeps(row: FormRow) -> bool:
    """A row that must not end a page: a heading (``_is_heading``), or section 2's title, head or group."""
    return row.keep_with_next and not row.measure and row.kind is not RowKind.CONTINUATION


def _is_heading(row: FormRow) -> bool:
    """A row that must not end a page (the term form's task heading: kept with the next, no measure)."""
    return row.keep_with_next and not row.measure and row.kind is RowKind.MEASURE


def _texts(row: FormRow, index: int, grid: _Grid) -> dict[int, _Text]:
    """The row's own texts (not merged down), measured at their cells' widths."""
    texts: dict[int, _Text] = {}
    tallest = 1
    cells = row.cells
    covered = grid.covered.get(index, _NOTHING)
    across = dict(grid.across[index]) if index in grid.across else None
    widths = grid.widths
    bolds = bold_columns(row)
    # The information text first (most often the tallest): the others are only bounded against it.
    for column in _TEXT_ORDER:
        value = cells[column]
        if not isinstance(value, str) or not value or column in covered:
            continue
        if across is not None and column in across:
            width = sum(widths[column : across[column] + 1])
        else:
            width = widths[column]
        bold = bolds[column]
        if "\n" not in value and len(value) * _WIDEST[bold] <= width:
            text = _Text(value, width, bold, 1, [0])  # one line whatever its letters
        elif column == COLUMNS - 1:  # the information: its lines are where a cut row is cut, found once
            starts = line_starts(value, width, TABLE_SIZE, bold)
            text = _Text(value, width, bold, len(starts), starts)
        else:
            text = _Text(value, width, bold, line_count(value, width, TABLE_SIZE, bold, at_most=tallest))
        tallest = max(tallest, text.count)
        if row.kind is RowKind.MEASURE:
            if column == COL_MEASURE and row.measure and value.startswith(row.measure.rstrip(".") + "."):
                text.number = row.measure
            elif (
                column == COL_TASK
                and isinstance(row.cells[COL_TASK_NUMBER], str)
                and row.cells[COL_TASK_NUMBER]
            ):  # a task's number, or section 2's indicator's (its name across B:C): «3 (продовж.)»
                text.number = str(row.cells[COL_TASK_NUMBER])
        if column == COL_TASK_NUMBER and COL_TASK not in covered and isinstance(row.cells[COL_TASK], str):
            continue  # the number's label goes into the task's text on a continued part; the number prints once
        texts[column] = text
    return texts


def _row_lines(row: FormRow, index: int, grid: _Grid) -> int:
    return max((text.count for text in _texts(row, index, grid).values()), default=1)


def _flow_need(open_flows: list[_Flow], index: int, rows: list[SheetRow]) -> int:
    """Lines body row ``index`` must show for the merged texts that end in it, beyond what the rows above
    it on this page already give them (0: none left to show)."""
    need = 0
    for flow in open_flows:
        if flow.last_row != index or flow.text is None:
            continue
        rest = len(flow.text.exact()) - flow.done + (1 if flow.shown and flow.label else 0)
        if rest <= 0:
            continue
        have = sum(r.height for r in rows[flow.start :]) if flow.start >= 0 else 0.0
        n = 1
        while n < MAX_LINES and lines_in(have + height(n)) < rest:
            n += 1
        need = max(need, n)
    return need


def _fill_flow(flow: _Flow, segment: list[SheetRow], ends: bool) -> None:
    """Put the flow's text for this page in the segment's first row (its merge's top-left cell)."""
    top = segment[0]
    if flow.text is None:
        top.cells[flow.first_column] = None if flow.shown else flow.value
        flow.shown = True
        return
    label = flow.label if flow.shown else ""
    room = lines_in(sum(r.height for r in segment)) - (1 if label else 0)
    count = len(flow.text.exact())
    last = count if ends else min(count, flow.done + max(0, room))
    piece = flow.text.piece(flow.done, last)
    if label:
        piece = f"{label}\n{piece}" if piece else label
    top.cells[flow.first_column] = piece or None
    flow.done = last
    flow.shown = True


def amount(value: object) -> Decimal | int | None:
    return value if isinstance(value, Decimal | int) else None
