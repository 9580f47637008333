"""Result indicators on the phone, through the real Application against the fake Bot API: after the department's
last measure its indicators come one card at a time (one with a deviation's reason), bad input is refused with
a clear message and nothing saved, the coordinator accepts one and returns the other, the executor corrects it,
and the accepted values are what storage returns. A department with no indicators sees none."""

from __future__ import annotations

from decimal import Decimal

from reports.build import build_year
from storage.db import utcnow
from storage.indicators import add_indicator_fact, add_indicators, indicator_facts, set_indicator_plans
from storage.models import IndicatorKind, NewIndicator, NewSubmission, Source
from storage.programs import list_programs
from storage.submissions import add_submission
from tests.botkit import (  # noqa: F401 - fixtures
    YEAR,
    World,
    fake_api_fixture,
    fill_to_review,
    world_fixture,
)
from tests.fakeapi import FakeUser


class Counted:
    """A user whose messages and taps are counted (the action count of issue 25)."""

    def __init__(self, user: FakeUser) -> None:
        self.user = user
        self.actions = 0

    async def send(self, text: str) -> None:
        self.actions += 1
        await self.user.send(text)

    async def press(self, label: str, message=None) -> None:  # type: ignore[no-untyped-def]
        self.actions += 1
        await self.user.press(label, message)


async def _setup(world: World) -> tuple[int, list[int]]:
    """УОЗ executes 3.6 too (3 measures: 3.6, 4.3, 4.4) and reports two indicators of 2023."""
    uoz = await world.department_id("uoz")
    async with world.db.transaction() as conn:
        [program] = await list_programs(conn)
        await conn.execute(
            """INSERT INTO measure_departments (measure_id, department_id, is_lead, position)
               SELECT id, ?, 0, 9 FROM measures WHERE number = '3.6'""",
            (uoz,),
        )
        added = await add_indicators(
            conn,
            [
                NewIndicator(
                    program_id=program.id,
                    number=1,
                    kind=IndicatorKind.PRODUCT,
                    name="Кількість проведених заходів",
                    unit="од.",
                    department_id=uoz,
                ),
                NewIndicator(
                    program_id=program.id,
                    number=2,
                    kind=IndicatorKind.QUALITY,
                    name="Частка охоплених закладів",
                    unit="%",
                    department_id=uoz,
                ),
            ],
        )
        await set_indicator_plans(
            conn,
            program.id,
            {(added[0].id, YEAR): Decimal(20), (added[1].id, YEAR): Decimal(80)},
            user_id=None,
            source=Source.IMPORT,
            at=utcnow(),
        )
    return program.id, [i.id for i in added]


async def _accepted(world: World, program_id: int) -> dict[int, Decimal | None]:
    async with world.db.locked() as conn:
        facts = await indicator_facts(conn, program_id, YEAR, accepted_only=True)
    return {k: v.value for k, v in facts.items()}


async def test_indicators_after_the_measures_reviewed_returned_and_corrected(world: World) -> None:
    program_id, ids = await _setup(world)
    olena = Counted(await world.member(1001, "Олена", "uoz"))
    chat = olena.user
    await olena.send("/start")
    await chat.expect("Залишилося: 3 з 3")
    await olena.press("3.6.")
    await chat.expect("Фактичний річний обсяг")
    for n in range(3):
        for answer in ("0", "0", "100"):
            await olena.send(answer)
            await chat.next_message()
        await olena.send("Виконано")
        await chat.expect("Перевірте звіт")
        await olena.press("Підтвердити")
        saved = await chat.expect("Збережено")
        if n < 2:
            assert "Фактичний річний обсяг" in saved.text
    # After the last measure: the first indicator, in the same message as «Збережено».
    for part in (
        "Заходи подано",
        "Показник 1 з 2",
        "Кількість проведених заходів",
        "од.",
        "План на 2023 рік: 20",
    ):
        assert part in saved.text, saved.text
    # Bad input: refused with a clear message, the same question again, nothing saved.
    await chat.send("багато")
    assert "не схоже на число" in (await chat.expect("Надішліть фактичне значення")).text
    await chat.send("-5")
    assert "від'ємним" in (await chat.expect("Надішліть фактичне значення")).text
    await chat.send_sticker()
    assert "лише текст" in (await chat.expect("Надішліть фактичне значення")).text
    await chat.send("/help")  # the help, then the same question again
    await chat.expect("Як звітувати")
    await chat.expect("Надішліть фактичне значення")
    await olena.send("19")  # within a tenth of 20: no reason asked
    review = await chat.expect("Перевірте показник 1")
    assert "Факт: 19" in review.text and "Відхилення: −1" in review.text
    await olena.press("Підтвердити")
    second = await chat.expect("Збережено: показник 1")
    assert "Показник 2 з 2" in second.text and "Частка охоплених закладів" in second.text
    await chat.send("120")
    assert "не може бути більшим за 100" in (await chat.expect("Надішліть фактичне значення")).text
    await olena.send("60")  # a quarter below 80 %: the reason is asked
    await chat.expect("Напишіть причину відхилення")
    await chat.send("\u200b")  # nothing to read
    assert "Причина відхилення порожня" in (await chat.expect("Напишіть причину відхилення")).text
    await olena.send("Частину закладів закрито на ремонт")
    review = await chat.expect("Перевірте показник 2")
    assert "60 %" in review.text and "−20 %" in review.text and "ремонт" in review.text
    await olena.press("Підтвердити")
    await chat.expect("Усі показники подано")
    # The action count: /start, the first measure, 5 per measure (3 numbers, the text, confirm), 2 per
    # indicator (the value, confirm) and the reason where it is owed. Bad input sent above is not counted.
    assert olena.actions == 2 + 3 * 5 + 2 * 2 + 1 == 22
    assert await _accepted(world, program_id) == {}  # waiting for review

    coordinator = world.coordinator()
    await coordinator.send("/status 2023")
    status = await coordinator.expect("Показники: подано 2 з 2")
    assert "чекають перевірки — 2" in status.text
    await coordinator.send("/review 2023")
    await coordinator.expect("чекають на перевірку")
    for number in ("3.6", "4.3", "4.4"):  # one by one («Прийняти все від УОЗ» would take its facts too)
        await coordinator.expect(f"Захід {number}")
        await coordinator.press("✅ Прийняти")
        await coordinator.expect(f"заходу {number} (УОЗ) прийнято")
    card = await coordinator.expect("Показник 1. Кількість проведених заходів")
    assert "План: 20" in card.text and "Факт: 19" in card.text
    await coordinator.press("✅ Прийняти")
    await coordinator.expect("Прийнято: показник 1")
    card = await coordinator.expect("Показник 2. Частка охоплених закладів")
    assert "ремонт" in card.text
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть коментар до показника 2")
    await coordinator.send("Перевірте кількість закладів")
    notice = await chat.expect("Координатор повернув показник 2")
    assert "Перевірте кількість закладів" in notice.text
    await coordinator.expect("Повернуто на виправлення: показник 2")
    await coordinator.expect("перевірено")
    assert await _accepted(world, program_id) == {ids[0]: Decimal(19)}

    # Returned, it is owed again in the department's list, after the measures.
    await chat.send("/start")
    listing = await chat.expect("Результативні показники: залишилося 1 з 2")
    assert "↩️ 📊 2. Частка охоплених закладів" in listing.button_labels, listing.button_labels
    assert "✅ 📊 1. Кількість проведених заходів" in listing.button_labels
    # The executor corrects it from the notice: the comment on the card, the value again.
    await chat.press("Виправити показник 2", message=notice)
    card = await chat.expect("Частка охоплених закладів")
    assert "Перевірте кількість закладів" in card.text and "Зараз: 60 %" in card.text
    await chat.send("78")
    await chat.expect("Перевірте показник 2")
    await chat.press("Підтвердити")
    await chat.expect("Усі показники подано")
    await coordinator.send("/status 2023")
    status = await coordinator.expect("Показники: подано 2 з 2")
    await coordinator.press("Перевірити", message=status)  # only a fact waits: the button is there for it
    await coordinator.expect("Показники: 1 факт чекає на перевірку")
    await coordinator.expect("Показник 2. Частка охоплених закладів")
    await coordinator.press("✅ Прийняти")
    await coordinator.expect("Прийнято: показник 2")
    assert await _accepted(world, program_id) == {ids[0]: Decimal(19), ids[1]: Decimal(78)}
    async with world.db.locked() as conn:
        facts = await indicator_facts(conn, program_id, YEAR)
    assert facts[ids[1]].reason is None  # 78 is within a tenth of 80: no reason kept
    # The report shows the accepted values: section 2 of the year's report, built as /report builds it.
    built = await build_year(world.db, program_id, YEAR, accepted_only=True)
    shown = {row.number: (row.plan, row.fact) for row in built.report.indicators}
    assert shown == {1: (Decimal(20), Decimal(19)), 2: (Decimal(80), Decimal(78))}


async def test_a_department_with_no_indicators_sees_none(world: World) -> None:
    await _setup(world)
    petro = await world.member(1002, "Петро", "mksc")  # 3.6 only, no indicators
    await petro.send("/start")
    await petro.expect("Залишилося: 1 з 1")
    await petro.press("3.6.")
    await petro.expect("Фактичний річний обсяг")
    await fill_to_review(petro, "0", "0", "100", "Виконано")
    await petro.press("Підтвердити")
    saved = await petro.expect("Збережено")
    assert "Усі заходи звітовано" in saved.text and "Показник" not in saved.text
    await petro.no_message()


async def test_accept_all_of_a_department_takes_its_facts_too(world: World) -> None:
    """«Прийняти все від …» accepts the department's reports and the facts of the indicators it reports, in one
    action; another department's fact still waits, and its card has the same button for it."""
    program_id, ids = await _setup(world)
    uoz, measure = await world.department_id("uoz"), await world.measure_id("4.3")
    async with world.db.transaction() as conn:
        [other] = await add_indicators(
            conn,
            [
                NewIndicator(
                    program_id=program_id, number=3, kind=IndicatorKind.COST, name="Видатки", unit="тис. грн"
                )  # the program's responsible department (УССМС) reports it
            ],
        )
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure,
                department_id=uoz,
                year=YEAR,
                info="Виконано.",
                source=Source.BOT,
                created_at=utcnow(),
            ),
        )
        for indicator_id, value in ((ids[0], 19), (ids[1], 80), (other.id, 5)):
            await add_indicator_fact(
                conn, indicator_id, YEAR, Decimal(value), None, user_id=1001, source=Source.BOT, at=utcnow()
            )
    coordinator = world.coordinator()
    await coordinator.send("/review 2023")
    await coordinator.expect("Показники: 3 факти чекають")
    await coordinator.expect("Захід 4.3")
    await coordinator.press("Прийняти все від УОЗ")
    done = await coordinator.expect("Від УОЗ прийнято 1 звіт.")
    assert "Від УОЗ прийнято 2 факти результативних показників." in done.text
    assert await _accepted(world, program_id) == {ids[0]: Decimal(19), ids[1]: Decimal(80)}
    card = await coordinator.expect("Показник 3. Видатки · УССМС")  # another department's: still waiting
    await coordinator.press("Прийняти все від УССМС", message=card)
    assert (
        "прийнято 1 звіт" not in (await coordinator.expect("Від УССМС прийнято 1 факт результативного")).text
    )
    await coordinator.expect("перевірено")
    assert (await _accepted(world, program_id))[other.id] == Decimal(5)
