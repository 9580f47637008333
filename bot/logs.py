"""Logging that never shows the bot token, even where libraries log request URLs that carry it."""

from __future__ import annotations

import logging


def masked(token: str) -> str:
    """The token as it may be shown: the numeric bot id before the colon is public, the rest is secret."""
    return token.split(":", 1)[0] + ":***"


def redact(text: str, token: str) -> str:
    """``text`` with the token masked wherever it occurs (a library's URL, an exception's message)."""
    return text.replace(token, masked(token)) if token and token in text else text


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg = redact(message, self._token)
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if self._token in text:
                record.exc_text = redact(text, self._token)
                record.exc_info = None
                record.msg = f"{record.msg}\n{record.exc_text}"
                record.exc_text = None
        return True


def setup_logging(token: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request line (token included, masked by the filter) at INFO: noise unless debugging.
    quiet = logging.DEBUG if root.level <= logging.DEBUG else logging.WARNING
    for name in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(name).setLevel(quiet)
