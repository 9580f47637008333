"""What a test reads from the fake and waits for: calls, messages, keyboards, commands, answers.

The waiting helpers take a ``timeout`` argument (ruff ASYNC109 is silenced for them) because running
out of time is an expected outcome they report — as False or as an AssertionError listing what did
happen — rather than a cancellation the caller should arrange with ``asyncio.timeout``.
"""

from __future__ import annotations

from collections.abc import Callable

from .conversation import ChatReader
from .records import ApiCall, BotMessage, JsonDict
from .state import State
from .validation import inline_rows

__all__ = ["Queries"]


class Queries(State):
    # --------------------------------------------------------------------------------- waiting

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        """Wait until ``predicate()`` is true (re-checked on every state change); False on timeout."""
        return await self.changes.wait_until(predicate, timeout)

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
        if not await self.wait_until(lambda: not self.updates, timeout):
            raise AssertionError(f"{len(self.updates)} update(s) not fetched by the bot within {timeout}s")

    async def wait_idle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until all updates are confirmed and no API call (other than long polling) is in flight.

        This cannot see work the bot does between API calls, so prefer waiting for an observable
        effect (``next_message``, ``wait_for_call``) when there is one.
        """
        if not await self.wait_until(lambda: not self.updates and self.in_flight == 0, timeout):
            raise AssertionError(f"bot not idle within {timeout}s: {len(self.updates)} update(s) pending")

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

    # ----------------------------------------------------------------------------------- reading

    def calls_to(self, method: str) -> list[ApiCall]:
        """Logged calls of one method (case-insensitive, like Telegram's method names)."""
        wanted = method.lower()
        return [c for c in self.calls if c.method.lower() == wanted]

    def reader(self, chat_id: int) -> ChatReader:
        """A fresh cursor over the bot's messages to any chat (e.g. a group)."""
        return ChatReader(self, chat_id)  # type: ignore[arg-type]

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
        stored = self.stored(event.chat_id, event.message_id)
        if stored is None:
            return None
        return self._snapshot(event.chat_id, stored, kind=event.kind, method=event.method, seq=event.seq)

    def latest_with_inline_keyboard(self, chat_id: int) -> BotMessage | None:
        messages = self.history.get(chat_id, {})
        for message_id in sorted(messages, reverse=True):
            stored = messages[message_id]
            if stored.from_bot and inline_rows(stored.markup):
                return self._snapshot(chat_id, stored, kind="message", method="", seq=0)
        return None

    def reply_keyboard(self, chat_id: int) -> list[list[str]] | None:
        """Labels of the reply keyboard the user currently sees in the chat, if any."""
        markup = self.reply_keyboards.get(chat_id)
        if markup is None:
            return None
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in markup["keyboard"]]

    def commands(self, scope: JsonDict | str | int | None = None, language_code: str = "") -> list[JsonDict]:
        """Commands set for a scope: None = default, an int = that chat, a str = a scope type."""
        if scope is None:
            scope = {"type": "default"}
        elif isinstance(scope, int):
            scope = {"type": "chat", "chat_id": scope}
        elif isinstance(scope, str):
            scope = {"type": scope}
        return list(self.commands_by_scope.get(self.scope_key(scope, language_code), []))

    @property
    def unanswered_callbacks(self) -> list[str]:
        return [qid for qid, info in self.callback_queries.items() if not info["answered"]]
