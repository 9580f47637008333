"""A published report is the consolidated answer: it counts as reported for every department on a measure."""

from __future__ import annotations

from pathlib import Path

from reports.build import build_report
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from reports.summary import department_completeness
from storage.db import connect
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.programs import list_programs, load_program
from storage.progress import program_progress
from storage.reminders import load_snapshot
from storage.workload import Status, measure_view, worklist


async def test_after_importing_the_seed_every_department_has_reported_2023(
    tmp_path: Path, seed_path: Path
) -> None:
    db = await connect(tmp_path / "z.sqlite3")
    try:
        await import_report(db, parse_grid(read_file_grid(seed_path)), source_name="seed")
        async with db.locked() as conn:
            program = (await list_programs(conn))[0]
            tree = await load_program(conn, program.id)
            progress = await program_progress(conn, program.id, 2023)
        assert tree is not None
        assert len(progress) == 10
        assert all(p.complete for p in progress), [(p.department.short_name, p.missing) for p in progress]
        # A department that is not the lead of a shared measure sees it reported, and last year's text.
        shared = next(m for m in tree.measures if len(m.departments) > 1 and m.planned_in(2023))
        second = shared.departments[1].department_id
        async with db.transaction() as conn:
            await set_period(conn, program.id, 2023, PeriodStatus.OPEN)
        async with db.locked() as conn:
            items = {i.measure_id: i for i in await worklist(conn, second, None)}
            assert items[shared.id].status is Status.REPORTED
            snapshot = await load_snapshot(conn)
        work = next(w for w in snapshot.work if w.department_id == second and w.year == 2023)
        assert all(m.last_submitted_at is not None for m in work.measures if m.planned)
        async with db.transaction() as conn:
            await set_period(conn, program.id, 2024, PeriodStatus.OPEN)
        async with db.locked() as conn:
            view = await measure_view(conn, shared.id, second, 2024)
        assert view is not None and view.last_year_info
    finally:
        await db.close()


async def test_the_report_of_an_imported_year_misses_nobody(tmp_path: Path, seed_path: Path) -> None:
    db = await connect(tmp_path / "z.sqlite3")
    try:
        await import_report(db, parse_grid(read_file_grid(seed_path)), source_name="seed")
        async with db.locked() as conn:
            program = (await list_programs(conn))[0]
        report = await build_report(db, program.id, 2023)
    finally:
        await db.close()
    planned = [row for row in report.rows if row.planned]
    assert planned and not any(row.missing for row in planned)
    assert any(len(row.reported_by) > 1 for row in planned)  # shared measures count for every executor
    completeness = department_completeness(report)
    assert len(completeness) == 10
    assert all(entry.missing == 0 for entry in completeness)
