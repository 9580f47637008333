"""Report building: our consolidation + writer against openpyxl writing the same cells with no logic."""

from __future__ import annotations

import gc
import io
import time
import tracemalloc
from collections.abc import Callable

from openpyxl import Workbook

from benchmarks import synthetic
from reports.consolidate import consolidate
from reports.importer import read_grid
from reports.model import Report
from reports.report_parser import parse_grid
from reports.xlsx_writer import write_report
from tests.conftest import SEED


def _ours(data: tuple) -> Callable[[], None]:
    program, tasks, measures, departments, plans, submissions = data

    def run() -> None:
        report = consolidate(program, tasks, measures, departments, plans, submissions, 2023)
        write_report(report, io.BytesIO())

    return run


def _bare(report: Report) -> Callable[[], None]:
    """The same cell values, written by openpyxl with no styles, merges or logic of ours."""
    rows = [
        [f"{task.number}.", task.text, f"{r.measure_number}. {r.measure_text}", r.term, r.executors,
         r.plan, r.actual, r.financed, r.percent, r.info]
        for task in report.tasks for r in task.rows
    ]  # fmt: skip

    def run() -> None:
        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(row)
        wb.save(io.BytesIO())

    return run


def _time(fn: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _peak(fn: Callable[[], None]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _seed_data() -> tuple:
    """The seed program as consolidation takes it: parsed, no database."""
    from decimal import Decimal

    from storage.models import Fund, Measure, Program, Submission, Task

    parsed = parse_grid(read_grid(SEED))
    program = Program(
        id=1, name=parsed.program_name, decision_number=parsed.decision_number, decision_date=parsed.decision_date,
        start_year=parsed.start_year, end_year=parsed.end_year, responsible_department=parsed.responsible_department,
        signatory_title=parsed.signatory_title, signatory_name=parsed.signatory_name,
    )  # fmt: skip
    tasks, measures, plans, subs = [], [], {}, []
    mid = 0
    for t, pt in enumerate(parsed.tasks, 1):
        tasks.append(Task(id=t, program_id=1, number=pt.number, text=pt.text, position=t))
        for k, pm in enumerate(pt.measures):
            mid += 1
            measures.append(Measure(id=mid, program_id=1, task_id=t, number=pm.number, text=pm.text, term=pm.term,
                                    executors_text=pm.executors, position=k))  # fmt: skip
            plans[(mid, Fund.GENERAL)] = pm.plan
            subs.append(Submission(id=mid, measure_id=mid, department_id=1, year=2023, actual=pm.actual,
                                   financed=pm.financed, percent=pm.percent, info=pm.info))  # fmt: skip
    del Decimal
    return program, tasks, measures, {}, plans, subs


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    seed = _seed_data()
    seed_report = consolidate(*seed, 2023)
    ours, bare = _time(_ours(seed), 5 if quick else 20), _time(_bare(seed_report), 5 if quick else 20)
    rows.append(
        (
            "report: seed (37 measures), s",
            f"{ours:.3f}",
            f"{bare:.3f} (bare openpyxl)",
            f"ratio {ours / bare:.2f}; target < 0.2 s",
        )
    )
    tasks, per_task = (10, 40) if quick else (50, 40)
    big = synthetic.program(tasks, per_task, 5)
    big_report = consolidate(*big, 2023)
    repeat = 1 if quick else 3
    ours, bare = _time(_ours(big), repeat), _time(_bare(big_report), repeat)
    label = f"report: synthetic {tasks * per_task} measures x 5 departments, s"
    rows.append(
        (label, f"{ours:.2f}", f"{bare:.2f} (bare openpyxl)", f"ratio {ours / bare:.2f}; target < 1.5")
    )
    rows.append(
        (
            f"report: synthetic {tasks * per_task}, peak Python memory, MiB",
            f"{_peak(_ours(big)):.0f}",
            f"{_peak(_bare(big_report)):.0f} (bare openpyxl)",
            "",
        )
    )
    return rows
