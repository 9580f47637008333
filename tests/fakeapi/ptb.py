"""Wiring a real python-telegram-bot ``Application`` to the fake server."""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator, Sequence

from telegram.ext import Application, ApplicationBuilder

from .server import FakeBotApi

__all__ = ["POLL_INTERVAL", "application_builder", "running"]

# PTB's polling loop sleeps 1 s after a failed getUpdates when poll_interval is 0, but only
# 1.5 * poll_interval when it is not (telegram/ext/_utils/networkloop.py), so a tiny non-zero interval
# keeps recovery from injected getUpdates faults fast while adding only 10 ms between polls.
POLL_INTERVAL = 0.01


def application_builder(fake: FakeBotApi) -> ApplicationBuilder:
    """``Application.builder()`` with token and URLs pointing at the fake; add handlers/options as usual."""
    return Application.builder().token(fake.token).base_url(fake.base_url).base_file_url(fake.base_file_url)


@contextlib.asynccontextmanager
async def running(
    app: Application,
    *,
    poll_interval: float = POLL_INTERVAL,
    poll_timeout: int = 10,
    allowed_updates: Sequence[str] | None = None,
) -> AsyncIterator[Application]:
    """Initialize, start and poll; on exit stop polling, stop and shut down — even after a failure.

    The long-poll ``poll_timeout`` does not slow tests: a new update wakes the pending getUpdates at once,
    and ``Updater.stop()`` cancels the pending request instead of waiting for it.
    """
    await app.initialize()
    try:
        await app.start()
        try:
            assert app.updater is not None, "build the Application with an Updater (the default)"
            await app.updater.start_polling(
                poll_interval=poll_interval,
                timeout=dtm.timedelta(seconds=poll_timeout),
                allowed_updates=allowed_updates,
            )
            try:
                yield app
            finally:
                if app.updater.running:
                    await app.updater.stop()
        finally:
            if app.running:
                await app.stop()
    finally:
        await app.shutdown()
