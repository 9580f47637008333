"""Report building, the whole path per format, beside its bare library writing the same cells.

"Ours" is what ``python -m cli`` does: open the database, read the program, its plans and the
revisions that count, consolidate, build the form, write the file (to memory). The baseline is the
format's library writing the same cell values with no styles, merges, heights, pagination or logic of
ours, from values prepared beforehand:

- bare openpyxl: ``Workbook``, ``ws.append`` per row, ``save``;
- bare python-docx: ``add_table`` with every row, ``row.cells`` and ``cell.text = ...`` per cell, ``save``
  (``add_row()`` row by row would be quadratic);
- bare reportlab: a canvas with the same embedded font, each cell wrapped with
  ``reportlab.lib.utils.simpleSplit`` and drawn with ``drawString``, a new page when a row does not fit.

Every line is measured in the same run, rounds interleaved (ours, bare, ours, bare, ...), best round
kept, so a busy machine slows both sides alike. Sizes: the synthetic program of ``benchmarks.synthetic``
(40 measures a task, 5 departments a measure, all reporting), with one revision per (measure, department)
or 50; 50,000 measures in the full run only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import gc
import io
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from benchmarks import synthetic
from reports import docx_pages, docx_writer, xlsx_pages
from reports import form as form_model
from reports.build import build_report
from reports.consolidate import consolidate
from reports.importer import read_file_grid
from reports.model import IndicatorRow, Report
from reports.report_parser import parse_grid
from reports.writers import WRITERS
from storage.db import connect, iso
from tests.conftest import SEED

FORMATS = (".xlsx", ".docx", ".pdf")
BARE = {".xlsx": "bare openpyxl", ".docx": "bare python-docx", ".pdf": "bare reportlab"}
YEAR = 2023


# --- the database ---------------------------------------------------------------------------------


def _database(path: Path, tasks: int, per_task: int, revisions: int) -> None:
    """The synthetic program in a database file, each (measure, department) with ``revisions`` revisions
    (the last one the program's figures), written round by round as a year of reporting would."""

    async def schema() -> None:
        db = await connect(path)
        await db.close()

    asyncio.run(schema())
    program, task_list, measures, departments, plans, submissions = synthetic.program(
        tasks, per_task, 5, YEAR
    )
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany(
            "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
            [(d.id, d.code, d.name, d.short_name) for d in departments.values()],
        )
        conn.execute(
            """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
               responsible_department, signatory_title, signatory_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                program.id,
                program.name,
                program.decision_number,
                program.decision_date.isoformat(),
                program.start_year,
                program.end_year,
                program.responsible_department,
                program.signatory_title,
                program.signatory_name,
            ),
        )
        conn.executemany(
            "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, 1, ?, ?, ?)",
            [(t.id, t.number, t.text, t.position) for t in task_list],
        )
        conn.executemany(
            """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
               VALUES (?, 1, ?, ?, ?, ?, ?, ?)""",
            [(m.id, m.task_id, m.number, m.text, m.term, m.executors_text, m.position) for m in measures],
        )
        conn.executemany(
            "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (?, ?, ?, ?)",
            [
                (m.id, d.department_id, int(d.is_lead), i)
                for m in measures
                for i, d in enumerate(m.departments)
            ],
        )
        conn.executemany(
            "INSERT INTO plans (measure_id, year, fund, amount) VALUES (?, ?, ?, ?)",
            [(measure_id, YEAR, fund.value, str(amount)) for (measure_id, fund), amount in plans.items()],
        )
        moment = dt.datetime(2023, 2, 1, tzinfo=dt.UTC)
        for round_ in range(revisions):
            last = round_ == revisions - 1
            conn.executemany(
                """INSERT INTO submissions (measure_id, department_id, year, actual, financed, percent, info,
                   author_name, created_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'тест', ?, 'bot')""",
                [
                    (
                        s.measure_id,
                        s.department_id,
                        YEAR,
                        str(s.actual if last else round_),
                        str(s.financed if last else round_),
                        str(s.percent if last else round_),
                        s.info if last else f"Чернетка {round_}: {s.info}",
                        iso(moment + dt.timedelta(days=round_ * 300 / revisions, seconds=i)),
                    )
                    for i, s in enumerate(submissions)
                ],
            )
        conn.commit()
    finally:
        conn.close()


def _read(path: Path) -> Report:
    built: list[Report] = []

    async def build() -> None:
        db = await connect(path)
        try:
            built.append(await build_report(db, 1, YEAR))
        finally:
            await db.close()

    # Not the coroutine's result: asyncio.run (3.11) may repr its task, and with it the whole report.
    asyncio.run(build())
    return built[0]


# --- ours and the bare libraries -----------------------------------------------------------------


def _ours(path: Path, extension: str) -> Callable[[], None]:
    def run() -> None:
        WRITERS[extension].write(_read(path), io.BytesIO())

    return run


def _cells(report: Report, as_text: bool) -> list[list[object]]:
    """The form's measure rows as plain values: what the bare libraries are given to write."""
    model = form_model.form_of(report)
    rows = [list(row.cells) for row in (*model.head, *model.body)]
    if as_text:
        return [[form_model.cell_text(v) for v in row] for row in rows]  # type: ignore[arg-type]
    return rows


def _bare_xlsx(report: Report) -> Callable[[], None]:
    from openpyxl import Workbook

    rows = _cells(report, as_text=False)

    def run() -> None:
        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(row)
        wb.save(io.BytesIO())

    return run


def _bare_docx(report: Report) -> Callable[[], None]:
    import docx

    rows = _cells(report, as_text=True)

    def run() -> None:
        document = docx.Document()
        # All rows at once: table.add_row() looks for its place among the rows already there, which
        # makes a table of n rows cost n squared (20 minutes at 50,000).
        table = document.add_table(rows=len(rows), cols=10)
        for table_row, row in zip(table.rows, rows, strict=True):
            for cell, value in zip(table_row.cells, row, strict=True):
                cell.text = value
        document.save(io.BytesIO())

    return run


def _bare_pdf(report: Report) -> Callable[[], None]:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from reports import layout, pdf_writer

    pdf_writer.register_fonts()
    font = layout.PDF_FONT_NAMES[False]
    rows = _cells(report, as_text=True)
    widths = pdf_writer.WIDTHS
    page_width, page_height = pdf_writer.PAGE_WIDTH, pdf_writer.PAGE_HEIGHT
    size, leading = 9, 10.8

    def run() -> None:
        canvas = Canvas(io.BytesIO(), pagesize=(page_width, page_height), initialFontName=font)
        canvas.setFont(font, size)
        y = page_height - 34
        for row in rows:
            wrapped = [
                simpleSplit(str(value), font, size, width - 5)
                for value, width in zip(row, widths, strict=True)
            ]
            height = max(len(lines) for lines in wrapped) * leading + 4
            if y - height < 42:
                canvas.showPage()
                canvas.setFont(font, size)
                y = page_height - 34
            x = 34.0
            for lines, width in zip(wrapped, widths, strict=True):
                baseline = y - size
                for line in lines:
                    canvas.drawString(x + 2.5, baseline, line)
                    baseline -= leading
                x += width
            y -= height
        canvas.showPage()
        canvas.save()

    return run


def _bare_xlsxwriter(report: Report) -> Callable[[], None]:
    import xlsxwriter

    rows = _cells(report, as_text=False)

    def run() -> None:
        wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        ws = wb.add_worksheet()
        for index, row in enumerate(rows):
            ws.write_row(index, 0, row)
        wb.close()

    return run


def _distinct(report: Report) -> Report:
    """The report with every task's and measure's text and information text its own (the synthetic
    program's repeat: their words shuffled, row by row), so that no wrapped text is found again."""
    import random

    rng = random.Random(1)

    def shuffled(text: str) -> str:
        words = text.split(" ")
        rng.shuffle(words)
        return " ".join(words)

    return dataclasses.replace(
        report,
        tasks=tuple(
            dataclasses.replace(
                task,
                text=shuffled(task.text),
                rows=tuple(
                    dataclasses.replace(row, measure_text=shuffled(row.measure_text), info=shuffled(row.info))
                    for row in task.rows
                ),
            )
            for task in report.tasks
        ),
    )


def _bare_xlsxwriter_sheet(report: Report) -> Callable[[], None]:
    """Bare XlsxWriter writing the very sheet ours writes: its cells (the continuation rows' and the
    bordered blanks too), each with a bordered format of its kind, its row heights and merges (read back
    from our file once, before the clock starts). The floor for this form with this library."""
    import openpyxl
    import xlsxwriter

    target = io.BytesIO()
    WRITERS[".xlsx"].write(report, target)
    ws = openpyxl.load_workbook(target).worksheets[0]
    merged = {(m.min_row - 1, m.min_col - 1): (m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges}
    inside = {
        (r, c)
        for (top, left), (bottom, right) in merged.items()
        for r in range(top, bottom + 1)
        for c in range(left, right + 1)
    }
    kinds = {}
    rows = []
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            key = (bool(cell.font.b), cell.number_format, cell.alignment.horizontal, cell.border.left.style)
            kinds.setdefault(key, len(kinds))
            value = cell.value
            if isinstance(value, float):
                value = Decimal(str(value))
            cells.append((cell.row - 1, cell.column - 1, value, kinds[key]))
        rows.append((row[0].row - 1, ws.row_dimensions[row[0].row].height, cells))

    def run() -> None:
        wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        sheet = wb.add_worksheet()
        formats = [
            wb.add_format(
                {
                    "bold": b,
                    "num_format": f,
                    "align": a or "left",
                    "border": 1 if s else 0,
                    "text_wrap": True,
                    "valign": "top",
                }
            )
            for (b, f, a, s) in kinds
        ]
        for (top, left), (bottom, right) in merged.items():
            sheet.merge_range(top, left, bottom, right, "", formats[0])
        for index, height, cells in rows:
            if height is not None:
                sheet.set_row(index, height)
            for r, c, value, kind in cells:
                if (r, c) in inside and (r, c) not in merged:
                    continue
                if value is None:
                    sheet.write_blank(r, c, None, formats[kind])
                elif isinstance(value, str):
                    sheet.write_string(r, c, value, formats[kind])
                else:
                    sheet.write_number(r, c, value, formats[kind])
        wb.close()

    return run


BARE_RUNS = {".xlsx": _bare_xlsx, ".docx": _bare_docx, ".pdf": _bare_pdf}


def _writer_at(revision: str) -> Callable[[Report, io.BytesIO], None]:
    """The XLSX writer as it was at a git revision (with that revision's summary sheet), loaded beside
    today's: the "before" of a comparison in one run. Needs the project's git history."""
    import subprocess
    import sys
    import types

    def source(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{revision}:{path}"], check=True, capture_output=True, text=True
        ).stdout

    summary = types.ModuleType("_summary_sheet_before")
    sys.modules[summary.__name__] = summary  # dataclasses look their module up
    exec(compile(source("reports/summary_sheet.py"), "summary_sheet@" + revision, "exec"), summary.__dict__)
    # Its layout and pagination too (today's would measure today's wrapping under yesterday's writer).
    layout_before = types.ModuleType("_layout_before")
    sys.modules[layout_before.__name__] = layout_before
    layout_before.__file__ = str(Path(__file__).parent.parent / "reports" / "layout.py")  # its fonts
    exec(compile(source("reports/layout.py"), "layout@" + revision, "exec"), layout_before.__dict__)
    pages = types.ModuleType("_xlsx_pages_before")
    sys.modules[pages.__name__] = pages
    pages.__dict__["layout"] = layout_before
    code = source("reports/xlsx_pages.py").replace("from reports import layout\n", "")
    exec(compile(code, "xlsx_pages@" + revision, "exec"), pages.__dict__)
    writer = types.ModuleType("_xlsx_writer_before")
    sys.modules[writer.__name__] = writer
    code = (
        source("reports/xlsx_writer.py")
        .replace("from reports.summary_sheet import write_summary_sheet", "")
        .replace("from reports import layout, texts, xlsx_pages", "from reports import texts")
    )
    writer.__dict__["layout"] = layout_before
    writer.__dict__["xlsx_pages"] = pages
    writer.__dict__["write_summary_sheet"] = summary.write_summary_sheet
    exec(compile(code, "xlsx_writer@" + revision, "exec"), writer.__dict__)
    writer.__dict__["write_summary_sheet"] = summary.write_summary_sheet
    return writer.write_report


def _docx_writer_at(revision: str) -> Callable[[Report, io.BytesIO], None]:
    """The DOCX writer as it was at a git revision (with that revision's ``docx_table``), loaded beside
    today's: the "before" of a comparison in one run. Needs the project's git history."""
    import subprocess
    import sys
    import types

    def source(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{revision}:{path}"], check=True, capture_output=True, text=True
        ).stdout

    pages = None
    try:
        pages_source = source("reports/docx_pages.py")
    except subprocess.CalledProcessError:
        pages_source = ""  # (before the DOCX laid out its own pages)
    if pages_source:
        pages = types.ModuleType("_docx_pages_before")
        sys.modules[pages.__name__] = pages
        exec(compile(pages_source, "docx_pages@" + revision, "exec"), pages.__dict__)
    table = types.ModuleType("_docx_table_before")
    sys.modules[table.__name__] = table
    table_source = source("reports/docx_table.py").replace(
        "from reports.docx_pages import", "from _docx_pages_before import"
    )
    exec(compile(table_source, "docx_table@" + revision, "exec"), table.__dict__)
    writer = types.ModuleType("_docx_writer_before")
    sys.modules[writer.__name__] = writer
    code = (
        source("reports/docx_writer.py")
        .replace("from reports import docx_pages, docx_table, texts", "from reports import texts")
        .replace("from reports import docx_table, texts", "from reports import texts")
        .replace("from reports.docx_table import CELL_MARGIN_TWIPS", "")
    )
    writer.__dict__.update(docx_table=table, docx_pages=pages, CELL_MARGIN_TWIPS=table.CELL_MARGIN_TWIPS)
    exec(compile(code, "docx_writer@" + revision, "exec"), writer.__dict__)
    return writer.write_report


def docx_comparison(before: str, quick: bool = False) -> list[tuple[str, str, str, str]]:
    """The DOCX report in one run, rounds interleaved, best kept, in processor time (a busy machine's waits
    left out): today's writer, cold (its caches emptied) and warm (a report written again), the writer at
    revision ``before`` and bare python-docx writing the same cells; the seed (consolidate + write) and a
    synthetic program read once (write only, and the whole path)."""
    write_before = _docx_writer_at(before)
    rows: list[tuple[str, str, str, str]] = []

    def measure(label: str, make: Callable[[], Report], report: Report, rounds: int) -> None:
        def ours_cold() -> None:
            docx_pages.forget_wrapped_texts()
            docx_writer.forget_skeletons()
            WRITERS[".docx"].write(make(), io.BytesIO())

        runs = {
            "ours, cold": ours_cold,  # its caches of wrapped texts and cells' XML emptied first
            "ours, warm": lambda: WRITERS[".docx"].write(make(), io.BytesIO()),  # a report written again
            "before": lambda: write_before(make(), io.BytesIO()),
            "bare python-docx": _bare_docx(report),
        }
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(rounds):
            for name, fn in runs.items():
                best[name] = min(best[name], _once(fn, time.process_time))
        for name, seconds in best.items():
            rows.append(
                (
                    f"report docx: {label}, {name}, CPU s",
                    f"{seconds:.3f}",
                    f"{best['before']:.3f} (before)",
                    f"ratio {seconds / best['before']:.2f}; to bare {seconds / best['bare python-docx']:.2f}",
                )
            )

    seed = _seed_data()
    measure(
        "seed (37 measures), consolidate + write",
        lambda: consolidate(*seed, YEAR),
        consolidate(*seed, YEAR),
        3 if quick else 10,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for tasks in (5,) if quick else (20, 50):
            path = Path(tmp) / f"bench-{tasks}.sqlite3"
            _database(path, tasks, 40, 1)
            report = _read(path)
            measure(f"{tasks * 40:,} measures, write", lambda r=report: r, report, 2 if quick else 3)
            measure(
                f"{tasks * 40:,} measures, whole path", lambda p=path: _read(p), report, 2 if quick else 3
            )
    return rows


def xlsx_comparison(before: str, quick: bool = False) -> list[tuple[str, str, str, str]]:
    """The XLSX report, whole path (read + write; the seed: consolidate + write), in one run: today's
    writer, the writer at revision ``before``, and both bare libraries writing the same cells."""
    write_before = _writer_at(before)
    rows: list[tuple[str, str, str, str]] = []

    def measure(label: str, read: Callable[[], Report], report: Report, rounds: int) -> None:
        bare_openpyxl, bare_xlsxwriter = _bare_xlsx(report), _bare_xlsxwriter(report)
        same_sheet = _bare_xlsxwriter_sheet(report)
        runs = {
            "ours": lambda: WRITERS[".xlsx"].write(read(), io.BytesIO()),
            "before": lambda: write_before(read(), io.BytesIO()),
            "bare openpyxl": bare_openpyxl,
            "bare XlsxWriter": bare_xlsxwriter,
            # The bare libraries given the same read (the whole path of a writer with no form of its own),
            # and XlsxWriter writing our very sheet after it: the floor of this form's whole path.
            "our read + bare openpyxl": lambda: (read(), bare_openpyxl()),
            "our read + bare XlsxWriter": lambda: (read(), bare_xlsxwriter()),
            "our read + bare XlsxWriter, the same sheet": lambda: (read(), same_sheet()),
        }
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(rounds):
            for name, fn in runs.items():
                best[name] = min(best[name], _once(fn))  # type: ignore[arg-type]
        fastest = min(best["bare openpyxl"], best["bare XlsxWriter"])
        for name, seconds in best.items():
            rows.append(
                (
                    f"report xlsx: {label}, {name}, s",
                    f"{seconds:.3f}",
                    f"{fastest:.3f} (faster bare library)",
                    f"ratio {seconds / fastest:.2f}; to bare openpyxl {seconds / best['bare openpyxl']:.2f}",
                )
            )

    def measure_write(label: str, report: Report, rounds: int) -> None:
        """The write alone (the report read beforehand), in processor time (a busy machine's waits left
        out): ours, cold (its wrapped texts forgotten) and warm (a report written again), and the writer
        at ``before``, against bare XlsxWriter writing the same values (one row a form row, no formats)
        and the same sheet."""

        def ours_cold() -> None:
            xlsx_pages.forget_wrapped_texts()
            WRITERS[".xlsx"].write(report, io.BytesIO())

        runs = {
            "ours, cold": ours_cold,
            "ours, warm": lambda: WRITERS[".xlsx"].write(report, io.BytesIO()),
            "before": lambda: write_before(report, io.BytesIO()),
            "bare XlsxWriter, same values": _bare_xlsxwriter(report),
            "bare XlsxWriter, same sheet": _bare_xlsxwriter_sheet(report),
        }
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(rounds):
            for name, fn in runs.items():
                best[name] = min(best[name], _once(fn, time.process_time))
        for name, seconds in best.items():
            for base in ("bare XlsxWriter, same values", "bare XlsxWriter, same sheet"):
                if not name.startswith("bare"):
                    rows.append(
                        (
                            f"report xlsx: {label}, write only (CPU), {name}, s",
                            f"{seconds:.3f}",
                            f"{best[base]:.3f} ({base})",
                            f"ratio {seconds / best[base]:.2f}",
                        )
                    )

    seed = _seed_data()
    seed_report = consolidate(*seed, YEAR)
    measure(
        "seed (37 measures), consolidate + write",
        lambda: consolidate(*seed, YEAR),
        seed_report,
        3 if quick else 10,
    )
    tasks, revisions = (5, 50) if quick else (50, 50)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        _database(path, tasks, 40, revisions)
        report = _read(path)
        label = f"{tasks * 40:,} measures x {revisions} revisions, whole path"
        measure(label, lambda: _read(path), report, 2 if quick else 3)
        measure_write(f"{tasks * 40:,} measures x {revisions} revisions", report, 3 if quick else 7)
        measure_write(f"{tasks * 40:,} measures, texts all different", _distinct(report), 3 if quick else 7)
        rows.append(
            (
                f"report xlsx: {label}: of which reading the database, s",
                f"{_once(lambda: _read(path)):.3f}",
                "",
                "",
            )
        )
    return rows


# --- measuring --------------------------------------------------------------------------------------


def _then(first: Callable[[], object], second: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        first()
        second()

    return run


def _once(fn: Callable[[], None], clock: Callable[[], float] = time.perf_counter) -> float:
    gc.collect()
    start = clock()
    fn()
    return clock() - start


def _interleaved(
    pairs: dict[str, tuple[Callable[[], None], Callable[[], None]]], rounds: int
) -> dict[str, tuple[float, float]]:
    """Best of ``rounds`` for each (ours, bare) pair, every round running every pair in turn."""
    best = {key: [float("inf"), float("inf")] for key in pairs}
    for _ in range(rounds):
        for key, (ours, bare) in pairs.items():
            best[key][0] = min(best[key][0], _once(ours))
            best[key][1] = min(best[key][1], _once(bare))
    return {key: (a, b) for key, (a, b) in best.items()}


def _peak(fn: Callable[[], None]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _seed_data() -> tuple:
    """The seed program as consolidation takes it: parsed, no database."""
    from storage.models import Fund, Measure, Program, Submission, Task

    parsed = parse_grid(read_file_grid(SEED))
    program = Program(
        id=1,
        name=parsed.program_name,
        decision_number=parsed.decision_number,
        decision_date=parsed.decision_date,
        start_year=parsed.start_year,
        end_year=parsed.end_year,
        responsible_department=parsed.responsible_department,
        signatory_title=parsed.signatory_title,
        signatory_name=parsed.signatory_name,
    )
    tasks, measures, plans, subs = [], [], {}, []
    mid = 0
    for t, pt in enumerate(parsed.tasks, 1):
        tasks.append(Task(id=t, program_id=1, number=pt.number, text=pt.text, position=t))
        for k, pm in enumerate(pt.measures):
            mid += 1
            measures.append(
                Measure(
                    id=mid,
                    program_id=1,
                    task_id=t,
                    number=pm.number,
                    text=pm.text,
                    term=pm.term,
                    executors_text=pm.executors,
                    position=k,
                )
            )
            plans[(mid, Fund.GENERAL)] = pm.plan
            subs.append(
                Submission(
                    id=mid,
                    measure_id=mid,
                    department_id=1,
                    year=2023,
                    actual=pm.actual,
                    financed=pm.financed,
                    percent=pm.percent,
                    info=pm.info,
                )
            )
    return program, tasks, measures, {}, plans, subs


def _indicators(count: int) -> tuple[IndicatorRow, ...]:
    kinds = ("cost", "product", "efficiency", "quality")
    units = ("тис. грн", "од.", "грн", "%")
    return tuple(
        IndicatorRow(
            number=n,
            kind=kinds[(n - 1) * 4 // count],
            name=f"Показник {n}: кількість заходів, проведених для жителів громади за програмою",
            unit=units[(n - 1) * 4 // count],
            plan=Decimal(n % 90 + 10),
            fact=Decimal(n % 90 + 10) - Decimal("2.5") * (n % 3),
            reason="Перенесено на наступний рік через воєнний стан" if n % 3 else "",
        )
        for n in range(1, count + 1)
    )


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    seed = _seed_data()
    seed_report = consolidate(*seed, YEAR)
    seed_pairs = {
        extension: (
            (lambda e=extension: WRITERS[e].write(consolidate(*seed, YEAR), io.BytesIO())),
            BARE_RUNS[extension](seed_report),
        )
        for extension in FORMATS
    }
    for extension, (ours, bare) in _interleaved(seed_pairs, 3 if quick else 10).items():
        rows.append(
            (
                f"report {extension[1:]}: seed (37 measures), consolidate + write, s",
                f"{ours:.3f}",
                f"{bare:.3f} ({BARE[extension]})",
                f"ratio {ours / bare:.2f}; target < 0.2 s",
            )
        )
    # Section 2 (issue 25): the seed with 100 result indicators, 25 of each kind, beside the bare libraries
    # writing the same cells (the form's rows include the section's).
    indicators = _indicators(100)
    with_indicators = dataclasses.replace(seed_report, indicators=indicators)
    indicator_pairs = {
        extension: (
            (
                lambda e=extension: WRITERS[e].write(
                    dataclasses.replace(consolidate(*seed, YEAR), indicators=indicators), io.BytesIO()
                )
            ),
            BARE_RUNS[extension](with_indicators),
        )
        for extension in FORMATS
    }
    for extension, (ours, bare) in _interleaved(indicator_pairs, 3 if quick else 10).items():
        rows.append(
            (
                f"report {extension[1:]}: seed + 100 indicators, consolidate + write, s",
                f"{ours:.3f}",
                f"{bare:.3f} ({BARE[extension]})",
                f"ratio {ours / bare:.2f}",
            )
        )
    # (label, tasks, measures a task, revisions per (measure, department), rounds)
    sizes = (
        [("200 measures", 5, 40, 1, 2), ("200 measures x 50 revisions", 5, 40, 50, 2)]
        if quick
        else [
            ("2,000 measures", 50, 40, 1, 5),
            ("2,000 measures x 50 revisions", 50, 40, 50, 5),
            ("50,000 measures", 1250, 40, 1, 1),
        ]
    )
    with tempfile.TemporaryDirectory() as tmp:
        for label, tasks, per_task, revisions, rounds in sizes:
            path = Path(tmp) / f"{tasks}-{revisions}.sqlite3"
            _database(path, tasks, per_task, revisions)
            report = _read(path)
            pairs = {
                extension: (_ours(path, extension), BARE_RUNS[extension](report)) for extension in FORMATS
            }
            for extension, (ours, bare) in _interleaved(pairs, rounds).items():
                rows.append(
                    (
                        f"report {extension[1:]}: {label}, whole path, s",
                        f"{ours:.2f}",
                        f"{bare:.2f} ({BARE[extension]})",
                        f"ratio {ours / bare:.2f}; target < 1.5",
                    )
                )
            if tasks * per_task <= 2_000:
                # The XLSX beside its floor with the library it is written with: the same read, then bare
                # XlsxWriter writing our very sheet (formats, merges page by page, heights).
                same_sheet = _bare_xlsxwriter_sheet(report)
                floor = {".xlsx": (_ours(path, ".xlsx"), _then(lambda p=path: _read(p), same_sheet))}
                ours, base = _interleaved(floor, rounds)[".xlsx"]
                rows.append(
                    (
                        f"report xlsx: {label}, whole path beside its floor, s",
                        f"{ours:.2f}",
                        f"{base:.2f} (our read + bare XlsxWriter, our very sheet)",
                        f"ratio {ours / base:.2f}",
                    )
                )
            if revisions == 1 and tasks == sizes[0][1] and not quick:
                for extension in FORMATS:
                    rows.append(
                        (
                            f"report {extension[1:]}: {label}, peak Python memory, MiB",
                            f"{_peak(_ours(path, extension)):.0f}",
                            f"{_peak(BARE_RUNS[extension](report)):.0f} ({BARE[extension]})",
                            "",
                        )
                    )
            path.unlink()
    return rows


if __name__ == "__main__":
    import sys

    # python -m benchmarks.reports_bench --xlsx-before REV [--quick]: the XLSX writer against itself at REV.
    if "--xlsx-before" in sys.argv:
        revision = sys.argv[sys.argv.index("--xlsx-before") + 1]
        for name, ours, base, note in xlsx_comparison(revision, "--quick" in sys.argv):
            print(f"{name:<82}  {ours:>8}  {base:<28}  {note}")
        sys.exit(0)
    # python -m benchmarks.reports_bench --docx-before REV [--quick]: the DOCX writer against itself at REV.
    if "--docx-before" in sys.argv:
        revision = sys.argv[sys.argv.index("--docx-before") + 1]
        for name, ours, base, note in docx_comparison(revision, "--quick" in sys.argv):
            print(f"{name:<62}  {ours:>8}  {base:<20}  {note}")
        sys.exit(0)
    for name, ours, base, note in run("--quick" in sys.argv):
        print(f"{name:<62}  {ours:>8}  {base:<32}  {note}")
