"""The Bot API methods the fake answers: the ones the bot and PTB call, nothing more.

Each handler checks in Telegram's order (see validation.py): the request as the Bot API server reads
it, then the chat, then the content as tdlib sees it, then what Telegram's servers refuse (blocked
user, flood limit), and only then changes the state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from .errors import NOT_MODIFIED, ApiError, default_description
from .faults import FaultInjection
from .records import FileBlob, JsonDict, UploadedFile
from .state import State
from .validation import (
    as_int,
    bot_commands,
    callback_answer_text,
    chat_action,
    check_button_labels,
    check_callback_data,
    format_text,
    inline_rows,
    parse_text,
    reply_markup,
    require_int,
    text_param,
)

__all__ = ["METHOD_NAMES", "BotApiMethods", "Handler"]

Handler = Callable[[JsonDict, dict[str, UploadedFile]], Awaitable[Any]]

BOT_DOWNLOAD_LIMIT = 20 * 2**20  # getFile refuses bigger files: a bot cannot download them
BOT_UPLOAD_LIMIT = 50 * 2**20  # a file a bot uploads: bigger ones get 413 Request Entity Too Large

METHOD_NAMES = (
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
    "setChatMenuButton",
    "getChatMenuButton",
)


class BotApiMethods:
    def __init__(self, state: State, faults: FaultInjection) -> None:
        self.state = state
        self.faults = faults
        #: lowercase method name -> (Telegram's spelling, handler)
        self.table: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, getattr(self, name)) for name in METHOD_NAMES
        }

    # --------------------------------------------------------------------------------- bootstrap

    async def getMe(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        return {
            **self.state.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def deleteWebhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        return True  # the fake has no webhooks; PTB calls this before it starts polling

    async def getUpdates(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        state = self.state
        offset = as_int(params, "offset")
        limit = min(max(as_int(params, "limit") or 100, 1), 100)
        try:
            timeout = max(0.0, float(params.get("timeout") or 0))
        except (TypeError, ValueError) as exc:
            raise ApiError.bad_request("invalid timeout specified") from exc
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            # Telegram remembers the last explicit list; an empty list means "the default set".
            state.allowed_updates = frozenset(allowed) if allowed else None
        if offset is not None:
            state.confirm(offset)
        # A newer getUpdates terminates an older pending one with 409, as Telegram does when two bot
        # instances poll; it also releases a request whose client already gave up.
        state.poll_generation += 1
        generation = state.poll_generation
        if not state.deliverable() and timeout > 0 and not state.closing:
            await state.changes.wait_until(
                lambda: bool(state.deliverable()) or state.closing or generation != state.poll_generation,
                timeout,
            )
            if generation != state.poll_generation and not state.closing:
                raise ApiError(409, default_description(409))
        return state.deliverable()[:limit]

    # ---------------------------------------------------------------------------------- messages

    async def sendMessage(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        text = text_param(params, "text")
        parsed = parse_text(text, params.get("parse_mode"), caption=False)
        markup = reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        check_button_labels(markup)
        formatted = format_text(parsed, caption=False)
        assert formatted is not None
        check_callback_data(markup)
        self.faults.check_chat_allowed("sendmessage", int(chat["id"]))
        return self.state.deliver(
            "sendMessage",
            chat,
            {"text": formatted.text},
            raw=text,
            parse_mode=params.get("parse_mode") or None,
            formatted=formatted,
            markup=markup,
        )

    async def sendDocument(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        upload = self._input_document(params, files)
        caption = text_param(params, "caption")
        parsed = parse_text(caption, params.get("parse_mode"), caption=True)
        markup = reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        check_button_labels(markup)
        formatted = format_text(parsed, caption=True)
        check_callback_data(markup)
        self.faults.check_chat_allowed("senddocument", int(chat["id"]))
        blob = upload if isinstance(upload, FileBlob) else self._store(upload)
        content: JsonDict = {"document": blob.to_document()}
        if formatted is not None:
            content["caption"] = formatted.text
        return self.state.deliver(
            "sendDocument",
            chat,
            content,
            raw=caption,
            parse_mode=params.get("parse_mode") or None,
            formatted=formatted,
            markup=markup,
            document=blob,
        )

    async def editMessageText(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        text = text_param(params, "text")
        parsed = parse_text(text, params.get("parse_mode"), caption=False)
        # Omitting reply_markup in an edit removes the inline keyboard — a classic surprise in bots.
        markup = reply_markup(params.get("reply_markup"), inline_only=True)
        chat = self._chat(params)
        chat_id = int(chat["id"])
        message_id = require_int(params, "message_id")
        stored = self.state.stored(chat_id, message_id)
        if stored is None:
            raise ApiError.bad_request("message to edit not found")
        if not stored.from_bot:
            raise ApiError.bad_request("message can't be edited")
        if "text" not in stored.payload:
            raise ApiError.bad_request("there is no text in the message to edit")
        check_button_labels(markup)
        formatted = format_text(parsed, caption=False)
        assert formatted is not None
        check_callback_data(markup)
        self.faults.check_chat_allowed("editmessagetext", chat_id)
        if formatted == stored.formatted and inline_rows(markup) == inline_rows(stored.markup):
            raise ApiError(400, NOT_MODIFIED)
        stored.raw, stored.parse_mode, stored.formatted = text, params.get("parse_mode") or None, formatted
        stored.payload = {**stored.payload, "text": formatted.text}
        return self.state.apply_edit("editMessageText", chat_id, stored, markup)

    async def sendChatAction(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = int(self._chat(params)["id"])
        action = chat_action(params.get("action"))
        self.faults.check_chat_allowed("sendchataction", chat_id)
        self.state.chat_actions.append((chat_id, action))
        self.state.bump()
        return True

    # ------------------------------------------------------------------------- buttons and files

    async def answerCallbackQuery(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        query_id = params.get("callback_query_id")
        info = self.state.callback_queries.get(str(query_id)) if query_id is not None else None
        if info is None or info["answered"]:
            raise ApiError.bad_request("query is too old and response timeout expired or query ID is invalid")
        text = callback_answer_text(params.get("text"))
        info["answered"] = True
        self.state.answered_callbacks.append(
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
        self.state.bump()
        return True

    async def getFile(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        blob = self.state.files_by_id.get(str(params.get("file_id") or ""))
        if blob is None:
            raise ApiError.bad_request("invalid file_id")
        if blob.size > BOT_DOWNLOAD_LIMIT:
            raise ApiError.bad_request("file is too big")  # what Telegram answers over its 20 MB
        return {
            "file_id": blob.file_id,
            "file_unique_id": blob.file_unique_id,
            "file_size": blob.size,
            "file_path": blob.file_path,
        }

    # ---------------------------------------------------------------------------------- commands

    async def setMyCommands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        commands = bot_commands(params.get("commands"))
        self.state.commands_by_scope[self._scope(params)] = commands
        self.state.bump()
        return True

    async def getMyCommands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        return self.state.commands_by_scope.get(self._scope(params), [])

    async def deleteMyCommands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        self.state.commands_by_scope.pop(self._scope(params), None)
        self.state.bump()
        return True

    # ------------------------------------------------------------------------------- menu button

    async def setChatMenuButton(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        """A private chat's menu button (no chat_id: the default one). Refused as Telegram refuses: an unknown
        chat, a type it does not know, a web app button without its text or with an address not on HTTPS."""
        chat_id = None
        if params.get("chat_id") not in (None, ""):
            chat_id = self._chat(params)["id"]
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict):
            raise ApiError.bad_request("can't parse menu button JSON object")
        kind = button.get("type")
        if kind not in ("commands", "web_app", "default"):
            raise ApiError.bad_request("unsupported menu button type")
        if kind == "web_app":
            text = button.get("text")
            url = (
                (button.get("web_app") or {}).get("url") if isinstance(button.get("web_app"), dict) else None
            )
            if not isinstance(text, str) or not text.strip():
                raise ApiError.bad_request("menu button text must be non-empty")
            if not isinstance(url, str) or not url.startswith("https://"):
                raise ApiError.bad_request("BUTTON_URL_INVALID")
        self.state.menu_buttons[chat_id] = button
        self.state.bump()
        return True

    async def getChatMenuButton(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        chat_id = self._chat(params)["id"] if params.get("chat_id") not in (None, "") else None
        return self.state.menu_buttons.get(chat_id, self.state.menu_buttons.get(None, {"type": "default"}))

    # ----------------------------------------------------------------------------------- helpers

    def _chat(self, params: JsonDict) -> JsonDict:
        if params.get("chat_id") in (None, ""):
            raise ApiError.bad_request("chat_id is empty")
        try:
            chat_id = as_int(params, "chat_id")
        except ApiError:
            chat_id = None  # "@channelusername": the fake has no public chats
        return self.state.chat(chat_id)

    def _scope(self, params: JsonDict) -> tuple[str, str]:
        return self.state.scope_key(params.get("scope"), params.get("language_code"))

    def _input_document(self, params: JsonDict, files: dict[str, UploadedFile]) -> UploadedFile | FileBlob:
        upload = files.get("document")
        if upload is not None:
            if not upload.data:
                raise ApiError.bad_request("file must be non-empty")
            if len(upload.data) > BOT_UPLOAD_LIMIT:
                raise ApiError(413, "Request Entity Too Large")
            return upload
        value = params.get("document")
        if value is None:
            raise ApiError.bad_request("there is no document in the request")
        known = self.state.files_by_id.get(str(value))
        if known is None:
            raise ApiError.bad_request("wrong file identifier/HTTP URL specified")
        return known  # resending by file_id, as Telegram allows

    def _store(self, upload: UploadedFile) -> FileBlob:
        return self.state.store_file(upload.data, upload.filename, upload.content_type, "documents")
