"""What Telegram refuses, in Telegram's words: message texts and captions, keyboards, commands, parameters."""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError
from .markup import MarkupError, render, utf16_len
from .records import JsonDict

__all__ = [
    "as_int",
    "bot_commands",
    "callback_answer_text",
    "chat_action",
    "check_markup",
    "inline_rows",
    "render_text",
    "require_int",
    "text_param",
]

_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_CALLBACK_DATA = 64
_MAX_CALLBACK_ANSWER = 200
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
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
_INLINE_ACTIONS = frozenset(
    {
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
)


def as_int(params: JsonDict, name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ApiError.bad_request(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    raise ApiError.bad_request(f"invalid {name} specified")


def require_int(params: JsonDict, name: str) -> int:
    value = as_int(params, name)
    if value is None:
        raise ApiError.bad_request(f"{name} is empty")
    return value


def text_param(params: JsonDict, name: str) -> str | None:
    value = params.get(name)
    # A JSON client may send {"text": 42}; Telegram takes any scalar as its string form.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def render_text(text: str, parse_mode: Any, *, caption: bool) -> str:
    if parse_mode is not None and parse_mode != "":
        if not isinstance(parse_mode, str) or parse_mode.lower() not in ("html", "markdown", "markdownv2"):
            raise ApiError.bad_request("unsupported parse_mode")
    try:
        visible = render(text, parse_mode or None)
    except MarkupError as exc:
        raise ApiError.bad_request(f"can't parse entities: {exc}") from exc
    if utf16_len(visible) > (_MAX_CAPTION if caption else _MAX_TEXT):
        raise ApiError.bad_request("message caption is too long" if caption else "message is too long")
    if not caption and not visible.strip():
        raise ApiError.bad_request("message text is empty")
    return visible


def inline_rows(markup: JsonDict | None) -> list[Any]:
    return list((markup or {}).get("inline_keyboard") or [])


def check_markup(markup: Any, *, inline_only: bool = False) -> JsonDict | None:
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError.bad_request(
                'can\'t parse inline keyboard button: field "inline_keyboard" must be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_inline_button(button)
        return markup
    if inline_only:
        raise ApiError.bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                label = button if isinstance(button, str) else (button or {}).get("text")
                if not isinstance(label, str) or not label:
                    raise ApiError.bad_request("keyboard button text must be non-empty")
        return markup
    if "remove_keyboard" in markup or "force_reply" in markup:
        return markup
    raise ApiError.bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise ApiError.bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    label = button.get("text")
    if not isinstance(label, str) or not label.strip():
        raise ApiError.bad_request("can't parse inline keyboard button: Text must be non-empty")
    if not _INLINE_ACTIONS & button.keys():
        raise ApiError.bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        # The 64-byte limit is in UTF-8 bytes: 33 Cyrillic letters are already too long.
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= _MAX_CALLBACK_DATA:
            raise ApiError.bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
            raise ApiError.bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def callback_answer_text(text: Any) -> str | None:
    if isinstance(text, str) and len(text) > _MAX_CALLBACK_ANSWER:
        raise ApiError.bad_request("MESSAGE_TOO_LONG")
    return text if isinstance(text, str) else None


def bot_commands(value: Any) -> list[JsonDict]:
    if not isinstance(value, list) or len(value) > 100:
        raise ApiError.bad_request("can't parse commands JSON object")
    cleaned: list[JsonDict] = []
    for command in value:
        if not isinstance(command, dict):
            raise ApiError.bad_request("can't parse commands JSON object")
        name, description = command.get("command"), command.get("description")
        # Telegram only accepts lowercase latin commands; "Звіт" or "Report" fail here.
        if not isinstance(name, str) or not _COMMAND_RE.match(name):
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description) <= 256:
            raise ApiError.bad_request("command description is empty")
        cleaned.append({"command": name, "description": description})
    return cleaned


def chat_action(value: Any) -> str:
    if value not in _CHAT_ACTIONS:
        raise ApiError.bad_request("wrong parameter action in request")
    return str(value)
