"""The fake's change signal: every change to its state wakes the waiters whose condition now holds.

The server and the test share one asyncio event loop, so state is plain Python data with no locks and
nothing ever polls in a sleep loop: long-polling getUpdates and the test's waiting helpers register a
predicate here and are woken by ``bump()``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

__all__ = ["Changes"]


class Changes:
    def __init__(self) -> None:
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    def bump(self) -> None:
        """Something changed: wake the waiters whose predicate now holds.

        Checking the predicates here (not in each waiter after a wake-up) keeps hundreds of concurrent
        waiters cheap, and needs no lock, so sync code can signal.
        """
        if not self._waiters:
            return
        still: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            if predicate():
                future.set_result(None)
            else:
                still.append((predicate, future))
        self._waiters = still

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        """Wait until ``predicate()`` is true (re-checked on every change); False on timeout."""
        if predicate():
            return True
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        try:
            async with asyncio.timeout(timeout):
                await future
        except TimeoutError:
            return predicate()
        return True
