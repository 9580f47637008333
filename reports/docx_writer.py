"""The consolidated report as a Word document (DOCX) in the official form: ``reports.form`` laid out.

A4 landscape, Times New Roman. The title block, the decision and term lines and the section line are
paragraphs; then one table of ten columns: the column titles and the column numbers (1 2 3 4 5 7 8 9 10 11)
are header rows (``w:tblHeader``: Word and LibreOffice repeat them on every page), then a row per measure,
the task's number and text merged down over its measures (``w:vMerge``), the two totals rows (their label
across B:E, ``w:gridSpan``); the signature after the table. A line break in a text is a new paragraph of
the cell. Amounts and percents are printed with one decimal and a decimal comma (``form.amount_text``).

Pages: a row is not split across pages (``w:cantSplit``) where it fits on one (``reports.layout``
estimates its height); a taller row may split, so its text continues on the next page instead of being
cut. The last measure, the totals rows and the signature are kept together (``w:keepNext``). The footer
says "Сторінка N з M" (PAGE and NUMPAGES fields).

The document (styles, section, footer, the lines around the table) is made with python-docx; the table
itself is written as WordprocessingML text into the saved package in place of a marker paragraph, which
keeps a report of tens of thousands of rows linear in time and out of an XML tree in memory.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from typing import BinaryIO, Final
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle

from reports import layout, texts
from reports.form import (
    COLUMN_WIDTHS,
    COLUMNS,
    CellStyle,
    Form,
    FormRow,
    Line,
    LineStyle,
    cell_text,
    form_of,
)
from reports.gc_pause import collection_paused
from reports.model import Report

FONT: Final = "Times New Roman"
TEXT_SIZE: Final = 12
TABLE_SIZE: Final = 9
HEADER_SIZE: Final = 8  # the column titles: their longest words fit the amount columns unbroken
PAGE_WIDTH_MM: Final = 297
PAGE_HEIGHT_MM: Final = 210
MARGIN_MM: Final = 12
FOOTER_MM: Final = 6
# Column widths, relative (the XLSX's, so the forms look alike), spread over the width between margins.
COLUMN_SHARES: Final = COLUMN_WIDTHS  # the annual form's; a form carries its own (Form.widths)
CELL_MARGIN_TWIPS: Final = 57  # 1 mm left and right of the text in a cell
TWIPS_PER_MM: Final = 1440 / 25.4
# Word's single line spacing for Times New Roman is 1.15 em; measured a little wider, as layout does.
LINE_FACTOR: Final = 1.2

_MARKER: Final = "ZVITBOT-TABLE-0d1f6c"
_DOCUMENT_PART: Final = "word/document.xml"

_TABLE_WIDTH: Final = round((PAGE_WIDTH_MM - 2 * MARGIN_MM) * TWIPS_PER_MM)


def _grid(shares: tuple[float, ...]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The columns' widths in twips for these shares, and the room for text in each, in points, a little
    narrower than the column (as layout's margin)."""
    widths = tuple(round(_TABLE_WIDTH * share / sum(shares)) for share in shares)
    return widths, tuple((w - 2 * CELL_MARGIN_TWIPS) / 20 * 0.95 for w in widths)


_WIDTHS, _TEXT_WIDTHS = _grid(COLUMN_SHARES)
# The height a row may have and still go on one page (below the repeated header rows), in points.
_PAGE_BODY: Final = (PAGE_HEIGHT_MM - 2 * MARGIN_MM - FOOTER_MM) * 72 / 25.4 - 80

# Paragraph styles of the table (name -> alignment, bold, size); their ids are the names without spaces.
_STYLES: Final = {
    "Zvit Cell": (WD_ALIGN_PARAGRAPH.LEFT, False, TABLE_SIZE),
    "Zvit Cell Center": (WD_ALIGN_PARAGRAPH.CENTER, False, TABLE_SIZE),
    "Zvit Cell Amount": (WD_ALIGN_PARAGRAPH.RIGHT, False, TABLE_SIZE),
    "Zvit Header": (WD_ALIGN_PARAGRAPH.CENTER, True, HEADER_SIZE),
    "Zvit Total": (WD_ALIGN_PARAGRAPH.LEFT, True, TABLE_SIZE),
    "Zvit Total Amount": (WD_ALIGN_PARAGRAPH.RIGHT, True, TABLE_SIZE),
}
_CELL_STYLE_IDS: Final = {
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
_LINE_FORMAT: Final = {
    LineStyle.TITLE: (WD_ALIGN_PARAGRAPH.CENTER, True),
    LineStyle.TITLE_PLAIN: (WD_ALIGN_PARAGRAPH.CENTER, False),
    LineStyle.TEXT: (WD_ALIGN_PARAGRAPH.LEFT, False),
    LineStyle.SECTION: (WD_ALIGN_PARAGRAPH.LEFT, True),
    LineStyle.SIGNATORY_TITLE: (WD_ALIGN_PARAGRAPH.LEFT, False),
    LineStyle.SIGNATORY_NAME: (WD_ALIGN_PARAGRAPH.RIGHT, False),
}
_BOLD: Final = frozenset(
    {CellStyle.HEADER, CellStyle.TOTAL_TEXT, CellStyle.TOTAL_AMOUNT, CellStyle.TOTAL_VALUE}
)


def write_report(report: Report, target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``report`` as a DOCX in the official form to a path or a binary file (layout: module doc)."""
    with collection_paused():
        write_form(form_of(report), target)


def write_form(form: Form, target: str | os.PathLike[str] | BinaryIO) -> None:
    doc = Document()
    _set_up(doc)
    for line in form.title:
        _line(doc, line, keep=False)
    doc.add_paragraph(_MARKER)
    for index, line in enumerate(form.closing):
        _line(doc, line, keep=index < len(form.closing) - 1)  # the signature stays together
    skeleton = io.BytesIO()
    doc.save(skeleton)
    _splice(skeleton, target, _table_xml(form))


def _set_up(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    section.header_distance = section.footer_distance = Mm(FOOTER_MM)
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _font(normal, TEXT_SIZE, bold=False)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, (alignment, bold, size) in _STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.base_style = normal
        _font(style, size, bold=bold)
        style.paragraph_format.alignment = alignment
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, rest = texts.template("form-page-line", "page", "pages").split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    footer.add_run(before)
    footer._p.append(_field("PAGE"))
    footer.add_run(middle)
    footer._p.append(_field("NUMPAGES"))
    if after:
        footer.add_run(after)


def _font(style: ParagraphStyle, size: float, *, bold: bool) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):  # Cyrillic is in the ascii/hAnsi ranges; these for the rest
        fonts.set(qn(attribute), FONT)


def _field(instruction: str) -> object:
    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )


def _line(doc: DocumentObject, line: Line | None, *, keep: bool) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = keep or None
    if line is None:
        return
    alignment, bold = _LINE_FORMAT[line.style]
    paragraph.alignment = alignment
    paragraph.add_run(line.text).bold = bold  # python-docx makes a line break of "\n"


def _deflated(item: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry like ``item``, compressed (a ZipInfo of its own would be stored as it is)."""
    info = zipfile.ZipInfo(item.filename, item.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _splice(skeleton: io.BytesIO, target: str | os.PathLike[str] | BinaryIO, table: Iterator[str]) -> None:
    """Copy the saved package to ``target``, the table's XML in place of the marker paragraph."""
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != _DOCUMENT_PART:
                out.writestr(item, data)
                continue
            xml = data.decode("utf-8")
            marker = xml.index(_MARKER)
            start = max(xml.rfind("<w:p>", 0, marker), xml.rfind("<w:p ", 0, marker))
            end = xml.index("</w:p>", marker) + len("</w:p>")
            with out.open(_deflated(item), "w") as part:
                part.write(xml[:start].encode("utf-8"))
                chunk: list[str] = []
                for piece in table:
                    chunk.append(piece)
                    if len(chunk) >= 512:
                        part.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                part.write("".join(chunk).encode("utf-8"))
                part.write(xml[end:].encode("utf-8"))


def _table_xml(form: Form) -> Iterator[str]:
    grid = _grid(form.widths) if form.widths != COLUMN_SHARES else (_WIDTHS, _TEXT_WIDTHS)
    yield (
        start := f'<w:tbl><w:tblPr><w:tblW w:w="{sum(grid[0])}" w:type="dxa"/><w:jc w:val="center"/>'
        "<w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in grid[0])
        + "</w:tblGrid>"
    )
    for row in form.head:
        yield _row_xml(row, {}, {}, grid, header=True)
    # (row, column) -> (columns it spans, rows it spans); cells inside a vertical merge continue it
    # (-> the columns it spans).
    starts: dict[tuple[int, int], tuple[int, int]] = {}
    continues: dict[tuple[int, int], int] = {}
    for span in form.spans:
        starts[span.first_row, span.first_column] = (
            span.last_column - span.first_column + 1,
            span.last_row - span.first_row + 1,
        )
        for row in range(span.first_row + 1, span.last_row + 1):
            continues[row, span.first_column] = span.last_column - span.first_column + 1
    section = form.section
    for index, row in enumerate(form.body):
        if index == section:  # section 2: its title, then a table of its own, its column titles repeated
            yield "</w:tbl>" + _section_title_xml(cell_text(row.cells[0])) + start
            continue
        header = section is not None and section < index <= section + 2
        yield _row_xml(row, starts, continues, grid, index=index, header=header)
    yield "</w:tbl>"


def _section_title_xml(text: str) -> str:
    """Section 2's title between the tables, bold, kept with its table."""
    return (
        '<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr><w:r><w:rPr><w:b/>'
        f'<w:sz w:val="{TEXT_SIZE * 2}"/></w:rPr><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'
    )


def _row_xml(
    row: FormRow,
    starts: dict[tuple[int, int], tuple[int, int]],
    continues: dict[tuple[int, int], int],
    grid: tuple[tuple[int, ...], tuple[float, ...]],
    *,
    index: int = -1,
    header: bool = False,
) -> str:
    keep = "<w:keepNext/>" if row.keep_with_next else ""
    cells: list[str] = []
    lines = 1
    column = 0
    values, styles = row.cells, row.styles
    while column < COLUMNS:
        value, style = values[column], styles[column]
        span, down = starts.get((index, column), (1, 1))
        if down == 1:
            span = continues.get((index, column), span)
        width = sum(grid[0][column : column + span])
        properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            properties += f'<w:gridSpan w:val="{span}"/>'
        if down > 1:
            properties += '<w:vMerge w:val="restart"/>'
        elif (index, column) in continues:
            properties += "<w:vMerge/>"
        text = cell_text(value)
        style_id = _CELL_STYLE_IDS[style]
        paragraphs = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{keep}</w:pPr>'
            + (f'<w:r><w:t xml:space="preserve">{xml_escape(part)}</w:t></w:r>' if part else "")
            + "</w:p>"
            for part in text.split("\n")
        )
        cells.append(f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>")
        if text and down == 1 and isinstance(value, str):
            text_width = sum(grid[1][column : column + span]) + (span - 1) * 2 * CELL_MARGIN_TWIPS / 20
            size = HEADER_SIZE if style is CellStyle.HEADER else TABLE_SIZE
            needed = layout.line_count(text, text_width, size, style in _BOLD)
            if needed > lines:
                lines = needed
        column += span
    height = lines * TABLE_SIZE * LINE_FACTOR
    properties = "<w:cantSplit/>" if height <= _PAGE_BODY else ""
    if header:
        properties += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{properties}</w:trPr>{''.join(cells)}</w:tr>"
