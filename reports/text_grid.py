"""A report given as text, as a grid of cells: a copy out of a document, or a spreadsheet saved as text.

A copy of the published document's table (the seed) is a row a line, cells parted by tabs, texts as they
are, quotes and all. A spreadsheet saved as text (Excel's «Текст (розділювач — табуляція)» and «CSV», its
«Текст Юнікод» in UTF-16, LibreOffice's CSV) parts cells by a tab, a semicolon or a comma, and puts in
double quotes a cell that holds a line break, the separator or a quote (LibreOffice: every text). Such a
file is read as CSV (each record a sheet row, line breaks kept inside its cells); a copy keeps its lines.

Which one a file is, is decided from the file, never from its name: a file with tabs is parted by tabs, one
without by the separator of the form's row of column numbers («1;2;3;4;5;7;…»), else by the one that parts
its rows evenly (``_separator``); a text neither parts is a line a cell. Quotes are taken as a
spreadsheet's only where the file reads as strict CSV and, parted by tabs, looks like a spreadsheet's (see
``_spreadsheet``); a copy whose text merely holds quotes (a title «"Рівні можливості"») keeps every character.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Final

from reports.import_issues import ImportFileError, Problem

# A spreadsheet quotes a cell at its start; a copy of a document seldom begins a cell with a straight quote.
_QUOTE: Final = '"'
_SEPARATORS: Final = (";", ",")
_MIN_CELLS: Final = 5  # a row of the table, parted by the separator: the form has ten columns
_MIN_ROWS: Final = 3  # rows of one width: the head, its numbers, a measure
# The bounds of a report's text, checked before a line is split: a report of 5,000 measures copied out of our
# DOCX is about 15,000 lines of ten cells. A 10 MB file of a letter a line would otherwise be 5 million rows
# (600 MB and 17 s before the parser could say it is not a report).
MAX_LINES: Final = 50_000
MAX_CELLS: Final = 1_000_000
_NUMBERS_ROW: Final = re.compile(r'\s*"?1"?\s*([;,])\s*"?2"?\s*\1\s*"?3"?\s*\1')


def text_grid(text: str) -> list[list[str]]:
    """``text``'s rows, each a list of its cells (``[""]`` for an empty line of a copy). Raises
    ``ImportFileError`` for a text longer (``MAX_LINES``) or with more cells (``MAX_CELLS``) than a report."""
    counted = text.count("\n") + (not text.endswith("\n"))  # before a line is made
    if counted > MAX_LINES:
        raise ImportFileError(Problem.TOO_LONG, lines=counted, limit=MAX_LINES)
    lines = text.splitlines()
    if len(lines) > MAX_LINES:  # lines parted by other breaks (\r, \u2028…)
        raise ImportFileError(Problem.TOO_LONG, lines=len(lines), limit=MAX_LINES)
    separator = "\t" if "\t" in text else _separator(lines)
    if separator is None:
        return [[line] for line in lines]
    cells = text.count(separator) + len(lines)
    if cells > MAX_CELLS:
        raise ImportFileError(Problem.TOO_MANY_CELLS, cells=cells, limit=MAX_CELLS)
    split = [line.split(separator) for line in lines]
    if not any(cell.startswith(_QUOTE) for row in split for cell in row):
        return _whole_rows(split, separator)
    try:
        # strict: a quote not closed before a separator or the line's end is an error, not a guess
        records = [row or [""] for row in csv.reader(io.StringIO(text), delimiter=separator, strict=True)]
    except csv.Error:
        return _whole_rows(split, separator)
    return (
        _whole_rows(records, separator) if separator != "\t" or _spreadsheet(text, split, records) else split
    )


def _whole_rows(rows: list[list[str]], separator: str) -> list[list[str]]:
    """``rows``, refused where a row parted by a semicolon or a comma has more cells than the table's: a cell held
    the separator unquoted (a decimal comma, «1,5»), and its figures would be read a column off (a report's last
    one as the information, a plan sheet's as the next fund's plan). The table's width is that of the form's row
    of column numbers, below it; without one, the width most rows have (a spreadsheet writes every row to the
    same column), where most do."""
    if separator == "\t":
        return rows
    numbers = next((i for i, row in enumerate(rows) if _NUMBERS_ROW.match(separator.join(row[:4]))), None)
    if numbers is not None:
        width, first = len(rows[numbers]), numbers + 1
    else:
        common = _common_width(Counter(n for row in rows if (n := len(row)) > 1))
        if common is None:  # no width most rows have: a text of its own making
            return rows
        width, first = common[0], 0
    for index in range(first, len(rows)):
        if len(rows[index]) > width:
            raise ImportFileError(
                Problem.ROW_TOO_WIDE, index + 1, cells=len(rows[index]), width=width, separator=separator
            )
    return rows


def _spreadsheet(text: str, split: list[list[str]], records: list[list[str]]) -> bool:
    """Whether a tab-separated text that reads as strict CSV is a spreadsheet's (its quotes the format's,
    not the texts'): a cell holds a line break (a record spans lines), a quote is doubled inside a quoted
    cell, or most cells are quoted (LibreOffice quotes every text). A copy out of a document with one cell
    that happens to be a quoted title keeps its quotes."""
    if len(records) != len(split) or '""' in text:
        return True
    cells = [cell for row in split for cell in row if cell]
    return sum(cell.startswith(_QUOTE) for cell in cells) * 2 >= len(cells)


def _separator(lines: list[str]) -> str | None:
    """The separator of a file without tabs, found by the form's row of column numbers («1;2;3;…»): texts
    hold commas and semicolons of their own, that row nothing but numbers. Without it, the one that parts
    most of the lines it parts at all (three fifths) into one and the same number of cells, five or more (a
    spreadsheet writes every row to the same column); None where neither does (a page of text, a copy out of
    a PDF: a line a cell)."""
    for line in lines:
        match = _NUMBERS_ROW.match(line)
        if match is not None:
            return match.group(1)
    best: tuple[int, str] | None = None
    for separator in _SEPARATORS:
        try:
            widths = Counter(n for row in csv.reader(lines, delimiter=separator) if (n := len(row)) > 1)
        except csv.Error:  # a quote that runs past the field limit: not this separator's CSV
            continue
        # Most of the lines it parts, parted alike: a decimal comma in a PDF's text parts a line or two.
        common = _common_width(widths)
        if common is not None and common[0] >= _MIN_CELLS and common[1] >= _MIN_ROWS:
            if best is None or common[1] > best[0]:
                best = (common[1], separator)
    return best[1] if best is not None else None


def _common_width(widths: Counter[int]) -> tuple[int, int] | None:
    """The number of cells most rows have (three fifths of those counted at least), with how many rows have it;
    None where no width is that common (a spreadsheet writes every row to the same column, a text does not)."""
    if not widths:
        return None
    width, rows = widths.most_common(1)[0]
    return (width, rows) if rows * 5 >= sum(widths.values()) * 3 else None
