"""One person's updates in order, different people's at the same time.

PTB processes updates one after another by default, so one slow reply (a report being built, a slow
network) holds up everyone. Fully concurrent processing would let two messages of the same person race
through the conversation. This processor serialises per user and runs users concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        key = None
        if isinstance(update, Update):
            user, chat = update.effective_user, update.effective_chat
            key = user.id if user is not None else chat.id if chat is not None else None
        if key is None:
            await coroutine
            return
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]  # nobody else waiting: forget the lock, the map stays small
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
