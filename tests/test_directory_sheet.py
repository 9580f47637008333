"""The directory sheet: written, edited in a spreadsheet (openpyxl), sent back, previewed and applied through the
upload flow; a sheet of another database, one changing nothing, and every bad cell refused by its row, with
nothing changed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from actions import directory as actions
from actions.refusals import Reason
from actions.uploads import FileKind, decide_upload, preview_upload
from reports.directory import normalize
from reports.directory_sheet import (
    COL_ALIASES,
    COL_ID,
    COL_MERGE,
    COL_NAME,
    COL_SHORT,
    HEADER_ROW,
    DirectorySheetError,
    render_diff,
    write_directory_sheet,
)
from reports.importer import read_file_grid
from storage.db import Database, connect
from storage.models import Department
from storage.programs import list_departments
from tests.actionkit import COORDINATOR, MEMBER, db_fixture, refusal_of  # noqa: F401 - a fixture
from tests.dbkit import dump

MAX_AGE = dt.timedelta(hours=24)


async def _sheet(db: Database) -> tuple[object, Worksheet]:
    buffer = io.BytesIO()
    write_directory_sheet(await actions.directory_sheet(db, COORDINATOR), buffer)
    wb = load_workbook(io.BytesIO(buffer.getvalue()))
    ws = wb.active
    assert ws is not None
    return wb, ws


def _row(ws: Worksheet, short: str) -> int:
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, COL_SHORT).value == short)


def _bytes(wb) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _grid(wb) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return read_file_grid(io.BytesIO(_bytes(wb)), "Довідник виконавців.xlsx")


async def _departments(db: Database) -> dict[str, Department]:
    async with db.locked() as conn:
        return {d.code: d for d in await list_departments(conn)}


async def test_the_sheet_round_trip_renames_edits_aliases_and_merges_on_apply(db: Database) -> None:
    before = await _departments(db)
    wb, ws = await _sheet(db)
    assert ws.cell(_row(ws, "УК"), COL_ID).value == before["uk"].id
    assert ws.column_dimensions["H"].hidden and ws.column_dimensions["J"].hidden  # the values as sent
    ws.cell(_row(ws, "УК"), COL_SHORT).value = "УКіТ"
    ws.cell(_row(ws, "ДСП"), COL_NAME).value = "Департамент соціальної політики і праці"
    ws.cell(_row(ws, "ДО"), COL_ALIASES).value = "Департамент   освіти;; освіти і науки"
    ws.cell(_row(ws, "МКСЦ"), COL_MERGE).value = "укіт"  # the new short name, in any case
    ws.cell(_row(ws, "МКСЦ"), COL_SHORT).value = "ігнорується"  # a row merged away: only the merge counts

    previewed = await preview_upload(db, COORDINATOR, "Довідник виконавців.xlsx", _bytes(wb), MAX_AGE)
    assert previewed.kind is FileKind.DIRECTORY
    assert isinstance(previewed.outcome, actions.DirectoryPreview)
    text = render_diff(previewed.outcome.diff)
    assert "Таблиця довідника: 4 зміни." in text
    assert "✏️ УК → УКіТ" in text
    assert (
        "ДСП: повна назва «Департамент соціальної політики Житомирської міської ради» → «Департамент соціальної політики і праці»"
        in text
    )
    assert (
        "ДО: додано ключові фрази «департамент освіти; освіти і науки»; вилучено ключові фрази «освіти»"
        in text
    )
    assert "🔀 «МКСЦ» → «УК»: заходів 1, редакцій звітів 1" in text
    assert await _departments(db) == before  # a preview changes nothing

    decided = await decide_upload(db, COORDINATOR, previewed.token, apply=True, max_age=MAX_AGE)
    assert isinstance(decided.outcome, actions.DirectoryApplied)
    after = await _departments(db)
    assert after["uk"].short_name == "УКіТ" and after["uk"].name == before["uk"].name
    assert after["dsp"].name == "Департамент соціальної політики і праці"
    assert normalize(before["dsp"].name) in after["dsp"].aliases  # its old full name is an alias now
    assert after["do"].aliases == ("департамент освіти", "освіти і науки")
    assert "mksc" not in after
    assert {normalize(before["mksc"].name), *before["mksc"].aliases} <= set(after["uk"].aliases)
    await refusal_of(
        Reason.UPLOAD_APPLIED, decide_upload(db, COORDINATOR, previewed.token, apply=True, max_age=MAX_AGE)
    )


async def test_a_sheet_as_sent_changes_nothing_and_keeps_a_rename_made_since(db: Database) -> None:
    wb, ws = await _sheet(db)
    await refusal_of(Reason.DIRECTORY_UNCHANGED, actions.preview_directory_sheet(db, COORDINATOR, _grid(wb)))
    uk = (await _departments(db))["uk"]
    await actions.rename_department(db, COORDINATOR, uk.id, short_name="УКТ")  # in the chat, after the sheet
    ws.cell(_row(ws, "ДО"), COL_ALIASES).value = "освіти; департамент освіти"
    applied = await actions.apply_directory_sheet(db, COORDINATOR, _grid(wb))
    assert [e.department.code for e in applied.diff.edits] == ["do"]
    assert (await _departments(db))["uk"].short_name == "УКТ"  # the sheet's «УК» was not edited: kept
    await refusal_of(Reason.NOT_ADMINISTRATOR, actions.preview_directory_sheet(db, MEMBER, _grid(wb)))


async def test_a_sheet_of_another_database_is_refused_naming_it(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = await connect(tmp_path / "other.db")
    try:
        wb, ws = await _sheet(db)
        ws.cell(_row(ws, "УК"), COL_SHORT).value = "УКіТ"
        before = dump(other.path)
        with pytest.raises(DirectorySheetError) as info:
            await actions.preview_directory_sheet(other, COORDINATOR, _grid(wb))
        [problem] = info.value.problems
        async with db.locked() as conn:
            [(key,)] = await conn.execute_fetchall("SELECT key FROM instance")
        assert problem.cell == "A3" and "іншим ботом" in problem.message and key in problem.message
        assert dump(other.path) == before
    finally:
        await other.close()


async def test_every_bad_cell_is_named_by_its_row_and_nothing_is_applied(db: Database) -> None:
    wb, ws = await _sheet(db)
    rows = {short: _row(ws, short) for short in ("УК", "ДО", "ДСП", "ДФ", "УОЗ", "ССД", "УЗГ", "МЦСС")}
    ws.cell(rows["УК"], COL_SHORT).value = " "  # blank
    ws.cell(rows["ДО"], COL_NAME).value = "Д" * 301  # too long
    ws.cell(rows["ДСП"], COL_SHORT).value = "до"  # another's, in another case
    ws.cell(rows["ДФ"], COL_MERGE).value = "Нема такого"  # no such department
    ws.cell(rows["УОЗ"], COL_MERGE).value = "УОЗ"  # itself
    ws.cell(rows["ССД"], COL_MERGE).value = "ДФ"  # ДФ is merged itself (into nothing, but it says so)
    ws.cell(rows["УЗГ"], COL_ALIASES).value = "культури"  # УК's alias
    ws.cell(rows["МЦСС"], COL_ID).value = 999  # gone
    extra = ws.max_row + 1
    ws.cell(extra, COL_ID).value = ws.cell(rows["УК"], COL_ID).value  # named twice
    ws.cell(extra, COL_SHORT).value = "УК"
    ws.cell(extra + 1, COL_SHORT).value = "Новий"  # a new department: not here
    before = dump(db.path)
    with pytest.raises(DirectorySheetError) as info:
        await actions.preview_directory_sheet(db, COORDINATOR, _grid(wb))
    problems = {p.cell: p.message for p in info.value.problems}
    assert problems[f"B{rows['УК']}"] == "коротка назва порожня."
    assert "щонайбільше 300" in problems[f"C{rows['ДО']}"]
    assert problems[f"B{rows['ДСП']}"] == "назва «до» уже є в підрозділу «ДО»."
    assert "немає підрозділу з короткою назвою «Нема такого»" in problems[f"E{rows['ДФ']}"]
    assert "той самий підрозділ" in problems[f"E{rows['УОЗ']}"]
    assert "«ДФ» у цій таблиці сам об'єднується з «Нема такого»" in problems[f"E{rows['ССД']}"]
    assert problems[f"D{rows['УЗГ']}"] == "ключова фраза «культури» уже є в підрозділу «УК»."
    assert "№ 999 немає в довіднику" in problems[f"A{rows['МЦСС']}"]
    assert f"уже є в рядку {rows['УК']}" in problems[f"A{extra}"]
    assert "немає номера підрозділу" in problems[f"A{extra + 1}"]
    assert len(problems) == 10
    rendered = info.value.render()
    assert (
        rendered.startswith("Таблицю довідника не застосовано, нічого не змінено:")
        and "…і ще 0" not in rendered
    )
    with pytest.raises(DirectorySheetError):  # nor by the command line's way
        await actions.apply_directory_sheet(db, COORDINATOR, _grid(wb))
    assert dump(db.path) == before


async def test_not_a_directory_sheet_and_one_without_its_key(db: Database) -> None:
    wb, ws = await _sheet(db)
    ws.cell(3, 1).value = "ключ стерто"
    with pytest.raises(DirectorySheetError) as info:
        await actions.preview_directory_sheet(db, COORDINATOR, _grid(wb))
    assert [p.cell for p in info.value.problems] == ["A3"]
    ws.cell(1, 1).value = "Щось інше"
    with pytest.raises(DirectorySheetError) as info:
        await actions.preview_directory_sheet(db, COORDINATOR, _grid(wb))
    assert [p.cell for p in info.value.problems] == ["A1"]


async def test_a_sheet_added_before_the_directory_sheet_is_passed_over(db: Database) -> None:
    """A clerk's own sheet before ours: the directory sheet is still the one read (it was taken for a
    program's report, whose table head it lacks)."""
    wb, ws = await _sheet(db)
    ws.cell(_row(ws, "УК"), COL_SHORT).value = "УКіТ"
    wb.create_sheet("Нотатки", 0)["A1"] = "Мої нотатки"
    previewed = await preview_upload(db, COORDINATOR, "Довідник виконавців.xlsx", _bytes(wb), MAX_AGE)
    assert previewed.kind is FileKind.DIRECTORY
    assert isinstance(previewed.outcome, actions.DirectoryPreview)
    assert "✏️ УК → УКіТ" in render_diff(previewed.outcome.diff)
