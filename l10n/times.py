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


def archive_time(value: dt.datetime, tz: ZoneInfo) -> tuple[int, int, int, int, int, int]:
    """A ZIP entry's date and time (``ZipInfo.date_time``): a ZIP holds a wall-clock time with no zone, and the
    programs that open it show it as it is, so it is ``value`` in ``tz``, not the server's zone (UTC). ZIP
    cannot date a file before 1980: such a moment is 01.01.1980 00:00."""
    local = value.astimezone(tz)
    if local.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (local.year, local.month, local.day, local.hour, local.minute, local.second // 2 * 2)


def shown(value: object, tz: ZoneInfo) -> object:
    """A value as a message shows it: a moment in ``tz``, a day as a date, anything else as it is (the details
    of a refusal, said by every front end the same way)."""
    if isinstance(value, dt.datetime):
        return moment(value, tz)
    if isinstance(value, dt.date):
        return date(value)
    return value
