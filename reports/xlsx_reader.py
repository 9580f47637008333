"""Reading a report workbook (as ``reports.xlsx_writer`` writes it) back as a grid of text cells.

The grid has the shape of the published report copied as tab-separated text (the seed), so that one text
importer reads both: one list of strings per sheet row, list position ``i`` being sheet row ``i + 1``.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import BinaryIO, Final

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell

from reports import texts
from reports.xlsx_writer import COL_INFO, COL_MEASURE, COL_PERCENT, COL_TERM, ESCAPED_UNDERSCORE

_UNESCAPE_RE: Final = re.compile(re.escape(ESCAPED_UNDERSCORE) + r"(?=x[0-9A-Fa-f]{4}_)")
_PLACES_RE: Final = re.compile(r"\.(0+)")
_prefix, _, _suffix = texts.CONTINUATION.partition("{number}")
_CONTINUATION_RE: Final = re.compile(re.escape(_prefix) + r"(.+)" + re.escape(_suffix))


def read_grid(source: str | os.PathLike[str] | BinaryIO) -> list[list[str]]:
    """The first sheet's rows as lists of strings, trailing empty cells trimmed (an empty row is ``[]``).

    Numbers read as the report prints them: decimal comma, at least as many decimals as the cell's number
    format shows (``0.0`` -> 228.3 is "228,3", 100 is "100,0") and every decimal the value has beyond
    that ("12,345"); the column-number row, in the General format, reads "1", "2", ... Cells covered by
    a merge read "". A measure's continuation rows (see ``reports.xlsx_writer``) are joined into the
    measure row's information cell and read as ``[]`` themselves, so row positions stay sheet rows.
    """
    wb = load_workbook(source, data_only=True)
    try:
        ws = wb.worksheets[0]
        grid: list[list[str]] = []
        owner: list[str] | None = None  # the last row a continuation row may belong to
        for cells in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=max(ws.max_column, COL_INFO)):
            values = [_render(cell) for cell in cells]
            if owner is not None and _continues(owner, values):
                owner[COL_INFO - 1] += values[COL_INFO - 1]
                grid.append([])
                continue
            owner = values
            grid.append(values)
        for values in grid:
            while values and not values[-1]:
                values.pop()
        return grid
    finally:
        wb.close()


def _continues(owner: list[str], values: list[str]) -> bool:
    """Whether ``values`` is a continuation row of the measure row ``owner`` directly above it."""
    match = _CONTINUATION_RE.fullmatch(values[COL_MEASURE - 1])
    if match is None or not values[COL_INFO - 1]:
        return False
    if any(values[COL_TERM - 1 : COL_PERCENT]) or any(values[COL_INFO:]):
        return False
    # The label names the measure, so a stray row cannot join some other measure's text.
    return owner[COL_MEASURE - 1].startswith(match.group(1) + ".")


def _render(cell: Cell | MergedCell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return format_number(value, _format_places(cell.number_format))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def unescape_text(value: str) -> str:
    """Undo ``reports.xlsx_writer.escape_text``: "_x005F_x0041_" is the literal text "_x0041_"."""
    return _UNESCAPE_RE.sub("_", value) if ESCAPED_UNDERSCORE in value else value


def _format_places(number_format: str) -> int:
    match = _PLACES_RE.search(number_format.split(";", 1)[0])
    return len(match.group(1)) if match else 0


def format_number(value: int | float | Decimal, min_places: int = 1) -> str:
    """A number as the report prints it: "228,3"; at least ``min_places`` decimals, none of its own lost.

    A float is taken at its shortest repr, which is the decimal that was written (openpyxl writes a
    Decimal with up to 16 significant digits), so 10.5 gives "10,5", not a binary expansion.
    """
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        number = value
    if not number.is_finite():
        return str(number)
    if number.is_zero():
        number = abs(number)  # no "-0,0"
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    text = format(number, "f") if -exponent >= min_places else format(number, f".{min_places}f")
    return text.replace(".", ",")
