"""Cases found driving the bot as its people (and an outside tester) would: each failed before its fix."""

from __future__ import annotations

from decimal import Decimal

from tests.botkit import (  # noqa: F401 - fixtures
    World,
    fake_api_fixture,
    open_measure,
    report_measure,
    world_fixture,
)
from tests.fakeapi import FakeUser
from tests.test_bot_amendments import amended_2024, send_program


async def _lead_executor(world: World, number: str) -> tuple[FakeUser, int, int]:
    """A member of the measure's lead department; the measure's and the department's ids."""
    measure = await world.measure_id(number)
    async with world.db.locked() as conn:
        [(department, code)] = await conn.execute_fetchall(
            """SELECT d.id, d.code FROM measure_departments md JOIN departments d ON d.id = md.department_id
               WHERE md.measure_id = ? AND md.is_lead = 1""",
            (measure,),
        )
    return await world.member(1001, "Олена", code), measure, department


async def _year_submissions(world: World, measure: int, year: int) -> list[tuple[str | None, str]]:
    async with world.db.locked() as conn:
        rows = await conn.execute_fetchall(
            "SELECT actual, source FROM submissions WHERE measure_id = ? AND year = ?", (measure, year)
        )
    return [(r[0], r[1]) for r in rows]


async def test_a_measure_retired_while_it_is_being_answered_takes_no_report(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/open 2024 20.01.2025")
    await coordinator.expect("відкрито")
    olena, measure, department = await _lead_executor(world, "1.7")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press_data(f"open:{measure}:{department}:2024")
    await olena.expect("Фактичний річний обсяг")
    await olena.send("5")
    await olena.expect("профінансовано")
    # The council's amendment drops 1.7 from 2024 on while Olena is at her second answer.
    await send_program(coordinator, "zvit-2024.txt", amended_2024())
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    await olena.send("4")
    reply = await olena.next_message()
    assert "не входить до Програми у 2024" in reply.text, reply.text
    assert await _year_submissions(world, measure, 2024) == []


async def test_a_plan_changed_while_a_measure_is_being_answered_is_the_one_asked_about(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    card = await open_measure(olena, "3.7")
    assert "як у плані (17,0)" in card.button_labels
    coordinator = world.coordinator()
    await coordinator.send("/plan 2023 3.7 30")
    await coordinator.expect("30,0")
    await olena.send("/help")
    await olena.expect("Як звітувати")
    again = await olena.expect("Фактичний річний обсяг")
    assert "як у плані (30,0)" in again.button_labels, again.button_labels
    await olena.press("як у плані (30,0)")
    await olena.expect("профінансовано")
    await olena.send("30")
    percent = await olena.expect("Відсоток")
    assert "100 %" in percent.button_labels  # 30 of the plan of 30, not of 17
    await olena.press("100 %")
    await olena.expect("Інформація про виконання")
    await olena.send("Проведено.")
    await olena.expect("Перевірте звіт")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    [saved] = await world.submissions()
    assert saved.actual == Decimal(30)


async def test_an_empty_part_of_several_answers_in_one_message_is_named_as_such(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    for typed in ("12;", "12; ; 80", "12; \u200b; 80"):
        await olena.send(typed)
        reply = await olena.expect("Фактичний річний обсяг")
        assert "«»" not in reply.text and "«\u200b»" not in reply.text, reply.text
        assert reply.text.startswith("Одна з відповідей порожня"), reply.text
    assert await world.submissions() == []


async def test_a_voice_note_or_sticker_instead_of_a_return_comment_asks_for_the_comment_as_text(
    world: World,
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await report_measure(olena, "3.7", "10", "9", "50", "Проведено.")
    coordinator = world.coordinator()
    sent = await coordinator.send("/review")
    await coordinator.expect("чекає на перевірку")
    await coordinator.expect("Захід 3.7")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть одним повідомленням")
    await coordinator.send_voice()  # on a phone, the comment said aloud
    reply = await coordinator.expect("лише текстом")
    assert "/start" not in reply.text, reply.text  # not the idle words: /start would drop the return
    await coordinator.send_sticker()
    await coordinator.expect("лише текстом")
    await coordinator.edit_message(sent["message_id"], "Уточніть суму")
    await coordinator.expect("лише текстом")
    await coordinator.send("Уточніть суму.")  # the comment is still the one waited for
    await coordinator.expect("повернуто на доопрацювання")


async def test_a_message_edited_into_a_command_runs_no_command(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    sent = await olena.send("7")
    await olena.expect("профінансовано")
    await olena.edit_message(sent["message_id"], "/cancel")
    reply = await olena.expect("Редагування надісланих повідомлень не враховується")
    assert "профінансовано" in reply.text  # the same question again, the conversation goes on
    await olena.no_message()  # and no «Немає що переривати» under it
    await olena.edit_message(sent["message_id"], "/start")
    await olena.expect("Редагування надісланих повідомлень не враховується")
    await olena.no_message()  # no list either
    await olena.send("6")
    await olena.expect("Відсоток")
    coordinator = world.coordinator()
    command = await coordinator.send("/help")
    await coordinator.expect("Як")
    coordinator.drain()
    await coordinator.edit_message(command["message_id"], "/lock 2023")
    await coordinator.next_message()
    await coordinator.no_message()
    async with world.db.locked() as conn:
        [(status,)] = await conn.execute_fetchall("SELECT status FROM reporting_periods WHERE year = 2023")
    assert status == "open"  # the year was not locked by an edit
