"""Section 2 of the report, «Виконання результативних показників», as pure data: its rows, read from a published
report's grid, and its lines for the writers.

The section follows the measures' table (after its totals rows) and comes before the signature:

    2. Виконання результативних показників
    № з/п | Назва показника | Одиниця виміру | Планове значення показника | Фактичне значення показника |
        Відхилення | Причини відхилення
    1 2 3 4 5 6 7
    a group row per kind («Показники затрат», «… продукту», «… ефективності», «… якості»), then its indicators,
    numbered through the section

The deviation is computed (fact − plan, ``deviation``), never typed: a printed one is read only to be compared.
Values are exact Decimals in the indicator's unit and are printed as they are (``exact_text``), not rounded to
one decimal like the amounts of section 1.

The report over the term (``term_indicators``) has a row per year and the term's value: for a *flow* (costs and
product counts: kinds ``cost`` and ``product`` in a unit that is not a percent) the sum of the years' values;
for a *level* (a percent, an efficiency or a quality indicator) the last year's value that is given
(``is_level``, ``term_value``: the one home of this rule).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Final

from l10n import t
from reports.import_issues import ImportFileError, ImportNotice, Notice, Problem, notice
from reports.model import IndicatorRow, IndicatorYear, Report
from storage.indicators import (
    MAX_DECIMALS,
    IndicatorValueProblem,
    deviation,
    indicator_value_problem,
    is_percent_unit,
)
from storage.numbers import NumberError, NumberReason, parse_decimal
from storage.texts import clean_text

# storage.models.IndicatorKind's values, in the section's group order.
KINDS: Final = ("cost", "product", "efficiency", "quality")
LEVEL_KINDS: Final = frozenset({"efficiency", "quality"})
COLUMNS: Final = 7
# A value storage refuses (storage.indicators.indicator_value_problem) is named as a bad number of the file.
_PROBLEM_REASONS: Final = {
    IndicatorValueProblem.NEGATIVE: NumberReason.NEGATIVE,
    IndicatorValueProblem.PERCENT_OVER_100: NumberReason.OUT_OF_RANGE,
    IndicatorValueProblem.TOO_MANY_DECIMALS: NumberReason.TOO_MANY_PLACES,
    IndicatorValueProblem.TOO_LARGE: NumberReason.TOO_LARGE,
}
_MINUS: Final = ("-", "\u2212", "\u2013", "\u2014")
_DASHES: Final = frozenset({"-", "\u2013", "\u2014", "\u2212"})  # a value cell of a dash: no value
_SPACES: Final = " \u00a0\u202f\u2009"
_NUMBER: Final = re.compile(r"^(\d{1,4})\.?$")


class Exact(Decimal):
    """An indicator's value in the form: printed as it is (``exact_text``), not rounded like an amount."""

    __slots__ = ()


def exact(value: Decimal | None) -> Exact | None:
    return None if value is None else Exact(format(value, "f"))


def exact_text(value: Decimal) -> str:
    """``1250.5`` -> ``1 250,5`` (a no-break space between thousands), ``-12`` -> ``-12``, as written."""
    text = format(value, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if len(whole) > 4:  # «1250» stays as it is written; «12 500» is grouped
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = "\u00a0".join([whole, *groups])
    if sign and not whole.strip("0\u00a0") and not fraction.strip("0"):
        sign = ""
    return sign + whole + ("," + fraction if fraction else "")


# ----------------------------------------------------------------------------------------------- the rules
def is_level(kind: str, unit: str) -> bool:
    """A level (its term value is the last year's) rather than a flow (its term value is the sum)."""
    return kind in LEVEL_KINDS or is_percent_unit(unit)


def term_value(kind: str, unit: str, values: Sequence[Decimal | None]) -> Decimal | None:
    """The term's value of yearly ``values`` (oldest first): a flow's sum, a level's last given value."""
    given = [value for value in values if value is not None]
    if not given:
        return None
    return given[-1] if is_level(kind, unit) else sum(given, Decimal(0))


def is_met(row: IndicatorRow) -> bool | None:
    """Whether the fact reaches the plan (fact >= plan); None for an indicator with no plan."""
    if row.plan is None:
        return None
    return row.fact is not None and row.fact >= row.plan


def met_share(rows: Sequence[IndicatorRow]) -> tuple[int, int]:
    """(indicators met, indicators with a plan): the summary sheet's share."""
    judged = [is_met(row) for row in rows]
    return sum(1 for met in judged if met), sum(1 for met in judged if met is not None)


def term_indicators(annual: Sequence[Report]) -> tuple[IndicatorRow, ...]:
    """The indicators over the term, merged by number from the annual reports (any order): a row per year
    they appear in, plan and fact the term's values (``term_value``), the newest year's name and unit."""
    reports = sorted(annual, key=lambda r: r.year)
    by_number: dict[int, dict[int, IndicatorRow]] = {}
    for report in reports:
        for row in report.indicators:
            by_number.setdefault(row.number, {})[report.year] = row
    out: list[IndicatorRow] = []
    for number in sorted(by_number):
        years = by_number[number]
        newest = years[max(years)]
        figures = tuple(IndicatorYear(y, r.plan, r.fact, r.reason) for y, r in sorted(years.items()))
        out.append(
            IndicatorRow(
                number=number,
                kind=newest.kind,
                name=newest.name,
                unit=newest.unit,
                plan=term_value(newest.kind, newest.unit, [f.plan for f in figures]),
                fact=term_value(newest.kind, newest.unit, [f.fact for f in figures]),
                years=figures,
            )
        )
    return tuple(out)


# ------------------------------------------------------------------------------------------------- wording
def no_value_marks() -> frozenset[str]:
    """The letters a published table writes in a value cell for «no value» («х»), in lower case."""
    return frozenset(t("indicators-form-no-value-marks").lower().split())


def section_title() -> str:
    return t("indicators-form-section")


def column_titles() -> tuple[str, ...]:
    return (
        t("indicators-form-column-number"),
        t("indicators-form-column-name"),
        t("indicators-form-column-unit"),
        t("indicators-form-column-plan"),
        t("indicators-form-column-fact"),
        t("indicators-form-column-deviation"),
        t("indicators-form-column-reason"),
    )


def group_titles() -> dict[str, str]:
    return {kind: t(f"indicators-form-group-{kind}") for kind in KINDS}


def term_label(kind: str, unit: str, last_year: int) -> str:
    return (
        t("indicators-form-term-last", year=last_year)
        if is_level(kind, unit)
        else t("indicators-form-term-sum")
    )


# --------------------------------------------------------------------------------------- lines for writers
class LineKind(Enum):
    TITLE = "title"  # the section's title
    HEADER = "header"  # the column titles
    NUMBERS = "numbers"  # 1 2 3 4 5 6 7
    GROUP = "group"  # «Показники затрат» …
    INDICATOR = "indicator"  # an indicator (annual), or its first row over the term
    YEAR = "year"  # over the term: one year of an indicator (``label`` is the year)
    TERM = "term"  # over the term: the term's value (``label`` says which)


SectionValue = str | int | Exact | None


@dataclass(frozen=True, slots=True)
class SectionLine:
    kind: LineKind
    cells: tuple[SectionValue, ...]  # COLUMNS values (the title's line: its text first)
    label: str = ""  # YEAR and TERM lines: the year, or the term's label
    last_of_indicator: bool = True  # over the term: the indicator's block ends here


def section_lines(rows: Sequence[IndicatorRow], *, term: bool = False) -> list[SectionLine]:
    """The section as the writers lay it out: title, header, numbers, a group row per kind that has
    indicators, then the indicators (over the term: a line per year and the term's line each)."""
    if not rows:
        return []
    lines = [
        SectionLine(LineKind.TITLE, (section_title(), *([None] * (COLUMNS - 1)))),
        SectionLine(LineKind.HEADER, column_titles()),
        SectionLine(LineKind.NUMBERS, tuple(range(1, COLUMNS + 1))),
    ]
    groups = group_titles()
    for kind in KINDS:
        mine = [row for row in rows if row.kind == kind]
        if not mine:
            continue
        lines.append(SectionLine(LineKind.GROUP, (groups[kind], *([None] * (COLUMNS - 1)))))
        for row in mine:
            if term:
                lines.extend(_term_lines(row))
            else:
                lines.append(SectionLine(LineKind.INDICATOR, _cells(row, row.plan, row.fact, row.reason)))
    return lines


def _cells(
    row: IndicatorRow, plan: Decimal | None, fact: Decimal | None, reason: str
) -> tuple[SectionValue, ...]:
    return (
        str(row.number),
        row.name,
        row.unit,
        exact(plan),
        exact(fact),
        exact(deviation(plan, fact)),
        reason,
    )


def _term_lines(row: IndicatorRow) -> list[SectionLine]:
    out: list[SectionLine] = []
    for index, year in enumerate(row.years):
        cells = _cells(row, year.plan, year.fact, year.reason)
        if index:
            cells = (None, None, None, *cells[3:])
        out.append(SectionLine(LineKind.YEAR, cells, str(year.year), last_of_indicator=False))
    last_year = row.years[-1].year if row.years else 0
    cells = _cells(row, row.plan, row.fact, "")
    if row.years:
        cells = (None, None, None, *cells[3:])
    out.append(SectionLine(LineKind.TERM, cells, term_label(row.kind, row.unit, last_year)))
    return out


# ------------------------------------------------------------------------------------------------ reading
@dataclass(frozen=True, slots=True)
class ParsedIndicator:
    line: int
    number: int
    kind: str
    name: str
    unit: str
    plan: Decimal | None
    fact: Decimal | None
    reason: str
    printed_deviation: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ParsedTail:
    """What follows the measures' totals rows: section 2, the signature and what could not be read."""

    indicators: tuple[ParsedIndicator, ...]
    signature: tuple[str, ...]
    warnings: tuple[ImportNotice, ...]


def _clean(cell: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", clean_text(cell.replace("\r", ""))).strip()


def _squash(text: str) -> str:
    """Lower case, single spaces, no space after a number's dot: for finding the form's words."""
    return re.sub(r"\s+", " ", text).strip().lower().replace(". ", ".")


def _row_text(cells: Sequence[str]) -> str:
    return " ".join(c for c in (_clean(x) for x in cells) if c)


def _value(
    text: str, line: int, column: int, title: str, *, signed: bool = False, unit: str | None = None
) -> Decimal | None:
    """A value cell: empty, a dash or «х» is no value; «1 250,5», «95 %»; a deviation may carry a minus."""
    raw = text.strip().strip(_SPACES)
    if not raw or raw in _DASHES or raw.lower().rstrip(".") in no_value_marks():
        return None
    negative = False
    if signed and raw.startswith((*_MINUS, "+")):
        negative = raw[0] != "+"
        raw = raw[1:].strip()
    raw = raw.removesuffix("%").strip(_SPACES)
    try:
        value = parse_decimal(raw, max_places=MAX_DECIMALS + (1 if signed else 0))
    except NumberError as exc:
        raise ImportFileError(
            Problem.BAD_NUMBER, line, column, value=text.strip(), title=title, reason=exc.reason.value
        ) from None
    problem = indicator_value_problem(value, unit) if unit is not None else None
    if problem is not None:
        reason = _PROBLEM_REASONS.get(problem, NumberReason.NOT_A_NUMBER)
        raise ImportFileError(
            Problem.BAD_NUMBER, line, column, value=text.strip(), title=title, reason=reason.value
        )
    return -value if negative else value


def parse_tail(rows: Sequence[tuple[int, list[str]]]) -> ParsedTail:
    """Read what follows the measures' totals rows (``rows``: (line number, cells), blank lines left out):
    section 2 where it is there (found by its title or its header row), then the signature (its first two
    lines); every other line is named in a warning, none is dropped unsaid."""
    title = _squash(section_title())
    titles = column_titles()
    header_mark = (_squash(titles[0]), _squash(titles[1]))
    groups = {_squash(text): kind for kind, text in group_titles().items()}
    warnings: list[ImportNotice] = []
    indicators: list[ParsedIndicator] = []
    seen: dict[int, int] = {}
    signature: list[tuple[int, str]] = []
    positions = list(range(COLUMNS))
    state = "before"  # before the section, in it, in the signature
    marks = [w.strip() for w in t("form-read-note-marks").split(",") if w.strip()]
    notes = re.compile("|".join(re.escape(m) for m in marks) or "(?!)", re.I)
    kind: str | None = None
    for line, cells in rows:
        text = _row_text(cells)
        squashed = _squash(text)
        filled = [(i, _clean(c)) for i, c in enumerate(cells) if _clean(c)]
        starts = state != "signature" and squashed.startswith(title)
        header = state != "signature" and squashed.startswith(header_mark[0]) and header_mark[1] in squashed
        if (starts or header) and state == "before":
            # What stood between the totals and the section was no signature.
            warnings.extend(notice(Notice.TEXT_UNREAD, line=n, text=s[:120]) for n, s in signature)
            signature.clear()
        if starts:
            state = "section"
            continue
        if header:
            state = "section"
            if len(filled) == COLUMNS:
                positions = [i for i, _ in filled]
            continue
        if state == "section":
            if [v for _, v in filled] == [str(n) for n in range(1, COLUMNS + 1)]:
                continue  # the column numbers
            group = next((k for words, k in groups.items() if squashed.startswith(words)), None)
            if group is not None and len(filled) == 1:
                kind = group
                continue
            first = _clean(cells[positions[0]]) if positions[0] < len(cells) else ""
            number = _NUMBER.match(first)
            if number is not None and len(filled) >= 3:
                parsed = _indicator(
                    cells, positions, line, int(number.group(1)), kind, titles, warnings, seen
                )
                if parsed is not None:
                    indicators.append(parsed)
                continue
            if len(filled) == 1:
                state = "signature"  # a line of one text that is no group: the signature begins
            else:
                warnings.append(notice(Notice.INDICATOR_UNREAD, line=line, text=text[:120]))
                continue
        if state == "before" and len(filled) > 1:
            warnings.append(notice(Notice.TEXT_UNREAD, line=line, text=text[:120]))
            continue
        if notes.match(text):  # a note under the table («Примітка: …», «* …»): named, never the signature
            warnings.append(notice(Notice.TEXT_UNREAD, line=line, text=text[:120]))
            continue
        signature.append((line, text))
    for line, text in signature[2:]:
        warnings.append(notice(Notice.TEXT_UNREAD, line=line, text=text[:120]))
    return ParsedTail(tuple(indicators), tuple(text for _, text in signature[:2]), tuple(warnings))


def _indicator(
    cells: list[str],
    positions: list[int],
    line: int,
    number: int,
    kind: str | None,
    titles: tuple[str, ...],
    warnings: list[ImportNotice],
    seen: dict[int, int],
) -> ParsedIndicator | None:
    padded = cells + [""] * (positions[-1] + 1 - len(cells))

    def between(first: int, last: int | None) -> str:
        """The texts of the cells from logical column ``first`` up to the next one (merged cells)."""
        stop = positions[last] if last is not None else len(padded)
        return " ".join(c for c in (_clean(x) for x in padded[positions[first] : stop]) if c)

    unit = between(2, 3)

    def value(column: int, *, signed: bool = False) -> Decimal | None:
        return _value(
            padded[positions[column]],
            line,
            positions[column] + 1,
            titles[column],
            signed=signed,
            unit=None if signed else unit,
        )

    plan, fact = value(3), value(4)
    printed = value(5, signed=True)
    if kind is None:
        warnings.append(notice(Notice.INDICATOR_NO_KIND, line=line, number=number))
        return None
    if number in seen:
        warnings.append(notice(Notice.INDICATOR_DUPLICATE, line=line, number=number, first_line=seen[number]))
        return None
    seen[number] = line
    computed = deviation(plan, fact)
    if printed is not None and computed is not None and printed != computed:
        warnings.append(
            notice(Notice.INDICATOR_DEVIATION, line=line, number=number, printed=printed, computed=computed)
        )
    reason_cells = padded[positions[6] :]
    return ParsedIndicator(
        line=line,
        number=number,
        kind=kind,
        name=between(1, 2),
        unit=unit,
        plan=plan,
        fact=fact,
        reason="\n".join(clean_text(c) for c in reason_cells if clean_text(c)),
        printed_deviation=printed,
    )


def rows_of(parsed: Sequence[ParsedIndicator]) -> tuple[IndicatorRow, ...]:
    """Parsed indicators as the report's rows (the deviation recomputed)."""
    return tuple(
        IndicatorRow(p.number, p.kind, p.name, p.unit, p.plan, p.fact, p.reason)
        for p in sorted(parsed, key=lambda p: p.number)
    )
