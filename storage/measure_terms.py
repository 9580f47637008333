"""Reading a measure's term as printed ("2020-2025", "2021, 2023") into the years it covers."""

from __future__ import annotations

import re
from functools import lru_cache

_RANGE = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")
_YEAR = re.compile(r"\d{4}")


def in_force_sql(year: str, measure: str = "m") -> str:
    """SQL: the measure (alias ``measure``) is part of the program in ``year`` (an SQL expression): added
    by an amendment by then, not retired yet. The same rule as ``storage.models.Measure.in_force``. ``year``
    appears twice: a ``?`` takes the year twice."""
    m = measure
    return f"(({m}.added_from IS NULL OR {m}.added_from <= {year}) AND ({m}.retired_from IS NULL OR {year} < {m}.retired_from))"


@lru_cache(maxsize=256)
def parse_term(term: str) -> frozenset[int]:
    """Years named by a term. Ranges are inclusive; unreadable text names no year."""
    years: set[int] = set()
    rest = term
    for m in _RANGE.finditer(term):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi and hi - lo < 100:
            years.update(range(lo, hi + 1))
    rest = _RANGE.sub(" ", term)
    years.update(int(y) for y in _YEAR.findall(rest))
    return frozenset(years)
