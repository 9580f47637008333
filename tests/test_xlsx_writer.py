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

from reports import texts
from reports.model import FundTotals, Report, ReportRow, TaskBlock
from reports.xlsx_reader import format_number, read_grid
from reports.xlsx_writer import (
    CELL_LIMIT,
    FIRST_MEASURE_ROW,
    HEADER_ROW,
    NUMBERS_ROW,
    cell_units,
    clean_text,
    split_for_cells,
    write_report,
)

# Emoji are two UTF-16 units each, the unit Excel's cell limit counts; the family is a ZWJ sequence.
LONG_INFO = ("Проведено захід 😀 для родин 👩‍👩‍👧 у громаді.\n" * 1000)[:40_000]
TASK_1_TEXT = "=SUM(A1)"
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


# Layout of _report(): 1.1 takes two rows (its information is split), then 1.2, then task 2.
ROW_1_1 = FIRST_MEASURE_ROW
ROW_1_1_MORE = ROW_1_1 + 1
ROW_1_2 = ROW_1_1 + 2
ROW_2_1 = ROW_1_1 + 3
ROW_GENERAL = ROW_2_1 + 1
ROW_SPECIAL = ROW_GENERAL + 1
ROW_SIGNATORY_TITLE = ROW_SPECIAL + 2
ROW_SIGNATORY_NAME = ROW_SPECIAL + 4


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
    return read_grid(written)


def _sheet_xml(path: Path | io.BytesIO) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_title_block(ws: Worksheet) -> None:
    assert ws.title == texts.SHEET_TITLE
    expected = {
        1: texts.TITLE,
        2: texts.SUBTITLE,
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


def test_measure_rows(ws: Worksheet) -> None:
    assert ws.cell(ROW_1_1, 1).value == "1."
    assert ws.cell(ROW_1_1, 3).value == "1.1. @x"
    assert ws.cell(ROW_1_1, 4).value == "2020-2025"
    assert [ws.cell(ROW_1_1, column).value for column in range(6, 10)] == [2.4, 0, 0, 100]
    assert ws.cell(ROW_1_2, 3).value == "1.2. Захід 1.2"
    assert ws.cell(ROW_1_2, 6).value == 12.345
    # None amounts leave the cells empty, not zero.
    assert [ws.cell(ROW_1_2, column).value for column in range(7, 10)] == [None, None, None]
    assert ws.cell(ROW_2_1, 1).value == "2."
    assert ws.cell(ROW_2_1, 2).value == "Забезпечити врахування гендерної складової"
    for row in (ROW_1_1, ROW_1_2, ROW_2_1, ROW_GENERAL, ROW_SPECIAL):
        for column in range(6, 10):
            assert ws.cell(row, column).number_format == "0.0"


def test_task_cells_merged_over_the_task(ws: Worksheet) -> None:
    merged = {str(cell_range) for cell_range in ws.merged_cells.ranges}
    assert f"A{ROW_1_1}:A{ROW_1_2}" in merged
    assert f"B{ROW_1_1}:B{ROW_1_2}" in merged
    # A single-row task is not merged.
    assert not any(str(cell_range).startswith(f"A{ROW_2_1}:") for cell_range in ws.merged_cells.ranges)
    assert ws.cell(ROW_1_2, 1).value is None and ws.cell(ROW_1_2, 2).value is None


def test_formula_like_texts_stay_literal_strings(ws: Worksheet, written: Path) -> None:
    cells = {
        (ROW_1_1, 2): "=SUM(A1)",
        (ROW_1_1, 3): "1.1. @x",
        (ROW_1_2, 4): "+1",
        (ROW_1_2, 5): "-2",
        (ROW_1_2, 10): "#N/A",  # openpyxl would store it as an error value
    }
    for (row, column), text in cells.items():
        cell = ws.cell(row, column)
        assert cell.value == text
        assert cell.data_type == "s"
    for row, column in ((ROW_1_1, 2), (ROW_1_2, 4), (ROW_1_2, 5)):
        assert ws.cell(row, column).quotePrefix
    xml = _sheet_xml(written)
    assert "<f>" not in xml and "<f " not in xml
    assert ">=SUM(A1)</t>" in xml
    assert 't="e"' not in xml


def test_long_information_is_split_into_continuation_rows(ws: Worksheet) -> None:
    first = ws.cell(ROW_1_1, 10).value
    rest = ws.cell(ROW_1_1_MORE, 10).value
    assert isinstance(first, str) and isinstance(rest, str)
    assert first + rest == LONG_INFO
    assert cell_units(first) <= CELL_LIMIT and cell_units(rest) <= CELL_LIMIT
    assert first.endswith((" ", "\n"))  # cut at a word boundary
    assert ws.cell(ROW_1_1_MORE, 3).value == texts.CONTINUATION.format(number="1.1")
    assert all(ws.cell(ROW_1_1_MORE, column).value is None for column in range(4, 10))
    assert ws.cell(ROW_1_1_MORE, 10).border.left.style == "thin"


def test_totals_rows(ws: Worksheet) -> None:
    assert ws.cell(ROW_GENERAL, 2).value == "з загального фонду"
    assert [ws.cell(ROW_GENERAL, column).value for column in range(6, 10)] == [228.3, 60, 30, 90]
    assert ws.cell(ROW_SPECIAL, 2).value == "з спеціального фонду та інших джерел фінансування"
    assert [ws.cell(ROW_SPECIAL, column).value for column in range(6, 10)] == [None] * 4
    for row in (ROW_GENERAL, ROW_SPECIAL):
        assert ws.cell(row, 2).font.b and ws.cell(row, 6).font.b


def test_special_fund_numbers_written_when_there_are_some(tmp_path: Path) -> None:
    path = tmp_path / "special.xlsx"
    write_report(_report(FundTotals(Decimal("5.5"), Decimal("0"), Decimal("0"), Decimal("0.0"))), path)
    assert read_grid(path)[ROW_SPECIAL - 1][5:9] == ["5,5", "0,0", "0,0", "0,0"]


def test_signature_block(ws: Worksheet) -> None:
    assert all(ws.cell(ROW_SPECIAL + 1, column).value is None for column in range(1, 11))
    title = ws.cell(ROW_SIGNATORY_TITLE, 1)
    assert title.value == "Начальник управління у справах сім'ї, молоді та спорту міської ради"
    assert title.alignment.horizontal == "left"
    assert ws.cell(ROW_SIGNATORY_TITLE + 1, 1).value is None
    name = ws.cell(ROW_SIGNATORY_NAME, 1)
    assert name.value == "Ірина КОВАЛЬЧУК"
    assert name.alignment.horizontal == "right"
    assert f"A{ROW_SIGNATORY_NAME}:J{ROW_SIGNATORY_NAME}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == ROW_SIGNATORY_NAME


def test_print_setup(ws: Worksheet) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${HEADER_ROW}:${NUMBERS_ROW}"
    assert ws.freeze_panes == f"A{FIRST_MEASURE_ROW}"
    assert ws.column_dimensions["C"].width == 45
    assert ws.column_dimensions["J"].width == 60


def test_table_cells_wrap_top_and_have_borders(ws: Worksheet, written: Path) -> None:
    rows = (HEADER_ROW, NUMBERS_ROW, ROW_1_1, ROW_1_1_MORE, ROW_1_2, ROW_2_1, ROW_GENERAL, ROW_SPECIAL)
    for row in rows:
        for column in range(1, 11):
            cell = ws.cell(row, column)
            if isinstance(cell, MergedCell):
                # openpyxl rebuilds covered cells on load with the merge's outline only.
                continue
            for side in (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom):
                assert side.style == "thin", cell.coordinate
            assert cell.alignment.wrap_text, cell.coordinate
            assert cell.alignment.vertical == "top", cell.coordinate
    # Covered cells of column A carry the table's left edge in the file itself (Excel draws from them).
    xml = _sheet_xml(written)
    for row in (ROW_1_1_MORE, ROW_1_2):
        assert re.search(rf'<c r="A{row}" s="[1-9]\d*"', xml)


def test_grid_matches_the_seed_shape(grid: list[list[str]]) -> None:
    assert grid[0] == [texts.TITLE]
    assert grid[5] == []
    assert grid[HEADER_ROW - 1] == list(texts.COLUMN_TITLES)
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
    assert grid[ROW_1_1_MORE - 1] == []  # the continuation row keeps its place, empty
    assert grid[ROW_1_2 - 1] == ["", "", "1.2. Захід 1.2", "+1", "-2", "12,345", "", "", "", "#N/A"]
    assert grid[ROW_2_1 - 1][5] == "10,5"
    assert grid[ROW_GENERAL - 1] == ["", "з загального фонду", "", "", "", "228,3", "60,0", "30,0", "90,0"]
    assert grid[ROW_SPECIAL - 1] == ["", "з спеціального фонду та інших джерел фінансування"]
    assert grid[ROW_SIGNATORY_TITLE - 1][0].startswith("Начальник")
    assert grid[ROW_SIGNATORY_NAME - 1] == ["Ірина КОВАЛЬЧУК"]
    assert len(grid) == ROW_SIGNATORY_NAME


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
    assert read_grid(target)[ROW_2_1 - 1][5] == text


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
    assert read_grid(path)[ROW_2_1 - 1][9] == "abc\nd\ne _x0041_ _x005F_x0041_ _x0041_x0042_ x_x00"
    # Excel decodes "_xHHHH_" in cell text, so the file must hold the escaped underscore.
    assert "_x005F_x0041_" in _sheet_xml(path)


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
