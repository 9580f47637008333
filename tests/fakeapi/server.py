"""A fake Telegram Bot API server speaking real HTTP on 127.0.0.1.

The bot under test talks to it exactly as it would to api.telegram.org (a real PTB ``Application``
in polling mode, in this process or in a subprocess), so everything PTB does on the wire — URL
building, form/multipart encoding, response parsing, error mapping, retries — is exercised for real.
Only the server side is fake: it keeps chats, messages, files and updates in memory and lets the test
play the users (see ``conversation.FakeUser``) and inject faults.

The server and the test share one asyncio event loop, so state is plain Python data with no locks;
every change bumps a broadcast signal that waiters (long-polling getUpdates, ``next_message``) await
with a timeout — nothing ever polls in a sleep loop.

The waiting helpers take a ``timeout`` argument (ruff ASYNC109 is silenced for them) because running
out of time is an expected outcome they report — as False or as an AssertionError listing what did
happen — rather than a cancellation the caller should arrange with ``asyncio.timeout``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import mimetypes
import random
import re
import time
import traceback
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any, Self

from aiohttp import BodyPartReader, web

from .conversation import ChatReader, FakeUser
from .markup import MarkupError, render, utf16_len

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "FakeBotApi",
    "FileBlob",
    "UploadedFile",
]

# Deliberately malformed as a real token (the secret part of a real one is exactly 35 characters),
# so that no secret scanner or human mistakes it for a leaked credential.
DEFAULT_TOKEN = "123456:TEST-token-not-real-abcdefghijklmnopqrstu"
BOT_ID = 999000
BOT_USERNAME = "zvitbot_test_bot"
BOT_FIRST_NAME = "Звітбот"

JsonDict = dict[str, Any]

_TOKEN_RE = re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_CALLBACK_DATA = 64
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Form and multipart requests carry every value as a string, JSON-encoded unless it already was a
# string (PTB's RequestParameter.json_value). Free-text parameters must not be JSON-decoded, or a
# message text "42" or "true" would turn into a number or a boolean.
_STRING_PARAMS = frozenset(
    {"text", "caption", "parse_mode", "callback_query_id", "file_id", "url", "action", "language_code"}
)
# Telegram does not deliver these update types unless asked for them explicitly in allowed_updates.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Methods that create a message count towards flood limits and are refused for a blocked user.
_MESSAGE_METHODS = frozenset({"sendmessage", "senddocument"})
_CHAT_METHODS = _MESSAGE_METHODS | {"sendchataction", "editmessagetext"}
# Polling and bootstrap calls are excluded from random faults by default: how many getUpdates calls
# happen depends on timing, so letting them draw from the seeded RNG would make the failure pattern
# of the interesting calls (sendMessage, ...) differ from run to run.
_POLLING_METHODS = frozenset({"getupdates", "getme", "deletewebhook"})
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ApiError(Exception):
    """Raised inside a method handler to answer with a Telegram-style error."""

    def __init__(self, status: int, description: str, parameters: JsonDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str | None
    data: bytes
    content_type: str | None


@dataclass
class ApiCall:
    """One request the bot made; ``status`` and ``result``/``description`` are filled in when answered."""

    method: str
    params: JsonDict
    files: dict[str, UploadedFile]
    at: float
    status: int | None = None
    result: Any = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __str__(self) -> str:
        outcome = (
            "pending" if self.status is None else ("ok" if self.ok else f"{self.status} {self.description}")
        )
        shown = {k: v for k, v in self.params.items() if k in ("chat_id", "text", "caption", "message_id")}
        return f"{self.method}({shown}) -> {outcome}"


@dataclass(frozen=True)
class FileBlob:
    """A file stored by the fake (uploaded by the bot or by a user); unpacks as (filename, data)."""

    filename: str | None
    data: bytes
    mime_type: str | None
    file_id: str
    file_unique_id: str
    file_path: str

    def __iter__(self) -> Iterator[Any]:
        # Lets a test write ``name, data = msg.document``.
        yield self.filename
        yield self.data

    def to_document(self) -> JsonDict:
        doc: JsonDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.filename is not None:
            doc["file_name"] = self.filename
        if self.mime_type is not None:
            doc["mime_type"] = self.mime_type
        return doc

    def to_photo(self) -> list[JsonDict]:
        # Telegram returns several sizes; one is enough for PTB and for tests (``message.photo[-1]``).
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": len(self.data),
                "width": 800,
                "height": 600,
            }
        ]


@dataclass(frozen=True)
class BotMessage:
    """What a test sees of one bot action in a chat: a new message or an edit of an earlier one."""

    kind: str  # "message" (a send* call) or "edit" (an editMessage* call)
    chat_id: int
    message_id: int
    text: str | None  # visible text, i.e. after parse_mode markup was rendered
    caption: str | None
    raw: str | None  # the text or caption exactly as the bot sent it
    parse_mode: str | None
    reply_markup: JsonDict | None  # as sent, including reply keyboards (which Telegram does not echo)
    document: FileBlob | None
    payload: JsonDict  # the Message object returned to the bot
    method: str
    seq: int  # global order of bot actions across all chats

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has ("" for neither)."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard as rows of (label, callback_data); callback_data is None for URL buttons."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [[(b.get("text", ""), b.get("callback_data")) for b in row] for row in rows]

    @property
    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Reply keyboard rows of labels, or None if this message did not set one."""
        rows = (self.reply_markup or {}).get("keyboard")
        if rows is None:
            return None
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]

    def matches(self, substring: str) -> bool:
        # Raw is included so that a test may assert on markup ("<b>") as well as on visible text.
        return any(substring in s for s in (self.text, self.caption, self.raw) if s)

    def __str__(self) -> str:
        parts = [f"#{self.message_id} {self.kind}: {self.content!r}"]
        if self.buttons:
            parts.append(f"buttons={self.button_labels}")
        if self.document:
            parts.append(f"document={self.document.filename!r}")
        return " ".join(parts)


@dataclass
class _Stored:
    """Current state of one message in a chat (either side)."""

    payload: JsonDict
    from_bot: bool
    raw: str | None = None
    parse_mode: str | None = None
    markup: JsonDict | None = None
    document: FileBlob | None = None


@dataclass
class _Fault:
    status: int
    description: str
    parameters: JsonDict | None
    body: bytes | None
    times: int


@dataclass
class _RandomFaults:
    share: float
    statuses: tuple[int, ...]
    rng: random.Random
    methods: frozenset[str] | None
    retry_after: int


@dataclass
class _RateLimit:
    per_second: int
    per_chat: int | None
    methods: frozenset[str]
    window: deque[float] = field(default_factory=deque)
    chat_windows: dict[int, deque[float]] = field(default_factory=dict)


def _coerce(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_int(params: JsonDict, name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ApiError(400, f"Bad Request: invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    raise ApiError(400, f"Bad Request: invalid {name} specified")


def _require_int(params: JsonDict, name: str) -> int:
    value = _as_int(params, name)
    if value is None:
        raise ApiError(400, f"Bad Request: {name} is empty")
    return value


def _text_param(params: JsonDict, name: str) -> str | None:
    value = params.get(name)
    # A JSON client may send {"text": 42}; Telegram takes any scalar as its string form.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def _update_type(update: JsonDict) -> str:
    return next((k for k in update if k != "update_id"), "")


def _inline_rows(markup: JsonDict | None) -> list[Any]:
    return list((markup or {}).get("inline_keyboard") or [])


class FakeBotApi:
    """In-memory Telegram Bot API behind a real aiohttp server; see the module docstring."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.url: str = ""
        self.bot_user: JsonDict = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
        }
        #: Every request, in arrival order (including failed and injected-failure ones).
        self.calls: list[ApiCall] = []
        #: answerCallbackQuery calls that succeeded: dicts with callback_query_id, text, show_alert, url, ...
        self.answered_callbacks: list[JsonDict] = []
        #: (chat_id, action) for every accepted sendChatAction.
        self.chat_actions: list[tuple[int, str]] = []
        #: Python exceptions raised inside the fake itself (answered as 500); the fixture fails on them.
        self.server_errors: list[str] = []

        self._runner: web.AppRunner | None = None
        self._closing = False
        self._signal = asyncio.Event()
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        self._seq = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(4_000_000_000_000_000_001)
        self._updates: list[JsonDict] = []
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._in_flight = 0
        self._chats: dict[int, JsonDict] = {}
        self._history: dict[int, dict[int, _Stored]] = {}
        self._last_message_id: Counter[int] = Counter()
        self._events: dict[int, list[BotMessage]] = {}
        self._sent: Counter[int] = Counter()
        self._files: dict[str, FileBlob] = {}
        self._files_by_path: dict[str, FileBlob] = {}
        self._callbacks: dict[str, JsonDict] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._reply_keyboards: dict[int, JsonDict] = {}
        self._users: dict[int, FakeUser] = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._random_faults: _RandomFaults | None = None
        self._delays: dict[str, tuple[float, bool]] = {}
        self._blocked: set[int] = set()
        self._rate_limit: _RateLimit | None = None
        self._methods: dict[
            str, tuple[str, Callable[[JsonDict, dict[str, UploadedFile]], Awaitable[Any]]]
        ] = {name.lower(): (name, getattr(self, f"_api_{name}")) for name in _METHOD_NAMES}

    # ------------------------------------------------------------------------------------ lifecycle

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
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # handler_cancellation: a long-polling getUpdates whose client went away (PTB cancels it on
        # stop) must not linger; shutdown_timeout: never let aiohttp wait 60 s for such handlers.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self._closing = False
        return self

    async def stop(self) -> None:
        """Wake every waiter (pending getUpdates answer empty) and shut the server down."""
        self._closing = True
        self._bump()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------------------------- waiting

    def _bump(self) -> None:
        # Broadcast "something changed": wake the waiters whose condition now holds. Checking the
        # predicates here (not in each waiter after a wake-up) keeps hundreds of concurrent waiters cheap,
        # and needs no lock, so sync code can signal.
        signal, self._signal = self._signal, asyncio.Event()
        signal.set()
        still: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            if predicate():
                future.set_result(None)
            else:
                still.append((predicate, future))
        self._waiters = still

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        """Wait until ``predicate()`` is true (re-checked on every state change); False on timeout."""
        if predicate():
            return True
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        try:
            async with asyncio.timeout(timeout):
                await future
        except TimeoutError:
            return predicate()
        return True

    def calls_to(self, method: str) -> list[ApiCall]:
        """Logged calls of one method (case-insensitive, like Telegram's method names)."""
        wanted = method.lower()
        return [c for c in self.calls if c.method.lower() == wanted]

    async def wait_for_call(
        self,
        method: str,
        *,
        where: Callable[[ApiCall], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        since: int = 0,
    ) -> ApiCall:
        """Wait for an answered call to ``method`` (at index >= ``since`` in ``calls``) matching ``where``."""
        wanted = method.lower()

        def find() -> ApiCall | None:
            for call in self.calls[since:]:
                if (
                    call.method.lower() == wanted
                    and call.status is not None
                    and (where is None or where(call))
                ):
                    return call
            return None

        if not await self.wait_until(lambda: find() is not None, timeout):
            recent = "\n  ".join(str(c) for c in self.calls[-10:] if c.method != "getUpdates") or "(none)"
            raise AssertionError(f"no {method} call within {timeout}s; recent calls:\n  {recent}")
        found = find()
        assert found is not None
        return found

    async def wait_delivered(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has fetched and confirmed every update enqueued so far."""
        if not await self.wait_until(lambda: not self._updates, timeout):
            raise AssertionError(f"{len(self._updates)} update(s) not fetched by the bot within {timeout}s")

    async def wait_idle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until all updates are confirmed and no API call (other than long polling) is in flight.

        This cannot see work the bot does between API calls, so prefer waiting for an observable
        effect (``next_message``, ``wait_for_call``) when there is one.
        """
        if not await self.wait_until(lambda: not self._updates and self._in_flight == 0, timeout):
            raise AssertionError(f"bot not idle within {timeout}s: {len(self._updates)} update(s) pending")

    async def wait_answered(self, callback_query_id: str, timeout: float = 5.0) -> JsonDict:  # noqa: ASYNC109
        """Wait until the bot answers the given callback query; returns the answer's parameters."""

        def find() -> JsonDict | None:
            return next(
                (a for a in self.answered_callbacks if a["callback_query_id"] == callback_query_id), None
            )

        if not await self.wait_until(lambda: find() is not None, timeout):
            raise AssertionError(f"callback query {callback_query_id} was not answered within {timeout}s")
        found = find()
        assert found is not None
        return found

    # ---------------------------------------------------------------------------- users and chats

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

    def register_chat(self, chat: JsonDict) -> None:
        """Make a chat known, so that the bot may send to it (unknown chats give "chat not found")."""
        self._chats.setdefault(int(chat["id"]), dict(chat))

    def group_chat(self, chat_id: int, title: str = "Тестова група") -> JsonDict:
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            chat = {"id": chat_id, "type": kind, "title": title}
            self.register_chat(chat)
        return chat

    def reader(self, chat_id: int) -> ChatReader:
        """A fresh cursor over the bot's messages to any chat (e.g. a group)."""
        return ChatReader(self, chat_id)

    def events(self, chat_id: int) -> list[BotMessage]:
        """All bot messages and edits in a chat, oldest first."""
        return self._events.get(chat_id, [])

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        return [e for e in self.events(chat_id) if e.kind == "message"]

    def sent_to(self, chat_id: int) -> int:
        """How many messages were delivered to the chat (edits not counted)."""
        return self._sent[chat_id]

    def current(self, event: BotMessage) -> BotMessage | None:
        """The latest state of the message an event refers to, or None if there is no such message."""
        stored = self._history.get(event.chat_id, {}).get(event.message_id)
        if stored is None:
            return None
        return self._snapshot(event.chat_id, stored, kind=event.kind, method=event.method, seq=event.seq)

    def latest_with_inline_keyboard(self, chat_id: int) -> BotMessage | None:
        for message_id in sorted(self._history.get(chat_id, {}), reverse=True):
            stored = self._history[chat_id][message_id]
            if stored.from_bot and _inline_rows(stored.markup):
                return self._snapshot(chat_id, stored, kind="message", method="", seq=0)
        return None

    def reply_keyboard(self, chat_id: int) -> list[list[str]] | None:
        """Labels of the reply keyboard the user currently sees in the chat, if any."""
        markup = self._reply_keyboards.get(chat_id)
        if markup is None:
            return None
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in markup["keyboard"]]

    def hide_one_time_keyboard(self, chat_id: int) -> None:
        markup = self._reply_keyboards.get(chat_id)
        if markup is not None and markup.get("one_time_keyboard"):
            del self._reply_keyboards[chat_id]

    def commands(self, scope: JsonDict | str | int | None = None, language_code: str = "") -> list[JsonDict]:
        """Commands set for a scope: None = default, an int = that chat, a str = a scope type."""
        return list(self._commands.get((self._scope_key(self._scope_from(scope)), language_code), []))

    # ---------------------------------------------------------------------------- update creation

    def push_update(self, update: JsonDict) -> int:
        """Queue a raw update for the bot (``update_id`` is assigned if missing); returns its id."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._bump()
        return int(update["update_id"])

    def new_user_message(self, user: JsonDict, chat: JsonDict, content: JsonDict) -> JsonDict:
        """Store a message from a user (the message id is shared with the bot's, like in Telegram)."""
        self.register_chat(chat)
        chat_id = int(chat["id"])
        payload: JsonDict = {
            "message_id": self._next_message_id(chat_id),
            "from": user,
            "chat": self._chats[chat_id],
            "date": int(time.time()),
            **content,
        }
        self._history.setdefault(chat_id, {})[payload["message_id"]] = _Stored(
            payload=payload, from_bot=False
        )
        return payload

    def edit_user_message(self, chat_id: int, message_id: int, content: JsonDict) -> JsonDict:
        stored = self._history.get(chat_id, {}).get(message_id)
        if stored is None or stored.from_bot:
            raise AssertionError(f"no message #{message_id} from a user in chat {chat_id} to edit")
        stored.payload = {**stored.payload, **content, "edit_date": int(time.time())}
        return stored.payload

    def new_callback_query(self, user: JsonDict, chat_id: int, message_id: int, data: str) -> str:
        """Queue a callback_query update as if ``user`` pressed a button; returns the query id."""
        stored = self._history.get(chat_id, {}).get(message_id)
        if stored is None:
            raise AssertionError(f"message #{message_id} in chat {chat_id} does not exist")
        query_id = str(next(self._callback_ids))
        self._callbacks[query_id] = {"user_id": user["id"], "data": data, "answered": False}
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": stored.payload,
                    # Telegram's chat_instance is an opaque per-chat string; PTB only passes it through.
                    "chat_instance": f"fake-chat-instance-{chat_id}",
                    "data": data,
                }
            }
        )
        return query_id

    @property
    def unanswered_callbacks(self) -> list[str]:
        return [qid for qid, info in self._callbacks.items() if not info["answered"]]

    def store_file(self, data: bytes, filename: str | None, mime_type: str | None, folder: str) -> FileBlob:
        number = next(self._file_ids)
        suffix = PurePosixPath(filename).suffix if filename else ""
        if mime_type is None and filename:
            mime_type = mimetypes.guess_type(filename)[0]
        blob = FileBlob(
            filename=filename,
            data=data,
            mime_type=mime_type,
            # Real ids are long opaque base64 strings; these only need to be unique and recognisable.
            file_id=f"FAKE-{folder}-{number:06d}",
            file_unique_id=f"AgADfake{number}",
            file_path=f"{folder}/file_{number}{suffix}",
        )
        self._files[blob.file_id] = blob
        self._files_by_path[blob.file_path] = blob
        return blob

    # ----------------------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        status: int = 500,
        *,
        retry_after: int | None = None,
        times: int = 1,
        description: str | None = None,
        body: bytes | str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error instead of handling them.

        429 gets ``parameters.retry_after`` (default 1). ``body`` replaces the JSON error body (e.g.
        nginx's HTML for a 502), to exercise PTB's handling of unparsable error responses.
        """
        key = self._known_method(method)
        if status == 429 and retry_after is None:
            retry_after = 1
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(status) or HTTPStatus(status).phrase
        raw = body.encode() if isinstance(body, str) else body
        self._faults.setdefault(key, deque()).append(_Fault(status, description, parameters, raw, times))

    def fail_rate(
        self,
        share: float = 0.2,
        statuses: Iterable[int] = (500, 429),
        *,
        seed: int = 1,
        methods: Iterable[str] | None = None,
        retry_after: int = 1,
    ) -> None:
        """Fail a random ``share`` of calls (seeded, so a sequential scenario fails the same way each run).

        ``methods=None`` means every method except polling/bootstrap ones (getUpdates, getMe,
        deleteWebhook, ...), whose call count depends on timing. ``share=0`` switches it off.
        """
        if share <= 0:
            self._random_faults = None
            return
        chosen = frozenset(self._known_method(m) for m in methods) if methods is not None else None
        self._random_faults = _RandomFaults(share, tuple(statuses), random.Random(seed), chosen, retry_after)

    def delay(self, method: str, seconds: float, *, deliver_first: bool = False) -> None:
        """Answer every call of ``method`` only after ``seconds`` (0 removes the delay).

        By default the call takes effect after the wait, so a client that times out and hangs up
        first has sent nothing. ``deliver_first=True`` performs it at once and only holds the answer:
        the message is delivered although the bot sees TimedOut — Telegram's "did it arrive?" case.
        """
        key = self._known_method(method)
        if seconds > 0:
            self._delays[key] = (seconds, deliver_first)
        else:
            self._delays.pop(key, None)

    def block(self, user_id: int) -> None:
        """The user blocked the bot: sending to their chat gives 403 until ``unblock``."""
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    def rate_limit(self, per_second: int | None, *, per_chat: int | None = None) -> None:
        """Answer 429 with retry_after when message-sending calls exceed ``per_second`` in any rolling
        second overall (or ``per_chat`` per chat); None switches the limit off."""
        if per_second is None and per_chat is None:
            self._rate_limit = None
            return
        self._rate_limit = _RateLimit(per_second or 10**9, per_chat, _MESSAGE_METHODS)

    def _known_method(self, method: str) -> str:
        key = method.lower()
        if key not in self._methods:
            # A typo in a fault's method name would otherwise make the fault silently never fire.
            raise ValueError(f"the fake does not implement {method!r}")
        return key

    def _injected_fault(self, key: str) -> _Fault | None:
        queue = self._faults.get(key)
        if queue:
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.popleft()
            return fault
        rf = self._random_faults
        if rf is None:
            return None
        eligible = key in rf.methods if rf.methods is not None else key not in _POLLING_METHODS
        if not eligible or rf.rng.random() >= rf.share:
            return None
        status = rf.rng.choice(rf.statuses)
        if status == 429:
            return _Fault(
                429,
                f"Too Many Requests: retry after {rf.retry_after}",
                {"retry_after": rf.retry_after},
                None,
                1,
            )
        return _Fault(status, _DEFAULT_DESCRIPTIONS.get(status) or HTTPStatus(status).phrase, None, None, 1)

    def _check_chat_allowed(self, key: str, chat_id: int) -> None:
        if key in _CHAT_METHODS and chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        limit = self._rate_limit
        if limit is None or key not in limit.methods:
            return
        now = asyncio.get_running_loop().time()
        windows = [limit.window]
        caps = [limit.per_second]
        if limit.per_chat is not None:
            windows.append(limit.chat_windows.setdefault(chat_id, deque()))
            caps.append(limit.per_chat)
        for window, cap in zip(windows, caps, strict=True):
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= cap:
                retry_after = max(1, math.ceil(window[0] + 1.0 - now))
                raise ApiError(
                    429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
                )
        for window in windows:
            window.append(now)

    # -------------------------------------------------------------------------------- HTTP layer

    @staticmethod
    def _error_response(status: int, description: str, parameters: JsonDict | None = None) -> web.Response:
        body: JsonDict = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        tail = request.match_info["tail"]
        if tail.startswith("file/bot"):
            return await self._handle_file(tail.removeprefix("file/bot"))
        if not tail.startswith("bot") or "/" not in tail:
            return self._error_response(404, "Not Found")
        token, _, method = tail.removeprefix("bot").partition("/")
        if token != self.token:
            # Telegram: 404 for a malformed token, 401 for a well-formed one it does not know.
            if _TOKEN_RE.match(token):
                return self._error_response(401, "Unauthorized")
            return self._error_response(404, "Not Found")
        key = method.lower()
        try:
            params, files = await self._read_params(request)
        except ApiError as exc:
            return self._error_response(exc.status, exc.description, exc.parameters)
        except Exception as exc:
            self.server_errors.append(f"reading {method} request: {traceback.format_exc()}")
            return self._error_response(500, f"Internal Server Error: fake bug: {exc!r}")
        entry = self._methods.get(key)
        call = ApiCall(entry[0] if entry else method, params, files, time.time())
        self.calls.append(call)
        self._bump()
        polling = key == "getupdates"
        if not polling:
            self._in_flight += 1
        try:
            return await self._answer(call, key, params, files)
        finally:
            if not polling:
                self._in_flight -= 1
            self._bump()

    async def _answer(
        self, call: ApiCall, key: str, params: JsonDict, files: dict[str, UploadedFile]
    ) -> web.StreamResponse:
        entry = self._methods.get(key)
        if entry is None:
            call.status, call.description = 404, "Not Found: method not found"
            return self._error_response(404, "Not Found: method not found")
        delay, deliver_first = self._delays.get(key, (0.0, False))
        if delay and not deliver_first:
            await asyncio.sleep(delay)  # server-side latency is the behaviour being simulated
        fault = self._injected_fault(key)
        if fault is not None:
            call.status, call.description = fault.status, fault.description
            if fault.body is not None:
                return web.Response(status=fault.status, body=fault.body, content_type="text/html")
            return self._error_response(fault.status, fault.description, fault.parameters)
        try:
            result = await entry[1](params, files)
        except ApiError as exc:
            call.status, call.description = exc.status, exc.description
            return self._error_response(exc.status, exc.description, exc.parameters)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A bug in the fake must not look like a Telegram error the bot should handle: record it so
            # the fixture can fail the test, and answer 500 so the run does not hang.
            self.server_errors.append(f"{call.method}: {traceback.format_exc()}")
            call.status, call.description = 500, f"Internal Server Error: fake bug: {exc!r}"
            return self._error_response(500, call.description)
        call.status, call.result = 200, result
        if delay and deliver_first:
            await asyncio.sleep(delay)
        return web.json_response(
            {"ok": True, "result": result}, dumps=lambda o: json.dumps(o, ensure_ascii=False)
        )

    async def _handle_file(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return self._error_response(401, "Unauthorized")
        blob = self._files_by_path.get(file_path)
        if blob is None:
            return self._error_response(404, "Not Found")
        return web.Response(body=blob.data, content_type=blob.mime_type or "application/octet-stream")

    async def _read_params(self, request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
        # Telegram accepts query strings, JSON, urlencoded forms and multipart — and PTB's httpx
        # backend sends urlencoded forms (multipart when uploading), not JSON.
        params: JsonDict = {k: _coerce(k, v) for k, v in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if not request.can_read_body:
            return params, files
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = json.loads(await request.read() or b"{}")
            except ValueError as exc:
                raise ApiError(400, "Bad Request: can't parse JSON encoded request") from exc
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: can't parse JSON encoded request")
            params.update(body)
        elif ctype == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    data = bytes(await part.read(decode=True))
                    files[part.name] = UploadedFile(part.filename, data, part.headers.get("Content-Type"))
                else:
                    params[part.name] = _coerce(part.name, await part.text())
        else:
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, str):
                    params[name] = _coerce(name, value)
        return params, files

    # ----------------------------------------------------------------------------- helpers for API

    def _chat(self, params: JsonDict) -> JsonDict:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            chat_id = _as_int(params, "chat_id")
        except ApiError:
            chat_id = None  # "@channelusername": the fake has no public chats
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    @staticmethod
    def _render(text: str, parse_mode: Any, *, caption: bool) -> str:
        if parse_mode is not None and parse_mode != "":
            if not isinstance(parse_mode, str) or parse_mode.lower() not in ("html", "markdown", "markdownv2"):
                raise ApiError(400, "Bad Request: unsupported parse_mode")
        try:
            visible = render(text, parse_mode or None)
        except MarkupError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        if utf16_len(visible) > (_MAX_CAPTION if caption else _MAX_TEXT):
            raise ApiError(
                400,
                "Bad Request: message caption is too long" if caption else "Bad Request: message is too long",
            )
        if not caption and not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        return visible

    @staticmethod
    def _check_markup(markup: Any, *, inline_only: bool = False) -> JsonDict | None:
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: "
                    'field "inline_keyboard" must be an Array of Arrays',
                )
            for row in rows:
                for button in row:
                    FakeBotApi._check_inline_button(button)
            return markup
        if inline_only:
            raise ApiError(400, "Bad Request: inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
            for row in rows:
                for button in row:
                    label = button if isinstance(button, str) else (button or {}).get("text")
                    if not isinstance(label, str) or not label:
                        raise ApiError(400, "Bad Request: keyboard button text must be non-empty")
            return markup
        if "remove_keyboard" in markup or "force_reply" in markup:
            return markup
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        if not isinstance(button, dict):
            raise ApiError(
                400, "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object"
            )
        label = button.get("text")
        if not isinstance(label, str) or not label.strip():
            raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text must be non-empty")
        actions = {
            "callback_data",
            "url",
            "web_app",
            "login_url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "switch_inline_query_chosen_chat",
            "copy_text",
            "callback_game",
            "pay",
        }
        if not actions & button.keys():
            raise ApiError(
                400,
                "Bad Request: can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard",
            )
        if "callback_data" in button:
            data = button["callback_data"]
            # The 64-byte limit is in UTF-8 bytes: 33 Cyrillic letters are already too long.
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= _MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
                raise ApiError(
                    400, f"Bad Request: inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
                )

    def _snapshot(self, chat_id: int, stored: _Stored, *, kind: str, method: str, seq: int) -> BotMessage:
        payload = stored.payload
        return BotMessage(
            kind=kind,
            chat_id=chat_id,
            message_id=payload["message_id"],
            text=payload.get("text"),
            caption=payload.get("caption"),
            raw=stored.raw,
            parse_mode=stored.parse_mode,
            reply_markup=stored.markup,
            document=stored.document,
            payload=json.loads(json.dumps(payload)),  # a frozen copy: later edits must not rewrite history
            method=method,
            seq=seq,
        )

    def _record(self, chat_id: int, stored: _Stored, *, kind: str, method: str) -> None:
        event = self._snapshot(chat_id, stored, kind=kind, method=method, seq=next(self._seq))
        self._events.setdefault(chat_id, []).append(event)
        if kind == "message":
            self._sent[chat_id] += 1
        self._bump()

    def _deliver(
        self,
        method: str,
        chat: JsonDict,
        params: JsonDict,
        content: JsonDict,
        *,
        raw: str | None,
        markup: JsonDict | None,
        document: FileBlob | None = None,
    ) -> JsonDict:
        chat_id = int(chat["id"])
        payload: JsonDict = {
            "message_id": self._next_message_id(chat_id),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        payload.update(content)
        # Telegram echoes only inline keyboards in the returned Message; reply keyboards become chat state.
        if markup is not None and _inline_rows(markup):
            payload["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        if markup is not None and "keyboard" in markup:
            self._reply_keyboards[chat_id] = markup
        elif markup is not None and markup.get("remove_keyboard"):
            self._reply_keyboards.pop(chat_id, None)
        stored = _Stored(
            payload=payload,
            from_bot=True,
            raw=raw,
            parse_mode=params.get("parse_mode") or None,
            markup=markup,
            document=document,
        )
        self._history.setdefault(chat_id, {})[payload["message_id"]] = stored
        self._record(chat_id, stored, kind="message", method=method)
        return payload

    def _editable(self, params: JsonDict) -> tuple[int, _Stored]:
        chat = self._chat(params)
        chat_id = int(chat["id"])
        message_id = _require_int(params, "message_id")
        stored = self._history.get(chat_id, {}).get(message_id)
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not stored.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat_id, stored

    def _input_file(
        self, params: JsonDict, files: dict[str, UploadedFile], name: str, folder: str
    ) -> FileBlob:
        upload = files.get(name)
        value = params.get(name)
        if upload is not None:
            if not upload.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            return self.store_file(upload.data, upload.filename, upload.content_type, folder)
        if isinstance(value, str) and value in self._files:
            return self._files[value]  # resending by file_id, as Telegram allows
        if value is None:
            raise ApiError(400, f"Bad Request: there is no {name} in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    @staticmethod
    def _scope_from(scope: JsonDict | str | int | None) -> JsonDict:
        if scope is None:
            return {"type": "default"}
        if isinstance(scope, int):
            return {"type": "chat", "chat_id": scope}
        if isinstance(scope, str):
            return {"type": scope}
        return scope

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if scope is None or scope == "":
            scope = {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise ApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
        normalized = dict(scope)
        for key in ("chat_id", "user_id"):
            if isinstance(normalized.get(key), str) and re.fullmatch(r"-?[0-9]+", normalized[key]):
                normalized[key] = int(normalized[key])
        return json.dumps(normalized, sort_keys=True)

    def _deliverable(self) -> list[JsonDict]:
        allowed = self._allowed_updates
        if allowed is None:
            # Filtering happens at delivery: Telegram drops what the bot did not subscribe to.
            self._updates = [u for u in self._updates if _update_type(u) not in _OPT_IN_UPDATES]
        else:
            self._updates = [u for u in self._updates if _update_type(u) in allowed]
        return self._updates

    # ------------------------------------------------------------------------------------- methods

    async def _api_getMe(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_getUpdates(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        offset = _as_int(params, "offset")
        limit = min(max(_as_int(params, "limit") or 100, 1), 100)
        timeout_value = params.get("timeout") or 0
        try:
            timeout = max(0.0, float(timeout_value))
        except (TypeError, ValueError) as exc:
            raise ApiError(400, "Bad Request: invalid timeout specified") from exc
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            # Telegram remembers the last explicit list; an empty list means "the default set".
            self._allowed_updates = frozenset(allowed) if allowed else None
        if offset is not None:
            before = len(self._updates)
            if offset < 0:
                self._updates = self._updates[offset:]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if len(self._updates) != before:
                self._bump()
        # A newer getUpdates terminates an older pending one with 409, as Telegram does when two bot
        # instances poll; it also releases a request whose client already gave up.
        self._poll_generation += 1
        generation = self._poll_generation
        if not self._deliverable() and timeout > 0 and not self._closing:
            await self.wait_until(
                lambda: bool(self._deliverable()) or self._closing or generation != self._poll_generation,
                timeout,
            )
            if generation != self._poll_generation and not self._closing:
                raise ApiError(409, _DEFAULT_DESCRIPTIONS[409])
        return self._deliverable()[:limit]

    async def _api_deleteWebhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        return True  # the fake has no webhooks; PTB calls this before it starts polling

    async def _api_sendMessage(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        chat = self._chat(params)
        self._check_chat_allowed("sendmessage", int(chat["id"]))
        text = _text_param(params, "text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        markup = self._check_markup(params.get("reply_markup"))
        visible = self._render(text, params.get("parse_mode"), caption=False)
        return self._deliver("sendMessage", chat, params, {"text": visible}, raw=text, markup=markup)

    async def _api_sendDocument(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        chat = self._chat(params)
        self._check_chat_allowed("senddocument", int(chat["id"]))
        markup = self._check_markup(params.get("reply_markup"))
        caption = _text_param(params, "caption")
        content: JsonDict = {}
        if caption:
            content["caption"] = self._render(caption, params.get("parse_mode"), caption=True)
        blob = self._input_file(params, files, "document", "documents")
        content["document"] = blob.to_document()
        return self._deliver("sendDocument", chat, params, content, raw=caption, markup=markup, document=blob)

    async def _api_editMessageText(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        chat_id, stored = self._editable(params)
        self._check_chat_allowed("editmessagetext", chat_id)
        if "text" not in stored.payload:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = _text_param(params, "text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        # Omitting reply_markup in an edit removes the inline keyboard — a classic surprise in bots.
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        visible = self._render(text, params.get("parse_mode"), caption=False)
        unchanged = (
            visible == stored.payload["text"]
            and text == stored.raw
            and _inline_rows(markup) == _inline_rows(stored.markup)
        )
        if unchanged:
            raise ApiError(400, _NOT_MODIFIED)
        stored.raw, stored.parse_mode = text, params.get("parse_mode") or None
        stored.payload = {**stored.payload, "text": visible}
        return self._apply_edit("editMessageText", chat_id, stored, markup)

    def _apply_edit(self, method: str, chat_id: int, stored: _Stored, markup: JsonDict | None) -> JsonDict:
        payload = {k: v for k, v in stored.payload.items() if k != "reply_markup"}
        if _inline_rows(markup):
            payload["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}  # type: ignore[index]
        payload["edit_date"] = int(time.time())
        stored.payload = payload
        stored.markup = markup if _inline_rows(markup) else None
        self._record(chat_id, stored, kind="edit", method=method)
        return payload

    async def _api_answerCallbackQuery(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        query_id = params.get("callback_query_id")
        info = self._callbacks.get(str(query_id)) if query_id is not None else None
        if info is None or info["answered"]:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        info["answered"] = True
        self.answered_callbacks.append(
            {
                "callback_query_id": str(query_id),
                "user_id": info["user_id"],
                "data": info["data"],
                "text": text,
                "show_alert": bool(params.get("show_alert")),
                "url": params.get("url"),
                "cache_time": params.get("cache_time"),
            }
        )
        self._bump()
        return True

    async def _api_getFile(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        blob = self._files.get(str(params.get("file_id") or ""))
        if blob is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": blob.file_id,
            "file_unique_id": blob.file_unique_id,
            "file_size": len(blob.data),
            "file_path": blob.file_path,
        }

    async def _api_setMyCommands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        cleaned: list[JsonDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise ApiError(400, "Bad Request: can't parse commands JSON object")
            name, description = command.get("command"), command.get("description")
            # Telegram only accepts lowercase latin commands; "Звіт" or "Report" fail here.
            if not isinstance(name, str) or not _COMMAND_RE.match(name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: command description is empty")
            cleaned.append({"command": name, "description": description})
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands[key] = cleaned
        self._bump()
        return True

    async def _api_getMyCommands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return self._commands.get(key, [])

    async def _api_deleteMyCommands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        self._bump()
        return True

    async def _api_sendChatAction(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        chat = self._chat(params)
        chat_id = int(chat["id"])
        self._check_chat_allowed("sendchataction", chat_id)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self.chat_actions.append((chat_id, str(action)))
        self._bump()
        return True



_METHOD_NAMES = (
    "getMe",
    "getUpdates",
    "deleteWebhook",
    "sendMessage",
    "sendDocument",
    "editMessageText",
    "answerCallbackQuery",
    "getFile",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendChatAction",
)
