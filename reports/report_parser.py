"""Reading a report in the official form, given as a grid of text cells, into validated data.

The grid is what a tab-separated copy of the published document gives (the seed file), or what
``reports.xlsx_reader.read_workbook_grid`` gives for a workbook we wrote: one list of cells per line, 1-based line
numbers being list positions. Copies out of documents are messy: page breaks drop a row's leading empty
cells, blank lines interrupt tasks, numbering varies (``1.1 ``, ``1.2. ``, ``2.10.Text``, task ``3``).
So a measure row is found by its measure cell, and the other columns are counted from there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict

from reports import texts
from reports.import_issues import (
    ImportFileError,
    ImportNotice,
    MergedCell,
    Notice,
    Problem,
    SheetGrid,
    notice,
)
from reports.indicators_section import ParsedIndicator, parse_tail
from storage.deadlines import Interim
from storage.measure_terms import parse_term
from storage.numbers import MAX_AMOUNT, NumberError, NumberReason, parse_decimal, percent_of
from storage.texts import clean_text

MEASURE_COLUMN = 2  # index of "Зміст заходів" in a complete row

# A measure's number has two levels or more: «1.2», «2.10.», a council's «1.1.1» under its task «1.1»
_MEASURE = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s*([^\s.].*)$", re.S)


def _words(text: str) -> str:
    """The form's words as a pattern that allows any spacing between them."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _around(template: str, field: str) -> tuple[str, str]:
    """The form's wording before and after ``{field}`` in one of its lines (``texts.template``)."""
    before, _, after = template.partition("{" + field + "}")
    return before, after


@dataclass(frozen=True)
class _Wording:
    """The form's wording the parser looks for, read from the catalog (``reports.texts``) once a document."""

    titles: tuple[str, ...]  # the column titles, for naming a column in a problem
    title: str  # «Звіт», the line above the subtitle
    subtitle: str
    general: str  # the totals labels' beginnings, in lower case: cells are compared in lower case
    special: str
    hryvnia: re.Pattern[str]  # the amounts' unit in a head: «грн» alone is hryvnias, with «тис.» thousands
    thousand: re.Pattern[str]
    # per column of the form, how a council's title for it may read (the first three: never looked for but the
    # measure's, «Зміст заходів»)
    columns: tuple[re.Pattern[str], ...]
    funds: re.Pattern[str]  # a council's rows of a measure's figures by source of funding: their labels
    sums: re.Pattern[str]  # a council's own totals rows' labels: «Разом», «Всього по програмі», …
    task_word: str  # «завдання», lower case: a task numbered «Завдання 1» has the ordinal 1
    header_mark: str  # the header row starts with the first column's title, «№ з/п», however spaced or split
    header_rest: str
    # «продовження таблиці», in lower case: a line that begins with it is read as nothing
    table_continued: str
    year: re.Pattern[str]
    interim: re.Pattern[str]  # an interim report's period line («за І півріччя 2024 року»): refused
    term_years: re.Pattern[str]  # the final report's years line («за 2020-2025 роки»): refused
    decision: re.Pattern[str]
    term: re.Pattern[str]


def _wording() -> _Wording:
    # The title block's lines are found by the wording the writer prints, spaced freely.
    year_before, year_after = _around(texts.template("form-year-line", "year"), "year")
    # "№1688 від 18.12.2019": the mark before the number, the word between number and date.
    decision_line = texts.template("form-decision-line", "decision_number", "decision_date")
    before_number, after_number = _around(decision_line, "decision_number")
    between = _around(after_number, "decision_date")[0]
    term_before = _around(texts.template("form-term-line", "term"), "term")[0]
    titles = texts.column_titles()
    header_mark, header_rest = titles[0].split(maxsplit=1)
    return _Wording(
        titles=titles,
        title=texts.title(),
        subtitle=texts.subtitle(),
        general=texts.total_general().lower(),
        special=texts.total_special_start().lower(),
        hryvnia=re.compile(rf"(?<!\w){_words(texts.unit_hryvnia())}(?!\w)", re.I),
        thousand=re.compile(rf"(?<!\w){_words(texts.unit_thousand())}", re.I),
        columns=tuple(
            re.compile("|".join(re.escape(w) for w in words) or "(?!)", re.I)
            for words in texts.column_words()
        ),
        funds=re.compile("(?:" + "|".join(_words(w) for w in texts.fund_labels()) + r")(?!\w)", re.I),
        sums=re.compile("(?:" + "|".join(_words(w) for w in texts.sum_labels()) + r")(?!\w)", re.I),
        task_word=texts.task_word().lower(),
        header_mark=header_mark,
        header_rest=header_rest,
        table_continued=texts.table_continued().lower(),
        year=re.compile(rf"^{_words(year_before)}\s+(\d{{4}})\s+{_words(year_after)}", re.I),
        interim=_interim_pattern(),
        term_years=_term_years_pattern(),
        decision=re.compile(
            rf"{re.escape(before_number.split()[-1])}\s*([\w/-]+)\s+{_words(between)}"
            r"\s+(\d{1,2})\.(\d{1,2})\.(\d{4})"
        ),
        term=re.compile(rf"{_words(term_before)}\s+(\d{{4}})\s*[-–—]\s*(\d{{4}})", re.I),
    )


# The Roman «I» as a Ukrainian keyboard types it (an escape: the form's words live in the catalog)
_CYRILLIC_I: Final = "\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}"
# Roman numerals typed on a Ukrainian keyboard: its letters that look like Latin ones
_CYRILLIC_ROMAN: Final = str.maketrans(
    {
        _CYRILLIC_I: "I",
        "\N{CYRILLIC CAPITAL LETTER HA}": "X",
        "\N{CYRILLIC CAPITAL LETTER ES}": "C",
        "\N{CYRILLIC CAPITAL LETTER EM}": "M",
    }
)
_ROMAN: Final = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_TASK_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\.?\s*$")


def _task_ordinal(number: str, word: str) -> str | None:
    """The number a task's measures' numbers begin with, from the task's number as written: «1.» and «1» give
    1, «1.1» (a council's three levels) 1.1, the Roman «II» (Latin or Cyrillic letters) 2, «Завдання 3» 3;
    None for anything else."""
    text = number.strip().rstrip(".").strip()
    if text.lower().startswith(word):
        text = text[len(word) :].strip().lstrip("№").strip().rstrip(".").strip()
    if _TASK_NUMBER.match(text):
        return text.strip()
    roman = text.upper().translate(_CYRILLIC_ROMAN)
    if not roman or not _ROMAN.fullmatch(roman):
        return None
    values = [_ROMAN_VALUES[letter] for letter in roman]
    return str(sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True)))


def _interim_pattern() -> re.Pattern[str]:
    """An interim report's period line as ``reports.texts.period_line`` writes it, the Roman «I» in either
    alphabet; group 1 is the period, group 2 the year."""
    before, after = _around(texts.template("interim-form-period-line", "period", "year"), "period")
    between, after = _around(after, "year")
    names = "|".join(
        _words(texts.interim_name(i)).replace(_CYRILLIC_I, "I").replace("I", f"[I{_CYRILLIC_I}]")
        for i in Interim
    )
    return re.compile(rf"^{_words(before)}\s+({names})\s+{_words(between)}(\d{{4}})\s+{_words(after)}", re.I)


def _term_years_pattern() -> re.Pattern[str]:
    """The final report's years line as ``form-term-years-line`` writes it, any dash between the years."""
    before, after = _around(texts.template("form-term-years-line", "first", "last"), "first")
    between, after = _around(after, "last")
    dash = r"\s*[-–—]\s*" if between.strip() in "-–—" else rf"\s*{_words(between)}\s*"
    return re.compile(rf"^{_words(before)}\s+(\d{{4}}){dash}(\d{{4}})\s+{_words(after)}", re.I)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ParsedMeasure(_Model):
    line: int
    number: str
    text: str
    term: str
    executors: str
    plan: Decimal
    actual: Decimal | None
    financed: Decimal | None
    percent: Decimal | None
    info: str


class ParsedTask(_Model):
    line: int
    number: str
    text: str
    measures: tuple[ParsedMeasure, ...]


class ParsedTotals(_Model):
    line: int
    label: str
    plan: Decimal | None
    actual: Decimal | None
    financed: Decimal | None
    percent: Decimal | None


class ParsedReport(_Model):
    program_name: str
    responsible_department: str
    year: int
    decision_number: str
    decision_date: dt.date
    start_year: int
    end_year: int
    tasks: tuple[ParsedTask, ...]
    general: ParsedTotals | None
    special: ParsedTotals | None
    signatory_title: str
    signatory_name: str
    warnings: tuple[ImportNotice, ...]
    # Section 2, «Виконання результативних показників», after the totals rows (reports.indicators_section)
    indicators: tuple[ParsedIndicator, ...] = ()

    @property
    def measures(self) -> list[ParsedMeasure]:
        return [m for t in self.tasks for m in t.measures]


def _clean(cell: str) -> str:
    # Published documents carry no-break spaces and stray line breaks inside cells; a cell of invisible
    # characters is empty (storage.texts).
    return re.sub(r"[ \t\u00a0]+", " ", clean_text(cell.replace("\r", "")))


def _shown(cell: str) -> str:
    """A cell as the document shows it: one merged into the cell above it has that cell's text (a term,
    executors or information a clerk merged down over several measures belongs to each of them)."""
    return cell.above if isinstance(cell, MergedCell) else cell


def _line_text(cells: list[str]) -> str:
    return " ".join(c for c in (_clean(x) for x in cells) if c)


# A dash alone in a figure's cell: clerks' way of writing that there is none (hyphen, minus, en and em dash).
_NONE: Final = frozenset("-\u2212\u2013\u2014")


_THOUSAND: Final = Decimal(1000)
_ONE_HRYVNIA: Final = Decimal("0.001")  # of a thousand
# A totals row sums its fund's measures, each up to MAX_AMOUNT: its amounts may pass that bound, as far as a
# million measures at the most would take them.
MAX_TOTAL: Final = MAX_AMOUNT * 1_000_000


def _number(
    cell: str,
    line: int,
    column: int,
    title: str,
    *,
    required: bool,
    hryvnias: bool = False,
    maximum: Decimal = MAX_AMOUNT,
) -> Decimal | None:
    """A figure's cell; an amount in thousand UAH, the form's unit (``hryvnias``: the file's amounts are in UAH,
    kopecks and all, and are divided by a thousand, exactly), at most ``maximum`` of it."""
    value = _clean(cell)
    if not value or value in _NONE:
        return Decimal(0) if required else None
    percent = "%" in title
    try:
        # a percent may carry its sign, «100,0 %», as the column's title does
        number = value.removesuffix("%").rstrip() if percent else value
        if percent or not hryvnias:
            return parse_decimal(number, max_places=2 if percent else 3, maximum=maximum)
        thousands = parse_decimal(number, max_places=2, maximum=maximum * _THOUSAND) / _THOUSAND
        whole = thousands.quantize(_ONE_HRYVNIA)  # whole hryvnias to the form's three places, kopecks kept
        return whole if whole == thousands else thousands
    except NumberError as exc:
        raise ImportFileError(
            Problem.BAD_NUMBER, line, column, value=value, title=title, reason=exc.reason.value
        ) from None


def _hryvnias(grid: list[list[str]], header: int, head_end: int, wording: _Wording) -> str | None:
    """Whether the table's amounts are in hryvnias, not the form's thousands: the head (or a line right above it,
    a unit written over the table) names the hryvnia and never the thousand. Its words that say so, or None."""
    above = [i for i in range(header - 1, -1, -1) if _line_text(grid[i])][:UNIT_LINES]
    cells = [_clean(c) for i in [*reversed(above), *range(header, head_end)] for c in grid[i] if _clean(c)]
    units = [c for c in cells if wording.hryvnia.search(c)]
    if not units or any(wording.thousand.search(c) for c in units + cells):
        return None
    return units[0]


HEAD_ROWS: Final = 4  # rows under the head row looked at for the column numbers
UNIT_LINES: Final = 2  # lines above the head row looked at for the amounts' unit («тис. грн», «грн»)
HIDDEN_ROWS_SHOWN: Final = 10  # hidden rows named in the refusal; the rest are counted


def parse_grid(grid: list[list[str]]) -> ParsedReport:
    if not any(_clean(c) for row in grid for c in row):
        raise ImportFileError(Problem.EMPTY_FILE)
    _refuse_hidden(grid)
    if isinstance(grid, SheetGrid) and grid.others:  # a program a sheet: which one is meant, the person says
        raise ImportFileError(
            Problem.SEVERAL_SHEETS, sheets=", ".join(f"«{n}»" for n in (grid.sheet, *grid.others))
        )
    wording = _wording()
    general_label, special_label = wording.general, wording.special
    subtitle = wording.subtitle.lower()
    header = _head_row(grid, wording)
    if header is None:
        if all(len(row) <= 1 for row in grid) and any(
            wording.titles[MEASURE_COLUMN] in _line_text(row) for row in grid
        ):  # the table's words, no cells: a copy out of a PDF, or a page of text
            raise ImportFileError(Problem.NO_COLUMNS)
        raise ImportFileError(Problem.NO_HEADER)
    title = _parse_title(grid[:header], wording)

    warnings: list[ImportNotice] = []
    tasks: list[dict] = []
    seen: dict[str, int] = {}
    totals: dict[str, ParsedTotals] = {}
    tail: list[tuple[int, list[str]]] = []  # what follows the totals rows: section 2, the signature
    # a council's own totals rows («Разом», «Всього по програмі», «Разом по завданню 1»): each with how many
    # measures, and of its task how many, came before it
    sums: list[tuple[ParsedTotals, int, int]] = []
    # a measure's figures by source of funding, in rows of their own under it (a council's): by its number
    funds: dict[str, list[ParsedTotals]] = {}
    fund_of: str | None = None  # the measure whose row (or fund row) came last
    start = header + 1
    # The column-number row ends the head, which may take a row or two more before it (titles under a title
    # over two columns, «план» and «факт»; blank rows); without it, those rows are the head's where they hold
    # no digit (a task's and a measure's rows hold their numbers). A measure's row ends the search.
    head_end = start  # the first row after the head
    for ahead in range(start, min(start + HEAD_ROWS, len(grid))):
        if [_clean(c) for c in grid[ahead] if _clean(c)][:3] == ["1", "2", "3"]:
            head_end = ahead + 1
            break
        if any(_MEASURE.match(_clean(c)) for c in grid[ahead]):
            break
        if head_end == ahead and not any(character.isdigit() for cell in grid[ahead] for character in cell):
            head_end = ahead + 1
    start = head_end
    unit = _hryvnias(grid, header, head_end, wording)
    hryvnias = unit is not None
    if hryvnias:
        warnings.append(notice(Notice.HRYVNIAS, unit=unit))
    columns, unread = _columns(grid, header, head_end, wording, title["year"])
    warnings.extend(unread)

    for index in range(start, len(grid)):
        line = index + 1
        cells = grid[index]
        if not any(_clean(c) for c in cells):
            continue
        if _line_text(cells).lower().startswith(subtitle):  # a second report's title, after this one's table
            names = [text for row in grid[index + 1 :] if (text := _line_text(row))]
            title = next((i for i in range(index - 1, start - 1, -1) if _line_text(grid[i])), None)
            if title is not None and _line_text(grid[title]).lower() == wording.title.lower():
                line = title + 1  # «Звіт» above it: the title begins there
            raise ImportFileError(Problem.SECOND_REPORT, line, name=names[0] if names else "")
        if not tail and (sum_row := _sum_row(cells, line, wording, hryvnias, columns)) is not None:
            sums.append((sum_row, len(seen), len(tasks[-1]["measures"]) if tasks else 0))
            fund_of = None
            continue
        if special_label in totals or (tail and not totals):
            tail.append((line, cells))
            continue
        marker = next(
            (i for i, c in enumerate(cells) if _clean(c).lower().startswith((general_label, special_label))),
            None,
        )
        if marker is not None:
            label = _clean(cells[marker])
            kind = general_label if label.lower().startswith(general_label) else special_label
            totals[kind] = _parse_totals(cells, marker, line, label, wording.titles, hryvnias, columns)
            continue
        if totals:  # after the general totals row and no special one: section 2, the signature block
            tail.append((line, cells))
            continue
        if len(cells) == 1 and _clean(cells[0]).lower().startswith(wording.table_continued):
            continue  # a line above the rest of the table, on a new page
        if (
            sums
            and sums[-1][1] == len(seen)
            and not any(_MEASURE.match(_clean(c)) for c in cells)
            and _task_row(cells, wording.task_word) is None
        ):  # the program's own totals row ended the table: the signature, notes
            tail.append((line, cells))
            continue
        if fund_of is not None and (fund := _fund_row(cells, line, wording, hryvnias, columns)) is not None:
            funds.setdefault(fund_of, []).append(fund)
            continue
        before = len(seen)
        _parse_measure_row(
            cells, line, tasks, seen, warnings, wording.titles, wording.task_word, hryvnias, columns
        )
        fund_of = tasks[-1]["measures"][-1].number if len(seen) > before else None

    if not seen:
        raise ImportFileError(Problem.NO_MEASURES)
    for task in tasks:
        task["measures"] = [
            _with_funds(m, funds.get(m.number, []), warnings, wording.titles) for m in task["measures"]
        ]
    split = [number for number, rows in funds.items() if _with_figures(rows)]
    if split:
        warnings.append(notice(Notice.FUND_ROWS, numbers=", ".join(split), count=len(split)))
    for task in tasks:
        task["measures"] = _without_group_sums(task["measures"], warnings, wording.titles)
    parsed_tasks = tuple(
        ParsedTask(line=t["line"], number=t["number"], text=t["text"], measures=tuple(t["measures"]))
        for t in tasks
    )
    general, special = totals.get(general_label), totals.get(special_label)
    warnings.extend(_check_totals(parsed_tasks, general, special, wording.titles))
    warnings.extend(_check_sums(parsed_tasks, sums, wording.titles))
    rest = parse_tail(tail)
    warnings.extend(rest.warnings)
    signature = rest.signature
    for text in signature[:2]:
        _check_title_line("signatory", text, None)
    return ParsedReport(
        **title,
        tasks=parsed_tasks,
        general=general,
        special=special,
        signatory_title=signature[0] if signature else "",
        signatory_name=signature[1] if len(signature) > 1 else "",
        warnings=tuple(warnings),
        indicators=rest.indicators,
    )


def _head_row(grid: list[list[str]], wording: _Wording) -> int | None:
    """The index of the table's head row: it begins with the first column's title, «№ з/п», however spaced."""
    return next(
        (
            i
            for i, row in enumerate(grid)
            if row
            and _line_text(row).startswith(wording.header_mark)
            and wording.header_rest in _line_text(row)
        ),
        None,
    )


def has_head(grid: list[list[str]]) -> bool:
    """Whether the grid holds the form's table head (a workbook's sheet with the report, not its cover)."""
    return _head_row(grid, _wording()) is not None


def is_report(grid: list[list[str]]) -> bool:
    """Whether a workbook's sheet holds a report in the form: its table head with the form's subtitle above it
    («про результати виконання»), not a summary sheet that merely numbers its rows «№ з/п»."""
    wording = _wording()
    header = _head_row(grid, wording)
    subtitle = wording.subtitle.lower()
    return header is not None and any(_line_text(row).lower().startswith(subtitle) for row in grid[:header])


def _refuse_hidden(grid: list[list[str]]) -> None:
    """A workbook's hidden rows and columns that hold data: not in the report a person sees and prints, yet data.
    Read, they would add what the report has not; left out, lose what it may have: the person decides."""
    if not isinstance(grid, SheetGrid) or not (grid.hidden_rows or grid.hidden_columns):
        return
    rows, columns = grid.hidden_rows, grid.hidden_columns
    raise ImportFileError(
        Problem.HIDDEN_CELLS,
        rows=", ".join(map(str, rows[:HIDDEN_ROWS_SHOWN])),
        row_count=len(rows),
        more=max(len(rows) - HIDDEN_ROWS_SHOWN, 0),
        columns=", ".join(columns),
        column_count=len(columns),
    )


# The title block's lines (the program's name, its responsible department's, the signature's) are each one cell
# of the workbook's title block, a line of a row no taller than a spreadsheet allows: longer, no report of them
# could be written whole, so the import refuses them (a measure's or a task's long text goes on in rows below).
MAX_TITLE_LINE: Final = 2_000


def _check_title_line(what: str, text: str, line: int | None) -> None:
    if len(text) > MAX_TITLE_LINE:
        raise ImportFileError(
            Problem.TITLE_LINE_TOO_LONG, line, what=what, length=len(text), limit=MAX_TITLE_LINE
        )


def _parse_title(rows: list[list[str]], wording: _Wording) -> dict:
    lines = [(i + 1, _line_text(r)) for i, r in enumerate(rows)]
    lines = [(n, t) for n, t in lines if t]
    texts_only = [t for _, t in lines]
    try:
        about = next(i for i, t in enumerate(texts_only) if t.lower().startswith(wording.subtitle.lower()))
    except StopIteration:
        raise ImportFileError(Problem.NO_TITLE, what=wording.subtitle) from None
    if about + 2 >= len(texts_only):
        raise ImportFileError(Problem.NO_PROGRAM_NAME)
    program_name = texts_only[about + 1]
    responsible = texts_only[about + 2]
    for what, (line, text) in (("program", lines[about + 1]), ("department", lines[about + 2])):
        _check_title_line(what, text, line)
    interim = next((m for t in texts_only if (m := wording.interim.match(t))), None)
    if interim is not None:  # its figures are a part of the year: imported, they would pass for the year's
        raise ImportFileError(Problem.INTERIM_REPORT, title=interim.group(0))
    term_years = next((m for t in texts_only if (m := wording.term_years.match(t))), None)
    if term_years is not None:  # the years summed: imported, they would pass for one year's
        raise ImportFileError(Problem.TERM_REPORT, title=term_years.group(0))
    year = next((int(m.group(1)) for t in texts_only if (m := wording.year.match(t))), None)
    if year is None:
        raise ImportFileError(Problem.BAD_YEAR)
    decision = next((m for t in texts_only if (m := wording.decision.search(t))), None)
    if decision is None:
        raise ImportFileError(Problem.BAD_DECISION)
    try:
        decision_date = dt.date(int(decision.group(4)), int(decision.group(3)), int(decision.group(2)))
    except ValueError:
        raise ImportFileError(Problem.BAD_DECISION) from None
    term = next((m for t in texts_only if (m := wording.term.search(t))), None)
    if term is None or int(term.group(1)) > int(term.group(2)):
        raise ImportFileError(Problem.BAD_TERM)
    return {
        "program_name": program_name,
        "responsible_department": responsible,
        "year": year,
        "decision_number": decision.group(1),
        "decision_date": decision_date,
        "start_year": int(term.group(1)),
        "end_year": int(term.group(2)),
    }


def _start_task(tasks: list[dict], line: int, number: str, text: str, word: str) -> None:
    """A task begins: its number as written (but «Завдання 3», the column's title before it, as 3), and the
    ordinal its measures' numbers begin with."""
    ordinal = _task_ordinal(number, word)
    written = number.rstrip(". ")
    shown = ordinal if ordinal is not None and written.lower().startswith(word) else written
    tasks.append({"line": line, "number": shown, "ordinal": ordinal, "text": text, "measures": []})


_TASK_CELL = re.compile(r"^(\S+(?:\s+\d+)?)\.?\s+(\S.*)$", re.S)


def _task_row(cells: list[str], word: str) -> tuple[str, str] | None:
    """A task on a row of its own, above its measures (a council's layout): its number and its text in two cells
    and nothing else, or both in one cell merged across the row («1. Розвиток …», «Завдання 2. …», «II. …»)."""
    filled = [_clean(c) for c in cells if _clean(c)]
    if not filled or next(i for i, c in enumerate(cells) if _clean(c)) > 1:
        return None  # a task's number is in the first column, its text in the second (or merged over both)
    if len(filled) == 2 and _task_ordinal(filled[0], word) is not None:
        return filled[0], filled[1]
    if len(filled) == 1 and (match := _TASK_CELL.match(filled[0])) is not None:
        if _task_ordinal(match.group(1), word) is not None:
            return match.group(1), match.group(2).strip()
    return None


# The form's columns after «Зміст заходів», in its order: term, executors, plan, actual, financed, percent, info.
TERM, EXECUTORS, PLAN, ACTUAL, FINANCED, PERCENT, INFO = range(7)
# Which a council's column title is, tried in this order: «Фактично профінансовано» before «факт», «Термін
# виконання» and «Відсоток виконання» before the information's and the executors' words.
_KINDS: Final = (PERCENT, FINANCED, ACTUAL, PLAN, TERM, INFO, EXECUTORS)
_YEAR: Final = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class _Columns:
    """Where the form's columns are in a file, counted from the measure's cell (a copy drops a row's leading
    empty cells, never the ones after it): the form's own order, or a council's read from its head."""

    offsets: tuple[tuple[int, ...], ...] = tuple(
        (k,) for k in range(7)
    )  # per column of the form; () not there
    width: int = 7  # the cells after the measure's that belong to the table
    # the head's measure column, where a council's head was read (None: the form's)
    measure: int | None = None
    task: tuple[int, int] = (-2, -1)  # the task's number and text columns, counted from the measure's

    def cell(self, rest: list[str], kind: int) -> str:
        """The form's column ``kind`` of a row (the cells after its measure's): as the file has it (a document's
        cell merged down stays one), several executors' columns as one text."""
        cells = [rest[o] for o in self.offsets[kind] if o < len(rest)]
        if len(cells) == 1:
            return cells[0]
        return "; ".join(shown.strip() for c in cells if _clean(shown := _shown(c)))

    def at(self, kind: int) -> int:
        return self.offsets[kind][0] if self.offsets[kind] else kind


def _columns(
    grid: list[list[str]], header: int, head_end: int, wording: _Wording, year: int
) -> tuple[_Columns, list[ImportNotice]]:
    """The form's columns where a council's head puts them: columns of its own («КПКВК», «Джерела фінансування»)
    left out and named, columns in another order («Відповідальний виконавець» before «Термін»), several
    executors' columns read as one, and of several plan columns (one a year) the report year's. The form's own
    head, or one whose titles are not recognised, reads as the form."""
    rows = [
        [_clean(c) for c in grid[i]]
        for i in range(header, head_end)
        if not all(c.isdigit() for c in (_clean(x) for x in grid[i]) if c)  # the column numbers' row
    ]
    titles = [" ".join(row[j] for row in rows if j < len(row) and row[j]) for j in range(max(map(len, rows)))]
    column_words = wording.columns
    measure = next((j for j, title in enumerate(titles) if column_words[MEASURE_COLUMN].search(title)), None)
    if measure is None:
        return _Columns(), []
    after = titles[measure + 1 :]
    while after and not after[-1]:
        after.pop()
    # before the measure: «№ з/п» first, «Завдання» the column whose title is the form's; others the council's
    task_title = wording.titles[1].lower()
    text = next((j for j in range(measure) if titles[j].lower().startswith(task_title)), measure - 1)
    before = [j for j in range(measure) if titles[j] and j not in (0, text)]
    found: list[list[int]] = [[] for _ in range(7)]
    unread: list[int] = []
    for offset, title in enumerate(after):
        kind = next((k for k in _KINDS if title and column_words[MEASURE_COLUMN + 1 + k].search(title)), None)
        (unread if kind is None else found[kind]).append(offset)
    placed = [o for f in found for o in f]
    in_order = not unread and all(len(f) <= 1 for f in found) and placed == sorted(placed)
    in_place = len(after) <= len(found) and all(o == kind for kind, f in enumerate(found) for o in f)
    if not before and (in_order or in_place):
        # The form's order (a column or two it may lack are read where the form has them), or its places (a title
        # of a council's own wording, «Виконано», read as the form's column there, as a reader of the form would)
        return _Columns(), []
    if len(found[PLAN]) > 1:
        # the report year's plan; else the annual plan beside the years to come (the one naming no year)
        this_year = [o for o in found[PLAN] if str(year) in after[o]] or [
            o for o in found[PLAN] if not _YEAR.search(after[o])
        ]
        if len(this_year) != 1:
            listed = ", ".join(f"«{after[o]}»" for o in found[PLAN])
            raise ImportFileError(Problem.SEVERAL_PLANS, header + 1, year=year, titles=listed)
        unread.extend(o for o in found[PLAN] if o != this_year[0])
        found[PLAN] = this_year
    for kind in (k for k in range(7) if k != EXECUTORS and len(found[k]) > 1):
        unread.extend(found[kind][1:])
        found[kind] = found[kind][:1]
    missing = [k for k in (TERM, PLAN) if not found[k]]
    if missing:
        title = wording.titles[MEASURE_COLUMN + 1 + missing[0]]
        raise ImportFileError(Problem.NO_COLUMN, header + 1, title=title)
    notices = [notice(Notice.COLUMN_UNREAD, column=j + 1, title=titles[j]) for j in before]
    notices += [notice(Notice.COLUMN_UNREAD, column=measure + 2 + o, title=after[o]) for o in sorted(unread)]
    offsets = tuple(tuple(f) for f in found)
    task = (-measure, text - measure)
    return _Columns(offsets=offsets, width=len(after), measure=measure, task=task), notices


def _parse_measure_row(
    cells: list[str],
    line: int,
    tasks: list[dict],
    seen: dict[str, int],
    warnings: list[ImportNotice],
    titles: tuple[str, ...],
    word: str,
    hryvnias: bool,
    columns: _Columns,
) -> None:
    found = next(((i, m) for i, c in enumerate(cells) if (m := _MEASURE.match(_clean(c)))), None)
    if found is None:
        task = _task_row(cells, word)
        if task is None:
            raise ImportFileError(Problem.NO_MEASURE, line)
        _start_task(tasks, line, *task, word)
        return
    # Page breaks drop leading empty cells, so the other columns are counted from the measure cell.
    index, match = found
    leading = [_clean(c) for c in cells[:index]]
    at_number, at_text = (index + k for k in columns.task)
    task_number = leading[at_number] if 0 <= at_number < index else ""
    if task_number:
        task_text = cells[at_text].strip() if 0 <= at_text < index else ""
        if not _clean(task_text):
            raise ImportFileError(Problem.TASK_WITHOUT_TEXT, line, at_number + 1, number=task_number)
        _start_task(tasks, line, task_number, task_text, word)
    number, text = match.group(1), match.group(2).strip()
    if not tasks:
        raise ImportFileError(Problem.MEASURE_BEFORE_TASK, line, index + 1, number=number)
    if number in seen:
        raise ImportFileError(
            Problem.DUPLICATE_MEASURE, line, index + 1, number=number, first_line=seen[number]
        )

    after = cells[index + 1 :]
    if len(after) <= max(columns.at(kind) for kind in (TERM, EXECUTORS, PLAN)):
        # Up to the plan, which every measure has; the cells after it may all be empty (no department has
        # reported), and a workbook's row ends at its last cell that holds something.
        raise ImportFileError(Problem.TOO_FEW_COLUMNS, line)
    extra = next(((i, c) for i, c in enumerate(after) if i >= columns.width and _clean(c)), None)
    if extra is not None:
        raise ImportFileError(
            Problem.TOO_MANY_COLUMNS, line, index + 2 + extra[0], value=_clean(extra[1])[:60]
        )
    rest = [columns.cell(after, kind) for kind in range(7)]  # the form's columns, in its order
    term = _clean(_shown(rest[TERM]))
    if not parse_term(term):
        raise ImportFileError(Problem.BAD_TERM_CELL, line, index + 2 + columns.at(TERM), value=term)

    def num(kind: int, *, required: bool = False) -> Decimal | None:
        logical = MEASURE_COLUMN + 1 + kind
        column = index + 2 + columns.at(kind)
        return _number(rest[kind], line, column, titles[logical], required=required, hryvnias=hryvnias)

    plan = num(2, required=True)
    assert plan is not None
    measure = ParsedMeasure(
        line=line,
        number=number,
        text=text,
        term=term,
        executors=_shown(rest[1]).strip(),
        plan=plan,
        actual=num(3),
        financed=num(4),
        percent=num(5),
        info=clean_text(_shown(rest[6])),
    )
    task = tasks[-1]
    if task["ordinal"] is None or not number.startswith(task["ordinal"] + "."):
        warnings.append(notice(Notice.MEASURE_OUTSIDE_TASK, number=number, line=line, task=task["number"]))
    if measure.financed is not None and measure.actual is not None and measure.financed > measure.actual:
        warnings.append(
            notice(
                Notice.FINANCED_OVER_ACTUAL,
                number=number,
                line=line,
                financed=measure.financed,
                actual=measure.actual,
            )
        )
    if measure.percent is not None and measure.percent > 100:
        raise ImportFileError(
            Problem.BAD_NUMBER,
            line,
            index + 2 + columns.at(PERCENT),
            value=_clean(rest[PERCENT]),
            title=titles[8],
            reason=NumberReason.OUT_OF_RANGE.value,
        )
    seen[number] = line
    task["measures"].append(measure)


def _fund_row(
    cells: list[str], line: int, wording: _Wording, hryvnias: bool, columns: _Columns
) -> ParsedTotals | None:
    """A row of a measure's figures from one source of funding, under the measure's row: its label, the row's
    first text, names the source («загальний фонд», «спеціальний фонд», «інші джерела», «бюджет громади»).
    A heading «у тому числі:» of them reads as a row of no figures."""
    marker = next((i for i, c in enumerate(cells) if _clean(c)), None)
    if marker is None or not wording.funds.match(_clean(cells[marker])):
        return None
    if any(_MEASURE.match(_clean(c)) for c in cells):
        return None
    return _parse_totals(cells, marker, line, _clean(cells[marker]), wording.titles, hryvnias, columns)


def _without_group_sums(
    measures: list[ParsedMeasure], warnings: list[ImportNotice], titles: tuple[str, ...]
) -> list[ParsedMeasure]:
    """A measure with measures of its own under it (1.1 over 1.1.1 and 1.1.2, a council's three levels) whose
    figures are theirs summed: imported without them, each kept once, in the measures under it, and said so. Its
    own figures that are not theirs summed are refused, named: whether they add to theirs, only the council knows."""
    result = []
    grouped = []
    for measure in measures:
        under = [m for m in measures if m.number.startswith(measure.number + ".")]
        if not under or (measure.plan == 0 and measure.actual is None and measure.financed is None):
            result.append(measure)
            continue
        leaves = [m for m in under if not any(o.number.startswith(m.number + ".") for o in under)]
        for key, title in (("plan", titles[5]), ("actual", titles[6]), ("financed", titles[7])):
            printed = getattr(measure, key)
            computed = _total(leaves, key)
            if printed is not None and printed != computed:
                raise ImportFileError(
                    Problem.GROUP_SUMS,
                    measure.line,
                    number=measure.number,
                    under=", ".join(m.number for m in under),
                    title=title,
                    printed=printed,
                    computed=computed,
                )
        grouped.append(measure.number)
        result.append(
            measure.model_copy(update={"plan": Decimal(0), "actual": None, "financed": None, "percent": None})
        )
    if grouped:
        warnings.append(notice(Notice.GROUP_SUMS, numbers=", ".join(grouped), count=len(grouped)))
    return result


def _with_figures(rows: list[ParsedTotals]) -> list[ParsedTotals]:
    return [r for r in rows if any(v is not None for v in (r.plan, r.actual, r.financed))]


def _with_funds(
    measure: ParsedMeasure, rows: list[ParsedTotals], warnings: list[ImportNotice], titles: tuple[str, ...]
) -> ParsedMeasure:
    """A measure with its fund rows: their sums are its figures where its own row has none; else its row's are,
    each that differs from its fund rows' sum named. Either way the report has one figure a measure (the form's),
    as the general fund's (the caller says so)."""
    rows = _with_figures(rows)
    if not rows:
        return measure
    sums = {
        k: sum((getattr(r, k) or Decimal(0) for r in rows), Decimal(0))
        for k in ("plan", "actual", "financed")
    }
    own = measure.plan != 0 or measure.actual is not None or measure.financed is not None
    if not own:
        percent = (
            measure.percent if measure.percent is not None else percent_of(sums["financed"], sums["plan"])
        )
        return measure.model_copy(update={**sums, "percent": percent})
    for key, title in (("plan", titles[5]), ("actual", titles[6]), ("financed", titles[7])):
        printed = getattr(measure, key) or Decimal(0)
        if printed != sums[key]:
            warnings.append(
                notice(
                    Notice.FUND_MISMATCH,
                    number=measure.number,
                    title=title,
                    printed=printed,
                    computed=sums[key],
                )
            )
    return measure


def _sum_row(
    cells: list[str], line: int, wording: _Wording, hryvnias: bool, columns: _Columns
) -> ParsedTotals | None:
    """A council's own totals row, its label the row's first text («Разом», «Всього по програмі», «Разом по
    завданню 1»), no measure in it: its figures, to be checked, never imported."""
    marker = next((i for i, c in enumerate(cells) if _clean(c)), None)
    if marker is None or not wording.sums.match(_clean(cells[marker])):
        return None
    if any(_MEASURE.match(_clean(c)) for c in cells):
        return None
    return _parse_totals(cells, marker, line, _clean(cells[marker]), wording.titles, hryvnias, columns)


def _check_sums(
    tasks: tuple[ParsedTask, ...], sums: list[tuple[ParsedTotals, int, int]], titles: tuple[str, ...]
) -> list[ImportNotice]:
    """A council's totals row is its task's (the measures of the task above it) or the program's (every measure
    above it): where it is neither, it is named beside the sum of the rows it stands for (its task's, where
    measures follow it; else all above it), as the form's totals rows are."""
    measures = [m for t in tasks for m in t.measures]
    starts = [0]
    for task in tasks:
        starts.append(starts[-1] + len(task.measures))
    warnings: list[ImportNotice] = []
    fields = {"plan": titles[5], "actual": titles[6], "financed": titles[7]}
    for row, before, of_task in sums:
        above = measures[:before]
        groups = [measures[before - of_task : before], above]
        if not above or any(_agrees(row, group, fields) for group in groups if group):
            continue
        group = groups[0] if before < len(measures) and of_task else above
        for key, title in fields.items():
            printed = getattr(row, key)
            if printed is not None and printed != _total(group, key):
                warnings.append(
                    notice(
                        Notice.TOTAL_MISMATCH,
                        line=row.line,
                        label=row.label,
                        title=title,
                        printed=printed,
                        computed=_total(group, key),
                    )
                )
    return warnings


def _total(group: list[ParsedMeasure], key: str) -> Decimal:
    return sum((getattr(m, key) or Decimal(0) for m in group), Decimal(0))


def _agrees(row: ParsedTotals, group: list[ParsedMeasure], keys: dict[str, str]) -> bool:
    return all(getattr(row, k) is None or getattr(row, k) == _total(group, k) for k in keys)


def _parse_totals(
    cells: list[str],
    marker: int,
    line: int,
    label: str,
    titles: tuple[str, ...],
    hryvnias: bool,
    columns: _Columns,
) -> ParsedTotals:
    if columns.measure is not None and marker <= columns.measure < len(cells):
        # a council's columns: the figures under their titles (its own columns' figures are not the form's)
        figures: list[Decimal | None] = []
        for k, kind in enumerate((PLAN, ACTUAL, FINANCED, PERCENT)):
            index = columns.measure + 1 + columns.at(kind) if columns.offsets[kind] else None
            value = cells[index] if index is not None and index < len(cells) else ""
            figures.append(
                _number(
                    value,
                    line,
                    (index or 0) + 1,
                    titles[5 + k],
                    required=False,
                    hryvnias=hryvnias,
                    maximum=MAX_TOTAL,
                )
            )
        return ParsedTotals(
            line=line,
            label=label,
            plan=figures[0],
            actual=figures[1],
            financed=figures[2],
            percent=figures[3],
        )
    # How many empty text columns sit between the label and the numbers depends on how the label cell was
    # merged in the source document, so the numbers are taken in order: plan, actual, financed, percent.
    filled = [(i, c) for i, c in enumerate(cells) if i > marker and _clean(c)]
    if len(filled) > 4:
        index, value = filled[4]
        raise ImportFileError(Problem.TOO_MANY_COLUMNS, line, index + 1, value=_clean(value)[:60])
    found: list[Decimal | None] = [
        _number(value, line, index + 1, titles[5 + k], required=False, hryvnias=hryvnias, maximum=MAX_TOTAL)
        for k, (index, value) in enumerate(filled)
    ]
    found += [None] * (4 - len(found))
    return ParsedTotals(
        line=line, label=label, plan=found[0], actual=found[1], financed=found[2], percent=found[3]
    )


def _check_totals(
    tasks: tuple[ParsedTask, ...],
    general: ParsedTotals | None,
    special: ParsedTotals | None,
    column_titles: tuple[str, ...],
) -> list[ImportNotice]:
    measures = [m for t in tasks for m in t.measures]
    sums = {
        "plan": sum((m.plan for m in measures), Decimal(0)),
        "actual": sum((m.actual or 0 for m in measures), Decimal(0)),
        "financed": sum((m.financed or 0 for m in measures), Decimal(0)),
    }
    titles = {"plan": column_titles[5], "actual": column_titles[6], "financed": column_titles[7]}
    warnings: list[ImportNotice] = []
    if general is not None:
        for key, computed in sums.items():
            printed = getattr(general, key)
            if printed is not None and printed != computed:
                warnings.append(
                    notice(
                        Notice.TOTAL_MISMATCH,
                        line=general.line,
                        label=general.label,
                        title=titles[key],
                        printed=printed,
                        computed=computed,
                    )
                )
        rule = percent_of(sums["financed"], sums["plan"])
        if general.percent is not None and general.percent != rule:
            warnings.append(
                notice(
                    Notice.TOTAL_PERCENT,
                    line=general.line,
                    label=general.label,
                    printed=general.percent,
                    computed=rule,
                )
            )
    if special is not None and any(
        v for v in (special.plan, special.actual, special.financed) if v is not None
    ):
        warnings.append(notice(Notice.SPECIAL_FUND, line=special.line))
    return warnings
