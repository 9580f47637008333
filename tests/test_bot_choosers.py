"""Choosers of programs and departments through the fake Bot API (which refuses more than 100 buttons under a
message, as Telegram does): 3,000 programs and 150 departments come in pages within Telegram's limits, a few
letters typed find one (apostrophes and case aside), nothing found says so and the chooser stays, a command
ends the search, and the one found and pressed runs the command."""

from __future__ import annotations

import time
from pathlib import Path

from bot.app import build_application
from bot.choosers import PAGE_BUTTONS, normal
from storage.members import touch_user
from storage.models import NewDepartment
from storage.programs import upsert_department
from storage.roles import RoleKind, grant_role
from tests.botkit import (
    COORDINATOR_ID,
    World,
    fake_api_fixture,  # noqa: F401 - a fixture
    running,
    settings_for,
    world_fixture,  # noqa: F401 - a fixture
)
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.test_bot_status import make_program

PROGRAMS = 3000
WANTED = 1234  # the program searched for: its name has a word no other has


def program_name(n: int) -> str:
    word = "Кобзар’ївка" if n == WANTED else f"напрям {n:04d}"
    return f"Програма розвитку «Житомирська громада – {word}» на 2021-2025 роки"


def within_limits(message: BotMessage) -> None:
    """Telegram's limits: at most 100 buttons, callback data of at most 64 bytes, a text of at most 4096."""
    buttons = [button for row in message.buttons for button in row]
    assert len(buttons) <= 100
    assert all(data is not None and len(data.encode()) <= 64 for _, data in buttons)
    assert len(message.text or "") <= 4096


async def _many_programs(world: World) -> None:
    """The seed program and 2,999 more, written straight into the table (importing them would take minutes)."""
    started = time.perf_counter()
    async with world.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO programs (name, decision_number, decision_date, start_year, end_year,"
            " responsible_department) VALUES (?, ?, '2020-12-20', 2021, 2025, 'Управління')",
            [(program_name(n), f"№{5000 + n}") for n in range(2, PROGRAMS + 1)],
        )
    assert time.perf_counter() - started < 10


async def test_three_thousand_programs_page_and_a_few_letters_find_one(world: World) -> None:
    await _many_programs(world)
    coordinator = world.coordinator()
    await coordinator.send("/interim")
    first = await coordinator.expect("Для якої програми?")
    within_limits(first)
    assert "напишіть кілька літер назви" in first.text
    labels = first.button_labels
    pages = -(-PROGRAMS // PAGE_BUTTONS)
    assert len(labels) == PAGE_BUTTONS + 3  # the programs, ▶️ and 1/N, «Пошук»
    assert f"1/{pages}" in labels and "▶️" in labels and "◀️" not in labels and "🔎 Пошук" in labels
    # Every page within the limits; the last one reached page by page would take 300 presses: a few suffice.
    await coordinator.press("▶️")
    second = await coordinator.expect("Для якої програми?")
    assert second.kind == "edit" and f"2/{pages}" in second.button_labels and "◀️" in second.button_labels
    within_limits(second)
    assert not set(second.button_labels[:PAGE_BUTTONS]) & set(labels[:PAGE_BUTTONS])
    # «Пошук» says how; letters nothing holds say so, and the chooser stays for more letters.
    await coordinator.press("🔎 Пошук")
    await coordinator.expect("Напишіть кілька літер назви")
    await coordinator.send("щчщ")
    await coordinator.expect("Нічого не знайдено за «щчщ»")
    # Another apostrophe, other case: found; the found one pressed runs the command on it.
    await coordinator.send("КОБЗАРʼЇВ")
    found = await coordinator.expect("Знайдено 1 за «КОБЗАРʼЇВ»")
    within_limits(found)
    assert found.button_labels == ["Кобзар’ївка", "Усі"]
    await coordinator.press("Кобзар’ївка")
    shown = await coordinator.expect("Проміжні звіти")
    assert "Кобзар’ївка" in (shown.text or "")
    # Many found: paged as well; a command ends the search (the letters are an answer no more).
    await coordinator.send("/interim")
    await coordinator.expect("Для якої програми?")
    await coordinator.send("напрям 01")
    many = await coordinator.expect("Знайдено 100 за «напрям 01»")
    within_limits(many)
    assert "1/10" in many.button_labels
    await coordinator.press("Усі")
    again = await coordinator.expect("Для якої програми?")
    assert f"1/{pages}" in again.button_labels
    await coordinator.send("/cancel")
    await coordinator.next_message()
    await coordinator.send("Кобзар")
    reply = await coordinator.next_message()
    assert "Знайдено" not in (reply.text or "") and "Для якої програми" not in (reply.text or "")
    # Its pages still turn, and letters search it again; a chooser not kept (forged, or long gone): stale.
    await coordinator.press("▶️", message=again)
    await coordinator.expect("Для якої програми?")
    await coordinator.send("Кобзар")
    await coordinator.expect("Знайдено 1")
    query = await coordinator.press_data("cho:page:999:1", message=again)
    answer = await world.fake.wait_answered(query)
    assert answer.get("text") == "Ця кнопка вже не діє."


async def _until(user: FakeUser, substring: str) -> BotMessage:
    """The first message holding ``substring``, those before it skipped."""
    for _ in range(20):
        message = await user.next_message(timeout=10)
        if message.matches(substring):
            return message
    raise AssertionError(substring)


async def test_appoints_program_chooser_pages_too(world: World) -> None:
    """/appoint's programs (a coordinator's link): the same chooser, its pick the link's."""
    await _many_programs(world)
    coordinator = world.coordinator()
    await coordinator.send("/appoint")
    await coordinator.next_message()
    await coordinator.press("Координатор")
    first = await coordinator.expect("Координатором якої програми?")
    within_limits(first)
    await coordinator.send("кобзар'")
    await coordinator.expect("Знайдено 1")
    await coordinator.press("Кобзар’ївка")
    link = await coordinator.expect("t.me/")
    assert "Кобзар’ївка" in (link.text or "")


async def test_a_hundred_and_fifty_departments_in_invite_and_members(world: World) -> None:
    async with world.db.transaction() as conn:
        for n in range(140):
            short = "Відділ Підгір'я" if n == 77 else f"Відділ {n:03}"
            await upsert_department(
                conn,
                NewDepartment(code=f"d{n:03}", name=f"{short} Житомирської міської ради", short_name=short),
            )
    coordinator = world.coordinator()
    await coordinator.send("/invite")
    first = await coordinator.expect("Для якого підрозділу створити запрошення?")
    within_limits(first)
    assert "напишіть кілька літер назви" in first.text and "▶️" in first.button_labels
    await coordinator.press("▶️")
    within_limits(await coordinator.expect("Для якого підрозділу"))
    await coordinator.send("підгір’я")
    await coordinator.expect("Знайдено 1")
    await coordinator.press("Відділ Підгір'я")
    await coordinator.expect("Запрошення до підрозділу")
    await coordinator.send("/members")
    choose = await _until(coordinator, "Працівники якого підрозділу?")
    within_limits(choose)
    await coordinator.send("ПІДГІР")
    await coordinator.expect("Знайдено 1")
    await coordinator.press("Відділ Підгір'я")
    await coordinator.expect("Відділ Підгір'я Житомирської міської ради")
    # /departments' merge target: the same chooser, «Скасувати» under it.
    uk = await world.department_id("uk")
    await coordinator.press_data(f"dpm:{uk}:0", message=choose)
    targets = await coordinator.expect("З яким підрозділом об'єднати «УК»?")
    within_limits(targets)
    assert "▶️" in targets.button_labels and targets.button_labels[-1] == "Скасувати"
    await coordinator.send("ПІДГІР’")
    await coordinator.expect("Знайдено 1")
    await coordinator.press("Відділ Підгір'я")
    await coordinator.expect("Об'єднати «УК» з «Відділ Підгір'я»?")


async def test_a_hundred_and_twenty_people_of_a_department_to_remove(world: World) -> None:
    for n in range(120):
        await world.member(20_000 + n, "Соломія Квітка" if n == 99 else f"Працівник {n:03}", "uk")
    coordinator = world.coordinator()
    await coordinator.send("/members")
    choose = await _until(coordinator, "Працівники якого підрозділу?")
    [label] = [label for label in choose.button_labels if label.startswith("УК")]
    await coordinator.press(label, message=choose)
    chooser = await _until(coordinator, "Кого вилучити з підрозділу?")
    within_limits(chooser)
    assert "1/12" in chooser.button_labels and "напишіть кілька літер назви" in chooser.text
    await coordinator.send("квітк")
    found = await coordinator.expect("Знайдено 1")
    within_limits(found)
    await coordinator.press("✖️ Вилучити: Соломія Квітка")
    await coordinator.expect("Соломія Квітка більше не входить до підрозділу")


async def test_a_hundred_and_fifty_departments_in_status(tmp_path: Path, fake_api: FakeBotApi) -> None:
    """/status's details of each department: past the buttons a message holds, a chooser after the state."""
    db_path = tmp_path / "bot.sqlite3"
    await make_program(db_path, 150)
    async with running(build_application(settings_for(fake_api, db_path))):
        coordinator = fake_api.user(id=COORDINATOR_ID, first_name="Координаторка")
        await coordinator.send("/status 2023")
        chooser = await _until(coordinator, "Подробиці якого підрозділу")
        within_limits(chooser)
        assert "1/8" in chooser.button_labels
        await coordinator.send("упр-149")
        found = await coordinator.expect("Знайдено 1")
        within_limits(found)
        await coordinator.press("Упр-149")
        await coordinator.expect("<b>Упр-149</b>")


async def test_a_hundred_and_fifty_observers_to_revoke(world: World) -> None:
    """/members's roles: «Відкликати» for each of 150 observers, past a page a chooser of its own."""
    async with world.db.transaction() as conn:
        for n in range(150):
            user = 30_000 + n
            await touch_user(conn, user, "Орися Зірка" if n == 42 else f"Спостерігач {n:03}", None)
            await grant_role(conn, user, RoleKind.OBSERVER, granted_by=COORDINATOR_ID)
    coordinator = world.coordinator()
    await coordinator.send("/members")
    revoke = await _until(coordinator, "Що відкликати?")
    within_limits(revoke)
    # The departments' chooser came after it and waits for letters; a page of this one makes it the one searched.
    await _until(coordinator, "Працівники якого підрозділу?")
    await coordinator.press("▶️", message=revoke)
    await coordinator.expect("Що відкликати?")
    await coordinator.send("зірк")
    await coordinator.expect("Знайдено 1")
    await coordinator.press("Орися Зірка")
    await coordinator.expect("Роль відкликано: Орися Зірка")


def test_the_search_form() -> None:
    assert normal("  Кобзар’Ївка\tнова ") == normal("кобзарʼївка нова") == "кобзар'ївка нова"
