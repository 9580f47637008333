"""A report's pages read back as one table: what our writers add where a page breaks, taken off again.

Every format we write begins a page with the table's head (the column titles and the numbers under them)
and goes on with a row cut at the break under a label that names it (``form-continued-number``): «4.3
(продовж.)» in the measure's cell, «4 (продовж.)» in its task's beside it, «3 (продовж.)» in section 2's
indicator's name. A text too long for one XLSX cell goes on in rows labelled ``form-continuation``.

Such pages come back three ways: our workbook read as a grid (``reports.xlsx_reader``), our DOCX read as a file
(``reports.docx_reader``), and our DOCX copied out as text, a table row a line, cells tab-separated
(``reports.importer``; how the seed, a published report, was made). :func:`joined` makes each one table again,
so that it reads as the report that was written: a head met again reads as empty lines, a continued row's texts
join the row they continue, which reads as empty too (line numbers stay those of the file, for the messages that
name them); the pieces of a cut text meet as their source keeps them (:class:`Pieces`).

A row is joined only where its label names the row it would join (the measure's number, the task's), with
its figures empty: a stray row that merely looks like one is read as it is, and the parser says what it
finds wrong with it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from enum import Enum

from reports import texts
from reports.form import (
    COL_EXECUTORS,
    COL_INFO,
    COL_MEASURE,
    COL_PERCENT,
    COL_TASK,
    COL_TASK_NUMBER,
    COL_TERM,
)

_Pattern = Callable[[], re.Pattern[str]]
_MEASURE_NUMBER = re.compile(r"\s*\d+\.\d+")  # how a measure's cell begins («1.2. Проведення …»)


class Pieces(Enum):
    """How the pieces of a text cut at a page break meet again, by where the grid came from."""

    EXACT = "exact"  # a workbook's cells: the text's own characters, joined as they are
    PARAGRAPHS = (
        "paragraphs"  # our DOCX read as a file: a cut inside a paragraph keeps its space, one inside a word
    )
    # ends with a word joiner (texts.WORD_CUT); one with neither ended a paragraph: a line break
    COPIED = (
        "copied"  # a copy as text: a piece's edges may have lost their spaces; pieces that meet with none
    )
    # are joined by one


def joined(rows: list[list[str]], *, pieces: Pieces) -> list[list[str]]:
    """``rows`` (changed in place, and returned) with repeated heads and continued rows read as ``[]``; the
    pieces of a cut text meet as ``pieces`` says. Except in a workbook, the label and the rest of its cell may
    be parted by any white space, not only the line break the writers put there.
    """
    label = functools.cache(_continuation_pattern)  # the catalog is read if a row looks like one
    continued = functools.cache(_continued_pattern)
    glue = _GLUES[pieces]
    grid: list[list[str]] = []
    owner: list[str] | None = None  # the last row a continued row may belong to
    task: list[str] | None = None  # the last row that holds a task's number and text (or an indicator's)
    heads: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()  # (column titles, column numbers) seen
    repeated = 0  # rows left of a head repeated at a page's top
    for at, values in enumerate(rows):
        if repeated:
            repeated -= 1
            grid.append([])
            continue
        if not any(c.strip() for c in values):
            grid.append(values)  # a blank line (between a copy's tables, a page's): it parts nothing
            continue
        if at + 1 < len(rows) and _is_numbers_row(rows[at + 1]):
            pair = (tuple(_trimmed(values)), tuple(_trimmed(rows[at + 1])))
            if pair in heads:
                # A page's head: read once, where the table or section begins; the rows around it stay
                # joined (a measure continued under it).
                repeated = 1
                grid.append([])
                continue
            heads.add(pair)
        if task is not None and not _cell(values, COL_TASK_NUMBER) and _cell(values, COL_TASK):
            # A task's cells continued on a new page: «4 (продовж.)», then the rest of its text, if any.
            found = _labelled(values[COL_TASK], continued)
            if found is not None and task[COL_TASK_NUMBER].strip().rstrip(". ") == found[0]:
                if found[1]:
                    task[COL_TASK] = glue(task[COL_TASK], found[1])
                values[COL_TASK] = ""
                if task is owner and not _MEASURE_NUMBER.match(_cell(owner, COL_MEASURE)) and any(values):
                    # Section 2's indicator continued on a new page («3 (продовж.)» in its name; the row above
                    # holds no measure in C but the indicator's unit): the rest of its texts (the unit, the
                    # reasons) join the row above, cell by cell.
                    _join_cells(owner, values, range(len(values)), glue)
                    grid.append([])
                    continue
        if owner is not None and _continues(owner, values, label, continued):
            # C: the label, then the rest of the measure's own text, if any.
            rest = _labelled(values[COL_MEASURE], continued) or _labelled(values[COL_MEASURE], label)
            if rest is not None and rest[1]:
                owner[COL_MEASURE] = glue(owner[COL_MEASURE], rest[1])
            _join_cells(owner, values, (COL_TERM, COL_EXECUTORS, COL_INFO), glue)
            grid.append([])
            continue
        owner = values
        if _cell(values, COL_TASK_NUMBER).strip():
            task = values
        grid.append(values)
    return grid


def _cell(values: list[str], column: int) -> str:
    return values[column] if column < len(values) else ""


def _trimmed(values: list[str]) -> list[str]:
    """The row without its empty cells at the end (a copy as text may keep them, a workbook does not)."""
    end = len(values)
    while end and not values[end - 1].strip():
        end -= 1
    return [v.strip() for v in values[:end]]


def _join_cells(owner: list[str], values: list[str], columns: range | tuple[int, ...], glue: _Glue) -> None:
    for column in columns:
        piece = _cell(values, column)
        if not piece:
            continue
        if column >= len(owner):
            owner.extend([""] * (column + 1 - len(owner)))
        owner[column] = glue(owner[column], piece)


_Glue = Callable[[str, str], str]


def _exactly(first: str, rest: str) -> str:
    return first + rest


def _spaced(first: str, rest: str) -> str:
    if first.endswith(texts.WORD_CUT):  # cut inside a word: one word again
        return first[: -len(texts.WORD_CUT)] + rest
    if not first or not rest or first[-1].isspace() or rest[0].isspace():
        return first + rest
    return first + " " + rest


def _paragraphs(first: str, rest: str) -> str:
    if first.endswith(texts.WORD_CUT):  # cut inside a word: one word again
        return first[: -len(texts.WORD_CUT)] + rest
    if not first or not rest or first[-1].isspace() or rest[0].isspace():
        return first + rest
    return first + "\n" + rest


_GLUES: dict[Pieces, _Glue] = {Pieces.EXACT: _exactly, Pieces.PARAGRAPHS: _paragraphs, Pieces.COPIED: _spaced}


def _labelled(text: str, pattern: _Pattern) -> tuple[str, str] | None:
    """(the number the label names, what follows it in the cell) where ``text`` begins with the label on
    its own: followed by a line break (as the writers put it), other white space (a copy as text), or
    nothing."""
    head = text.lstrip()
    if not head:
        return None
    first_line, newline, after = head.partition("\n")
    match = pattern().fullmatch(first_line.rstrip())
    if match is not None:
        return match.group(1), after if newline else ""
    match = pattern().match(head)
    if match is None or (match.end() < len(head) and not head[match.end()].isspace()):
        return None
    return match.group(1), head[match.end() :].lstrip()


def _continues(owner: list[str], values: list[str], label: _Pattern, continued: _Pattern) -> bool:
    """Whether ``values`` is a continued row of the measure row ``owner`` directly above it: column C
    names the measure, by the label of a row continued on the next page (``form-continued-number``) or
    of one that carries the rest of a text too long for a cell (``form-continuation``); the figures are
    empty."""
    if not _cell(values, COL_MEASURE) or _cell(values, COL_TASK_NUMBER) or _cell(values, COL_TASK):
        return False
    if any(c.strip() for c in values[COL_EXECUTORS + 1 : COL_PERCENT + 1]) or any(
        c.strip() for c in values[COL_INFO + 1 :]
    ):
        return False
    found = _labelled(values[COL_MEASURE], continued) or _labelled(values[COL_MEASURE], label)
    if found is None:
        return False
    # The label names the measure, so a stray row cannot join some other measure's text.
    return _cell(owner, COL_MEASURE).lstrip().startswith(found[0] + ".")


def _is_numbers_row(values: list[str]) -> bool:
    """A head's column numbers: «1», then rising whole numbers (the form skips 6), five of them at least."""
    numbers = [v.strip() for v in values if v.strip()]
    if len(numbers) < 5 or numbers[0] != "1" or not all(v.isdigit() for v in numbers):
        return False
    return all(int(a) < int(b) for a, b in itertools.pairwise(numbers))


def _continuation_pattern() -> re.Pattern[str]:
    """The continuation label (``form-continuation``) with the measure's number as group 1.

    Built from the catalog for each grid joined (and only for one that has a row shaped like a continued
    row), so a catalog configured after import is the one used.
    """
    prefix, _, suffix = texts.template("form-continuation", "number").partition("{number}")
    return re.compile(re.escape(prefix) + r"(.+?)" + re.escape(suffix))


def _continued_pattern() -> re.Pattern[str]:
    """The label of a row continued on the next page (``form-continued-number``), the number as group 1."""
    prefix, _, suffix = texts.template("form-continued-number", "number").partition("{number}")
    return re.compile(re.escape(prefix) + r"(.+?)" + re.escape(suffix))
