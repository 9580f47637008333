"""Another council's program sent to a bot whose database is empty: the preview lists the bodies it will add,
within Telegram's limit (a long one in a few messages, the buttons under the last), and «Застосувати» adds them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.app import build_application
from bot.formatting import MESSAGE_LIMIT
from storage.db import connect
from storage.programs import list_departments
from tests.botkit import World, running, settings_for
from tests.fakeapi import FakeBotApi
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture
from tests.test_discovery_import import SPORT, SPORT_BODIES


@pytest_asyncio.fixture(name="empty")
async def empty_world_fixture(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    """The bot on a new database: no program, no department."""
    db_path = tmp_path / "bot.sqlite3"
    await (await connect(db_path)).close()
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


def many_bodies(measures: int) -> str:
    """The Kalush sport report with ``measures`` measures in one task, each by a body of its own with a long
    name, and partners: a preview longer than one message."""
    lines = SPORT.read_text(encoding="utf-8").split("\n")
    header = lines[:16]
    rows = []
    for n in range(1, measures + 1):
        lead = ["1.", "Розвиток масового спорту"] if n == 1 else ["", ""]
        executors = (
            f"Комунальний заклад «Калуський міський спортивно-оздоровчий центр для дітей та молоді №{n}» "
            f"Калуської міської ради, громадська спілка «Спортивне товариство №{n}» (за згодою)"
        )
        rows.append(
            "\t".join(
                [*lead, f"1.{n}. Захід {n}", "2022-2024", executors, "1,0", "1,0", "1,0", "100,0", "Так."]
            )
        )
    total = f"{measures},0"
    rows.append("\t".join(["", "з загального фонду", "", "", total, total, total, "100,0", ""]))
    return "\n".join(
        [*header, *rows, "", "Начальник відділу молоді та спорту Калуської міської ради", "", "Хтось"]
    )


async def test_another_councils_program_is_previewed_with_its_bodies_and_applied(empty: World) -> None:
    coordinator = empty.coordinator()
    await coordinator.send_document(SPORT.name, SPORT.read_bytes())
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Що буде імпортовано")
    assert len(preview.text) <= MESSAGE_LIMIT and preview.text.rstrip().endswith("Застосувати?")
    for line in (
        "Рада: Калуська міська рада",
        "Нові виконавці — додаються до довідника з імпортом (12):",
        "- Відділ молоді та спорту Калуської міської ради → ВМС, відповідальний виконавець програми",
        "- КНП «Калуська міська лікарня» Калуської міської ради → КНП «Калуська міська лікарня»: захід 2.2",
        "Заходи 1.5, 3.5: серед виконавців немає органу ради, що звітує",
    ):
        assert line in preview.text, line
    async with empty.db.locked() as conn:
        assert await list_departments(conn) == []  # nothing before the decision
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    async with empty.db.locked() as conn:
        assert {d.code for d in await list_departments(conn)} == set(SPORT_BODIES)


async def test_a_preview_longer_than_a_message_comes_in_several(empty: World) -> None:
    coordinator = empty.coordinator()
    await coordinator.send_document("big.txt", many_bodies(60).encode())
    await coordinator.expect("Отримав файл")
    first = await coordinator.expect("Що буде імпортовано")
    pages = [first]
    while "Застосувати?" not in pages[-1].text:
        pages.append(await coordinator.next_message())
    assert len(pages) > 1 and all(len(p.text) <= MESSAGE_LIMIT for p in pages)
    assert not first.buttons and pages[-1].buttons  # the decision under the last
    text = "\n".join(p.text for p in pages)
    assert "Нові виконавці — додаються до довідника з імпортом (61):" in text  # 60 and the responsible one
    assert "- і ще 31 виконавець" in text  # the first 30 listed
    assert "«Спортивне товариство №8» (за згодою) і ще 52" in text  # the partners, shortened
    await coordinator.press("Застосувати")
    applied = await coordinator.expect("Імпортовано")
    while "Зауваж" not in applied.text:
        applied = await coordinator.next_message()
    async with empty.db.locked() as conn:
        assert len(await list_departments(conn)) == 61
