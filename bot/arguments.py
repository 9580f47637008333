"""Command arguments typed by coordinators: years, quarters, dates, measure numbers. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"^(20[0-9]{2})$")
_QUARTER = re.compile(r"^[QqКк]([1-4])$")
_MEASURE = re.compile(r"^([0-9]{1,3}\.[0-9]{1,3})\.?$")


class ArgumentError(ValueError):
    """``reason`` selects the wording of the catalog's ``argument-error``."""

    def __init__(self, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


@dataclass(frozen=True)
class PeriodArg:
    year: int | None  # None: not given, the caller picks a default
    quarter: int | None = None


def parse_period(args: list[str]) -> PeriodArg:
    """``[]``, ``["2023"]``, ``["2023", "Q3"]`` (also ``К3``)."""
    if not args:
        return PeriodArg(None)
    if len(args) > 2:
        raise ArgumentError("too_many", " ".join(args))
    match = _YEAR.match(args[0].strip())
    if not match:
        raise ArgumentError("bad_year", args[0])
    quarter = None
    if len(args) == 2:
        q = _QUARTER.match(args[1].strip())
        if not q:
            raise ArgumentError("bad_quarter", args[1])
        quarter = int(q.group(1))
    return PeriodArg(int(match.group(1)), quarter)


class DateOutOfRange(ArgumentError):
    """A real date, but not one that makes sense here: it must be within ``earliest``..``latest``."""

    def __init__(self, value: str, earliest: dt.date, latest: dt.date) -> None:
        super().__init__("date_out_of_range", value)
        self.earliest = earliest
        self.latest = latest


def parse_date(text: str, earliest: dt.date | None = None, latest: dt.date | None = None) -> dt.date:
    """``20.01.2024`` or ``2024-01-20``, within ``earliest``..``latest`` (both included) when given."""
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
    if (earliest is not None and parsed < earliest) or (latest is not None and parsed > latest):
        raise DateOutOfRange(text, earliest or dt.date.min, latest or dt.date.max)
    return parsed


def parse_measure_number(text: str) -> str:
    match = _MEASURE.match(text.strip())
    if not match:
        raise ArgumentError("bad_measure", text)
    return match.group(1)
