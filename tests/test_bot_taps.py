"""How many actions a report takes (issue #14): each message sent and each button pressed is one.

A new executor goes from the invite link to a confirmed report of a measure whose plan is set in six
actions, and reports each next measure in five; the step-by-step path keeps working.
"""

from __future__ import annotations

from decimal import Decimal

from bot.callbacks import OpenMeasure
from bot.formatting import MESSAGE_LIMIT, visible_length
from storage.models import NewSubmission, Source
from storage.submissions import add_submission
from tests.botkit import YEAR, World, fake_api_fixture, invite_code, world_fixture  # noqa: F401 - fixtures
from tests.fakeapi import BotMessage, FakeUser
from tests.fakeapi.markup import parse_html


class Counted:
    """A user whose every action (a message sent, a button pressed) is counted."""

    def __init__(self, user: FakeUser) -> None:
        self.user = user
        self.actions = 0

    async def send(self, text: str) -> None:
        self.actions += 1
        await self.user.send(text)

    async def press(self, label: str) -> None:
        self.actions += 1
        await self.user.press(label)

    async def expect(self, substring: str) -> BotMessage:
        return await self.user.expect(substring)


async def test_a_new_executor_reports_in_six_actions_and_the_next_measure_in_five(world: World) -> None:
    code = await invite_code(world, "УК")
    ivan = Counted(world.user(2001, "Іван"))
    await ivan.send(f"/start {code}")  # 1: the invite link
    await ivan.expect("Вас додано")
    card = await ivan.expect("Захід 1 з 5")  # 2.9, plan 27,0: its card at once
    assert "2.9. " in card.text and "План на 2023 рік: 27,0 тис. грн" in card.text
    await ivan.send("20")  # 2: within the plan, no warning
    ask = await ivan.expect("профінансовано")
    assert "як факт (20,0)" in ask.button_labels
    await ivan.send("12,5")  # 3
    ask = await ivan.expect("Відсоток")
    assert "46,3 %" in ask.button_labels  # financed ÷ plan, a button besides 100 and 0
    await ivan.press("46,3 %")  # 4
    ask = await ivan.expect("Інформація про виконання")
    assert "як торік" not in ask.button_labels  # no last year's text for 2.9
    await ivan.send("Підтримано два проєкти громадських організацій.")  # 5
    await ivan.expect("Перевірте звіт")
    await ivan.press("Підтвердити")  # 6
    saved = await ivan.expect("Збережено")
    assert ivan.actions == 6
    [sub] = await world.submissions()
    assert (sub.actual, sub.financed, sub.percent, sub.author_id) == (
        Decimal(20),
        Decimal("12.5"),
        Decimal("46.3"),
        2001,
    )
    assert sub.info == "Підтримано два проєкти громадських організацій."

    # The next measure (3.7, plan 17,0) is open already, in the same message as «Збережено».
    assert "Захід 2 з 5" in saved.text and "3.7. " in saved.text
    assert "До списку заходів" in " ".join(saved.button_labels)
    ivan.actions = 0
    await ivan.press("як у плані")  # 1
    await ivan.expect("профінансовано")
    await ivan.press("як факт (17,0)")  # 2
    await ivan.expect("Відсоток")
    await ivan.press("100,0 %")  # 3: 17 ÷ 17
    await ivan.expect("Інформація про виконання")
    await ivan.send("Проведено три тренінги.")  # 4
    await ivan.expect("Перевірте звіт")
    await ivan.press("Підтвердити")  # 5
    saved = await ivan.expect("Збережено")
    assert ivan.actions == 5
    assert "Захід 3 з 5" in saved.text
    second = (await world.submissions())[-1]
    assert (second.actual, second.financed, second.percent) == (Decimal(17), Decimal(17), Decimal(100))


async def test_a_warning_still_stops_the_short_path(world: World) -> None:
    code = await invite_code(world, "УК")
    ivan = Counted(world.user(2001, "Іван"))
    await ivan.send(f"/start {code}")
    await ivan.expect("Вас додано")
    await ivan.expect("Захід 1 з 5")
    await ivan.send("100")  # far above the plan of 27,0
    warning = await ivan.expect("значно більший за план (27,0 тис. грн)")
    assert "100,0 тис. грн" in warning.text
    await ivan.press("Так, правильно")
    await ivan.expect("профінансовано")
    await ivan.press("як факт (100,0)")
    await ivan.expect("Відсоток")
    await ivan.press("100 %")
    await ivan.expect("Інформація про виконання")
    await ivan.send("Більше, ніж планували.")
    review = await ivan.expect("Перевірте звіт")
    assert "Факт: 100,0 тис. грн" in review.text
    await ivan.press("Підтвердити")
    await ivan.expect("Збережено")
    assert ivan.actions == 7  # the warning's answer is the one more
    [sub] = await world.submissions()
    assert (sub.actual, sub.financed, sub.percent) == (Decimal(100), Decimal(100), Decimal(100))


async def test_the_step_by_step_path_from_the_list(world: World) -> None:
    """/start, a measure from the list, every answer typed, a text in two parts, confirm."""
    olena = Counted(await world.member(1001, "Олена", "uk"))
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 5 з 5")
    assert "Оберіть захід" in listing.text
    await olena.press("4.4.")
    await olena.expect("Фактичний річний обсяг")
    await olena.send("6")
    await olena.expect("профінансовано")
    await olena.send("6")
    await olena.expect("Відсоток")
    await olena.send("93,8")
    await olena.expect("Інформація про виконання")
    await olena.send("Акцію проведено.")
    await olena.expect("Перевірте звіт")
    await olena.press("Додати текст")
    await olena.expect("що додати")
    await olena.send("Охоплено 300 осіб.")
    review = await olena.expect("Перевірте звіт")
    assert "Акцію проведено.\nОхоплено 300 осіб." in review.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    assert olena.actions == 9
    [sub] = await world.submissions()
    assert (sub.actual, sub.financed, sub.percent) == (Decimal(6), Decimal(6), Decimal("93.8"))
    assert sub.info == "Акцію проведено.\nОхоплено 300 осіб."


async def test_the_longest_measure_asks_its_question_within_a_phone_screen(world: World) -> None:
    """4.1, the seed's longest measure, with a long text last year: the number, the text's start, the plan
    and the question within the first 600 characters; the whole text and last year's folded after it."""
    iryna = await world.member(1003, "Ірина", "ussms")
    measure, department = await world.measure_id("4.1"), await world.department_id("ussms")
    last_year = "Торік зроблено <усе> & трохи більше. " * 60  # about 2,200 characters, with HTML's specials
    async with world.db.transaction() as conn:
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure,
                department_id=department,
                year=YEAR - 1,
                info=last_year,
                source=Source.IMPORT,
            ),
        )
    await iryna.send("/start")
    listing = await iryna.expect("Залишилося")
    # 4.1 is on a later page of the list: its button, as the list (or a reminder) has it
    await iryna.press_data(OpenMeasure(measure, department, YEAR).data(), message=listing)
    card = await iryna.expect("Фактичний річний обсяг")
    question = card.text.index("Фактичний річний обсяг")
    assert question < 600, card.text[:question]
    head = card.text[:question]
    assert "4.1. " in head and "План на 2023 рік: 40,0 тис. грн" in head
    assert len(card.text) <= MESSAGE_LIMIT
    # After the question: the whole measure text and last year's, each in an expandable quotation.
    assert card.raw is not None
    parsed = parse_html(card.raw)  # as Telegram reads it: <blockquote expandable> is an expandable quotation
    quotes = [(start, end) for kind, start, end, _ in parsed.entities if kind == "expandable_blockquote"]
    assert len(quotes) == 2, parsed.entities
    assert all(question < start for start, _ in quotes)
    texts = [parsed.text[start:end] for start, end in quotes]
    async with world.db.locked() as conn:
        [(full,)] = await conn.execute_fetchall("SELECT text FROM measures WHERE id = ?", (measure,))
    assert texts[0].strip() == full.strip()
    assert texts[1].startswith("Торік зроблено <усе> & трохи більше.") and texts[1].strip().endswith("…")
    assert visible_length(card.raw) == len(parsed.text)
    assert card.raw.count("<blockquote expandable>") == 2 and card.raw.count("</blockquote>") == 2


async def test_the_three_amounts_in_one_message(world: World) -> None:
    code = await invite_code(world, "УК")
    ivan = Counted(world.user(2001, "Іван"))
    await ivan.send(f"/start {code}")
    await ivan.expect("Вас додано")
    card = await ivan.expect("Захід 1 з 5")
    assert "12; 9,6; 80" in card.text  # the question says it may be done
    await ivan.send("сто; 1; 2")
    refusal = await ivan.expect("Не вдалося прочитати «сто»")
    assert "Фактичний річний обсяг" in refusal.text
    await ivan.send("20; 12,5; 46,3")
    ask = await ivan.expect(
        "Прочитав так: факт — 20,0 тис. грн, профінансовано — 12,5 тис. грн, відсоток виконання — 46,3 %."
    )
    assert "Інформація про виконання" in ask.text
    await ivan.send("Підтримано два проєкти.")
    await ivan.expect("Перевірте звіт")
    await ivan.press("Підтвердити")
    await ivan.expect("Збережено")
    assert (
        ivan.actions == 5
    )  # the invite, a refused message, the amounts, the text, confirm: 4 without the slip
    [sub] = await world.submissions()
    assert (sub.actual, sub.financed, sub.percent) == (Decimal(20), Decimal("12.5"), Decimal("46.3"))


async def test_the_longest_measure_reported_and_opened_by_a_coordinator_still_asks_on_the_first_screen(
    world: World,
) -> None:
    measure, department = await world.measure_id("4.1"), await world.department_id("ussms")
    async with world.db.transaction() as conn:
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure,
                department_id=department,
                year=YEAR,
                actual=Decimal(40),
                info="Звіт " * 900,
                source=Source.BOT,
            ),
        )
    coordinator = world.coordinator()
    await coordinator.send("/edit 4.1")
    await coordinator.expect("Від імені якого підрозділу")
    await coordinator.press("УССМС")
    card = await coordinator.expect("Фактичний річний обсяг")
    head = card.text[: card.text.index("Фактичний річний обсяг")]
    assert len(head) < 600 and "Звіт уже подано" in head and "від імені підрозділу" in head
    assert "4.1. " in head and "План на 2023 рік: 40,0 тис. грн" in head
    assert "Зараз: 40,0 тис. грн" in card.text


async def test_a_card_only_opened_is_not_a_started_report(world: World) -> None:
    """The card that opens on its own (after a confirm) is not «розпочато» until something is answered."""
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await olena.send("/start")
    await olena.expect("Залишилося: 5 з 5")
    await olena.press("2.9.")
    await olena.expect("Фактичний")
    await olena.send("0; 0; 100")
    await olena.expect("Інформація про виконання")
    await olena.send("Зроблено.")
    await olena.expect("Перевірте звіт")
    await olena.press("Підтвердити")
    saved = await olena.expect("Збережено")
    assert "3.7. " in saved.text  # the next card is open
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 4 з 5")
    assert any(label.startswith("⏳ 3.7") for label in listing.button_labels), listing.button_labels
    await coordinator.send("/status 2023")
    status = await coordinator.expect("Стан звітування")
    assert "УК: 1 з 5" in status.text and "чернет" not in status.text.split("УК:")[1].split("\n")[0]
    await olena.press("3.7.")
    await olena.expect("Фактичний")
    await olena.send("5")
    await olena.expect("профінансовано")
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 4 з 5")
    assert any(label.startswith("✏️ 3.7") for label in listing.button_labels), listing.button_labels
