"""Issue 13, item 1: whatever people typed or imported, Telegram takes every message the bot sends.

Telegram refuses HTML it cannot parse and a text over 4096 characters as shown (tests/fakeapi refuses
exactly that). A screen that cut its finished HTML could drop a closing tag: the person got «Вибачте,
сталася помилка» instead of the review card, again on every try.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import build_application
from bot.handlers.gate import forget_role
from bot.reminders.rendering import render
from bot.reminders.rules import DepartmentOwed, Kind, Owed, Reminder
from storage.programs import list_programs
from storage.reminders import MuteSpan, PeriodInfo, Person, Snapshot
from storage.submissions import program_submissions
from tests.botkit import (
    World,
    fake_api_fixture,  # noqa: F401 - the fake_api fixture
    prepare_database,
    running,
    settings_for,
)
from tests.conftest import SEED
from tests.fakeapi import ApiCall, BotMessage, FakeBotApi, FakeUser
from tests.fakeapi.validation import format_text, parse_text

SENDING = ("sendMessage", "sendDocument", "editMessageText", "answerCallbackQuery")
# 2,400 characters whose HTML is much longer than what Telegram shows: «&» is «&amp;» in HTML.
LONG_INFO = ("Зроблено & <перевірено> " * 100)[:2399] + "."


def refused(fake: FakeBotApi) -> list[ApiCall]:
    return [c for c in fake.calls if c.method in SENDING and c.status not in (None, 200)]


@pytest.fixture
async def world(tmp_path, fake_api: FakeBotApi) -> AsyncIterator[World]:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "bot.sqlite3"
    await prepare_database(db_path)
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    failures: list[BaseException] = []

    async def record(update: object, context: object) -> None:
        failures.append(context.error)  # type: ignore[attr-defined]

    app.add_error_handler(record)
    async with running(app):
        world = World(fake_api, db_path, settings, app)
        world.failures = failures  # type: ignore[attr-defined]
        yield world


async def skip_to_info(user: FakeUser) -> None:
    for _ in range(3):
        await user.press("пропустити")
        await user.next_message()


async def test_a_long_review_card_reopened_by_a_coordinator_can_be_confirmed(world: World) -> None:
    """The repro: /edit 4.3 2024 with a 2,400-character text, /cancel, /edit 4.3 2024 again."""
    coordinator = world.coordinator()
    await coordinator.send("/open 2024")
    await coordinator.expect("відкрито")
    await coordinator.send("/edit 4.3 2024")
    await coordinator.expect("Від імені якого підрозділу")
    await coordinator.press("УК")
    await coordinator.expect("Фактичний")
    await skip_to_info(coordinator)
    await coordinator.send(LONG_INFO)
    await coordinator.expect("Перевірте звіт")
    await coordinator.send("/cancel")
    await coordinator.expect("Перервано")
    await coordinator.send("/edit 4.3 2024")
    await coordinator.expect("Від імені якого підрозділу")
    await coordinator.press("УК")
    card = await coordinator.expect("Перевірте звіт")  # the card and the review in one message
    assert "від імені підрозділу" in card.text and "Зроблено & <перевірено>" in card.text
    await coordinator.press("Підтвердити")
    await coordinator.expect("Збережено")
    assert not refused(world.fake)
    async with world.db.locked() as conn:
        [program] = await list_programs(conn)
        saved = await program_submissions(conn, program.id or 0, 2024)
    assert [s.info for s in saved] == [LONG_INFO]


async def test_an_executor_reopening_a_reported_measure_with_a_long_text(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("4.3.")
    await olena.expect("Фактичний")
    await skip_to_info(olena)
    await olena.send(LONG_INFO)
    await olena.expect("Перевірте звіт")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("4.3.")
    await olena.expect("Звіт уже подано")
    await skip_to_info(olena)  # the information step shows the text reported
    await olena.press("пропустити")  # and keeps it
    await olena.expect("Перевірте звіт")
    await olena.send("/cancel")
    await olena.expect("Перервано")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("4.3.")
    review = await olena.expect("Перевірте звіт")
    assert "Звіт уже подано" in review.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    assert not refused(world.fake)
    assert [s.info for s in await world.submissions()] == [LONG_INFO, LONG_INFO]


async def test_a_long_history_comes_in_several_messages(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    from storage.models import NewSubmission, Source
    from storage.submissions import add_submission

    async with world.db.transaction() as conn:
        for n in range(120):
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=2023,
                    info=f"<{n}> & " * 30,
                    author_name="Олена & <Ко>",
                    source=Source.BOT,
                ),
            )
    del olena
    coordinator = world.coordinator()
    pages = await _all_replies(coordinator, "/history 3.10")
    assert "Історія заходу 3.10" in pages[0].text and "120. " in pages[-1].text
    assert len(pages) >= 3 and not refused(world.fake)


# --- every screen that shows user text, with random texts -------------------------------------------

ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(min_size=300, max_size=10_000),
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "&",
                "</i>",
                "<b>",
                "&amp;",
                "🇺🇦",
                "👩‍👩‍👧",
                "e\u0301",
                "\u200b",
                "\u00a0",
                "\u3000",
                "\n",
                "\t",
                "\x00",
                "слово ",
            ]
        ),
        max_size=2000,
    ).map("".join),
    st.integers(1, 10_000).flatmap(
        lambda n: st.sampled_from(["я", "&", "<", "😀", " "]).map(lambda c: c * n)
    ),
)


async def _set_texts(world: World, text: str) -> None:
    """The culture department's names, two of its measures' texts and Олена's name: all ``text``."""
    async with world.db.transaction() as conn:
        await conn.execute("DELETE FROM drafts")
        await conn.execute("UPDATE departments SET name = ?, short_name = ? WHERE code = 'uk'", (text, text))
        await conn.execute("UPDATE measures SET text = ? WHERE number IN ('3.10', '3.7')", (text,))
        await conn.execute("UPDATE users SET full_name = ? WHERE telegram_id = 1001", (text,))
    forget_role(world.app.bot_data, 1001)


async def _all_replies(user: FakeUser, command: str) -> list[BotMessage]:
    """Every message the bot answers ``command`` with: a person's updates are handled in order, so all of
    them come before the answer to a command sent after it."""
    await user.send(command)
    await user.send("/nonsense")
    replies = []
    while not (reply := await user.next_message()).matches("Такої команди немає"):
        replies.append(reply)
    return replies


async def _answer(user: FakeUser, text: str) -> BotMessage:
    """Typed as a person types it: a long text in several messages of at most 4096 characters, each after
    the first added with the review card's «Додати текст»."""
    reply = None
    for start in range(0, len(text), 4096):
        if reply is not None and "Перевірте звіт" in reply.text:
            await user.press("Додати текст")
            await user.expect("що додати")
        await user.send(text[start : start + 4096])
        reply = await user.next_message()
    assert reply is not None
    return reply


async def _every_screen(world: World, olena: FakeUser, text: str) -> None:
    coordinator = world.coordinator()
    olena.drain(), coordinator.drain()  # whatever an earlier example left unread
    await _set_texts(world, text)
    # The list, the measure's card, the information step, the review card; a reported measure reopened.
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press("3.10.")
    await olena.expect("Фактичний")
    for number in ("0", "0", "100"):  # 3.10 plans nothing: no warning
        await olena.send(number)
        await olena.next_message()
    review = await _answer(olena, text) if text else None
    if review is None or "Перевірте звіт" not in review.text:  # nothing but blanks was typed
        await olena.press("пропустити")
        await olena.expect("Перевірте звіт")
    await olena.press("✏️ Текст")
    await olena.expect("Інформація про виконання")  # the information step with the current text
    await olena.press("пропустити")
    await olena.expect("Перевірте звіт")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    # The coordinator's screens: /status, /history, /edit, a reminder sent from /status, an import preview.
    status = await _all_replies(coordinator, "/status 2023")
    uk = await world.department_id("uk")
    [data] = [
        d for row in status[-1].buttons for _, d in row if d and d.startswith("std:") and d.endswith(f":{uk}")
    ]
    assert "Стан звітування" in status[0].text
    await coordinator.press_data(data, message=status[-1])
    details = await coordinator.next_message()
    while not details.buttons:  # a department's details in several messages, the buttons with the last
        details = await coordinator.next_message()
    await coordinator.press("Нагадати", message=details)
    await olena.expect("Нагадування від координатора")
    await coordinator.expect("Нагадування надіслано")
    history = await _all_replies(coordinator, "/history 3.10")
    assert "Історія заходу 3.10" in history[0].text
    await coordinator.send("/edit 3.10")
    choose = await coordinator.expect("Від імені якого підрозділу")
    data = next(d for row in choose.buttons for _, d in row if d)
    await coordinator.press_data(data, message=choose)
    await coordinator.expect("Фактичний")
    await coordinator.send("/cancel")
    await coordinator.expect("Перервано")
    name = SEED.read_text(encoding="utf-8").replace(
        "Житомирська міська об'єднана територіальна громада", text
    )
    await coordinator.send_document(f"{text[:40]}.txt", name.encode("utf-8", "surrogatepass"))
    await coordinator.expect("Отримав файл")
    preview = await coordinator.next_message(timeout=10)
    if "Що буде імпортовано" in preview.text:
        while not preview.buttons:  # a long preview in several messages, the buttons with the last
            preview = await coordinator.next_message(timeout=10)
        await coordinator.press("Скасувати", message=preview)
        await coordinator.expect("нічого не змінено")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
@example(text=LONG_INFO)
@example(text="&" * 10_000)
@example(text="<b>" * 3000)
@example(text="\u00a0\u3000 \u200b\ufeff")
@example(text="🇺🇦👩‍👩‍👧" * 1500)
async def test_every_screen_takes_any_text(world: World, text: str) -> None:
    if not hasattr(world, "olena"):
        world.olena = await world.member(1001, "Олена", "uk")  # type: ignore[attr-defined]
    olena: FakeUser = world.olena  # type: ignore[attr-defined]
    olena.first_name = text[:64] if text.strip() else "Олена"
    await _every_screen(world, olena, text)
    assert not refused(world.fake), refused(world.fake)[:3]
    assert not world.failures  # type: ignore[attr-defined]
    assert not any("сталася помилка" in m.content for m in olena.history + world.coordinator().history)


@given(st.lists(ANY_TEXT, min_size=1, max_size=40))
@settings(max_examples=40, deadline=None)
def test_reminders_and_the_digest_take_any_text(names: list[str]) -> None:
    """Rendered as the reminder job renders them: a member's reminder and the coordinators' digest."""
    owed = tuple(Owed(n, f"{n}.1", text) for n, text in enumerate(names))
    departments = {n: text for n, text in enumerate(names)}
    snapshot = Snapshot(
        periods=(PeriodInfo(1, 2023, dt.date(2024, 1, 20), True, names[0]),),
        members=tuple(
            Person(n, text, frozenset({n}), mutes=(MuteSpan(None, dt.date(2025, 1, 1)),))
            for n, text in enumerate(names)
        ),
        department_names=departments,
    )
    now = dt.datetime(2024, 1, 22, 10, tzinfo=dt.UTC)
    member = Reminder("k", Kind.BEFORE, 1, 1, 2023, None, dt.date(2024, 1, 20), now, 0, 7, owed)
    digest = Reminder(
        "d",
        Kind.DIGEST,
        1,
        1,
        2023,
        None,
        dt.date(2024, 1, 20),
        now,
        missing=tuple(DepartmentOwed(n, owed, len(owed), 1) for n in departments),
    )
    for reminder in (member, digest):
        text, _ = render(reminder, snapshot, dt.date(2024, 1, 22))
        format_text(parse_text(text, "HTML", caption=False), caption=False)  # raises what Telegram refuses
