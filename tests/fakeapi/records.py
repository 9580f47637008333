"""The records a test reads: the bot's API calls, the files it sent or received, its messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["ApiCall", "BotMessage", "FileBlob", "JsonDict", "UploadedFile"]

JsonDict = dict[str, Any]


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
    # The size Telegram reports for the file, when it is not ``len(data)``: a test can send a "20 MB" file
    # without the fake holding (or the bot downloading) 20 MB.
    reported_size: int | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.reported_size is None else self.reported_size

    def __iter__(self) -> Iterator[Any]:
        # Lets a test write ``name, data = msg.document``.
        yield self.filename
        yield self.data

    def to_document(self) -> JsonDict:
        doc: JsonDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
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
                "file_size": self.size,
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
