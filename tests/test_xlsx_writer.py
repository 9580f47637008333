"""The XLSX writer lays out the official form, keeps every text literal and whole, and reads back as the
seed's tab-separated grid."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from reports import layout, texts, xlsx_pages
from reports.form import clean_text
from reports.model import FundTotals, Report, ReportRow, TaskBlock
from reports.report_parser import parse_grid
from reports.xlsx_cells import CELL_LIMIT, cell_units, split_for_cells
from reports.xlsx_pages import continued
from reports.xlsx_reader import format_number, read_workbook_grid
from reports.xlsx_writer import (
    AMOUNT_FORMAT,
    COLUMN_WIDTHS,
    FIRST_MEASURE_ROW,
    HEADER_ROW,
    NUMBERS_ROW,
    print_scale,
    write_report,
)

# Emoji are two UTF-16 units each, the unit Excel's cell limit counts; the family is a ZWJ sequence.
LONG_INFO = ("Проведено захід 😀 для родин 👩‍👩‍👧 у громаді.\n" * 1000)[:40_000]
TASK_1_TEXT = "=SUM(A1)"
# A measure text and executors far longer than a 409-pt row shows (each word numbered, so that a piece
# lost, doubled or out of order shows), with a line break in the text.
LONG_MEASURE_TEXT = (
    " ".join(
        f"{word}{i}"
        for i, word in enumerate(
            "Забезпечення участі молоді у заходах національно-патріотичного виховання".split() * 60
        )
    )[:1500]
    + "\n"
    + " ".join(f"навчання{i} інструкторів" for i in range(200))
)[:3000]
LONG_EXECUTORS = " ".join(
    f"{word}{i}"
    for i, word in enumerate("Управління у справах сім'ї, молоді та спорту міської ради".split() * 40)
)[:1500]
PROGRAM = "цільова соціальна програми «Територія рівних можливостей» на 2020-2025 роки"
DEPARTMENT = "Управління у справах сім'ї, молоді та спорту Житомирської міської ради"


def _row(number: str, **changes: object) -> ReportRow:
    values: dict[str, object] = {
        "measure_number": number,
        "measure_text": f"Захід {number}",
        "term": "2020-2025",
        "executors": "Управління у справах сім'ї, молоді та спорту міської ради",
        "plan": Decimal("2.4"),
        "actual": Decimal("0.0"),
        "financed": Decimal("0"),
        "percent": Decimal("100.0"),
        "info": f"Виконано {number}",
    }
    values.update(changes)
    return ReportRow(**values)  # type: ignore[arg-type]


def _report(special: FundTotals | None = None) -> Report:
    return Report(
        program_name=PROGRAM,
        responsible_department=DEPARTMENT,
        year=2023,
        decision_number="1688",
        decision_date="18.12.2019",
        term="2020-2025",
        tasks=(
            TaskBlock(
                "1",
                TASK_1_TEXT,
                (
                    _row("1.1", info=LONG_INFO, measure_text="@x"),
                    _row(
                        "1.2",
                        plan=Decimal("12.345"),
                        actual=None,
                        financed=None,
                        percent=None,
                        term="+1",
                        executors="-2",
                        info="#N/A",
                    ),
                ),
            ),
            TaskBlock(
                "2", "Забезпечити врахування гендерної складової", (_row("2.1", plan=Decimal("10.5")),)
            ),
        ),
        general=FundTotals(Decimal("228.3"), Decimal("60.0"), Decimal("30"), Decimal("90.0")),
        special=special or FundTotals(Decimal("0"), Decimal("0"), Decimal("0"), None),
        signatory_title="Начальник управління у справах сім'ї, молоді та спорту міської ради",
        signatory_name="Ірина КОВАЛЬЧУК",
    )


def _with_task_2_row(row: ReportRow) -> Report:
    report = _report()
    task = report.tasks[1]
    return replace(report, tasks=(report.tasks[0], replace(task, rows=(row,))))


# Layout of _report(): 1.1 takes its row and continuation rows (its information is long), then 1.2, then
# task 2. Where they land depends on how many lines the long text wraps into, so the tests look them up.
ROW_1_1 = FIRST_MEASURE_ROW


def _row_of(ws: Worksheet, measure_text: str) -> int:
    return next(
        row for row in range(FIRST_MEASURE_ROW, ws.max_row + 1) if ws.cell(row, 3).value == measure_text
    )


def _grid_row(grid: list[list[str]], prefix: str) -> int:
    """The 1-based sheet row of the grid row whose column C starts with ``prefix``."""
    return next(
        i for i, values in enumerate(grid, start=1) if len(values) > 2 and values[2].startswith(prefix)
    )


class Rows:
    def __init__(self, ws: Worksheet) -> None:
        self.r1_2 = _row_of(ws, "1.2. Захід 1.2")
        self.more = list(range(ROW_1_1 + 1, self.r1_2))  # continuation rows of 1.1
        self.r2_1 = self.r1_2 + 1
        self.general = self.r2_1 + 1
        self.special = self.general + 1
        self.signatory_title = self.special + 2
        self.signatory_name = self.special + 4


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    write_report(_report(), path)
    return path


@pytest.fixture(scope="module")
def ws(written: Path) -> Worksheet:
    sheet = openpyxl.load_workbook(written).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


@pytest.fixture(scope="module")
def grid(written: Path) -> list[list[str]]:
    return read_workbook_grid(written)


@pytest.fixture(scope="module")
def rows(ws: Worksheet) -> Rows:
    return Rows(ws)


def _strings_xml(path: Path | io.BytesIO) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/sharedStrings.xml").decode("utf-8")


def _sheet_xml(path: Path | io.BytesIO) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_title_block(ws: Worksheet) -> None:
    assert ws.title == texts.sheet_title()
    expected = {
        1: texts.title(),
        2: texts.subtitle(),
        3: PROGRAM,
        4: DEPARTMENT,
        5: "за 2023 рік",
        7: "Дата і номер рішення міської ради яким затверджено Програму №1688 від 18.12.2019",
        9: "Термін реалізації Програми 2020-2025 роки",
        11: "1. Виконання заходів",
    }
    merged = {str(cell_range) for cell_range in ws.merged_cells.ranges}
    for row, text in expected.items():
        assert ws.cell(row, 1).value == text
        assert f"A{row}:J{row}" in merged
    for row in (1, 2, 3, 5, 11):
        assert ws.cell(row, 1).font.b
    assert ws["A1"].alignment.horizontal == "center"
    assert ws["A11"].alignment.horizontal == "left"
    for row in (6, 8, 10, 12):
        assert all(ws.cell(row, column).value is None for column in range(1, 11))


def test_header_and_numbering_rows(ws: Worksheet) -> None:
    assert (HEADER_ROW, NUMBERS_ROW, FIRST_MEASURE_ROW) == (13, 14, 15)
    assert [ws.cell(HEADER_ROW, column).value for column in range(1, 11)] == [
        "№ з/п",
        "Завдання",
        "Зміст заходів",
        "Термін виконання",
        "Виконавці",
        "Річний обсяг фінансування тис. грн (план)",
        "Річний обсяг фінансування тис. грн (факт)",
        "Фактично профінансовано у звітному періоді тис. грн",
        "Відсоток виконання заходу %",
        "Інформація про виконання",
    ]
    numbers = [ws.cell(NUMBERS_ROW, column) for column in range(1, 11)]
    assert [cell.value for cell in numbers] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert all(cell.data_type == "n" and cell.alignment.horizontal == "center" for cell in numbers)


def test_measure_rows(ws: Worksheet, rows: Rows) -> None:
    assert ws.cell(ROW_1_1, 1).value == "1."
    assert ws.cell(ROW_1_1, 3).value == "1.1. @x"
    assert ws.cell(ROW_1_1, 4).value == "2020-2025"
    assert [ws.cell(ROW_1_1, column).value for column in range(6, 10)] == [2.4, 0, 0, 100]
    assert ws.cell(rows.r1_2, 3).value == "1.2. Захід 1.2"
    assert ws.cell(rows.r1_2, 6).value == 12.345
    # None amounts leave the cells empty, not zero.
    assert [ws.cell(rows.r1_2, column).value for column in range(7, 10)] == [None, None, None]
    assert ws.cell(rows.r2_1, 1).value == "2."
    assert ws.cell(rows.r2_1, 2).value == "Забезпечити врахування гендерної складової"
    for row in (ROW_1_1, rows.r1_2, rows.r2_1, rows.general, rows.special):
        for column in range(6, 10):
            assert ws.cell(row, column).number_format == AMOUNT_FORMAT  # "0.0" and a space's room after


def test_task_cells_merged_over_the_task_page_by_page(ws: Worksheet, rows: Rows) -> None:
    """Task 1's number and text are merged down over its rows on each page (every page's table closed);
    the task's cells on a page after its first name it («1 (продовж.)»)."""
    merged = {str(cell_range) for cell_range in ws.merged_cells.ranges}
    breaks = sorted(brk.id for brk in ws.row_breaks.brk)
    tops = [ROW_1_1, *(b + 1 for b in breaks if ROW_1_1 <= b < rows.r1_2)]
    bottoms = [*(b for b in breaks if ROW_1_1 <= b < rows.r1_2), rows.r1_2]
    assert len(tops) > 2
    for page, (top, bottom) in enumerate(zip(tops, bottoms, strict=True)):
        if bottom > top:
            assert {f"A{top}:A{bottom}", f"B{top}:B{bottom}"} <= merged
        if page:
            assert ws.cell(top, 1).value is None and ws.cell(top, 2).value == continued("1.")
    assert ws.cell(ROW_1_1, 1).value == "1." and ws.cell(ROW_1_1, 2).value == TASK_1_TEXT
    # A single-row task is not merged.
    assert not any(str(cell_range).startswith(f"A{rows.r2_1}:") for cell_range in ws.merged_cells.ranges)
    assert ws.cell(rows.r1_2, 1).value is None and ws.cell(rows.r1_2, 2).value is None


def test_formula_like_texts_stay_literal_strings(ws: Worksheet, rows: Rows, written: Path) -> None:
    cells = {
        (ROW_1_1, 2): "=SUM(A1)",
        (ROW_1_1, 3): "1.1. @x",
        (rows.r1_2, 4): "+1",
        (rows.r1_2, 5): "-2",
        (rows.r1_2, 10): "#N/A",  # openpyxl would store it as an error value
    }
    for (row, column), text in cells.items():
        cell = ws.cell(row, column)
        assert cell.value == text
        assert cell.data_type == "s"
    for row, column in ((ROW_1_1, 2), (rows.r1_2, 4), (rows.r1_2, 5)):
        assert ws.cell(row, column).quotePrefix
    xml = _sheet_xml(written)
    assert "<f>" not in xml and "<f " not in xml
    assert ">=SUM(A1)</t>" in _strings_xml(written)
    assert 't="e"' not in xml


def test_long_information_continues_in_rows_that_each_print_whole(ws: Worksheet, rows: Rows) -> None:
    pieces = [ws.cell(row, 10).value for row in [ROW_1_1, *rows.more]]
    assert len(rows.more) > 5
    assert len(pieces) > 2  # 40,000 characters: more lines than a 409-pt row shows, many times over
    assert all(isinstance(piece, str) for piece in pieces)
    assert "".join(pieces) == LONG_INFO  # nothing lost, nothing added
    for piece in pieces[:-1]:
        assert piece.endswith((" ", "\n"))  # cut at a word boundary
    for row, piece in zip([ROW_1_1, *rows.more], pieces, strict=True):
        assert cell_units(piece) <= CELL_LIMIT
        # A piece that ends a line break shows an empty line after it: hidden, not needed.
        lines = xlsx_pages.line_count(piece.removesuffix("\n"), xlsx_pages.text_width(COLUMN_WIDTHS[9]), 10)
        assert ws.row_dimensions[row].height >= xlsx_pages.height(lines)
        assert ws.row_dimensions[row].height <= layout.EXCEL_MAX_ROW_HEIGHT
    for row in rows.more:
        assert ws.cell(row, 3).value == continued("1.1")
        assert all(ws.cell(row, column).value is None for column in range(4, 10))
        assert ws.cell(row, 10).border.left.style == "thin"


def test_totals_rows(ws: Worksheet, rows: Rows) -> None:
    assert ws.cell(rows.general, 2).value == "з загального фонду"
    assert [ws.cell(rows.general, column).value for column in range(6, 10)] == [228.3, 60, 30, 90]
    assert ws.cell(rows.special, 2).value == "з спеціального фонду та інших джерел фінансування"
    assert [ws.cell(rows.special, column).value for column in range(6, 10)] == [None] * 4
    for row in (rows.general, rows.special):
        assert ws.cell(row, 2).font.b and ws.cell(row, 6).font.b
        assert f"B{row}:E{row}" in {str(r) for r in ws.merged_cells.ranges}


def test_special_fund_numbers_written_when_there_are_some(tmp_path: Path) -> None:
    path = tmp_path / "special.xlsx"
    write_report(_report(FundTotals(Decimal("5.5"), Decimal("0"), Decimal("0"), Decimal("0.0"))), path)
    grid = read_workbook_grid(path)
    special = next(values for values in grid if values[1:2] == [texts.total_special()])
    assert special[5:9] == ["5,5", "0,0", "0,0", "0,0"]


def test_signature_block(ws: Worksheet, rows: Rows) -> None:
    assert all(ws.cell(rows.special + 1, column).value is None for column in range(1, 11))
    title = ws.cell(rows.signatory_title, 1)
    assert title.value == "Начальник управління у справах сім'ї, молоді та спорту міської ради"
    assert title.alignment.horizontal == "left"
    assert ws.cell(rows.signatory_title + 1, 1).value is None
    name = ws.cell(rows.signatory_name, 1)
    assert name.value == "Ірина КОВАЛЬЧУК"
    assert name.alignment.horizontal == "right"
    assert f"A{rows.signatory_name}:J{rows.signatory_name}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == rows.signatory_name


def test_print_setup(ws: Worksheet, written: Path) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    # One page wide at a scale set in the file, so every program breaks pages where the writer did.
    assert ws.page_setup.scale == round(print_scale() * 100)
    assert ws.print_title_rows == f"${HEADER_ROW}:${NUMBERS_ROW}"
    assert ws.freeze_panes == f"A{FIRST_MEASURE_ROW}"
    # Widths in Times New Roman 12's digits (the workbook's default font), as the <col> elements hold them.
    cols = re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', _sheet_xml(written))
    widths = {i: float(w) for low, high, w in cols for i in range(int(low), int(high) + 1)}
    assert [widths[i] for i in range(1, 11)] == list(COLUMN_WIDTHS)
    # The form's own number of pages: LibreOffice's &N would count the summary sheet's too.
    assert ws.oddFooter.center.text == f"Сторінка &P з {len(ws.row_breaks.brk) + 1}"


def test_table_prints_legibly_on_a4_landscape() -> None:
    """Fit to one page wide shrinks the sheet: its 10-pt body must stay at least 8 pt on paper."""
    printable = 841.89 - 2 * 0.4 * 72
    scale = printable / sum(layout.excel_width_points(width) for width in COLUMN_WIDTHS)
    assert print_scale() == pytest.approx(scale, abs=0.01)
    assert 10 * print_scale() >= 8


def test_table_cells_wrap_top_and_have_borders(ws: Worksheet, rows: Rows, written: Path) -> None:
    table = (HEADER_ROW, NUMBERS_ROW, ROW_1_1, *rows.more, rows.r1_2, rows.r2_1, rows.general, rows.special)
    for row in table:
        for column in range(1, 11):
            cell = ws.cell(row, column)
            if isinstance(cell, MergedCell):
                # openpyxl rebuilds covered cells on load with the merge's outline only.
                continue
            for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
                assert side.style == "thin", cell.coordinate
            if column in (6, 7, 8, 9) and row not in (HEADER_ROW, NUMBERS_ROW):
                # A number shrinks to fit its column rather than show «###» (it never wraps).
                assert cell.alignment.shrink_to_fit and not cell.alignment.wrap_text, cell.coordinate
            else:
                assert cell.alignment.wrap_text, cell.coordinate
            assert cell.alignment.vertical == "top", cell.coordinate
    # Covered cells of column A carry the table's left edge in the file itself (Excel draws from them).
    xml = _sheet_xml(written)
    for row in (rows.more[0], rows.r1_2):
        assert re.search(rf'<c r="A{row}" s="[1-9]\d*"', xml)


def test_every_row_is_as_tall_as_its_texts(ws: Worksheet) -> None:
    """No text is clipped: each row is at least as tall as its tallest unmerged text needs, and a merged
    text gets the rows it spans."""
    merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
    for row in range(1, ws.max_row + 1):
        height = ws.row_dimensions[row].height
        assert height is not None, row
        for column in range(1, 11):
            cell = ws.cell(row, column)
            if not isinstance(cell.value, str):
                continue
            span = merged.get((row, column))
            last_row, last_column = (span.max_row, span.max_col) if span else (row, column)
            width = xlsx_pages.text_width(sum(COLUMN_WIDTHS[column - 1 : last_column]))
            text = cell.value.removesuffix("\n")  # a line break at the end shows an empty line: not needed
            needed = xlsx_pages.height(
                xlsx_pages.line_count(text, width, cell.font.sz, cell.font.b), cell.font.sz
            )
            have = sum(ws.row_dimensions[r].height for r in range(row, last_row + 1))
            assert have >= min(needed, layout.EXCEL_MAX_ROW_HEIGHT) - 0.01, cell.coordinate


def test_signature_prints_with_the_last_rows(ws: Worksheet, rows: Rows) -> None:
    breaks = [brk.id for brk in ws.row_breaks.brk]
    assert breaks  # 40,000 characters of information take several pages
    assert not [row for row in breaks if rows.r2_1 <= row < rows.signatory_name]
    # Each page holds what the printable height allows at the print scale, header rows repeated.
    capacity = (595.28 - 1.1 * 72) / print_scale()
    heights = {row: ws.row_dimensions[row].height for row in range(1, ws.max_row + 1)}
    repeated = heights[HEADER_ROW] + heights[NUMBERS_ROW]
    starts = [1, *(row + 1 for row in breaks)]
    ends = [*breaks, ws.max_row]
    for page, (start, end) in enumerate(zip(starts, ends, strict=True)):
        used = sum(heights[row] for row in range(start, end + 1)) + (repeated if page else 0)
        assert used <= capacity, page


def test_grid_matches_the_seed_shape(grid: list[list[str]], rows: Rows) -> None:
    assert grid[0] == [texts.title()]
    assert grid[5] == []
    assert grid[HEADER_ROW - 1] == list(texts.column_titles())
    assert grid[NUMBERS_ROW - 1] == ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11"]
    assert grid[ROW_1_1 - 1][:9] == [
        "1.",
        "=SUM(A1)",
        "1.1. @x",
        "2020-2025",
        "Управління у справах сім'ї, молоді та спорту міської ради",
        "2,4",
        "0,0",
        "0,0",
        "100,0",
    ]
    assert grid[ROW_1_1 - 1][9] == LONG_INFO  # rejoined exactly
    assert all(grid[row - 1] == [] for row in rows.more)  # the continuation rows keep their place, empty
    assert grid[rows.r1_2 - 1] == ["", "", "1.2. Захід 1.2", "+1", "-2", "12,345", "", "", "", "#N/A"]
    assert grid[rows.r2_1 - 1][5] == "10,5"
    assert grid[rows.general - 1] == ["", "з загального фонду", "", "", "", "228,3", "60,0", "30,0", "90,0"]
    assert grid[rows.special - 1] == ["", "з спеціального фонду та інших джерел фінансування"]
    assert grid[rows.signatory_title - 1][0].startswith("Начальник")
    assert grid[rows.signatory_name - 1] == ["Ірина КОВАЛЬЧУК"]
    assert len(grid) == rows.signatory_name


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("228.3"), "228,3"),
        (Decimal("12.345"), "12,345"),
        (Decimal("10.5"), "10,5"),
        (Decimal("100"), "100,0"),
        (Decimal("100.00"), "100,0"),
        (Decimal("0"), "0,0"),
        (Decimal("1234567.8"), "1234567,8"),
    ],
)
def test_amounts_round_trip_as_printed(value: Decimal, text: str) -> None:
    changed = _with_task_2_row(_row("2.1", plan=value, info="коротко"))
    target = io.BytesIO()
    write_report(changed, target)
    target.seek(0)
    grid = read_workbook_grid(target)
    assert grid[_grid_row(grid, "2.1.") - 1][5] == text


def test_format_number_is_decimal_exact() -> None:
    assert format_number(228.3) == "228,3"
    assert format_number(10.5) == "10,5"
    assert format_number(100) == "100,0"
    assert format_number(12.345) == "12,345"
    assert format_number(-0.0) == "0,0"
    assert format_number(3, 0) == "3"
    assert format_number(1e16) == "10000000000000000,0"


def test_texts_are_cleaned_and_escape_sequences_kept_literal(tmp_path: Path) -> None:
    info = "a\x00b\x0bc\r\nd\re _x0041_ _x005F_x0041_ _x0041_x0042_ x_x00"
    changed = _with_task_2_row(_row("2.1", info=info))
    path = tmp_path / "escapes.xlsx"
    write_report(changed, path)
    grid = read_workbook_grid(path)
    assert grid[_grid_row(grid, "2.1.") - 1][9] == "abc\nd\ne _x0041_ _x005F_x0041_ _x0041_x0042_ x_x00"
    # Excel decodes "_xHHHH_" in cell text, so the file must hold the escaped underscore.
    assert "_x005F_x0041_" in _strings_xml(path)


def test_too_long_text_outside_information_is_refused(tmp_path: Path) -> None:
    changed = replace(_report(), program_name="я" * (CELL_LIMIT + 1))
    with pytest.raises(ValueError, match="32767"):
        write_report(changed, tmp_path / "refused.xlsx")


def test_split_never_breaks_an_emoji_sequence() -> None:
    family = "👩\u200d👩\u200d👧"  # 5 code points, 8 UTF-16 units
    text = family * 10_000  # no spaces: the cut falls back to character boundaries
    pieces = split_for_cells(text)
    assert "".join(pieces) == text
    assert len(pieces) == 3
    for piece in pieces:
        assert cell_units(piece) <= CELL_LIMIT
        assert piece.startswith("👩") and piece.endswith("👧")


def test_split_counts_escapes_against_the_limit() -> None:
    text = "_x0041_" * 5_000  # 35,000 characters, 65,000 once every underscore is escaped
    pieces = split_for_cells(clean_text(text))
    assert "".join(pieces) == text
    assert all(cell_units(piece) <= CELL_LIMIT for piece in pieces)
    assert split_for_cells("коротко") == ["коротко"]


def test_header_words_fit_their_columns() -> None:
    """No column title is broken inside a word (the amount columns are the narrow ones)."""
    for width, title in zip(COLUMN_WIDTHS, texts.column_titles(), strict=True):
        for word in title.split():
            assert layout.text_width(word, 10, bold=True) <= layout.excel_text_width(width), word


def long_own_texts_report() -> Report:
    """Task 1: measure 1.1 with a 3,000-character text and 1,500 characters of executors, then 1.2;
    task 2: its one measure with the same long texts and a long information text."""
    report = _report()
    long_row = _row("1.1", measure_text=LONG_MEASURE_TEXT, executors=LONG_EXECUTORS)
    task_2_row = _row(
        "2.1", measure_text=LONG_MEASURE_TEXT, executors=LONG_EXECUTORS, info=LONG_MEASURE_TEXT * 2
    )
    return replace(
        report,
        tasks=(
            replace(report.tasks[0], text="Завдання перше", rows=(long_row, _row("1.2"))),
            replace(report.tasks[1], rows=(task_2_row,)),
        ),
    )


def test_long_measure_text_and_executors_continue_in_rows_that_print_whole(tmp_path: Path) -> None:
    path = tmp_path / "long-own.xlsx"
    write_report(long_own_texts_report(), path)
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    r1_2 = _row_of(ws, "1.2. Захід 1.2")
    more = range(FIRST_MEASURE_ROW + 1, r1_2)  # the continuation rows of 1.1
    assert len(more) >= 3  # 3,000 characters in C take several rows of 409 pt
    label = continued("1.1")
    text_pieces = [ws.cell(FIRST_MEASURE_ROW, 3).value]
    executor_pieces = [ws.cell(FIRST_MEASURE_ROW, 5).value]
    for row in more:
        c = ws.cell(row, 3).value
        assert isinstance(c, str) and c.partition("\n")[0] == label
        text_pieces.append(c.partition("\n")[2])
        executor_pieces.append(ws.cell(row, 5).value or "")
        assert all(ws.cell(row, column).value is None for column in (4, 6, 7, 8, 9))
    assert "".join(text_pieces) == f"1.1. {LONG_MEASURE_TEXT}"
    assert "".join(executor_pieces) == LONG_EXECUTORS
    for row in range(FIRST_MEASURE_ROW, ws.max_row + 1):
        height = ws.row_dimensions[row].height
        assert height is not None and height <= layout.EXCEL_MAX_ROW_HEIGHT, row
        for column in (3, 5, 10):
            value = ws.cell(row, column).value
            if isinstance(value, str):
                width = xlsx_pages.text_width(COLUMN_WIDTHS[column - 1])
                needed = xlsx_pages.height(xlsx_pages.line_count(value, width, 10))
                assert needed <= height + 0.01, ws.cell(row, column).coordinate
    # Task 2's one measure: its continuation rows name the task in B.
    r2_1 = next(r for r in range(r1_2, ws.max_row + 1) if str(ws.cell(r, 3).value).startswith("2.1. "))
    general = next(r for r in range(r2_1, ws.max_row + 1) if ws.cell(r, 2).value == texts.total_general())
    assert general - r2_1 > 2
    for row in range(r2_1 + 1, general):
        assert ws.cell(row, 2).value == continued("2") and ws.cell(row, 1).value is None


def test_long_measure_text_and_executors_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "long-own.xlsx"
    write_report(long_own_texts_report(), path)
    grid = read_workbook_grid(path)
    r1_1, r1_2 = _grid_row(grid, "1.1."), _grid_row(grid, "1.2.")
    assert grid[r1_1 - 1][2] == f"1.1. {LONG_MEASURE_TEXT}" and grid[r1_1 - 1][4] == LONG_EXECUTORS
    assert r1_2 - r1_1 > 3 and all(grid[row - 1] == [] for row in range(r1_1 + 1, r1_2))  # rows keep place
    parsed = parse_grid(grid)
    [m1_1, m1_2] = parsed.tasks[0].measures
    [m2_1] = parsed.tasks[1].measures
    assert (m1_1.number, m1_1.text, m1_1.executors, m1_1.info) == (
        "1.1",
        LONG_MEASURE_TEXT,
        LONG_EXECUTORS,
        "Виконано 1.1",
    )
    assert (m1_2.text, m1_2.term, m1_2.plan) == ("Захід 1.2", "2020-2025", Decimal("2.4"))
    assert (m2_1.text, m2_1.executors, m2_1.info) == (
        LONG_MEASURE_TEXT,
        LONG_EXECUTORS,
        LONG_MEASURE_TEXT * 2,
    )
    assert parsed.tasks[1].text == "Забезпечити врахування гендерної складової"
