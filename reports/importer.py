"""Loading a program from its report: file -> grid -> parsed report -> database, in one transaction.

A program already in the database is amended as ``reports.amendments`` finds it: renumbered measures keep
their rows (and so their submissions and plans), measures missing from the file are retired from its year
on (kept with their history), a retired measure in the file again is restored; everything else is upserted
by number, its executors' links following the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import aiosqlite

from l10n import t
from l10n.numbers import amount
from reports.amendments import Amendment, Kind, amendment
from reports.directory import Directory, department_models, load_directory, match_executors
from reports.import_issues import ImportFileError, ImportNotice, Notice, Problem, notice
from reports.report_parser import ParsedMeasure, ParsedReport
from storage.db import Database
from storage.models import Fund, MeasureDepartment, NewMeasure, NewProgram, NewSubmission, NewTask, Source
from storage.plans import plan_years
from storage.programs import (
    ProgramTree,
    add_measure_from,
    keep_wording,
    load_program,
    renumber_measure,
    restore_measure,
    retire_measure,
    set_plan,
    upsert_department,
    upsert_measure,
    upsert_program,
    upsert_task,
)
from storage.submissions import add_submission, latest_submission, same_content

TEXT_SUFFIXES = {".txt", ".tsv", ".csv", ".tab"}


def read_file_grid(source: Path | BinaryIO, name: str | None = None) -> list[list[str]]:
    """A report file as a grid of text cells: tab-separated text, or an XLSX in the form we write."""
    name = name or getattr(source, "name", None) or str(source)
    suffix = Path(name).suffix.lower()
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    if not data.strip():
        raise ImportFileError(Problem.EMPTY_FILE)
    if suffix == ".xlsx" or data[:4] == b"PK\x03\x04":
        # Imported here, not at the top: openpyxl is loaded by the first workbook, not at the bot's start.
        from io import BytesIO

        from reports.xlsx_reader import WorkbookError, read_workbook_grid

        try:
            return read_workbook_grid(BytesIO(data))
        except WorkbookError as exc:  # every failure of the reader, already in words (its catalog message)
            raise ImportFileError(Problem.WORKBOOK, message=str(exc)) from exc
    if suffix not in TEXT_SUFFIXES and suffix:
        raise ImportFileError(Problem.UNSUPPORTED, name=Path(name).name)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes nearly anything
        raise ImportFileError(Problem.UNREADABLE, detail="encoding")
    if "\x00" in text:
        raise ImportFileError(Problem.UNREADABLE, detail="binary")
    return [line.split("\t") for line in text.splitlines()]


@dataclass
class ImportSummary:
    program_id: int
    program_name: str
    year: int
    tasks: int
    measures: int
    plan_total: Decimal
    departments: list[str] = field(default_factory=list)  # short names, first appearance order
    unmatched: list[str] = field(default_factory=list)
    added: int = 0
    unchanged: int = 0
    warnings: list[ImportNotice] = field(default_factory=list)
    amendment: Amendment | None = None  # None: the program was not in the database before

    def render(self) -> str:
        """The summary as the command line prints it and the bot shows it (l10n/uk/import.ftl)."""
        lines = [
            t(
                "import-summary",
                program=self.program_name,
                year=self.year,
                tasks=self.tasks,
                measures=self.measures,
                plan=amount(self.plan_total),
                departments=len(self.departments),
                names=", ".join(self.departments),
                added=self.added,
                unchanged=self.unchanged,
            )
        ]
        if self.amendment is not None:
            lines.extend(render_amendment(self.amendment))
        if self.warnings:
            lines.append(t("import-summary-issues", count=len(self.warnings)))
            lines.extend(t("import-summary-issue", issue=str(w)) for w in self.warnings)
        else:
            lines.append(t("import-summary-no-issues"))
        return "\n".join(lines)


CHANGE_MESSAGES = {
    Kind.ADDED: "import-change-added",
    Kind.RETIRED: "import-change-retired",
    Kind.RENUMBERED: "import-change-renumbered",
    Kind.TEXT: "import-change-text",
    Kind.TERM: "import-change-term",
    Kind.EXECUTORS: "import-change-executors",
    Kind.TASK_TEXT: "import-change-task-text",
    Kind.TASK_ADDED: "import-change-task-added",
    Kind.RESTORED: "import-change-restored",
}


def render_amendment(found: Amendment) -> list[str]:
    """The changes to the program, one line each (l10n/uk/import.ftl)."""
    if not found:
        return [t("import-no-amendment")]
    lines = [t("import-amendment", count=len(found.changes))]
    for change in found.changes:
        lines.append(
            t(
                CHANGE_MESSAGES[change.kind],
                number=change.number,
                old=" ".join(change.old.split()),
                new=" ".join(change.new.split()),
                year=found.year,
            )
        )
    return lines


class _DryRun(Exception):
    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary


async def import_report(
    db: Database,
    parsed: ParsedReport,
    *,
    source_name: str,
    directory: Directory | None = None,
    apply: bool = True,
) -> ImportSummary:
    """Load ``parsed`` in one transaction. ``apply=False`` computes the same summary and rolls back."""
    try:
        async with db.transaction() as conn:
            summary = await load_into(conn, parsed, source_name=source_name, directory=directory)
            if not apply:
                raise _DryRun(summary)
    except _DryRun as dry:
        return dry.summary
    return summary


async def load_into(
    conn: aiosqlite.Connection, parsed: ParsedReport, *, source_name: str, directory: Directory | None = None
) -> ImportSummary:
    """Load ``parsed`` within the caller's transaction (with whatever else belongs to the same decision, such
    as marking the pending upload applied)."""
    directory = directory or load_directory()
    ids: dict[str, int] = {}
    short: dict[str, str] = {}
    for department in department_models(directory):
        ids[department.code] = await upsert_department(conn, department)
        short[department.code] = department.short_name

    warnings = list(parsed.warnings)
    responsible = match_executors(parsed.responsible_department, directory).codes
    if not responsible:
        warnings.append(notice(Notice.RESPONSIBLE_UNMATCHED, name=parsed.responsible_department))
    responsible_id = ids[responsible[0]] if responsible else None
    program_id = await upsert_program(
        conn,
        NewProgram(
            name=parsed.program_name,
            decision_number=parsed.decision_number,
            decision_date=parsed.decision_date,
            start_year=parsed.start_year,
            end_year=parsed.end_year,
            responsible_department=parsed.responsible_department,
            responsible_department_id=responsible_id,
            signatory_title=parsed.signatory_title,
            signatory_name=parsed.signatory_name,
        ),
    )

    before = await load_program(conn, program_id)
    assert before is not None
    years = await plan_years(conn, program_id)
    # A report older than a year already loaded is history: it adds its year's plans and texts to the
    # measures as they read then, and changes no measure (an amendment is only ever read from newer files).
    then: ProgramTree | None = None
    if before.measures and years and parsed.year < max(years):
        then = await load_program(conn, program_id, parsed.year)
        warnings.append(notice(Notice.HISTORY_FILE, year=parsed.year, newest=max(years)))
    found = amendment(before, parsed) if before.measures and then is None else None
    newer = await _first_years(conn, program_id)
    kept: list[str] = []  # missing from a file older than the measure: not retired, only reported
    if found is not None:
        # The wording before the amendment stays the wording of earlier years' reports.
        reworded = {c.old for c in found.of(Kind.RENUMBERED)} | {
            c.number for c in found.changes if c.kind in (Kind.TEXT, Kind.TERM, Kind.EXECUTORS)
        }
        renamed = {c.new: c.old for c in found.of(Kind.RENUMBERED)}
        for number in reworded:
            measure = before.measure_by_number(renamed.get(number, number))
            assert measure is not None
            await keep_wording(conn, measure, parsed.year)
        for change in found.of(Kind.RENUMBERED):
            moved = before.measure_by_number(change.old)
            assert moved is not None
            await renumber_measure(conn, moved.id, change.new)
        for change in found.of(Kind.RETIRED):
            gone = before.measure_by_number(change.number)
            assert gone is not None
            if newer.get(gone.id, parsed.year) > parsed.year:
                kept.append(change.number)
            else:
                await retire_measure(conn, gone.id, parsed.year)
        if kept:
            found = Amendment(
                found.year,
                tuple(c for c in found.changes if not (c.kind is Kind.RETIRED and c.number in kept)),
            )

    added = {c.number for c in found.of(Kind.ADDED)} if found is not None else set()
    summary = ImportSummary(
        program_id=program_id,
        program_name=parsed.program_name,
        year=parsed.year,
        tasks=len(parsed.tasks),
        measures=len(parsed.measures),
        plan_total=sum((m.plan for m in parsed.measures), Decimal(0)),
        amendment=found,
    )
    found_codes: dict[str, None] = {}
    author = t("import-author", name=Path(source_name).name)
    old_tasks = {task.number: task.id for task in then.tasks} if then is not None else {}
    old_measures = {m.number: m for m in then.measures} if then is not None else {}
    for task_position, ptask in enumerate(parsed.tasks):
        task_id = old_tasks.get(ptask.number) or await upsert_task(
            conn, program_id, NewTask(number=ptask.number, text=ptask.text, position=task_position)
        )
        for position, pm in enumerate(ptask.measures):
            match = match_executors(pm.executors, directory)
            if match.unmatched:
                warnings.append(
                    notice(Notice.UNMATCHED_EXECUTORS, number=pm.number, pieces="; ".join(match.unmatched))
                )
            codes = list(match.codes)
            if not codes:
                warnings.append(notice(Notice.NO_DEPARTMENT, number=pm.number))
            found_codes.update(dict.fromkeys(codes))
            summary.unmatched.extend(match.unmatched)
            links = [MeasureDepartment(department_id=ids[c], is_lead=i == 0) for i, c in enumerate(codes)]
            known = old_measures.get(pm.number)
            if known is not None:  # history: the measure as it read then stays as it is
                await set_plan(conn, known.id, parsed.year, Fund.GENERAL, pm.plan)
                lead = known.department_ids()[:1] or ([responsible_id] if responsible_id else [])
                if lead:
                    await _add_imported(conn, summary, known.id, lead[0], parsed, pm, author)
                continue
            measure_id = await upsert_measure(
                conn,
                program_id,
                task_id,
                NewMeasure(
                    number=pm.number,
                    text=pm.text,
                    term=pm.term,
                    executors_text=pm.executors,
                    position=position,
                    departments=tuple(links),
                ),
            )
            await restore_measure(conn, measure_id, parsed.year)
            if pm.number in added:
                await add_measure_from(conn, measure_id, parsed.year)
            await set_plan(conn, measure_id, parsed.year, Fund.GENERAL, pm.plan)
            reporter = links[0].department_id if links else responsible_id
            if reporter is None:
                continue
            await _add_imported(conn, summary, measure_id, reporter, parsed, pm, author)

    if kept:
        warnings.append(notice(Notice.NOT_IN_FILE, count=len(kept), numbers=", ".join(kept)))
    summary.departments = [short[c] for c in found_codes]
    summary.warnings = warnings
    return summary


async def _add_imported(
    conn: aiosqlite.Connection,
    summary: ImportSummary,
    measure_id: int,
    reporter: int,
    parsed: ParsedReport,
    pm: ParsedMeasure,
    author: str,
) -> None:
    """The published figures and text of a measure, as one imported revision unless they are there already."""
    if pm.actual is None and pm.financed is None and pm.percent is None and not pm.info:
        return
    submission = NewSubmission(
        measure_id=measure_id,
        department_id=reporter,
        year=parsed.year,
        actual=pm.actual,
        financed=pm.financed,
        percent=pm.percent,
        info=pm.info,
        author_name=author,
        source=Source.IMPORT,
    )
    current = await latest_submission(conn, measure_id, reporter, parsed.year)
    if current is not None and same_content(current, submission):
        summary.unchanged += 1
        return
    await add_submission(conn, submission)
    summary.added += 1


async def _first_years(conn: aiosqlite.Connection, program_id: int) -> dict[int, int]:
    """Each measure's first year with a plan or a submission: a file of an earlier year does not know it,
    and its absence there retires nothing."""
    fetched = await conn.execute_fetchall(
        """SELECT m.id, MIN(y) FROM measures m JOIN (
               SELECT measure_id, year AS y FROM plans UNION ALL SELECT measure_id, year FROM submissions
           ) x ON x.measure_id = m.id
           WHERE m.program_id = ? GROUP BY m.id""",
        (program_id,),
    )
    return {r[0]: r[1] for r in fetched}
