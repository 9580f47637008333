"""A coordinator's first steps: /start and /help list the coordinator's commands; on an empty database they
(and every command that needs a program) say how to load the program."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import COORDINATOR_COMMANDS, MEMBER_COMMANDS, build_application
from reports import docx_writer, xlsx_writer
from reports.model import Report
from reports.xlsx_reader import read_workbook_grid
from storage.db import connect
from tests.botkit import World, fake_api_fixture, running, settings_for, world_fixture  # noqa: F401
from tests.conftest import SEED
from tests.fakeapi import FakeBotApi

ONLY_COORDINATORS = [name for name in COORDINATOR_COMMANDS if name not in MEMBER_COMMANDS]
FIRST_STEPS = (
    "У боті ще немає програми",
    "файл звіту програми",
    ".xlsx",
    "«Застосувати»",
    "/open 20",
    "/invite",
)


@pytest_asyncio.fixture(name="empty")
async def empty_fixture(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    """The bot on a database with its schema and nothing else: no program, no departments."""
    db_path = tmp_path / "bot.sqlite3"
    await (await connect(db_path)).close()
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


def _commands_in(text: str) -> set[str]:
    return set(re.findall(r"/([a-z]+)\b", text))


async def test_an_empty_database_tells_the_coordinator_how_to_load_the_program(empty: World) -> None:
    coordinator = empty.coordinator()
    for command in ("/start", "/help", "/status", "/report", "/status 2023", "/report 2023", "/open 2024"):
        await coordinator.send(command)
        reply = await coordinator.next_message()
        assert all(step in reply.text for step in FIRST_STEPS), (command, reply.text)
    # Then as told: the file, its preview, «Застосувати»; the first steps are not repeated after that.
    await coordinator.send_document(SEED.name, SEED.read_bytes())
    await coordinator.expect("Отримав файл")
    await coordinator.expect("Що буде імпортовано")
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    await coordinator.send("/start")
    welcome = await coordinator.expect("Вітаю, координаторе")
    assert "У боті ще немає програми" not in welcome.text and "/status" in welcome.text
    await coordinator.send("/status 2023")
    await coordinator.expect("Стан звітування за 2023 рік")


async def test_an_empty_database_says_nothing_of_it_to_a_stranger(empty: World) -> None:
    stranger = empty.user(3001, "Хтось")
    await stranger.send("/start")
    reply = await stranger.expect("потрібне запрошення")
    assert "файл звіту" not in reply.text


async def test_start_and_help_list_every_coordinator_command_and_an_executor_sees_none(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/start")
    start = await coordinator.expect("Вітаю, координаторе")
    await coordinator.send("/help")
    help_text = (await coordinator.expect("Координатору")).text
    for text in (start.text, help_text):
        assert set(ONLY_COORDINATORS) <= _commands_in(text), set(ONLY_COORDINATORS) - _commands_in(text)
        assert "У боті ще немає програми" not in text  # the program is loaded
    assert {"start", "cancel", "mute"} <= _commands_in(help_text)  # and what an executor does, briefly
    assert len(help_text.splitlines()) <= 20  # one line a command: within a phone's screen
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/help")
    executor = (await olena.expect("Як звітувати")).text
    assert _commands_in(executor) and not _commands_in(executor) & set(ONLY_COORDINATORS)
    await olena.send("/start")
    assert not _commands_in((await olena.expect("Залишилося")).text) & set(ONLY_COORDINATORS)


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding"),
    [("zvit.csv", ";", "cp1251"), ("zvit.txt", "\t", "utf-16")],
    ids=["excel-csv", "excel-unicode-text"],
)
async def test_a_report_saved_from_a_spreadsheet_as_text_loads_the_program(
    empty: World, tmp_path: Path, seed_report: Report, name: str, delimiter: str, encoding: str
) -> None:
    """Our workbook opened in Excel and saved as CSV (semicolons, Windows-1251) or as Unicode text (tabs,
    UTF-16), its texts quoted where they hold line breaks: sent as a document, it previews and applies."""
    xlsx_writer.write_report(seed_report, tmp_path / "seed.xlsx")
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        read_workbook_grid(tmp_path / "seed.xlsx")
    )
    coordinator = empty.coordinator()
    await coordinator.send_document(name, out.getvalue().encode(encoding))
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Що буде імпортовано")
    assert "Завдань: 4, заходів: 37" in preview.text and "Звітів імпортовано: 37 нових" in preview.text
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")


async def test_our_docx_sent_back_loads_the_program(
    empty: World, tmp_path: Path, seed_report: Report
) -> None:
    """The report as the bot writes it for the council (DOCX, pages, rows continued under labels), sent back as
    a document: previewed as the seed and applied."""
    docx_writer.write_report(seed_report, tmp_path / "Звіт 2023.docx")
    coordinator = empty.coordinator()
    await coordinator.send_document("Звіт 2023.docx", (tmp_path / "Звіт 2023.docx").read_bytes())
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Що буде імпортовано")
    assert "Завдань: 4, заходів: 37" in preview.text and "Звітів імпортовано: 37 нових" in preview.text
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
