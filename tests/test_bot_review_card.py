"""The coordinator's review card: every amount on it with its unit."""

from __future__ import annotations

from tests.botkit import World, fake_api_fixture, report_measure, world_fixture  # noqa: F401


async def test_every_amount_on_the_review_card_says_thousands_of_hryvnias(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await coordinator.send("/plan 2023 3.10 20")
    await coordinator.expect("План заходу 3.10")
    await report_measure(olena, "3.10", "12", "10", "60", "Перша редакція")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = (await coordinator.expect("Захід 3.10")).text.replace("\xa0", " ")
    assert "План: 20,0 тис. грн · факт: 12,0 тис. грн · профінансовано: 10,0 тис. грн · виконано: 60" in card
    await coordinator.press("✅ Прийняти")
    await coordinator.expect("Звіт щодо заходу 3.10")
    await coordinator.expect("перевірено")
    await report_measure(olena, "3.10", "15", "10", "75", "Друга редакція")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = (await coordinator.expect("Захід 3.10")).text.replace("\xa0", " ")
    assert "факт: 12,0 тис. грн → 15,0 тис. грн" in card  # the changes from the accepted revision too
    assert "факт: 15,0 тис. грн" in card
