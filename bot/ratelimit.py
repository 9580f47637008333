"""Telegram's flood limits with people first, plus retries of failed requests.

**Priority.** Every request that goes to a chat takes a slot of one overall budget: one message every
1/R seconds (R = RATE_LIMIT_PER_SECOND, Telegram allows about 30), evenly paced, so a fan-out never bursts
into 429s at window edges. Two classes wait for slots:

- interactive (the default): replies to people. They take the next free slot, ahead of every bulk request
  waiting, so a person who taps a button during a fan-out of thousands of reminders waits at most for the
  one slot already handed out, not behind the fan-out;
- bulk: reminders, digests, a coordinator's «Нагадати» (``rate_limit_args=BULK``). They get only the slots
  no interactive request wants, and at most one message per chat per second (Telegram's per-chat limit).

Requests without a chat (getUpdates, answerCallbackQuery, getMe) are not paced, as in PTB's AIORateLimiter.
A 429 (RetryAfter) stops every paced request until Telegram's ``retry_after`` has passed, then the request
is retried (up to ``max_retries`` times).

**Retries.** Telegram and the network between fail now and then with a 5xx or a dropped connection; one lost
``sendMessage`` would leave a person staring at a question that never came. Such failures are retried a
few times with a short backoff. Not retried: a 400 (the request itself is wrong), a 403 (the user blocked
the bot), and a timeout (the request may have arrived: a retry could show a message twice).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

log = logging.getLogger("zvitbot.network")
BACKOFF = (0.2, 0.5, 1.0)
NOT_RETRIED = {"getUpdates", "getMe", "close", "logOut"}  # polling and start-up retry on their own

BULK: dict[str, Any] = {"bulk": True}  # rate_limit_args of a bulk send
# ... of a bulk send whose slot was reserved (PriorityRateLimiter.reserve) before it: not paced again
BULK_RESERVED: dict[str, Any] = {"bulk": True, "reserved": True}
PER_CHAT_INTERVAL = 1.0  # seconds between two bulk messages to one chat


def is_bulk(rate_limit_args: object) -> bool:
    return isinstance(rate_limit_args, dict) and bool(rate_limit_args.get("bulk"))


class _Waiter:
    __slots__ = ("chat", "future")

    def __init__(self, chat: object, future: asyncio.Future[None]) -> None:
        self.chat = chat
        self.future = future


class PriorityPacer:
    """Hands out slots one every ``interval`` seconds: interactive waiters first, bulk ones after.

    One dispatcher task runs while anybody waits; a request that finds the pacer idle and a slot free
    takes it at once, without a task switch.
    """

    def __init__(self, per_second: float, per_chat_interval: float = PER_CHAT_INTERVAL) -> None:
        self.interval = 1 / per_second
        self.per_chat_interval = per_chat_interval
        self._next = 0.0  # loop time of the next free slot
        self._paused_until = 0.0  # a 429's retry_after
        self._interactive: deque[asyncio.Future[None]] = deque()
        self._bulk: deque[_Waiter] = deque()
        self._last_bulk: dict[object, float] = {}  # chat -> loop time of its last bulk slot
        self._dispatcher: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    def pause(self, seconds: float) -> None:
        now = asyncio.get_running_loop().time()
        self._paused_until = max(self._paused_until, now + seconds)
        self._wake.set()

    async def acquire(self, chat: object, bulk: bool) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not bulk and not self._interactive and now >= self._next and now >= self._paused_until:
            self._next = now + self.interval
            return
        future: asyncio.Future[None] = loop.create_future()
        if bulk:
            self._bulk.append(_Waiter(chat, future))
        else:
            self._interactive.append(future)
        self._wake.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="rate-limiter")
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                pass  # the slot was ours; it is simply not used
            elif bulk:
                self._bulk = deque(w for w in self._bulk if w.future is not future)
            else:
                self._interactive = deque(f for f in self._interactive if f is not future)
            raise

    def _next_bulk(self, now: float) -> tuple[_Waiter | None, float]:
        """The first bulk waiter whose chat may get a message now, or when the earliest one may."""
        earliest = float("inf")
        for waiter in self._bulk:
            if waiter.future.done():
                continue
            ready = self._last_bulk.get(waiter.chat, -1e9) + self.per_chat_interval
            if ready <= now:
                return waiter, now
            earliest = min(earliest, ready)
        return None, earliest

    async def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            while self._interactive and self._interactive[0].done():
                self._interactive.popleft()
            self._bulk = deque(w for w in self._bulk if not w.future.done()) if self._bulk else self._bulk
            if not self._interactive and not self._bulk:
                self._dispatcher = None
                return
            now = loop.time()
            start = max(self._next, self._paused_until)
            if now < start:
                await self._sleep(start - now)
                continue
            if self._interactive:
                self._interactive.popleft().set_result(None)
                self._next = now + self.interval
                continue
            waiter, ready = self._next_bulk(now)
            if waiter is None:
                await self._sleep(ready - now)
                continue
            self._bulk.remove(waiter)
            waiter.future.set_result(None)
            self._next = now + self.interval
            self._last_bulk[waiter.chat] = now
            if len(self._last_bulk) > 4096:
                cutoff = now - self.per_chat_interval
                self._last_bulk = {c: t for c, t in self._last_bulk.items() if t > cutoff}

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake early when an interactive request or a pause arrives."""
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=max(seconds, 0))
        except TimeoutError:
            pass


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    def __init__(self, per_second: float, *, max_retries: int = 3) -> None:
        self.per_second = per_second
        self.max_retries = max_retries
        self._pacer: PriorityPacer | None = None

    @property
    def pacer(self) -> PriorityPacer:
        if self._pacer is None:
            self._pacer = PriorityPacer(self.per_second)
        return self._pacer

    async def reserve(self, chat: object) -> None:
        """Wait for a bulk slot to ``chat`` now; the send that follows passes ``BULK_RESERVED``.

        The reminders claim their key only once they have the slot: what is claimed and not yet recorded
        is then only what is really on the wire, not everything waiting behind people's replies.
        """
        await self.pacer.acquire(chat, bulk=True)

    async def initialize(self) -> None:
        """Nothing to set up: the pacer is made on first use, in the running loop."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | JSONDict | list[JSONDict]:
        reserved = isinstance(rate_limit_args, dict) and bool(rate_limit_args.get("reserved"))
        for delay in (*BACKOFF, None):
            try:
                return await self._limited(callback, args, kwargs, data, rate_limit_args, reserved)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                if delay is None or endpoint in NOT_RETRIED:
                    raise
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, exc.message, delay)
                reserved = False  # the reserved slot was used: a retry waits for a new one
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _limited(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
        reserved: bool,
    ) -> bool | JSONDict | list[JSONDict]:
        chat = data.get("chat_id")
        bulk = is_bulk(rate_limit_args)
        for attempt in range(self.max_retries + 1):
            if chat is not None and not (reserved and attempt == 0):
                await self.pacer.acquire(chat, bulk)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    log.error("rate limit hit after %d retries", self.max_retries)
                    raise
                sleep = exc._retry_after.total_seconds() + 0.1  # as PTB's own limiter reads it
                log.info("rate limit hit; retrying after %.1f s", sleep)
                self.pacer.pause(sleep)
                if chat is None:
                    await asyncio.sleep(sleep)
        raise AssertionError("unreachable")  # pragma: no cover
