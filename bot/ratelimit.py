"""PTB's AIORateLimiter (Telegram's flood limits, 429s waited out) plus retries of failed requests.

Telegram and the network between fail now and then with a 5xx or a dropped connection; one lost
``sendMessage`` would leave a person staring at a question that never came. Such failures are retried a
few times with a short backoff. Not retried: a 400 (the request itself is wrong), a 403 (the user blocked
the bot), and a timeout (the request may have arrived: a retry could show a message twice).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger("zvitbot.network")
BACKOFF = (0.2, 0.5, 1.0)
NOT_RETRIED = {"getUpdates", "getMe", "close", "logOut"}  # polling and start-up retry on their own


class ResilientRateLimiter(AIORateLimiter):
    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        for delay in (*BACKOFF, None):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                if delay is None or endpoint in NOT_RETRIED:
                    raise
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, exc.message, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
