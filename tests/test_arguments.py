import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.arguments import (
    ArgumentError,
    PeriodArg,
    parse_date,
    parse_measure_number,
    parse_period,
)
from storage.deadlines import Interim, end_of_day, quarter_deadline


@pytest.mark.parametrize(
    ("args", "expected"),
    [([], PeriodArg(None)), (["2023"], PeriodArg(2023)), (["2023", "Q3"], PeriodArg(2023, Interim.Q3)),
     (["2023", "к4"], PeriodArg(2023, Interim.Q4)), (["2024", "q1"], PeriodArg(2024, Interim.Q1)),
     (["2024", "H1"], PeriodArg(2024, Interim.H1)), (["2024", "9M"], PeriodArg(2024, Interim.M9)),
     (["2024", "9м"], PeriodArg(2024, Interim.M9))],
)  # fmt: skip
def test_periods(args: list[str], expected: PeriodArg) -> None:
    assert parse_period(args) == expected


@pytest.mark.parametrize(
    ("args", "reason"),
    [(["23"], "bad_year"), (["двадцять"], "bad_year"), (["2023", "Q5"], "bad_quarter"),
     (["2023", "Q3", "x"], "too_many"), (["1999"], "bad_year")],
)  # fmt: skip
def test_bad_periods(args: list[str], reason: str) -> None:
    with pytest.raises(ArgumentError) as info:
        parse_period(args)
    assert info.value.reason == reason


def test_dates_and_measures() -> None:
    assert parse_date("20.01.2024") == parse_date("2024-01-20") == dt.date(2024, 1, 20)
    with pytest.raises(ArgumentError):
        parse_date("31.02.2024")
    assert parse_measure_number("4.1") == parse_measure_number("4.1.") == "4.1"
    with pytest.raises(ArgumentError):
        parse_measure_number("четвертий")


def test_quarter_deadlines() -> None:
    assert quarter_deadline(2023, 1, 10) == dt.date(2023, 4, 10)
    assert quarter_deadline(2023, 3, 10) == dt.date(2023, 10, 10)
    assert quarter_deadline(2023, 4, 10) == dt.date(2024, 1, 10)
    assert quarter_deadline(2024, 1, 0) == dt.date(2024, 3, 31)
    kyiv = ZoneInfo("Europe/Kyiv")
    assert end_of_day(dt.date(2023, 10, 10), kyiv).utcoffset() == dt.timedelta(hours=3)
