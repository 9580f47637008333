"""A report sent as a DOCX (``reports.docx_reader``): ours comes back as what was written, every text whole to the
character (a page's head and the rows continued under «4.3 (продовж.)» joined, line breaks kept), and sent again it
changes nothing; a council's own document in the form reads as its copy would; a hostile file gets words, fast."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reports import docx_writer
from reports.build import build_report
from reports.docx_reader import MAX_DOCUMENT_BYTES, read_document_grid
from reports.import_issues import ImportFileError, Problem
from reports.importer import import_report, read_file_grid
from reports.model import Report
from reports.report_parser import parse_grid
from storage.db import connect
from storage.programs import list_programs
from tests import renderkit
from tests.conftest import SEED
from tests.copykit import measures_of
from tests.test_indicators_section import _long_reasons, rows_of


def _written(tmp_path: Path, report: Report, name: str = "r.docx") -> Path:
    docx_writer.write_report(report, tmp_path / name)
    return tmp_path / name


def test_our_docx_imports_as_the_seed(tmp_path: Path, seed_report: Report) -> None:
    path = _written(tmp_path, seed_report)
    assert measures_of(parse_grid(read_file_grid(path))) == measures_of(parse_grid(read_file_grid(SEED)))


def test_texts_cut_over_pages_come_back_to_the_character(tmp_path: Path, seed_report: Report) -> None:
    """Information several pages long, its departments' parts on lines of their own: cut at page breaks inside
    paragraphs and between them, every piece meets its neighbour as it was written."""
    part = "Заходи проведено відповідно до плану, залучено громадські організації та волонтерів. " * 12
    tasks = tuple(
        dataclasses.replace(
            task,
            rows=tuple(
                dataclasses.replace(
                    row, info="\n".join(f"{who}: {part}{i}" for who in ("УССМС", "ДО", "УК", "ДСП"))
                )
                for i, row in enumerate(task.rows)
            ),
        )
        for task in seed_report.tasks
    )
    report = dataclasses.replace(seed_report, tasks=tasks)
    path = _written(tmp_path, report)
    read = parse_grid(read_file_grid(path))
    assert [m.info for m in read.measures] == [r.info for t in tasks for r in t.rows]
    assert [m.text for m in read.measures] == [r.measure_text for t in tasks for r in t.rows]


def test_section_2s_reasons_come_back_whole(tmp_path: Path) -> None:
    report = _long_reasons()
    assert rows_of(parse_grid(read_file_grid(_written(tmp_path, report))).indicators) == report.indicators


def test_our_docx_sent_again_changes_nothing(tmp_path: Path) -> None:
    async def twice() -> tuple[int, int]:
        db = await connect(tmp_path / "db.sqlite3")
        try:
            await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
            async with db.locked() as conn:
                [program] = await list_programs(conn)
            path = _written(tmp_path, await build_report(db, program.id, 2023))
            again = await import_report(db, parse_grid(read_file_grid(path)), source_name=path.name)
            return again.added, again.unchanged
        finally:
            await db.close()

    assert asyncio.run(twice()) == (0, 37)


@pytest.mark.parametrize("source", [SEED, *sorted(SEED.parent.glob("kalush_*.txt"))], ids=lambda p: p.stem)
def test_a_councils_own_document_reads_as_its_copy(tmp_path: Path, source: Path) -> None:
    """Not ours: a council's published report (Zhytomyr's, and two of Kalush's) as a document LibreOffice writes
    from its copy's lines (paragraphs, a table of its rows): it reads as the copy does."""
    lines = [line.split("\t") for line in source.read_text(encoding="utf-8").splitlines()]
    body: list[str] = []
    table: list[str] = []
    for cells in lines:
        if len(cells) > 1:
            table.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if table:
            body.append("<table border='1'>" + "".join(table) + "</table>")
            table = []
        body.append(f"<p>{html.escape(cells[0])}</p>")
    if table:
        body.append("<table border='1'>" + "".join(table) + "</table>")
    page = tmp_path / "theirs.html"
    page.write_text("<html><body>" + "".join(body) + "</body></html>", encoding="utf-8")
    document = renderkit.convert(page, "docx:MS Word 2007 XML", "docx", tmp_path, "HTML (StarWriter)")
    assert measures_of(parse_grid(read_file_grid(document))) == measures_of(parse_grid(lines))


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(body: bytes) -> bytes:
    return _zip(
        {
            "_rels/.rels": RELS,
            "word/document.xml": b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>",
        }
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: b"not a zip at all", Problem.DOCUMENT_CORRUPT),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, Problem.DOCUMENT_OLD_FORMAT),
        (lambda: _zip({"hello.txt": b"hi"}), Problem.DOCUMENT_NOT_DOCUMENT),
        (lambda: _zip({"_rels/.rels": RELS}), Problem.DOCUMENT_CORRUPT),
        (
            lambda: _zip({"_rels/.rels": RELS.replace(b"word/document.xml", b"../../etc/passwd")}),
            Problem.DOCUMENT_CORRUPT,
        ),
        (
            lambda: _zip(
                {
                    "_rels/.rels": RELS,
                    "word/document.xml": b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><w:document ' + W + b"/>",
                }
            ),
            Problem.DOCUMENT_CORRUPT,
        ),
        (
            lambda: _zip({"_rels/.rels": RELS, "word/document.xml": b" " * (MAX_DOCUMENT_BYTES + 1)}),
            Problem.DOCUMENT_TOO_BIG,
        ),
        (
            lambda: _document(b"<w:p><w:r><w:t>" + b"x" * 5_000_001 + b"</w:t></w:r></w:p>"),
            Problem.DOCUMENT_TOO_MUCH_TEXT,
        ),
        (lambda: _document(b"<w:p/>" * 50_001), Problem.TOO_LONG),
        (lambda: _document(b"<w:p><w:r><w:t>unclosed"), Problem.DOCUMENT_CORRUPT),
        (lambda: _document(b"<w:r/>" * 1_000_001), Problem.DOCUMENT_TOO_COMPLEX),
        (
            lambda: _document(b"<w:tbl><w:tr>" + b"<w:tc/>" * 1_000_001 + b"</w:tr></w:tbl>"),
            Problem.DOCUMENT_TOO_COMPLEX,
        ),
        (lambda: _zip({f"f{i}": b"" for i in range(10_001)}), Problem.DOCUMENT_CORRUPT),
    ],
    ids=[
        "not-zip",
        "doc",
        "other-zip",
        "no-part",
        "outside",
        "doctype",
        "bomb",
        "text",
        "lines",
        "broken",
        "elements",
        "one-row",
        "parts",
    ],
)
def test_a_hostile_document_is_refused_in_words(make: Callable[[], bytes], problem: Problem) -> None:
    data = make()  # made when the test runs: the bomb is 64 MB before it is packed
    with pytest.raises(ImportFileError) as caught:
        read_file_grid(io.BytesIO(data), "zvit.docx")
    assert caught.value.problem is problem and str(caught.value)


def test_a_document_of_text_boxes_and_nested_tables_keeps_every_text() -> None:
    body = (
        b"<w:p><w:r><w:t>One</w:t><w:tab/><w:t>two</w:t><w:br/><w:t>three</w:t></w:r></w:p>"
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p>"
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>"
        b"<w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    assert read_document_grid(_document(body)) == [["One two\nthree"], ["a\ninner", "b\nc"]]


def test_a_document_is_read_by_its_content_whatever_its_name(tmp_path: Path, seed_report: Report) -> None:
    data = _written(tmp_path, seed_report).read_bytes()
    assert measures_of(parse_grid(read_file_grid(io.BytesIO(data), "звіт без розширення"))) == measures_of(
        parse_grid(read_file_grid(SEED))
    )


def test_a_file_is_what_it_holds_whatever_its_name(tmp_path: Path, seed_report: Report) -> None:
    """A workbook renamed .docx reads as a workbook, a document sent as .xlsx as a document; an old Excel file
    named .xls is told to be saved as .xlsx (it was «unsupported format»)."""
    from reports import xlsx_writer

    xlsx_writer.write_report(seed_report, tmp_path / "r.xlsx")
    seed = measures_of(parse_grid(read_file_grid(SEED)))
    workbook, document = (tmp_path / "r.xlsx").read_bytes(), _written(tmp_path, seed_report).read_bytes()
    assert measures_of(parse_grid(read_file_grid(io.BytesIO(workbook), "звіт.docx"))) == seed
    assert measures_of(parse_grid(read_file_grid(io.BytesIO(document), "звіт.xlsx"))) == seed
    with pytest.raises(ImportFileError) as caught:
        read_file_grid(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "звіт.xls")
    assert caught.value.problem is Problem.WORKBOOK and "Excel 97–2003" in str(caught.value)


NUMBERING_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    b'Target="numbering.xml"/>'
    b'<Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    b'Target="styles.xml"/></Relationships>'
)
# Paragraph styles that number: «Measure» (level 1) is based on «Numbered» (the list), «Task» sets level 0.
STYLES = (
    b"<w:styles " + W + b">"
    b'<w:style w:type="paragraph" w:styleId="Numbered"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    b'<w:style w:type="paragraph" w:styleId="Measure"><w:basedOn w:val="Numbered"/>'
    b'<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    b'<w:style w:type="paragraph" w:styleId="Task"><w:basedOn w:val="Numbered"/></w:style>'
    b'<w:style w:type="character" w:styleId="Measure2"><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>'
    b"</w:styles>"
)
# One list of two levels, as Word numbers a table's tasks («1.») and their measures («1.1.»).
NUMBERING = (
    b"<w:numbering " + W + b'><w:abstractNum w:abstractNumId="7">'
    b'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    b'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>'
    b'<w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="\xe2\x80\xa2"/></w:lvl>'
    b'</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)


def _numbered(level: int, text: str, by_style: bool = False) -> bytes:
    own = (
        f'<w:pStyle w:val="{("Task", "Measure")[level]}"/>'
        if by_style and level < 2
        else f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
    )
    return (
        f"<w:p><w:pPr>{own}"
        f'<w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:pPrChange>'
        f"</w:pPr><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>"
    ).encode()


def _plain(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + html.escape(text).encode() + b"</w:t></w:r></w:p>"


def _row(cells: list[bytes]) -> bytes:
    return b"<w:tr>" + b"".join(b"<w:tc>" + c + b"</w:tc>" for c in cells) + b"</w:tr>"


@pytest.mark.parametrize("by_style", [False, True], ids=["paragraph", "style"])
def test_numbers_word_puts_in_by_its_lists_are_read(by_style: bool) -> None:
    """A council's document whose task and measure numbers are Word's list numbering (not in the text), given
    to the paragraphs or by their styles (one based on another): read as Word shows them, «1.», «1.1.», «2.»,
    «2.1.» (a level restarts under a new task); a bullet labels nothing; the tracked change of a paragraph's
    old numbering counts for nothing."""
    seed = parse_grid(read_file_grid(SEED))
    lines = [line.split("\t") for line in SEED.read_text(encoding="utf-8").splitlines()]
    header = next(i for i, cells in enumerate(lines) if len(cells) == 10)
    title = [_plain(cells[0]) for cells in lines[:header] if len(cells) == 1]
    rows = [_row([_plain(c) for c in lines[header]]), _row([_plain(c) for c in lines[header + 1]])]
    for task in seed.tasks:
        for first, m in zip([True] + [False] * len(task.measures), task.measures, strict=False):
            figures = [
                str(v).replace(".", ",") if v is not None else ""
                for v in (m.plan, m.actual, m.financed, m.percent)
            ]
            rows.append(
                _row(
                    [
                        _numbered(0, "", by_style) if first else b"<w:p/>",
                        _plain(task.text) if first else b"<w:p/>",
                        _numbered(1, m.text, by_style) + _numbered(2, ""),
                        _plain(m.term),
                        _plain(m.executors),
                        *(_plain(f) for f in figures),
                        _plain(m.info),
                    ]
                )
            )
    body = b"".join(title) + b"<w:tbl>" + b"".join(rows) + b"</w:tbl>"
    data = _zip(
        {
            "_rels/.rels": RELS,
            "word/_rels/document.xml.rels": NUMBERING_RELS,
            "word/numbering.xml": NUMBERING,
            "word/styles.xml": STYLES,
            "word/document.xml": b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>",
        }
    )
    grid = read_document_grid(data)
    assert [grid[len(title) + 2 + i][2].strip() for i in range(2)] == [
        f"1.1. {seed.tasks[0].measures[0].text}",
        f"1.2. {seed.tasks[0].measures[1].text}",
    ]
    assert measures_of(parse_grid(read_file_grid(io.BytesIO(data), "їхній.docx"))) == measures_of(seed)
