"""The consolidated report as a Word document (DOCX) in the official form: ``reports.form`` laid out.

A4 landscape, Times New Roman. The title block, the decision and term lines and the section line are
paragraphs; then one table of ten columns: the column titles and the column numbers (1 2 3 4 5 7 8 9 10 11)
are header rows (``w:tblHeader``: Word and LibreOffice repeat them on every page), then a row per measure,
the task's number and text merged down over its measures (``w:vMerge``), the two totals rows (their label
across B:E, ``w:gridSpan``); the signature after the table. A line break in a text is a new paragraph of
the cell. Amounts and percents are printed with one decimal and a decimal comma (``form.amount_text``).

Pages: laid out here as the PDF's are (``reports.docx_pages``), so that a row cut at a page break names
its measure on the next page: each page's rows are a table of its own after a page break, the head rows
first (``w:tblHeader``), no row split by Word or LibreOffice (``w:cantSplit``); a row that does not fit the
rest of a page is written as the lines that fit and a continuation row beginning «4.3 (продовж.)», the
task's cells begun again with «1 (продовж.)» (issue 24, point 1). Our measure errs on the tall side, so the
office program never pushes a row past our break. The last measure, the totals rows and the signature are
kept together (``w:keepNext``). Cell text has a margin above and below it. The footer says "Сторінка N з M"
(PAGE and NUMPAGES fields). Section 2 (result indicators), after the measures' totals, is laid out the same
way: its title a paragraph between tables, its pages headed by its own column titles and numbers, an indicator
cut at a page's end going on as «3 (продовж.)» in its name's cell.

The document (styles, section, footer, the lines around the table) is made with python-docx; the table
is WordprocessingML text spliced into the saved package (``reports.docx_table``, which says why). What a
thousand page tables would each repeat is said once in the styles: the tables' borders and cells' margins
(a table style), the plain cells' paragraph style (the default paragraph style; the lines around the table
name Normal). Of python-docx's template only the styles used are kept, without Word 2010's copy of them
and the template's thumbnail: less to load, save and deflate with each report.
"""

from __future__ import annotations

import io
import os
from functools import cache
from typing import BinaryIO, Final

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle

from reports import docx_pages, docx_table, texts
from reports.docx_table import CELL_MARGIN_TWIPS
from reports.form import COLUMN_WIDTHS, Form, Line, LineStyle, form_of
from reports.gc_pause import collection_paused
from reports.model import Report

FONT: Final = "Times New Roman"
TEXT_SIZE: Final = 12
TABLE_SIZE: Final = 10  # as the XLSX's table (issue 24: 9 pt read smaller than the form)
HEADER_SIZE: Final = 8.5  # the column titles: their longest words fit the amount columns unbroken
PAGE_WIDTH_MM: Final = 297
PAGE_HEIGHT_MM: Final = 210
MARGIN_MM: Final = 12
FOOTER_MM: Final = 6
# Column widths, relative (the XLSX's, so the forms look alike), spread over the width between margins.
COLUMN_SHARES: Final = COLUMN_WIDTHS  # the annual form's; a form carries its own (Form.widths)
TWIPS_PER_MM: Final = 1440 / 25.4
POINTS_PER_MM: Final = 72 / 25.4


_TABLE_WIDTH: Final = round((PAGE_WIDTH_MM - 2 * MARGIN_MM) * TWIPS_PER_MM)


def _grid(shares: tuple[float, ...]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The columns' widths in twips for these shares, and the room for text in each, in points, a little
    narrower than the column (as layout's margin)."""
    widths = tuple(round(_TABLE_WIDTH * share / sum(shares)) for share in shares)
    return widths, tuple((w - 2 * CELL_MARGIN_TWIPS) / 20 * 0.95 for w in widths)


_WIDTHS, _TEXT_WIDTHS = _grid(COLUMN_SHARES)

# Paragraph styles of the table (name -> alignment, bold, size); their ids are the names without spaces.
_STYLES: Final = {
    "Zvit Cell": (WD_ALIGN_PARAGRAPH.LEFT, False, TABLE_SIZE),
    "Zvit Cell Center": (WD_ALIGN_PARAGRAPH.CENTER, False, TABLE_SIZE),
    "Zvit Cell Amount": (WD_ALIGN_PARAGRAPH.RIGHT, False, TABLE_SIZE),
    "Zvit Header": (WD_ALIGN_PARAGRAPH.CENTER, True, HEADER_SIZE),
    "Zvit Total": (WD_ALIGN_PARAGRAPH.LEFT, True, TABLE_SIZE),
    "Zvit Total Amount": (WD_ALIGN_PARAGRAPH.RIGHT, True, TABLE_SIZE),
}
_LINE_FORMAT: Final = {
    LineStyle.TITLE: (WD_ALIGN_PARAGRAPH.CENTER, True),
    LineStyle.TITLE_PLAIN: (WD_ALIGN_PARAGRAPH.CENTER, False),
    LineStyle.TEXT: (WD_ALIGN_PARAGRAPH.LEFT, False),
    LineStyle.SECTION: (WD_ALIGN_PARAGRAPH.LEFT, True),
    LineStyle.SIGNATORY_TITLE: (WD_ALIGN_PARAGRAPH.LEFT, False),
    LineStyle.SIGNATORY_NAME: (WD_ALIGN_PARAGRAPH.RIGHT, False),
}


def write_report(report: Report, target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``report`` as a DOCX in the official form to a path or a binary file (layout: module doc)."""
    with collection_paused():
        write_form(form_of(report), target)


# The document around the table as python-docx saved it, by its lines above and below the table: the same
# program's report is written again and again, and python-docx takes longer to make it than the table of
# 800 measures takes to write. Bounded: cleared when full.
_SKELETONS: dict[tuple[tuple[Line | None, ...], tuple[Line | None, ...]], bytes] = {}
_SKELETONS_LIMIT: Final = 64


def _skeleton(form: Form) -> io.BytesIO:
    key = (tuple(form.title), tuple(form.closing))
    saved = _SKELETONS.get(key)
    if saved is None:
        doc = Document(io.BytesIO(_set_up_document()))
        for line in form.title:
            _line(doc, line, keep=False)
        doc.add_paragraph(docx_table.MARKER)
        for index, line in enumerate(form.closing):
            _line(doc, line, keep=index < len(form.closing) - 1)  # the signature stays together
        skeleton = io.BytesIO()
        doc.save(skeleton)
        saved = skeleton.getvalue()
        if len(_SKELETONS) >= _SKELETONS_LIMIT:
            _SKELETONS.clear()
        _SKELETONS[key] = saved
    return io.BytesIO(saved)


@cache
def _set_up_document() -> bytes:
    """The empty document set up (page, styles, footer), as saved: loading it costs less than setting a
    new one up."""
    doc = Document()
    _set_up(doc)
    # Parts of python-docx's template the report does without, not to be deflated again with each report:
    # Word 2010's copy of the styles (430 KB) and the template's thumbnail (a picture of another page).
    for rels, kind in ((doc.part.rels, "/stylesWithEffects"), (doc.part.package.rels, "/thumbnail")):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype.endswith(kind)]:
            rels.pop(r_id)
    _keep_used_styles(doc)
    saved = io.BytesIO()
    doc.save(saved)
    return saved.getvalue()


def _keep_used_styles(doc: DocumentObject) -> None:
    """Leave out the template's styles the report does not use (of its 350 KB of styles, python-docx loads
    and saves all with each new title, and each report deflates them again): ours, Normal, the footer's,
    each kind's default and what they are based on or linked to are kept; and the built-in styles' list
    for Word's style gallery (``w:latentStyles``)."""
    styles = doc.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    wanted = [
        style_id
        for style_id, style in by_id.items()
        if style_id in ("Normal", "Footer")
        or style_id.startswith("Zvit")
        or style.get(qn("w:default")) == "1"
    ]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        for reference in ("w:basedOn", "w:link", "w:next"):
            found = by_id[style_id].find(qn(reference))
            if found is not None:
                wanted.append(found.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in kept:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)


def forget_skeletons() -> None:
    """Empty the cache of documents around the table (a benchmark's cold start; the set-up document, the
    same for every report, stays)."""
    _SKELETONS.clear()


def write_form(form: Form, target: str | os.PathLike[str] | BinaryIO) -> None:
    skeleton = _skeleton(form)
    widths, text_widths = _grid(form.widths) if form.widths != COLUMN_SHARES else (_WIDTHS, _TEXT_WIDTHS)
    pages = docx_pages.paginate(
        form,
        text_widths,
        page_height=(PAGE_HEIGHT_MM - 2 * MARGIN_MM) * POINTS_PER_MM,
        page_width=_TABLE_WIDTH / 20,
        table_size=TABLE_SIZE,
        header_size=HEADER_SIZE,
        text_size=TEXT_SIZE,
    )
    docx_table.splice(skeleton, target, docx_table.table_xml(form, widths, pages))


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
        style.paragraph_format.widow_control = True  # a row split at a page break: 2 lines or more a side
    # The table's plain cells' style is the default paragraph style, so their paragraphs need not name it
    # (a tenth of a long report's XML); the lines around the table name Normal.
    normal.element.attrib.pop(qn("w:default"), None)
    doc.styles[docx_table.DEFAULT_STYLE].element.set(qn("w:default"), "1")
    table = doc.styles.add_style("Zvit Table", WD_STYLE_TYPE.TABLE)
    table.element.append(parse_xml(f"<w:root {nsdecls('w')}>{docx_table.TABLE_STYLE_XML}</w:root>")[0])
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
    paragraph = doc.add_paragraph(style="Normal")
    paragraph.paragraph_format.keep_with_next = keep or None
    if line is None:
        return
    alignment, bold = _LINE_FORMAT[line.style]
    paragraph.alignment = alignment
    paragraph.add_run(line.text).bold = bold  # python-docx makes a line break of "\n"
