"""Real SQLite files in a temporary folder: schema, migrations, import, revisions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from reports.build import build_report
from storage.db import connect, utcnow
from storage.importer import import_report, read_grid
from storage.migrations import LATEST_VERSION
from storage.models import NewSubmission, PeriodStatus, Source
from storage.periods import get_period, set_period
from storage.programs import list_programs, load_plans, load_program
from storage.report_parser import ImportFileError, parse_grid
from storage.submissions import add_submission, measure_history, program_submissions


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every user table's rows, to compare two states of a database file exactly."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in tables
            if t != "schema_migrations"
        }


async def _import_seed(db_path: Path, seed_path: Path):
    db = await connect(db_path)
    try:
        return await import_report(db, parse_grid(read_grid(seed_path)), source_name=seed_path.name)
    finally:
        await db.close()


async def test_fresh_database_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = await connect(tmp_path / "sub" / "z.sqlite3")
    try:
        async with db.locked() as conn:
            assert (await (await conn.execute("PRAGMA journal_mode")).fetchone())[0] == "wal"
            assert (await (await conn.execute("PRAGMA foreign_keys")).fetchone())[0] == 1
            versions = [
                r[0] for r in await (await conn.execute("SELECT version FROM schema_migrations")).fetchall()
            ]
        assert versions == list(range(1, LATEST_VERSION + 1))
    finally:
        await db.close()


async def test_import_seed(tmp_path: Path, seed_path: Path) -> None:
    summary = await _import_seed(tmp_path / "z.db", seed_path)
    assert (summary.tasks, summary.measures, summary.year) == (4, 37, 2023)
    assert summary.plan_total == Decimal("228.3")
    assert summary.added == 37 and summary.unchanged == 0
    assert summary.unmatched == []
    assert "УССМС" in summary.departments and "МКСЦ" in summary.departments
    assert any("90,0" in w for w in summary.warnings)
    rendered = summary.render()
    assert "Завдань: 4, заходів: 37" in rendered and "228,3" in rendered

    db = await connect(tmp_path / "z.db")
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            plans = await load_plans(conn, program.id, 2023)
            subs = await program_submissions(conn, program.id, 2023)
        assert program.decision_number == "1688" and program.signatory_name == "Ірина КОВАЛЬЧУК"
        assert tree is not None and len(tree.measures) == 37
        assert sum(plans.values()) == Decimal("228.3")
        assert all(isinstance(v, Decimal) for v in plans.values())
        assert {s.source for s in subs} == {Source.IMPORT}
        m43 = tree.measure_by_number("4.3")
        codes = [tree.departments[d].code for d in m43.department_ids()]
        assert codes[0] == "dsp" and "ussms" in codes  # the lead is the first body the text names
        assert not tree.measure_by_number("2.8").planned_in(2022)
    finally:
        await db.close()


async def test_import_twice_changes_nothing(tmp_path: Path, seed_path: Path) -> None:
    await _import_seed(tmp_path / "z.db", seed_path)
    before = _dump(tmp_path / "z.db")
    summary = await _import_seed(tmp_path / "z.db", seed_path)
    assert summary.added == 0 and summary.unchanged == 37
    assert _dump(tmp_path / "z.db") == before


async def test_bad_file_leaves_database_as_it_was(tmp_path: Path, seed_path: Path) -> None:
    await _import_seed(tmp_path / "z.db", seed_path)
    before = _dump(tmp_path / "z.db")
    text = seed_path.read_text(encoding="utf-8").replace("\t40,0\t44,0", "\t40,0\tсорок чотири")
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match="колонка 7"):
        parse_grid(read_grid(bad))
    assert _dump(tmp_path / "z.db") == before


async def test_failure_inside_the_transaction_rolls_back(tmp_path: Path, seed_path: Path) -> None:
    db = await connect(tmp_path / "z.db")
    parsed = parse_grid(read_grid(seed_path))
    # A measure pointing at a department code the directory lacks fails half-way through the load.
    from storage.directory import Directory

    broken = Directory.model_validate({**load_dir().model_dump(), "departments": load_dir().departments[:1]})
    try:
        with pytest.raises(Exception):  # noqa: B017 - any failure must leave nothing behind
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO departments (code, name, short_name) VALUES ('x', 'X', 'X')")
                raise RuntimeError("boom")
        async with db.locked() as conn:
            assert (await (await conn.execute("SELECT COUNT(*) FROM departments")).fetchone())[0] == 0
        summary = await import_report(db, parsed, source_name="seed", directory=broken, apply=False)
        assert summary.measures == 37
        async with db.locked() as conn:  # a dry run leaves nothing behind either
            assert (await (await conn.execute("SELECT COUNT(*) FROM measures")).fetchone())[0] == 0
    finally:
        await db.close()


def load_dir():
    from storage.directory import load_directory

    return load_directory()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", "порожній"),
        (b"   \n\n", "blank.txt", "порожній"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.png", "Непідтримуваний"),
        (b"PK\x03\x04garbage", "broken.xlsx", "Не вдалося прочитати"),
        (b"a\tb\tc\n", "table.txt", "заголовка"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        parse_grid(read_grid(path))


def test_cp1251_text_is_read(tmp_path: Path, seed_path: Path) -> None:
    path = tmp_path / "seed-1251.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").replace("\u2013", "-").encode("cp1251"))
    assert len(parse_grid(read_grid(path)).measures) == 37


async def test_revisions_are_append_only_and_readable_at_a_moment(tmp_path: Path, seed_path: Path) -> None:
    await _import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
        m = tree.measure_by_number("2.1")
        lead = m.department_ids()[0]
        t1 = utcnow()
        async with db.transaction() as conn:
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=m.id,
                    department_id=lead,
                    year=2023,
                    actual=Decimal("10.5"),
                    financed=Decimal("10.5"),
                    percent=Decimal(100),
                    info="Оновлено",
                    author_id=7,
                    author_name="Олена",
                ),
            )
        async with db.locked() as conn:
            history = await measure_history(conn, m.id, 2023)
        assert [h.info for h in history][-2:] == [
            'Підготовлено та опубліковано збірник-довідник "Гендерний профіль Житомира -2023"',
            "Оновлено",
        ]
        now = await build_report(db, program.id, 2023)
        then = await build_report(db, program.id, 2023, at=t1)
        row_now = next(r for r in now.rows if r.measure_number == "2.1")
        row_then = next(r for r in then.rows if r.measure_number == "2.1")
        assert (row_now.financed, row_now.info) == (Decimal("10.5"), "Оновлено")
        assert (row_then.financed, row_then.percent) == (Decimal("10.0"), Decimal("95.2"))
        assert now.general.financed == Decimal("30.5") and then.general.financed == Decimal("30.0")
        before_everything = await build_report(db, program.id, 2023, at=t1 - dt.timedelta(days=1))
        assert before_everything.general.actual == 0
    finally:
        await db.close()


async def test_periods(tmp_path: Path, seed_path: Path) -> None:
    await _import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            await set_period(conn, program.id, 2023, PeriodStatus.OPEN, dt.date(2024, 1, 20))
            locked = await set_period(conn, program.id, 2023, PeriodStatus.LOCKED)
        assert locked.deadline == dt.date(2024, 1, 20)  # locking keeps the deadline
        async with db.locked() as conn:
            assert (await get_period(conn, program.id, 2023)).status is PeriodStatus.LOCKED
            assert await get_period(conn, program.id, 2024) is None
    finally:
        await db.close()


async def test_first_migration_database_upgrades_without_losing_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await connect(path, migrate_to=1)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO departments (code, name, short_name) VALUES ('ussms', 'Управління', 'УССМС')"
        )
        await conn.execute(
            "INSERT INTO programs (name, decision_number, decision_date, start_year, end_year, responsible_department)"
            " VALUES ('Програма', '1', '2019-12-18', 2020, 2025, 'Управління')"
        )
        await conn.execute(
            "INSERT INTO tasks (program_id, number, text, position) VALUES (1, '1', 'Завдання', 0)"
        )
        await conn.execute(
            "INSERT INTO measures (program_id, task_id, number, text, term, executors_text, position)"
            " VALUES (1, 1, '1.1', 'Захід', '2020-2025', 'Управління', 0)"
        )
        await conn.execute("INSERT INTO plans VALUES (1, 2023, 'general', '2.4')")
        await conn.execute(
            "INSERT INTO submissions (measure_id, department_id, year, actual, financed, percent, info, created_at, source)"
            " VALUES (1, 1, 2023, '0.0', '0.0', '100.0', 'Зроблено', '2024-01-10T10:00:00.000000Z', 'import')"
        )
    await db.close()
    before = _dump(path)

    db = await connect(path)  # upgrades in place
    try:
        async with db.locked() as conn:
            version = (await (await conn.execute("SELECT MAX(version) FROM schema_migrations")).fetchone())[0]
            [sub] = await program_submissions(conn, 1, 2023)
        assert version == LATEST_VERSION
        assert (sub.percent, sub.info, sub.actual_special) == (Decimal("100.0"), "Зроблено", None)
        report = await build_report(db, 1, 2023)
        assert report.rows[0].info == "Зроблено" and report.general.plan == Decimal("2.4")
    finally:
        await db.close()
    after = _dump(path)
    for table, rows in before.items():
        if table != "submissions":
            assert after[table] == rows
    assert [r[:11] for r in after["submissions"]] == [r[:11] for r in before["submissions"]]


def test_several_programs_in_one_database_and_the_command_lines(tmp_path: Path, seed_path: Path, capsys) -> None:
    from reports.__main__ import main as reports_main
    from storage.__main__ import main as storage_main

    db = tmp_path / "city.db"
    other = tmp_path / "other.txt"
    other.write_text(
        seed_path.read_text(encoding="utf-8").replace("територія рівних можливостей", "безпечне місто"),
        encoding="utf-8",
    )
    assert storage_main(["import", str(seed_path), "--db", str(db)]) == 0
    assert storage_main(["import", str(other), "--db", str(db)]) == 0
    assert "Завдань: 4, заходів: 37" in capsys.readouterr().out
    assert reports_main(["2023", "--db", str(db), "--out", str(tmp_path / "r.xlsx")]) == 1
    assert "кілька програм" in capsys.readouterr().err
    assert reports_main(["2023", "--db", str(db), "--program", "безпечне", "--out", str(tmp_path / "r.xlsx")]) == 0
    assert (tmp_path / "r.xlsx").exists()
    assert storage_main(["open-year", "2024", "--deadline", "2025-01-20", "--db", str(db), "--program", "2"]) == 0
    assert "відкрито" in capsys.readouterr().out
    assert storage_main(["import", str(tmp_path / "missing.txt"), "--db", str(db)]) == 1
    assert "файл не знайдено" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_text("Звіт\nщось\n", encoding="utf-8")
    assert storage_main(["import", str(bad), "--db", str(tmp_path / "never.db")]) == 1
    assert not (tmp_path / "never.db").exists()  # a bad file does not even create a database
