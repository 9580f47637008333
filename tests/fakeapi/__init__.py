"""Fake Telegram Bot API for end-to-end tests of the bot (server.py says which module holds what).

Typical use::

    from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - registers the fake_api fixture
    from tests.fakeapi.ptb import application_builder, running

    async def test_start(fake_api: FakeBotApi) -> None:
        app = application_builder(fake_api).build()
        app.add_handler(CommandHandler("start", start))
        olena = fake_api.user(id=1001, first_name="Олена")
        async with running(app):
            await olena.send("/start")
            reply = await olena.expect("Вітаю")
            await olena.press("Подати звіт")
"""

from .conversation import ChatReader, FakeUser
from .errors import ApiError
from .markup import MarkupError, render
from .records import ApiCall, BotMessage, FileBlob, UploadedFile
from .server import BOT_FIRST_NAME, BOT_ID, BOT_USERNAME, DEFAULT_TOKEN, FakeBotApi

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "ChatReader",
    "FakeBotApi",
    "FakeUser",
    "FileBlob",
    "MarkupError",
    "UploadedFile",
    "render",
]
