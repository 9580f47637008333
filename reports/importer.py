"""Loading a program from its report: file -> grid -> parsed report -> database, in one transaction.

The executors are matched against the database's directory (``storage.directory``; an empty one of the
starter file's council gets the starter file first, ``reports.directory``); whatever it does not know becomes
new departments (``reports.discovery``), created in the same transaction, so any council's program imports with
no file edited, and a second program of the same council finds them. No figure the file reports is lost: a
measure with no body of the council among its executors keeps its figures under the program's responsible
department, and the summary names every such measure and whatever it could not place.

A program already in the database is amended as ``reports.amendments`` finds it: renumbered measures keep
their rows (and so their submissions and plans), measures missing from the file are retired from its year
on (kept with their history), a retired measure in the file again is restored; everything else is upserted
by number, its executors' links following the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import aiosqlite

from l10n import t
from l10n.numbers import amount
from reports.amendments import Amendment, Kind, amendment, indicator_changes
from reports.directory import Directory, department_models, load_directory, match_executors
from reports.discovery import Known, Register, bodies_in, council_of, same_council
from reports.docx_reader import is_document, read_document_grid
from reports.import_issues import ImportFileError, ImportNotice, Notice, Problem, notice
from reports.page_joins import Pieces, joined
from reports.report_parser import ParsedMeasure, ParsedReport, has_head, is_report
from reports.text_grid import text_grid
from storage.db import Database, utcnow
from storage.departments import add_aliases
from storage.directory import (
    add_department,
    add_not_reporting_phrases,
    council_name,
    has_departments,
    not_reporting_phrases,
    put_department,
    set_council_name,
)
from storage.indicators import (
    add_indicator_fact,
    add_indicators,
    indicator_facts,
    program_indicators,
    set_indicator_plans,
    update_indicators,
)
from storage.models import (
    Fund,
    Indicator,
    IndicatorKind,
    MeasureDepartment,
    NewDepartment,
    NewIndicator,
    NewMeasure,
    NewProgram,
    NewSubmission,
    NewTask,
    Source,
)
from storage.plans import plan_years
from storage.programs import (
    ProgramTree,
    add_measure_from,
    keep_wording,
    list_departments,
    load_program,
    renumber_measure,
    restore_measure,
    retire_measure,
    set_plan,
    upsert_measure,
    upsert_program,
    upsert_task,
)
from storage.submissions import add_submission, latest_submission, same_content

TEXT_SUFFIXES = {".txt", ".tsv", ".csv", ".tab"}
# How pictures begin: JPEG, PNG, GIF, TIFF (both byte orders); a phone's HEIC or AVIF photo says so at byte 4.
_IMAGES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_PHOTOS = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif")


def read_file_grid(
    source: Path | BinaryIO, name: str | None = None, prefer: Callable[[list[list[str]]], bool] = has_head
) -> list[list[str]]:
    """A report file as a grid of text cells: a DOCX (``reports.docx_reader``), text (a copy out of a document,
    or a spreadsheet saved as text: ``reports.text_grid``), or an XLSX (its first visible sheet that ``prefer``
    takes, the form's table head by default, else its first sheet); the pages of our own forms read as one table
    (``reports.page_joins``)."""
    name = name or getattr(source, "name", None) or str(source)
    suffix = Path(name).suffix.lower()
    data = source.read_bytes() if isinstance(source, Path) else source.read()
    if not data.strip():
        raise ImportFileError(Problem.EMPTY_FILE)
    if data.startswith(b"%PDF-"):  # the PDF we sent, or a council's: said for what it is, whatever its name
        raise ImportFileError(Problem.PDF)
    if data.startswith(_IMAGES) or data[4:12] in _PHOTOS or data[:4] + data[8:12] == b"RIFFWEBP":
        # a scan or a photo of the signed report
        raise ImportFileError(Problem.IMAGE)
    # A zip is what it holds, whatever its name says (a workbook renamed .docx, a document sent as .xlsx).
    zipped = data[:4] == b"PK\x03\x04"
    named = suffix in (".docx", ".doc")
    if (zipped and is_document(data, named=named)) or (not zipped and named):
        # A document: ours sent back, or a council's own report in the form (its tables read as a copy would).
        return joined(read_document_grid(data), pieces=Pieces.PARAGRAPHS)
    if zipped or suffix in (".xlsx", ".xls"):
        # Imported here, not at the top: openpyxl is loaded by the first workbook, not at the bot's start.
        from io import BytesIO

        from reports.xlsx_reader import WorkbookError, read_workbook_grid

        try:
            return read_workbook_grid(BytesIO(data), prefer=prefer, also=is_report)
        except WorkbookError as exc:  # every failure of the reader, already in words (its catalog message)
            raise ImportFileError(Problem.WORKBOOK, message=str(exc)) from exc
    if suffix not in TEXT_SUFFIXES and suffix:
        raise ImportFileError(Problem.UNSUPPORTED, name=Path(name).name)
    # Excel's «Текст Юнікод» is UTF-16 with its byte-order mark; otherwise UTF-8 (with a mark or without), else
    # the Windows Cyrillic code page older Excel and Word save text in.
    encodings = (
        ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else _utf16(data) or ("utf-8-sig", "cp1251")
    )
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes nearly anything
        raise ImportFileError(Problem.UNREADABLE, detail="encoding")
    if encoding == "cp1251" and _mostly_capitals(text):
        # Another Cyrillic code page (KOI8-U keeps the small letters where Windows-1251 has the capitals): said so,
        # not read as a text of capitals that has no table in it. (KOI8-U has no «№» for the form's head.)
        raise ImportFileError(Problem.UNREADABLE, detail="encoding")
    if "\x00" in text:
        raise ImportFileError(Problem.UNREADABLE, detail="binary")
    # Our own DOCX copied out as text (or our workbook saved as text) has a head atop every page and rows
    # continued under a label: read as one table again (the XLSX reader does the same for a workbook).
    return joined(text_grid(text), pieces=Pieces.COPIED)


def _utf16(data: bytes) -> tuple[str, ...]:
    """UTF-16 without its byte-order mark, by the zero bytes of its tabs, digits and spaces: all on one side."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd * 16 >= len(head) // 2 > 0 and not even:
        return ("utf-16-le",)
    if even * 16 >= len(head) // 2 > 0 and not odd:
        return ("utf-16-be",)
    return ()


def _mostly_capitals(text: str) -> bool:
    """Whether most Cyrillic letters are capitals: a report's text is not; KOI8-U read as Windows-1251 is."""
    head = text[:65536]
    capitals = sum(0x400 <= ord(c) <= 0x42F for c in head)
    small = sum(0x430 <= ord(c) <= 0x45F for c in head)
    return capitals > small


# How much of a long list the summary shows (the bot's preview must fit one message).
SHOWN_NUMBERS = 8
SHOWN_BODIES = 30
SHOWN_NOT_REPORTING = 8


@dataclass
class BodyLine:
    """A department the file's executors name, for the summary."""

    name: str
    short_name: str
    new: bool  # discovered by this import: not in the directory before
    responsible: bool = False  # the program's responsible department
    measures: list[str] = field(default_factory=list)  # the numbers of the measures it executes


@dataclass
class ImportSummary:
    program_id: int
    program_name: str
    year: int
    tasks: int
    measures: int
    plan_total: Decimal
    departments: list[str] = field(default_factory=list)  # short names, first appearance order
    unmatched: list[str] = field(default_factory=list)  # pieces of executors no body could be made of
    added: int = 0
    unchanged: int = 0
    warnings: list[ImportNotice] = field(default_factory=list)
    amendment: Amendment | None = None  # None: the program was not in the database before
    council: str = ""  # as the file names it ("" if it does not)
    starter: int = 0  # departments loaded from a directory file into the database first
    bodies: list[BodyLine] = field(default_factory=list)  # first mention order
    not_reporting: list[str] = field(default_factory=list)  # partners and vague phrases, as written
    indicators: int = 0  # section 2's indicators read
    indicator_facts: int = 0  # their facts added as imported revisions

    def render(self) -> str:
        """The summary as the command line prints it and the bot shows it (l10n/uk/import.ftl)."""
        new = [b for b in self.bodies if b.new]
        known = [b for b in self.bodies if not b.new]
        lines = [t("import-summary-program", program=self.program_name)]
        if self.council:
            lines.append(t("import-summary-council", council=self.council))
        lines.append(
            t(
                "import-summary",
                year=self.year,
                tasks=self.tasks,
                measures=self.measures,
                plan=amount(self.plan_total),
                departments=len(self.bodies),
                known=len(known),
                new=len(new),
                added=self.added,
                unchanged=self.unchanged,
            )
        )
        if self.indicators:
            lines.append(t("import-indicators-read", count=self.indicators))
        if self.starter:
            lines.append(t("import-summary-starter", count=self.starter))
        if self.amendment is not None:
            lines.extend(render_amendment(self.amendment))
        for heading, bodies in (
            (t("import-summary-new-bodies", count=len(new)), new),
            (t("import-summary-known-bodies", count=len(known)), known),
        ):
            if not bodies:
                continue
            lines.append(heading)
            for body in bodies[:SHOWN_BODIES]:
                lines.append(_body_line(body))
            if len(bodies) > SHOWN_BODIES:
                lines.append(t("import-summary-more-bodies", count=len(bodies) - SHOWN_BODIES))
        if new:
            lines.append(t("import-summary-edit-bodies"))
        if self.not_reporting:
            lines.append(
                t(
                    "import-summary-not-reporting",
                    phrases=_shortened(self.not_reporting, SHOWN_NOT_REPORTING, "; "),
                )
            )
        if self.warnings:
            lines.append(t("import-summary-issues", count=len(self.warnings)))
            lines.extend(t("import-summary-issue", issue=str(w)) for w in self.warnings)
        else:
            lines.append(t("import-summary-no-issues"))
        return "\n".join(lines)


def _body_line(body: BodyLine) -> str:
    """One body of the summary: a new one by its name as written and the short name proposed, a known one by its
    short name and name; whether it is responsible for the program; the measures it executes."""
    responsible = t("import-summary-responsible") if body.responsible else ""
    measures = (
        t(
            "import-summary-body-measures",
            count=len(body.measures),
            numbers=_shortened(body.measures, SHOWN_NUMBERS),
        )
        if body.measures
        else ""
    )
    if body.new:
        return t(
            "import-summary-new-body",
            name=body.name,
            short=body.short_name,
            responsible=responsible,
            measures=measures,
        )
    return t(
        "import-summary-known-body",
        name=body.name,
        short=body.short_name,
        responsible=responsible,
        measures=measures,
    )


def _shortened(items: list[str], shown: int, separator: str = ", ") -> str:
    """The first ``shown`` items, then «і ще N»."""
    more = len(items) - shown
    return t("import-summary-list", items=separator.join(items[:shown]), more=max(more, 0))


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
    Kind.INDICATOR_ADDED: "import-change-indicator-added",
    Kind.INDICATOR_RETIRED: "import-change-indicator-retired",
    Kind.INDICATOR_RENUMBERED: "import-change-indicator-renumbered",
    Kind.INDICATOR_NAME: "import-change-indicator-name",
    Kind.INDICATOR_UNIT: "import-change-indicator-unit",
    Kind.INDICATOR_KIND: "import-change-indicator-kind",
    Kind.INDICATOR_RESTORED: "import-change-indicator-restored",
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
    as marking the pending upload applied). ``directory``: a directory file to load into the database first
    (``--directory``); without it, the starter file is loaded only into a database with no departments, and
    only for the starter's council."""
    warnings = list(parsed.warnings)
    council, starter = await _prepare_directory(conn, parsed, directory, warnings)
    register = await _register(conn)

    responsible = _responsible(register, parsed.responsible_department)
    await _save(conn, register)
    responsible_id = responsible.id
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
        council=council,
        starter=starter,
    )
    author = t("import-author", name=Path(source_name).name)
    old_tasks = {task.number: task.id for task in then.tasks} if then is not None else {}
    old_measures = {m.number: m for m in then.measures} if then is not None else {}

    # The executors first, all of them: what is discovered is created before any measure links to it.
    executors: dict[str, list[Known]] = {}
    bodies: dict[str, BodyLine] = {}
    not_reporting: dict[str, None] = {}
    nobody: list[str] = []  # measures with no body of the council among their executors
    for pm in parsed.measures:
        if pm.number in old_measures:
            continue  # history: the measure keeps its executors of then
        placed, others, unplaced = _executors(register, pm.executors)
        executors[pm.number] = placed
        not_reporting.update(dict.fromkeys(others))
        if unplaced:
            warnings.append(notice(Notice.UNMATCHED_EXECUTORS, number=pm.number, pieces="; ".join(unplaced)))
            summary.unmatched.extend(unplaced)
        if not placed:
            nobody.append(pm.number)
        for known in placed:
            line = bodies.setdefault(known.code, BodyLine(known.name, known.short_name, known.new))
            line.measures.append(pm.number)
    await _save(conn, register)
    if nobody:
        warnings.append(
            notice(
                Notice.NO_DEPARTMENT,
                count=len(nobody),
                numbers=", ".join(nobody),
                department=responsible.short_name,
            )
        )
    if responsible.code not in bodies:
        bodies[responsible.code] = BodyLine(responsible.name, responsible.short_name, responsible.new)
    bodies[responsible.code].responsible = True
    for line, known in ((line, register.known[code]) for code, line in bodies.items()):
        line.name = known.name  # a later, fuller way of writing a new one may have named it
    summary.bodies = list(bodies.values())
    summary.departments = [line.short_name for code, line in bodies.items() if line.measures]
    summary.not_reporting = list(not_reporting)

    for task_position, ptask in enumerate(parsed.tasks):
        task_id = old_tasks.get(ptask.number) or await upsert_task(
            conn, program_id, NewTask(number=ptask.number, text=ptask.text, position=task_position)
        )
        for position, pm in enumerate(ptask.measures):
            known = old_measures.get(pm.number)
            if known is not None:  # history: the measure as it read then stays as it is
                await set_plan(conn, known.id, parsed.year, Fund.GENERAL, pm.plan)
                lead = known.department_ids()[:1] or [responsible_id]
                await _add_imported(conn, summary, known.id, lead[0], parsed, pm, author)
                continue
            links = [
                MeasureDepartment(department_id=_id(k), is_lead=i == 0)
                for i, k in enumerate(executors[pm.number])
            ]
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
            # Never lost: with no body of the council among its executors, the responsible department has it.
            reporter = links[0].department_id if links else responsible_id
            await _add_imported(conn, summary, measure_id, reporter, parsed, pm, author)

    if kept:
        warnings.append(notice(Notice.NOT_IN_FILE, count=len(kept), numbers=", ".join(kept)))
    await _load_indicators(conn, program_id, parsed, summary, author, history=then is not None)
    summary.warnings = warnings
    return summary


async def _load_indicators(
    conn: aiosqlite.Connection,
    program_id: int,
    parsed: ParsedReport,
    summary: ImportSummary,
    author: str,
    *,
    history: bool,
) -> None:
    """Section 2: the indicators (an amended program's compared as its measures are, ``indicator_changes``),
    the year's planned values and the facts with their reasons as imported revisions (none where the same is
    stored already: importing a file again changes nothing)."""
    summary.indicators = len(parsed.indicators)
    stored = await program_indicators(conn, program_id)
    if not parsed.indicators and not stored:
        return
    changes, matches, gone = indicator_changes(stored, parsed.indicators, parsed.year)
    amended = bool(stored) and not history
    if amended and changes:
        found = summary.amendment or Amendment(parsed.year, ())
        summary.amendment = Amendment(found.year, (*found.changes, *changes))
    now = utcnow()
    ids: dict[int, int] = {}  # parsed number -> indicator id
    updates: list[Indicator] = []
    for match in matches:
        p = match.parsed
        if match.stored is None:
            new = NewIndicator(
                program_id=program_id,
                number=p.number,
                kind=IndicatorKind(p.kind),
                name=p.name,
                unit=p.unit,
                added_from=parsed.year if amended else None,
            )
            ids[p.number] = (await add_indicators(conn, [new]))[0].id
            continue
        ids[p.number] = match.stored.id
        if history:
            continue  # an older file adds its year's values; the indicator stays as it reads now
        retired = match.stored.retired_from
        updates.append(
            match.stored.model_copy(
                update={
                    "number": p.number,
                    "kind": IndicatorKind(p.kind),
                    "name": p.name,
                    "unit": p.unit,
                    "retired_from": None if retired is not None and retired <= parsed.year else retired,
                }
            )
        )
    if amended:
        updates.extend(i.model_copy(update={"retired_from": parsed.year}) for i in gone)
    await update_indicators(conn, updates)
    plans = {(ids[p.number], parsed.year): p.plan for p in parsed.indicators}
    await set_indicator_plans(
        conn, program_id, plans, user_id=None, source=Source.IMPORT, at=now, author_name=author
    )
    facts = await indicator_facts(conn, program_id, parsed.year)
    for p in parsed.indicators:
        if p.fact is None and not p.reason:
            continue
        current = facts.get(ids[p.number])
        if current is not None and current.value == p.fact and (current.reason or "") == p.reason:
            continue
        await add_indicator_fact(
            conn,
            ids[p.number],
            parsed.year,
            p.fact,
            p.reason or None,
            user_id=None,
            source=Source.IMPORT,
            at=now,
            author_name=author,
        )
        summary.indicator_facts += 1


async def _prepare_directory(
    conn: aiosqlite.Connection,
    parsed: ParsedReport,
    directory: Directory | None,
    warnings: list[ImportNotice],
) -> tuple[str, int]:
    """The council the file names, and how many departments a directory file brought into the database: the
    one given, or the starter file into a database with no departments when the file is of its council. The
    council's name is kept with the first import that has one."""
    council = council_of(
        parsed.responsible_department, [*(m.executors for m in parsed.measures), parsed.signatory_title]
    )
    if directory is None and not await has_departments(conn):
        starter = load_directory()
        if council and same_council(starter.council, council):
            directory = starter
    loaded = 0
    if directory is not None:
        for department in department_models(directory):
            await put_department(conn, department)
            loaded += 1
        await add_not_reporting_phrases(conn, "vague", directory.vague)
        await add_not_reporting_phrases(conn, "partner", directory.partners)
    stored = await council_name(conn)
    if not stored and (name := (directory.council if directory is not None else "") or council):
        await set_council_name(conn, name)
    elif stored and council and not same_council(stored, council):
        warnings.append(notice(Notice.COUNCIL_DIFFERS, database=stored, report=council))
    return council, loaded


async def _register(conn: aiosqlite.Connection) -> Register:
    phrases = await not_reporting_phrases(conn)
    return Register(
        ((d.id, d.code, d.name, d.short_name, d.aliases) for d in await list_departments(conn)),
        phrases["vague"],
        phrases["partner"],
    )


def _responsible(register: Register, line: str) -> Known:
    """The program's responsible department: the body the line names, or, if the directory does not know it
    wholly, the line as one body (a department's name may hold commas)."""
    match = match_executors(line, register.matcher)
    if match.codes and not match.unmatched:
        return register.known[match.codes[0]]
    return register.place(line)


def _executors(register: Register, text: str) -> tuple[list[Known], list[str], list[str]]:
    """One executors cell: the departments it names in the order of mention (the lead first), those it
    discovers placed in the register; its partners and vague phrases as written; the pieces no body could
    be made of."""
    match = match_executors(text, register.matcher)
    findings = bodies_in(match)
    swallowed = {start for body in findings.bodies for start in body.swallows}
    placed = [
        (s.start, register.known[s.value])
        for s in match.segments
        if s.kind == "department" and s.start not in swallowed
    ]
    placed += [(body.start, register.place(body.name)) for body in findings.bodies]
    placed.sort(key=lambda item: item[0])
    first: dict[str, Known] = {}
    for _, known in placed:
        first.setdefault(known.code, known)
    return list(first.values()), list(findings.not_reporting), list(findings.unplaced)


async def _save(conn: aiosqlite.Connection, register: Register) -> None:
    """The departments the register discovered, and the aliases it learned, written to the database."""
    for known in register.known.values():
        if known.id is None:
            known.id = await add_department(
                conn,
                NewDepartment(
                    code=known.code,
                    name=known.name,
                    short_name=known.short_name,
                    aliases=tuple(known.aliases),
                ),
            )
            known.saved = set(known.aliases)
        elif unsaved := known.unsaved:
            await add_aliases(conn, known.id, unsaved)
            known.saved |= set(unsaved)


def _id(known: Known) -> int:
    assert known.id is not None, "saved before any measure links to it"
    return known.id


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
