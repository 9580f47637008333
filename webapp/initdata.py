"""Telegram's ``initData`` checked as Telegram specifies for Mini Apps (pure: no I/O, no clock of its own).

The data-check-string is every field but ``hash``, as ``key=value``, sorted by key, joined by newlines; the
secret key is HMAC-SHA256 of the bot token with the key ``WebAppData``; ``hash`` must be the hex HMAC-SHA256 of
the data-check-string with that secret key, compared in constant time. ``auth_date`` (seconds since the epoch,
set by Telegram when it signed) bounds the data's age. Anything else is refused with a code (no words here:
the front end says them).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl

MAX_LENGTH = 8192  # Telegram's initData is a few hundred bytes; more is not Telegram's
FUTURE_SKEW = 300  # seconds an auth_date may lie ahead of our clock (clocks drift)
# auth_date: seconds since the epoch in plain digits, as Telegram writes them (int() forgives more)
AUTH_DATE = re.compile(r"[0-9]{1,12}")
MAX_USER_ID = 2**63 - 1  # a Telegram id is a 64-bit integer (SQLite's INTEGER holds no more)


class Problem(StrEnum):
    MISSING = "missing"  # no initData at all
    MALFORMED = "malformed"  # not a query string, a field twice, too long, no usable user
    NO_HASH = "no-hash"
    FORGED = "forged"  # the hash does not match: another token, or a field changed
    EXPIRED = "expired"  # auth_date too old (or from the future)


class InitDataError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class WebAppUser:
    user_id: int
    name: str  # first and last name, as the history records an author
    auth_date: int
    query_id: str | None = None


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign(fields: dict[str, str], bot_token: str) -> str:
    """The ``hash`` Telegram puts beside the fields (the tests sign their own initData with it)."""
    return hmac.new(secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def check_init_data(raw: str | None, bot_token: str, *, now: float, max_age: float) -> WebAppUser:
    """The person the signed ``initData`` names; ``InitDataError`` with its problem otherwise."""
    if not raw:
        raise InitDataError(Problem.MISSING)
    if len(raw) > MAX_LENGTH:
        raise InitDataError(Problem.MALFORMED)
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise InitDataError(Problem.MALFORMED) from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError(Problem.MALFORMED)  # a field twice: which one was signed?
    given = fields.get("hash")
    if not given:
        raise InitDataError(Problem.NO_HASH)
    expected = sign(fields, bot_token)
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise InitDataError(Problem.FORGED)
    if not AUTH_DATE.fullmatch(fields.get("auth_date", "")):
        raise InitDataError(Problem.MALFORMED)
    auth_date = int(fields["auth_date"])
    if now - auth_date > max_age or auth_date - now > FUTURE_SKEW:
        raise InitDataError(Problem.EXPIRED)
    try:
        user = json.loads(fields.get("user", ""))
        user_id = user["id"]
    except (ValueError, TypeError, KeyError):
        raise InitDataError(Problem.MALFORMED) from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id <= MAX_USER_ID:
        raise InitDataError(Problem.MALFORMED)
    name = " ".join(str(user.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
    return WebAppUser(user_id, name or str(user_id), auth_date, fields.get("query_id"))
