"""The official form's wording lives in the catalog (l10n/uk/form.ftl): reports/ holds none of it, and a
city's catalog changes what the writers print and what the readers look for at once."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from l10n import catalog, t
from reports import texts
from reports.build import build_report
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from reports.xlsx_reader import read_workbook_grid as xlsx_read_grid
from reports.xlsx_writer import write_report
from storage.db import connect
from storage.programs import list_programs

REPORTS = Path(__file__).resolve().parent.parent / "reports"
SOURCES = sorted(REPORTS.rglob("*.py"))
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Ukrainian that is no wording anyone reads: how department names are recognised in a published plan
# («за згодою», conjunctions, filler words, a council's name, the phrases that never report, how a new body's
# name is read and shortened) and the alphabet that orders department names.
LANGUAGE_RULES = {
    ("directory.py", "_CONSENT"),
    ("directory.py", "_EDGE_CONJUNCTION"),
    ("directory.py", "_FILLER"),
    ("directory.py", "_COUNCIL_WORDS"),
    ("directory.py", "GENERIC_VAGUE"),
    ("directory.py", "GENERIC_PARTNERS"),
    ("discovery.py", "_TYPE_WORDS"),
    ("discovery.py", "_HEADS"),
    ("discovery.py", "_VAGUE_FIRST"),
    ("discovery.py", "_COLLECTIVE"),
    ("discovery.py", "_TYPES"),
    ("discovery.py", "_MINOR_WORDS"),
    ("discovery.py", "_PLACE_MARKS"),
    ("discovery.py", "_COUNCIL_TAIL"),
    ("discovery.py", "_COUNCIL"),
    ("discovery.py", "_NOMINATIVE"),
    ("discovery.py", "_OWN_ABBREVIATION"),
    ("discovery.py", "_ABBREVIATION"),
    ("discovery.py", "_CONJUNCTION_SPLIT"),
    ("discovery.py", "_LATIN"),
    ("summary.py", "UKRAINIAN_ALPHABET"),
    ("report_parser.py", "_CYRILLIC_I"),  # an interim title's «І» read as the Latin «I» too
    ("report_parser.py", "_CYRILLIC_ROMAN"),  # a task numbered «ІІ» on a Ukrainian keyboard
}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _language_rules(path: Path, tree: ast.AST) -> set[int]:
    """The string constants inside the module-level assignments of LANGUAGE_RULES."""
    found: set[int] = set()
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        names = {target.id for target in targets if isinstance(target, ast.Name)}
        if any((path.name, name) in LANGUAGE_RULES for name in names):
            found |= {id(inner) for inner in ast.walk(node) if isinstance(inner, ast.Constant)}
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPORTS.parent)))
def test_reports_have_no_ukrainian_in_their_strings(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = _docstrings(tree) | _language_rules(path, tree)
    found = [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CYRILLIC.search(node.value)
        and id(node) not in allowed
    ]
    assert not found, "the form's wording goes in the catalog (l10n/uk/form.ftl), read through reports.texts"


def test_the_language_rules_still_exist() -> None:
    """An allowance for a constant that is gone would hide nothing; keep the list honest."""
    for name, constant in LANGUAGE_RULES:
        assert re.search(rf"^{constant}\b", (REPORTS / name).read_text(encoding="utf-8"), re.M), constant


def test_the_shipped_wording_is_the_published_forms() -> None:
    assert texts.total_general() == "з загального фонду"
    assert texts.total_special() == "з спеціального фонду та інших джерел фінансування"
    assert texts.total_special().startswith(texts.total_special_start())
    assert texts.continuation("1.2") == "(продовження інформації про виконання заходу 1.2)"
    assert texts.year_line(2024) == "за 2024 рік"
    assert texts.term_years_line(2020, 2025) == "за 2020-2025 роки"
    assert texts.page_footer() == "Сторінка &P з &N"
    assert (
        texts.template("form-continuation", "number")
        == "(продовження інформації про виконання заходу {number})"
    )
    assert texts.column_titles()[0] == "№ з/п" and len(texts.column_titles()) == len(texts.COLUMN_NUMBERS)
    assert len(texts.term_column_titles()) == len(texts.TERM_COLUMN_NUMBERS)


CITY = """\
form-title = ЗВІТ
form-subtitle = Щодо виконання
form-year-line = у { $year } році
form-decision-line = Рішення міськради №{ $decision_number } від { $decision_date } про затвердження Програми
form-term-line = Строк дії Програми: { $term } рр.
form-column-number = № п/п
form-total-general = Загальний фонд
form-total-special-start = Спеціальний фонд
form-continuation = [далі: захід { $number }]
"""


@pytest.fixture
def city(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "city"
    directory.mkdir()
    (directory / "form.ftl").write_text(CITY, encoding="utf-8")
    catalog.configure(directory, strict=True)
    try:
        yield directory
    finally:
        catalog.configure(strict=True)


async def test_a_city_wording_is_printed_and_read_back(tmp_path: Path, seed_path: Path, city: Path) -> None:
    """Configured after every module was imported, the city's catalog is the one both sides use."""
    catalog.configure(strict=True)
    expected = parse_grid(read_file_grid(seed_path))  # the published wording
    db = await connect(tmp_path / "city.db")
    try:
        await import_report(db, expected, source_name=seed_path.name)
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        report = await build_report(db, program.id, 2023)
    finally:
        await db.close()
    catalog.configure(city, strict=True)
    out = tmp_path / "city.xlsx"
    write_report(report, out)
    grid = xlsx_read_grid(out)
    lines = [" ".join(cell for cell in row if cell) for row in grid]
    assert "ЗВІТ" in lines and "у 2023 році" in lines and "№ п/п" in lines[12]
    assert any(line.startswith("Загальний фонд") for line in lines)
    assert not any("загального фонду" in line for line in lines)

    again = parse_grid(grid)
    assert again.general is not None and again.general.label.startswith("Загальний фонд")
    assert again.special is not None and again.special.label.startswith("Спеціальний фонд")
    assert (again.year, again.decision_number, again.decision_date) == (
        expected.year,
        expected.decision_number,
        expected.decision_date,
    )
    assert (again.start_year, again.end_year) == (expected.start_year, expected.end_year)
    assert [(m.number, m.text, m.plan, m.info) for m in again.measures] == [
        (m.number, m.text, m.plan, m.info) for m in expected.measures
    ]
    # The shipped wording is no longer the form's: a published document in it is not this city's form.
    assert "Звіт" not in lines


def test_a_city_continuation_label_is_written_and_joined_back(tmp_path: Path, city: Path) -> None:
    from tests.test_xlsx_writer import LONG_INFO, _report

    out = tmp_path / "long.xlsx"
    write_report(_report(), out)
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    labels = {ws.cell(row, 3).value for row in range(1, ws.max_row + 1)}
    # The XLSX cuts a row at a page break (its rows never pass Excel's cell limit): the rest names the
    # measure with form-continued-number, which the reader knows in any wording.
    assert t("form-continued-number", number="1.1") in labels
    assert not any(str(label).startswith(("(продовження", "[далі")) for label in labels)
    grid = xlsx_read_grid(out)
    assert any(row[9:10] == [LONG_INFO] for row in grid)  # rejoined exactly
