"""An amended copy of the seed: every kind of change is found, and an unchanged file finds none."""

from __future__ import annotations

from pathlib import Path

from reports.amendments import Kind, amendment
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.db import connect
from storage.programs import list_programs, load_program


async def _tree(tmp_path: Path, seed_path: Path):
    db = await connect(tmp_path / "z.sqlite3")
    try:
        await import_report(db, parse_grid(read_file_grid(seed_path)), source_name="seed")
        async with db.locked() as conn:
            program = (await list_programs(conn))[0]
            return await load_program(conn, program.id)
    finally:
        await db.close()


def _amended(seed_path: Path, tmp_path: Path, edit) -> Path:
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    lines = edit(lines)
    out = tmp_path / "amended.txt"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def _line_of(lines: list[str], number: str) -> int:
    return next(
        i for i, line in enumerate(lines) if f"\t{number}. " in "\t" + line or line.startswith(f"{number}. ")
    )


async def test_an_unchanged_program_has_no_amendment(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)
    assert not amendment(tree, parse_grid(read_file_grid(seed_path)))


async def test_every_kind_of_amendment_is_found(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)

    def edit(lines: list[str]) -> list[str]:
        i = _line_of(lines, "1.4")
        lines[i] = lines[i].replace("Створення гендерного профілю", "Оновлення гендерного профілю")
        i = _line_of(lines, "2.7")
        lines[i] = lines[i].replace("2020-2025", "2024-2025", 1)
        i = _line_of(lines, "2.8")
        cells = lines[i].split("\t")
        cells[3] = "Департамент освіти міської ради"
        lines[i] = "\t".join(cells)
        i = _line_of(lines, "1.7")
        del lines[i]  # dropped
        return lines

    parsed = parse_grid(read_file_grid(_amended(seed_path, tmp_path, edit)))
    found = amendment(tree, parsed)
    assert [c.number for c in found.of(Kind.TEXT)] == ["1.4"]
    assert found.of(Kind.TEXT)[0].new.startswith("Оновлення")
    assert [(c.number, c.new) for c in found.of(Kind.TERM)] == [("2.7", "2024-2025")]
    assert [c.number for c in found.of(Kind.EXECUTORS)] == ["2.8"]
    assert [c.number for c in found.of(Kind.RETIRED)] == ["1.7"]
    assert not found.of(Kind.ADDED)


async def test_a_renumbered_measure_is_the_same_measure(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)
    m = tree.measure_by_number("1.7")
    assert m is not None

    def edit(lines: list[str]) -> list[str]:
        i = _line_of(lines, "1.7")
        lines[i] = lines[i].replace("1.7. ", "1.9. ", 1)
        return lines

    found = amendment(tree, parse_grid(read_file_grid(_amended(seed_path, tmp_path, edit))))
    assert [(c.kind, c.old, c.new) for c in found.changes] == [(Kind.RENUMBERED, "1.7", "1.9")]


async def test_an_added_measure(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)

    def edit(lines: list[str]) -> list[str]:
        i = _line_of(lines, "1.7")
        cells = lines[i].split("\t")
        j = next(k for k, c in enumerate(cells) if c.startswith("1.7. "))
        cells[j] = "1.8. Новий захід для перевірки змін до Програми"
        lines.insert(i + 1, "\t".join(cells))
        return lines

    found = amendment(tree, parse_grid(read_file_grid(_amended(seed_path, tmp_path, edit))))
    assert [(c.kind, c.number) for c in found.changes] == [(Kind.ADDED, "1.8")]


# --- applying an amendment ------------------------------------------------------------------------


def _amend_for_2024(lines: list[str]) -> list[str]:
    """The seed as the 2024 report of an amended program: 1.4 reworded, 2.7's term and 2.8's executors
    changed, 2.12 renumbered 2.13, 1.7 dropped, 1.8 added."""
    lines = [line.replace("за 2023 рік", "за 2024 рік") for line in lines]
    i = _line_of(lines, "1.4")
    lines[i] = lines[i].replace("Створення гендерного профілю", "Оновлення гендерного профілю")
    i = _line_of(lines, "2.7")
    lines[i] = lines[i].replace("2020-2025", "2024-2025", 1)
    i = _line_of(lines, "2.8")
    cells = lines[i].split("\t")
    cells[3] = "Департамент освіти міської ради"
    lines[i] = "\t".join(cells)
    i = _line_of(lines, "2.12")
    lines[i] = lines[i].replace("2.12. ", "2.13. ", 1)
    i = _line_of(lines, "1.7")
    cells = lines[i].split("\t")
    j = next(k for k, c in enumerate(cells) if c.startswith("1.7. "))
    cells[j] = "1.8. Новий захід для перевірки змін до Програми"
    lines[i] = "\t".join(cells)  # 1.7 is gone, 1.8 is new in its place
    return lines


async def test_an_amended_program_is_previewed_then_applied_losing_nothing(
    tmp_path: Path, seed_path: Path
) -> None:
    from decimal import Decimal

    from reports.build import build_report
    from storage.models import NewSubmission, PeriodStatus, Source
    from storage.periods import set_period
    from storage.plans import program_plans
    from storage.progress import program_progress
    from storage.reminders import load_snapshot
    from storage.submissions import add_submission, program_submissions
    from storage.workload import measure_view, worklist
    from tests.dbkit import dump

    path = tmp_path / "z.sqlite3"
    db = await connect(path)
    try:
        await import_report(db, parse_grid(read_file_grid(seed_path)), source_name="seed")
        async with db.transaction() as conn:
            program = (await list_programs(conn))[0]
            tree = await load_program(conn, program.id)
            assert tree is not None
            retiring = tree.measure_by_number("1.7")
            moving = tree.measure_by_number("2.12")
            assert retiring is not None and moving is not None
            department = retiring.departments[0].department_id
            # An executor's own report on the measure about to be dropped, and one on the renumbered one.
            for measure in (retiring, moving):
                await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=measure.id,
                        department_id=measure.departments[0].department_id,
                        year=2023,
                        financed=Decimal("1.5"),
                        percent=Decimal(50),
                        info="Звіт виконавця",
                        source=Source.BOT,
                    ),
                )
            await set_period(conn, program.id, 2024, PeriodStatus.OPEN, None)
            submissions_before = await program_submissions(conn, program.id, 2023)
            plans_before = await program_plans(conn, program.id)
        report_2023 = await build_report(db, program.id, 2023)

        amended = parse_grid(read_file_grid(_amended(seed_path, tmp_path, _amend_for_2024)))
        snapshot = dump(path)
        preview = await import_report(db, amended, source_name="amended.txt", apply=False)
        assert dump(path) == snapshot  # the preview changes nothing
        text = preview.render()
        for line in (
            "+ новий захід 1.8: Новий захід для перевірки змін до Програми",
            "− захід 1.7 вилучено з 2024 року",
            "↪ захід 2.12 тепер має номер 2.13",
            "✎ захід 1.4, новий зміст: «Оновлення гендерного профілю",
            "✎ захід 2.7, термін виконання: 2020-2025 → 2024-2025",
            "✎ захід 2.8, виконавці:",
            "Зміни до Програми порівняно з базою (6):",
        ):
            assert line in text, line

        await import_report(db, amended, source_name="amended.txt")
        async with db.locked() as conn:
            after = await load_program(conn, program.id)
            assert after is not None
            assert after.measure_by_number("2.13").id == moving.id  # type: ignore[union-attr]
            assert after.measure_by_number("2.12") is None
            assert after.measure_by_number("1.7").retired_from == 2024  # type: ignore[union-attr]
            assert after.measure_by_number("1.8") is not None
            # 2.8's links follow its new executors.
            education = next(d for d in after.departments.values() if d.code == "do")
            assert after.measure_by_number("2.8").department_ids() == [education.id]  # type: ignore[union-attr]
            assert await program_submissions(conn, program.id, 2023) == submissions_before
            plans_after = await program_plans(conn, program.id)
            assert {k: v for k, v in plans_after.items() if k.year == 2023} == plans_before
            work = await worklist(conn, department, None)
            for year, in_force in ((2023, True), (2024, False)):  # an old button for 2024 is refused
                view = await measure_view(conn, retiring.id, department, year)
                assert view is not None and view.in_force is in_force
            progress = await program_progress(conn, program.id, 2024)
            snapshot_work = (await load_snapshot(conn, set())).work
        assert retiring.id not in {w.measure_id for w in work if w.year == 2024}
        assert all("1.7" not in p.assigned for p in progress)
        assert all(m.measure_id != retiring.id for w in snapshot_work if w.year == 2024 for m in w.measures)
        report_2023_after = await build_report(db, program.id, 2023)
        for a, b in zip(report_2023_after.rows, report_2023.rows, strict=True):
            assert a == b
        assert report_2023_after == report_2023  # 2023 reads as it did
        report_2024 = await build_report(db, program.id, 2024)
        numbers = [r.measure_number for r in report_2024.rows]
        assert "1.7" not in numbers and "1.8" in numbers and "2.13" in numbers and "2.12" not in numbers

        snapshot = dump(path)
        again = await import_report(db, amended, source_name="amended.txt")
        assert dump(path) == snapshot  # the same file again changes nothing
        assert "Змін до Програми порівняно з базою немає." in again.render()

        # An older year's report after the amendment is history: it changes no measure back.
        lines = seed_path.read_text(encoding="utf-8").replace("за 2023 рік", "за 2022 рік")
        older = tmp_path / "zvit-2022.txt"
        older.write_text(lines, encoding="utf-8")
        for path_ in (seed_path, older):
            before_tables = dump(path)
            summary = await import_report(db, parse_grid(read_file_grid(path_)), source_name=path_.name)
            after_tables = dump(path)
            for table in ("measures", "measure_versions", "measure_departments", "tasks"):
                assert after_tables[table] == before_tables[table], table
            assert "а в базі вже є 2024" in summary.render() and summary.amendment is None
        async with db.locked() as conn:
            plans_after = await program_plans(conn, program.id)
        assert {k.year for k in plans_after} == {2022, 2023, 2024}
        wording = [(r.measure_number, r.measure_text, r.term, r.executors) for r in report_2023.rows]
        reread = await build_report(db, program.id, 2023)
        assert [(r.measure_number, r.measure_text, r.term, r.executors) for r in reread.rows] == wording
    finally:
        await db.close()
