"""The directory sheet: every department in a row, to rename, edit aliases and merge on a computer, and send back.

Columns: the department's number (grey: the key of the row), its short name, full name, aliases (one cell,
separated by «; »), «Об'єднати з (коротка назва)», and for reference how many measures and report revisions it
has. Three hidden columns keep the names and aliases as the sheet was made, so that only what the person
changed in it is applied: a department renamed in the bot after the sheet was made keeps its new name unless
the sheet's cell was edited too. Row 3 holds the sheet's key (this database, when it was made): a sheet of
another database is refused. ``directory_diff`` reads a returned sheet against the database and says what it
would do, naming the cell of every problem; the rules of names (``storage.departments``) are the same as in
the chat.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import BinaryIO, Final

import aiosqlite

from l10n import t
from l10n.times import date
from reports.directory import normalize
from reports.sheet_problems import CellProblem, SheetError
from storage.clock import KYIV
from storage.db import utcnow
from storage.departments import (
    MAX_NAME,
    MAX_SHORT_NAME,
    DepartmentFacts,
    MergeCounts,
    directory_facts,
    name_text,
    same_name,
)
from storage.instance import instance_key
from storage.models import Department
from storage.texts import clean_text, is_blank

KEY_ROW: Final = 3  # the sheet's key (A3)
HEADER_ROW: Final = 4  # the column titles; departments below
COL_ID, COL_SHORT, COL_NAME, COL_ALIASES, COL_MERGE, COL_MEASURES, COL_REPORTS = 1, 2, 3, 4, 5, 6, 7
COL_SENT_SHORT, COL_SENT_NAME, COL_SENT_ALIASES = 8, 9, 10  # hidden: as the sheet was made
EDITABLE: Final = (COL_SHORT, COL_NAME, COL_ALIASES, COL_MERGE)
WIDTHS: Final = {COL_ID: 6, COL_SHORT: 16, COL_NAME: 50, COL_ALIASES: 45, COL_MERGE: 18, COL_MEASURES: 9}
ALIAS_SEPARATOR: Final = "; "
_ALIAS_SPLIT: Final = re.compile(r"[;\n]")
_FONT: Final = "Times New Roman"
_SIZE: Final = 10
_KEY_RE: Final = re.compile(r"zvitbot-directory:1:([0-9a-f]{16}):([0-9]{8}T[0-9]{6}Z)")
_KEY_TIME: Final = "%Y%m%dT%H%M%SZ"
_ID_RE: Final = re.compile(r"\d{1,12}")


@dataclass(frozen=True, slots=True)
class DirectorySheetKey:
    """What a directory sheet was made by (this database's own key) and when."""

    database: str
    made_at: dt.datetime  # UTC, whole seconds

    def text(self) -> str:
        return f"zvitbot-directory:1:{self.database}:{self.made_at.astimezone(dt.UTC).strftime(_KEY_TIME)}"

    @classmethod
    def find(cls, text: str) -> DirectorySheetKey | None:
        match = _KEY_RE.search(text)
        if match is None:
            return None
        try:
            made_at = dt.datetime.strptime(match.group(2), _KEY_TIME).replace(tzinfo=dt.UTC)
        except ValueError:
            return None
        return cls(match.group(1), made_at)


@dataclass(frozen=True, slots=True)
class DirectorySheetToSend:
    facts: tuple[DepartmentFacts, ...]
    key: DirectorySheetKey


async def directory_sheet_to_send(
    conn: aiosqlite.Connection, now: dt.datetime | None = None
) -> DirectorySheetToSend:
    made_at = (now or utcnow()).replace(microsecond=0)
    return DirectorySheetToSend(
        tuple(await directory_facts(conn)), DirectorySheetKey(await instance_key(conn), made_at)
    )


def aliases_cell(aliases: tuple[str, ...]) -> str:
    return ALIAS_SEPARATOR.join(aliases)


def read_aliases(text: str) -> tuple[str, ...]:
    """A cell of aliases: separated by «;» (or line breaks), each as an import compares it, none blank."""
    return tuple(
        dict.fromkeys(a for a in (normalize(p) for p in _ALIAS_SPLIT.split(text)) if not is_blank(a))
    )


def write_directory_sheet(sheet: DirectorySheetToSend, stream: BinaryIO) -> None:
    """The sheet: a row per department, its editable cells yellow, the rest grey, its key in A3; every row as
    tall as its texts need, printed one page wide."""
    # openpyxl is loaded with the first sheet written, not when the bot starts.
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    from reports import layout
    from reports.xlsx_cells import SheetStyles, escape_text, form_workbook

    wb = form_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("directory-sheet-title-short")
    styles = SheetStyles.of(_FONT, _SIZE)
    table, bold, border, wrap = styles.table, styles.bold, styles.border, styles.wrap
    grey, fill_in = styles.grey, styles.fill_in
    titles = [
        t("directory-sheet-col-id"),
        t("directory-sheet-col-short"),
        t("directory-sheet-col-name"),
        t("directory-sheet-col-aliases"),
        t("directory-sheet-col-merge"),
        t("directory-sheet-col-measures"),
        t("directory-sheet-col-reports"),
        t("directory-sheet-col-sent", column=t("directory-sheet-col-short")),
        t("directory-sheet-col-sent", column=t("directory-sheet-col-name")),
        t("directory-sheet-col-sent", column=t("directory-sheet-col-aliases")),
    ]
    widths = [WIDTHS.get(col, 12) for col in range(1, len(titles) + 1)]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for col in (COL_SENT_SHORT, COL_SENT_NAME, COL_SENT_ALIASES):
        ws.column_dimensions[get_column_letter(col)].hidden = True
    shown = sum(widths[:COL_REPORTS])

    def height(row: int, texts: list[tuple[str, float]], size: float, is_bold: bool = False) -> None:
        lines = max((layout.excel_lines(text, w, size, is_bold) for text, w in texts if text), default=1)
        ws.row_dimensions[row].height = min(layout.EXCEL_MAX_ROW_HEIGHT, layout.excel_height(lines, size))

    head = [
        (t("directory-sheet-title"), Font(name=_FONT, size=13, bold=True)),
        (t("directory-sheet-hint"), Font(name=_FONT, size=_SIZE)),
        (t("directory-sheet-key", key=sheet.key.text()), Font(name=_FONT, size=8, color="808080")),
    ]
    for row, (text, font) in enumerate(head, start=1):
        cell = ws.cell(row, 1, text)
        cell.data_type = "s"
        cell.font, cell.alignment = font, Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COL_REPORTS)
        height(row, [(text, shown)], font.size, bool(font.bold))
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(HEADER_ROW, col, title)
        cell.font, cell.border, cell.alignment = bold, border, Alignment(wrap_text=True, vertical="center")
    height(HEADER_ROW, list(zip(titles, widths, strict=True)), _SIZE, True)
    yes, no = t("directory-sheet-reports", has="yes"), t("directory-sheet-reports", has="no")
    for row, facts in enumerate(sheet.facts, start=HEADER_ROW + 1):
        d = facts.department
        aliases = aliases_cell(d.aliases)
        values: list[object] = [
            d.id,
            d.short_name,
            d.name,
            aliases,
            "",
            sum(facts.measures.values()),
            yes if facts.submissions else no,
            d.short_name,
            d.name,
            aliases,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            if isinstance(value, str):  # texts stay texts: a name starting with "=" is never a formula
                cell.value = escape_text(value)
                cell.data_type = "s"
            else:
                cell.value = value
            cell.font, cell.border, cell.alignment = table, border, wrap
            cell.fill = fill_in if col in EDITABLE else grey
        height(
            row,
            [(v, w) for v, w in zip(values[:COL_REPORTS], widths, strict=False) if isinstance(v, str)],
            _SIZE,
        )
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, COL_SHORT)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{get_column_letter(COL_REPORTS)}{max(HEADER_ROW, HEADER_ROW + len(sheet.facts))}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    wb.save(stream)


def is_directory_sheet(grid: list[list[str]]) -> bool:
    """Whether a grid is a directory sheet (by its title): a file sent to the bot goes where this says."""
    title = grid[0][0].strip() if grid and grid[0] else ""
    return title == t("directory-sheet-title")


# --- a returned sheet --------------------------------------------------------------------------------------


SheetProblem = CellProblem


class DirectorySheetError(SheetError):
    """A directory sheet that cannot be applied: every problem named by its cell; nothing was changed."""

    refused = "directory-sheet-refused"


@dataclass(frozen=True, slots=True)
class DepartmentEdit:
    """What a sheet changes of one department that stays (None: that stays as it is)."""

    department: Department  # as it is now
    line: int  # its row in the sheet
    short_name: str | None = None
    name: str | None = None
    aliases: tuple[str, ...] | None = None  # the whole new set, as the person left it

    @property
    def old_name_alias(self) -> str | None:
        """The alias the department keeps of its old full name, when that changes (as a rename in the chat)."""
        if self.name is None:
            return None
        alias = normalize(self.department.name)
        return (
            None
            if alias in (self.aliases if self.aliases is not None else self.department.aliases)
            else alias
        )


@dataclass(frozen=True, slots=True)
class SheetMerge:
    gone: Department
    keep: Department
    line: int


@dataclass(frozen=True, slots=True)
class DirectoryDiff:
    edits: tuple[DepartmentEdit, ...] = ()
    merges: tuple[SheetMerge, ...] = ()
    key: DirectorySheetKey | None = None
    counts: dict[int, MergeCounts] = field(default_factory=dict)  # gone's id -> what its merge moves

    @property
    def changes(self) -> int:
        return len(self.edits) + len(self.merges)


@dataclass(slots=True)
class _Row:
    line: int
    department: Department
    short: str
    name: str
    aliases: tuple[str, ...]
    sent_short: str
    sent_name: str
    sent_aliases: tuple[str, ...]
    merge_into: str


def _cell(cells: list[str], col: int) -> str:
    return clean_text(cells[col - 1]) if len(cells) >= col else ""


def _letter(col: int) -> str:
    return chr(ord("A") + col - 1)


async def directory_diff(conn: aiosqlite.Connection, grid: list[list[str]]) -> DirectoryDiff:
    """Read a returned sheet against the directory as it is now: what it would rename, which aliases it would
    set, which departments it would merge into which. Refused (``DirectorySheetError``, the cells named): not a
    directory sheet, a sheet of another database or without its key, a row whose department is gone or named
    twice, a merge target that is not one, a blank or too long name, a name or an alias another department
    would have too."""
    if not is_directory_sheet(grid):
        raise DirectorySheetError([SheetProblem("A1", t("directory-sheet-not-one"))])
    key = DirectorySheetKey.find(grid[KEY_ROW - 1][0] if len(grid) >= KEY_ROW and grid[KEY_ROW - 1] else "")
    if key is None:
        raise DirectorySheetError([SheetProblem(f"A{KEY_ROW}", t("directory-sheet-no-key"))])
    if key.database != await instance_key(conn):
        made = date(key.made_at.astimezone(KYIV).date())
        raise DirectorySheetError(
            [SheetProblem(f"A{KEY_ROW}", t("directory-sheet-other-database", key=key.database, made=made))]
        )
    header = grid[HEADER_ROW - 1] if len(grid) >= HEADER_ROW else []
    if _cell(header, COL_SHORT) != t("directory-sheet-col-short") or _cell(header, COL_MERGE) != t(
        "directory-sheet-col-merge"
    ):
        raise DirectorySheetError(
            [
                SheetProblem(
                    f"B{HEADER_ROW}", t("directory-sheet-no-header", title=t("directory-sheet-col-short"))
                )
            ]
        )
    facts = await directory_facts(conn)
    current = {f.department.id: f.department for f in facts}
    problems: list[SheetProblem] = []
    rows: list[_Row] = []
    seen: dict[int, int] = {}
    for index in range(HEADER_ROW, len(grid)):
        cells, line = grid[index], index + 1
        if not any(_cell(cells, col) for col in range(COL_ID, COL_MERGE + 1)):
            continue
        text = _cell(cells, COL_ID)
        match = _ID_RE.fullmatch(text.replace(" ", ""))
        if match is None:
            message = t("directory-sheet-no-id") if not text else t("directory-sheet-bad-id", value=text)
            problems.append(SheetProblem(f"A{line}", message))
            continue
        department_id = int(text.replace(" ", ""))
        department = current.get(department_id)
        if department is None:
            problems.append(SheetProblem(f"A{line}", t("directory-sheet-unknown-id", id=department_id)))
            continue
        if department_id in seen:
            problems.append(
                SheetProblem(
                    f"A{line}", t("directory-sheet-duplicate-id", id=department_id, first=seen[department_id])
                )
            )
            continue
        seen[department_id] = line
        rows.append(
            _Row(
                line,
                department,
                name_text(_cell(cells, COL_SHORT)),
                name_text(_cell(cells, COL_NAME)),
                read_aliases(_cell(cells, COL_ALIASES)),
                name_text(_cell(cells, COL_SENT_SHORT)),
                name_text(_cell(cells, COL_SENT_NAME)),
                read_aliases(_cell(cells, COL_SENT_ALIASES)),
                name_text(_cell(cells, COL_MERGE)),
            )
        )
    merges = _merges(rows, current, problems)
    gone = {m.gone.id for m in merges}
    edits = [edit for row in rows if row.department.id not in gone and (edit := _edit(row, problems))]
    _check_names(edits, merges, current, problems)
    if problems:
        raise DirectorySheetError(problems)
    return DirectoryDiff(tuple(edits), tuple(merges), key)


def _merges(
    rows: list[_Row], current: dict[int, Department], problems: list[SheetProblem]
) -> list[SheetMerge]:
    """The rows whose «Об'єднати з» names a department: by its short name in the sheet, else as it is now."""
    merging = {row.department.id for row in rows if row.merge_into}
    in_sheet = {row.department.id for row in rows}
    merges: list[SheetMerge] = []
    for row in rows:
        if not row.merge_into:
            continue
        cell = f"{_letter(COL_MERGE)}{row.line}"
        target = next(
            (r.department for r in rows if same_name(r.short or r.sent_short, row.merge_into)), None
        )
        if target is None:
            target = next(
                (
                    d
                    for d in current.values()
                    if d.id not in in_sheet and same_name(d.short_name, row.merge_into)
                ),
                None,
            ) or next((d for d in current.values() if same_name(d.short_name, row.merge_into)), None)
        if target is None:
            problems.append(SheetProblem(cell, t("directory-sheet-unknown-target", name=row.merge_into)))
        elif target.id == row.department.id:
            problems.append(SheetProblem(cell, t("directory-sheet-merge-self", name=row.merge_into)))
        elif target.id in merging:
            further = next(r.merge_into for r in rows if r.department.id == target.id)
            problems.append(
                SheetProblem(cell, t("directory-sheet-merge-chain", name=row.merge_into, further=further))
            )
        else:
            merges.append(SheetMerge(row.department, target, row.line))
    return merges


def _edit(row: _Row, problems: list[SheetProblem]) -> DepartmentEdit | None:
    """What the person changed in a row that stays: a cell that differs from the sheet as it was made (its
    hidden columns); a department renamed meanwhile keeps its name where the person left the cell alone."""
    d = row.department
    short = row.short if row.short != row.sent_short and row.short != d.short_name else None
    name = row.name if row.name != row.sent_name and row.name != d.name else None
    aliases = (
        row.aliases
        if set(row.aliases) != set(row.sent_aliases) and set(row.aliases) != set(d.aliases)
        else None
    )
    for col, value, limit, kind in (
        (COL_SHORT, short, MAX_SHORT_NAME, "short"),
        (COL_NAME, name, MAX_NAME, "full"),
    ):
        cell = f"{_letter(col)}{row.line}"
        if value is None:
            continue
        if is_blank(value):
            problems.append(SheetProblem(cell, t("directory-sheet-blank", field=kind)))
        elif len(value) > limit:
            problems.append(SheetProblem(cell, t("directory-sheet-too-long", field=kind, limit=limit)))
    if short is None and name is None and aliases is None:
        return None
    return DepartmentEdit(d, row.line, short, name, aliases)


def _check_names(
    edits: list[DepartmentEdit],
    merges: list[SheetMerge],
    current: dict[int, Department],
    problems: list[SheetProblem],
) -> None:
    """No two departments that stay share a name, nor an alias (a name or an alias the sheet changes is
    compared with every other department as the sheet leaves it)."""
    gone = {m.gone.id for m in merges}
    by_id = {e.department.id: e for e in edits}
    staying = [d for d in current.values() if d.id not in gone]

    def names(d: Department) -> tuple[str, str]:
        """The names ``d`` has as the sheet leaves it (a blank one, refused, as it is now)."""
        e = by_id.get(d.id)
        short = e.short_name if e is not None and e.short_name else None
        name = e.name if e is not None and e.name else None
        return short or d.short_name, name or d.name

    def aliases(d: Department) -> set[str]:
        e = by_id.get(d.id)
        own = set(e.aliases if e is not None and e.aliases is not None else d.aliases)
        if e is not None and e.old_name_alias:
            own.add(e.old_name_alias)
        for m in merges:
            if m.keep.id == d.id:
                own |= {normalize(m.gone.name), *m.gone.aliases}
        return own

    for edit in edits:
        d = edit.department
        for col, value in ((COL_SHORT, edit.short_name), (COL_NAME, edit.name)):
            if value is None or is_blank(value):
                continue
            other = next(
                (o for o in staying if o.id != d.id and any(same_name(value, n) for n in names(o))), None
            )
            if other is not None:
                problems.append(
                    SheetProblem(
                        f"{_letter(col)}{edit.line}",
                        t("directory-sheet-name-taken", name=value, department=names(other)[0]),
                    )
                )
        if edit.aliases is None:
            continue
        for alias in sorted(set(edit.aliases) - set(d.aliases)):
            other = next((o for o in staying if o.id != d.id and alias in aliases(o)), None)
            if other is not None:
                problems.append(
                    SheetProblem(
                        f"{_letter(COL_ALIASES)}{edit.line}",
                        t("directory-sheet-alias-taken", alias=alias, department=names(other)[0]),
                    )
                )


# --- what it does, in words ---------------------------------------------------------------------------------


def render_diff(diff: DirectoryDiff, limit: int = 3000) -> str:
    """What applying the sheet does, for a person: each rename, each department's aliases added and removed,
    each merge with what it moves; at most ``limit`` characters, then «і ще N»."""
    lines: list[str] = []
    for edit in diff.edits:
        d = edit.department
        if edit.short_name is not None:
            lines.append(t("directory-diff-short", old=d.short_name, new=edit.short_name))
        if edit.name is not None:
            lines.append(
                t("directory-diff-name", short=edit.short_name or d.short_name, old=d.name, new=edit.name)
            )
        added = [a for a in (edit.aliases or ()) if a not in d.aliases]
        if edit.old_name_alias:
            added.append(edit.old_name_alias)
        removed = [a for a in d.aliases if edit.aliases is not None and a not in edit.aliases]
        changes = [
            t(message, aliases=ALIAS_SEPARATOR.join(aliases))
            for message, aliases in (("directory-diff-added", added), ("directory-diff-removed", removed))
            if aliases
        ]
        if changes:
            lines.append(
                t("directory-diff-aliases", short=edit.short_name or d.short_name, changes="; ".join(changes))
            )
    for merge in diff.merges:
        counts = diff.counts.get(merge.gone.id)
        lines.append(
            t(
                "directory-diff-merge",
                gone=merge.gone.short_name,
                keep=merge.keep.short_name,
                measures=counts.measures if counts else 0,
                reports=counts.submissions if counts else 0,
                members=counts.members if counts else 0,
            )
        )
        for number, year in counts.both_reported if counts else ():
            lines.append(t("directory-diff-both-reported", number=number, year=year))
    head = t("directory-diff-header", count=diff.changes)
    kept: list[str] = []
    used = len(head)
    for line in lines:
        if used + len(line) + 1 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    if len(kept) < len(lines):
        kept.append(t("plan-diff-more", count=len(lines) - len(kept)))
    return "\n".join([head, *kept])
