"""What Telegram refuses, in Telegram's words: message texts and captions, keyboards, commands, parameters.

Two layers refuse things, and the fake keeps their order, because the first refusal is the one the bot
sees. The Bot API server (telegram-bot-api, Client.cpp) checks the request itself: an empty text, a
text over 32 KiB, the parse mode and the HTML, the shape of the reply markup. tdlib then checks the
content (td/telegram/MessageEntity.cpp ``fix_formatted_text``, MessageContent.cpp, ReplyMarkup.cpp):
trims the text, refuses an empty one and, for a bot, one longer than 4096 characters (1024 for a
caption), counted after the HTML is parsed. Telegram's own servers refuse callback data over 64 bytes.

Lengths are counted in characters (code points) of the visible text, as tdlib does for bots
(``utf8_length(text) > message_text_length_max``): tags are free and "&amp;" is one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .markup import Entity, MarkupError, Parsed, parse_html
from .records import JsonDict

__all__ = [
    "MAX_CALLBACK_DATA",
    "MAX_CAPTION",
    "MAX_RAW_TEXT_BYTES",
    "MAX_TEXT",
    "FormattedText",
    "as_int",
    "bot_commands",
    "callback_answer_text",
    "chat_action",
    "check_button_labels",
    "check_callback_data",
    "format_text",
    "inline_rows",
    "parse_text",
    "reply_markup",
    "require_int",
    "text_param",
    "visible_length",
]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_RAW_TEXT_BYTES = 1 << 15  # the Bot API server's limit on the text parameter itself, before parsing
MAX_INLINE_BUTTONS = 100  # under one message: more and Telegram says "reply markup is too long"
MAX_CALLBACK_DATA = 64  # bytes of UTF-8: 33 Cyrillic letters are already too many
MAX_CALLBACK_ANSWER = 200

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_INT_RE = re.compile(r"-?[0-9]+")
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
# The fields that make an inline button do something, in the order the Bot API server looks for them.
_INLINE_ACTIONS = (
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)


# ----------------------------------------------------------------------------------------- parameters


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
    if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
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


# ------------------------------------------------------------------------------------ texts and captions


@dataclass(frozen=True)
class FormattedText:
    """A text as Telegram keeps it: visible, trimmed, with its entities (offsets in the trimmed text)."""

    text: str
    entities: tuple[Entity, ...]


def visible_length(text: str) -> int:
    return len(text)  # code points: what tdlib's utf8_length counts


def parse_text(raw: str | None, parse_mode: Any, *, caption: bool) -> Parsed | None:
    """The Bot API server's checks of a text or caption parameter; None for an absent caption."""
    if not raw:
        if caption:
            return None
        raise ApiError.bad_request("message text is empty")
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
        raise ApiError.bad_request("text is too long")
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode in ("", "none"):
        return Parsed(raw, ())
    if mode in ("markdown", "markdownv2"):
        # Telegram would parse it; the fake does not, because the bot sends HTML only. Reaching this is a
        # gap in the fake (answered 500 and failing the test), never a pass the real API might refuse.
        raise NotImplementedError(f"the fake parses only parse_mode HTML, not {parse_mode!r}")
    if mode != "html":
        raise ApiError.bad_request("unsupported parse_mode")
    try:
        return parse_html(raw)
    except MarkupError as exc:
        raise ApiError.bad_request(f"can't parse entities: {exc}") from exc


def format_text(parsed: Parsed | None, *, caption: bool) -> FormattedText | None:
    """tdlib's checks of a parsed text: trimmed, not empty (captions may be), not too long."""
    trimmed = _trim(parsed) if parsed is not None else None
    if trimmed is None:
        if caption:
            return None
        raise ApiError.bad_request("text must be non-empty")
    if visible_length(trimmed.text) > (MAX_CAPTION if caption else MAX_TEXT):
        raise ApiError.bad_request("message caption is too long" if caption else "message is too long")
    return trimmed


def _trim(parsed: Parsed) -> FormattedText | None:
    # fix_formatted_text: only spaces and newlines count as blank; trailing ones always go, leading ones
    # only up to the first entity (so "<b> x</b>" keeps its space).
    text = parsed.text
    end = len(text.rstrip(" \n"))
    if end == 0:
        return None
    first_entity = min((start for _, start, _, _ in parsed.entities), default=end)
    start = 0
    while start < min(first_entity, end) and text[start] in " \n":
        start += 1
    entities = sorted(
        (kind, s - start, min(e, end) - start, arg) for kind, s, e, arg in parsed.entities if s < end
    )
    return FormattedText(text[start:end], tuple(entities))


def callback_answer_text(text: Any) -> str | None:
    if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
        raise ApiError.bad_request("MESSAGE_TOO_LONG")
    return text if isinstance(text, str) else None


# -------------------------------------------------------------------------------------------- keyboards


def reply_markup(value: Any, *, inline_only: bool = False) -> JsonDict | None:
    """The Bot API server's reading of ``reply_markup``: the markup in effect, or None for none.

    Returned as sent (a test reads what the bot sent), minus what Telegram ignores: a reply keyboard
    wins over an inline one, and markup with no keyboard, removal or forced reply is no markup at all.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):  # form-encoded JSON that did not decode
        raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
    if not isinstance(value, dict):
        raise ApiError.bad_request("object expected as reply markup")
    keyboard = _rows(value, "keyboard", 'Field "keyboard" must be an Array of Arrays')
    for row in keyboard:
        for button in row:
            _reply_button_label(button)
    inline = _rows(
        value,
        "inline_keyboard",
        'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
    )
    for row in inline:
        for button in row:
            _check_inline_button(button)
    if sum(len(row) for row in inline) > MAX_INLINE_BUTTONS:
        raise ApiError.bad_request("reply markup is too long")
    if keyboard:
        markup: JsonDict | None = {k: v for k, v in value.items() if k != "inline_keyboard"}
    elif inline:
        markup = value
    elif value.get("remove_keyboard") or value.get("hide_keyboard") or value.get("force_reply"):
        markup = value
    else:
        markup = None
    if inline_only and markup is not None and not inline:
        raise ApiError.bad_request("inline keyboard expected")
    return markup


def inline_rows(markup: JsonDict | None) -> list[Any]:
    return list((markup or {}).get("inline_keyboard") or [])


def check_button_labels(markup: JsonDict | None) -> None:
    """What tdlib refuses in a well-formed keyboard: an empty label.

    URL buttons are taken as they come: the bot sends none, and tdlib's link checks (a URL without a
    scheme is fine, ftp:// is an "Unsupported URL protocol", ...) are more than a regex.
    """
    for row in inline_rows(markup):
        for button in row:
            if _string_field(button, "text") == "":
                raise ApiError.bad_request("inline keyboard button text must be non-empty")
    for row in (markup or {}).get("keyboard") or []:
        for button in row:
            if _reply_button_label(button) == "":
                raise ApiError.bad_request("keyboard button text must be non-empty")


def check_callback_data(markup: JsonDict | None) -> None:
    """Telegram's servers refuse callback data over 64 bytes (tdlib passes it on unchecked)."""
    for row in inline_rows(markup):
        for button in row:
            data = _string_field(button, "callback_data")
            if len(data.encode("utf-8")) > MAX_CALLBACK_DATA:
                raise ApiError.bad_request("BUTTON_DATA_INVALID")


def _rows(markup: JsonDict, name: str, not_rows: str) -> list[list[Any]]:
    rows = markup.get(name)
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise ApiError.bad_request(f'field "{name}" must be of type Array')
    if not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request(not_rows[0].lower() + not_rows[1:])
    return rows


def _string_field(button: JsonDict, name: str, *, required: bool = False) -> str:
    # td's JsonObject string getters: numbers are taken as their text, null or anything else is refused.
    if name not in button:
        if required:
            raise ValueError(f'Can\'t find field "{name}"')
        return ""
    value = button[name]
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f'Field "{name}" must be of type String')


def _reply_button_label(button: Any) -> str:
    if isinstance(button, str):
        return button
    if not isinstance(button, dict):
        raise ApiError.bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    try:
        return _string_field(button, "text", required=True)
    except ValueError as exc:
        raise ApiError.bad_request(f"can't parse keyboard button: {exc}") from exc


def _check_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise ApiError.bad_request(prefix + "InlineKeyboardButton must be an Object")
    try:
        _string_field(button, "text", required=True)
        # An empty url or callback_data counts as absent, so {"callback_data": ""} is a "text button".
        url = _string_field(button, "url")
        has_action = bool(url) or bool(_string_field(button, "callback_data"))
    except ValueError as exc:
        raise ApiError.bad_request(f"{prefix}{exc}") from exc
    if not has_action and not any(name in button for name in _INLINE_ACTIONS):
        raise ApiError.bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    web_app = button.get("web_app")
    if web_app is not None:  # a Mini App opens over HTTPS only
        url = web_app.get("url") if isinstance(web_app, dict) else None
        if not isinstance(url, str) or not url.startswith("https://"):
            raise ApiError.bad_request("BUTTON_URL_INVALID")


# ------------------------------------------------------------------------------------- other parameters


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
