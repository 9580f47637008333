"""Reporting deadlines and working days: the one home of these rules, for /report Q3, /status and reminders.

Pure functions of dates. Days are local (Europe/Kyiv unless configured) wall-clock days. None of them
overflows: a date the calendar cannot reach (past 31.12.9999) is an ``OutOfCalendar`` error, a ValueError,
so that one bad deadline is an error its caller can set aside, never an OverflowError in the middle of
working out everyone's reminders. Deadlines people set are kept within ``deadline_range``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

_SEARCH_DAYS = 400  # a year of listed holidays would be a configuration error, not a loop
YEARS_AFTER_TERM = 2  # a report on a program's last year is due the next year; two years leave room


class OutOfCalendar(ValueError):
    """A date before 1 January of year 1 or after 31 December 9999 would be needed."""


def deadline_range(start_year: int, end_year: int) -> tuple[dt.date, dt.date]:
    """The deadlines that make sense for a program of these years: from the first day of its term to
    the last day of the second year after it."""
    return dt.date(start_year, 1, 1), dt.date(min(end_year + YEARS_AFTER_TERM, dt.MAXYEAR), 12, 31)


def shift(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` (either way)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise OutOfCalendar(f"{day.isoformat()} {days:+d} days is outside the calendar") from None


def moment_after(moment: dt.datetime, days: int) -> dt.datetime:
    """``moment`` plus ``days``; the end of the calendar when that is past it (an upper bound stays one)."""
    try:
        return moment + dt.timedelta(days=days)
    except OverflowError:
        return dt.datetime.max.replace(tzinfo=moment.tzinfo)


def quarter_deadline(year: int, quarter: int, days_after: int) -> dt.date:
    """The last day of the quarter plus ``days_after`` days (Q1: 31.03 + 10 = 10.04; Q4's lands in the
    next year)."""
    if quarter == 4 and year >= dt.MAXYEAR:
        raise OutOfCalendar(f"the fourth quarter of {year} ends outside the calendar")
    first_of_next = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1)
    return shift(first_of_next, days_after - 1)


def quarter_start(year: int, quarter: int, tz: ZoneInfo) -> dt.datetime:
    """00:00 local time on the quarter's first day: a quarter's reports are the ones made since."""
    return dt.datetime(year, 3 * quarter - 2, 1, tzinfo=tz)


def end_of_day(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The last moment of ``day``: the state a report "as it stood on the deadline" shows."""
    return dt.datetime.combine(day, dt.time.max).replace(tzinfo=tz)


def day_end(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """Midnight after ``day`` (exclusive): a deadline day is useful to remind of until then. After the
    calendar's last day: its last moment."""
    if day == dt.date.max:
        return dt.datetime.max.replace(tzinfo=tz)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)


def is_working_day(day: dt.date, non_working_days: Collection[dt.date] = ()) -> bool:
    """Monday to Friday, and not a listed holiday (NON_WORKING_DAYS)."""
    return day.weekday() < 5 and day not in non_working_days


def working_day_on_or_before(day: dt.date, non_working_days: Collection[dt.date] = ()) -> dt.date:
    for _ in range(_SEARCH_DAYS):
        if is_working_day(day, non_working_days):
            return day
        day = shift(day, -1)
    raise ValueError(f"no working day within {_SEARCH_DAYS} days: check NON_WORKING_DAYS")


def working_day_after(day: dt.date, non_working_days: Collection[dt.date] = ()) -> dt.date:
    for _ in range(_SEARCH_DAYS):
        day = shift(day, 1)
        if is_working_day(day, non_working_days):
            return day
    raise ValueError(f"no working day within {_SEARCH_DAYS} days: check NON_WORKING_DAYS")
