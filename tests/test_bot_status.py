"""/status within Telegram's limits: the seed's ten departments, and a synthetic program of sixty."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.app import build_application
from bot.formatting import visible_length
from storage.db import connect
from storage.members import add_membership, touch_user
from storage.models import MeasureDepartment, NewDepartment, NewMeasure, NewProgram, NewTask, PeriodStatus
from storage.periods import set_period
from storage.programs import upsert_department, upsert_measure, upsert_program, upsert_task
from tests.botkit import World, fake_api_fixture, running, settings_for, world_fixture  # noqa: F401
from tests.fakeapi import BotMessage, FakeUser

MAX_BUTTONS = 100  # Telegram's limit on an inline keyboard
DEPARTMENTS = 60


async def _status(coordinator: FakeUser) -> list[BotMessage]:
    """Every message /status 2023 answers with (a person's updates are handled in order)."""
    await coordinator.send("/status 2023")
    await coordinator.send("/nonsense")
    replies = []
    while not (reply := await coordinator.next_message()).matches("Такої команди немає"):
        replies.append(reply)
    return replies


def _within_limits(messages: list[BotMessage]) -> None:
    for message in messages:
        assert visible_length(message.text) <= 4096
        assert len(message.button_labels) <= MAX_BUTTONS and all(len(row) <= 8 for row in message.buttons)
    assert all(not m.buttons for m in messages[:-1])  # the buttons come with the last message


async def test_the_seeds_status_is_one_short_message(world: World) -> None:
    await world.member(1001, "Олена", "uk")
    [status] = await _status(world.coordinator())
    _within_limits([status])
    assert (
        len(status.text.splitlines()) <= 10 + 12
    )  # ten departments, a line each; the header, interims, counts
    assert len(status.button_labels) == 10 + 1  # a button per department, one to invite
    assert max(len(line) for line in status.text.splitlines()) <= 200


async def make_program(db_path: Path, count: int = DEPARTMENTS) -> None:
    """A program of 12 tasks × 30 measures, each measure for three of ``count`` departments with long names;
    the even departments have someone in the bot."""
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            ids = [
                await upsert_department(
                    conn,
                    NewDepartment(
                        code=f"d{n}",
                        name=f"Управління номер {n} " + "довгої назви " * 15,
                        short_name=f"Упр-{n:02}",
                    ),
                )
                for n in range(count)
            ]
            program = await upsert_program(
                conn,
                NewProgram(
                    name="Програма на шістдесят підрозділів",
                    decision_number="1",
                    decision_date=dt.date(2020, 1, 1),
                    start_year=2020,
                    end_year=2025,
                    responsible_department="Управління номер 0",
                    responsible_department_id=ids[0],
                ),
            )
            position = 0
            for task_number in range(1, 13):
                task = await upsert_task(
                    conn, program, NewTask(number=str(task_number), text="Завдання", position=task_number)
                )
                for m in range(1, 31):
                    position += 1
                    departments = tuple(
                        MeasureDepartment(department_id=ids[(position + k) % count], is_lead=k == 0)
                        for k in range(3)
                    )
                    await upsert_measure(
                        conn,
                        program,
                        task,
                        NewMeasure(
                            number=f"{task_number}.{m}",
                            text="Захід",
                            term="2020-2025",
                            executors_text="Виконавці",
                            position=position,
                            departments=departments,
                        ),
                    )
            for n in range(0, count, 2):
                await touch_user(conn, 2000 + n, f"Працівник {n}", None)
                await add_membership(conn, 2000 + n, ids[n])
            await set_period(conn, program, 2023, PeriodStatus.OPEN, dt.date(2024, 1, 20))
    finally:
        await db.close()


@pytest_asyncio.fixture(name="sixty")
async def sixty_fixture(tmp_path: Path, fake_api) -> AsyncIterator[World]:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "bot.sqlite3"
    await make_program(db_path)
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


async def test_sixty_departments_stay_within_telegrams_limits(sixty: World) -> None:
    coordinator = sixty.coordinator()
    pages = await _status(coordinator)
    _within_limits(pages)
    text = "\n".join(p.text for p in pages)
    assert all(f"Упр-{n:02}" in text for n in range(DEPARTMENTS))  # every department has its line
    [nobody] = [line for line in text.splitlines() if "Без працівників у боті" in line]
    assert "30 підрозділів" in nobody and "Упр-01" in nobody and "Упр-00" not in nobody
    assert text.count("/invite") == 1 and "довгої назви" not in text  # short names only
    labels = pages[-1].button_labels
    assert len([label for label in labels if "Упр-" in label]) == DEPARTMENTS
    assert [label for label in labels if "Запросити" in label] == ["✉️ Запросити (30)"]
    # A department's details: its 18 missing measures a line per task, not one line of numbers.
    await coordinator.press("⏳ Упр-07", message=pages[-1])
    details = await coordinator.expect("<b>Упр-07</b>")
    _within_limits([details])
    lines = details.text.splitlines()
    assert "Не звітовано 18 заходів:" in lines
    bullets = [line[2:].split(", ") for line in lines if line.startswith("• ")]
    assert len(bullets) > 1 and sum(map(len, bullets)) == 18
    assert all(len({number.split(".")[0] for number in numbers}) == 1 for numbers in bullets)  # one task each
    assert details.button_labels == ["✉️ Запросити: Упр-07"]  # nobody of it in the bot
    await coordinator.press("✉️ Запросити: Упр-07", message=details)
    await coordinator.expect("Запрошення до підрозділу «Управління номер 7")
    # The one invite button: /invite's choice, of the thirty with nobody in the bot.
    await coordinator.press("✉️ Запросити (30)", message=pages[-1])
    choice = await coordinator.expect("Для якого підрозділу")
    labels = [label for label in choice.button_labels if "Упр-" in label]
    await coordinator.press("▶️", message=choice)  # thirty: two pages of the chooser (bot/choosers.py)
    labels += [
        label for label in (await coordinator.expect("Для якого підрозділу")).button_labels if "Упр-" in label
    ]
    assert sorted(labels) == sorted(f"Упр-{n:02}" for n in range(1, DEPARTMENTS, 2))
