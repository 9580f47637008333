"""Reporting deadlines and working days: the one home of these rules, for /report Q3 and H1, /status and reminders.

Pure functions of dates. Days are local (Europe/Kyiv unless configured) wall-clock days. None of them
overflows: a date the calendar cannot reach (past 31.12.9999) is an ``OutOfCalendar`` error, a ValueError,
so that one bad deadline is an error its caller can set aside, never an OverflowError in the middle of
working out everyone's reminders. Deadlines people set are kept within ``deadline_range``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

_SEARCH_DAYS = 400  # a year of listed holidays would be a configuration error, not a loop
YEARS_AFTER_TERM = 2  # a report on a program's last year is due the next year; two years leave room
DEFAULT_DAYS_AFTER = 10  # QUARTER_DEADLINE_DAYS' default: an interim report is due 10 days after its period


class OutOfCalendar(ValueError):
    """A date before 1 January of year 1 or after 31 December 9999 would be needed."""


def deadline_range(start_year: int, end_year: int) -> tuple[dt.date, dt.date]:
    """The deadlines that make sense for a report on a year of a program ending in ``end_year``: from the first
    day of ``start_year`` (the reported year's, never before it began) to the last day of the second year after
    the term."""
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
    return InterimRule(Interim(f"Q{quarter}")).deadline(year, days_after)


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


# --- interim reports: which ones a program requires, and when ---------------------------------------


# Q1-Q4, H1, 9M as coordinators type them, also with the Cyrillic letters that look the same (Ka for Q, En for
# H, Em for M: a Ukrainian keyboard's), written as escapes: storage holds no Ukrainian text.
_INTERIM_TYPED = re.compile(r"^(?:[Qq\u041a\u043a]([1-4])|([Hh\u041d\u043d]1)|(9[Mm\u041c\u043c]))$")


class Interim(StrEnum):
    """An interim report within a year: a quarter, the first half-year, nine months."""

    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"
    H1 = "H1"
    M9 = "9M"

    @property
    def start_month(self) -> int:
        """The first month the period covers (H1 and 9M cover the year from January)."""
        return {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}.get(self.value, 1)

    @property
    def end_month(self) -> int:
        return {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "9M": 9}[self.value]

    @property
    def quarter(self) -> int | None:
        return int(self.value[1]) if self.value.startswith("Q") else None

    @classmethod
    def typed(cls, text: str) -> Interim | None:
        """``Q3``, ``H1``, ``9M`` as a person types it (also with Cyrillic look-alike letters); None: not one."""
        match = _INTERIM_TYPED.match(text.strip())
        if not match:
            return None
        if match.group(1):
            return cls(f"Q{match.group(1)}")
        return cls.H1 if match.group(2) else cls.M9


def period_end(year: int, interim: Interim) -> dt.date:
    """The period's last day: Q1 31.03, H1 30.06, 9M 30.09, Q4 31.12."""
    month = interim.end_month
    first_of_next = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def as_of_date(year: int, interim: Interim) -> dt.date:
    """The date an interim report's figures stand at (its title says "as of 01.07.2024"): the day after its
    period's end. Its plans are those in force before that day began (``end_of_day(period_end(…))``)."""
    return shift(period_end(year, interim), 1)


MAX_INTERIM_DAYS = 92  # a deadline further from the period's end than a quarter is a typing error


@dataclass(frozen=True, slots=True)
class InterimRule:
    """One interim report a program requires: its period and the day and month executors report by (the
    first such day after the period's end: 05.01 for Q4 is in the next year); None: the period's end +
    ``QUARTER_DEADLINE_DAYS``."""

    interim: Interim
    day_month: tuple[int, int] | None = None

    def deadline(self, year: int, days_after: int) -> dt.date:
        end = period_end(year, self.interim)
        if self.day_month is None:
            return shift(end, days_after)
        day, month = self.day_month
        for y in (end.year, end.year + 1):
            if y > dt.MAXYEAR:
                raise OutOfCalendar(f"the {self.interim.value} report of {year} is due outside the calendar")
            candidate = dt.date(y, month, min(day, _month_days(y, month)))
            if candidate > end:
                return candidate
        raise AssertionError("unreachable: a date in the next year is after the period's end")


def _month_days(year: int, month: int) -> int:
    first_of_next = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (first_of_next - dt.timedelta(days=1)).day


@dataclass(frozen=True, slots=True)
class InterimDeadline:
    interim: Interim
    date: dt.date
    since: dt.date  # the first day whose submissions count as updated for this report


@dataclass(frozen=True, slots=True)
class InterimSchedule:
    """The interim reports a program requires, in the order of their periods' ends; empty: none (only the
    annual report). Stored per program (storage/interim.py); without a setting, ``DEFAULT_SCHEDULE``."""

    rules: tuple[InterimRule, ...]

    def __post_init__(self) -> None:
        ends = [r.interim.end_month for r in self.rules]
        if ends != sorted(set(ends)):
            raise ValueError("interim periods must end in different months, in order")

    def rule(self, interim: Interim) -> InterimRule | None:
        return next((r for r in self.rules if r.interim is interim), None)

    def deadlines(self, year: int, days_after: int) -> list[InterimDeadline]:
        """Each required report's deadline in ``year``; a report counts what was updated since its own
        period began, or since the previous required report's period ended, whichever is later (so the
        quarters count their quarter, and 9M after H1 counts July to September)."""
        found = []
        previous_end: dt.date | None = None
        for rule in self.rules:
            since = dt.date(year, rule.interim.start_month, 1)
            if previous_end is not None:
                since = max(since, previous_end + dt.timedelta(days=1))
            found.append(InterimDeadline(rule.interim, rule.deadline(year, days_after), since))
            previous_end = period_end(year, rule.interim)
        return found

    def spec(self) -> str:
        """As stored: ``Q1 Q2 H1=05.07 9M=05.10``; empty for none."""
        return " ".join(
            r.interim.value
            if r.day_month is None
            else f"{r.interim.value}={r.day_month[0]:02d}.{r.day_month[1]:02d}"
            for r in self.rules
        )

    @classmethod
    def from_spec(cls, spec: str) -> InterimSchedule:
        rules = []
        for part in spec.split():
            name, _, when = part.partition("=")
            day_month = tuple(int(p) for p in when.split(".")) if when else None
            rules.append(InterimRule(Interim(name), day_month))  # type: ignore[arg-type]
        return cls(tuple(rules))


DEFAULT_SCHEDULE = InterimSchedule(
    tuple(InterimRule(q) for q in (Interim.Q1, Interim.Q2, Interim.Q3, Interim.Q4))
)


def interim_deadline(year: int, interim: Interim, schedule: InterimSchedule, days_after: int) -> dt.date:
    """The deadline /report 2024 H1 shows the state at: the program's own for that report, else the
    period's end + ``days_after`` (QUARTER_DEADLINE_DAYS)."""
    rule = schedule.rule(interim) or InterimRule(interim)
    return rule.deadline(year, days_after)
