"""/departments in the chat, through the fake Bot API: a rename by the button and the next message (kept across a
restart, dropped by a command), a merge picked and confirmed (its members see the department they joined at
their next update), a stale or forged button, and the directory sheet sent, filled and applied."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from actions.directory import merge_departments
from bot.app import build_application
from bot.handlers.directory import PAGE_SIZE, WATCH_JOB, forget_if_written_elsewhere
from bot.settings import Settings
from reports.directory_sheet import COL_MERGE, COL_SHORT, HEADER_ROW
from storage.db import connect
from storage.models import Department, NewDepartment
from storage.programs import list_departments, upsert_department
from tests.actionkit import CLI
from tests.botkit import (
    COORDINATOR_ID,
    World,
    fake_api_fixture,  # noqa: F401 - a fixture
    restartable_fixture,  # noqa: F401 - a fixture
    running,
    world_fixture,  # noqa: F401 - a fixture
)
from tests.dbkit import dump
from tests.fakeapi import FakeBotApi, FakeUser


async def _departments(world: World) -> dict[str, Department]:
    async with world.db.locked() as conn:
        return {d.code: d for d in await list_departments(conn)}


async def _card(coordinator: FakeUser, short: str) -> None:
    await coordinator.send("/departments")
    listing = await coordinator.expect("Довідник виконавців")
    assert "\nУК — Управління культури Житомирської міської ради · заходів: 5" in listing.text
    await coordinator.press(short)
    await coordinator.expect("Повна назва")


async def test_rename_by_the_button_and_the_next_message(world: World) -> None:
    coordinator = world.coordinator()
    await _card(coordinator, "УК")
    await coordinator.press("Перейменувати")
    await coordinator.expect("Надішліть нову коротку назву для «УК»")
    await coordinator.send("ДСП")  # another's: refused, the next message is still the name
    await coordinator.expect("Назва «ДСП» уже є в підрозділу «ДСП»")
    await coordinator.send("  УКіТ ")
    done = await coordinator.expect("Перейменовано: «УК» → «УКіТ»")
    assert "✏️ Перейменувати" in done.button_labels  # the card's buttons, to go on
    assert (await _departments(world))["uk"].short_name == "УКіТ"
    await coordinator.send("Ще щось")  # nothing waits for a name any more: not a rename
    await coordinator.next_message()
    assert (await _departments(world))["uk"].short_name == "УКіТ"


async def test_a_command_drops_the_name_waited_for(world: World) -> None:
    coordinator = world.coordinator()
    await _card(coordinator, "УК")
    await coordinator.press("Перейменувати")
    await coordinator.expect("Надішліть нову коротку назву")
    await coordinator.send("/departments")
    await coordinator.expect("Довідник виконавців")
    before = dump(world.db_path)
    await coordinator.send("УКіТ")
    reply = await coordinator.next_message()
    assert "Перейменовано" not in reply.text
    assert (await _departments(world))["uk"].short_name == "УК"
    assert dump(world.db_path) == before


async def test_the_name_waited_for_survives_a_restart(restartable: tuple[FakeBotApi, Settings]) -> None:
    fake, settings = restartable
    coordinator = fake.user(id=COORDINATOR_ID, first_name="Координаторка")
    async with running(build_application(settings)):
        await _card(coordinator, "ССД")
        await coordinator.press("Перейменувати")
        await coordinator.expect("Надішліть нову коротку назву для «ССД»")
    async with running(build_application(settings)) as app:  # a new process on the same database file
        await coordinator.send("Служба у справах дітей")
        await coordinator.expect("Перейменовано: «ССД» → «Служба у справах дітей»")
        async with app.bot_data.db.locked() as conn:
            assert "Служба у справах дітей" in {d.short_name for d in await list_departments(conn)}


async def test_a_merge_picked_and_confirmed_and_its_button_pressed_again(world: World) -> None:
    olena = await world.member(1001, "Олена", "mksc")
    await olena.send("/start")  # her department is remembered by the bot now
    await olena.expect("Міський культурно-спортивний центр")
    departments = await _departments(world)
    keep, gone = departments["uk"], departments["mksc"]
    coordinator = world.coordinator()
    await _card(coordinator, "МКСЦ")
    await coordinator.press("Об'єднати з…")
    await coordinator.expect("З яким підрозділом об'єднати «МКСЦ»?")
    await coordinator.press("УК")
    ask = await coordinator.expect("Об'єднати «МКСЦ» з «УК»?")
    assert "заходів 1" in ask.text and "працівників 1" in ask.text
    await coordinator.press("Навпаки")  # the other way round, and back
    await coordinator.expect("Об'єднати «УК» з «МКСЦ»?")
    await coordinator.press("Навпаки")
    await coordinator.expect("Об'єднати «МКСЦ» з «УК»?")
    await coordinator.press("✅ Об'єднати")
    merged = await coordinator.expect("«МКСЦ» об'єднано з «УК»")
    assert "✅ Об'єднати" not in merged.button_labels  # the confirmation is gone with its button
    after = await _departments(world)
    assert "mksc" not in after and after["uk"].id == keep.id
    # Olena is in УК now, without a restart: her list is УК's, with МКСЦ's measure in it.
    await olena.send("/start")
    await olena.expect("Управління культури")
    # The confirmation pressed again (an old message, or forged): said so, nothing changes.
    before = dump(world.db_path)
    query = await coordinator.press_data(f"dpx:{keep.id}:{gone.id}", merged)
    answered = await world.fake.wait_answered(query)
    assert "немає в довіднику" in answered["text"] and answered.get("show_alert")
    query = await coordinator.press_data(f"dpc:{gone.id}", merged)
    assert "немає в довіднику" in (await world.fake.wait_answered(query))["text"]
    query = await coordinator.press_data("dpx:x:1", merged)
    assert (await world.fake.wait_answered(query))["text"] == "Ця кнопка вже не діє."
    await coordinator.no_message()
    assert dump(world.db_path) == before


async def test_the_directory_sheet_sent_filled_and_applied(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/departments")
    await coordinator.expect("Довідник виконавців")
    await coordinator.press("Таблиця довідника")
    sheet = await coordinator.expect("змініть жовті клітинки")
    assert sheet.document is not None and sheet.document.filename == "Довідник виконавців.xlsx"
    wb = load_workbook(io.BytesIO(await coordinator.download(sheet)))
    ws = wb.active
    assert ws is not None
    rows = {ws.cell(r, COL_SHORT).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    ws.cell(rows["УОЗ"], COL_SHORT).value = "УОЗдоров"
    ws.cell(rows["МЦСС"], COL_MERGE).value = "ССД"
    out = io.BytesIO()
    wb.save(out)
    await coordinator.send_document("Довідник виконавців.xlsx", out.getvalue())
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Застосувати ці зміни?")
    assert "✏️ УОЗ → УОЗдоров" in preview.text and "🔀 «МЦСС» → «ССД»" in preview.text
    assert (await _departments(world))["uoz"].short_name == "УОЗ"
    await coordinator.press("Застосувати")
    await coordinator.expect("Довідник змінено: 2 зміни")
    after = await _departments(world)
    assert after["uoz"].short_name == "УОЗдоров" and "mcss" not in after
    # The same sheet again: МЦСС is gone, so its row is named, and nothing is applied.
    before = dump(world.db_path)
    await coordinator.send_document("Довідник виконавців.xlsx", out.getvalue())
    await coordinator.expect("Отримав файл")
    refused = await coordinator.expect("Таблицю довідника не застосовано")
    assert f"A{rows['МЦСС']}: підрозділу №" in refused.text.replace("№ ", "№")
    assert dump(world.db_path) == before


async def test_a_merge_by_the_command_line_while_the_bot_runs_reaches_its_members(world: World) -> None:
    """Another process (python -m cli departments merge) writes the database: the bot notices within
    WATCH_SECONDS (its job called here at once) and reads its users' departments again."""
    olena = await world.member(1001, "Олена", "mksc")
    await olena.send("/start")
    await olena.expect("Міський культурно-спортивний центр")
    assert 1001 in world.app.bot_data.roles
    await forget_if_written_elsewhere(world.app)  # the bot's own writes are not another's
    assert 1001 in world.app.bot_data.roles
    departments = await _departments(world)
    other = await connect(world.db_path)
    try:
        await merge_departments(other, CLI, departments["uk"].id, departments["mksc"].id)
    finally:
        await other.close()
    await forget_if_written_elsewhere(world.app)  # (or the job did it just before)
    assert 1001 not in world.app.bot_data.roles
    await olena.send("/start")
    await olena.expect("Управління культури")
    assert world.app.job_queue is not None and world.app.job_queue.get_jobs_by_name(WATCH_JOB)


async def test_a_long_directory_comes_in_pages_within_telegrams_limits(world: World) -> None:
    async with world.db.transaction() as conn:
        for n in range(45):
            name = f"Управління номер {n:02} " + "дуже довгої назви " * 14
            await upsert_department(
                conn,
                NewDepartment(
                    code=f"extra{n:02}", name=name, short_name=f"Упр-{n:02}", aliases=(f"упр {n:02}",)
                ),
            )
    coordinator = world.coordinator()
    await coordinator.send("/departments")
    first = await coordinator.expect("55 підрозділів, сторінка 1 з 3")
    assert len(first.text) <= 4096 and first.text.count(" · заходів: ") == PAGE_SIZE
    labels = first.button_labels
    assert len(labels) <= 100 and labels[-1] == "📄 Таблиця довідника" and "▶️" in labels and "◀️" not in labels
    await coordinator.press("▶️")
    second = await coordinator.expect("сторінка 2 з 3")
    assert second.kind == "edit" and "◀️" in second.button_labels and "▶️" in second.button_labels
    await coordinator.press("▶️")
    third = await coordinator.expect("сторінка 3 з 3")
    assert third.text.count(" · заходів: ") == 55 - 2 * PAGE_SIZE
    await coordinator.press("Упр-44")
    await coordinator.expect("Повна назва: Управління номер 44")
    await coordinator.press("Об'єднати з…")
    targets = await coordinator.expect("З яким підрозділом об'єднати «Упр-44»?")
    assert "▶️" in targets.button_labels and len(targets.button_labels) <= 100
