"""Dates and moments for people: always in the reader's zone (Europe/Kyiv by default), never UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def date(value: dt.date) -> str:
    """«20.01.2025», as council documents write dates (the year in four digits even before 1000, which
    strftime does not pad)."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def moment(value: dt.datetime, tz: ZoneInfo) -> str:
    """«20.01.2025 14:05» in ``tz``: when something happened."""
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def shown(value: object, tz: ZoneInfo) -> object:
    """A value as a message shows it: a moment in ``tz``, a day as a date, anything else as it is (the details
    of a refusal, said by every front end the same way)."""
    if isinstance(value, dt.datetime):
        return moment(value, tz)
    if isinstance(value, dt.date):
        return date(value)
    return value
