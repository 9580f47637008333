"""Numbers, dates and user text as a Ukrainian reader expects them in a Telegram message."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal

from bot import texts
from storage.models import Program

LOCALE = "uk_UA"
MESSAGE_LIMIT = 4096  # Telegram's limit on one message's text


@lru_cache(maxsize=4096)  # Babel parses the pattern on every call; the same few amounts recur all the time
def amount(value: Decimal | None) -> str:
    """Thousand UAH: decimal comma, grouped thousands, at least one decimal like the official form."""
    if value is None:
        return texts.NOT_GIVEN
    return format_decimal(value, format="#,##0.0##", locale=LOCALE)


@lru_cache(maxsize=1024)
def percent(value: Decimal | None) -> str:
    if value is None:
        return texts.NOT_GIVEN
    return format_decimal(value, format="0.0#", locale=LOCALE) + " %"


def date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def clip(text: str, limit: int) -> str:
    """Shorten for display only; what is stored is never clipped."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def button_label(text: str, limit: int = 60) -> str:
    return clip(" ".join(text.split()), limit)


def program_label(program: Program, limit: int = 60) -> str:
    """A program as people call it: the name inside «» when there is one (several start alike)."""
    quoted = re.search(r"«([^»]+)»", program.name)
    name = quoted.group(1) if quoted else program.name
    # "Житомирська міська ОТГ – територія рівних можливостей": the part after the dash tells them apart.
    tail = re.split(r"\s[–—-]\s", name)[-1].strip()
    return button_label(tail or name, limit)
