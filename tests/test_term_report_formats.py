"""The final report over the term in every format, from three imported years (2021-2023) of the seed: each
measure's figures per year and over the term, each year's information text, the totals per fund per year
and over the term, the title «за 2020-2025 роки» with the years left out, the signature; the command line
with a range of years; /report 2020-2025 in the bot."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from openpyxl import load_workbook

from actions.actor import Actor
from actions.reports import term_report
from bot.settings import Settings
from cli.__main__ import main as reports_main
from reports import texts
from reports.form import COL_INFO, amount_text
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from reports.term_report import TermReport, year_range
from reports.term_report_form import COL_EXECUTORS, COL_TEXT, WIDTHS
from reports.writers import WRITERS
from reports.xlsx_pages import continued
from reports.xlsx_writer import FIRST_MEASURE_ROW, HEADER_ROW
from storage.db import connect
from storage.programs import list_programs
from tests.botkit import World, fake_api_fixture, report_measure, world_fixture  # noqa: F401 - fixtures
from tests.conftest import SEED
from tests.fakeapi import BotMessage
from tests.test_report_formats import _column_text, docx_columns, docx_tables

YEARS = (2021, 2022, 2023)


def year_file(tmp: Path, year: int) -> Path:
    """The seed as published for ``year``: that year's title, and its own words in the information texts."""
    text = SEED.read_text(encoding="utf-8").replace("за 2023 рік", f"за {year} рік", 1)
    text = text.replace("У 2023 році", f"У {year} році")
    path = tmp / f"zvit-{year}.txt"
    path.write_text(text, encoding="utf-8")
    return path


async def _history(tmp: Path) -> Path:
    path = tmp / "history.db"
    db = await connect(path)
    try:
        for year in YEARS:
            source = year_file(tmp, year)
            await import_report(db, parse_grid(read_file_grid(source)), source_name=source.name)
    finally:
        await db.close()
    return path


async def _term(path: Path) -> TermReport:
    db = await connect(path)
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        return await term_report(db, Actor.command_line("test"), program, 2020, 2025)
    finally:
        await db.close()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return asyncio.run(_history(tmp_path_factory.mktemp("term")))


@pytest.fixture(scope="module")
def term(history: Path) -> TermReport:
    return asyncio.run(_term(history))


def _written(term: TermReport, extension: str) -> io.BytesIO:
    target = io.BytesIO()
    WRITERS[extension].write_term(term, target)
    target.seek(0)
    return target


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_years_without_data_are_left_out(term: TermReport) -> None:
    assert term.years == YEARS and (term.first_year, term.last_year) == (2020, 2025)
    assert year_range("2020-2025") == (2020, 2025) == year_range(" 2020 – 2025 ")
    assert year_range("2023") is None and year_range("2025-2020") == (2025, 2020)
    info = {f.year: f.info for f in term.rows[0].years}
    assert info == {year: f"У {year} році проведено 4 засідання комісії." for year in YEARS}


# --- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_blocks_per_measure_totals_and_signature(term: TermReport) -> None:
    ws = load_workbook(_written(term, ".xlsx")).worksheets[0]
    title = [ws.cell(row, 1).value for row in range(1, HEADER_ROW)]
    assert "за 2020-2025 роки" in title
    assert texts.term_years_left_out([2020, 2024, 2025]) in title
    assert tuple(c.value for c in ws[HEADER_ROW]) == texts.term_column_titles()
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$13:$14"
    # A block cut at a page break: the year row's rest on the next page repeats its year in C, and the
    # measure's merged cells begin again there, B naming the measure («4.3 (продовж.)»). Joined back here.
    rows: list[list] = []
    pieces: dict[int, list[list[str]]] = {}  # block's first row -> pieces of B, D, E
    # A merged text longer than its block's rows on the page where the block ends goes on below them, in a
    # row of its own on the next page (B naming the measure, no year).
    block = -1
    last_block, label = -1, ""
    for row in ws.iter_rows(min_row=FIRST_MEASURE_ROW, max_col=10, values_only=True):
        values = list(row)
        if isinstance(values[0], str) and values[2] == "2021":
            block = last_block = len(rows)
            pieces[block] = [[], [], []]
            label = continued(values[0])
        elif block < 0 <= last_block and values[2] is None and str(values[1]).partition("\n")[0] == label:
            for k, column in enumerate((1, 3, 4)):
                value = values[column]
                if isinstance(value, str):
                    head, _, rest = value.partition("\n")
                    pieces[last_block][k].append(rest if head == label else value)
            continue
        if block >= 0:
            for k, column in enumerate((1, 3, 4)):
                value = values[column]
                if isinstance(value, str):
                    head, _, rest = value.partition("\n")
                    pieces[block][k].append(rest if head == label else value)
        rest_of_year = (
            block >= 0
            and values[0] is None
            and values[2] is not None
            and values[2] == rows[-1][2]
            and all(v is None for v in values[5:9])
        )
        if rest_of_year:
            rows[-1][9] = (rows[-1][9] or "") + (values[9] or "")
        else:
            rows.append(values)
        if values[2] == texts.term_total():
            block = -1
    for first, (b, d, e) in pieces.items():
        rows[first][1], rows[first][3], rows[first][4] = "".join(b), "".join(d), "".join(e)
    starts = {row[0]: i for i, row in enumerate(rows) if isinstance(row[0], str) and row[2] == "2021"}
    for measure in term.rows:
        i = starts[f"{measure.measure_number}."]
        block_rows = rows[i : i + len(YEARS) + 1]
        assert block_rows[0][1] == measure.measure_text and tuple(block_rows[0][3:5]) == (
            measure.term,
            measure.executors,
        )
        for row, figures in zip(block_rows, measure.years, strict=False):
            assert row[2] == str(figures.year)
            assert [_decimal(v) for v in row[5:9]] == [
                _rounded(v) for v in (figures.plan, figures.actual, figures.financed, figures.percent)
            ]
            assert (row[9] or "") == figures.info
        assert block_rows[-1][2] == texts.term_total()
        assert [_decimal(v) for v in block_rows[-1][5:9]] == [
            _rounded(v) for v in (measure.plan, measure.actual, measure.financed, measure.percent)
        ]
    general = next(i for i, row in enumerate(rows) if row[0] == texts.total_general())
    for offset, year in enumerate(YEARS):
        row = rows[general + offset]
        assert row[2] == str(year)
        totals = term.general_by_year[year]
        assert [_decimal(v) for v in row[5:9]] == [
            _rounded(v) for v in (totals.plan, totals.actual, totals.financed, totals.percent)
        ]
    over = rows[general + len(YEARS)]
    assert over[2] == texts.term_total() and _decimal(over[5]) == _rounded(term.general.plan) == 684.9
    assert rows[general + len(YEARS) + 1][0] == texts.total_special()
    values = [v for row in rows for v in row if isinstance(v, str)]
    assert term.signatory_name in values and term.signatory_title in values
    heights = [ws.row_dimensions[row].height for row in range(FIRST_MEASURE_ROW, ws.max_row + 1)]
    assert all(h and h <= 409 for h in heights)


def _decimal(value: object) -> float | None:
    return None if value is None else round(float(value), 1)  # type: ignore[arg-type]


def _rounded(value: object) -> float | None:
    return None if value is None else round(float(amount_text(value).replace(",", ".")), 1)  # type: ignore[arg-type]


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_blocks_per_measure_totals_and_signature(term: TermReport) -> None:
    word = docx.Document(_written(term, ".docx"))
    lines = [p.text for p in word.paragraphs if p.text]
    assert "за 2020-2025 роки" in lines and term.signatory_name in lines and term.signatory_title in lines
    assert texts.term_years_left_out([2020, 2024, 2025]) in lines
    tables = docx_tables(word)
    assert len(tables) > 5  # a table a page (reports.docx_pages)
    assert all([c.text for c in table.rows[0].cells] == list(texts.term_column_titles()) for table in tables)
    rows: list[list[str]] = []
    for table in tables:
        body = [[c.text for c in row.cells] for row in table.rows[2:]]
        if rows and body[0][2] == rows[-1][2]:  # the rest of a row cut at the page's end: its year again
            assert _squeeze(body[0][9]) and not "".join(body[0][5:9])
            body = body[1:]
        rows.extend(body)
    columns = docx_columns(word)
    by_first = {}
    for i, cells in enumerate(rows):
        if cells[2] == "2021" and cells[0].endswith("."):
            by_first[cells[0]] = i
    for measure in term.rows:
        i = by_first[f"{measure.measure_number}."]
        assert _squeeze(measure.measure_text) in columns[1] and _squeeze(measure.executors) in columns[4]
        for offset, figures in enumerate(measure.years):
            cells = rows[i + offset]
            assert cells[2] == str(figures.year)
            assert cells[5:9] == [
                amount_text(v) for v in (figures.plan, figures.actual, figures.financed, figures.percent)
            ]
            assert _squeeze(figures.info) in columns[9]
        total = rows[i + len(measure.years)]
        assert total[2] == texts.term_total()
        assert total[5:9] == [
            amount_text(v) for v in (measure.plan, measure.actual, measure.financed, measure.percent)
        ]
    general = next(
        i for i, cells in enumerate(rows) if cells[0] == texts.total_general() and cells[2] == "2021"
    )
    assert rows[general + len(YEARS)][2] == texts.term_total()
    assert rows[general + len(YEARS)][5] == "684,9"
    assert rows[general + len(YEARS)][8] == amount_text(term.general.percent)


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_holds_every_measure_every_year_and_the_totals(term: TermReport) -> None:
    written = _written(term, ".pdf")
    pages = [page.extract_text() for page in pypdf.PdfReader(written).pages]
    text = _squeeze("".join(pages))
    # The texts read down their columns: a merged text or a row split at a page break goes on on the next.
    measures, executors, info = (
        _column_text(written, column, WIDTHS) for column in (COL_TEXT, COL_EXECUTORS, COL_INFO)
    )
    assert _squeeze("за 2020-2025 роки") in _squeeze(pages[0])
    assert _squeeze(texts.term_years_left_out([2020, 2024, 2025])) in _squeeze(pages[0])
    for measure in term.rows:
        assert _squeeze(measure.measure_text) in measures and _squeeze(measure.executors) in executors
        for index, f in enumerate(measure.years):
            # A row reads: the year, (in the block's first row the term,) its figures; its text in its column.
            merged = _squeeze(measure.term) if index == 0 else ""
            amounts = "".join(amount_text(v) for v in (f.plan, f.actual, f.financed, f.percent))
            assert re.search(re.escape(f"{f.year}{merged}") + ".{0,600}?" + re.escape(amounts), text), (
                measure.measure_number,
                f.year,
            )
            assert _squeeze(f.info) in info
        total = "".join(
            amount_text(v) for v in (measure.plan, measure.actual, measure.financed, measure.percent)
        )
        assert _squeeze(texts.term_total()) + total in text, measure.measure_number
    last = _squeeze(pages[-1])
    assert _squeeze(texts.total_general()) in text and "684,9" in text
    assert _squeeze(term.signatory_name) in last


# --- the command line and the bot ---------------------------------------------------------------


def test_command_line_takes_a_range_of_years(history: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "term.pdf"
    assert reports_main(["2020-2025", "--db", str(history), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert reports_main(["2025-2020", "--db", str(history), "--out", str(out)]) == 1
    assert "зворотному порядку" in capsys.readouterr().err
    assert reports_main(["2019-2023", "--db", str(history), "--out", str(out)]) == 1
    assert "виходять за термін програми (2020-2025)" in capsys.readouterr().err
    assert reports_main(["2024-2025", "--db", str(history), "--out", str(out)]) == 1
    assert "немає ні планів, ні звітів" in capsys.readouterr().err


async def test_bot_sends_the_term_report(world: World) -> None:
    coordinator = world.coordinator()
    # As shipped: the XLSX and the PDF at once (REPORT_FORMATS, as /report of a year), the DOCX on a button.
    default = Settings.model_fields["report_formats"].default
    world.app.bot_data.settings = world.settings.model_copy(update={"report_formats": default})
    await coordinator.send("/report 2020-2025")
    xlsx = await coordinator.next_message(timeout=20)
    assert xlsx.document is not None and xlsx.document.filename.endswith(".xlsx")
    assert xlsx.document.filename.startswith("Звіт 2020-2025 - ")
    assert (
        "Підсумковий звіт за 2020-2025 роки: по кожному заходу — рядок за кожен рік (2023) і рядок «Усього»."
        in (xlsx.caption)
    )  # the years are rows, not columns
    assert "не показано: 2020, 2021, 2022, 2024, 2025" in xlsx.caption
    pdf = await coordinator.next_message(timeout=20)
    assert pdf.document is not None and pdf.document.filename.endswith(".pdf")
    assert pdf.document.data.startswith(b"%PDF") and pdf.caption is None
    assert pdf.button_labels == ["📄 DOCX"]
    ws = load_workbook(io.BytesIO(xlsx.document.data)).worksheets[0]
    assert ws.cell(5, 1).value == "за 2020-2025 роки"
    await coordinator.press("📄 DOCX", pdf)
    as_docx = await coordinator.next_message(timeout=20)
    assert as_docx.document is not None and as_docx.document.filename == xlsx.document.filename[:-5] + ".docx"
    assert as_docx.document.data.startswith(b"PK") and as_docx.button_labels == []
    assert "Підсумковий звіт за 2020-2025 роки" in as_docx.caption
    await coordinator.send("/report 2025-2020")
    assert "зворотному порядку" in (await coordinator.next_message()).text
    await coordinator.send("/report 2018-2021")
    assert "виходять за термін" in (await coordinator.next_message()).text


async def test_the_term_report_of_accepted_reports_and_nothing_else_after_the_range(world: World) -> None:
    """«accepted» after the range: every year's report of accepted revisions only, said in the caption (as
    /report 2023 accepted does); any other word after the range is refused, named, and nothing is sent."""
    olena = await world.member(1001, "Олена", "uk")
    await report_measure(olena, "3.10", "0", "0", "100", "Подано, ще не прийнято")
    coordinator = world.coordinator()

    def texts_of(message: BotMessage) -> str:
        assert message.document is not None and message.document.filename.endswith(".xlsx")
        ws = load_workbook(io.BytesIO(message.document.data)).worksheets[0]
        return "\n".join(str(cell) for row in ws.iter_rows(values_only=True) for cell in row if cell)

    await coordinator.send("/report 2020-2025 accepted")
    accepted = await coordinator.expect("Лише прийняті координатором звіти", timeout=20)
    assert "Підсумковий звіт за 2020-2025 роки" in accepted.caption
    assert "Подано, ще не прийнято" not in texts_of(accepted)
    # REPORT_FORMATS here is XLSX alone: the other formats on buttons, which keep the report accepted-only.
    assert accepted.button_labels == ["📄 DOCX", "📄 PDF"]
    await coordinator.press("📄 PDF", accepted)
    as_pdf = await coordinator.expect("Лише прийняті координатором звіти", timeout=20)
    assert as_pdf.document is not None and as_pdf.document.filename.endswith(".pdf")
    assert "Підсумковий звіт за 2020-2025 роки" in as_pdf.caption and as_pdf.button_labels == ["📄 DOCX"]
    await coordinator.send("/report 2020-2025")
    every = await coordinator.expect("Підсумковий звіт за 2020-2025 роки", timeout=20)
    assert "Лише прийняті" not in every.caption and "Подано, ще не прийнято" in texts_of(every)
    assert every.button_labels == ["📄 DOCX", "📄 PDF"]
    for extra, named in (("Q3", "«Q3»"), ("xxx", "«xxx»"), ("accepted H1 2023", "«H1 2023»")):
        await coordinator.send(f"/report 2020-2025 {extra}")
        refused = await coordinator.expect(f"{named} — зайве")
        assert refused.document is None and "/report 2020-2025 accepted" in refused.text
    await coordinator.send("/report 2023 Q1 extra")
    assert "Забагато параметрів: «extra»" in (await coordinator.next_message()).text
    await coordinator.send("/help")  # the bot answers in order: nothing else was sent before the help
    await coordinator.expect("/report 2024")


def test_a_merged_text_below_a_kept_heading_gets_its_room() -> None:
    """A measure's block begins under its task's heading (kept with it): its merged text still grows the
    block's rows, as a task's text grows the annual form's rows."""
    from reports import layout

    boxes = [
        layout.Box(10, 0, keep=True),
        layout.Box(10, 1, keep=True, need=50, last_body=2),
        layout.Box(10, 2),
        layout.Box(10, 3),
    ]
    pages = layout.paginate(boxes, first_used=0, repeated=0, capacity=500)
    assert len(pages) == 1
    assert boxes[0].height == 10 and boxes[1].height + boxes[2].height >= 50 and boxes[3].height == 10


def test_pdf_merged_texts_flow_whole_over_page_breaks(
    term: TermReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A measure's merged texts (number, text, term, executors) begin wherever two of their lines fit and go
    # on on the next page below «N (продовж.)» (issue 24): every line of every merged cell is drawn.
    from reports import pdf_writer

    drawn: dict[int, object] = {}
    draw = pdf_writer._draw_merged

    def spy(canvas, cell, label, left, width, top, height) -> None:
        draw(canvas, cell, label, left, width, top, height)
        drawn[id(cell)] = cell

    monkeypatch.setattr(pdf_writer, "_draw_merged", spy)
    _written(term, ".pdf")
    assert len(drawn) > 4 * len(term.rows)
    lost = [
        (cell.lines[0], cell.drawn, len(cell.lines))
        for cell in drawn.values()
        if cell.drawn < len(cell.lines)
    ]
    assert lost == []
