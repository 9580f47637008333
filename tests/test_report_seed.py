"""The seed in, the official form out: reopened with openpyxl, every cell as the published report has it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.build import build_report
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from reports.xlsx_reader import read_workbook_grid as xlsx_read_grid
from reports.xlsx_writer import FIRST_MEASURE_ROW, HEADER_ROW, NUMBERS_ROW, print_scale, write_report
from storage.db import connect
from storage.programs import list_programs


async def _seed_report(tmp_path: Path, source: Path, name: str) -> Path:
    db = await connect(tmp_path / f"{name}.db")
    try:
        await import_report(db, parse_grid(read_file_grid(source)), source_name=source.name)
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        report = await build_report(db, program.id, 2023)
    finally:
        await db.close()
    out = tmp_path / f"{name}.xlsx"
    write_report(report, out)
    return out


def _values(path: Path) -> list[tuple]:
    ws = load_workbook(path).active
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


async def test_seed_report_cells(tmp_path: Path, seed_path: Path) -> None:
    out = await _seed_report(tmp_path, seed_path, "seed")
    expected = parse_grid(read_file_grid(seed_path))
    ws = load_workbook(out).active

    assert [ws.cell(r, 1).value for r in range(1, 6)] == [
        "Звіт",
        "про результати виконання",
        expected.program_name,
        expected.responsible_department,
        "за 2023 рік",
    ]
    assert ws.cell(7, 1).value.endswith("№1688 від 18.12.2019")
    assert ws.cell(9, 1).value == "Термін реалізації Програми 2020-2025 роки"
    assert ws.cell(HEADER_ROW, 3).value == "Зміст заходів"
    assert [ws.cell(NUMBERS_ROW, c).value for c in range(1, 11)] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]

    grid = xlsx_read_grid(out)  # continuation rows joined into their measure row's cells
    row = FIRST_MEASURE_ROW
    for task in expected.tasks:
        assert grid[row - 1][:2] == [f"{task.number}.", task.text]
        for m in task.measures:
            cells = grid[row - 1][2:10]
            assert cells[0] == f"{m.number}. {m.text}"
            assert cells[1:3] == [m.term, m.executors]
            assert [Decimal(str(ws.cell(row, c).value)) for c in range(6, 10)] == [
                m.plan,
                m.actual,
                m.financed,
                m.percent,
            ]
            assert cells[7] == m.info
            assert all(ws.cell(row, c).number_format.startswith("0.0") for c in range(6, 10))
            assert ws.cell(row, 10).alignment.wrap_text
            row += 1
            while row <= len(grid) and grid[row - 1] == []:  # a continuation row, joined above
                row += 1

    assert ws.cell(row, 2).value == "з загального фонду"
    assert [Decimal(str(ws.cell(row, c).value)) for c in range(6, 10)] == [
        Decimal("228.3"),
        Decimal("60"),
        Decimal("30"),
        Decimal("13.1"),
    ]
    assert ws.cell(row + 1, 2).value == "з спеціального фонду та інших джерел фінансування"
    assert all(ws.cell(row + 1, c).value is None for c in range(6, 10))
    signature = [ws.cell(r, 1).value for r in range(row + 2, ws.max_row + 1) if ws.cell(r, 1).value]
    assert signature == [expected.signatory_title, expected.signatory_name]

    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.scale == round(print_scale() * 100)  # one page wide, the same in every program
    assert ws.print_title_rows == f"${HEADER_ROW}:${NUMBERS_ROW}"


async def test_written_report_round_trips(tmp_path: Path, seed_path: Path) -> None:
    first = await _seed_report(tmp_path, seed_path, "first")
    second = await _seed_report(tmp_path, first, "second")
    assert _values(first) == _values(second)


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)"])
async def test_user_text_is_never_a_formula(tmp_path: Path, seed_path: Path, evil: str) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("У 2023 році проведено 4 засідання комісії.", evil)
    source = tmp_path / "evil.txt"
    source.write_text(text, encoding="utf-8")
    out = await _seed_report(tmp_path, source, "evil")
    ws = load_workbook(out).active
    cell = ws.cell(FIRST_MEASURE_ROW, 10)
    assert (cell.value, cell.data_type) == (evil, "s")
