"""A council's own files, not ours: a workbook a clerk made in Excel and texts saved by other programs read as the
report they show, or are refused in words that name what is wrong; never read as something else.

The workbooks are made with openpyxl the way a clerk's look: the form typed into cells, the task merged down its
measures, amounts as numbers in a «0.0» format."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports import xlsx_reader
from reports.import_issues import ImportFileError
from reports.importer import read_file_grid
from reports.report_parser import ParsedReport, parse_grid
from tests import renderkit
from tests.conftest import SEED
from tests.copykit import measures_of

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
TITLE_ROWS = 14  # the seed's lines above the table's head
Edit = Callable[[Worksheet, dict[str, int]], None]


def _seed() -> ParsedReport:
    return parse_grid(read_file_grid(SEED))


def clerk_workbook(edit: Edit | None = None, *, cover: bool = False) -> bytes:
    """The seed as a clerk types it into a sheet; ``edit`` changes the sheet, given the rows of the head and of
    each measure (by number)."""
    seed = _seed()
    wb = Workbook()
    ws = wb.active
    if cover:
        ws.title = "Титул"
        ws["A1"] = "Житомирська міська рада"
        ws["A3"] = "Звіт про виконання програми за 2023 рік"
        ws = wb.create_sheet("Звіт")
    for row, line in enumerate(SEED_LINES[:TITLE_ROWS], 1):
        if line:
            ws.cell(row, 1, line)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
    rows = {"head": TITLE_ROWS + 1}
    for column, title in enumerate(SEED_LINES[TITLE_ROWS].split("\t"), 1):
        ws.cell(TITLE_ROWS + 1, column, title)
    for column, number in enumerate(SEED_LINES[TITLE_ROWS + 1].split("\t"), 1):
        ws.cell(TITLE_ROWS + 2, column, int(number))
    row = TITLE_ROWS + 3
    for task in seed.tasks:
        first = row
        ws.cell(row, 1, task.number + ".")
        ws.cell(row, 2, task.text)
        for m in task.measures:
            rows[m.number] = row
            for column, value in enumerate((f"{m.number}. {m.text}", m.term, m.executors), 3):
                ws.cell(row, column, value)
            for column, amount in enumerate((m.plan, m.actual, m.financed, m.percent), 6):
                if amount is not None:
                    ws.cell(row, column, float(amount)).number_format = "0.0"
            ws.cell(row, 10, m.info or None)
            row += 1
        if row - first > 1:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
            ws.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
    rows["totals"] = row
    ws.cell(row, 2, SEED_LINES[60].split("\t")[1])
    assert seed.general is not None
    for column, amount in enumerate((seed.general.plan, seed.general.actual, seed.general.financed), 6):
        ws.cell(row, column, float(amount or 0)).number_format = "0.0"
    ws.cell(row, 9, 90.0).number_format = "0.0"
    ws.cell(row + 1, 2, SEED_LINES[61].split("\t")[1])
    ws.cell(row + 3, 1, SEED_LINES[63])
    ws.cell(row + 5, 1, SEED_LINES[65])
    if edit is not None:
        edit(ws, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _read(data: bytes, name: str = "звіт.xlsx") -> ParsedReport:
    return parse_grid(read_file_grid(io.BytesIO(data), name))


def _refusal(data: bytes, name: str = "звіт.xlsx") -> str:
    with pytest.raises(ImportFileError) as caught:
        _read(data, name)
    return str(caught.value)


def test_a_clerks_workbook_reads_as_the_seed() -> None:
    assert measures_of(_read(clerk_workbook())) == measures_of(_seed())


def _percents_as_excel_formats_them(ws: Worksheet, rows: dict[str, int]) -> None:
    """Percents typed as Excel takes «100%» or «95,2%»: the fraction, in a percent format."""
    for number, row in rows.items():
        cell = ws.cell(row, 9)
        if "." in number and isinstance(cell.value, float):
            shown = cell.value
            cell.value = shown / 100  # 95.2 / 100 is 0.9520000000000001: Excel shows 95,2 %
            cell.number_format = "0%" if shown.is_integer() else "0.0%"


def test_a_percent_format_reads_as_the_percent_it_shows() -> None:
    """0.952 in a «0.0%» cell is 95,2 %, not 0,952 % (and 1 in a «0%» cell 100 %, not 1 %)."""
    assert measures_of(_read(clerk_workbook(_percents_as_excel_formats_them))) == measures_of(_seed())


@pytest.mark.parametrize(
    ("value", "number_format", "term"),
    [
        (dt.datetime(2025, 12, 31), "dd.mm.yyyy", "31.12.2025"),
        (dt.datetime(2025, 12, 31), "mm-dd-yy", "31.12.2025"),
        (dt.datetime(2023, 1, 1), "yyyy", "2023"),
        (dt.date(2023, 6, 30), "d mmmm yyyy", "30.06.2023"),
    ],
)
def test_a_date_in_the_term_column_reads_as_a_date_is_written(
    value: dt.date, number_format: str, term: str
) -> None:
    """Excel turns «31.12.2025» typed into a cell into a date: it reads as typed, not «2025-12-31T00:00:00»."""

    def dated(ws: Worksheet, rows: dict[str, int]) -> None:
        ws.cell(rows["1.3"], 4, value).number_format = number_format

    [measure] = [m for m in _read(clerk_workbook(dated)).measures if m.number == "1.3"]
    assert measure.term == term


def _hidden_measure(ws: Worksheet, rows: dict[str, int]) -> None:
    """A measure the clerk hid (dropped this year, or filtered out), with its figures."""
    row = rows["4.6"]
    ws.insert_rows(row + 1)
    for column, value in enumerate(("4.7. Захід, якого немає у звіті", "2023", "Управління освіти"), 3):
        ws.cell(row + 1, column, value)
    for column in (6, 7, 8, 9):
        ws.cell(row + 1, column, 50.0)
    ws.row_dimensions[row + 1].hidden = True


def _hidden_column(ws: Worksheet, rows: dict[str, int]) -> None:
    ws.column_dimensions["K"].hidden = True
    ws.cell(rows["1.2"], 11, "примітка бухгалтера")


def _zero_height_row() -> bytes:
    """Row 26 (measure 2.3) dragged to no height: there, but not seen (openpyxl writes no zero height itself)."""
    data = clerk_workbook(lambda ws, rows: setattr(ws.row_dimensions[rows["2.3"]], "height", 1))
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[sheet] = parts[sheet].replace(b'<row r="26" ht="1"', b'<row r="26" ht="0"')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("made", "named"),
    [
        (lambda: clerk_workbook(_hidden_measure), "На аркуші звіту приховано рядок 54, і в ньому є дані"),
        (lambda: clerk_workbook(_hidden_column), "На аркуші звіту приховано колонку K, і в ній є дані"),
        (_zero_height_row, "приховано рядок 26,"),
        (
            lambda: clerk_workbook(lambda ws, rows: (_hidden_column(ws, rows), _hidden_measure(ws, rows))),
            "приховано рядок 54 та колонку K,",
        ),
    ],
    ids=["hidden-row", "hidden-column", "row-of-no-height", "both"],
)
def test_hidden_rows_and_columns_with_data_are_refused_naming_them(
    made: Callable[[], bytes], named: str
) -> None:
    """What the clerk hid is not in the report they see and print: read, it would be a measure or figures the
    published report has not; left out, a measure lost. Neither silently: the person is told where it is."""
    assert named in _refusal(made())


def test_rows_filtered_out_are_counted_past_the_first_ten() -> None:
    def filtered(ws: Worksheet, rows: dict[str, int]) -> None:
        ws.auto_filter.ref = f"A{rows['head']}:J{rows['totals'] - 1}"
        for number in ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"):
            ws.row_dimensions[rows[number]].hidden = True

    text = _refusal(clerk_workbook(filtered))
    assert "приховано рядки 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 і ще 2, і в них" in text


def test_hidden_rows_and_columns_without_data_read_as_the_seed() -> None:
    def hidden_empty(ws: Worksheet, rows: dict[str, int]) -> None:
        ws.column_dimensions["L"].hidden = True
        ws.row_dimensions[rows["totals"] + 2].hidden = True

    assert measures_of(_read(clerk_workbook(hidden_empty))) == measures_of(_seed())


def test_the_form_on_a_sheet_after_a_cover_sheet_is_found() -> None:
    assert measures_of(_read(clerk_workbook(cover=True))) == measures_of(_seed())


def test_a_hidden_sheet_before_the_form_is_not_read() -> None:
    """An old version of the report kept in a hidden first sheet: the visible one is the report."""
    data = clerk_workbook()
    wb = load_workbook(io.BytesIO(data))
    old = wb.copy_worksheet(wb.active)
    old.title = "2022 (старий)"
    old.cell(18, 6, 999.0)
    old.sheet_state = "hidden"
    wb.move_sheet(old, offset=-1)
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    assert measures_of(_read(out.getvalue())) == measures_of(_seed())


def test_a_workbook_of_fifty_sheets_with_the_form_last_is_read_in_bounds() -> None:
    wb = load_workbook(io.BytesIO(clerk_workbook()))
    for n in range(49):
        wb.create_sheet(f"Додаток {n + 1}", n)["A1"] = f"додаток {n + 1}"
    out = io.BytesIO()
    wb.save(out)
    assert measures_of(_read(out.getvalue())) == measures_of(_seed())


def test_sheets_are_looked_at_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the sheets looked at, the first sheet is read, as without a cover: its words say what it lacks."""
    monkeypatch.setattr(xlsx_reader, "MAX_SHEETS_LOOKED", 1)
    assert "заголовка таблиці" in _refusal(clerk_workbook(cover=True))


def _insert_row(ws: Worksheet, at: int) -> None:
    """A row inserted as Excel inserts it: the merges below move down too (openpyxl's insert_rows leaves them)."""
    ws.insert_rows(at)
    for merged in ws.merged_cells.ranges:
        if merged.min_row >= at:
            merged.shift(row_shift=1)


def _head_over_two_rows(ws: Worksheet, rows: dict[str, int], *, numbers: bool = True) -> None:
    """«Річний обсяг фінансування тис. грн» over «план» and «факт» in a second row of the head (``numbers``: the
    row of column numbers under it kept, else emptied)."""
    head = rows["head"]
    _insert_row(ws, head + 1)
    ws.cell(head, 6, "Річний обсяг фінансування тис. грн")
    ws.cell(head, 7, None)
    ws.cell(head + 1, 6, "план")
    ws.cell(head + 1, 7, "факт")
    if not numbers:
        for column in range(1, 11):
            ws.cell(head + 2, column).value = None


@pytest.mark.parametrize(
    "edit",
    [
        _head_over_two_rows,
        lambda ws, rows: _insert_row(ws, rows["head"] + 1),
        lambda ws, rows: _head_over_two_rows(ws, rows, numbers=False),
    ],
    ids=["head-over-two-rows", "blank-row-under-the-head", "head-over-two-rows-without-numbers"],
)
def test_rows_between_the_head_and_its_column_numbers_are_the_heads(edit: Edit) -> None:
    assert measures_of(_read(clerk_workbook(edit))) == measures_of(_seed())


def test_percents_written_with_their_sign_read_as_the_seed() -> None:
    """«100,0 %» or «90%» in the percent column, as some councils type it (the column's title has the sign)."""
    text = SEED.read_text(encoding="utf-8")
    signed = "\n".join(
        "\t".join(
            c + (" %" if n % 2 else "%") if i == len(cells) - 2 and c[:1].isdigit() else c
            for i, c in enumerate(cells)
        )
        if len(cells := line.split("\t")) >= 9
        else line
        for n, line in enumerate(text.splitlines())
    )
    assert "100,0 %" in signed or "100,0%" in signed
    assert measures_of(_read(signed.encode(), "звіт.txt")) == measures_of(_seed())


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_byte_order_mark_reads_as_the_seed(encoding: str) -> None:
    """It was «a binary file» (its zero bytes)."""
    data = SEED.read_text(encoding="utf-8").encode(encoding)
    assert measures_of(_read(data, "звіт.txt")) == measures_of(_seed())


def test_a_koi8_text_is_told_its_encoding_is_unknown() -> None:
    """Read as Windows-1251 its letters swap case, and it was «no head row» (KOI8-U has no «№» for the head)."""
    data = SEED.read_text(encoding="utf-8").encode("koi8_u", "replace")
    assert _refusal(data, "звіт.txt") == "Не вдалося прочитати файл: невідоме кодування тексту"


def _computed(ws: Worksheet, rows: dict[str, int]) -> None:
    """A clerk's formulas: the totals summed, each plan the sum of its quarters, each percent financed ÷ plan
    shown to one decimal."""
    first, totals = rows["1.1"], rows["totals"]
    for column in "FGH":
        ws[f"{column}{totals}"] = f"=SUM({column}{first}:{column}{totals - 1})"
        ws[f"{column}{totals}"].number_format = "0.0"
    for number, row in rows.items():
        plan = ws.cell(row, 6).value
        if "." in number and isinstance(plan, float) and plan:
            quarter = repr(plan / 4)
            ws.cell(row, 6).value = f"={quarter}+{quarter}+{quarter}+{quarter}"
            ws.cell(row, 9).value = f"=H{row}/F{row}*100"


def test_formulas_read_as_the_values_the_program_that_saved_them_shows(tmp_path: Path) -> None:
    """Formulas a clerk's Excel or LibreOffice computed when it saved the file read as the values they show; a
    workbook a script wrote (nothing computed its formulas) is refused, its cells named."""
    data = clerk_workbook(_computed)
    assert "містять формули без обчислених значень" in _refusal(data)
    typed = tmp_path / "typed" / "звіт.xlsx"
    typed.parent.mkdir()
    typed.write_bytes(data)
    saved = renderkit.convert(typed, "xlsx", "xlsx", tmp_path)
    with zipfile.ZipFile(saved) as package:
        assert b">SUM(" in package.read("xl/worksheets/sheet1.xml")  # formulas still, with their values
    report = _read(saved.read_bytes())
    expected = []
    for *head, plan, actual, financed, percent, info in measures_of(_seed()):
        if plan:
            percent = (Decimal(financed or 0) / Decimal(plan) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        expected.append((*head, plan, actual, financed, percent, info))
    assert measures_of(report) == expected
    assert report.general is not None
    assert report.general.plan == sum(m.plan for t in report.tasks for m in t.measures)


@pytest.mark.parametrize(("suffix", "to"), [("ods", "ods"), ("odt", "odt:writer8")])
def test_libreoffices_own_formats_are_told_how_to_save(tmp_path: Path, suffix: str, to: str) -> None:
    """A workbook or a document kept in LibreOffice's own format (its default) is told to be saved as Microsoft
    Office's (it was «a ZIP without a workbook: send the report as…»)."""
    source = tmp_path / "звіт.xlsx" if suffix == "ods" else tmp_path / "звіт.txt"
    source.write_bytes(clerk_workbook() if suffix == "ods" else SEED.read_bytes())
    converted = renderkit.convert(source, to, suffix, tmp_path / "out")
    assert "Це файл формату OpenDocument" in _refusal(converted.read_bytes(), converted.name)
