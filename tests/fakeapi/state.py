"""The fake's memory: chats, their messages, the update queue, files, callback queries, commands.

Both sides change it here: the test's fake users (a message, a button press, an upload) and the bot's
accepted API calls (a delivered message, an edit). Every change bumps the change signal.
"""

from __future__ import annotations

import itertools
import json
import mimetypes
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .changes import Changes
from .errors import ApiError
from .records import ApiCall, BotMessage, FileBlob, JsonDict
from .validation import FormattedText, inline_rows

__all__ = ["BOT_FIRST_NAME", "BOT_ID", "BOT_USERNAME", "State", "Stored"]

BOT_ID = 999000
BOT_USERNAME = "zvitbot_test_bot"
BOT_FIRST_NAME = "Звітбот"

# Telegram does not deliver these update types unless asked for them explicitly in allowed_updates.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_INT_RE = re.compile(r"-?[0-9]+")


@dataclass
class Stored:
    """Current state of one message in a chat (either side)."""

    payload: JsonDict
    from_bot: bool
    raw: str | None = None
    parse_mode: str | None = None
    formatted: FormattedText | None = None  # what "message is not modified" compares
    markup: JsonDict | None = None
    document: FileBlob | None = None


def _update_type(update: JsonDict) -> str:
    return next((k for k in update if k != "update_id"), "")


class State:
    def __init__(self) -> None:
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

        self.changes = Changes()
        self.closing = False
        self.in_flight = 0  # API calls being answered, long polls excluded
        self.updates: list[JsonDict] = []  # queued for the bot, not yet confirmed by a getUpdates offset
        self.allowed_updates: frozenset[str] | None = None
        self.poll_generation = 0
        self.commands_by_scope: dict[tuple[str, str], list[JsonDict]] = {}
        # chat id (None: the default) -> its menu button as set (setChatMenuButton)
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self.reply_keyboards: dict[int, JsonDict] = {}
        self.files_by_id: dict[str, FileBlob] = {}
        self.files_by_path: dict[str, FileBlob] = {}
        self.callback_queries: dict[str, JsonDict] = {}
        self.chats: dict[int, JsonDict] = {}
        self.migrated: dict[
            int, int
        ] = {}  # a group's old id -> the supergroup's it became (migrate_to_supergroup)
        self.history: dict[int, dict[int, Stored]] = {}
        self._events: dict[int, list[BotMessage]] = {}
        self._sent: Counter[int] = Counter()
        self._last_message_id: Counter[int] = Counter()
        self._seq = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(4_000_000_000_000_000_001)

    def bump(self) -> None:
        self.changes.bump()

    # ------------------------------------------------------------------------------------- chats

    def register_chat(self, chat: JsonDict) -> None:
        """Make a chat known, so that the bot may send to it (unknown chats give "chat not found")."""
        self.chats.setdefault(int(chat["id"]), dict(chat))

    def group_chat(self, chat_id: int, title: str = "Тестова група") -> JsonDict:
        chat = self.chats.get(chat_id)
        if chat is None:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            chat = {"id": chat_id, "type": kind, "title": title}
            self.register_chat(chat)
        return chat

    def migrate_to_supergroup(self, chat_id: int, new_id: int, title: str = "Тестова група") -> JsonDict:
        """The group became a supergroup (Telegram does it when the group's history or settings need one): it
        has a new id, and every call to the old one answers 400 with ``migrate_to_chat_id``."""
        self.migrated[chat_id] = new_id
        self.chats.pop(chat_id, None)
        return self.group_chat(new_id, title)

    def hide_one_time_keyboard(self, chat_id: int) -> None:
        markup = self.reply_keyboards.get(chat_id)
        if markup is not None and markup.get("one_time_keyboard"):
            del self.reply_keyboards[chat_id]

    # ------------------------------------------------------------------------- what users do

    def push_update(self, update: JsonDict) -> int:
        """Queue a raw update for the bot (``update_id`` is assigned if missing); returns its id."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self.updates.append(update)
        self.bump()
        return int(update["update_id"])

    def new_user_message(self, user: JsonDict, chat: JsonDict, content: JsonDict) -> JsonDict:
        """Store a message from a user (the message id is shared with the bot's, like in Telegram)."""
        self.register_chat(chat)
        chat_id = int(chat["id"])
        payload: JsonDict = {
            "message_id": self._next_message_id(chat_id),
            "from": user,
            "chat": self.chats[chat_id],
            "date": int(time.time()),
            **content,
        }
        self.history.setdefault(chat_id, {})[payload["message_id"]] = Stored(payload=payload, from_bot=False)
        return payload

    def edit_user_message(self, chat_id: int, message_id: int, content: JsonDict) -> JsonDict:
        stored = self.stored(chat_id, message_id)
        if stored is None or stored.from_bot:
            raise AssertionError(f"no message #{message_id} from a user in chat {chat_id} to edit")
        # The edited text comes with its own entities (none for a plain text): the old ones do not stay.
        kept = {k: v for k, v in stored.payload.items() if not ("text" in content and k == "entities")}
        stored.payload = {**kept, **content, "edit_date": int(time.time())}
        return stored.payload

    def delete_message(self, chat_id: int, message_id: int) -> None:
        """The user deleted the message (for both sides, as a private chat allows): edits of it give "message to
        edit not found"."""
        self.history.get(chat_id, {}).pop(message_id, None)

    def new_callback_query(self, user: JsonDict, chat_id: int, message_id: int, data: str) -> str:
        """Queue a callback_query update as if ``user`` pressed a button; returns the query id."""
        stored = self.stored(chat_id, message_id)
        if stored is None:
            raise AssertionError(f"message #{message_id} in chat {chat_id} does not exist")
        query_id = str(next(self._callback_ids))
        self.callback_queries[query_id] = {"user_id": user["id"], "data": data, "answered": False}
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

    def store_file(
        self,
        data: bytes,
        filename: str | None,
        mime_type: str | None,
        folder: str,
        *,
        reported_size: int | None = None,
    ) -> FileBlob:
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
            reported_size=reported_size,
        )
        self.files_by_id[blob.file_id] = blob
        self.files_by_path[blob.file_path] = blob
        return blob

    # ------------------------------------------------------------------------- what the bot does

    def chat(self, chat_id: int | None) -> JsonDict:
        if chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self.chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise ApiError.bad_request("chat not found")
        return chat

    def stored(self, chat_id: int, message_id: int) -> Stored | None:
        return self.history.get(chat_id, {}).get(message_id)

    def deliver(
        self,
        method: str,
        chat: JsonDict,
        content: JsonDict,
        *,
        raw: str | None,
        parse_mode: str | None,
        formatted: FormattedText | None,
        markup: JsonDict | None,
        document: FileBlob | None = None,
    ) -> JsonDict:
        """A new bot message in the chat; returns the Message object Telegram would answer with."""
        chat_id = int(chat["id"])
        payload: JsonDict = {
            "message_id": self._next_message_id(chat_id),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        # Telegram echoes only inline keyboards in the returned Message; reply keyboards become chat state.
        if inline_rows(markup):
            payload["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}  # type: ignore[index]
        if markup is not None and "keyboard" in markup:
            self.reply_keyboards[chat_id] = markup
        elif markup is not None and markup.get("remove_keyboard"):
            self.reply_keyboards.pop(chat_id, None)
        stored = Stored(
            payload=payload,
            from_bot=True,
            raw=raw,
            parse_mode=parse_mode,
            formatted=formatted,
            markup=markup,
            document=document,
        )
        self.history.setdefault(chat_id, {})[payload["message_id"]] = stored
        self._record(chat_id, stored, kind="message", method=method)
        return payload

    def apply_edit(self, method: str, chat_id: int, stored: Stored, markup: JsonDict | None) -> JsonDict:
        """Record an edit already applied to ``stored``'s content; omitting markup drops the keyboard."""
        payload = {k: v for k, v in stored.payload.items() if k != "reply_markup"}
        if inline_rows(markup):
            payload["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}  # type: ignore[index]
        payload["edit_date"] = int(time.time())
        stored.payload = payload
        stored.markup = markup if inline_rows(markup) else None
        self._record(chat_id, stored, kind="edit", method=method)
        return payload

    def _record(self, chat_id: int, stored: Stored, *, kind: str, method: str) -> None:
        # The one place a bot message or edit becomes visible to the test (benchmarks hook in here).
        event = self._snapshot(chat_id, stored, kind=kind, method=method, seq=next(self._seq))
        self._events.setdefault(chat_id, []).append(event)
        if kind == "message":
            self._sent[chat_id] += 1
        self.bump()

    def _snapshot(self, chat_id: int, stored: Stored, *, kind: str, method: str, seq: int) -> BotMessage:
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

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    # ------------------------------------------------------------------------------------ updates

    def deliverable(self) -> list[JsonDict]:
        """The queued updates the bot may receive, dropping those it did not subscribe to."""
        allowed = self.allowed_updates
        if allowed is None:
            self.updates = [u for u in self.updates if _update_type(u) not in _OPT_IN_UPDATES]
        else:
            self.updates = [u for u in self.updates if _update_type(u) in allowed]
        return self.updates

    def confirm(self, offset: int) -> None:
        """A getUpdates offset confirms every update before it (a negative one keeps the newest -offset)."""
        before = len(self.updates)
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if len(self.updates) != before:
            self.bump()

    # ------------------------------------------------------------------------------------ commands

    @staticmethod
    def scope_key(scope: Any, language_code: Any) -> tuple[str, str]:
        if scope is None or scope == "":
            scope = {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise ApiError.bad_request("can't parse BotCommandScope JSON object")
        normalized = dict(scope)
        for key in ("chat_id", "user_id"):
            value = normalized.get(key)
            if isinstance(value, str) and _INT_RE.fullmatch(value):
                normalized[key] = int(value)
        return json.dumps(normalized, sort_keys=True), str(language_code or "")
