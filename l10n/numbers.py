"""Numbers as a Ukrainian reader expects them: decimal comma, grouped thousands, the form's one decimal."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal

from l10n.catalog import t

BABEL_LOCALE = "uk_UA"


@lru_cache(maxsize=4096)  # Babel parses the pattern on every call; the same few amounts recur all the time
def amount(value: Decimal | None) -> str:
    """Thousand UAH: decimal comma, grouped thousands, at least one decimal like the official form."""
    if value is None:
        return t("value-not-given")
    return format_decimal(value, format="#,##0.0##", locale=BABEL_LOCALE)


def money(value: Decimal | None) -> str:
    """An amount with its unit, «12,5 тис. грн»; «—» when not given (no unit on nothing)."""
    return t("value-not-given") if value is None else t("money", value=amount(value))


@lru_cache(maxsize=1024)
def percent(value: Decimal | None) -> str:
    """A percent with its sign: «93,8 %»."""
    if value is None:
        return t("value-not-given")
    return format_decimal(value, format="0.0#", locale=BABEL_LOCALE) + " %"


@lru_cache(maxsize=1024)
def number(value: Decimal | None) -> str:
    """A bare figure in the form's style (a percent cell, a printed total): «93,8», «0,0»."""
    if value is None:
        return t("value-not-given")
    return format_decimal(value, format="0.0##", locale=BABEL_LOCALE)
