"""The plan sheet's block of result indicators: written below the measures, filled, read back, previewed.

The plan sheet (``reports.plan_sheet``) is one sheet: its key (A4) says what it was made for, and the bot
reads one sheet per file. So the program's indicators are a block of that same sheet, under the measures: its
title row («Результативні показники на 2024 рік») marks where the measures end; then a header row, and per
kind (cost, product, efficiency, quality) a group row and its indicators, each with its number, the measure it
belongs to, name, unit, the values it may take, the year's plan (yellow, prefilled as the measures are) and
the earlier years' plans (grey). Every plan cell carries Excel's validation (a number ≥ 0; 0-100 for a
percent), and reading it back checks each value with ``storage.indicators``' one rule, naming each bad cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import aiosqlite

from l10n import t
from l10n.numbers import BABEL_LOCALE
from reports.sheet_problems import CellProblem, SheetError
from storage.indicators import (
    IndicatorValueError,
    indicator_plan_years,
    indicator_plans,
    is_percent_unit,
    parse_indicator_value,
    program_indicators,
)
from storage.models import Indicator, IndicatorKind
from storage.texts import clean_text

COL_NUMBER, COL_MEASURE, COL_NAME, COL_UNIT, COL_RULE, COL_PLAN = 1, 2, 3, 4, 5, 6
FIRST_REFERENCE_COL: Final = 7  # earlier years' plans, the latest first
KINDS: Final = tuple(IndicatorKind)  # the section's group order


class IndicatorSheetError(SheetError):
    refused = "plan-sheet-refused"  # the same opening: it is the plan sheet that is refused


@dataclass(frozen=True, slots=True)
class IndicatorsToSend:
    """What the block needs: the program's indicators (by number), the measure numbers they belong to, and
    every year's indicator plans up to the sheet's year."""

    indicators: tuple[Indicator, ...]
    measures: dict[int, str]  # measure id -> its number
    plans: dict[int, dict[int, Decimal]]  # year -> indicator id -> plan

    def prefill_year(self, year: int) -> int | None:
        years = sorted(y for y, plans in self.plans.items() if plans and y <= year)
        return years[-1] if years else None


async def indicators_to_send(
    conn: aiosqlite.Connection, program_id: int, year: int, measures: Mapping[int, str]
) -> IndicatorsToSend | None:
    """The block's contents for the program's sheet of ``year``; None when the program has no indicators."""
    indicators = [i for i in await program_indicators(conn, program_id) if i.in_force(year)]
    if not indicators:
        return None
    plans: dict[int, dict[int, Decimal]] = {}
    for y in await indicator_plan_years(conn, program_id):
        if y <= year:
            plans[y] = await indicator_plans(conn, program_id, y)
    return IndicatorsToSend(tuple(indicators), dict(measures), plans)


def block_title(year: int) -> str:
    return t("indicator-plan-block-title", year=year)


def rule_text(unit: str) -> str:
    """What a plan of this unit may be, as the sheet's column says it."""
    return t("indicator-plan-rule", percent="yes" if is_percent_unit(unit) else "no")


def write_block(
    ws: Any, after_row: int, year: int, part: IndicatorsToSend, width: int, font: str, size: float
) -> int:
    """The block under the measures (from ``after_row`` + 2), ``width`` columns wide at least, in the sheet's
    font and size; returns its last row. ``ws``: the plan sheet's openpyxl worksheet."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.styles.protection import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from reports.xlsx_cells import SheetStyles

    styles = SheetStyles.of(font, size)
    source = part.prefill_year(year)
    earlier = sorted((y for y in part.plans if y < year and part.plans[y]), reverse=True)
    titles = [
        t("indicator-plan-col-number"),
        t("indicator-plan-col-measure"),
        t("indicator-plan-col-name"),
        t("indicator-plan-col-unit"),
        t("indicator-plan-col-rule"),
        t("indicator-plan-col-plan", year=year),
        *(t("indicator-plan-col-earlier", year=y) for y in earlier),
    ]
    last_col = max(width, len(titles))
    row = after_row + 2
    title = ws.cell(row, 1, block_title(year))
    title.data_type = "s"
    title.font = Font(name=font, size=size + 2, bold=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    row += 1
    hint_text = t(
        "indicator-plan-block-hint", prefilled=str(source) if source not in (None, year) else "none"
    )
    hint = ws.cell(row, 1, hint_text)
    hint.data_type = "s"
    hint.font, hint.alignment = styles.table, Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    ws.row_dimensions[row].height = 2 * 15
    row += 1
    for col, text in enumerate(titles, start=1):
        cell = ws.cell(row, col, text)
        cell.font, cell.border = styles.bold, styles.border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[row].height = 3 * 15
    counts = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("indicator-plan-validation-title"),
        error=t("indicator-plan-validation-count"),
    )
    percents = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("indicator-plan-validation-title"),
        error=t("indicator-plan-validation-percent"),
    )
    ws.add_data_validation(counts)
    ws.add_data_validation(percents)
    for kind in KINDS:
        of_kind = [i for i in part.indicators if i.kind is kind]
        if not of_kind:
            continue
        row += 1
        group = ws.cell(row, 1, t("indicator-plan-group", kind=kind.value))
        group.data_type = "s"
        group.font, group.border = styles.bold, styles.border
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(titles))
        for indicator in of_kind:
            row += 1
            measure = part.measures.get(indicator.measure_id or 0, "")
            values: list[object] = [
                indicator.number,
                measure,
                indicator.name,
                indicator.unit,
                rule_text(indicator.unit),
                part.plans.get(source, {}).get(indicator.id) if source is not None else None,
                *(part.plans[y].get(indicator.id) for y in earlier),
            ]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row, col)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # a name starting with "=" is never a formula
                elif value is not None:
                    cell.number_format = "0.###"
                cell.font, cell.border, cell.alignment = styles.table, styles.border, styles.wrap
                if col == COL_PLAN:
                    cell.fill = styles.fill_in
                    cell.protection = Protection(
                        locked=False
                    )  # the one cell to fill, should the sheet be locked
                elif col >= FIRST_REFERENCE_COL:
                    cell.fill = styles.grey
            address = f"{_column_letter(COL_PLAN)}{row}"
            (percents if is_percent_unit(indicator.unit) else counts).add(address)
            lines = max(1, -(-len(indicator.name) // 70))  # the name column holds about 70 characters a line
            ws.row_dimensions[row].height = min(409, 15 * lines)
    return row


def split_block(grid: list[list[str]], year: int) -> tuple[list[list[str]], int | None]:
    """The grid's rows above the indicators' block (the measures' part, for ``reports.plan_sheet``) and the
    index of the block's title row (None: the sheet has no block)."""
    title = block_title(year)
    for index, cells in enumerate(grid):
        if cells and clean_text(cells[0]) == title:
            return grid[:index], index
    return grid, None


@dataclass(frozen=True, slots=True)
class IndicatorPlanChange:
    indicator_id: int
    number: int
    name: str
    unit: str
    old: Decimal | None
    new: Decimal | None


def read_block(
    grid: list[list[str]], year: int, indicators: Sequence[Indicator]
) -> dict[int, Decimal | None] | None:
    """Per indicator number, the plan its row holds (None: empty); None when the sheet has no block (a sheet
    written before the program had indicators: its indicators' plans stay as they are). Raises
    ``IndicatorSheetError`` naming each bad cell: a value the indicator's unit does not allow, a number the
    program does not have, a row twice or missing."""
    _, start = split_block(grid, year)
    if start is None:
        return None
    by_number = {i.number: i for i in indicators}
    problems: list[CellProblem] = []
    seen: dict[int, int] = {}
    plans: dict[int, Decimal | None] = {}
    group_titles = {t("indicator-plan-group", kind=kind.value) for kind in KINDS}
    header = t("indicator-plan-col-number")
    for index in range(start + 1, len(grid)):
        cells = grid[index]
        line = index + 1
        first = _cell(cells, COL_NUMBER)
        plan_text = _cell(cells, COL_PLAN)
        if first in group_titles or first == header or (not first and not plan_text):
            continue
        if index == start + 1 and not plan_text:  # the hint under the title
            continue
        number_text = first.rstrip(".")
        if not number_text:
            problems.append(CellProblem(f"A{line}", t("indicator-plan-no-number")))
            continue
        if not number_text.isdigit() or int(number_text) not in by_number:
            problems.append(CellProblem(f"A{line}", t("indicator-plan-unknown", number=number_text)))
            continue
        number = int(number_text)
        if number in seen:
            problems.append(
                CellProblem(f"A{line}", t("indicator-plan-duplicate", number=number, first=seen[number]))
            )
            continue
        seen[number] = line
        if not plan_text:
            plans[number] = None
            continue
        checked = check_value(plan_text, by_number[number].unit)
        if isinstance(checked, Decimal):
            plans[number] = checked
        else:
            problems.append(CellProblem(f"{_column_letter(COL_PLAN)}{line}", checked))
    missing = sorted(set(by_number) - set(seen))
    if missing and not problems:
        problems.append(
            CellProblem(
                f"A{start + 1}",
                t("indicator-plan-missing", numbers=", ".join(map(str, missing)), count=len(missing)),
            )
        )
    if problems:
        raise IndicatorSheetError(problems)
    return plans


def check_value(text: str, unit: str) -> Decimal | str:
    """The value ``text`` says in ``unit``, or why it cannot be a plan (Ukrainian, from the catalog), by
    ``storage.indicators``' one rule."""
    try:
        return parse_indicator_value(text, unit)
    except IndicatorValueError as error:
        return t("indicator-plan-bad-value", value=text[:40], unit=unit, problem=error.problem.value)


def diff_indicator_plans(
    indicators: Sequence[Indicator], stored: Mapping[int, Decimal], read: Mapping[int, Decimal | None]
) -> tuple[IndicatorPlanChange, ...]:
    """What applying ``read`` (number -> plan) changes against ``stored`` (indicator id -> plan), by number."""
    changes: list[IndicatorPlanChange] = []
    for indicator in sorted(indicators, key=lambda i: i.number):
        if indicator.number not in read:
            continue
        old, new = stored.get(indicator.id), read[indicator.number]
        if old != new:
            changes.append(
                IndicatorPlanChange(indicator.id, indicator.number, indicator.name, indicator.unit, old, new)
            )
    return tuple(changes)


async def sheet_changes(
    conn: aiosqlite.Connection, grid: list[list[str]], program_id: int, year: int
) -> tuple[IndicatorPlanChange, ...]:
    """What a returned plan sheet's block changes in the indicators' plans of ``year`` (none without a block).
    Raises ``IndicatorSheetError`` naming each bad cell."""
    indicators = [i for i in await program_indicators(conn, program_id) if i.in_force(year)]
    read = read_block(grid, year, indicators)
    if read is None:
        return ()
    return diff_indicator_plans(indicators, await indicator_plans(conn, program_id, year), read)


def value_text(value: Decimal | None, unit: str = "") -> str:
    """A plan as shown: the number as exact as stored, with a decimal comma (and its unit), or «не встановлено»."""
    if value is None:
        return t("plan-not-set")
    from babel.numbers import format_decimal

    return t(
        "indicator-plan-value",
        value=format_decimal(value, format="#,##0.######", locale=BABEL_LOCALE),
        unit=unit,
    )


def change_line(change: IndicatorPlanChange) -> str:
    return t(
        "indicator-plan-diff-line",
        number=change.number,
        name=_short(change.name),
        old=value_text(change.old, change.unit),
        new=value_text(change.new, change.unit),
        cleared="yes" if change.old is not None and change.new is None else "no",
    )


def render_changes(changes: Sequence[IndicatorPlanChange], limit: int = 1200) -> str:
    """The indicators' part of a sheet's preview: a header with the count, then each change (at most ``limit``
    characters, «і ще N» for the rest)."""
    lines = [t("indicator-plan-diff-header", count=len(changes))]
    used = len(lines[0])
    for index, change in enumerate(changes):
        line = change_line(change)
        if used + len(line) + 1 > limit:
            lines.append(t("plan-diff-more", count=len(changes) - index))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def _short(name: str, limit: int = 80) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _cell(cells: list[str], col: int) -> str:
    return clean_text(cells[col - 1]) if len(cells) >= col else ""


def _column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
