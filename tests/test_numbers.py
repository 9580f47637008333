from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from l10n import numbers as _numbers
from storage.measure_terms import parse_term
from storage.numbers import NumberError, NumberReason, parse_amount, parse_percent, percent_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        (" 0 ", "0"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),
        ("1\u202f234\u202f567.125", "1234567.125"),
        ("228,3", "228.3"),
    ],
)
def test_amounts_accepted(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", NumberReason.EMPTY),
        ("   ", NumberReason.EMPTY),
        ("-5", NumberReason.NEGATIVE),
        ("−5", NumberReason.NEGATIVE),
        ("п'ять", NumberReason.NOT_A_NUMBER),
        ("NaN", NumberReason.NOT_A_NUMBER),
        ("inf", NumberReason.NOT_A_NUMBER),
        ("Infinity", NumberReason.NOT_A_NUMBER),
        ("1e5", NumberReason.NOT_A_NUMBER),
        ("12,5,3", NumberReason.NOT_A_NUMBER),
        ("12 34", NumberReason.NOT_A_NUMBER),
        ("0x10", NumberReason.NOT_A_NUMBER),
        ("12,3456", NumberReason.TOO_MANY_PLACES),
        ("99999999999", NumberReason.TOO_LARGE),
        ("١٢", NumberReason.NOT_A_NUMBER),  # Arabic-Indic digits match \d in Python; not in a money field
    ],
)
def test_amounts_rejected(text: str, reason: NumberReason) -> None:
    with pytest.raises(NumberError) as info:
        parse_amount(text)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"), [("0", "0"), ("100", "100"), ("95,2", "95.2"), ("50%", "50"), ("33.33", "33.33")]
)
def test_percent_accepted(text: str, expected: str) -> None:
    assert parse_percent(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["101", "100,01", "-1", "abc", "12,345"])
def test_percent_rejected(text: str) -> None:
    with pytest.raises(NumberError):
        parse_percent(text)


def test_percent_rule() -> None:
    assert percent_of(Decimal("30.0"), Decimal("228.3")) == Decimal("13.1")
    assert percent_of(Decimal("10"), Decimal("10.5")) == Decimal("95.2")
    assert percent_of(Decimal("1"), Decimal("0")) is None


def test_terms() -> None:
    assert parse_term("2020-2025") == frozenset(range(2020, 2026))
    assert parse_term("2021, 2023") == frozenset({2021, 2023})
    assert parse_term("2022 – 2024") == frozenset({2022, 2023, 2024})
    assert parse_term("постійно") == frozenset()


# --- l10n.numbers: the same text as Babel's patterns, without Babel on every call ---------------------------

_BABEL = {"#,##0.0##": _numbers.amount, "0.0#": _numbers.percent, "0.0##": _numbers.number}


def _by_babel(value: Decimal, pattern: str) -> str:
    text = format_decimal(value, format=pattern, locale=_numbers.BABEL_LOCALE)
    return text + " %" if pattern == "0.0#" else text


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "-0",
        "0.0000",
        "-0.0005",
        "2.0005",
        "2.0015",
        "2.0025",
        "0.05",
        "0.005",
        "0.015",
        "12.34567",
        "999.9995",
        "999999.9996",
        "1234567.5",
        "-1234567.125",
        "1E+3",
        "1.50E+7",
        "0E-9",
        "123456789012.34",
        "100",
        "1000",
        "10000",
        "-999.95",
        "5E-4",
        "0.00049",
    ],
)
def test_figures_read_as_babel_writes_them(text: str) -> None:
    value = Decimal(text)
    for pattern, shown in _BABEL.items():
        assert shown.__wrapped__(value) == _by_babel(value, pattern), (text, pattern)


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=6)
    | st.integers(-(10**12), 10**12).map(Decimal)
)
def test_any_figure_reads_as_babel_writes_it(value: Decimal) -> None:
    for pattern, shown in _BABEL.items():
        assert shown.__wrapped__(value) == _by_babel(value, pattern)


def test_not_a_number_is_still_babels() -> None:
    for text in ("NaN", "Infinity", "-Infinity"):
        for pattern, shown in _BABEL.items():
            assert shown.__wrapped__(Decimal(text)) == _by_babel(Decimal(text), pattern)


def test_a_finite_figure_costs_no_babel_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Babel parses its pattern and looks the locale up on every call: 6,000 figures cost 0.2 s."""

    def slow(*args: object, **kwargs: object) -> str:
        raise AssertionError("format_decimal called")

    monkeypatch.setattr(_numbers, "format_decimal", slow)
    for shown in _BABEL.values():
        assert shown.__wrapped__(Decimal("1234.5"))
