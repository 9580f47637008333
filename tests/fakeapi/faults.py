"""Fault injection: scripted and random failures, slow answers, blocked users, flood limits."""

from __future__ import annotations

import asyncio
import math
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import ApiError, default_description
from .records import JsonDict

__all__ = ["Fault", "FaultInjection"]

# Methods that create a message count towards flood limits; these and edits are refused for a blocked user.
_MESSAGE_METHODS = frozenset({"sendmessage", "senddocument"})
_CHAT_METHODS = _MESSAGE_METHODS | {"sendchataction", "editmessagetext"}
# Polling and bootstrap calls are excluded from random faults by default: how many getUpdates calls
# happen depends on timing, so letting them draw from the seeded RNG would make the failure pattern
# of the interesting calls (sendMessage, ...) differ from run to run.
_POLLING_METHODS = frozenset({"getupdates", "getme", "deletewebhook"})


@dataclass
class Fault:
    status: int
    description: str
    parameters: JsonDict | None
    body: bytes | None  # replaces the JSON error body when set
    times: int = 1


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
    window: deque[float] = field(default_factory=deque)


def _too_many_requests(retry_after: int) -> Fault:
    return Fault(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}, None)


class FaultInjection:
    """The test's controls for making the fake fail; method names are case-insensitive, like Telegram's."""

    def __init__(self, methods: Iterable[str]) -> None:
        self._known_methods = frozenset(m.lower() for m in methods)
        self._faults: dict[str, deque[Fault]] = {}
        self._random_faults: _RandomFaults | None = None
        self._delays: dict[str, tuple[float, bool]] = {}
        self._blocked: set[int] = set()
        self._kicked: set[int] = set()
        self._deactivated: set[int] = set()
        self._rate_limit: _RateLimit | None = None

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
                description = default_description(status)
        raw = body.encode() if isinstance(body, str) else body
        self._faults.setdefault(key, deque()).append(Fault(status, description, parameters, raw, times))

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
        deleteWebhook), whose call count depends on timing. ``share=0`` switches it off.
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

    def deactivate(self, user_id: int) -> None:
        """The user deleted their Telegram account: sending to them gives 403 "user is deactivated", for good."""
        self._deactivated.add(user_id)

    def kick(self, chat_id: int) -> None:
        """The bot was removed from the group: sending to it gives 403 "bot was kicked from the group chat"."""
        self._kicked.add(chat_id)

    def rate_limit(self, per_second: int | None) -> None:
        """Answer 429 with retry_after when message-sending calls exceed ``per_second`` in any rolling
        second; None switches the limit off."""
        self._rate_limit = _RateLimit(per_second) if per_second is not None else None

    # ------------------------------------------------------------------- used while answering a call

    def delay_for(self, key: str) -> tuple[float, bool]:
        """(seconds, deliver_first) for a call of the method ``key`` (lowercase)."""
        return self._delays.get(key, (0.0, False))

    def injected_fault(self, key: str) -> Fault | None:
        """The scripted or random failure this call gets instead of an answer, if any."""
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
            return _too_many_requests(rf.retry_after)
        return Fault(status, default_description(status), None, None)

    def check_chat_allowed(self, key: str, chat_id: int) -> None:
        """Refuse a call the way Telegram's servers would for a blocked user or a flooding bot."""
        if key in _CHAT_METHODS and chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if key in _CHAT_METHODS and chat_id in self._deactivated:
            raise ApiError(403, "Forbidden: user is deactivated")
        if key in _CHAT_METHODS and chat_id in self._kicked:
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        limit = self._rate_limit
        if limit is None or key not in _MESSAGE_METHODS:
            return
        now = asyncio.get_running_loop().time()
        window = limit.window
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= limit.per_second:
            fault = _too_many_requests(max(1, math.ceil(window[0] + 1.0 - now)))
            raise ApiError(fault.status, fault.description, fault.parameters)
        window.append(now)

    def _known_method(self, method: str) -> str:
        key = method.lower()
        if key not in self._known_methods:
            # A typo in a fault's method name would otherwise make the fault silently never fire.
            raise ValueError(f"the fake does not implement {method!r}")
        return key
