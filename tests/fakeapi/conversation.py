"""The test's side of a chat: fake users that act (send, press, upload) and read the bot's replies.

Reading is cursor-based: each ``ChatReader`` remembers how many bot messages/edits of its chat the
test has already consumed, so ``next_message`` returns the next unseen one, in order, and waits for it
on the server's change signal (with a timeout) when there is none yet.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from .server import BotMessage, FakeBotApi

__all__ = ["ChatReader", "FakeUser"]

JsonDict = dict[str, Any]

# A valid 1x1 PNG, so a bot that inspects the bytes it downloads (e.g. with Pillow) gets a real image.
_TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
_TINY_OGG = b"OggS\x00\x02" + b"\x00" * 40


class ChatReader:
    """Cursor over the bot's messages and edits in one chat."""

    def __init__(self, fake: FakeBotApi, chat_id: int) -> None:
        self.fake = fake
        self.chat_id = chat_id
        self._cursor = 0

    @property
    def history(self) -> list[BotMessage]:
        """Everything the bot sent or edited in this chat, consumed or not."""
        return self.fake.events(self.chat_id)

    def pending(self) -> list[BotMessage]:
        """Bot messages/edits that arrived but were not consumed by ``next_message`` yet."""
        return self.history[self._cursor :]

    def drain(self) -> list[BotMessage]:
        """Consume and return everything pending, without waiting."""
        pending = self.pending()
        self._cursor += len(pending)
        return pending

    async def next_message(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The next unconsumed bot message or edit in this chat; AssertionError if none within ``timeout``."""
        arrived = await self.fake.wait_until(lambda: len(self.history) > self._cursor, timeout)
        if not arrived:
            raise AssertionError(
                f"the bot sent nothing to chat {self.chat_id} within {timeout}s\n{self._diagnostics()}"
            )
        message = self.history[self._cursor]
        self._cursor += 1
        return message

    async def expect(self, substring: str, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Consume the next message and assert ``substring`` is in its text or caption (or raw markup)."""
        message = await self.next_message(timeout)
        if not message.matches(substring):
            raise AssertionError(
                f"expected {substring!r} in the next bot message to chat {self.chat_id}, got {message}\n"
                f"{self._diagnostics()}"
            )
        return message

    async def no_message(self, within: float = 0.3) -> None:
        """Assert the bot sends (or edits) nothing in this chat for ``within`` seconds."""
        # Waiting on the change signal (not sleeping) means an unexpected message fails immediately.
        arrived = await self.fake.wait_until(lambda: len(self.history) > self._cursor, within)
        if arrived:
            raise AssertionError(f"expected no bot message in chat {self.chat_id}, got {self.pending()[0]}")

    def last_keyboard_labels(self) -> list[str]:
        """Button labels of the newest bot message in this chat that (currently) has an inline keyboard."""
        message = self.fake.latest_with_inline_keyboard(self.chat_id)
        return message.button_labels if message is not None else []

    async def download(self, message: BotMessage) -> bytes:
        """Fetch the document of a bot message over HTTP, as a Telegram client would."""
        blob = message.document
        if blob is None:
            raise AssertionError(f"bot message has no document: {message}")
        url = f"{self.fake.base_file_url}{self.fake.token}/{blob.file_path}"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            if response.status != 200:
                raise AssertionError(f"download of {blob.file_path} failed with HTTP {response.status}")
            return await response.read()

    def _diagnostics(self) -> str:
        # When an expected reply is missing, the cause is usually a refused API call (bad markup, an
        # unknown chat, an injected fault) or a crash in the fake — show them next to what did arrive.
        seen = self.history[-5:]
        lines = ["last bot messages in this chat: " + (", ".join(str(m) for m in seen) if seen else "(none)")]
        failed = [c for c in self.fake.calls if c.status not in (None, 200) and c.method != "getUpdates"]
        if failed:
            lines.append("failed API calls: " + "; ".join(str(c) for c in failed[-5:]))
        if self.fake.server_errors:
            lines.append("errors inside the fake:\n" + self.fake.server_errors[-1])
        return "\n".join(lines)


class FakeUser(ChatReader):
    """A Telegram user in a private chat with the bot. Create with ``fake.user(...)``."""

    def __init__(
        self,
        fake: FakeBotApi,
        id: int,
        first_name: str,
        username: str | None = None,
        *,
        last_name: str | None = None,
        language_code: str | None = "uk",
    ) -> None:
        super().__init__(fake, id)
        self.id = id
        self.first_name = first_name
        self.username = username
        self.last_name = last_name
        self.language_code = language_code

    def __repr__(self) -> str:
        return f"FakeUser(id={self.id}, first_name={self.first_name!r})"

    def as_user(self) -> JsonDict:
        """The user as a Telegram ``User`` object."""
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name is not None:
            user["last_name"] = self.last_name
        if self.username is not None:
            user["username"] = self.username
        if self.language_code is not None:
            user["language_code"] = self.language_code
        return user

    def private_chat(self) -> JsonDict:
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            chat["last_name"] = self.last_name
        if self.username is not None:
            chat["username"] = self.username
        return chat

    # -------------------------------------------------------------------------------- messages

    async def send(self, text: str) -> JsonDict:
        """Send a text message; returns the Message as delivered to the bot (``["message_id"]``...)."""
        return self._send_message(self.private_chat(), _text_content(text))

    async def tap(self, label: str) -> JsonDict:
        """Press a reply-keyboard button: checks the label is on the keyboard shown, then sends it."""
        keyboard = self.fake.reply_keyboard(self.id)
        labels = [b for row in keyboard or [] for b in row]
        if label not in labels:
            raise AssertionError(
                f"no reply keyboard button {label!r}; the keyboard shows {labels or 'nothing'}"
            )
        self.fake.hide_one_time_keyboard(self.id)
        return await self.send(label)

    async def send_photo(self, caption: str | None = None, data: bytes = _TINY_PNG) -> JsonDict:
        blob = self.fake.store_file(data, None, "image/png", "photos")
        content: JsonDict = {"photo": blob.to_photo()}
        if caption:
            content["caption"] = caption
        return self._send_message(self.private_chat(), content)

    async def send_sticker(self, emoji: str = "👍") -> JsonDict:
        blob = self.fake.store_file(b"RIFF\x00\x00\x00\x00WEBP", None, "image/webp", "stickers")
        sticker = {
            "file_id": blob.file_id,
            "file_unique_id": blob.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._send_message(self.private_chat(), {"sticker": sticker})

    async def send_voice(self, duration: int = 2, data: bytes = _TINY_OGG) -> JsonDict:
        blob = self.fake.store_file(data, None, "audio/ogg", "voice")
        voice = {
            "file_id": blob.file_id,
            "file_unique_id": blob.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return self._send_message(self.private_chat(), {"voice": voice})

    async def send_document(
        self,
        filename: str,
        data: bytes,
        *,
        caption: str | None = None,
        mime_type: str | None = None,
        file_size: int | None = None,
    ) -> JsonDict:
        """Upload a file; the bot can getFile it and download the same bytes.

        ``file_size`` is the size Telegram reports in the message instead of ``len(data)``: a big file
        without the bytes (over 20 MB, getFile answers "file is too big", as Telegram does).
        """
        blob = self.fake.store_file(data, filename, mime_type, "documents", reported_size=file_size)
        content: JsonDict = {"document": blob.to_document()}
        if caption:
            content["caption"] = caption
        return self._send_message(self.private_chat(), content)

    async def edit_message(self, message_id: int, new_text: str) -> JsonDict:
        """Edit one of this user's earlier messages; the bot receives an ``edited_message`` update."""
        payload = self.fake.edit_user_message(self.id, message_id, _text_content(new_text))
        self.fake.push_update({"edited_message": payload})
        return payload

    async def send_in_group(
        self, text: str, chat_id: int = -100123, *, title: str = "Тестова група"
    ) -> JsonDict:
        """Send a text message to a group the bot is in (ids starting with -100 are supergroups)."""
        return self._send_message(self.fake.group_chat(chat_id, title), _text_content(text))

    def _send_message(self, chat: JsonDict, content: JsonDict) -> JsonDict:
        payload = self.fake.new_user_message(self.as_user(), chat, content)
        self.fake.push_update({"message": payload})
        return payload

    # -------------------------------------------------------------------------------- buttons

    async def press(self, label: str, message: BotMessage | int | None = None) -> str:
        """Press an inline button by label (exact, else a unique substring) and return the query id.

        Without ``message`` the newest bot message with an inline keyboard is used; buttons are taken
        from the message's current state, i.e. after any edits, as the user would see them.
        """
        target = self._keyboard_message(message)
        buttons = [b for row in target.buttons for b in row]
        exact = [b for b in buttons if b[0] == label]
        candidates = exact or [b for b in buttons if label in b[0]]
        labels = [b[0] for b in buttons]
        if not candidates:
            raise AssertionError(f"no button {label!r} on message #{target.message_id}; buttons: {labels}")
        if not exact and len(candidates) > 1:
            raise AssertionError(
                f"{label!r} matches several buttons {[b[0] for b in candidates]}; be more specific"
            )
        pressed_label, data = candidates[0]
        if data is None:
            raise AssertionError(f"button {pressed_label!r} has no callback_data (URL or other button type)")
        return self.fake.new_callback_query(self.as_user(), self.id, target.message_id, data)

    async def press_data(self, data: str, message: BotMessage | int | None = None) -> str:
        """Send a callback query with arbitrary (e.g. forged or stale) data for a message."""
        target = self._keyboard_message(message, require_keyboard=False)
        return self.fake.new_callback_query(self.as_user(), self.id, target.message_id, data)

    def _keyboard_message(
        self, message: BotMessage | int | None, *, require_keyboard: bool = True
    ) -> BotMessage:
        if message is None:
            found = self.fake.latest_with_inline_keyboard(self.id)
            if found is None and not require_keyboard:
                found = next((m for m in reversed(self.history) if self.fake.current(m) is not None), None)
            if found is None:
                raise AssertionError(f"no bot message with an inline keyboard in chat {self.id}")
            return found
        message_id = message if isinstance(message, int) else message.message_id
        stored = next((m for m in reversed(self.history) if m.message_id == message_id), None)
        current = self.fake.current(stored) if stored is not None else None
        if current is None:
            raise AssertionError(f"bot message #{message_id} does not exist in chat {self.id}")
        return current


def _text_content(text: str) -> JsonDict:
    content: JsonDict = {"text": text}
    command = _leading_command(text)
    if command:
        # Telegram marks a leading /command (with an optional @botname) so that PTB's CommandHandler,
        # which looks only at a bot_command entity at offset 0, recognises it.
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return content


def _leading_command(text: str) -> str | None:
    if not text.startswith("/"):
        return None
    token = text.split(maxsplit=1)[0]
    name, _, bot = token[1:].partition("@")
    if not name or len(name) > 32 or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
        return None
    if bot and not all(c.isascii() and (c.isalnum() or c == "_") for c in bot):
        return None
    return token
