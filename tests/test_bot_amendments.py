"""Program amendments and history in the chat: an amended program is previewed with its changes and applied
on confirm; the published reports of earlier years give the executor's «Торік підрозділ писав»."""

from __future__ import annotations

from tests.botkit import SEED, World, fake_api_fixture, world_fixture  # noqa: F401 - fixtures
from tests.fakeapi import BotMessage, FakeUser

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _line_of(lines: list[str], number: str) -> int:
    return next(i for i, line in enumerate(lines) if f"\t{number}. " in "\t" + line)


def amended_2024() -> str:
    """The 2024 report of the amended program: 1.7 dropped, 2.12 renumbered 2.13, 1.4 reworded."""
    lines = SEED_TEXT.replace("за 2023 рік", "за 2024 рік").split("\n")
    del lines[_line_of(lines, "1.7")]
    i = _line_of(lines, "2.12")
    lines[i] = lines[i].replace("2.12. ", "2.13. ", 1)
    i = _line_of(lines, "1.4")
    lines[i] = lines[i].replace("Створення гендерного профілю", "Оновлення гендерного профілю")
    return "\n".join(lines)


def report_of(year: int) -> str:
    """The seed as the published report of ``year``; 2.9's text names its year."""
    lines = SEED_TEXT.replace("за 2023 рік", f"за {year} рік").split("\n")
    i = _line_of(lines, "2.9")
    lines[i] = lines[i].replace("у 2023 році", f"у {year} році")
    return "\n".join(lines)


async def send_program(coordinator: FakeUser, name: str, text: str) -> BotMessage:
    await coordinator.send_document(name, text.encode())
    await coordinator.expect("Отримав файл")
    return await coordinator.expect("Що буде імпортовано")


async def test_an_amended_program_is_previewed_with_its_changes_and_applied_on_confirm(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/open 2024 20.01.2025")
    await coordinator.expect("відкрито")
    retired = await world.measure_id("1.7")
    moved = await world.measure_id("2.12")
    preview = await send_program(coordinator, "zvit-2024.txt", amended_2024())
    for line in (
        "Зміни до Програми порівняно з базою (3):",
        "− захід 1.7 вилучено з 2024 року",
        "↪ захід 2.12 тепер має номер 2.13",
        "✎ захід 1.4, новий зміст: «Оновлення гендерного профілю",
    ):
        assert line in preview.text, line
    assert await world.measure_id("2.12") == moved  # nothing changed before the decision
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    assert await world.measure_id("2.13") == moved
    # The executor of the dropped measure no longer sees it in 2024; 2023 still has it.
    async with world.db.locked() as conn:
        [department] = [
            r[0]
            for r in await conn.execute_fetchall(
                "SELECT department_id FROM measure_departments WHERE measure_id = ? AND is_lead = 1",
                (retired,),
            )
        ]
        code = (await conn.execute_fetchall("SELECT code FROM departments WHERE id = ?", (department,)))[0][0]
    executor = await world.member(1001, "Олена", code)
    await executor.send("/start")
    listing = await executor.expect("Залишилося")
    buttons = [b for row in listing.buttons for b in row]
    assert any(" 1.7. " in label for label, _ in buttons)
    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    await executor.send("/start")
    listing = await executor.expect("Залишилося")
    assert not any(" 1.7. " in label for row in listing.buttons for label, _ in row)
    assert any(" 1.6. " in label for row in listing.buttons for label, _ in row)
    # The same file again: nothing to change.
    again = await send_program(coordinator, "zvit-2024.txt", amended_2024())
    assert "Змін до Програми порівняно з базою немає." in again.text


async def test_last_years_text_comes_from_the_reports_of_earlier_years(world: World) -> None:
    coordinator = world.coordinator()
    for year in (2022, 2023):
        await send_program(coordinator, f"zvit-{year}.txt", report_of(year))
        await coordinator.press("Застосувати")
        await coordinator.expect("Імпортовано")
    await coordinator.send("/open 2024 20.01.2025")
    await coordinator.expect("відкрито")
    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("2.9.")
    card = await olena.expect("Торік (2023)")
    assert "Заходи не фінансуються у 2023 році" in card.text
    await olena.send("/cancel")
    await olena.next_message()
    await coordinator.send("/lock 2024")
    await coordinator.expect("закрито")
    await coordinator.send("/unlock 2023")
    await coordinator.expect("знову відкрито")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("2.9.")
    card = await olena.expect("Торік (2022)")
    assert "Заходи не фінансуються у 2022 році" in card.text
