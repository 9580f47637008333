"""One department, several programs (issue 22): one list grouped by program, one conversation across them,
one invite link for all of them. The seed and a second program made from it (tests/twoprograms.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from actions.actor import Actor
from actions.reporting import department_list, next_waiting
from bot import callbacks, keyboards
from bot.app import build_application
from bot.formatting import MESSAGE_LIMIT, visible_length
from bot.handlers.start import list_text
from storage.workload import Status, WorkItem
from tests.botkit import (  # noqa: F401 - fixtures
    World,
    fake_api_fixture,
    fill_to_review,
    invite_code,
    running,
    settings_for,
)
from tests.fakeapi import BotMessage, FakeBotApi
from tests.twoprograms import FIRST_LABEL, SECOND_29, SECOND_LABEL, YEAR, measure_ids, prepare_two_programs


@pytest_asyncio.fixture(name="world")
async def two_programs_world(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    db_path = tmp_path / "bot.sqlite3"
    await prepare_two_programs(db_path)
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


def measure_buttons(message: BotMessage) -> list[str]:
    """The list's buttons, each program's one and each measure's number (the page buttons left out)."""
    shown = []
    for label in message.button_labels:
        if label.startswith("📂"):
            shown.append(label)
        elif match := re.match(r"\S+ (\d+\.\d+)\. ", label):
            shown.append(match[1])
    return shown


async def test_the_list_shows_every_programs_measures_grouped_under_its_name(world: World) -> None:
    member = await world.member(1001, "Олена", "do")  # the education department executes both programs
    await member.send("/start")
    first = await member.expect("Залишилося: 12 з 12")
    lines = first.text.splitlines()
    assert (
        lines[0] == "Департамент освіти Житомирської міської ради · звіт за 2023 рік"
    )  # each program has its deadline
    assert f"📂 {FIRST_LABEL} · залишилося 6 з 6, до 20.01.2024" in lines
    assert f"📂 {SECOND_LABEL} · залишилося 6 з 6, до 20.01.2024" in lines  # its first two are on this page
    assert measure_buttons(first) == [
        f"📂 {FIRST_LABEL}",
        *("2.9", "3.7", "3.12", "4.1", "4.3", "4.4"),
        f"📂 {SECOND_LABEL}",
        *("2.9", "3.7"),
    ]
    assert first.button_labels[-2:] == ["1/2", "▶️"]
    # The next page goes on with the second program, under its name again.
    await member.press("▶️")
    second = await member.next_message()
    assert measure_buttons(second) == [f"📂 {SECOND_LABEL}", "3.12", "4.1", "4.3", "4.4"]
    assert f"📂 {FIRST_LABEL}" not in second.text and f"📂 {SECOND_LABEL} · залишилося 6 з 6" in second.text
    # A program's button leads to the page where its measures begin.
    await member.press(f"📂 {SECOND_LABEL}")
    back = await member.next_message()
    assert measure_buttons(back) == measure_buttons(first)
    # The second program's 2.9 is its own measure: its card names the program and counts within it.
    await member.press(f"2.9. {SECOND_29[:20]}")
    card = await member.expect(f"📂 {SECOND_LABEL}")
    assert "Захід 1 з 6" in card.text and SECOND_29 in card.text


async def test_a_department_of_one_program_sees_its_list_as_before(world: World) -> None:
    # The culture department of a database with one program: no program's name anywhere (tests/botkit.py's
    # database is the seed alone; here the second program's measures are taken from the department).
    async with world.db.transaction() as conn:
        await conn.execute(
            """DELETE FROM measure_departments WHERE measure_id IN (
                   SELECT m.id FROM measures m JOIN programs p ON p.id = m.program_id WHERE p.name LIKE ?)""",
            (f"%{SECOND_LABEL}%",),
        )
    member = await world.member(1001, "Олена", "uk")
    await member.send("/start")
    listing = await member.expect("Залишилося: 5 з 5")
    assert (
        listing.text.splitlines()[0]
        == "Управління культури Житомирської міської ради · звіт за 2023 рік (до 20.01.2024)"
    )
    assert "📂" not in listing.text and measure_buttons(listing) == ["2.9", "3.7", "3.10", "4.3", "4.4"]


async def test_the_conversation_goes_from_the_last_measure_of_one_program_to_the_next_programs(
    world: World,
) -> None:
    member = await world.member(1001, "Олена", "uk")
    department = await world.department_id("uk")
    first, second = await measure_ids(world.db, FIRST_LABEL), await measure_ids(world.db, SECOND_LABEL)
    await member.send("/start")
    listing = await member.expect("Залишилося: 9 з 9")
    # The first program's last measure of the department (4.4), opened from the list.
    await member.press_data(callbacks.OpenMeasure(first["4.4"], department, YEAR).data(), listing)
    card = await member.expect("Фактичний річний обсяг")
    assert f"📂 {FIRST_LABEL}" in card.text and "Захід 5 з 5" in card.text
    await fill_to_review(member, "0", "0", "100", "Проведено акцію.")
    await member.press("Підтвердити")
    saved = await member.expect("Збережено")
    # The next one owed is the second program's first (its 2.9 reads differently), opened at once.
    assert f"📂 {SECOND_LABEL}" in saved.text and "Захід 1 з 4" in saved.text
    assert f"2.9. {SECOND_29}" in saved.text
    async with world.db.locked() as conn:
        drafts = await conn.execute_fetchall("SELECT measure_id FROM drafts WHERE user_id = 1001 AND active")
    assert [r[0] for r in drafts] == [second["2.9"]]
    # And after the second program's last one, back to the first program's first owed.
    await member.press_data(callbacks.OpenMeasure(second["4.4"], department, YEAR).data(), listing)
    await member.expect("Захід 4 з 4")
    await fill_to_review(member, "0", "0", "100", "Проведено акцію.")
    await member.press("Підтвердити")
    saved = await member.expect("Збережено")
    assert f"📂 {FIRST_LABEL}" in saved.text and "Захід 1 з 5" in saved.text


async def test_one_invite_link_of_a_department_gives_the_measures_of_both_programs(world: World) -> None:
    code = await invite_code(world, "ДО")
    newcomer = world.user(2001, "Іван")
    await newcomer.send(f"/start {code}")
    await newcomer.expect("Вас додано до підрозділу «Департамент освіти Житомирської міської ради»")
    card = await newcomer.expect("Фактичний річний обсяг")  # the first measure owed, opened at once
    assert f"📂 {FIRST_LABEL}" in card.text and "Захід 1 з 6" in card.text
    await newcomer.send("/cancel")
    await newcomer.expect("")
    await newcomer.send("/start")
    listing = await newcomer.expect("Залишилося: 12 з 12")
    assert f"📂 {FIRST_LABEL}" in listing.text and f"📂 {SECOND_LABEL}" in listing.text
    # What the action gives him: every measure of both programs his department executes.
    education = await world.department_id("do")
    items = await department_list(
        world.db, Actor(2001, "Іван", departments=frozenset({education})), education
    )
    assert [(i.program_name.count(SECOND_LABEL), i.number) for i in items] == [
        *((0, n) for n in ("2.9", "3.7", "3.12", "4.1", "4.3", "4.4")),
        *((1, n) for n in ("2.9", "3.7", "3.12", "4.1", "4.3", "4.4")),
    ]


def test_the_next_measure_owed_is_of_the_same_year_first_then_of_any_program_and_year() -> None:
    def item(measure_id: int, program_id: int, year: int, status: Status = Status.WAITING) -> WorkItem:
        return WorkItem(measure_id, 7, program_id, year, f"{measure_id}", "", "2020-2025", None, status)

    # Program 1 open for 2023, program 2 for 2024: after program 1's last, program 2's first owed.
    items = [item(1, 1, 2023, Status.REPORTED), item(2, 1, 2023), item(3, 2, 2024), item(4, 2, 2024)]
    assert (
        next_waiting(items, 2, 2023) == items[1]
    )  # wraps round to its own year's first (itself: still owed)
    items[1] = item(2, 1, 2023, Status.REPORTED)
    assert next_waiting(items, 2, 2023) == items[2]
    # Of the same year, the next program's first comes before the rest of another year.
    items = [item(1, 1, 2023), item(2, 1, 2024), item(3, 2, 2023, Status.DRAFT)]
    assert next_waiting(items, 1, 2023) == items[2]
    assert next_waiting(items, 3, 2023) == items[0]  # wrapping round within the year
    assert next_waiting(items, -1, None) == items[0]
    assert next_waiting([item(1, 1, 2023, Status.REPORTED)], 1, 2023) is None


def test_thirty_programs_of_a_few_measures_keep_to_telegrams_limits_on_every_page() -> None:
    long = "Захід з дуже довгою назвою, " * 12
    items = [
        WorkItem(
            measure_id=p * 10 + n,
            department_id=9_999_999,
            program_id=p,
            year=YEAR,
            number=f"{n + 1}.{n + 10}",
            text=long,
            term="2020-2025",
            deadline=dt.date(2024, 1, 20),
            status=Status.WAITING if n else Status.REPORTED,
            program_name=f"Програма «Житомирська громада – напрям {p} " + "розвитку " * 20 + "»",
        )
        for p in range(1, 31)
        for n in range(4)
    ]
    pages = keyboards.page_count(items)
    assert pages == 15
    seen: list[int] = []
    for page in range(pages):
        markup = keyboards.measure_list(items, 9_999_999, page)
        buttons = [b for row in markup.inline_keyboard for b in row]
        assert len(buttons) <= 100
        assert all(len(b.callback_data.encode()) <= 64 and len(b.text) <= 64 for b in buttons)  # type: ignore[union-attr]
        seen += [int(b.callback_data.split(":")[1]) for b in buttons if b.callback_data.startswith("open:")]  # type: ignore[union-attr]
        text = list_text(items, "Департамент освіти " * 30, page)
        assert visible_length(text) <= MESSAGE_LIMIT
        assert "Залишилося: 90 з 120" in text
        assert text.count("📂") == len({i.program_id for i in keyboards.page_items(items, page)})
    assert seen == [i.measure_id for i in items]  # every measure once, in the list's order
