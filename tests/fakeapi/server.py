"""A fake Telegram Bot API server speaking real HTTP on 127.0.0.1.

The bot under test talks to it exactly as it would to api.telegram.org (a real PTB ``Application``
in polling mode, in this process or in a subprocess), so everything PTB does on the wire — URL
building, form/multipart encoding, response parsing, error mapping, retries — is exercised for real.
Only the server side is fake: it keeps chats, messages, files and updates in memory and lets the test
play the users (see ``conversation.FakeUser``) and inject faults.

``FakeBotApi`` puts the parts together:

* state.py — chats, messages, updates, files (``State``), changed by both sides;
* changes.py — the change signal that wakes long polls and waiting tests;
* queries.py — what a test reads and waits for (``Queries``, on top of the state);
* conversation.py — the test's users (``FakeUser``) and chat cursors (``ChatReader``);
* faults.py — injected failures, delays, blocked users, flood limits (``FaultInjection``);
* methods.py — the Bot API methods the bot and PTB call;
* validation.py — what Telegram refuses and in which words; markup.py — its HTML parse mode;
* transport.py — the aiohttp server, request decoding, call log and answers;
* records.py, errors.py — the records tests read, and Telegram-style errors.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from .conversation import FakeUser
from .faults import FaultInjection
from .methods import METHOD_NAMES, BotApiMethods
from .queries import Queries
from .state import BOT_FIRST_NAME, BOT_ID, BOT_USERNAME
from .transport import HttpServer

__all__ = ["BOT_FIRST_NAME", "BOT_ID", "BOT_USERNAME", "DEFAULT_TOKEN", "FakeBotApi"]

# Deliberately malformed as a real token (the secret part of a real one is exactly 35 characters),
# so that no secret scanner or human mistakes it for a leaked credential.
DEFAULT_TOKEN = "123456:TEST-token-not-real-abcdefghijklmnopqrstu"


class FakeBotApi(Queries, FaultInjection):
    """In-memory Telegram Bot API behind a real aiohttp server; see the module docstring."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        Queries.__init__(self)
        FaultInjection.__init__(self, METHOD_NAMES)
        self.token = token
        self._users: dict[int, FakeUser] = {}
        self._http = HttpServer(token, self, self, BotApiMethods(self, self))

    @property
    def url(self) -> str:
        return self._http.url

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` (PTB appends the token and ``/<method>``)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url``."""
        return f"{self.url}/file/bot"

    async def start(self) -> Self:
        """Bind 127.0.0.1 on an ephemeral port and set ``self.url``."""
        await self._http.start()
        self.closing = False
        return self

    async def stop(self) -> None:
        """Wake every waiter (pending getUpdates answer empty) and shut the server down."""
        self.closing = True
        self.bump()
        await self._http.stop()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    def user(
        self,
        id: int,
        first_name: str = "Тест",
        username: str | None = None,
        *,
        last_name: str | None = None,
        language_code: str | None = "uk",
    ) -> FakeUser:
        """Create (or return the existing) fake user with a private chat to the bot."""
        existing = self._users.get(id)
        if existing is not None:
            return existing
        user = FakeUser(self, id, first_name, username, last_name=last_name, language_code=language_code)
        self._users[id] = user
        self.register_chat(user.private_chat())
        return user
