"""Another council's program imports with no file edited: its departments are discovered from the report, created
in the import's transaction and reused by its next program, and every figure the file reports is in the report
rebuilt from the database.

tests/data/kalush_sport_2023.txt and kalush_rest_2023.txt are two programs of one council (Kalush), written for
these tests in the official form of tests/data/seed_2023.txt: twelve bodies in the executors column, with «КП»,
«КНП», «КЗ», a parenthesised abbreviation, a starosta district, a head before a colon, a name with a comma in
it, the same bodies written two ways, partners «(за згодою)» and a vague phrase no list has.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from actions.programs import import_program, preview_program
from actions.reports import year_report
from cli.__main__ import main as cli_main
from reports.directory import load_directory
from reports.importer import ImportSummary, read_file_grid
from reports.report_parser import ParsedReport, parse_grid
from storage.db import Database, connect
from storage.programs import list_departments, list_programs, load_program
from storage.submissions import program_submissions
from tests.actionkit import CLI
from tests.conftest import SEED
from tests.dbkit import dump

DATA = Path(__file__).parent / "data"
SPORT = DATA / "kalush_sport_2023.txt"
REST = DATA / "kalush_rest_2023.txt"

# code: (short name, full name as written)
SPORT_BODIES = {
    "vms": ("ВМС", "Відділ молоді та спорту Калуської міської ради"),
    "kp_kaluska_sportyvna_arena": ("КП «Калуська спортивна арена»", "КП «Калуська спортивна арена»"),
    "vso": ("ВСО", "Вістівський старостинський округ"),
    "uo": ("УО", "Управління освіти Калуської міської ради"),
    "kz_kaluska_diussh": ("КЗ «Калуська ДЮСШ»", "КЗ «Калуська ДЮСШ»"),
    "uszn": ("УСЗН", "Управління соціального захисту населення"),
    "fu": ("ФУ", "Фінансове управління Калуської міської ради"),
    "knp_kaluska_miska_likarnia": (
        "КНП «Калуська міська лікарня»",
        "КНП «Калуська міська лікарня» Калуської міської ради",
    ),
    "vnsmor": (
        "ВНСМОР",
        "Відділ з питань надзвичайних ситуацій, мобілізаційної та оборонної роботи Калуської міської ради",
    ),
    "ssd": ("ССД", "Служба у справах дітей Калуської міської ради"),
    "vk": ("ВК", "Відділ культури Калуської міської ради"),
    "tsnap": ("ЦНАП", "Центр надання адміністративних послуг (ЦНАП)"),
}
# Each measure's executors in the order written, the lead first; none: the responsible department reports it.
SPORT_LINKS = {
    "1.1": ["vms", "kp_kaluska_sportyvna_arena"],
    "1.2": ["kp_kaluska_sportyvna_arena", "vso"],  # КП "…" and «…» and spelled out: one body
    "1.3": ["uo", "kz_kaluska_diussh"],
    "1.4": ["uo", "uszn"],  # «Управління міської ради: освіти, соціального захисту населення»
    "1.5": [],  # partners only
    "2.1": ["kz_kaluska_diussh", "fu"],
    "2.2": ["knp_kaluska_miska_likarnia", "vms"],  # «Відділ молоді та спорту» without the council's name
    "2.3": ["fu", "vms"],
    "2.4": ["vms"],
    "3.1": ["vnsmor"],
    "3.2": ["ssd", "uo"],  # «управління освіти»
    "3.3": ["vk", "vso"],  # «… та Вістівський старостинський округ»
    "3.4": ["tsnap"],
    "3.5": [],  # vague only
}


def parsed(path: Path) -> ParsedReport:
    return parse_grid(read_file_grid(path))


async def load(db: Database, path: Path) -> ImportSummary:
    return await import_program(db, CLI, parsed(path), source_name=path.name)


@pytest.fixture(name="db")
async def db_fixture(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = await connect(tmp_path / "kalush.db")
    try:
        yield database
    finally:
        await database.close()


async def program_named(db: Database, start: str):  # type: ignore[no-untyped-def]
    async with db.locked() as conn:
        return next(p for p in await list_programs(conn) if p.name.startswith(start))


async def codes_by_measure(db: Database, program_id: int) -> dict[str, list[str]]:
    async with db.locked() as conn:
        tree = await load_program(conn, program_id)
    assert tree is not None
    return {m.number: [tree.departments[d].code for d in m.department_ids()] for m in tree.measures}


def departments_of(path: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return {
            code: (short, name)
            for code, short, name in conn.execute("SELECT code, short_name, name FROM departments")
        }


# ---- the command line ---------------------------------------------------------------------------------


def test_another_councils_program_imports_from_the_command_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "kalush.db"
    assert cli_main(["import", str(SPORT), "--db", str(db), "--dry-run"]) == 0
    preview = capsys.readouterr().out
    assert not db.exists()  # a dry run creates nothing, not even the file
    assert cli_main(["import", str(SPORT), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out == preview  # the preview said what the import did
    for line in (
        "Рада: Калуська міська рада",
        "Завдань: 3, заходів: 14",
        "Підрозділів-виконавців: 12 (з довідника: 0, нових: 12)",
        "Звітів імпортовано: 14 нових, 0 без змін",
        "Нові виконавці — додаються до довідника з імпортом (12):",
        "- Відділ молоді та спорту Калуської міської ради → ВМС, відповідальний виконавець програми: "
        "заходи 1.1, 2.2, 2.3, 2.4",
        "- Управління освіти Калуської міської ради → УО: заходи 1.3, 1.4, 3.2",
        "- КП «Калуська спортивна арена» → КП «Калуська спортивна арена»: заходи 1.1, 1.2",
        "- Центр надання адміністративних послуг (ЦНАП) → ЦНАП: захід 3.4",
        "Заходи 1.5, 3.5: серед виконавців немає органу ради, що звітує (лише партнери чи загальні фрази); "
        "їхні суми й тексти записано за відповідальним виконавцем програми (ВМС).",
    ):
        assert line in out, line
    assert "суб'єкти фізичної культури і спорту громади" in out.split("Не звітують")[1]
    assert "Житомир" not in out and "Департамент" not in out
    assert departments_of(db) == SPORT_BODIES  # its own departments, no Zhytomyr one
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM council").fetchall() == [("Калуська міська рада",)]


def test_a_directory_file_is_loaded_only_when_asked(tmp_path: Path, capsys) -> None:
    own = tmp_path / "kalush.toml"
    own.write_text(
        'council = "Калуська міська рада"\n\n[[department]]\ncode = "sport"\n'
        'name = "Відділ молоді та спорту Калуської міської ради"\nshort_name = "ВМСп"\n'
        'aliases = ["відділ молоді та спорту"]\n\n[not_reporting]\nvague = ["суб\'єкти фізичної культури"]\n',
        encoding="utf-8",
    )
    db = tmp_path / "kalush.db"
    assert cli_main(["import", str(SPORT), "--db", str(db), "--directory", str(own)]) == 0
    out = capsys.readouterr().out
    assert "Довідник підрозділів спершу завантажено з файлу: 1 підрозділ." in out
    assert (
        "- ВМСп (Відділ молоді та спорту Калуської міської ради), відповідальний виконавець програми" in out
    )
    found = departments_of(db)
    assert found["sport"] == ("ВМСп", "Відділ молоді та спорту Калуської міської ради") and "vms" not in found
    assert len(found) == 12


# ---- the actions: figures, links, the second program ------------------------------------------------------


@pytest.mark.parametrize("path", [SPORT, REST], ids=["sport", "rest"])
async def test_every_figure_of_the_file_is_in_the_rebuilt_report(db: Database, path: Path) -> None:
    if path is REST:
        await load(db, SPORT)  # the second program of the council, into its database
    file = parsed(path)
    summary = await load(db, path)
    assert summary.added == len(file.measures)
    program = await program_named(db, file.program_name)
    rows = {
        row.measure_number: row
        for task in (await year_report(db, CLI, program, file.year)).report.tasks
        for row in task.rows
    }
    assert set(rows) == {m.number for m in file.measures}
    for measure in file.measures:
        row = rows[measure.number]
        assert (row.plan, row.actual, row.financed, row.percent, row.info) == (
            measure.plan,
            measure.actual,
            measure.financed,
            measure.percent,
            measure.info,
        ), measure.number
    assert sum((m.actual or Decimal(0) for m in file.measures), Decimal(0)) > 0


async def test_each_measure_is_linked_to_the_bodies_its_executors_name(db: Database) -> None:
    summary = await load(db, SPORT)
    program = await program_named(db, "Програма розвитку")
    assert await codes_by_measure(db, program.id) == SPORT_LINKS
    async with db.locked() as conn:
        departments = {d.id: d for d in await list_departments(conn)}
        submissions = await program_submissions(conn, program.id, 2023)
    assert departments[program.responsible_department_id].code == "vms"
    reporters = {s.measure_id: departments[s.department_id].code for s in submissions}
    async with db.locked() as conn:
        tree = await load_program(conn, program.id)
    assert tree is not None
    # The lead reports; with no body of the council among the executors, the responsible department.
    for measure in tree.measures:
        assert reporters[measure.id] == (SPORT_LINKS[measure.number] or ["vms"])[0], measure.number
    assert summary.unmatched == []


async def test_the_second_program_of_the_council_reuses_its_departments(db: Database) -> None:
    await load(db, SPORT)
    summary = await load(db, REST)
    assert [(b.short_name, b.new) for b in summary.bodies if b.new] == [
        ("КЗ «Дитячий оздоровчий табір «Смерічка»»", True)
    ]
    rendered = summary.render()
    assert "Підрозділів-виконавців: 9 (з довідника: 8, нових: 1)" in rendered
    assert (
        "- УО (Управління освіти Калуської міської ради), відповідальний виконавець програми: заходи 1.1, 2.1"
        in (rendered)
    )
    async with db.locked() as conn:
        departments = {d.code: d for d in await list_departments(conn)}
    assert set(departments) == {*SPORT_BODIES, "kz_dytiachyi_ozdorovchyi_tabir_smerichka"}
    rest = await program_named(db, "Програма оздоровлення")
    assert rest.responsible_department_id == departments["uo"].id
    assert await codes_by_measure(db, rest.id) == {
        "1.1": ["uo", "ssd"],
        "1.2": ["knp_kaluska_miska_likarnia"],  # spelled out this time
        "1.3": ["uszn", "fu"],
        "2.1": ["uo", "kz_kaluska_diussh"],
        "2.2": ["vms", "kz_dytiachyi_ozdorovchyi_tabir_smerichka"],
        "2.3": ["vnsmor"],  # without the council's name, a comma inside
    }
    # The new way of writing the hospital is learned: a third program finds it by its alias at once.
    assert (
        "комунальне некомерційне підприємство калуська міська лікарня калуської міської ради"
        in departments["knp_kaluska_miska_likarnia"].aliases
    )


async def test_importing_the_same_file_again_changes_nothing(db: Database, tmp_path: Path) -> None:
    await load(db, SPORT)
    await load(db, REST)
    before = dump(tmp_path / "kalush.db")
    again = await load(db, SPORT)
    assert (again.added, again.unchanged) == (0, 14)
    assert not any(b.new for b in again.bodies)
    assert dump(tmp_path / "kalush.db") == before


async def test_a_preview_writes_nothing_and_says_what_the_import_does(db: Database, tmp_path: Path) -> None:
    preview = await preview_program(db, CLI, parsed(SPORT), source_name=SPORT.name)
    async with db.locked() as conn:
        assert await list_departments(conn) == [] and await list_programs(conn) == []
    done = await load(db, SPORT)
    assert preview.render() == done.render()


# ---- the starter file, and two councils ----------------------------------------------------------------------


async def test_the_starter_file_starts_only_an_empty_database_of_its_council(db: Database) -> None:
    summary = await load(db, SEED)
    assert summary.starter == len(load_directory().departments) and "Рада: Житомирська міська рада" in (
        summary.render()
    )
    async with db.locked() as conn:
        codes = {d.code for d in await list_departments(conn)}
    assert codes == set(load_directory().codes)
    # Another council's report in this database: named as such, its bodies new, never Zhytomyr's by a word.
    other = await load(db, SPORT)
    assert other.starter == 0
    assert (
        "Файл — звіт ради «Калуська міська рада», а довідник цієї бази — ради «Житомирська міська рада»"
        in (other.render())
    )
    # One database is one council's: its departments' key phrases still match (Zhytomyr's «освіти» in
    # «Управління освіти Калуської міської ради»), which is why the summary says so. Nothing is lost either way.
    program = await program_named(db, "Програма розвитку")
    links = await codes_by_measure(db, program.id)
    assert links["1.3"] == ["do", "kz_kaluska_diussh"]
    assert other.added == 14


def test_the_summary_takes_any_length_of_names_and_lists() -> None:
    """Fluent refuses a value over 2,500 characters inside a select: the summary's words keep every value
    outside one (a renamed department's name may be anything; a program may have hundreds of measures)."""
    from reports.import_issues import Notice, notice
    from reports.importer import BodyLine

    long_name = "Управління " + "дуже довгої назви " * 200
    numbers = [f"{n // 10}.{n % 10 + 1}" for n in range(600)]
    summary = ImportSummary(1, long_name, 2023, 1, 600, Decimal(0), council="Калуська міська рада")
    summary.bodies = [
        BodyLine(long_name, long_name, new=True, responsible=True, measures=numbers),
        BodyLine(long_name, long_name, new=False, measures=numbers[:1]),
    ]
    summary.not_reporting = [long_name] * 3
    summary.warnings = [
        notice(Notice.NO_DEPARTMENT, count=600, numbers=", ".join(numbers), department=long_name)
    ]
    rendered = summary.render()
    assert f"- {long_name} → {long_name}, відповідальний виконавець програми: заходи 0.1, 0.2" in rendered
    assert f"- {long_name} ({long_name}): захід 0.1" in rendered
    assert f"Заходи {', '.join(numbers)}: серед виконавців" in rendered
