"""The coordinator's review card: every amount on it with its unit; a correction after a return shown against
the returned revision."""

from __future__ import annotations

from decimal import Decimal

from storage.models import NewSubmission, Submission
from storage.reviews import ReviewState, add_review
from storage.submissions import add_submission
from tests.botkit import (  # noqa: F401
    YEAR,
    World,
    fake_api_fixture,
    fill_to_review,
    report_measure,
    world_fixture,
)


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


async def test_the_card_of_a_corrected_report_shows_the_changes_against_the_returned_one(
    world: World,
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "2", "2", "100", "Перша редакція")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    await coordinator.expect("Захід 3.10")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть")
    await coordinator.send("Уточніть суму")
    notice = await olena.expect("повернуто на доопрацювання")
    await coordinator.expect("Підрозділ повідомлено")
    await coordinator.expect("перевірено")

    await olena.press("Виправити захід 3.10", message=notice)
    await olena.expect("Фактичний річний обсяг")
    await fill_to_review(olena, "2,2", "2,1", "100", "Друга редакція")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = (await coordinator.expect("Захід 3.10")).text.replace("\xa0", " ")
    assert "Виправлення після повернення (Координаторка," in card and "«Уточніть суму»" in card
    assert "Раніше прийнятої редакції немає" not in card
    changes = card[card.index("Зміни від поверненої редакції:") :]
    assert "факт: 2,0 тис. грн → 2,2 тис. грн" in changes
    assert "профінансовано: 2,0 тис. грн → 2,1 тис. грн" in changes
    assert "текст: «Перша редакція» → «Друга редакція»" in changes
    assert "відсоток" not in changes  # unchanged


async def test_a_second_correction_and_the_special_fund_are_shown_against_the_returned_revision(
    world: World,
) -> None:
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    coordinator = world.coordinator()

    async def submit(actual: str, special: str, percent: str, info: str) -> Submission:
        async with world.db.transaction() as conn:
            return await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=YEAR,
                    actual=Decimal(actual),
                    financed=Decimal(1),
                    percent=Decimal(percent),
                    info=info,
                    actual_special=Decimal(special),
                    financed_special=Decimal(1),
                    author_id=1001,
                    author_name="Олена",
                ),
            )

    accepted = await submit("1", "4", "50", "Прийнята")
    async with world.db.transaction() as conn:
        await add_review(
            conn, accepted.id, ReviewState.ACCEPTED, reviewer_id=500, reviewer_name="Координаторка"
        )
    returned = await submit("2", "5", "60", "Повернута")
    async with world.db.transaction() as conn:
        await add_review(
            conn,
            returned.id,
            ReviewState.RETURNED,
            comment="Де спецфонд?",
            reviewer_id=500,
            reviewer_name="Координаторка",
        )
    await submit("2.1", "5", "60", "Перше виправлення")  # superseded before anyone reviewed it
    await submit("2.2", "6", "70", "Друге виправлення")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = (await coordinator.expect("Захід 3.10")).text.replace("\xa0", " ")
    assert "Виправлення після повернення" in card and "«Де спецфонд?»" in card
    assert "Зміни від прийнятої редакції" not in card
    changes = card[card.index("Зміни від поверненої редакції:") :]
    assert "факт: 2,0 тис. грн → 2,2 тис. грн" in changes
    assert "факт (спецфонд): 5,0 тис. грн → 6,0 тис. грн" in changes
    assert "відсоток: 60,0 % → 70,0 %" in changes
    assert "«Повернута» → «Друге виправлення»" in changes
