"""Reporting deadlines and working days: the one home of these rules, for /report Q3, /status and reminders.

Pure functions of dates. Days are local (Europe/Kyiv unless configured) wall-clock days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

_SEARCH_DAYS = 400  # a year of listed holidays would be a configuration error, not a loop


def quarter_deadline(year: int, quarter: int, days_after: int) -> dt.date:
    """The last day of the quarter plus ``days_after`` days (Q1: 31.03 + 10 = 10.04; Q4's lands in the
    next year)."""
    first_of_next = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1)
    return first_of_next - dt.timedelta(days=1) + dt.timedelta(days=days_after)


def quarter_start(year: int, quarter: int, tz: ZoneInfo) -> dt.datetime:
    """00:00 local time on the quarter's first day: a quarter's reports are the ones made since."""
    return dt.datetime(year, 3 * quarter - 2, 1, tzinfo=tz)


def end_of_day(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The last moment of ``day``: the state a report "as it stood on the deadline" shows."""
    return dt.datetime.combine(day, dt.time.max).replace(tzinfo=tz)


def day_end(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """Midnight after ``day`` (exclusive): a deadline day is useful to remind of until then."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)


def is_working_day(day: dt.date, non_working_days: Collection[dt.date] = ()) -> bool:
    """Monday to Friday, and not a listed holiday (NON_WORKING_DAYS)."""
    return day.weekday() < 5 and day not in non_working_days


def working_day_on_or_before(day: dt.date, non_working_days: Collection[dt.date] = ()) -> dt.date:
    for _ in range(_SEARCH_DAYS):
        if is_working_day(day, non_working_days):
            return day
        day -= dt.timedelta(days=1)
    raise ValueError(f"no working day within {_SEARCH_DAYS} days: check NON_WORKING_DAYS")


def working_day_after(day: dt.date, non_working_days: Collection[dt.date] = ()) -> dt.date:
    for _ in range(_SEARCH_DAYS):
        day += dt.timedelta(days=1)
        if is_working_day(day, non_working_days):
            return day
    raise ValueError(f"no working day within {_SEARCH_DAYS} days: check NON_WORKING_DAYS")
