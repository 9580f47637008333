"""Loading a program from its report: file -> grid -> parsed report -> database, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import aiosqlite

from l10n import t
from l10n.numbers import amount
from reports.directory import Directory, department_models, load_directory, match_executors
from reports.import_issues import ImportFileError, ImportNotice, Notice, Problem, notice
from reports.report_parser import ParsedReport
from storage.db import Database
from storage.models import Fund, MeasureDepartment, NewMeasure, NewProgram, NewSubmission, NewTask, Source
from storage.programs import set_plan, upsert_department, upsert_measure, upsert_program, upsert_task
from storage.submissions import add_submission, latest_submission, same_content

TEXT_SUFFIXES = {".txt", ".tsv", ".csv", ".tab"}


def read_grid(source: Path | BinaryIO, name: str | None = None) -> list[list[str]]:
    """A report file as a grid of text cells: tab-separated text, or an XLSX in the form we write."""
    name = name or getattr(source, "name", None) or str(source)
    suffix = Path(name).suffix.lower()
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    if not data.strip():
        raise ImportFileError(Problem.EMPTY_FILE)
    if suffix == ".xlsx" or data[:4] == b"PK\x03\x04":
        # Imported here, not at the top: openpyxl is loaded by the first workbook, not at the bot's start.
        from io import BytesIO

        from reports.xlsx_reader import WorkbookError
        from reports.xlsx_reader import read_grid as read_xlsx_grid

        try:
            return read_xlsx_grid(BytesIO(data))
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
        if self.warnings:
            lines.append(t("import-summary-issues", count=len(self.warnings)))
            lines.extend(t("import-summary-issue", issue=str(w)) for w in self.warnings)
        else:
            lines.append(t("import-summary-no-issues"))
        return "\n".join(lines)


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
    directory = directory or load_directory()
    try:
        async with db.transaction() as conn:
            summary = await _load(conn, parsed, directory, source_name)
            if not apply:
                raise _DryRun(summary)
    except _DryRun as dry:
        return dry.summary
    return summary


async def _load(
    conn: aiosqlite.Connection, parsed: ParsedReport, directory: Directory, source_name: str
) -> ImportSummary:
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

    summary = ImportSummary(
        program_id=program_id,
        program_name=parsed.program_name,
        year=parsed.year,
        tasks=len(parsed.tasks),
        measures=len(parsed.measures),
        plan_total=sum((m.plan for m in parsed.measures), Decimal(0)),
    )
    found_codes: dict[str, None] = {}
    author = t("import-author", name=Path(source_name).name)
    for task_position, ptask in enumerate(parsed.tasks):
        task_id = await upsert_task(
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
            await set_plan(conn, measure_id, parsed.year, Fund.GENERAL, pm.plan)
            if pm.actual is None and pm.financed is None and pm.percent is None and not pm.info:
                continue
            reporter = links[0].department_id if links else responsible_id
            if reporter is None:
                continue
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
                continue
            await add_submission(conn, submission)
            summary.added += 1

    numbers = {m.number for m in parsed.measures}
    fetched = await conn.execute_fetchall(
        "SELECT number FROM measures WHERE program_id = ? ORDER BY id", (program_id,)
    )
    stale = [r[0] for r in fetched if r[0] not in numbers]
    if stale:
        warnings.append(notice(Notice.NOT_IN_FILE, count=len(stale), numbers=", ".join(stale)))
    summary.departments = [short[c] for c in found_codes]
    summary.warnings = warnings
    return summary
