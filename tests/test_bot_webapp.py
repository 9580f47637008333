"""The bot with the Mini App on (WEBAPP_URL): its server runs in the bot's process, its menu button is set for
administrators, coordinators and observers, /status has a button that opens it; off, nothing of it."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bot.app import build_application
from storage.db import connect
from storage.roles import RoleKind, grant_role
from tests.botkit import COORDINATOR_ID, prepare_database, running, settings_for
from tests.fakeapi import FakeBotApi
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture

URL = "https://desk.example.org/zvitbot/"
OBSERVER = 777


async def observer_granted(path: Path) -> None:
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            await grant_role(conn, OBSERVER, RoleKind.OBSERVER, granted_by=COORDINATOR_ID)
    finally:
        await db.close()


async def test_the_mini_app_runs_beside_the_bot(tmp_path: Path, fake_api: FakeBotApi) -> None:
    path = tmp_path / "bot.sqlite3"
    await prepare_database(path)
    await observer_granted(path)
    coordinator = fake_api.user(id=COORDINATOR_ID, first_name="Координаторка")
    fake_api.user(id=OBSERVER, first_name="Спостерігач")
    app = build_application(settings_for(fake_api, path, webapp_url=URL, webapp_port=0))
    async with running(app):
        port = app.bot_data.webapp.port
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/api/words") as response:
                assert response.status == 200 and (await response.json())["webapp-apply"] == "Застосувати"
            async with session.get(f"http://127.0.0.1:{port}/api/me") as response:
                assert response.status == 401  # no initData
        for user_id in (COORDINATOR_ID, OBSERVER):
            button = fake_api.menu_buttons[user_id]
            assert button["type"] == "web_app" and button["web_app"]["url"] == URL
        await coordinator.send("/status 2023")
        message = await coordinator.expect("2023")
        rows = [
            b
            for m in [fake_api.latest_with_inline_keyboard(COORDINATOR_ID)]
            for row in m.reply_markup["inline_keyboard"]
            for b in row
        ]  # type: ignore[union-attr]
        [opener] = [b for b in rows if "web_app" in b]
        assert opener["web_app"]["url"].startswith(URL + "#program=") and message is not None
    assert app.bot_data.webapp is None  # stopped with the bot


async def test_off_without_webapp_url(tmp_path: Path, fake_api: FakeBotApi) -> None:
    path = tmp_path / "bot.sqlite3"
    await prepare_database(path)
    coordinator = fake_api.user(id=COORDINATOR_ID, first_name="Координаторка")
    app = build_application(settings_for(fake_api, path))
    async with running(app):
        assert app.bot_data.webapp is None
        await coordinator.send("/status 2023")
        await coordinator.expect("2023")
        markup = fake_api.latest_with_inline_keyboard(COORDINATOR_ID)
        assert markup is None or not any(
            "web_app" in b for row in markup.reply_markup["inline_keyboard"] for b in row
        )  # type: ignore[index]
    assert not fake_api.menu_buttons


async def test_the_fake_refuses_what_telegram_refuses(tmp_path: Path, fake_api: FakeBotApi) -> None:
    from telegram import Bot, MenuButtonWebApp, WebAppInfo
    from telegram.error import BadRequest

    fake_api.user(id=42)
    bot = Bot(fake_api.token, base_url=fake_api.base_url)
    async with bot:
        with pytest.raises(BadRequest, match="(?i)button_url_invalid"):
            await bot.set_chat_menu_button(
                42, MenuButtonWebApp("Стіл", WebAppInfo("http://insecure.example.org"))
            )
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.set_chat_menu_button(43, MenuButtonWebApp("Стіл", WebAppInfo(URL)))
        assert await bot.set_chat_menu_button(42, MenuButtonWebApp("Стіл", WebAppInfo(URL)))
        assert (await bot.get_chat_menu_button(42)).type == "web_app"


def test_the_setting_wants_https(tmp_path: Path, fake_api: FakeBotApi) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="https://"):
        settings_for(fake_api, tmp_path / "x.sqlite3", webapp_url="http://desk.example.org")
