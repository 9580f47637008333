"""The DOCX package as written for speed (issue 24: no slower than before its own pages): the tables' borders
and cells' margins said once in a table style, not in each page's table; cells without a width of their own
(the fixed grid gives it); ``xml:space="preserve"`` only where a text's spaces need it; python-docx
template's Word 2010 styles copy, thumbnail and unused styles left out. How it prints is checked in LibreOffice by
``tests/test_render_pages.py``."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from benchmarks.reports_bench import _seed_data
from reports.consolidate import consolidate
from reports.docx_pages import CELL_BOTTOM_TWIPS, CELL_MARGIN_TWIPS, CELL_TOP_TWIPS
from reports.writers import WRITERS


def _package() -> dict[str, bytes]:
    out = io.BytesIO()
    WRITERS[".docx"].write(consolidate(*_seed_data(), 2023), out)
    with zipfile.ZipFile(out) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_tables_take_borders_and_margins_from_their_style() -> None:
    package = _package()
    document = package["word/document.xml"].decode()
    tables = re.findall(r"<w:tbl>(.*?)</w:tblPr>", document)
    assert len(tables) > 5  # a table a page
    for properties in tables:
        assert '<w:tblStyle w:val="ZvitTable"/>' in properties
        assert "tblBorders" not in properties and "tblCellMar" not in properties
    styles = package["word/styles.xml"].decode()
    style = re.search(r'<w:style w:type="table"[^>]*w:styleId="ZvitTable".*?</w:style>', styles)
    assert style is not None
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' in style.group(0)
    for side, twips in (
        ("top", CELL_TOP_TWIPS),
        ("left", CELL_MARGIN_TWIPS),
        ("bottom", CELL_BOTTOM_TWIPS),
        ("right", CELL_MARGIN_TWIPS),
    ):
        assert f'<w:{side} w:w="{twips}" w:type="dxa"/>' in style.group(0)


def test_cells_carry_no_width_and_spaces_kept_only_where_needed() -> None:
    document = _package()["word/document.xml"].decode()
    assert "<w:tcW" not in document
    kept = re.findall(r'<w:t xml:space="preserve">([^<]*)</w:t>', document)
    plain = re.findall(r"<w:t>([^<]*)</w:t>", document)
    assert plain
    for text in plain:
        assert text == text.strip(" ") and "  " not in text, text
    for text in kept:
        assert text != text.strip(" ") or "  " in text or "\t" in text, text


def test_package_without_the_templates_leftovers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    package = _package()
    assert "word/stylesWithEffects.xml" not in package
    assert "docProps/thumbnail.jpeg" not in package
    styles = package["word/styles.xml"]  # only the styles used (and their bases): not the template's 160
    assert b'w:styleId="Heading1"' not in styles and b"latentStyles" not in styles
    assert b'w:styleId="Footer"' in styles and b'w:styleId="ZvitHeader"' in styles
    for name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
        assert b"stylesWithEffects" not in package[name] and b"thumbnail" not in package[name]
    path = tmp_path / "r.docx"
    WRITERS[".docx"].write(consolidate(*_seed_data(), 2023), path)
    assert len(docx.Document(str(path)).tables) > 5


def test_plain_cells_style_is_the_default_and_left_unnamed() -> None:
    """The table's plain cells (ZvitCell) are the default paragraph style, so their paragraphs name no style;
    the lines around the table name Normal (12 pt)."""
    package = _package()
    styles = package["word/styles.xml"].decode()
    defaults = [
        re.search(r'w:styleId="(\w+)"', tag).group(1)  # type: ignore[union-attr]
        for tag in re.findall(r'<w:style w:type="paragraph"[^>]*>', styles)
        if 'w:default="1"' in tag
    ]
    assert defaults == ["ZvitCell"]
    document = package["word/document.xml"].decode()
    assert 'w:val="ZvitCell"' not in document
    assert "<w:tc><w:p><w:r><w:t>" in document
    body = document[document.index("<w:body>") : document.index("<w:tbl>")]
    assert body.count("<w:p>") == body.count('<w:pStyle w:val="Normal"/>') > 5
