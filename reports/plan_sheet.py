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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO, Final

import aiosqlite

from l10n import t
from l10n.numbers import amount
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


async def sheet_to_send(
    conn: aiosqlite.Connection, program_id: int, year: int, now: dt.datetime | None = None
) -> SheetToSend:
    """What ``write_plan_sheet`` needs for the program's sheet of ``year``: its tree, its plans, its key."""
    tree = await load_program(conn, program_id)
    assert tree is not None
    plans = await program_plans(conn, program_id)
    made_at = (now or utcnow()).replace(microsecond=0)
    key = SheetKey(await instance_key(conn), program_id, year, prefill_year(plans, year), made_at)
    return SheetToSend(tree, plans, key)


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
    when it came prefilled from another year; ``as_sent`` counts the plans it sets as they came prefilled."""

    year: int
    changes: tuple[PlanChange, ...]
    totals_before: dict[Fund, Decimal]
    totals_after: dict[Fund, Decimal]
    program: str = ""
    prefilled_from: int | None = None  # only when it is another year than ``year``
    edits: tuple[PlanChange, ...] = field(default=())
    as_sent: int = 0

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
    """The sheet for the key's year: its columns prefilled, earlier years (with plans) beside it, read-only;
    its key in A4. In the form's font, every row as tall as its texts need (a spreadsheet does not fit rows
    to wrapped text when it opens a file), so nothing overlaps on screen or on paper."""
    # openpyxl is loaded with the first sheet written, not when the bot starts.
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    from reports import layout
    from reports.xlsx_cells import SheetStyles, form_workbook

    tree, plans, year = sheet.tree, sheet.plans, sheet.key.year
    source = sheet.key.prefilled_from
    earlier = sorted({k.year for k in plans if k.year < year})
    wb = form_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("plan-sheet-title-short", year=year)
    styles = SheetStyles.of(_FONT, _TABLE_SIZE)
    table, bold, border, wrap = styles.table, styles.bold, styles.border, styles.wrap
    grey, fill_in = styles.grey, styles.fill_in
    titles = [
        t("plan-sheet-col-task"),
        t("plan-sheet-col-number"),
        t("plan-sheet-col-text"),
        t("plan-sheet-col-term"),
        t("plan-sheet-col-executors"),
        t("plan-sheet-col-plan", year=year, fund=Fund.GENERAL.value),
        t("plan-sheet-col-plan", year=year, fund=Fund.SPECIAL.value),
    ]
    for y in reversed(earlier):
        titles += [t("plan-sheet-col-plan", year=y, fund=f.value) for f in FUNDS]
    widths = [WIDTHS.get(col, 13) for col in range(1, len(titles) + 1)]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    def height(row: int, texts: list[tuple[str, float]], size: float, is_bold: bool = False) -> None:
        lines = max((layout.excel_lines(text, w, size, is_bold) for text, w in texts if text), default=1)
        ws.row_dimensions[row].height = min(layout.EXCEL_MAX_ROW_HEIGHT, layout.excel_height(lines, size))

    hint = t("plan-sheet-hint-prefilled", year=source) if source is not None and source != year else ""
    head = [
        (t("plan-sheet-title", year=year), Font(name=_FONT, size=13, bold=True)),
        (tree.program.name, Font(name=_FONT, size=_TABLE_SIZE + 1)),
        (" ".join(filter(None, [t("plan-sheet-hint"), hint])), Font(name=_FONT, size=_TABLE_SIZE)),
        (t("plan-sheet-key", key=sheet.key.text()), Font(name=_FONT, size=8, color="808080")),
    ]
    for row, (text, font) in enumerate(head, start=1):  # over the whole width, wrapped: printed whole
        cell = ws.cell(row, 1, text)
        cell.data_type = "s"
        cell.font, cell.alignment = font, Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(titles))
        height(row, [(text, sum(widths))], font.size, bool(font.bold))
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(HEADER_ROW, col, title)
        cell.font, cell.border, cell.alignment = bold, border, Alignment(wrap_text=True, vertical="center")
    height(HEADER_ROW, list(zip(titles, widths, strict=True)), _TABLE_SIZE, True)
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
            cell.font, cell.border, cell.alignment = table, border, wrap
            if col in COL_PLAN.values():
                cell.fill = fill_in
            elif col >= FIRST_REFERENCE_COL:
                cell.fill = grey
        height(row, [(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)], _TABLE_SIZE)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, COL_PLAN[Fund.GENERAL])
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    wb.save(stream)


def sheet_grid(
    key: str, tree: ProgramTree, year: int, values: Mapping[str, tuple[str, str]]
) -> list[list[str]]:
    """The grid ``read_plan_sheet`` reads, made of a sheet's key and the plans typed per measure number
    (general fund, special fund; an empty text: no plan), without a workbook: how the Mini App's plan grid
    goes through the same preview and apply as a returned sheet. A number not given has no row (the sheet
    then misses it and is refused, naming it); the measures are in the program's order."""
    titles = [""] * COL_PLAN[Fund.SPECIAL]
    titles[COL_NUMBER - 1] = t("plan-sheet-col-number")
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
    )


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
    for fund in FUNDS:
        lines.append(
            t(
                "plan-diff-total",
                fund=fund.value,
                old=amount(diff.totals_before[fund]),
                new=amount(diff.totals_after[fund]),
            )
        )
    return "\n".join(lines)


def render_applied(diff: PlanDiff, count: int) -> str:
    """After «Застосувати»: how many plans changed and the new totals, not the list again."""
    lines = [t("plan-sheet-applied", year=diff.year, program=diff.program, count=count)]
    lines += [t("plan-applied-total", fund=fund.value, new=amount(diff.totals_after[fund])) for fund in FUNDS]
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
    return tree, diff_plans(tree, plans, sheet, sent, key.prefilled_from)
