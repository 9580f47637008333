"""The same report in every format: the seed's 2023 report as DOCX (read with python-docx) and PDF (read
with pypdf) holds every measure's number, text, executors, amounts and information whole, the totals and
the signature; formula-like texts stay texts, a text longer than a page or a cell continues; the format
follows the file's extension."""

from __future__ import annotations

import asyncio
import gc
import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pypdf
import pytest
from docx.table import Table

from cli.__main__ import main as reports_main
from reports import docx_writer, form, layout, pdf_writer, texts, writers
from reports.build import build_report
from reports.gc_pause import collection_paused
from reports.importer import import_report, read_file_grid
from reports.model import Report
from reports.report_parser import ParsedReport, parse_grid
from storage.db import connect
from storage.programs import list_programs
from tests.conftest import SEED
from tests.test_xlsx_writer import (
    LONG_EXECUTORS,
    LONG_INFO,
    LONG_MEASURE_TEXT,
    _report,
    long_own_texts_report,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Emoji are not in the PDF's font (Liberation Serif): the PDF tests use a long text without them.
LONG_PLAIN = ("Проведено захід для родин у громаді, 12,5 тис. грн.\n" * 900)[:40_000]


async def _build(tmp: Path) -> Report:
    db = await connect(tmp / "seed.db")
    try:
        await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        return await build_report(db, program.id or 0, 2023)
    finally:
        await db.close()


@pytest.fixture(scope="module")
def seed() -> ParsedReport:
    return parse_grid(read_file_grid(SEED))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return asyncio.run(_build(tmp_path_factory.mktemp("formats")))


@pytest.fixture(scope="module")
def word(report: Report) -> docx.document.Document:
    target = io.BytesIO()
    writers.WRITERS[".docx"].write(report, target)
    target.seek(0)
    return docx.Document(target)


@pytest.fixture(scope="module")
def pdf_file(report: Report) -> io.BytesIO:
    target = io.BytesIO()
    writers.WRITERS[".pdf"].write(report, target)
    return target


@pytest.fixture(scope="module")
def pdf_pages(pdf_file: io.BytesIO) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(pdf_file).pages]


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.1')):f}".replace(".", ",")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _flowing(pages: list[str]) -> str:
    """The PDF's text with what every page repeats (head rows, footer) and continuation labels taken out,
    whitespace gone: a cell's text cut across pages reads as one again."""
    text = _squeeze(_unlabelled("\n".join(pages)))
    furniture = [*texts.column_titles(), "".join(str(n) for n in texts.COLUMN_NUMBERS)]
    for page in range(1, len(pages) + 1):
        furniture.append(texts.page_line(page, len(pages)))
    for piece in sorted((_squeeze(f) for f in furniture), key=len, reverse=True):
        text = text.replace(piece, "")
    return text


def _unlabelled(text: str) -> str:
    """A text (whitespace kept) without the labels of continued rows: «4.3 (продовж.)», and the older
    «(продовження інформації про виконання заходу 4.3)» of the XLSX."""
    return _LABELS.sub(" ", text)


_LABELS = re.compile(
    "|".join(
        re.escape(texts.template(message, "number")).replace(r"\{number\}", r"(?<![\d.])\d+(?:\.\d+)*")
        for message in ("form-continued-number", "form-continuation")
    )
)


# --- DOCX ---------------------------------------------------------------------------------------


def _table(word: docx.document.Document) -> Table:
    """The first page's table (each page's is a table of its own: ``reports.docx_pages``)."""
    return word.tables[0]


def docx_tables(word: docx.document.Document) -> list[Table]:
    """The measures' tables, a page each (section 2's, after them, has column titles of its own)."""
    titles = [c.text for c in word.tables[0].rows[0].cells]
    return [t for t in word.tables if [c.text for c in t.rows[0].cells] == titles]


def docx_body_rows(word: docx.document.Document, head: int = 2) -> list[list[str]]:
    """Every page table's body rows (as python-docx reads them: a merged cell's text in each row it covers)."""
    return [[c.text for c in row.cells] for table in docx_tables(word) for row in table.rows[head:]]


def docx_columns(word: docx.document.Document, head: int = 2) -> dict[int, str]:
    """Each column's text down the measures' tables, page after page: each cell once (a merged cell is one),
    the continuation labels («4.3 (продовж.)», «1 (продовж.)») taken out, whitespace squeezed, so a text cut
    at a page break reads whole again."""
    streams: dict[int, list[str]] = {}
    for table in docx_tables(word):
        seen: set[object] = set()  # the cells' elements (kept alive here, so each is itself)
        for row in table.rows[head:]:
            for column, cell in enumerate(row.cells):
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                streams.setdefault(column, []).append(cell.text)
    return {column: _squeeze(_unlabelled(" ".join(parts))) for column, parts in streams.items()}


def test_docx_title_block_and_page(word: docx.document.Document, seed: ParsedReport) -> None:
    lines = [p.text for p in word.paragraphs if p.text]
    assert lines[:8] == [
        texts.title(),
        texts.subtitle(),
        seed.program_name,
        seed.responsible_department,
        "за 2023 рік",
        "Дата і номер рішення міської ради яким затверджено Програму №1688 від 18.12.2019",
        "Термін реалізації Програми 2020-2025 роки",
        "1. Виконання заходів",
    ]
    section = word.sections[0]
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert word.styles["Normal"].font.name == "Times New Roman"
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert "Сторінка" in section.footer.paragraphs[0].text


def test_docx_rows_hold_every_measure_whole(word: docx.document.Document, seed: ParsedReport) -> None:
    tables = docx_tables(word)
    for table in tables:  # every page's table begins with the head rows
        assert [c.text for c in table.rows[0].cells] == list(texts.column_titles())
        assert [c.text for c in table.rows[1].cells] == ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11"]
    # Each text whole down its column, page after page (a row cut at a page's end goes on below the head).
    columns = docx_columns(word)
    for task in seed.tasks:
        assert _squeeze(f"{task.number}.") in columns[0] and _squeeze(task.text) in columns[1]
        for measure in task.measures:
            assert _squeeze(f"{measure.number}. {measure.text}") in columns[2], measure.number
            assert _squeeze(measure.executors) in columns[4] and _squeeze(measure.info) in columns[9]
    # A measure's row: its figures in the row where it begins.
    rows = {
        cells[2].split(" ", 1)[0]: cells
        for cells in docx_body_rows(word)
        if re.match(r"\d+\.\d+\. ", cells[2])
    }
    measures = [m for task in seed.tasks for m in task.measures]
    assert list(rows) == [f"{m.number}." for m in measures]
    for measure in measures:
        cells = rows[f"{measure.number}."]
        assert cells[3] == measure.term
        assert cells[5:9] == [
            _amount(v) for v in (measure.plan, measure.actual, measure.financed, measure.percent)
        ]
    # The task's cells are one merged cell down its measures on a page.
    first = tables[0].rows
    assert first[2].cells[1]._tc is first[3].cells[1]._tc and first[2].cells[0].text == "1."
    assert first[2].cells[1]._tc.tcPr.find(f"{W}vMerge").get(f"{W}val") == "restart"
    last = tables[-1].rows
    general, special = last[-2].cells, last[-1].cells
    assert general[1].text == texts.total_general() and general[4]._tc is general[1]._tc  # B:E
    assert [c.text for c in general[5:9]] == ["228,3", "60,0", "30,0", "13,1"]
    assert special[1].text == texts.total_special() and [c.text for c in special[5:9]] == [""] * 4
    after = [p.text for p in word.paragraphs if p.text][8:]
    assert after == [seed.signatory_title, seed.signatory_name]


def test_docx_pages_are_ours_and_name_their_continued_rows(word: docx.document.Document) -> None:
    """A table a page (``reports.docx_pages``): its rows never split by the office program (``cantSplit``),
    each table after the first begins a page (``pageBreakBefore``); a page that goes on with a measure's row
    names it («4.3 (продовж.)») and its task («4 (продовж.)»)."""
    tables = docx_tables(word)
    assert len(tables) > 5
    body = word.element.body
    for table in tables:
        rows = table.rows
        for row in rows[:2]:
            assert row._tr.trPr.find(f"{W}tblHeader") is not None
        assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in rows)
    for table in tables[1:]:
        before = table._tbl.getprevious()
        assert before is not None and before.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert list(body).index(tables[-1]._tbl) > list(body).index(tables[0]._tbl)
    continued = 0
    for table in tables[1:]:
        cells = [c.text for c in table.rows[2].cells]
        if not re.match(r"\d+\.\d+\. ", cells[2]):  # a page that does not begin with a measure
            assert re.match(r"\d+\.\d+ \(продовж\.\)", cells[2]), cells
            continued += 1
        if not cells[0]:  # the task goes on from the page before
            assert re.match(r"\d+ \(продовж\.\)", cells[1]), cells
    assert continued >= 3
    # The last measure and the totals stay with the signature.
    rows = tables[-1].rows
    for row in rows[-3:]:
        paragraphs = [p for tc in row._tr.tc_lst for p in tc.p_lst]
        assert all(p.pPr.find(f"{W}keepNext") is not None for p in paragraphs)
    assert all(row._tr.find(f".//{W}keepNext") is None for table in tables[:-1] for row in table.rows)


def test_docx_header_words_fit_their_columns() -> None:
    for column, title in enumerate(texts.column_titles()):
        room = docx_writer._TEXT_WIDTHS[column]
        for word in title.split():
            assert layout.text_width(word, docx_writer.HEADER_SIZE, bold=True) <= room, word


def test_docx_formula_like_and_long_texts(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    docx_writer.write_report(_report(), path)
    word = docx.Document(path)
    measure = _table(word).rows[2].cells
    assert measure[1].text == "=SUM(A1)" and measure[2].text == "1.1. @x"
    # Taller than a page: cut into rows of a page each, every one after the first named «1.1 (продовж.)»,
    # the text whole down its column.
    assert _squeeze(LONG_INFO) in docx_columns(word)[9]
    rows = docx_body_rows(word)
    labels = [cells[2] for cells in rows]
    second = labels.index("1.2. Захід 1.2")
    assert second > 2 and labels[1:second] == ["1.1 (продовж.)"] * (second - 1)
    assert rows[second][3:5] == ["+1", "-2"] and rows[second][9] == "#N/A"


def test_docx_long_measure_text_and_executors_whole(tmp_path: Path) -> None:
    path = tmp_path / "long-own.docx"
    docx_writer.write_report(long_own_texts_report(), path)
    word = docx.Document(path)
    columns = docx_columns(word)
    assert (
        columns[2].count(_squeeze(LONG_MEASURE_TEXT)) == 2 and columns[4].count(_squeeze(LONG_EXECUTORS)) == 2
    )
    starts = [cells[2][:5] for cells in docx_body_rows(word) if re.match(r"\d+\.\d+\. ", cells[2])]
    assert starts == ["1.1. ", "1.2. ", "2.1. "]


# --- PDF ----------------------------------------------------------------------------------------


def _column_text(path: Path | io.BytesIO, column: int, widths: tuple[float, ...] = form.COLUMN_WIDTHS) -> str:
    """The lines the PDF draws at the left edge of a text column (of a form with these ``widths``), page
    after page, whitespace gone and continuation labels taken out: a cell's text cut across pages reads as
    one again."""
    left = pdf_writer._Grid.of(widths).lefts[column] + pdf_writer.PAD_X
    lines: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if text.strip() and abs(tm[4] * cm[0] + cm[4] - left) < 0.01:
            lines.append(text)

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return _squeeze(_unlabelled("\n".join(lines)))


def test_pdf_long_measure_text_and_executors_whole(tmp_path: Path) -> None:
    path = tmp_path / "long-own.pdf"
    pdf_writer.write_report(long_own_texts_report(), path)
    measures = _column_text(path, form.COL_MEASURE)
    whole = _squeeze(LONG_MEASURE_TEXT)
    assert measures.count(whole) == 2  # 1.1's and 2.1's, each in one piece once the pages are joined
    assert _squeeze(f"1.1. {LONG_MEASURE_TEXT}1.2. Захід 1.2") in measures
    assert _squeeze(f"2.1. {LONG_MEASURE_TEXT}") in measures
    executors = _column_text(path, form.COL_EXECUTORS)
    assert executors.count(_squeeze(LONG_EXECUTORS)) == 2
    assert _squeeze(LONG_EXECUTORS + _report().tasks[0].rows[0].executors + LONG_EXECUTORS) in executors
    assert _squeeze(LONG_MEASURE_TEXT * 2) in _column_text(path, form.COL_INFO)


def test_pdf_holds_every_measure_whole(
    pdf_file: io.BytesIO, pdf_pages: list[str], seed: ParsedReport
) -> None:
    # A row split at a page break reads on in its columns (issue 24): each text whole in its column.
    text = _flowing(pdf_pages)
    tasks, measures, executors, info = (
        _column_text(pdf_file, column)
        for column in (form.COL_TASK, form.COL_MEASURE, form.COL_EXECUTORS, form.COL_INFO)
    )
    for task in seed.tasks:
        assert _squeeze(task.text) in tasks  # (it may flow on over a page break below «N (продовж.)»)
        for m in task.measures:
            amounts = [_amount(v) for v in (m.plan, m.actual, m.financed, m.percent)]
            assert _squeeze(f"{m.number}. {m.text}") in measures, m.number
            assert _squeeze(m.executors) in executors and _squeeze(m.info) in info, m.number
            assert _squeeze("".join(amounts)) in text, m.number
    totals = _squeeze(texts.total_general() + "228,360,030,013,1" + texts.total_special())
    assert totals in text
    assert text.endswith(_squeeze(seed.signatory_title + seed.signatory_name))


def test_pdf_every_page_has_the_head_and_its_number(pdf_pages: list[str]) -> None:
    assert len(pdf_pages) > 5
    for number, page in enumerate(pdf_pages, start=1):
        squeezed = _squeeze(page)
        assert all(_squeeze(title) in squeezed for title in texts.column_titles())
        assert squeezed.endswith(_squeeze(texts.page_line(number, len(pdf_pages))))


def test_pdf_signature_on_the_page_of_the_last_rows(pdf_pages: list[str], seed: ParsedReport) -> None:
    last = _squeeze(pdf_pages[-1])
    # The last measure's row is there, whole or (split at the page break) its continuation.
    tail = _squeeze(seed.measures[-1].info)[-40:]
    assert tail in last and _squeeze(texts.total_general()) in last
    assert _squeeze(seed.signatory_name) in last


def test_pdf_fonts_are_embedded(report: Report) -> None:
    target = io.BytesIO()
    pdf_writer.write_report(report, target)
    fonts = {}
    for page in pypdf.PdfReader(target).pages:
        for name, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            fonts[name] = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else None
    assert fonts and all(d is not None and "/FontFile2" in d for d in fonts.values())


def test_pdf_long_text_continues_across_pages(tmp_path: Path) -> None:
    report = _report()
    task = report.tasks[0]
    row = replace(task.rows[0], info=LONG_PLAIN)
    report = replace(report, tasks=(replace(task, rows=(row, *task.rows[1:])), *report.tasks[1:]))
    path = tmp_path / "long.pdf"
    pdf_writer.write_report(report, path)
    pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    assert len(pages) > 10
    assert _squeeze("1.1. @x" + "2020-2025") in _squeeze(pages[0])  # it begins on the first page
    assert _squeeze(texts.continued_number("1.1")) in _squeeze(pages[1])
    text = _flowing(pages)
    assert _squeeze(LONG_PLAIN) in text
    assert "=SUM(A1)" in pages[0] and "+1" in text and "-2" in text and "#N/A" in text


def test_pdf_header_words_fit_their_columns() -> None:
    for column, title in enumerate(texts.column_titles()):
        for word in title.split():
            width = layout.text_width(word, pdf_writer.HEADER_SIZE, bold=True)
            assert width <= pdf_writer._TEXT_WIDTHS[column], word


# --- one model, many writers ---------------------------------------------------------------------


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("228.3"), "228,3"), (Decimal("12.345"), "12,3"), (Decimal("0.05"), "0,1"), (Decimal(100), "100,0"),
     (Decimal("-0.01"), "0,0"), (None, "")],
)  # fmt: skip
def test_amounts_print_with_one_decimal_and_a_comma(value: Decimal | None, text: str) -> None:
    assert form.amount_text(value) == text


def test_totals_come_from_the_model_not_the_writers(report: Report) -> None:
    model = form.form_of(report)
    general, special = model.body[-2:]
    assert general.cells[5:9] == (
        report.general.plan,
        report.general.actual,
        report.general.financed,
        report.general.percent,
    )
    assert special.cells[5:9] == (None,) * 4  # the form leaves an all-zero special fund empty


@pytest.mark.parametrize("name", ["zvit.xlsx", "ZVIT.XLSX", "zvit.docx", "zvit.pdf"])
def test_format_follows_the_extension(name: str) -> None:
    assert writers.writer_for(name).extension == Path(name).suffix.lower()


def test_unknown_extension_is_refused_in_ukrainian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(writers.UnknownFormat, match="невідомий формат файлу «zvit.odt»"):
        writers.writer_for("zvit.odt")
    code = reports_main(["2023", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "zvit.odt")])
    assert code == 1
    err = capsys.readouterr().err
    assert "невідомий формат файлу «zvit.odt»" in err and ".xlsx, .docx або .pdf" in err
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("extension", [".xlsx", ".docx"])
def test_packages_are_compressed(report: Report, extension: str) -> None:
    """The parts the writers put into the package themselves are deflated like the rest."""
    target = io.BytesIO()
    writers.WRITERS[extension].write(report, target)
    with zipfile.ZipFile(target) as package:
        assert all(item.compress_type == zipfile.ZIP_DEFLATED for item in package.infolist())


def test_garbage_collection_resumes_after_a_report(report: Report) -> None:
    assert gc.isenabled()
    for writer in writers.WRITERS.values():
        writer.write(report, io.BytesIO())
        assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            pass
        assert not gc.isenabled()  # an inner block leaves it to the outer one
        raise ValueError
    assert gc.isenabled()


def test_pdf_leaves_out_what_its_font_cannot_draw(tmp_path: Path) -> None:
    """An emoji typed on a phone would print as an empty box: the PDF leaves it out, and every word stays."""
    report = _report()
    task = report.tasks[0]
    row = replace(task.rows[0], info="Проведено 🎉 свято ✅ для 40 учасників 👍🏽\nПідсумки — на сайті")
    report = replace(report, tasks=(replace(task, rows=(row, *task.rows[1:])), *report.tasks[1:]))
    path = tmp_path / "emoji.pdf"
    pdf_writer.write_report(report, path)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "Проведено свято для 40 учасників" in text and "Підсумки — на сайті" in text
    assert not any(c in text for c in "🎉✅👍🏽\ufffd")
