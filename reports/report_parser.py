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

_MEASURE = re.compile(r"^\s*(\d+\.\d+)\.?\s*(\S.*)$", re.S)


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
    subtitle: str
    general: str  # the totals labels' beginnings, in lower case: cells are compared in lower case
    special: str
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
        subtitle=texts.subtitle(),
        general=texts.total_general().lower(),
        special=texts.total_special_start().lower(),
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


# A totals row sums its fund's measures, each up to MAX_AMOUNT: its amounts may pass that bound, as far as a
# million measures at the most would take them.
MAX_TOTAL: Final = MAX_AMOUNT * 1_000_000


def _number(
    cell: str, line: int, column: int, title: str, *, required: bool, maximum: Decimal = MAX_AMOUNT
) -> Decimal | None:
    value = _clean(cell)
    if not value or value in _NONE:
        return Decimal(0) if required else None
    percent = "%" in title
    try:
        # a percent may carry its sign, «100,0 %», as the column's title does
        number = value.removesuffix("%").rstrip() if percent else value
        return parse_decimal(number, max_places=2 if percent else 3, maximum=maximum)
    except NumberError as exc:
        raise ImportFileError(
            Problem.BAD_NUMBER, line, column, value=value, title=title, reason=exc.reason.value
        ) from None


HEAD_ROWS: Final = 4  # rows under the head row looked at for the column numbers
HIDDEN_ROWS_SHOWN: Final = 10  # hidden rows named in the refusal; the rest are counted


def parse_grid(grid: list[list[str]]) -> ParsedReport:
    if not any(_clean(c) for row in grid for c in row):
        raise ImportFileError(Problem.EMPTY_FILE)
    _refuse_hidden(grid)
    wording = _wording()
    general_label, special_label = wording.general, wording.special
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

    for index in range(start, len(grid)):
        line = index + 1
        cells = grid[index]
        if not any(_clean(c) for c in cells):
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
            totals[kind] = _parse_totals(cells, marker, line, label, wording.titles)
            continue
        if totals:  # after the general totals row and no special one: section 2, the signature block
            tail.append((line, cells))
            continue
        if len(cells) == 1 and _clean(cells[0]).lower().startswith(wording.table_continued):
            continue  # a line above the rest of the table, on a new page
        _parse_measure_row(cells, line, tasks, seen, warnings, wording.titles)

    if not seen:
        raise ImportFileError(Problem.NO_MEASURES)
    parsed_tasks = tuple(
        ParsedTask(line=t["line"], number=t["number"], text=t["text"], measures=tuple(t["measures"]))
        for t in tasks
    )
    general, special = totals.get(general_label), totals.get(special_label)
    warnings.extend(_check_totals(parsed_tasks, general, special, wording.titles))
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


def _parse_measure_row(
    cells: list[str],
    line: int,
    tasks: list[dict],
    seen: dict[str, int],
    warnings: list[ImportNotice],
    titles: tuple[str, ...],
) -> None:
    found = next(((i, m) for i, c in enumerate(cells) if (m := _MEASURE.match(_clean(c)))), None)
    if found is None:
        raise ImportFileError(Problem.NO_MEASURE, line)
    # Page breaks drop leading empty cells, so the other columns are counted from the measure cell.
    index, match = found
    leading = [_clean(c) for c in cells[:index]]
    if len(leading) >= 2 and leading[-2]:
        if not leading[-1]:
            raise ImportFileError(Problem.TASK_WITHOUT_TEXT, line, index - 1, number=leading[-2])
        task_text = cells[index - 1].strip()
        tasks.append({"line": line, "number": leading[-2].rstrip(". "), "text": task_text, "measures": []})
    number, text = match.group(1), match.group(2).strip()
    if not tasks:
        raise ImportFileError(Problem.MEASURE_BEFORE_TASK, line, index + 1, number=number)
    if number in seen:
        raise ImportFileError(
            Problem.DUPLICATE_MEASURE, line, index + 1, number=number, first_line=seen[number]
        )

    rest = cells[index + 1 :]
    if len(rest) < 3:
        # Up to the plan, which every measure has; the cells after it may all be empty (no department has
        # reported), and a workbook's row ends at its last cell that holds something.
        raise ImportFileError(Problem.TOO_FEW_COLUMNS, line)
    extra = [c for c in rest[7:] if _clean(c)]
    if extra:
        raise ImportFileError(Problem.TOO_MANY_COLUMNS, line, index + 9, value=_clean(extra[0])[:60])
    rest = rest + [""] * (7 - len(rest))
    term = _clean(_shown(rest[0]))
    if not parse_term(term):
        raise ImportFileError(Problem.BAD_TERM_CELL, line, index + 2, value=term)

    def num(offset: int, *, required: bool = False) -> Decimal | None:
        logical = MEASURE_COLUMN + 1 + offset
        return _number(rest[offset], line, index + 2 + offset, titles[logical], required=required)

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
    if number.split(".")[0] != task["number"]:
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
            index + 7,
            value=_clean(rest[5]),
            title=titles[8],
            reason=NumberReason.OUT_OF_RANGE.value,
        )
    seen[number] = line
    task["measures"].append(measure)


def _parse_totals(
    cells: list[str], marker: int, line: int, label: str, titles: tuple[str, ...]
) -> ParsedTotals:
    # How many empty text columns sit between the label and the numbers depends on how the label cell was
    # merged in the source document, so the numbers are taken in order: plan, actual, financed, percent.
    filled = [(i, c) for i, c in enumerate(cells) if i > marker and _clean(c)]
    if len(filled) > 4:
        index, value = filled[4]
        raise ImportFileError(Problem.TOO_MANY_COLUMNS, line, index + 1, value=_clean(value)[:60])
    found: list[Decimal | None] = [
        _number(value, line, index + 1, titles[5 + k], required=False, maximum=MAX_TOTAL)
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
