"""A flaky network, double taps and concurrent edits: nothing is lost and nothing is saved twice."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from tests.botkit import World, fake_api_fixture, fill_to_review, open_measure, report_measure, world_fixture  # noqa: F401
from tests.test_bot_coordinator import measure_rows

CULTURE = ["2.9", "3.7", "3.10", "4.3", "4.4"]


async def test_a_department_completes_its_report_over_a_flaky_network(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    # One request in five fails with a 5xx; some answers are slow; a 429 now and then.
    world.fake.fail_rate(share=0.2, statuses=(500, 502, 503), seed=7)
    world.fake.delay("sendMessage", 0.05)
    world.fake.fail_next("answerCallbackQuery", status=429, retry_after=1)
    for number in CULTURE:
        await report_measure(olena, number, "1", "1", "50", f"Зроблено {number}")
    coordinator = world.coordinator()
    await coordinator.send("/report 2023")
    document = await coordinator.next_message(timeout=15)
    rows = measure_rows(document.document.data)
    assert all(rows[n][9] == f"Зроблено {n}" for n in CULTURE)
    failed = [c for c in world.fake.calls if c.status not in (None, 200)]
    assert len(failed) >= 5  # the faults really happened
    assert len(await world.submissions()) == len(CULTURE)  # and nothing was saved twice


async def test_double_tap_on_confirm_saves_once(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    review = await fill_to_review(olena, "0", "0", "100", "Текст")
    first = await olena.press("Підтвердити", message=review)
    second = await olena.press("Підтвердити", message=review)  # before the bot has answered the first
    await world.fake.wait_answered(first)
    answered = await world.fake.wait_answered(second)
    await olena.expect("Збережено")
    assert answered.get("text") == "Ця кнопка вже не діє."
    assert len(await world.submissions()) == 1


async def test_the_same_update_delivered_twice_saves_once(world: World) -> None:
    """Telegram may resend an update the bot did not confirm; the same callback must not save twice."""
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    review = await fill_to_review(olena, "0", "0", "100", "Текст")
    data = next(d for row in review.buttons for label, d in row if "Підтвердити" in label)
    await asyncio.gather(olena.press_data(data, message=review), olena.press_data(data, message=review))
    await olena.expect("Збережено")
    await world.fake.wait_until(lambda: not world.fake.unanswered_callbacks, 5)
    assert len(await world.submissions()) == 1


async def test_two_members_confirm_the_same_measure(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    ivan = await world.member(1004, "Іван", "uk")
    reviews = {}
    for user, value in ((olena, "50"), (ivan, "100")):
        await open_measure(user, "3.10")
        reviews[user.id] = await fill_to_review(user, "0", "0", value, f"Звіт від {user.first_name}")
    await asyncio.gather(
        olena.press("Підтвердити", message=reviews[1001]), ivan.press("Підтвердити", message=reviews[1004])
    )
    first = {user.id: await user.next_message() for user in (olena, ivan)}
    subs = await world.submissions()
    assert len(subs) == 2  # both revisions are kept
    later = subs[-1]
    earlier_author = olena if later.author_id == 1004 else ivan
    assert first[later.author_id].matches("Збережено")
    assert "теж змінено" in first[later.author_id].text  # the later author is told someone else changed it
    # The earlier author: their «Збережено» and the note that a newer revision replaced it, in either order
    # (the note may overtake the message that opens their next measure).
    theirs = [first[earlier_author.id], await earlier_author.next_message()]
    assert sorted("Збережено" in m.text for m in theirs) == [False, True]
    [note] = [m for m in theirs if "замінено новішою редакцією" in m.text]
    assert later.author_name in note.text
    coordinator = world.coordinator()
    await coordinator.send("/report 2023")
    document = await coordinator.next_message(timeout=10)
    row = measure_rows(document.document.data)["3.10"]
    assert Decimal(str(row[8])) == later.percent and row[9] == later.info  # the later one counts


async def test_an_update_delivered_again_after_a_crash_is_not_applied_twice(world: World) -> None:
    from telegram import Update

    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("3.7.")
    await olena.expect("Фактичний")
    message = await olena.send("5")
    await olena.expect("профінансовано")
    applied = max(c.result[-1]["update_id"] for c in world.fake.calls_to("getUpdates") if c.result)
    # The same message again, as Telegram would resend an update it thinks was not received.
    again = Update.de_json({"update_id": applied, "message": message}, world.app.bot)
    await world.app.process_update(again)
    await olena.no_message(within=0.3)
    await olena.send("3")  # still answers "financed", not "percent"
    await olena.expect("Відсоток")


async def test_an_answer_slower_than_the_timeout_loses_nothing(tmp_path, fake_api) -> None:
    """Telegram delivers the question but answers too late: the bot times out, the person carries on."""
    from bot.app import build_application
    from tests.botkit import prepare_database, running, settings_for

    db = tmp_path / "slow.sqlite3"
    await prepare_database(db)
    app = build_application(settings_for(fake_api, db, bot_api_timeout=0.5))
    async with running(app):
        world = World(fake_api, db, app.bot_data.settings, app)
        olena = await world.member(1001, "Олена", "uk")
        await olena.send("/start")
        await olena.expect("Залишилося")
        await olena.press("3.10.")
        await olena.expect("Фактичний")
        fake_api.delay("sendMessage", 0.8, deliver_first=True)
        await olena.send("0")
        await olena.expect("профінансовано")  # delivered, though the bot saw a timeout
        fake_api.delay("sendMessage", 0)
        for answer in ("0", "100", "Текст"):
            await olena.send(answer)
            await olena.next_message()
        await olena.press("Підтвердити")
        await olena.expect("Збережено")
        assert len(await world.submissions()) == 1
        assert not any("Вибачте" in m.text for m in olena.history if m.text)


# --- nobody waits for the database while Telegram is slow with someone else ----------------------------

SLOW = 4.0  # seconds the fake holds the coordinator's call
AT_ONCE = 1.0  # the other user's answer must come well before that


async def _slow_call_in_flight(world: World, method: str) -> None:
    in_flight = await world.fake.wait_until(
        lambda: any(c.method == method and c.status is None for c in world.fake.calls), 5
    )
    assert in_flight, f"the coordinator's {method} never started"


async def test_a_slow_answer_to_a_coordinators_button_holds_nobody_up(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await coordinator.send("/invite")
    await coordinator.expect("Для якого підрозділу")
    world.fake.delay("answerCallbackQuery", SLOW)
    await coordinator.press_data("inv:999999")  # no such department: answered as stale, slowly
    await _slow_call_in_flight(world, "answerCallbackQuery")
    await olena.send("/start")
    await olena.expect("Залишилося", timeout=AT_ONCE)


async def test_a_slow_reply_to_a_coordinators_command_holds_nobody_up(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    await olena.expect("Залишилося")  # a message of the bot's for her button press to sit under
    coordinator = world.coordinator()
    world.fake.delay("sendMessage", SLOW)
    await coordinator.send("/lock 2024")  # never opened: the reply says how to open it, slowly
    await _slow_call_in_flight(world, "sendMessage")
    query = await olena.press_data("q:1:1:actual:zero")  # she has no draft: the database says so
    answered = await world.fake.wait_answered(query, timeout=AT_ONCE)
    assert answered.get("text") == "Ця кнопка вже не діє."
    await coordinator.expect("ще не відкривався", timeout=SLOW + 5)


async def test_answers_count_after_telegram_numbers_updates_anew(world: World) -> None:
    """After a week without updates Telegram may number them anew, from a random point: lower than the
    one a draft (which lives for weeks) remembers. Such answers are answers, not old updates."""
    from telegram import Update

    petro = await world.member(1003, "Петро", "ussms")
    await petro.send("/start")
    listing = await petro.expect("Залишилося")
    while not any(label.startswith("⏳ 3.2.") for label in listing.button_labels):
        await petro.press("▶️")
        listing = await petro.next_message()
    await petro.press("3.2.")
    await petro.expect("Фактичний")
    first = await petro.send("1")
    await petro.expect("профінансовано")
    async with world.db.transaction() as conn:
        await conn.execute(
            "UPDATE drafts SET data = json_set(data, '$.update_id', 1000000000) WHERE user_id = 1003"
        )
    second = await petro.send("0,5")
    await petro.expect("Відсоток")
    # Both updates delivered again (a crash before Telegram was told they arrived): neither counts twice.
    ids = [u["update_id"] for c in world.fake.calls_to("getUpdates") if c.result for u in c.result]
    for update_id, message in zip(sorted(ids)[-2:], (first, second), strict=True):
        await world.app.process_update(
            Update.de_json({"update_id": update_id, "message": message}, world.app.bot)
        )
    await petro.no_message(within=0.3)
    await petro.send("50")  # still the percent question
    await petro.expect("Інформація про виконання")
    draft_info = await world.submissions()
    assert draft_info == []  # nothing saved yet; the amounts went in once each
