import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.arguments import (
    ArgumentError,
    PeriodArg,
    parse_date,
    parse_measure_number,
    parse_period,
    refuse_extra,
)
from storage.deadlines import (
    Interim,
    OutOfCalendar,
    day_end,
    deadline_range,
    end_of_day,
    is_working_day,
    moment_after,
    quarter_deadline,
    working_day_after,
    working_day_on_or_before,
)


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("args", "expected"),
    [([], PeriodArg(None)), (["2023"], PeriodArg(2023)), (["2023", "Q3"], PeriodArg(2023, Interim.Q3)),
     (["2023", "к4"], PeriodArg(2023, Interim.Q4)), (["2024", "q1"], PeriodArg(2024, Interim.Q1)),
     (["2024", "H1"], PeriodArg(2024, Interim.H1)), (["2024", "9M"], PeriodArg(2024, Interim.M9)),
     (["2024", "9м"], PeriodArg(2024, Interim.M9))],
)  # fmt: skip
def test_periods(args: list[str], expected: PeriodArg) -> None:
    assert parse_period(args) == expected


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("args", "reason"),
    [(["23"], "bad_year"), (["двадцять"], "bad_year"), (["2023", "Q5"], "bad_quarter"),
     (["2023", "Q3", "x"], "too_many"), (["1999"], "bad_year")],
)  # fmt: skip
def test_bad_periods(args: list[str], reason: str) -> None:
    with pytest.raises(ArgumentError) as info:
        parse_period(args)
    assert info.value.reason == reason


def test_extra_arguments_are_named() -> None:
    refuse_extra(["2023"], 1)
    with pytest.raises(ArgumentError) as info:
        refuse_extra(["2023", "Q3", "x", "y"], 2)
    assert (info.value.reason, info.value.value) == ("too_many", "x y")
    with pytest.raises(ArgumentError) as info:
        parse_period(["2023", "Q3", "x"])
    assert info.value.value == "x"


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


def test_any_real_date_is_read_and_the_range_is_the_actions() -> None:
    # Whether a deadline makes sense is actions.periods' rule (tests/test_actions_coordination.py).
    earliest, latest = deadline_range(2020, 2025)
    assert (earliest, latest) == (dt.date(2020, 1, 1), dt.date(2027, 12, 31))
    assert parse_date("9999-12-31") == parse_date("31.12.9999") == dt.date.max
    assert parse_date("01.01.0001") == dt.date.min
    assert deadline_range(2020, 9999)[1] == dt.date.max
    with pytest.raises(ArgumentError):
        parse_date("2024-W03-1")  # only the two forms people are shown


def test_deadline_arithmetic_never_overflows() -> None:
    kyiv = ZoneInfo("Europe/Kyiv")
    last = dt.date.max  # a Friday
    assert day_end(last, kyiv) == dt.datetime.max.replace(tzinfo=kyiv)
    assert day_end(last, kyiv) > dt.datetime.now(dt.UTC)
    with pytest.raises(OutOfCalendar):
        working_day_after(last)
    with pytest.raises(OutOfCalendar):
        working_day_after(dt.date(9999, 12, 30), {last})
    first = dt.date.min  # a Monday: a working day, unless it is a holiday
    assert is_working_day(first) and working_day_on_or_before(first) == first
    with pytest.raises(OutOfCalendar):
        working_day_on_or_before(first, {first})
    with pytest.raises(ValueError):
        quarter_deadline(9999, 4, 10)
    with pytest.raises(OutOfCalendar):
        quarter_deadline(9999, 3, 100)
    assert moment_after(dt.datetime(9999, 12, 31, 10, tzinfo=kyiv), 3) == dt.datetime.max.replace(tzinfo=kyiv)
    assert isinstance(OutOfCalendar("x"), ValueError)
