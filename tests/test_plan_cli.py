"""``python -m cli plan YEAR --out FILE | --apply FILE [--dry-run]``: the plan sheet from the command line."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from cli.__main__ import main as reports_main
from reports.plan_sheet import COL_PLAN, HEADER_ROW
from storage.db import connect
from storage.models import Fund
from storage.plans import program_plans
from storage.programs import list_programs


def _plans(db: Path, year: int) -> dict[tuple[int, Fund], Decimal]:
    async def read() -> dict[tuple[int, Fund], Decimal]:
        conn_db = await connect(db)
        try:
            async with conn_db.locked() as conn:
                [program] = await list_programs(conn)
                plans = await program_plans(conn, program.id)
        finally:
            await conn_db.close()
        return {(k.measure_id, k.fund): v for k, v in plans.items() if k.year == year}

    return asyncio.run(read())


def test_plan_sheet_out_filled_dry_run_and_applied(tmp_path: Path, seed_path: Path, capsys) -> None:
    db, sheet = tmp_path / "z.db", tmp_path / "plan.xlsx"
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    assert reports_main(["plan", "2024", "--out", str(sheet), "--db", str(db)]) == 0
    assert "Аркуш плану на 2024 рік" in capsys.readouterr().out
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    # row HEADER_ROW + 1 is task 1's; measure 1.1 is under it
    ws.cell(HEADER_ROW + 2, COL_PLAN[Fund.GENERAL], 12.5)
    ws.cell(HEADER_ROW + 2, COL_PLAN[Fund.SPECIAL], 2)
    wb.save(sheet)
    assert reports_main(["plan", "2024", "--apply", str(sheet), "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "• 1.1 (спец.): не встановлено → 2,0" in out and "нічого не змінено" in out
    assert _plans(db, 2024) == {}
    assert reports_main(["plan", "2025", "--apply", str(sheet), "--db", str(db)]) == 1
    assert "Аркуш плану — на 2024 рік, а не на 2025" in capsys.readouterr().err
    assert reports_main(["plan", "2024", "--apply", str(sheet), "--db", str(db)]) == 0
    assert "План на 2024 рік застосовано" in capsys.readouterr().out
    plans = _plans(db, 2024)
    assert Decimal("12.5") in plans.values() and Decimal(2) in plans.values()

    ws.cell(HEADER_ROW + 2, COL_PLAN[Fund.GENERAL], "-1")
    wb.save(sheet)
    assert reports_main(["plan", "2024", "--apply", str(sheet), "--db", str(db)]) == 1
    assert f"F{HEADER_ROW + 2}: «-1»: від'ємне число" in capsys.readouterr().err
    assert _plans(db, 2024) == plans


def test_a_sheet_whose_title_names_another_year_is_refused(tmp_path: Path, seed_path: Path, capsys) -> None:
    db, sheet = tmp_path / "z.db", tmp_path / "plan.xlsx"
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    assert reports_main(["plan", "2025", "--out", str(sheet), "--db", str(db)]) == 0
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    ws["A1"] = str(ws["A1"].value).replace("2025", "2030")
    wb.save(sheet)
    capsys.readouterr()
    assert reports_main(["plan", "2030", "--apply", str(sheet), "--db", str(db)]) == 1
    # The key (A4) says what the sheet was made for: the title's 2030 is named beside it
    assert "A1: у заголовку — 2030 рік, а аркуш складено на 2025 рік" in capsys.readouterr().err
    assert _plans(db, 2030) == {}


def test_a_sheet_added_before_the_plan_sheet_is_passed_over(tmp_path: Path, seed_path: Path, capsys) -> None:
    db, sheet = tmp_path / "z.db", tmp_path / "plan.xlsx"
    assert reports_main(["import", str(seed_path), "--db", str(db)]) == 0
    assert reports_main(["plan", "2024", "--out", str(sheet), "--db", str(db)]) == 0
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    ws.cell(HEADER_ROW + 2, COL_PLAN[Fund.GENERAL], 7.5)  # measure 1.1
    wb.create_sheet("Нотатки", 0)["A1"] = "Мої нотатки"
    wb.save(sheet)
    capsys.readouterr()
    assert reports_main(["plan", "2024", "--apply", str(sheet), "--dry-run", "--db", str(db)]) == 0
    assert "• 1.1 (заг.): 2,4 → 7,5" in capsys.readouterr().out
