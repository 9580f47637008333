"""Reading amounts and percentages typed by people or printed in documents, exactly.

Both the importer and the bot use these, so a number means the same thing wherever it comes from.
Errors carry a machine-readable ``reason``; the Ukrainian wording lives with whoever shows it.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

# Thousand UAH: a billion of them (a trillion hryvnias) is beyond any city's budget.
MAX_AMOUNT = Decimal("1000000000")
MAX_PLACES = 3  # thousand UAH to 3 places is one hryvnia
PERCENT_PLACES = 2
ONE_PLACE = Decimal("0.1")

# Grouping spaces people and word processors put into numbers: ordinary, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_GROUPED = re.compile(rf"^[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+(?:[.,][0-9]+)?$")
_PLAIN = re.compile(r"^[0-9]+(?:[.,][0-9]+)?$")
_MINUS = ("-", "\u2212", "\u2013")


class NumberReason(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    TOO_MANY_PLACES = "too_many_places"
    TOO_LARGE = "too_large"
    OUT_OF_RANGE = "out_of_range"


class NumberError(ValueError):
    def __init__(self, reason: NumberReason, text: str) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


def parse_decimal(text: str, *, max_places: int = MAX_PLACES, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """``12``, ``12,5``, ``12.5``, ``1 234,5`` -> Decimal. Never goes through float."""
    raw = text.strip()
    if not raw:
        raise NumberError(NumberReason.EMPTY, text)
    if raw.startswith(_MINUS) and _PLAIN.match(raw[1:].strip().replace(" ", "")):
        raise NumberError(NumberReason.NEGATIVE, text)
    if _GROUPED.match(raw):
        raw = re.sub(f"[{_SPACES}]", "", raw)
    elif not _PLAIN.match(raw):
        raise NumberError(NumberReason.NOT_A_NUMBER, text)
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise NumberError(NumberReason.NOT_A_NUMBER, text) from exc
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite by construction
    if -exponent > max_places:
        raise NumberError(NumberReason.TOO_MANY_PLACES, text)
    if value > maximum:
        raise NumberError(NumberReason.TOO_LARGE, text)
    return value


def parse_amount(text: str) -> Decimal:
    return parse_decimal(text)


def parse_percent(text: str) -> Decimal:
    raw = text.strip().removesuffix("%").strip()
    try:
        value = parse_decimal(raw, max_places=PERCENT_PLACES, maximum=Decimal(10) ** 6)
    except NumberError as exc:
        raise NumberError(exc.reason, text) from None
    if value > 100:
        raise NumberError(NumberReason.OUT_OF_RANGE, text)
    return value


def to_text(value: Decimal | None) -> str | None:
    """Canonical storage form: plain digits, no exponent."""
    if value is None:
        return None
    return format(value, "f")


def from_text(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def percent_of(financed: Decimal, plan: Decimal) -> Decimal | None:
    """The report's one rule for a totals row: financed / plan * 100, to one decimal, half up."""
    if plan == 0:
        return None
    return (financed / plan * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
