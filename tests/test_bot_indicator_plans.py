"""/plan 2024 показник 3 150 (issue 25, point 3): one result indicator's plan, previewed with «Застосувати» and
«Скасувати», applied with its author in the history; refusals change nothing; an observer is refused; the
command line does the same."""

from __future__ import annotations

import asyncio
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli.__main__ import main as cli_main
from reports.indicator_plan_sheet import COL_PLAN, block_title
from storage.db import Database, connect
from storage.indicators import indicator_plan_history, indicator_plans, program_indicators
from storage.members import touch_user
from storage.programs import list_programs
from storage.roles import RoleKind, grant_role
from tests.botkit import COORDINATOR_ID, World, fake_api_fixture, world_fixture  # noqa: F401
from tests.test_indicator_plan_sheet import add_sample_indicators

OBSERVER_ID = 700


async def _setup(world: World) -> dict[int, int]:
    """The sample indicators in the world's program; an observer. Indicator number -> id."""
    async with world.db.transaction() as conn:
        [program] = await list_programs(conn)
        added = await add_sample_indicators(conn, program.id)
        await touch_user(conn, OBSERVER_ID, "Спостерігачка", None)
        await grant_role(conn, OBSERVER_ID, RoleKind.OBSERVER, granted_by=COORDINATOR_ID)
    return {i.number: i.id for i in added}


async def _plans(db: Database, year: int) -> dict[int, Decimal]:
    async with db.locked() as conn:
        [program] = await list_programs(conn)
        return await indicator_plans(conn, program.id, year)


async def test_preview_apply_history_and_a_second_press(world: World) -> None:
    ids = await _setup(world)
    coordinator = world.coordinator()
    await coordinator.send("/plan 2024 показник 4 97,5")
    preview = await coordinator.expect("План показника 4 на 2024 рік")
    assert "«Частка доступних для маломобільних груп закладів»" in preview.text
    assert "не встановлено → 97,5 %" in preview.text and "Застосувати?" in preview.text
    assert await _plans(world.db, 2024) == {}, "nothing is saved before «Застосувати»"
    await coordinator.press("Застосувати", preview)
    done = await coordinator.expect("✅ План показника 4")
    assert "не встановлено → 97,5 %" in done.text and "історію" in done.text
    assert await _plans(world.db, 2024) == {ids[4]: Decimal("97.5")}
    async with world.db.locked() as conn:
        [revision] = await indicator_plan_history(conn, ids[4], 2024)
    assert (revision.old, revision.new, revision.user_id, revision.author_name) == (
        None,
        Decimal("97.5"),
        COORDINATOR_ID,
        "Координаторка",
    )
    # pressed again: said on the button, nothing recorded twice
    query = await coordinator.press("Застосувати", preview)
    assert "уже застосовано" in (await world.fake.wait_answered(query))["text"]
    async with world.db.locked() as conn:
        assert len(await indicator_plan_history(conn, ids[4], 2024)) == 1

    # a change: old -> new; the same value again: nothing to apply
    await coordinator.send("/plan 2024 показник 4 98")
    second = await coordinator.expect("97,5 % → 98 %")
    await coordinator.send("/plan 2024 показник 4 97.5")
    await coordinator.expect("уже 97,5 % — нічого не змінено")
    # the first preview's plan changed since (another preview applied meanwhile): refused, unseen overwrite none
    await coordinator.send("/plan 2024 показник 4 50")
    third = await coordinator.expect("97,5 % → 50 %")
    await coordinator.press("Застосувати", second)
    await coordinator.expect("✅ План показника 4")
    query = await coordinator.press("Застосувати", third)
    assert "змінився після попереднього перегляду" in (await world.fake.wait_answered(query))["text"]
    assert await _plans(world.db, 2024) == {ids[4]: Decimal(98)}
    # «Скасувати»: nothing changes
    await coordinator.send("/plan 2024 показник 2 7")
    cancelled = await coordinator.expect("План показника 2 на 2024 рік")
    await coordinator.press("Скасувати", cancelled)
    await coordinator.expect("План показника не змінено")
    assert await _plans(world.db, 2024) == {ids[4]: Decimal(98)}
    # /history shows each change with who and when; an observer reads it too
    for reader in (coordinator, world.user(OBSERVER_ID, "Спостерігачка")):
        await reader.send("/history показник 4 2024")
        shown = await reader.expect("Історія показника 4 за 2024 рік")
        lines = [line for line in shown.text.split("\n") if "→" in line]
        assert len(lines) == 2 and all("· Координаторка: " in line for line in lines), shown.text
        assert lines[0].endswith(": не встановлено → 97,5 %") and lines[1].endswith(": 97,5 % → 98 %")
        assert lines[0].startswith("• ") and ":" in lines[0].split("·")[0]  # the moment, Kyiv time


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("/plan 2024 показник 2 -3", "«-3» — від'ємне число"),
        ("/plan 2024 показник 4 101", "«101» — відсоток має бути від 0 до 100"),
        ("/plan 2024 показник 1 1,2345", "«1,2345» — забагато знаків після коми"),
        ("/plan 2024 показник 3 багато", "«багато» — це не число в одиницях «днів»"),
        ("/plan 2024 показник 9 5", "Показника 9 немає в програмі на 2024 рік"),
        ("/plan 2030 показник 1 5", "2030"),
        ("/plan 2024 показник x 5", "«x» — не номер показника"),
        ("/plan 2024 показник 3", "Як задати план показника"),
    ],
)
async def test_refusals_save_nothing(world: World, command: str, words: str) -> None:
    await _setup(world)
    coordinator = world.coordinator()
    await coordinator.send(command)
    reply = await coordinator.expect(words)
    assert not reply.buttons, "no «Застосувати» under a refusal"
    for year in (2024, 2030):
        assert await _plans(world.db, year) == {}


async def test_an_observer_is_refused(world: World) -> None:
    await _setup(world)
    observer = world.user(OBSERVER_ID, "Спостерігачка")
    await observer.send("/plan 2024 показник 2 7")
    reply = await observer.expect("Ви можете лише переглядати цю програму")
    assert not reply.buttons
    # a forged «Застосувати» is refused too
    async with world.db.locked() as conn:
        [program] = await list_programs(conn)
    await world.coordinator().send("/plan 2024 показник 2 7")
    preview = await world.coordinator().expect("План показника 2 на 2024 рік")
    query = await observer.press_data(f"ipl:a:{program.id}:2024:2:-:7", preview)
    assert "лише переглядати" in (await world.fake.wait_answered(query))["text"]
    assert await _plans(world.db, 2024) == {}


def test_the_command_line(tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "z.db"
    assert cli_main(["import", str(seed_path), "--db", str(db_path)]) == 0

    async def setup() -> None:
        db = await connect(db_path)
        try:
            async with db.transaction() as conn:
                [program] = await list_programs(conn)
                await add_sample_indicators(conn, program.id)
        finally:
            await db.close()

    async def plans_and_history() -> tuple[dict[int, Decimal], list]:
        db = await connect(db_path)
        try:
            plans = await _plans(db, 2024)
            async with db.locked() as conn:
                [program] = await list_programs(conn)
                [two] = [i for i in await program_indicators(conn, program.id) if i.number == 2]
                return plans, await indicator_plan_history(conn, two.id, 2024)
        finally:
            await db.close()

    asyncio.run(setup())
    capsys.readouterr()
    base = ["plan", "2024", "--indicator", "2", "--db", str(db_path)]
    assert cli_main([*base, "--value", "150", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "Показник 2 «Кількість облаштованих безбар'єрних об'єктів», план на 2024 рік: не встановлено → 150 од."
        in out
    )
    assert "нічого не змінено" in out
    assert asyncio.run(plans_and_history())[0] == {}
    assert cli_main([*base, "--value", "-1"]) == 1
    assert "«-1» — від'ємне число" in capsys.readouterr().err
    assert cli_main([*base, "--value", "150"]) == 0
    assert "План показника 2 на 2024 рік застосовано" in capsys.readouterr().out
    plans, history = asyncio.run(plans_and_history())
    assert list(plans.values()) == [Decimal(150)]
    assert [(r.new, r.user_id, r.author_name.startswith("командний рядок")) for r in history] == [
        (Decimal(150), None, True)
    ]
    assert cli_main([*base]) == 2
    assert "--value" in capsys.readouterr().err


async def test_the_plan_sheet_through_the_bot(world: World) -> None:
    """/plan 2024's sheet carries the indicators' block; filled and sent back, its preview lists their changes
    after the measures', and «Застосувати» applies both in one go."""
    ids = await _setup(world)
    coordinator = world.coordinator()
    await coordinator.send("/plan 2024")
    sheet = await coordinator.expect("План на 2024 рік: заповніть")
    wb = load_workbook(io.BytesIO(await coordinator.download(sheet)))
    ws = wb.active
    assert ws is not None
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == block_title(2024))
    rows = {ws.cell(r, 1).value: r for r in range(start + 1, ws.max_row + 1)}
    ws.cell(rows[3], COL_PLAN, 4)
    ws.cell(rows[4], COL_PLAN, "250")  # a percent over 100: refused with its cell
    bad = io.BytesIO()
    wb.save(bad)
    await coordinator.send_document("План 2024.xlsx", bad.getvalue())
    await coordinator.expect("Отримав файл")
    await coordinator.expect(f"F{rows[4]}: «250»: відсоток має бути від 0 до 100")
    ws.cell(rows[4], COL_PLAN, "99,5")
    good = io.BytesIO()
    wb.save(good)
    await coordinator.send_document("План 2024.xlsx", good.getvalue())
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Показники: зміняться 4 плани.")
    assert "• показник 4 «Частка доступних для маломобільних груп закладів»: не встановлено → 99,5 %" in (
        preview.text.replace("\xa0", " ")
    )
    assert await _plans(world.db, 2024) == {}
    await coordinator.press("Застосувати", preview)
    await coordinator.expect("Показники: змінено 4 плани.")
    assert await _plans(world.db, 2024) == {
        ids[1]: Decimal("1200.5"),
        ids[2]: Decimal(12),
        ids[3]: Decimal(4),
        ids[4]: Decimal("99.5"),
    }
