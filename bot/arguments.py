"""Command arguments typed by coordinators: years, interim periods, dates, measure numbers. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storage.deadlines import (
    DEFAULT_SCHEDULE,
    MAX_INTERIM_DAYS,
    Interim,
    InterimRule,
    InterimSchedule,
    period_end,
)

_YEAR = re.compile(r"^(20[0-9]{2})$")
_MEASURE = re.compile(r"^([0-9]{1,3}\.[0-9]{1,3})\.?$")


class ArgumentError(ValueError):
    """``reason`` selects the wording of the catalog's ``argument-error``."""

    def __init__(self, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


def refuse_extra(args: list[str], takes: int) -> None:
    """A command that understands at most ``takes`` arguments: more raise ``too_many``, naming the extra ones."""
    if len(args) > takes:
        raise ArgumentError("too_many", " ".join(args[takes:]))


@dataclass(frozen=True)
class PeriodArg:
    year: int | None  # None: not given, the caller picks a default
    interim: Interim | None = None  # a quarter, the half-year or nine months; None: the whole year


def parse_interim(text: str) -> Interim:
    """``Q3`` (also ``К3``), ``H1``, ``9M``."""
    interim = Interim.typed(text)
    if interim is None:
        raise ArgumentError("bad_quarter", text)
    return interim


def parse_period(args: list[str]) -> PeriodArg:
    """``[]``, ``["2023"]``, ``["2023", "Q3"]`` (also ``К3``), ``["2024", "H1"]``, ``["2024", "9M"]``."""
    if not args:
        return PeriodArg(None)
    refuse_extra(args, 2)
    match = _YEAR.match(args[0].strip())
    if not match:
        raise ArgumentError("bad_year", args[0])
    interim = parse_interim(args[1]) if len(args) == 2 else None
    return PeriodArg(int(match.group(1)), interim)


def parse_date(text: str) -> dt.date:
    """``20.01.2024`` or ``2024-01-20``: any real date (whether it makes sense where it is given is the
    action's rule, e.g. ``actions.periods.require_deadline_in_range``)."""
    text = text.strip()
    try:
        if re.fullmatch(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}", text):
            day, month, year = (int(p) for p in text.split("."))
            parsed = dt.date(year, month, day)
        elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            parsed = dt.date.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError:
        raise ArgumentError("bad_date", text) from None
    return parsed


def parse_measure_number(text: str) -> str:
    match = _MEASURE.match(text.strip())
    if not match:
        raise ArgumentError("bad_measure", text)
    return match.group(1)


_DAY_MONTH = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.?$")
INTERIM_NONE = "off"  # /interim off: no interim reports, only the annual one
INTERIM_QUARTERS = "quarters"  # /interim quarters: the default


def parse_interim_schedule(args: list[str]) -> InterimSchedule:
    """``H1 05.07 9M 05.10``, ``Q1 Q2 Q3`` (each due QUARTER_DEADLINE_DAYS after its end), ``off``, ``quarters``.
    Raises ``ArgumentError`` with a reason of the catalog's ``interim-error``."""
    words = [a.strip() for a in args if a.strip()]
    if [w.lower() for w in words] == [INTERIM_NONE]:
        return InterimSchedule(())
    if [w.lower() for w in words] == [INTERIM_QUARTERS]:
        return DEFAULT_SCHEDULE
    rules: list[InterimRule] = []
    i = 0
    while i < len(words):
        start = i
        interim = parse_interim(words[i])
        day_month = None
        if i + 1 < len(words) and (match := _DAY_MONTH.match(words[i + 1])):
            day, month = int(match.group(1)), int(match.group(2))
            try:
                dt.date(2024, month, day)  # a leap year: 29.02 is a day
            except ValueError:
                raise ArgumentError("bad_day", words[i + 1]) from None
            day_month = (day, month)
            i += 1
        i += 1
        if any(r.interim.end_month == interim.end_month for r in rules):
            raise ArgumentError("same_end", words[start])
        rule = InterimRule(interim, day_month)
        if day_month is not None:
            end = period_end(2023, interim)
            if (rule.deadline(2023, 0) - end).days > MAX_INTERIM_DAYS:
                raise ArgumentError("too_late", f"{interim.value} {day_month[0]:02d}.{day_month[1]:02d}")
        rules.append(rule)
    if not rules:
        raise ArgumentError("empty")
    return InterimSchedule(tuple(sorted(rules, key=lambda r: r.interim.end_month)))
