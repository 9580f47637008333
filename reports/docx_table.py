"""The DOCX report's table as WordprocessingML text, spliced into the package python-docx saved.

Why it is not written with python-docx's objects (issue 24, point 6, measured and decided): a table built
with python-docx's own elements (``add_table``, then each cell's text, style, ``vMerge`` and ``gridSpan``
set on its element, no ``table.cell()`` or ``merge()``, which are quadratic) took 4,44 s for 800 measures
where this text takes 0,20 s: within the issue's 1,5x of the bare library (the benchmark's bare python-docx,
3,21 s), but twenty times slower than the writer before it, where the issue also asks that the report
benchmarks be no slower than before (and at 50,000 measures the DOCX would take minutes). So the text stays,
here and only here. It is what python-docx would write, element for element, less what is said once
elsewhere: tables of fixed layout, their column grid (which gives each cell its width: no ``w:tcW``), their
borders and cells' margins in a table style (``TABLE_STYLE_ID``, added by ``docx_writer``), the head rows
repeated (``w:tblHeader``, ``w:cantSplit``), merges (``w:vMerge``, ``w:gridSpan``), paragraph styles by id
(the plain cells' style is the default paragraph style, so their paragraphs name none), ``xml:space`` only
on a text whose spaces an office program would otherwise drop or join. It is made as UTF-8 cell by cell:
only the texts are encoded, the markup made once as bytes.

Its cost with our own pages (``docx_pages``), in processor time in one run (``python -m
benchmarks.reports_bench --docx-before 8a775a3``, the writer without pages; load 2,6-2,8 on 2 cores): 800
synthetic measures 0,104 s the first time, 0,065 s written again (its wrapped texts and the document around
the table cached), where the writer without pages took 0,077 s and bare python-docx 0,56 s; 2,000 measures
0,241 / 0,170 s against 0,141 s (bare 1,42 s; another run 0,214 / 0,161 s). What is left of the
difference: the head rows begin every page's table again (1 305 pages at 2,000 synthetic measures), so
document.xml is still a third bigger than the writer without pages wrote (10,4 MB against 7,8 MB; 16 MB
before the shortening above) and deflating it 0,01 s longer; laying the pages out is 0,05 s; and the first
time, wrapping each row's tallest text and the labels of the rows cut at a page's end (the writer without
pages measured nothing), 0,04 s more.

The measures' rows come a table a page, as ``reports.docx_pages`` laid them out: each table after the first
begins a page (``BREAK``), every row ``w:cantSplit``, a cell merged down begun again on each page it covers.

``docx_writer`` makes the rest of the document with python-docx and a marker paragraph where the table
goes; :func:`splice` copies the saved package, the table's text streamed in place of the marker, which
keeps a report of tens of thousands of rows linear in time and out of an XML tree in memory.
"""

from __future__ import annotations

import copy
import io
import os
import time
import zipfile
from collections.abc import Iterator
from typing import BinaryIO, Final
from xml.sax.saxutils import escape as xml_escape

from reports import layout
from reports.docx_pages import (
    CELL_BOTTOM_TWIPS,
    CELL_MARGIN_TWIPS,
    CELL_TOP_TWIPS,
    COL_NUMBER,
    COL_TEXT,
    LEADING,
    NUMBER_STYLES,
    PADS,
    SECTION_TITLE_AFTER_TWIPS,
    SECTION_TITLE_BEFORE_TWIPS,
    SECTION_TITLE_SIZE,
    Cell,
    Pages,
    Row,
    continued,
    wrapped_starts,
)
from reports.form import BOLD_STYLES, COLUMNS, CellStyle, Form, FormRow, RowKind, cell_text

MARKER: Final = "ZVITBOT-TABLE-0d1f6c"
_DOCUMENT_PART: Final = "word/document.xml"
CELL_STYLE_IDS: Final = {
    CellStyle.HEADER: "ZvitHeader",
    CellStyle.COLUMN_NUMBER: "ZvitCellCenter",
    CellStyle.CENTER: "ZvitCellCenter",
    CellStyle.TEXT: "ZvitCell",
    CellStyle.AMOUNT: "ZvitCellAmount",
    CellStyle.TOTAL_TEXT: "ZvitTotal",
    CellStyle.TOTAL_AMOUNT: "ZvitTotalAmount",
    CellStyle.VALUE: "ZvitCellAmount",  # section 2's values, printed exactly (form.cell_text)
    CellStyle.TOTAL_VALUE: "ZvitTotalAmount",
}


# The tables' style: their borders and cells' margins, said once in the styles part (``docx_writer`` adds
# it) rather than in each of a long report's thousand tables, one a page.
TABLE_STYLE_ID: Final = "ZvitTable"
TABLE_STYLE_XML: Final = (
    "<w:tblPr><w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders><w:tblCellMar>"
    f'<w:top w:w="{CELL_TOP_TWIPS}" w:type="dxa"/><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
    f'<w:bottom w:w="{CELL_BOTTOM_TWIPS}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr>"
)


def _deflated(item: zipfile.ZipInfo, now: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A new entry like ``item``, compressed (a ZipInfo of its own would be stored as it is)."""
    info = zipfile.ZipInfo(item.filename, now)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _dated(item: zipfile.ZipInfo, now: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """``item`` written now (the saved package may be an earlier write's, ``docx_writer._skeleton``)."""
    info = copy.copy(item)
    info.date_time = now
    return info


def splice(skeleton: io.BytesIO, target: str | os.PathLike[str] | BinaryIO, table: Iterator[bytes]) -> None:
    """Copy the saved package to ``target``, the table's XML (UTF-8, in pieces) in place of the marker
    paragraph."""
    now = time.localtime(time.time())[:6]  # as python-docx dates the entries it saves
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != _DOCUMENT_PART:
                out.writestr(_dated(item, now), data)
                continue
            xml = data.decode("utf-8")
            marker = xml.index(MARKER)
            start = max(xml.rfind("<w:p>", 0, marker), xml.rfind("<w:p ", 0, marker))
            end = xml.index("</w:p>", marker) + len("</w:p>")
            with out.open(_deflated(item, now), "w") as part:
                part.write(xml[:start].encode("utf-8"))
                for piece in table:
                    part.write(piece)
                part.write(xml[end:].encode("utf-8"))


def table_xml(form: Form, widths: tuple[int, ...], pages: Pages) -> Iterator[bytes]:
    """The table's WordprocessingML in UTF-8, piece by piece (``widths``: the columns', in twips): the body
    rows of ``pages`` a table a page, each after a page break (``BREAK``) with the head rows first: the
    measures', or on a page of section 2 (result indicators, after the measures' totals) its own column
    titles and numbers; section 2's title is a paragraph that ends one table and begins the next. (Bytes
    made cell by cell: only the texts are encoded, not the markup around them again and again, and a page's
    pieces are joined once.)"""
    table_start = (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE_ID}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ).encode()
    pieces = _pieces()
    out: list[bytes] = [table_start]
    for row in form.head:
        _row_xml(out, row, {}, pieces)
    head = b"".join(out)
    out.clear()
    section = form.section
    section_rows: list[bytes] = []  # section 2's column titles and numbers: its pages' head
    if section is not None:
        for index in (section + 1, section + 2):
            across = {
                span.first_column: span.last_column - span.first_column + 1
                for span in form.spans
                if span.first_row == index
            }
            _row_xml(out, form.body[index], across, pieces)
            section_rows.append(b"".join(out))
            out.clear()
    section_head = table_start + b"".join(section_rows)
    # Kept with the signature: the last measure row (the term's: its «Усього») and the totals. A longer
    # chain (the term form keeps the last measure's whole block, for the PDF to cut inside it) can be taller
    # than a page, and LibreOffice then moves it to a page of its own, leaving the page before it empty.
    kept_from = max(
        (i for i, row in enumerate(form.body[: pages.end]) if row.kind is RowKind.MEASURE), default=0
    )
    open_cells: dict[int, Cell] = {}  # column -> the cell merged down from a row above
    for number, page in enumerate(pages.pages):
        if number:
            out.append(BREAK)
        first = page[0].body
        if section is None or first < section:
            out.append(head)
        elif first > section + 2:
            out.append(section_head)
        elif first > section:  # (not expected: the title is kept with the rows below it)
            out.append(table_start)
        last_page = number == len(pages.pages) - 1
        following = pages.pages[number + 1][0].body if not last_page else pages.end
        for position, row in enumerate(page):
            if row.body == section:  # section 2's title between the tables
                title = _section_title_xml(cell_text(form.body[section].cells[0]))
                out.append((b"</w:tbl>" if position else b"") + title + table_start)
                continue
            if section is not None and section < row.body <= section + 2:  # its head, below its title
                out.append(section_rows[row.body - section - 1])
                continue
            keep = last_page and row.body >= kept_from and form.body[row.body].keep_with_next
            _page_row_xml(out, row, page, position, following, open_cells, pieces, pages, keep)
        if len(out) >= 2048:
            yield b"".join(out)
            out.clear()
    out.append(b"</w:tbl>")
    yield b"".join(out)


# The paragraph between two pages' tables: the next page begins with it, a point high (Word and LibreOffice
# both honour ``w:pageBreakBefore``; a table cannot carry a page break itself).
BREAK: Final = (
    b'</w:tbl><w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" '
    b'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
)


def _page_row_xml(
    out: list[bytes],
    row: Row,
    page: list[Row],
    position: int,
    following: int,
    open_cells: dict[int, Cell],
    pieces: _Pieces,
    pages: Pages,
    keep: bool,
) -> None:
    """A body row of a page's table, onto ``out`` (``following``: the body row the next page begins with).
    A cell merged down begins again (``w:vMerge`` restart) on each page it covers, with as many of its lines
    as the rows it covers there show; on a page after its first the task's text names it («1 (продовж.)»), and
    section 2's name (B:C) its indicator («3 (продовж.)»)."""
    out.append(_ROW)
    column = 0
    row_cells = row.cells
    opens, starts = pieces
    plain, paragraph = opens[_OWN], starts[keep]
    while column < COLUMNS:
        cell = row_cells[column]
        if cell is not None and cell.last_body < 0:
            if cell.style in NUMBER_STYLES and cell.text:
                _number_cell_xml(out, cell, plain[column][cell.columns], paragraph[cell.style._name_])
            else:
                _cell_xml(out, cell.text, plain[column][cell.columns], paragraph[cell.style._name_])
            column += cell.columns
            continue
        label = ""
        if cell is not None:  # merged down from here
            open_cells[column] = cell
            merge = _RESTART
        else:
            cell = open_cells.get(column)
            if cell is None or cell.last_body < row.body:  # (not expected: an empty cell)
                _cell_xml(out, "", plain[column][1], paragraph[row.styles[column]._name_])
                column += 1
                continue
            merge = _RESTART if position == 0 else _CONTINUE
            number = open_cells.get(COL_NUMBER)
            if merge == _RESTART and column == COL_TEXT and cell.columns <= 2 and number is not None:
                label = continued(number.text.rstrip("."))
        text = ""
        if merge == _RESTART:
            text = _merged_piece(cell, label, page, position, following, column, pages)
        _cell_xml(out, text, opens[merge][column][cell.columns], paragraph[cell.style._name_])
        column += cell.columns
    out.append(_ROW_END)


def _merged_piece(
    cell: Cell, label: str, page: list[Row], position: int, following: int, column: int, pages: Pages
) -> str:
    """As much of a merged cell's text as its rows on this page show, below ``label``; all that is left of it
    where its rows end on this page."""
    label_lines = (
        len(wrapped_starts(label, pages.text_widths[column], page[position].size, False)) if label else 0
    )
    goes_on = following <= cell.last_body
    if goes_on:
        room = sum(pages.heights[id(r)] for r in page[position:] if r.body <= cell.last_body)
        pitch = page[position].size * LEADING
        lines = max(0, int((room - PADS) / pitch + 0.01) - label_lines)
    else:
        lines = cell.lines
    text = cell.piece(cell.shown, cell.shown + lines)
    cell.shown += lines
    return f"{label}\n{text}" if label and text else label or text


# The pieces a table's cells are made of, in UTF-8: a cell's opening (``<w:tc>`` and its properties) by how
# it is merged down (``_OWN``, ``_RESTART``, ``_CONTINUE``), column and the columns it spans; a paragraph's
# opening by whether it is kept with the next and its style's name (lists and names: an Enum member hashes
# slowly).
_Pieces = tuple[list[list[list[bytes]]], tuple[dict[str, bytes], dict[str, bytes]]]
_OWN, _RESTART, _CONTINUE = 0, 1, 2
_MERGES: Final = ("", '<w:vMerge w:val="restart"/>', "<w:vMerge/>")
_ROW: Final = b"<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_HEAD_ROW: Final = b"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
_ROW_END: Final = b"</w:tr>"
_TEXT: Final = b"<w:r><w:t>"
_TEXT_SPACED: Final = b'<w:r><w:t xml:space="preserve">'
_TEXT_END: Final = b"</w:t></w:r></w:p>"
_PARAGRAPH_END: Final = b"</w:p>"
_CELL_END: Final = b"</w:tc>"


# The default paragraph style (``docx_writer`` makes it so): its paragraphs leave it unnamed.
DEFAULT_STYLE: Final = "Zvit Cell"
_DEFAULT_STYLE_ID: Final = "ZvitCell"


def _pieces() -> _Pieces:
    """(The cells carry no width: the table's grid, of fixed layout, gives each its columns'.)"""
    opens: list[list[list[bytes]]] = [[[b""] * (COLUMNS + 1) for _ in range(COLUMNS)] for _ in _MERGES]
    for column in range(COLUMNS):
        for span in range(1, COLUMNS - column + 1):
            properties = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            for merge, merged in enumerate(_MERGES):
                properties_xml = properties + merged
                opens[merge][column][span] = (
                    f"<w:tc><w:tcPr>{properties_xml}</w:tcPr>" if properties_xml else "<w:tc>"
                ).encode()
    plain, kept = (
        {
            style._name_: (
                f"<w:p><w:pPr>{'<w:keepNext/>' if keep else ''}</w:pPr>"
                if style_id == _DEFAULT_STYLE_ID
                else f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{"<w:keepNext/>" if keep else ""}</w:pPr>'
            )
            .replace("<w:pPr></w:pPr>", "")
            .encode()
            for style, style_id in CELL_STYLE_IDS.items()
        }
        for keep in (False, True)
    )
    return opens, (plain, kept)


def _cell_xml(out: list[bytes], text: str, opening: bytes, start: bytes) -> None:
    """A cell onto ``out``: its opening (``_pieces``), a paragraph (opened by ``start``) for each line of its
    text, each line's spaces kept where an office program would drop or join them."""
    if "&" in text or "<" in text or ">" in text:
        text = xml_escape(text)
    out.append(opening)
    for part in text.split("\n") if "\n" in text else (text,):
        if not part:
            out += (start, _PARAGRAPH_END)
        elif part[0] == " " or part[-1] == " " or "  " in part or "\t" in part:
            out += (start, _TEXT_SPACED, part.encode(), _TEXT_END)
        else:
            out += (start, _TEXT, part.encode(), _TEXT_END)
    out.append(_CELL_END)


def _number_cell_xml(out: list[bytes], cell: Cell, opening: bytes, start: bytes) -> None:
    """A number's cell (``docx_pages.NUMBER_STYLES``) onto ``out``: on its one line, in a smaller size (whole
    half-points) where it is wider than its column, as the PDF draws it."""
    wide = layout.text_width(cell.text, cell.size, cell.style in BOLD_STYLES)
    if wide <= cell.width:
        _cell_xml(out, cell.text, opening, start)
        return
    half_points = int(2 * cell.size * cell.width / wide)
    out += (
        opening,
        start,
        f'<w:r><w:rPr><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr><w:t>'.encode(),
        xml_escape(cell.text).encode(),
        _TEXT_END,
        _CELL_END,
    )


def _section_title_xml(text: str) -> bytes:
    """Section 2's title between the tables, bold, kept with its table."""
    return (
        f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="{SECTION_TITLE_BEFORE_TWIPS}" '
        f'w:after="{SECTION_TITLE_AFTER_TWIPS}"/></w:pPr><w:r><w:rPr><w:b/>'
        f'<w:sz w:val="{SECTION_TITLE_SIZE * 2}"/></w:rPr><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'
    ).encode()


def _row_xml(out: list[bytes], row: FormRow, across: dict[int, int], pieces: _Pieces) -> None:
    """A head row (the measures' column titles or numbers, or section 2's) onto ``out``, repeated by the
    office program should a page's rows overflow it (``w:tblHeader``); ``across``: column -> the columns a
    cell spans."""
    out.append(_HEAD_ROW)
    column = 0
    values, styles = row.cells, row.styles
    opens, paragraph_starts = pieces
    paragraph = paragraph_starts[False]
    while column < COLUMNS:
        span = across.get(column, 1)
        _cell_xml(out, cell_text(values[column]), opens[_OWN][column][span], paragraph[styles[column]._name_])
        column += span
    out.append(_ROW_END)
