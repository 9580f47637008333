"""An executor reports through the real Application, over HTTP, against the fake Bot API."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bot.app import build_application
from storage.models import Source
from tests.botkit import (  # noqa: F401 - fixtures
    YEAR,
    World,
    fake_api_fixture,
    fill_to_review,
    open_measure,
    restartable_fixture,
    running,
    world_fixture,
)
from tests.fakeapi import FakeBotApi

CULTURE_MEASURES = ["2.9", "3.7", "3.10", "4.3", "4.4"]  # the culture department (УК) is named in these


async def test_full_report_of_one_measure(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 5 з 5")
    assert "Управління культури" in listing.text
    await olena.press("2.9.")
    card = await olena.expect("Захід 1 з 5")
    assert "Підтримка проєктів ОГС" in card.text and "27,0" in card.text
    assert "Фактичний річний обсяг" in card.text
    await olena.send("20")
    await olena.expect("профінансовано")
    await olena.send("12,5")
    ask = await olena.expect("Відсоток")
    assert "46,3" in ask.text  # 12,5 / 27,0
    await olena.press("46,3 %")
    await olena.expect("Інформація про виконання")
    await olena.send("Підтримано два проєкти громадських організацій.")
    review = await olena.expect("Перевірте звіт")  # the text is the last answer: no «Готово» to press
    for part in ("Факт: 20,0 тис. грн", "Профінансовано: 12,5 тис. грн", "46,3 %", "два проєкти"):
        assert part in review.text
    assert await world.submissions() == []  # nothing is saved before confirm
    await olena.press("Підтвердити")
    saved = await olena.expect("Збережено")
    # The next measure opens at once, in the same message, with the way back to the list.
    assert "Захід 2 з 5" in saved.text and "3.7. " in saved.text and "Фактичний річний обсяг" in saved.text
    assert "До списку заходів" in " ".join(saved.button_labels)

    [sub] = await world.submissions()
    assert (sub.actual, sub.financed, sub.percent) == (Decimal(20), Decimal("12.5"), Decimal("46.3"))
    assert sub.info == "Підтримано два проєкти громадських організацій."
    assert (sub.author_id, sub.source, sub.department_id) == (
        1001,
        Source.BOT,
        await world.department_id("uk"),
    )
    assert sub.author_name == "Олена"


async def test_info_in_several_messages_with_running_length(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    for text in ("0", "0", "100"):
        await olena.send(text)
        await olena.next_message()
    await olena.send("Перша частина.")
    first = await olena.expect("Перевірте звіт")
    assert "14 симв." in first.text
    await olena.press("Додати текст")
    await olena.expect("що додати")
    await olena.send("Друга частина.")
    second = await olena.expect("Додано до тексту")
    assert "29 симв." in second.text and "Перевірте звіт" in second.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    [sub] = await world.submissions()
    assert sub.info == "Перша частина.\nДруга частина."


async def test_every_quick_button(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    # Last year's text for 2.9, so that «як торік» has something to reuse.
    from storage.models import NewSubmission
    from storage.submissions import add_submission

    measure, department = await world.measure_id("2.9"), await world.department_id("uk")
    async with world.db.transaction() as conn:
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure,
                department_id=department,
                year=YEAR - 1,
                info="Торішній звіт УК.",
                source=Source.IMPORT,
            ),
        )
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("2.9.")
    card = await olena.expect("Торік (2022)")
    assert "Торішній звіт УК." in card.text
    await olena.press("як у плані")  # actual = plan 27,0
    await olena.expect("профінансовано")
    await olena.press("0")
    await olena.expect("Відсоток")
    await olena.press("пропустити")
    await olena.expect("Інформація про виконання")
    await olena.press("як торік")
    review = await olena.expect("Перевірте звіт")
    assert "27,0" in review.text and "Торішній звіт УК." in review.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    sub = [s for s in await world.submissions() if s.year == YEAR][-1]
    assert (sub.actual, sub.financed, sub.percent, sub.info) == (
        Decimal("27.0"),
        0,
        None,
        "Торішній звіт УК.",
    )


async def test_review_change_one_field_and_cancel(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "4.4")
    await fill_to_review(olena, "6", "6", "93,8", "Акція проведена.")
    await olena.press("✏️ Відсоток")
    await olena.expect("Відсоток")
    await olena.send("95")
    review = await olena.expect("Перевірте звіт")  # straight back to the review card
    assert "95,0 %" in review.text
    await olena.press("Скасувати")
    await olena.expect("нічого не збережено")
    assert await world.submissions() == []


async def test_reported_measure_can_be_changed_as_a_new_revision(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "4.4")
    await fill_to_review(olena, "6", "6", "93,8", "Акція проведена.")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 4 з 5")
    assert any(label.startswith("✅ 4.4.") for label in listing.button_labels)
    await olena.press("4.4.")
    card = await olena.expect("Звіт уже подано")
    assert "Зараз: 6,0" in card.text
    await olena.press("пропустити")
    await olena.expect("профінансовано")
    await olena.send("5,5")
    await olena.expect("Відсоток")
    await olena.send("100")
    ask = await olena.expect("замінить нинішній")  # a new text replaces the one reported
    assert "Акція проведена." in ask.text
    await olena.press("пропустити")  # keeps the text already reported
    await olena.expect("Перевірте звіт")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    first, second = await world.submissions()
    assert (first.financed, second.financed) == (Decimal(6), Decimal("5.5"))
    assert (second.actual, second.info, second.base_revision_id) == (Decimal(6), "Акція проведена.", first.id)


async def test_a_new_text_replaces_the_reported_one_or_is_added_to_it(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "4.4")
    await fill_to_review(olena, "6", "6", "93,8", "Акція проведена.")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    for new, expected in (("Нова редакція.", "Нова редакція."), ("Ще рядок.", "Нова редакція.\nЩе рядок.")):
        await olena.send("/start")
        await olena.expect("Залишилося")
        await olena.press("4.4.")
        await olena.expect("Звіт уже подано")
        for _ in range(3):  # the amounts as they are
            await olena.press("пропустити")
            ask = await olena.next_message()
        assert "замінить нинішній" in ask.text
        if expected != new:
            await olena.press("додати до попереднього", message=ask)
            await olena.expect("що додати")
        await olena.send(new)
        review = await olena.expect("Перевірте звіт")
        assert expected.replace("\n", "") in review.text.replace("\n", "")
        await olena.press("Підтвердити")
        await olena.expect("Збережено")
        assert (await world.submissions())[-1].info == expected


async def test_draft_survives_a_restart_between_two_steps(restartable: tuple[FakeBotApi, object]) -> None:
    fake, settings = restartable
    app = build_application(settings)  # type: ignore[arg-type]
    olena = fake.user(id=1001, first_name="Олена")
    async with running(app):
        world = World(fake, settings.database_path, settings, app)  # type: ignore[attr-defined]
        await world.member(1001, "Олена", "uk")
        await open_measure(olena, "3.7")
        await olena.send("17")
        await olena.expect("профінансовано")
    app = build_application(settings)  # type: ignore[arg-type]
    async with running(app):
        await olena.send("5")  # answers the step it was on before the restart
        ask = await olena.expect("Відсоток")
        assert "29,4" in ask.text  # 5 / 17: the actual amount from before the restart is still there
        await olena.send("30")
        await olena.expect("Інформація про виконання")
        await olena.send("Тренінг проведено.")
        await olena.expect("Перевірте звіт")
        await olena.press("Підтвердити")
        await olena.expect("Збережено")
        [sub] = await World(fake, settings.database_path, settings, app).submissions()  # type: ignore[attr-defined]
        assert (sub.actual, sub.financed, sub.percent) == (Decimal(17), Decimal(5), Decimal(30))


async def test_coming_back_later_continues_at_the_same_step(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    await olena.send("17")
    await olena.expect("профінансовано")
    await olena.send("/start")  # another command: the conversation ends, the draft stays
    listing = await olena.expect("Залишилося")
    assert any(label.startswith("✏️ 3.7.") for label in listing.button_labels)
    await olena.send("12")  # not an answer any more
    await olena.expect("Оберіть захід")
    await olena.press("3.7.")
    card = await olena.expect("Захід")
    assert "профінансовано" in card.text  # the step it was on, not the first one


async def test_cancel_and_help_at_a_step(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    await olena.send("/help")
    await olena.expect("Як звітувати")
    await olena.expect("Фактичний річний обсяг")  # the same question again after the help
    await olena.send("/cancel")
    await olena.expect("Чернетку збережено")
    await olena.send("/cancel")
    await olena.expect("Немає що переривати")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("-5", "не може бути від'ємною"),
        ("п'ять", "не схоже на суму"),
        ("NaN", "не схоже на суму"),
        ("inf", "не схоже на суму"),
        ("1,2345", "Забагато знаків"),
        ("99999999999", "Завелика сума"),
    ],
)
async def test_bad_amounts_are_explained_and_asked_again(world: World, answer: str, message: str) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    await olena.send(answer)
    reply = await olena.expect(message)
    assert "наприклад" in reply.text and "Фактичний річний обсяг" in reply.text
    await olena.send("1 234,5")  # non-breaking-free grouping is accepted
    await olena.expect("значно більший за план")  # far above the plan of 17,0: asks to confirm
    await olena.press("Ні, виправити")
    await olena.expect("Фактичний річний обсяг")
    await olena.send("17")
    await olena.expect("профінансовано")


async def test_percent_and_financed_checks(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    await olena.send("10")
    await olena.expect("профінансовано")
    await olena.send("12")
    await olena.expect("більше за фактичний обсяг")
    await olena.press("Так, правильно")
    await olena.expect("Відсоток")
    await olena.send("101")
    await olena.expect("від 0 до 100")
    await olena.send("сто")
    await olena.expect("Надішліть відсоток числом")


async def test_media_and_edits_get_the_same_question_again(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    await olena.send_photo()  # a photo or a document is the measure's evidence (tests/test_bot_review.py)
    await olena.expect("додано до заходу 3.7 (1 з 10)")
    await olena.expect("Фактичний річний обсяг")
    await olena.send_sticker()
    await olena.expect("лише текст")
    await olena.send_voice()
    reply = await olena.expect("лише текст")
    assert "Фактичний річний обсяг" in reply.text
    await olena.send_document("звіт.docx", b"PK\x03\x04")
    await olena.expect("«звіт.docx» додано до заходу 3.7 (2 з 10)")
    await olena.expect("Фактичний річний обсяг")
    sent = await olena.send("7")
    await olena.expect("профінансовано")
    await olena.edit_message(sent["message_id"], "8")
    await olena.expect("Редагування надісланих повідомлень не враховується")
    assert await world.submissions() == []


async def test_stale_and_forged_buttons(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await world.member(1002, "Петро", "dsp")
    await open_measure(olena, "3.7")
    old_card = olena.history[-1]
    await olena.send("1")
    await olena.expect("профінансовано")
    # A button from the old card for the step already answered: answered, ignored.
    query = await olena.press("як у плані", message=old_card)
    answered = await world.fake.wait_answered(query)
    assert answered.get("text") == "Ця кнопка вже не діє."
    # Forged: open a measure of a department she is not in (3.11 is social policy's only).
    other = await world.measure_id("3.11")
    query = await olena.press_data(f"open:{other}:{await world.department_id('dsp')}:{YEAR}")
    assert "Немає доступу" in (await world.fake.wait_answered(query)).get("text", "")
    query = await olena.press_data(f"open:{other}:{await world.department_id('uk')}:{YEAR}")
    assert "Немає доступу" in (await world.fake.wait_answered(query)).get("text", "")
    # Garbage and a year that is not open.
    for data in (
        "q:1:1:actual:drop table",
        "open:1:1:20234",
        "💥",
        f"open:{await world.measure_id('3.7')}:{await world.department_id('uk')}:2031",
    ):
        query = await olena.press_data(data)
        assert (await world.fake.wait_answered(query)).get("text")
    await olena.send("1")  # still at the same step, nothing disturbed
    await olena.expect("Відсоток")
    assert await world.submissions() == []


async def test_a_whole_department_reports_all_its_measures(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    await olena.expect("Залишилося: 5 з 5")
    await olena.press("2.9.")
    card = await olena.expect("Захід 1 з 5")
    for n, number in enumerate(CULTURE_MEASURES, 1):
        assert f"Захід {n} з 5" in card.text and f"{number}. " in card.text
        await fill_to_review(olena, "0", "0", "100", f"Звіт за захід {number}.")
        await olena.press("Підтвердити")
        card = await olena.expect("Збережено")  # and the next measure's card in the same message
    assert "Усі заходи звітовано" in card.text and "Захід" not in card.text
    subs = await world.submissions()
    numbers = {s.measure_id for s in subs}
    assert numbers == {await world.measure_id(n) for n in CULTURE_MEASURES}
    await olena.send("/start")
    await olena.expect("Залишилося: 0 з 5")


async def test_locked_year_refuses_changes(world: World) -> None:
    from storage.models import PeriodStatus
    from storage.periods import set_period
    from storage.programs import list_programs

    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.7")
    await fill_to_review(olena, "1", "1", "1", "текст")
    async with world.db.transaction() as conn:
        [program] = await list_programs(conn)
        await set_period(conn, program.id, YEAR, PeriodStatus.LOCKED)
    query = await olena.press("Підтвердити")
    assert "закрито" in (await world.fake.wait_answered(query)).get("text", "")
    assert await world.submissions() == []
    await olena.send("/start")
    await olena.expect("немає відкритого звітного періоду")


async def test_long_lists_page_and_not_planned_measures_are_marked(world: World) -> None:
    iryna = await world.member(1003, "Ірина", "ussms")
    await iryna.send("/start")
    listing = await iryna.expect("Залишилося")
    labels = listing.button_labels
    assert "▶️" in labels and any(re.fullmatch(r"1/\d", label) for label in labels)
    assert sum(1 for label in labels if label[:1] in "⏳✅✏️➖") == 8
    assert "Оберіть захід" in listing.text
    pages = int(next(label for label in labels if re.fullmatch(r"1/\d", label))[2:])
    seen = list(labels)
    shown = [listing]
    for _ in range(pages - 1):
        await iryna.press("▶️")
        page = await iryna.next_message()
        assert page.kind == "edit"
        seen += page.button_labels
        shown.append(page)
    assert any(label.startswith("➖ 3.8.") for label in seen)  # term 2022, 2024: not planned in 2023
    for page in shown:  # the note on ➖ only where one is shown
        marked = any(label.startswith("➖") for label in page.button_labels)
        assert marked == ("➖ — захід не заплановано у 2023 році" in page.text), page.text
    assert sum(1 for page in shown if "➖ —" in page.text) >= 1
    await iryna.press("◀️")
    assert (await iryna.next_message()).kind == "edit"
    # One count everywhere: the list's total is every measure in it, as the card's «Захід N з M»;
    # what is left, the planned ones.
    left, total = map(int, re.search(r"Залишилося: (\d+) з (\d+)", listing.text).groups())
    assert total == sum(1 for label in seen if label[:1] in "⏳✅✏➖")
    assert left == sum(1 for label in seen if label[:1] in "⏳✏")
    await iryna.press("3.8.", message=iryna.history[-1])
    card = await iryna.expect("не заплановано")
    assert "звіт не обов'язковий" in card.text
    assert re.search(rf"Захід \d+ з {total} ", card.text)


async def test_a_message_of_spaces_is_refused_not_added(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    for text in ("0", "0", "100"):
        await olena.send(text)
        await olena.next_message()
    for blank in ("   ", "\u00a0\u00a0\u00a0", "\u3000\u3000", "\u200b\ufeff"):
        await olena.send(blank)
        refusal = await olena.expect("самі пробіли")
        assert "Додано" not in refusal.text
    await olena.send("Зроблено\x00все")
    added = await olena.expect("Перевірте звіт")
    assert "12 симв." in added.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    [sub] = await world.submissions()
    assert sub.info == "Зроблено все"


async def test_a_text_that_only_starts_with_a_slash_is_an_answer(world: World) -> None:
    """Telegram marks commands; «/ 5» or «/тест» are text, and must not end the conversation."""
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    for text in ("0", "0", "100"):
        await olena.send(text)
        await olena.next_message()
    await olena.send("/ зроблено все, див. /home/звіт")
    review = await olena.expect("Перевірте звіт")
    assert "/ зроблено все" in review.text
