"""The plan sheet: a workbook the coordinator fills with a year's plans per measure and fund, and reads back.

``/plan 2024`` sends it: every measure with its task, number, text, term and executors, the year's plan
columns per fund (prefilled from the latest year that has plans), and earlier years beside them for
reference. The coordinator fills it on a computer and sends it back; ``read_plan_sheet`` turns the grid into
plans, naming the cell of every problem, and ``diff_plans`` says what would change before anything does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, BinaryIO, Final

import aiosqlite

from l10n import t
from l10n.numbers import amount
from reports import indicator_plan_sheet as indicators_block
from reports.sheet_problems import CellProblem, SheetError
from storage.db import utcnow
from storage.instance import instance_key
from storage.models import Fund
from storage.numbers import NumberError, parse_amount
from storage.plans import PlanKey, program_plans
from storage.programs import ProgramTree, get_program, load_plans, load_program
from storage.texts import clean_text

FUNDS: Final = (Fund.GENERAL, Fund.SPECIAL)
KEY_ROW: Final = 4  # sheet row of the sheet's key (A4): what it was made for
HEADER_ROW: Final = 5  # sheet row of the column titles; data start below it
COL_TASK, COL_NUMBER, COL_TEXT, COL_TERM, COL_EXECUTORS = 1, 2, 3, 4, 5
COL_PLAN: Final = {Fund.GENERAL: 6, Fund.SPECIAL: 7}  # the columns the coordinator fills
FIRST_REFERENCE_COL: Final = 8
_FONT: Final = "Times New Roman"  # the form's font: reports.layout measures its metric twin
_TABLE_SIZE: Final = 10
NUMBER_FORMAT: Final = "0.0"  # plans print with one decimal, as in the form
_MARGINS: Final = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6, "footer": 0.3}  # inches
_PAGE_FILL: Final = 0.95  # of a page's height the manual breaks plan for (the form's sheet's safety)
_MAX_PAGE_BREAKS: Final = 1_026  # Excel keeps no more
WIDTHS: Final = {COL_TASK: 8, COL_NUMBER: 8, COL_TEXT: 60, COL_TERM: 11, COL_EXECUTORS: 28}
_YEAR_RE: Final = re.compile(r"\b(\d{4})\b")
_KEY_RE: Final = re.compile(
    r"zvitbot-plan:1:([0-9a-f]{16}):([0-9]{1,9}):([0-9]{4}):([0-9]{4}|-):([0-9]{8}T[0-9]{6}Z)"
)
_KEY_TIME: Final = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True, slots=True)
class SheetKey:
    """What a plan sheet was made for (the database, the program, the year) and what it came prefilled with
    (the plans of ``prefilled_from`` as they stood at ``made_at``). Written into the sheet (A4), read back on
    its return: a sheet of another program, year or database is refused, and the preview can tell what the
    person changed from what they were sent."""

    database: str  # storage.instance: this database's own key
    program_id: int
    year: int
    prefilled_from: int | None
    made_at: dt.datetime  # UTC, whole seconds

    def text(self) -> str:
        prefilled = "-" if self.prefilled_from is None else str(self.prefilled_from)
        made = self.made_at.astimezone(dt.UTC).strftime(_KEY_TIME)
        return f"zvitbot-plan:1:{self.database}:{self.program_id}:{self.year}:{prefilled}:{made}"

    @classmethod
    def find(cls, text: str) -> SheetKey | None:
        match = _KEY_RE.search(text)
        if match is None:
            return None
        database, program, year, prefilled, made = match.groups()
        try:
            made_at = dt.datetime.strptime(made, _KEY_TIME).replace(tzinfo=dt.UTC)
        except ValueError:
            return None
        return cls(database, int(program), int(year), None if prefilled == "-" else int(prefilled), made_at)


@dataclass(frozen=True, slots=True)
class SheetToSend:
    tree: ProgramTree
    plans: dict[PlanKey, Decimal]
    key: SheetKey
    indicators: indicators_block.IndicatorsToSend | None = None  # the block under the measures; None: none


async def sheet_to_send(
    conn: aiosqlite.Connection, program_id: int, year: int, now: dt.datetime | None = None
) -> SheetToSend:
    """What ``write_plan_sheet`` needs for the program's sheet of ``year``: its tree, its plans, its key."""
    tree = await load_program(conn, program_id)
    assert tree is not None
    plans = await program_plans(conn, program_id)
    made_at = (now or utcnow()).replace(microsecond=0)
    key = SheetKey(await instance_key(conn), program_id, year, prefill_year(plans, year), made_at)
    measures = {m.id: m.number for m in tree.measures}
    indicators = await indicators_block.indicators_to_send(conn, program_id, year, measures)
    return SheetToSend(tree, plans, key, indicators)


PlanProblem = CellProblem


class PlanSheetError(SheetError):
    refused = "plan-sheet-refused"


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
    """What a returned sheet does. ``changes`` are against the database (what applying it changes);
    ``edits`` against the sheet as it was sent (what the person did to it: plans typed over and cleared),
    when it came prefilled from another year; ``as_sent`` counts the plans it sets as they came prefilled where
    the year had none; ``overwrites``: those it sets as they came prefilled over a plan the year has (set after
    the sheet was made, by someone else or with /plan): named, never counted among «як у плані …»."""

    year: int
    changes: tuple[PlanChange, ...]
    totals_before: dict[Fund, Decimal]
    totals_after: dict[Fund, Decimal]
    program: str = ""
    prefilled_from: int | None = None  # only when it is another year than ``year``
    edits: tuple[PlanChange, ...] = field(default=())
    as_sent: int = 0
    overwrites: tuple[PlanChange, ...] = field(default=())
    indicators: tuple[indicators_block.IndicatorPlanChange, ...] = field(default=())  # the indicators' block

    def fingerprint(self) -> str:
        """What applying it would change, as a short digest: a preview shown and the apply pressed after it
        must agree (the Mini App refuses an apply whose plans changed since its preview)."""
        text = ";".join(f"{c.measure_number}:{c.fund.value}:{c.old}:{c.new}" for c in self.changes)
        return hashlib.sha256(f"{self.year}|{text}".encode()).hexdigest()[:32]

    def to_apply(self, tree: ProgramTree) -> dict[PlanKey, Decimal | None]:
        ids = {m.number: m.id for m in tree.measures}
        return {PlanKey(ids[c.measure_number], self.year, c.fund): c.new for c in self.changes}  # type: ignore[arg-type]


def prefill_year(plans: Mapping[PlanKey, Decimal], year: int) -> int | None:
    """The year the sheet is prefilled from: ``year`` itself when it has plans, else the latest before it."""
    years = sorted({k.year for k in plans if k.year <= year})
    return years[-1] if years else None


def write_plan_sheet(sheet: SheetToSend, stream: BinaryIO) -> None:
    """The sheet for the key's year, made to be read and printed (issue 24): the title rows and the key (A4);
    the header; per task a row with its name, then its measures, the year's plan columns per fund prefilled
    (yellow: the only cells a person can change, each checked by Excel as a number ≥ 0 with at most one
    decimal), earlier years (with plans) beside them, grey; a totals row per fund (values, not formulas: the
    reader skips it, and the preview computes the totals from what it reads). One font, the form's; every
    row as tall as its texts need (a spreadsheet does not fit rows to wrapped text when it opens a file);
    every other cell protected without a password; A4 landscape, one page wide, the header on every page."""
    from reports.xlsx_cells import form_workbook

    tree, plans, year = sheet.tree, sheet.plans, sheet.key.year
    wb = form_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("plan-sheet-title-short", year=year)
    out = _PlanSheetWriter(ws, _columns(year, sorted({k.year for k in plans if k.year < year})))
    out.head(sheet)
    inputs, last_row = out.body(tree, plans, sheet.key.prefilled_from, year)
    if sheet.indicators is not None:  # the result indicators' block under the totals (its own input cells)
        indicators_block.write_block(
            ws, last_row, year, sheet.indicators, len(out.columns), _FONT, _TABLE_SIZE
        )
    out.validate_and_protect(inputs)
    out.print_setup()
    wb.save(stream)


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    width: float
    year: int | None = None  # a plan column's year; None: a text column (A..E)
    fund: Fund | None = None


def plan_column_title(year: int, fund: Fund) -> str:
    """The header of a plan column (F, G): the reader checks it, so that a column moved is not read as another."""
    return t("plan-sheet-col-plan", year=year, fund=fund.value)


def _columns(year: int, earlier: list[int]) -> list[_Column]:
    """A..E the measure's texts, F and G the year's plans (filled in), then earlier years' (read only)."""
    texts = (
        t("plan-sheet-col-task"),
        t("plan-sheet-col-number"),
        t("plan-sheet-col-text"),
        t("plan-sheet-col-term"),
        t("plan-sheet-col-executors"),
    )
    columns = [_Column(title, WIDTHS[col]) for col, title in enumerate(texts, start=1)]
    for y in (year, *reversed(earlier)):
        columns += [_Column(plan_column_title(y, f), 13, y, f) for f in FUNDS]
    return columns


class _PlanSheetWriter:
    """Writes the plan sheet's parts in order: head, body (task, measure and totals rows), checks, print."""

    def __init__(self, ws: Any, columns: list[_Column]) -> None:
        from openpyxl.styles import Alignment, Font

        from reports.xlsx_cells import SheetStyles

        self.ws = ws
        self.columns = columns
        self.table_rows: list[tuple[int, bool]] = []  # the body's rows in order, each kept with the next?
        self.styles = SheetStyles.of(_FONT, _TABLE_SIZE)
        self.number_alignment = Alignment(horizontal="right", vertical="top", indent=1)
        self.header_alignment = Alignment(wrap_text=True, vertical="center")
        self.title_alignment = Alignment(wrap_text=True, vertical="top")
        self.font = Font  # one family, the form's: only sizes, weight and colour differ
        for col, column in enumerate(columns, start=1):
            ws.column_dimensions[_column_letter(col)].width = column.width

    def _height(self, row: int, texts: list[tuple[str, float]], size: float, bold: bool = False) -> None:
        from reports import layout

        lines = max((layout.excel_lines(text, w, size, bold) for text, w in texts if text), default=1)
        self.ws.row_dimensions[row].height = min(
            layout.EXCEL_MAX_ROW_HEIGHT, layout.excel_height(lines, size)
        )

    def _text(self, row: int, col: int, text: str) -> Any:
        cell = self.ws.cell(row, col, text)
        cell.data_type = "s"  # a text stays a text: a measure text starting with "=" is never a formula
        return cell

    def _merged_text(self, row: int, text: str, last_col: int, font: Any, fill: Any = None) -> None:
        """``text`` over columns A..``last_col``, wrapped, the row as tall as it needs."""
        cell = self._text(row, 1, text)
        cell.font, cell.alignment = font, self.title_alignment
        if fill is not None:
            for col in range(1, last_col + 1):
                self.ws.cell(row, col).fill = fill
                self.ws.cell(row, col).border = self.styles.border
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        width = sum(c.width for c in self.columns[:last_col])
        self._height(row, [(text, width)], float(font.size), bool(font.bold))

    def head(self, sheet: SheetToSend) -> None:
        """Rows 1-4 (title, program, hint, key) over the whole width; the column titles in HEADER_ROW."""
        year, source = sheet.key.year, sheet.key.prefilled_from
        hint = t("plan-sheet-hint-prefilled", year=source) if source is not None and source != year else ""
        size = _TABLE_SIZE
        head = [
            (t("plan-sheet-title", year=year), self.font(name=_FONT, size=13, bold=True)),
            (sheet.tree.program.name, self.font(name=_FONT, size=size + 1)),
            (" ".join(filter(None, [t("plan-sheet-hint"), hint])), self.font(name=_FONT, size=size)),
            (t("plan-sheet-key", key=sheet.key.text()), self.font(name=_FONT, size=8, color="808080")),
        ]
        for row, (text, font) in enumerate(head, start=1):
            self._merged_text(row, text, len(self.columns), font)
        for col, column in enumerate(self.columns, start=1):
            cell = self._text(HEADER_ROW, col, column.title)
            cell.font, cell.border, cell.alignment = (
                self.styles.bold,
                self.styles.border,
                self.header_alignment,
            )
        self._height(HEADER_ROW, [(c.title, c.width) for c in self.columns], _TABLE_SIZE, True)

    def body(
        self, tree: ProgramTree, plans: Mapping[PlanKey, Decimal], source: int | None, year: int
    ) -> tuple[list[int], int]:
        """The task rows, each followed by its measures' rows, and the totals row; the measure rows' numbers and
        the last row written (the totals')."""
        tasks = {task.id: task for task in tree.tasks}
        measures = tree.in_force(year)
        row = HEADER_ROW
        measure_rows: list[int] = []
        sums: list[Decimal | None] = [None] * len(self.columns)
        current_task: int | None = None
        for measure in measures:
            task = tasks.get(measure.task_id)
            if task is not None and task.id != current_task:
                row += 1
                self.task_row(row, task.number, task.text)
                self.table_rows.append((row, True))  # a task's name never ends a page
                current_task = task.id
            row += 1
            self.table_rows.append((row, measure is measures[-1]))  # the last measure with the totals
            values = self.measure_row(row, measure, task.number if task else "", plans, source)
            measure_rows.append(row)
            for col, value in enumerate(values):
                if isinstance(value, Decimal):
                    sums[col] = (sums[col] or Decimal(0)) + value
        self.totals_row(row + 1, sums)
        self.table_rows.append((row + 1, False))
        return measure_rows, row + 1

    def task_row(self, row: int, number: str, text: str) -> None:
        """«Завдання 1. …» over A..E, bold, grey; its plan cells grey and locked (the reader skips the row)."""
        label = t("plan-sheet-task-row", number=number.rstrip("."), text=clean_text(text))
        self._merged_text(row, label, COL_EXECUTORS, self.styles.bold, self.styles.grey)
        for col in range(COL_EXECUTORS + 1, len(self.columns) + 1):
            cell = self.ws.cell(row, col)
            cell.border, cell.fill = self.styles.border, self.styles.grey

    def measure_row(
        self,
        row: int,
        measure: Any,
        task_number: str,
        plans: Mapping[PlanKey, Decimal],
        source: int | None,
    ) -> list[object]:
        values: list[object] = [
            task_number,
            measure.number,
            measure.text,
            measure.term,
            measure.executors_text,
        ]
        for column in self.columns[COL_EXECUTORS:]:
            prefill = source if column.year == self.columns[COL_PLAN[Fund.GENERAL] - 1].year else column.year
            values.append(None if prefill is None else plans.get(PlanKey(measure.id, prefill, column.fund)))  # type: ignore[arg-type]
        styles = self.styles
        for col, value in enumerate(values, start=1):
            if isinstance(value, str):
                cell = self._text(row, col, value)
                cell.alignment = styles.wrap
            else:
                cell = self.ws.cell(row, col, value)
                cell.number_format = NUMBER_FORMAT
                cell.alignment = self.number_alignment
            cell.font, cell.border = styles.table, styles.border
            if col in COL_PLAN.values():
                cell.fill = styles.fill_in
            elif col >= FIRST_REFERENCE_COL:
                cell.fill = styles.grey
        widths = [c.width for c in self.columns]
        self._height(
            row, [(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)], _TABLE_SIZE
        )
        return values

    def totals_row(self, row: int, sums: list[Decimal | None]) -> None:
        """Per fund the sum of its column, as sent (values: a formula would make the returned sheet refused,
        and a value goes stale as plans are typed in, so the reader skips this row and the preview says the
        totals computed from the plans it reads)."""
        self._merged_text(row, t("plan-sheet-totals-row"), COL_EXECUTORS, self.styles.bold, self.styles.grey)
        for col in range(COL_EXECUTORS + 1, len(self.columns) + 1):
            cell = self.ws.cell(row, col, sums[col - 1])
            cell.number_format = NUMBER_FORMAT
            cell.font, cell.border, cell.fill = self.styles.bold, self.styles.border, self.styles.grey
            cell.alignment = self.number_alignment

    def validate_and_protect(self, measure_rows: list[int]) -> None:
        """The plan cells of the measure rows: unlocked, and Excel checks what is typed there (a number ≥ 0,
        at most one decimal; empty allowed: no plan). Every other cell is locked, the sheet protected without a
        password (a person who must can lift it: Review › Unprotect Sheet)."""
        from openpyxl.styles import Protection
        from openpyxl.worksheet.datavalidation import DataValidation

        first = _column_letter(COL_PLAN[Fund.GENERAL])
        last = _column_letter(COL_PLAN[Fund.SPECIAL])
        top = f"{first}{measure_rows[0]}" if measure_rows else f"{first}{HEADER_ROW + 1}"
        check = DataValidation(
            type="custom",
            formula1=f"AND(ISNUMBER({top}),{top}>=0,ROUND({top},1)={top})",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle=t("plan-sheet-check-title"),
            error=t("plan-sheet-check-error"),
            promptTitle=t("plan-sheet-check-title"),
            prompt=t("plan-sheet-check-prompt"),
        )
        unlocked = Protection(locked=False)
        for row in measure_rows:
            for col in COL_PLAN.values():
                self.ws.cell(row, col).protection = unlocked
        if measure_rows:
            check.add(f"{first}{measure_rows[0]}:{last}{measure_rows[-1]}")
            self.ws.add_data_validation(check)
        protection = self.ws.protection
        protection.sheet = True  # no password
        protection.formatColumns = protection.formatRows = False  # widths and heights may still be changed
        protection.selectLockedCells = protection.selectUnlockedCells = False

    def print_setup(self) -> None:
        from openpyxl.worksheet.page import PageMargins
        from openpyxl.worksheet.pagebreak import Break

        from reports import texts

        ws = self.ws
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, COL_PLAN[Fund.GENERAL])
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(**_MARGINS)
        ws.oddFooter.center.text = texts.page_footer()
        ws.oddFooter.center.font = _FONT
        ws.oddFooter.center.size = 9
        ws.row_breaks.brk = tuple(Break(id=row) for row in self.page_breaks()[:_MAX_PAGE_BREAKS])

    def page_breaks(self) -> list[int]:
        """The rows after which a page ends (``layout.paginate``, as the form's sheet): a task's row on the page
        of its first measure, the last measure with the totals. Manual breaks, since a spreadsheet keeps no
        row with the next; the page's height is what fitting the sheet to the width leaves of A4 landscape."""
        from reports import layout

        def height(row: int) -> float:
            return float(self.ws.row_dimensions[row].height or layout.EXCEL_MIN_ROW_HEIGHT)

        width = sum(layout.excel_width_points(c.width) for c in self.columns)
        paper_width, paper_height = layout.A4_LANDSCAPE
        scale = layout.fit_scale(width, paper_width - (_MARGINS["left"] + _MARGINS["right"]) * 72)
        capacity = (paper_height - (_MARGINS["top"] + _MARGINS["bottom"]) * 72) / scale * _PAGE_FILL
        boxes = [
            layout.Box(height(row), i, keep=keep, ref=row) for i, (row, keep) in enumerate(self.table_rows)
        ]
        pages = layout.paginate(
            boxes,
            first_used=sum(height(row) for row in range(1, HEADER_ROW + 1)),
            repeated=height(HEADER_ROW),
            capacity=capacity,
        )
        return [page[0].ref - 1 for page in pages[1:] if page]  # type: ignore[operator]


def sheet_grid(
    key: str, tree: ProgramTree, year: int, values: Mapping[str, tuple[str, str]]
) -> list[list[str]]:
    """The grid ``read_plan_sheet`` reads, made of a sheet's key and the plans typed per measure number
    (general fund, special fund; an empty text: no plan), without a workbook: how the Mini App's plan grid
    goes through the same preview and apply as a returned sheet. A number not given has no row (the sheet
    then misses it and is refused, naming it); the measures are in the program's order."""
    titles = [""] * COL_PLAN[Fund.SPECIAL]
    titles[COL_NUMBER - 1] = t("plan-sheet-col-number")
    for fund, col in COL_PLAN.items():
        titles[col - 1] = plan_column_title(year, fund)
    grid = [
        [t("plan-sheet-title", year=year)],
        [tree.program.name],
        [""],
        [t("plan-sheet-key", key=key)],
        titles,
    ]
    tasks = {task.id: task.number for task in tree.tasks}
    given = dict(values)
    for measure in tree.in_force(year):
        typed = given.pop(measure.number, None)
        if typed is not None:
            grid.append([tasks.get(measure.task_id, ""), measure.number, "", "", "", *typed])
    grid.extend(["", number, "", "", "", *typed] for number, typed in given.items())  # refused, named
    return grid


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
    grid, _ = indicators_block.split_block(grid, year)  # the indicators' block under the measures is its own
    header = HEADER_ROW - 1
    expected = t("plan-sheet-col-number")
    if (
        len(grid) <= header
        or len(grid[header]) < COL_PLAN[Fund.SPECIAL]
        or grid[header][COL_NUMBER - 1] != expected
    ):
        raise PlanSheetError([PlanProblem(f"B{HEADER_ROW}", t("plan-sheet-no-header", title=expected))])
    # The plans are read by their column: one inserted, deleted or swapped left of them or between them would
    # read another column's numbers (the special fund's as the general, last year's as this year's).
    moved = [
        PlanProblem(
            f"{_column_letter(col)}{HEADER_ROW}",
            t("plan-sheet-moved-column", title=title, found=_cell(grid[header], col)[:60] or "none"),
        )
        for fund, col in COL_PLAN.items()
        if _cell(grid[header], col) != (title := plan_column_title(year, fund))
    ]
    if moved:
        raise PlanSheetError(moved)
    known = {m.number for m in tree.in_force(year)}
    task_mark = _task_row_mark()
    totals_label = t("plan-sheet-totals-row")
    seen: dict[str, int] = {}
    plans: dict[tuple[str, Fund], Decimal | None] = {}
    for index in range(header + 1, len(grid)):
        cells = grid[index]
        line = index + 1
        number = _cell(cells, COL_NUMBER).rstrip(".")
        if not number:
            if _is_task_or_totals_row(_cell(cells, COL_TASK), task_mark, totals_label):
                continue  # a task's name, or the totals as sent: the preview computes the totals itself
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
                        f"{_column_letter(col)}{line}",
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


def diff_plans(
    tree: ProgramTree,
    plans: Mapping[PlanKey, Decimal],
    sheet: PlanSheet,
    sent: Mapping[tuple[int, Fund], Decimal] | None = None,
    prefilled_from: int | None = None,
) -> PlanDiff:
    """What applying ``sheet`` changes, measure by measure in the program's order, and the totals per fund.

    ``sent``: the plans of ``prefilled_from`` the sheet came prefilled with, when that is another year than the
    sheet's; then the diff also says what the person edited against them."""
    changes: list[PlanChange] = []
    edits: list[PlanChange] = []
    overwrites: list[PlanChange] = []
    as_sent = 0
    other_year = sent is not None and prefilled_from is not None and prefilled_from != sheet.year
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
            if other_year:
                prefilled = sent.get((measure.id, fund))  # type: ignore[union-attr]
                if prefilled != new:
                    edits.append(PlanChange(measure.number, fund, prefilled, new))
                elif old is not None and old != new:  # the year's own plan, put back to the prefilled one
                    overwrites.append(PlanChange(measure.number, fund, old, new))
                elif old != new:
                    as_sent += 1
    return PlanDiff(
        sheet.year,
        tuple(changes),
        before,
        after,
        program=tree.program.name,
        prefilled_from=prefilled_from if other_year else None,
        edits=tuple(edits),
        as_sent=as_sent,
        overwrites=tuple(overwrites),
    )


def _task_row_mark() -> str:
    """How a task row's text begins («Завдання »), from ``plan-sheet-task-row``."""
    return t("plan-sheet-task-row", number="{number}", text="").partition("{number}")[0]


def _is_task_or_totals_row(first: str, task_mark: str, totals_label: str) -> bool:
    """A row without a measure number that the sheet writes itself: a task's row («Завдання 1. …» in A) or the
    totals row (its label in A). Their plan cells are locked; whatever they hold is not a plan."""
    return bool(first) and (first == totals_label or (bool(task_mark) and first.startswith(task_mark)))


def _column_letter(col: int) -> str:
    """1 -> "A", 27 -> "AA" (openpyxl's own is not loaded just to name a cell)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(cells: list[str], col: int) -> str:
    return clean_text(cells[col - 1]) if len(cells) >= col else ""  # a cell of invisible characters is empty


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def render_diff(diff: PlanDiff, limit: int = 3000) -> str:
    """What applying the sheet changes, for a person: the program and year, then what they did to the sheet
    they were sent (each plan typed over or cleared, old -> new) and one line for the rest as it came
    prefilled, or, for a sheet of the year's own plans, each change; at most ``limit`` characters with «і ще N»;
    then the totals per fund before and after."""
    lines = [t("plan-diff-header", year=diff.year, program=diff.program, count=len(diff.changes))]
    if diff.prefilled_from is not None:
        lines.append(t("plan-diff-edits", count=len(diff.edits)))
        shown = diff.edits
    else:
        shown = diff.changes
    lines += _capped([change_line(change) for change in shown], limit - sum(len(line) + 1 for line in lines))
    if diff.as_sent:
        lines.append(t("plan-diff-as-sent", count=diff.as_sent, year=diff.prefilled_from))
    if diff.overwrites:  # plans of the year set since the sheet was made, which it puts back: each named
        lines.append(t("plan-diff-overwrites", count=len(diff.overwrites), year=diff.year))
        room = limit - sum(len(line) + 1 for line in lines)
        lines += _capped([change_line(change) for change in diff.overwrites], room)
    for fund in FUNDS:
        lines.append(
            t(
                "plan-diff-total",
                fund=fund.value,
                old=amount(diff.totals_before[fund]),
                new=amount(diff.totals_after[fund]),
            )
        )
    if diff.indicators:  # the sheet's block of result indicators, after the measures' totals
        lines.append(indicators_block.render_changes(diff.indicators))
    return "\n".join(lines)


def render_applied(diff: PlanDiff, count: int, indicators: int = 0) -> str:
    """After «Застосувати»: how many plans changed and the new totals, not the list again (and how many of the
    indicators' plans changed, when any did)."""
    lines = [t("plan-sheet-applied", year=diff.year, program=diff.program, count=count)]
    lines += [t("plan-applied-total", fund=fund.value, new=amount(diff.totals_after[fund])) for fund in FUNDS]
    if indicators:
        lines.append(t("indicator-plan-applied", count=indicators))
    return "\n".join(lines)


def change_line(change: PlanChange) -> str:
    return t(
        "plan-diff-line",
        number=change.measure_number,
        fund=change.fund.value,
        old=plan_text(change.old),
        new=plan_text(change.new),
        cleared="yes" if change.old is not None and change.new is None else "no",
    )


def _capped(lines: list[str], limit: int) -> list[str]:
    """As many of ``lines`` as fit ``limit`` characters, and «і ще N» for the rest."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    if len(kept) < len(lines):
        kept.append(t("plan-diff-more", count=len(lines) - len(kept)))
    return kept


def plan_text(value: Decimal | None) -> str:
    """A plan as shown: its amount, or «не встановлено» (never 0,0 for a plan nobody entered)."""
    return t("plan-not-set") if value is None else amount(value)


async def sheet_diff(conn: aiosqlite.Connection, grid: list[list[str]]) -> tuple[ProgramTree, PlanDiff]:
    """Read a returned sheet against the database: the program and year its key (A4) says it was made for, in
    this database, and what it would change. A sheet of another database, a program line (A2) or a title's
    year (A1) that does not match its key, or a sheet without a key is refused. Raises ``PlanSheetError``
    naming the cells."""
    named = clean_text(grid[1][0]) if len(grid) > 1 and grid[1] else ""
    key_cell = grid[KEY_ROW - 1][0] if len(grid) >= KEY_ROW and grid[KEY_ROW - 1] else ""
    key = SheetKey.find(key_cell)
    title = grid[0][0].strip() if grid and grid[0] else ""
    if not is_plan_sheet(grid):
        raise PlanSheetError([PlanProblem("A1", t("plan-sheet-not-a-plan-sheet"))])
    title_year = int(_YEAR_RE.findall(title)[0])
    if key is None:
        raise PlanSheetError([PlanProblem(f"A{KEY_ROW}", t("plan-sheet-no-key", year=title_year))])
    program = await get_program(conn, key.program_id) if key.database == await instance_key(conn) else None
    if program is None:
        raise PlanSheetError(
            [PlanProblem(f"A{KEY_ROW}", t("plan-sheet-other-database", name=named, year=key.year))]
        )
    if named != program.name:
        raise PlanSheetError(
            [
                PlanProblem(
                    "A2", t("plan-sheet-other-program", named=named, program=program.name, year=key.year)
                )
            ]
        )
    if title_year != key.year:
        raise PlanSheetError(
            [
                PlanProblem(
                    "A1", t("plan-sheet-other-year", title=title_year, year=key.year, program=program.name)
                )
            ]
        )
    tree = await load_program(conn, program.id)
    assert tree is not None
    plans = await program_plans(conn, program.id)
    sheet = read_plan_sheet(grid, tree)
    start, end = program.start_year, program.end_year
    if not start <= sheet.year <= end:
        raise PlanSheetError(
            [PlanProblem("A1", t("plan-sheet-year-out-of-term", year=sheet.year, start=start, end=end))]
        )
    sent = None
    if key.prefilled_from is not None and key.prefilled_from != key.year:
        # made_at is in whole seconds: the plans as they stood by the end of that second
        end_of_second = key.made_at + dt.timedelta(microseconds=999_999)
        sent = await load_plans(conn, program.id, key.prefilled_from, end_of_second)
    diff = diff_plans(tree, plans, sheet, sent, key.prefilled_from)
    try:
        indicators = await indicators_block.sheet_changes(conn, grid, program.id, sheet.year)
    except indicators_block.IndicatorSheetError as error:
        raise PlanSheetError(error.problems) from None
    return tree, replace(diff, indicators=indicators)
