"""Section 2, «Виконання результативних показників» (issue 25): read from a published report's text and from our
XLSX, written in every format (each opened with its own reader), and imported back to the same indicators."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest

from reports import docx_writer, pdf_writer, xlsx_writer
from reports.import_issues import ImportFileError, Notice, Problem
from reports.indicators_section import (
    exact_text,
    is_level,
    met_share,
    rows_of,
    section_title,
    term_indicators,
    term_value,
)
from reports.model import IndicatorRow, Report, TaskBlock
from reports.report_parser import ParsedReport, ParsedTask, parse_grid
from reports.term_report import consolidate_term
from reports.term_report_form import term_form_of
from reports.xlsx_reader import read_workbook_grid
from tests import renderkit
from tests.conftest import SEED
from tests.copykit import docx_as_text
from tests.test_xlsx_writer import _report as _odd_report
from tests.test_xlsx_writer import _row

D = Decimal
LONG_NAME = (
    "Частка посадових осіб місцевого самоврядування, депутатів міської ради та працівників комунальних "
    "підприємств, які пройшли навчання з питань забезпечення рівних прав та можливостей жінок і чоловіків, "
    "від загальної кількості осіб, що мали пройти таке навчання відповідно до плану"
)

# A published-style section: all four kinds, a thousands separator, deviations with a hyphen and an en dash,
# an indicator with no plan, a dash for no value, a long name, a reason.
SECTION = f"""
2. Виконання результативних показників

№ з/п\tНазва показника\tОдиниця виміру\tПланове значення показника\tФактичне значення показника\tВідхилення\tПричини відхилення
1\t2\t3\t4\t5\t6\t7
Показники затрат
1\tОбсяг видатків на проведення заходів програми\tтис. грн\t1 250,5\t1 238,5\t-12\tЕкономія за результатами закупівель
Показники продукту
2\tКількість проведених тренінгів\tод.\t12\t15\t3\t
3\tКількість учасників заходів\tосіб\tх\t340\tх.\t
Показники ефективності
4\tСередні витрати на одного учасника\tгрн\t3 677,9\t3 642,6\t–35,3\t
Показники якості
5\t{LONG_NAME}\t%\t80\t72,5\t–7,5\tЧастина працівників перебувала на лікарняному
6\tРівень задоволеності учасників\t%\t90\t–\t\t
"""

EXPECTED = (
    IndicatorRow(
        1,
        "cost",
        "Обсяг видатків на проведення заходів програми",
        "тис. грн",
        D("1250.5"),
        D("1238.5"),
        "Економія за результатами закупівель",
    ),
    IndicatorRow(2, "product", "Кількість проведених тренінгів", "од.", D("12"), D("15")),
    IndicatorRow(3, "product", "Кількість учасників заходів", "осіб", None, D("340")),
    IndicatorRow(4, "efficiency", "Середні витрати на одного учасника", "грн", D("3677.9"), D("3642.6")),
    IndicatorRow(
        5, "quality", LONG_NAME, "%", D("80"), D("72.5"), "Частина працівників перебувала на лікарняному"
    ),
    IndicatorRow(6, "quality", "Рівень задоволеності учасників", "%", D("90"), None),
)


def _seed_with(section: str, after_signature: str = "") -> list[list[str]]:
    """The seed report with ``section`` between the totals rows and the signature, as a text grid."""
    lines = SEED.read_text(encoding="utf-8").rstrip("\n").split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    signature = filled[-2]
    text = "\n".join([*lines[:signature], *section.split("\n"), *lines[signature:], after_signature])
    return [line.split("\t") for line in text.split("\n")]


def _codes(parsed: ParsedReport) -> list[Notice]:
    return [w.code for w in parsed.warnings]


@pytest.fixture(scope="module")
def parsed() -> ParsedReport:
    return parse_grid(_seed_with(SECTION))


def test_every_indicator_read_exactly(parsed: ParsedReport) -> None:
    assert rows_of(parsed.indicators) == EXPECTED
    # the signature is still the signature, not the section's first lines
    assert parsed.signatory_title.startswith("Начальник управління")
    assert parsed.signatory_name == "Ірина КОВАЛЬЧУК"
    assert [w for w in _codes(parsed) if w.value.startswith("import-indicator")] == []
    assert [p.printed_deviation for p in parsed.indicators] == [
        D(-12),
        D(3),
        None,
        D("-35.3"),
        D("-7.5"),
        None,
    ]


def test_a_missing_kind_and_no_section() -> None:
    no_efficiency = SECTION.replace(
        "Показники ефективності\n4\tСередні витрати на одного учасника\tгрн\t3 677,9\t3 642,6\t–35,3\t\n", ""
    )
    parsed = parse_grid(_seed_with(no_efficiency))
    assert [p.kind for p in parsed.indicators] == ["cost", "product", "product", "quality", "quality"]
    plain = parse_grid(_seed_with(""))
    assert plain.indicators == ()
    assert plain.signatory_name == "Ірина КОВАЛЬЧУК"
    assert not [c for c in _codes(plain) if c in (Notice.TEXT_UNREAD, Notice.INDICATOR_UNREAD)]


def test_what_cannot_be_read_is_named() -> None:
    section = (
        SECTION.replace("Показники затрат\n", "").replace(
            "Показники продукту\n", "Показники продукту\nщось незрозуміле\tі ще щось\n"
        )
        + "\n3. Інша таблиця\tз двома клітинками\n"
    )
    parsed = parse_grid(_seed_with(section, after_signature="Виконавець: Петренко"))
    codes = _codes(parsed)
    assert Notice.INDICATOR_NO_KIND in codes  # indicator 1 before any group row
    assert Notice.INDICATOR_UNREAD in codes
    assert Notice.TEXT_UNREAD in codes  # the line after the signature
    texts = " ".join(str(w) for w in parsed.warnings)
    assert "щось незрозуміле" in texts and "Виконавець: Петренко" in texts and "3. Інша таблиця" in texts
    assert [p.number for p in parsed.indicators] == [2, 3, 4, 5, 6]


def test_a_deviation_that_is_not_fact_minus_plan_is_named() -> None:
    parsed = parse_grid(_seed_with(SECTION.replace("\t15\t3\t", "\t15\t-3\t")))
    warning = next(w for w in parsed.warnings if w.code is Notice.INDICATOR_DEVIATION)
    assert warning.params["number"] == 2 and warning.params["computed"] == D(3)
    assert parsed.indicators[1].fact == D(15)  # the deviation is never stored: the plan and fact are


def test_a_bad_value_names_line_and_column() -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_grid(_seed_with(SECTION.replace("\t12\t15\t", "\tдванадцять\t15\t")))
    assert caught.value.problem is Problem.BAD_NUMBER
    assert caught.value.column == 4 and "дванадцять" in str(caught.value)


def test_term_rule() -> None:
    assert not is_level("cost", "тис. грн") and not is_level("product", "од.")
    assert is_level("product", "%") and is_level("efficiency", "грн") and is_level("quality", "днів")
    assert term_value("product", "од.", [D(12), None, D(15)]) == D(27)
    assert term_value("quality", "%", [D(70), D("72.5"), None]) == D("72.5")
    assert term_value("cost", "тис. грн", [None, None]) is None
    assert met_share(EXPECTED) == (1, 5)  # only the trainings reach their plan; no. 3 has none
    assert exact_text(D("12500.25")) == "12\u00a0500,25" and exact_text(D("-12")) == "-12"
    assert exact_text(D("1250.5")) == "1250,5"


# ---------------------------------------------------------------------------------------- the formats
def _report() -> Report:
    """test_xlsx_writer's report with measures a reader takes (its own tries odd texts)."""
    odd = _odd_report()
    tasks = (
        TaskBlock("1", odd.tasks[0].text, (_row("1.1"), _row("1.2", actual=None, percent=None))),
        odd.tasks[1],
    )
    return dataclasses.replace(odd, tasks=tasks)


def _with_indicators() -> Report:
    return dataclasses.replace(_report(), indicators=EXPECTED)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("indicators")
    report = _with_indicators()
    paths = {"xlsx": out / "r.xlsx", "docx": out / "r.docx", "pdf": out / "r.pdf"}
    xlsx_writer.write_report(report, paths["xlsx"])
    docx_writer.write_report(report, paths["docx"])
    pdf_writer.write_report(report, paths["pdf"])
    return paths


def _expected_texts(row: IndicatorRow) -> list[str]:
    dev = None if row.plan is None or row.fact is None else row.fact - row.plan
    return [row.name, row.unit, *(exact_text(v) for v in (row.plan, row.fact, dev) if v is not None)]


def test_xlsx_section_and_round_trip(written: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(written["xlsx"]).worksheets[0]
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    title = next(i for i, r in enumerate(rows) if r[0] == "2. Виконання результативних показників")
    signature = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Начальник"))
    totals = next(i for i, r in enumerate(rows) if r[1] == "з загального фонду")
    assert totals < title < signature
    by_number = {r[0]: r for r in rows[title:signature] if r[0] in {str(n) for n in range(1, 7)}}
    for row in EXPECTED:
        cells = by_number[str(row.number)]
        assert (cells[1], cells[3]) == (row.name, row.unit)
        assert [None if v is None else D(str(v)) for v in (cells[4], cells[5], cells[6])] == [
            row.plan,
            row.fact,
            None if row.plan is None or row.fact is None else row.fact - row.plan,
        ]
    assert rows_of(parse_grid(read_workbook_grid(written["xlsx"])).indicators) == EXPECTED


def test_docx_section_and_text_round_trip(written: dict[str, Path]) -> None:
    document = docx.Document(str(written["docx"]))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    # the section: its title after the measures' table, then a table of its own (a table a page), its
    # column titles first
    assert "2. Виконання результативних показників" in [p.text for p in document.paragraphs]
    section = [t for t in document.tables if t.rows[0].cells[1].text == "Назва показника"]
    assert len(section) == 1 and section[0]._tbl is document.tables[-1]._tbl
    repeated = [r for r in section[0]._tbl.tr_lst if r.trPr is not None and r.trPr.xpath("./w:tblHeader")]
    assert len(repeated) == 2
    for row in EXPECTED:
        line = next(r for r in cells if r[0] == str(row.number) and r[1] == row.name)
        assert [t for t in _expected_texts(row) if t not in line] == []
    # Copied out of the document as text (paragraphs, then the table a row a line, cells tab-separated,
    # a merged cell's text once), it imports to the same indicators.
    parsed = parse_grid([line.split("\t") for line in docx_as_text(written["docx"]).splitlines()])
    assert rows_of(parsed.indicators) == EXPECTED
    assert parsed.signatory_name == "Ірина КОВАЛЬЧУК"


def test_pdf_section(written: dict[str, Path]) -> None:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(written["pdf"]).pages)
    flat = " ".join(text.split())
    assert "2. Виконання результативних показників" in flat
    assert (
        flat.index("з загального фонду")
        < flat.index("2. Виконання результативних")
        < flat.index("Ірина КОВАЛЬЧУК")
    )
    for row in EXPECTED:
        for piece in _expected_texts(row):
            assert " ".join(piece.replace("\u00a0", " ").split()) in flat.replace("\u00a0", " "), piece


def test_term_report_has_a_row_per_year_and_the_terms_value(tmp_path: Path) -> None:
    first = dataclasses.replace(
        _report(),
        year=2022,
        indicators=tuple(dataclasses.replace(r, fact=r.plan, reason="") for r in EXPECTED),
    )
    second = _with_indicators()
    term = consolidate_term([second, first])
    assert term.indicators == term_indicators([first, second])
    trainings = term.indicators[1]
    assert [y.year for y in trainings.years] == [2022, 2023]
    assert (trainings.plan, trainings.fact) == (D(24), D(27))  # a flow: the sum
    share = term.indicators[4]
    assert (share.plan, share.fact) == (D(80), D("72.5"))  # a level: the last year's
    form = term_form_of(term)
    labels = [row.cells[2] for row in form.body]
    assert "Усього за термін" in labels and "На кінець терміну (2023)" in labels
    path = tmp_path / "term.pdf"
    from reports.pdf_writer import write_form

    write_form(form, path)
    flat = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())
    assert "2. Виконання результативних показників" in flat and "На кінець терміну (2023)" in flat


# ------------------------------------------------------------------------------------------- the import
async def _import(db_path: Path, grid: list[list[str]]) -> tuple[object, Report]:
    from reports.build import build_report
    from reports.importer import import_report
    from storage.db import connect
    from storage.programs import list_programs

    db = await connect(db_path)
    try:
        summary = await import_report(db, parse_grid(grid), source_name="zvit-2023.txt")
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        return summary, await build_report(db, program.id or 0, 2023)
    finally:
        await db.close()


def test_import_stores_every_indicator_and_the_report_shows_them(tmp_path: Path) -> None:
    import asyncio

    from storage.indicators import indicator_facts
    from storage.models import Source

    summary, report = asyncio.run(_import(tmp_path / "db", _seed_with(SECTION)))
    assert report.indicators == EXPECTED
    assert summary.indicators == 6 and summary.indicator_facts == 5  # no. 6 has no fact nor reason
    assert "Результативних показників прочитано: 6" in summary.render()
    again, report_again = asyncio.run(_import(tmp_path / "db", _seed_with(SECTION)))
    assert again.indicator_facts == 0 and report_again.indicators == EXPECTED  # the same file changes nothing

    async def sources() -> set[Source]:
        from storage.db import connect

        db = await connect(tmp_path / "db")
        try:
            async with db.locked() as conn:
                return {f.source for f in (await indicator_facts(conn, 1, 2023)).values()}
        finally:
            await db.close()

    assert asyncio.run(sources()) == {Source.IMPORT}


def test_an_amended_programs_indicators_are_compared(tmp_path: Path) -> None:
    import asyncio

    asyncio.run(_import(tmp_path / "db", _seed_with(SECTION)))
    amended = (
        SECTION.replace(
            "2\tКількість проведених тренінгів\tод.", "2\tКількість проведених навчальних тренінгів\tод."
        )
        .replace("3\tКількість учасників заходів\tосіб\tх\t340\tх.\t\n", "")
        .replace("6\tРівень задоволеності", "3\tРівень задоволеності")
    )
    summary, report = asyncio.run(_import(tmp_path / "db", _seed_with(amended)))
    text = summary.render()
    # the same number is the same indicator, reworded (3 now names what 6 did); 6 is retired, kept for 2022
    assert "показник 2, нова назва: «Кількість проведених навчальних тренінгів»" in text
    assert "показник 3, нова назва: «Рівень задоволеності учасників»" in text
    assert "показник 3, вид: показник продукту → показник якості" in text
    assert "− показник 6 вилучено з 2023 року" in text
    assert [r.number for r in report.indicators] == [1, 2, 3, 4, 5]
    assert (report.indicators[2].name, report.indicators[2].plan) == ("Рівень задоволеності учасників", D(90))


def test_the_import_fails_without_the_section_being_read() -> None:
    """The key check of issue 25's bug: the section is not taken for the signature."""
    parsed = parse_grid(_seed_with(SECTION))
    assert not parsed.signatory_title.startswith("2.")


def test_summary_sheet_adds_the_share_of_indicators_met(written: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(written["xlsx"])["Підсумки"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Результативних"))
    assert row[2] == "1 з 5" and D(str(row[5])) == D("20")


def test_pages_of_the_section_repeat_its_own_head(tmp_path: Path) -> None:
    """A page that holds only section 2 is headed by the section's column titles, not the measures'."""
    many = tuple(
        IndicatorRow(n, "product", f"Кількість заходів для жителів громади, вид {n}", "од.", D(n), D(n + 1))
        for n in range(1, 81)
    )
    report = dataclasses.replace(_report(), indicators=many)
    pdf_writer.write_report(report, tmp_path / "r.pdf")
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(tmp_path / "r.pdf").pages]
    assert len(pages) >= 3
    for text in pages[2:]:
        assert "Назва показника" in text and "Зміст заходів" not in text
    docx_writer.write_report(report, tmp_path / "r.docx")
    # A table a page (reports.docx_pages), each of section 2 headed by the section's column titles and numbers.
    tables = docx.Document(str(tmp_path / "r.docx")).tables
    section = [t for t in tables if t.rows[0].cells[1].text == "Назва показника"]
    assert len(section) >= 2 and all(t.rows[1].cells[0].text == "1" for t in section)
    assert sum(len(t.rows) - 2 for t in section) == 1 + 80  # the group, 80 indicators


def _sixty() -> tuple[IndicatorRow, ...]:
    """Sixty indicators, fifteen of each kind, a name of two lines every seventh, a reason every fifth."""
    kinds = ("cost", "product", "efficiency", "quality")
    longer = ", із довгою назвою, що займає кілька рядків у своїй клітинці таблиці"
    return tuple(
        IndicatorRow(
            n,
            kinds[(n - 1) // 15],
            f"Кількість заходів для жителів громади, вид {n}" + (longer if n % 7 == 0 else ""),
            "од.",
            D(n),
            D(n) + D("0.5"),
            "Причина відхилення" if n % 5 == 0 else "",
        )
        for n in range(1, 61)
    )


def _lineless(tasks: tuple[ParsedTask, ...]) -> list[object]:
    return [(t.number, t.text, [m.model_copy(update={"line": 0}) for m in t.measures]) for t in tasks]


def test_xlsx_pages_of_the_section_are_headed_by_its_own_titles(tmp_path: Path) -> None:
    """The seed's measures and sixty indicators: every page of section 2 begins with the section's column
    titles and numbers, every other with the measures' (rows of the sheet: print titles would put the
    measures' head above section 2 too), the measures' head is nowhere right above indicators, every page
    but the last is filled, and the workbook reads back to the same measures and indicators."""
    import asyncio

    from tests.test_report_formats import _build

    many = _sixty()
    seed = asyncio.run(_build(tmp_path))
    book, plain = tmp_path / "r.xlsx", tmp_path / "plain.xlsx"
    xlsx_writer.write_report(dataclasses.replace(seed, indicators=many), book)
    xlsx_writer.write_report(seed, plain)
    back, expected = parse_grid(read_workbook_grid(book)), parse_grid(read_workbook_grid(plain))
    assert rows_of(back.indicators) == many
    assert _lineless(back.tasks) == _lineless(expected.tasks)  # (the rows of the pages' heads in between)
    assert [x and x.model_copy(update={"line": 0}) for x in (back.general, back.special)] == [
        x and x.model_copy(update={"line": 0}) for x in (expected.general, expected.special)
    ]
    assert not back.warnings
    ws = openpyxl.load_workbook(book).worksheets[0]
    assert ws.print_title_rows is None
    heads = set()
    for brk in ws.row_breaks.brk:  # the row after a break begins a page: a head, or the section's title
        first = tuple(ws.cell(brk.id + 1, column).value for column in (1, 2))
        heads.add(first)
        assert first in {("№ з/п", "Завдання"), ("№ з/п", "Назва показника"), (section_title(), None)}
    assert {("№ з/п", "Завдання"), ("№ з/п", "Назва показника")} <= heads

    renderkit.require_renderer()
    pages = [
        page
        for page in renderkit.pages(renderkit.to_pdf(book, tmp_path))
        if any(renderkit.FOOTER.match(line.text) for line in page.lines)
    ]
    shown: set[str] = set()
    section_pages = 0
    for page in pages:
        texts = [line.text for line in page.lines]
        first_indicator = next((i for i, t in enumerate(texts) if "громади, вид" in t), len(texts))
        shown.update(re.findall(r"громади, вид (\d+)", page.text()))
        if "Зміст заходів" in texts:  # a page of measures: section 2 only after its own title and head
            title = texts.index(section_title()) if section_title() in texts else len(texts)
            assert texts.index("Зміст заходів") < title <= first_indicator
            assert first_indicator == len(texts) or texts.index("Назва показника") < first_indicator
        else:
            section_pages += 1
            assert "Назва показника" in texts[:3], f"page {page.number} begins with {texts[:3]}"
        if page is not pages[-1]:
            assert renderkit.fill(page) >= 0.75, f"page {page.number} filled {renderkit.fill(page):.2f}"
    assert section_pages >= 2
    assert shown == {str(n) for n in range(1, 61)}


def test_interim_and_accepted_reports_read_indicators_as_of_their_moment(tmp_path: Path) -> None:
    import asyncio
    import datetime as dt

    from reports.build import build_report
    from storage.db import connect

    asyncio.run(_import(tmp_path / "db", _seed_with(SECTION)))

    async def built() -> tuple[Report, Report]:
        db = await connect(tmp_path / "db")
        try:
            before = await build_report(db, 1, 2023, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
            accepted = await build_report(db, 1, 2023, accepted_only=True)  # an imported fact needs no review
            return before, accepted
        finally:
            await db.close()

    before, accepted = asyncio.run(built())
    assert [(r.plan, r.fact) for r in before.indicators] == [(None, None)] * 6  # not yet imported then
    assert accepted.indicators == EXPECTED


def test_pdf_pages_of_the_section_are_full_and_headed(tmp_path: Path) -> None:
    """The seed's measures and sixty indicators in the PDF: every page but the last filled to three quarters,
    every page of section 2 headed by its own column titles, nothing below the footer's top."""
    import asyncio

    from reports.writers import write
    from tests import renderkit
    from tests.test_report_formats import _build

    renderkit.require_renderer()
    seed = asyncio.run(_build(tmp_path))
    pdf = tmp_path / "r.pdf"
    write(dataclasses.replace(seed, indicators=_sixty()), pdf)
    pages = renderkit.pages(pdf)
    assert all(renderkit.fill(page) >= 0.75 for page in pages[:-1]), [renderkit.fill(p) for p in pages]
    # Pages of section 2 after the one where it begins (that one opens with the measures' last rows)
    section = [
        page for page in pages if "Назва показника" in page.text() and "2. Виконання" not in page.text()
    ]
    assert len(section) >= 2
    for page in section:
        head = " ".join(line.text for line in page.lines[:4])
        assert "Назва показника" in head and "Зміст заходів" not in page.text()
    for page in pages:
        footer = [line for line in page.lines if renderkit.FOOTER.match(line.text)]
        assert footer and all(line.bottom <= footer[0].top + 0.5 for line in page.lines if line not in footer)


# --------------------------------------------------------------- section 2's rows cut at a page break
def _long_reasons() -> Report:
    """The small report with thirty indicators whose reasons are 1,500 characters long (two thirds of a
    page each): nearly every page of section 2 begins with the rest of an indicator cut at the break."""
    base = (
        "Відхилення пояснюється тим, що частина запланованих заходів була перенесена на наступний період "
        "через обставини воєнного стану, а також економією коштів за результатами закупівель. "
    )
    kinds = ("cost", "product", "efficiency", "quality")
    rows = tuple(
        IndicatorRow(
            n,
            kinds[min(3, (n - 1) // 8)],
            f"Кількість заходів для жителів громади, вид {n}",
            "од.",
            D(n),
            D(n) + D("0.5"),
            (f"Причина {n}: " + base * 10)[:1500],
        )
        for n in range(1, 31)
    )
    return dataclasses.replace(_report(), indicators=rows)


def _first_lines(pdf: Path) -> list[str]:
    """Each page's first line below section 2's column numbers («1 2 3 4 5 6 7»), its words left to right
    ("" on a page without them, or where the measures' head is on the page too: the section begins there)."""
    from tests.test_render_pages import _words

    firsts = []
    for words in _words(pdf):
        if any(w.text == "Зміст" for w in words):
            firsts.append("")
            continue
        tops = {(w.text, round(w.top)) for w in words}
        numbers = [
            w for w in words if w.text == "7" and all((str(n), round(w.top)) in tops for n in range(1, 7))
        ]
        footer = [w.top for w in words if w.text == "Сторінка"]
        if not numbers or not footer:
            firsts.append("")
            continue
        head_bottom = min(numbers, key=lambda w: w.top).bottom
        body = [w for w in words if head_bottom < w.top < min(footer)]
        top = min(w.top for w in body)
        firsts.append(" ".join(w.text for w in sorted(body, key=lambda w: w.left) if w.top < top + 4))
    return firsts


def _check_continued_indicators_named(pdf: Path) -> None:
    """Every page of section 2 that begins with neither an indicator nor a kind's title begins with the
    label of the indicator begun last on the pages before it, «N (продовж.)» (issue 24, point 1)."""
    from reports import texts

    pages = renderkit.pages(pdf)
    firsts = _first_lines(pdf)
    labelled = 0
    for number, (page, first) in enumerate(zip(pages, firsts, strict=True), start=1):
        if not first:
            continue
        begun = [int(n) for p in pages[: number - 1] for n in re.findall(r"громади, вид (\d+)", p.text())]
        if re.match(r"\d+ Кількість", first) or first.startswith("Показники"):
            continue
        assert begun, f"page {number} begins with {first[:60]!r}"
        label = texts.continued_number(str(begun[-1]))
        assert first.startswith(label), f"page {number} begins with {first[:60]!r}, not {label!r}"
        labelled += 1
        footer = [line for line in page.lines if renderkit.FOOTER.match(line.text)]
        assert footer and all(line.bottom <= footer[0].top + 0.5 for line in page.lines if line not in footer)
    assert labelled >= 10, firsts
    form = [page for page in pages if any(renderkit.FOOTER.match(line.text) for line in page.lines)]
    fills = [round(renderkit.fill(page), 2) for page in form]  # (the XLSX's summary sheet left out)
    assert all(fill >= 0.75 for fill in fills[:-1]), fills


def test_pdf_names_the_indicator_a_page_goes_on_with(tmp_path: Path) -> None:
    renderkit.require_renderer()
    pdf_writer.write_report(_long_reasons(), tmp_path / "r.pdf")
    _check_continued_indicators_named(tmp_path / "r.pdf")


def test_docx_names_the_indicator_a_page_goes_on_with(tmp_path: Path) -> None:
    """Section 2 in the DOCX is laid out in our pages as the measures are (``docx_pages``), LibreOffice prints."""
    renderkit.require_renderer()
    docx_writer.write_report(_long_reasons(), tmp_path / "r.docx")
    _check_continued_indicators_named(renderkit.to_pdf(tmp_path / "r.docx"))


def test_xlsx_names_the_indicator_a_page_goes_on_with(tmp_path: Path) -> None:
    """... and the workbook reads back to the same indicators, each reason whole (the rest of a reason
    cut at a page break joins the row above)."""
    renderkit.require_renderer()
    report = _long_reasons()
    xlsx_writer.write_report(report, tmp_path / "r.xlsx")
    assert rows_of(parse_grid(read_workbook_grid(tmp_path / "r.xlsx")).indicators) == report.indicators
    _check_continued_indicators_named(renderkit.to_pdf(tmp_path / "r.xlsx"))


@pytest.mark.parametrize("writer", [pdf_writer, docx_writer, xlsx_writer], ids=["pdf", "docx", "xlsx"])
def test_term_report_of_tall_indicators_fills_its_pages_and_keeps_its_count(tmp_path: Path, writer) -> None:
    """Over the term each indicator is a block of year rows kept together; with 1,500-character reasons a
    block is taller than a page. The section's title and head go on with the first indicator's first lines
    (in the XLSX they took a page each), a tall year row is cut like any other (no page left half empty for
    it), the last measure is not held to the fund totals when section 2 follows (the PDF's first page was
    0.67 full), and the last indicator cannot push the signature onto a page the footers do not count (the
    XLSX printed «Сторінка 31 з 30»)."""
    renderkit.require_renderer()
    report = _long_reasons()
    term = consolidate_term([dataclasses.replace(report, year=2022), report])
    extension = {pdf_writer: ".pdf", docx_writer: ".docx", xlsx_writer: ".xlsx"}[writer]
    path = tmp_path / f"term{extension}"
    writer.write_form(term_form_of(term), path)
    pages = renderkit.pages(path if extension == ".pdf" else renderkit.to_pdf(path))
    footers = [next(line.text for line in page.lines if renderkit.FOOTER.match(line.text)) for page in pages]
    assert footers == [f"Сторінка {n} з {len(pages)}" for n in range(1, len(pages) + 1)]
    fills = [round(renderkit.fill(page), 2) for page in pages]
    assert all(fill >= 0.75 for fill in fills[:-1]), fills
    last = " ".join(line.text for line in pages[-1].lines)
    # the signature with rows of the last indicator (its rest, or all of it)
    assert "КОВАЛЬЧУК" in last and ("30 (продовж.)" in last or "вид 30" in last), last[:300]
