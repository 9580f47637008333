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


def parse_date(text: str) -> dt.date:
    """``20.01.2024`` or ``2024-01-20``."""
    text = text.strip()
    try:
        if re.fullmatch(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}", text):
            day, month, year = (int(p) for p in text.split("."))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentError("bad_date", text) from None


def parse_measure_number(text: str) -> str:
    match = _MEASURE.match(text.strip())
    if not match:
        raise ArgumentError("bad_measure", text)
    return match.group(1)
