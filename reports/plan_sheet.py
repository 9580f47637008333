"""The plan sheet: a workbook the coordinator fills with a year's plans per measure and fund, and reads back.

``/plan 2024`` sends it: every measure with its task, number, text, term and executors, the year's plan
columns per fund (prefilled from the latest year that has plans), and earlier years beside them for
reference. The coordinator fills it on a computer and sends it back; ``read_plan_sheet`` turns the grid into
plans, naming the cell of every problem, and ``diff_plans`` says what would change before anything does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Final

import aiosqlite
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from l10n import t
from l10n.numbers import amount
from storage.models import Fund
from storage.numbers import NumberError, parse_amount
from storage.plans import PlanKey, program_plans
from storage.programs import ProgramTree, list_programs, load_program
from storage.texts import clean_text

FUNDS: Final = (Fund.GENERAL, Fund.SPECIAL)
HEADER_ROW: Final = 5  # sheet row of the column titles; data start below it
COL_TASK, COL_NUMBER, COL_TEXT, COL_TERM, COL_EXECUTORS = 1, 2, 3, 4, 5
COL_PLAN: Final = {Fund.GENERAL: 6, Fund.SPECIAL: 7}  # the columns the coordinator fills
FIRST_REFERENCE_COL: Final = 8
WIDTHS: Final = {COL_TASK: 8, COL_NUMBER: 8, COL_TEXT: 60, COL_TERM: 11, COL_EXECUTORS: 28}
_YEAR_RE: Final = re.compile(r"\b(\d{4})\b")


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """One cell the sheet cannot be applied with."""

    cell: str  # "F12"
    message: str  # Ukrainian, from the catalog


class PlanSheetError(ValueError):
    def __init__(self, problems: list[PlanProblem]) -> None:
        super().__init__("; ".join(f"{p.cell}: {p.message}" for p in problems))
        self.problems = problems

    def render(self, limit: int = 10) -> str:
        lines = [t("plan-sheet-cell-problem", cell=p.cell, message=p.message) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(t("plan-sheet-more-problems", count=len(self.problems) - limit))
        return "\n".join([t("plan-sheet-refused"), *lines])


@dataclass(frozen=True, slots=True)
class PlanSheet:
    """What a filled sheet says: the year and, per measure number and fund, its plan (None: not set)."""

    year: int
    plans: dict[tuple[str, Fund], Decimal | None]


@dataclass(frozen=True, slots=True)
class PlanChange:
    measure_number: str
    fund: Fund
    old: Decimal | None
    new: Decimal | None


@dataclass(frozen=True, slots=True)
class PlanDiff:
    year: int
    changes: tuple[PlanChange, ...]
    totals_before: dict[Fund, Decimal]
    totals_after: dict[Fund, Decimal]

    def to_apply(self, tree: ProgramTree) -> dict[PlanKey, Decimal | None]:
        ids = {m.number: m.id for m in tree.measures}
        return {PlanKey(ids[c.measure_number], self.year, c.fund): c.new for c in self.changes}  # type: ignore[arg-type]


def prefill_year(plans: Mapping[PlanKey, Decimal], year: int) -> int | None:
    """The year the sheet is prefilled from: ``year`` itself when it has plans, else the latest before it."""
    years = sorted({k.year for k in plans if k.year <= year})
    return years[-1] if years else None


def write_plan_sheet(
    tree: ProgramTree, plans: Mapping[PlanKey, Decimal], year: int, stream: BinaryIO
) -> None:
    """The sheet for ``year``: its columns prefilled, earlier years (with plans) beside it, read-only."""
    source = prefill_year(plans, year)
    earlier = sorted({k.year for k in plans if k.year < year})
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("plan-sheet-title-short", year=year)
    bold = Font(bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    grey = PatternFill("solid", fgColor="EEEEEE")
    fill_in = PatternFill("solid", fgColor="FFF2CC")
    ws.cell(1, 1, t("plan-sheet-title", year=year)).font = Font(bold=True, size=13)
    ws.cell(2, 1, tree.program.name)
    hint = t("plan-sheet-hint-prefilled", year=source) if source is not None and source != year else ""
    ws.cell(3, 1, " ".join(filter(None, [t("plan-sheet-hint"), hint])))
    titles = [
        t("plan-sheet-col-task"), t("plan-sheet-col-number"), t("plan-sheet-col-text"), t("plan-sheet-col-term"),
        t("plan-sheet-col-executors"),
        t("plan-sheet-col-plan", year=year, fund=Fund.GENERAL.value),
        t("plan-sheet-col-plan", year=year, fund=Fund.SPECIAL.value),
    ]  # fmt: skip
    for y in reversed(earlier):
        titles += [t("plan-sheet-col-plan", year=y, fund=f.value) for f in FUNDS]
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(HEADER_ROW, col, title)
        cell.font, cell.border, cell.alignment = bold, border, Alignment(wrap_text=True, vertical="center")
    row = HEADER_ROW
    tasks = {task.id: task for task in tree.tasks}
    for measure in tree.in_force(year):
        row += 1
        task = tasks.get(measure.task_id)
        values: list[object] = [
            task.number if task else "",
            measure.number,
            measure.text,
            measure.term,
            measure.executors_text,
        ]
        for fund in FUNDS:
            values.append(plans.get(PlanKey(measure.id, source, fund)) if source is not None else None)  # type: ignore[arg-type]
        for y in reversed(earlier):
            values += [plans.get(PlanKey(measure.id, y, f)) for f in FUNDS]  # type: ignore[arg-type]
        for col, value in enumerate(values, start=1):
            # Texts stay texts: a measure text starting with "=" is never a formula.
            cell = ws.cell(row, col)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"
            else:
                cell.value = value
                cell.number_format = "0.0##"
            cell.border, cell.alignment = border, wrap
            if col in COL_PLAN.values():
                cell.fill = fill_in
            elif col >= FIRST_REFERENCE_COL:
                cell.fill = grey
    for col in range(1, len(titles) + 1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(col, 13)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, COL_PLAN[Fund.GENERAL])
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    wb.save(stream)


def is_plan_sheet(grid: list[list[str]]) -> bool:
    """Whether a grid is a plan sheet (by its title, as ``read_plan_sheet`` checks it), not a program's report:
    a file sent to the bot goes where this says, read once."""
    title = grid[0][0].strip() if grid and grid[0] else ""
    years = _YEAR_RE.findall(title)
    return bool(years) and title == t("plan-sheet-title", year=int(years[0]))


def read_plan_sheet(grid: list[list[str]], tree: ProgramTree) -> PlanSheet:
    """The plans a filled sheet holds; every problem named by its cell, nothing half-read."""
    problems: list[PlanProblem] = []
    title = grid[0][0] if grid and grid[0] else ""
    years = _YEAR_RE.findall(title)
    if not years or title.strip() != t("plan-sheet-title", year=int(years[0])):
        raise PlanSheetError([PlanProblem("A1", t("plan-sheet-not-a-plan-sheet"))])
    year = int(years[0])
    header = HEADER_ROW - 1
    expected = t("plan-sheet-col-number")
    if (
        len(grid) <= header
        or len(grid[header]) < COL_PLAN[Fund.SPECIAL]
        or grid[header][COL_NUMBER - 1] != expected
    ):
        raise PlanSheetError([PlanProblem(f"B{HEADER_ROW}", t("plan-sheet-no-header", title=expected))])
    known = {m.number for m in tree.in_force(year)}
    seen: dict[str, int] = {}
    plans: dict[tuple[str, Fund], Decimal | None] = {}
    for index in range(header + 1, len(grid)):
        cells = grid[index]
        line = index + 1
        number = _cell(cells, COL_NUMBER).rstrip(".")
        if not number:
            if any(_cell(cells, COL_PLAN[f]) for f in FUNDS):
                problems.append(PlanProblem(f"B{line}", t("plan-sheet-no-measure-number")))
            continue
        if number not in known:
            problems.append(PlanProblem(f"B{line}", t("plan-sheet-unknown-measure", number=number)))
            continue
        if number in seen:
            problems.append(
                PlanProblem(f"B{line}", t("plan-sheet-duplicate-measure", number=number, first=seen[number]))
            )
            continue
        seen[number] = line
        for fund in FUNDS:
            col = COL_PLAN[fund]
            text = _cell(cells, col)
            if not text:
                plans[(number, fund)] = None
                continue
            try:
                plans[(number, fund)] = parse_amount(text)
            except NumberError as exc:
                problems.append(
                    PlanProblem(
                        f"{get_column_letter(col)}{line}",
                        t("plan-sheet-bad-amount", value=text, reason=exc.reason.value),
                    )
                )
    missing = sorted(known - set(seen), key=_number_key)
    if missing and not problems:
        problems.append(
            PlanProblem(
                f"B{HEADER_ROW + 1}",
                t("plan-sheet-missing-measures", numbers=", ".join(missing), count=len(missing)),
            )
        )
    if problems:
        raise PlanSheetError(problems)
    return PlanSheet(year=year, plans=plans)


def diff_plans(tree: ProgramTree, plans: Mapping[PlanKey, Decimal], sheet: PlanSheet) -> PlanDiff:
    """What applying ``sheet`` changes, measure by measure in the program's order, and the totals per fund."""
    changes: list[PlanChange] = []
    before = {fund: Decimal(0) for fund in FUNDS}
    after = {fund: Decimal(0) for fund in FUNDS}
    for measure in tree.in_force(sheet.year):
        for fund in FUNDS:
            old = plans.get(PlanKey(measure.id, sheet.year, fund))  # type: ignore[arg-type]
            new = sheet.plans.get((measure.number, fund), old)
            before[fund] += old or 0
            after[fund] += new or 0
            if old != new:
                changes.append(PlanChange(measure.number, fund, old, new))
    return PlanDiff(sheet.year, tuple(changes), before, after)


def _cell(cells: list[str], col: int) -> str:
    return clean_text(cells[col - 1]) if len(cells) >= col else ""  # a cell of invisible characters is empty


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def render_diff(diff: PlanDiff, limit: int = 3000) -> str:
    """What applying the sheet changes, for a person: one line per measure and fund (old -> new), capped at
    ``limit`` characters with «і ще N», and the totals per fund before and after."""
    lines = [t("plan-diff-header", year=diff.year, count=len(diff.changes))]
    used = len(lines[0])
    shown = 0
    for change in diff.changes:
        line = t(
            "plan-diff-line", number=change.measure_number, fund=change.fund.value,
            old=plan_text(change.old), new=plan_text(change.new),
        )  # fmt: skip
        if used + len(line) + 1 > limit:
            break
        lines.append(line)
        used += len(line) + 1
        shown += 1
    if shown < len(diff.changes):
        lines.append(t("plan-diff-more", count=len(diff.changes) - shown))
    for fund in FUNDS:
        lines.append(
            t(
                "plan-diff-total", fund=fund.value,
                old=amount(diff.totals_before[fund]), new=amount(diff.totals_after[fund]),
            )
        )  # fmt: skip
    return "\n".join(lines)


def plan_text(value: Decimal | None) -> str:
    """A plan as shown: its amount, or «не встановлено» (never 0,0 for a plan nobody entered)."""
    return t("plan-not-set") if value is None else amount(value)


async def sheet_diff(conn: aiosqlite.Connection, grid: list[list[str]]) -> tuple[ProgramTree, PlanDiff]:
    """Read a filled sheet against the database: the program it is for (named in its second row; the only
    one otherwise) and what it would change. Raises ``PlanSheetError`` naming the cells."""
    programs = await list_programs(conn)
    named = grid[1][0].strip() if len(grid) > 1 and grid[1] else ""
    program = next((p for p in programs if p.name == named), None)
    if program is None and len(programs) == 1:
        program = programs[0]
    tree = await load_program(conn, program.id) if program is not None else None
    if tree is None:
        raise PlanSheetError([PlanProblem("A2", t("plan-sheet-unknown-program", name=named))])
    plans = await program_plans(conn, tree.program.id)
    sheet = read_plan_sheet(grid, tree)
    start, end = tree.program.start_year, tree.program.end_year
    if not start <= sheet.year <= end:
        raise PlanSheetError(
            [PlanProblem("A1", t("plan-sheet-year-out-of-term", year=sheet.year, start=start, end=end))]
        )
    return tree, diff_plans(tree, plans, sheet)
