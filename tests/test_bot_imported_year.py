"""After importing the published 2023 report, the bot says every department reported 2023 (#11.3)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.app import build_application
from tests.botkit import World, fake_api_fixture, prepare_database, running, settings_for  # noqa: F401
from tests.fakeapi import FakeBotApi


@pytest_asyncio.fixture(name="imported")
async def imported_fixture(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    db_path = tmp_path / "bot.sqlite3"
    await prepare_database(db_path, clear_submissions=False)  # the published report's figures kept
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


async def test_status_and_report_of_the_imported_year_say_everyone_reported(imported: World) -> None:
    coordinator = imported.coordinator()
    await coordinator.send("/status 2023")
    status = await coordinator.next_message(timeout=10)
    # every one of the ten departments marked as reported, none waiting
    assert status.content.count("✅") == 10 and "⏳" not in status.content, status.content
    await coordinator.send("/report 2023")
    report = await coordinator.next_message(timeout=10)
    assert report.document is not None
    assert "Звітували 10 з 10 підрозділів" in report.caption, report.caption
    assert "Не звітували" not in report.caption
