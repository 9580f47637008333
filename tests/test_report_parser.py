"""The importer reads the published 2023 report, messy as it is, and rejects bad files precisely."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports.report_parser import ImportFileError, parse_grid

# Independent of the parser: (number, plan, actual, financed, percent) for all 37 measures, read off the seed.
EXPECTED = [
    ("1.1", "2.4", "0.0", "0.0", "100.0"),
    ("1.2", "12.0", "0.0", "0.0", "0.0"),
    ("1.3", "0.0", "0.0", "0.0", "0.0"),
    ("1.4", "0.0", "0.0", "0.0", "0.0"),
    ("1.5", "6.0", "0.0", "0.0", "0.0"),
    ("1.6", "0.0", "0.0", "0.0", "0.0"),
    ("1.7", "9.0", "0.0", "0.0", "0.0"),
    ("2.1", "10.5", "10.0", "10.0", "95.2"),
    ("2.2", "0.0", "0.0", "0.0", "0.0"),
    ("2.3", "12.0", "0.0", "0.0", "0.0"),
    ("2.4", "0.0", "0.0", "0.0", "0.0"),
    ("2.5", "0.0", "0.0", "0.0", "0.0"),
    ("2.6", "0.0", "0.0", "0.0", "0.0"),
    ("2.7", "7.0", "0.0", "0.0", "0.0"),
    ("2.8", "18.0", "0.0", "0.0", "0.0"),
    ("2.9", "27.0", "0.0", "0.0", "0.0"),
    ("2.10", "0.0", "0.0", "0.0", "0.0"),
    ("2.11", "0.0", "0.0", "0.0", "0.0"),
    ("2.12", "0.0", "0.0", "0.0", "0.0"),
    ("3.1", "17.0", "0.0", "0.0", "0.0"),
    ("3.2", "16.0", "0.0", "0.0", "0.0"),
    ("3.3", "3.0", "0.0", "0.0", "0.0"),
    ("3.4", "0.0", "0.0", "0.0", "0.0"),
    ("3.5", "0.0", "0.0", "0.0", "0.0"),
    ("3.6", "12.0", "0.0", "0.0", "0.0"),
    ("3.7", "17.0", "0.0", "0.0", "0.0"),
    ("3.8", "0.0", "0.0", "0.0", "0.0"),
    ("3.9", "0.0", "0.0", "0.0", "0.0"),
    ("3.10", "0.0", "0.0", "0.0", "0.0"),
    ("3.11", "0.0", "0.0", "0.0", "0.0"),
    ("3.12", "0.0", "0.0", "0.0", "0.0"),
    ("4.1", "40.0", "44.0", "14.0", "32.0"),
    ("4.2", "5.0", "0.0", "0.0", "0.0"),
    ("4.3", "8.0", "0.0", "0.0", "0.0"),
    ("4.4", "6.4", "6.0", "6.0", "93.8"),
    ("4.5", "0.0", "0.0", "0.0", "0.0"),
    ("4.6", "0.0", "0.0", "0.0", "0.0"),
]


def test_seed_is_read_whole(seed_grid: list[list[str]]) -> None:
    report = parse_grid(seed_grid)
    assert report.year == 2023
    assert report.program_name.startswith("цільова соціальна програми «Житомирська міська")
    assert (
        report.responsible_department
        == "Управління у справах сім'ї, молоді та спорту Житомирської міської ради"
    )
    assert (report.decision_number, report.decision_date) == ("1688", dt.date(2019, 12, 18))
    assert (report.start_year, report.end_year) == (2020, 2025)
    assert [t.number for t in report.tasks] == ["1", "2", "3", "4"]
    assert [len(t.measures) for t in report.tasks] == [7, 12, 12, 6]
    got = [(m.number, m.plan, m.actual, m.financed, m.percent) for m in report.measures]
    assert got == [(n, Decimal(p), Decimal(a), Decimal(f), Decimal(c)) for n, p, a, f, c in EXPECTED]
    assert sum(m.plan for m in report.measures) == Decimal("228.3")
    assert report.signatory_title == "Начальник управління у справах сім'ї, молоді та спорту міської ради"
    assert report.signatory_name == "Ірина КОВАЛЬЧУК"


def test_seed_fields_are_intact(seed_grid: list[list[str]], seed_path) -> None:
    report = parse_grid(seed_grid)
    by_number = {m.number: m for m in report.measures}
    # A row that lost its leading cells at a page break, one numbered "2.10.Text", one "1.1 Text".
    assert by_number["2.2"].text.startswith("Підготовка та виготовлення дорожньої карти")
    assert by_number["2.10"].text.startswith("Проведення аналізу рівня задоволеності")
    assert by_number["1.1"].text.startswith("Забезпечення діяльності дорадчого органу")
    assert by_number["2.8"].term == "2021, 2023"
    assert by_number["3.6"].executors == "Міський культурно-спортивний центр Житомирської міської ради"
    assert by_number["4.6"].info.endswith("За 12 місяців 2023 року послугами кімнати скористалося 24 жінки")
    assert report.tasks[2].text.startswith("Сприяти підвищенню гендерної свідомості")
    raw = seed_path.read_text(encoding="utf-8")
    for m in report.measures:  # every text, executors and info cell appears verbatim in the source
        assert m.text in raw and m.executors in raw and m.info in raw


def test_seed_inconsistencies_are_listed(seed_grid: list[list[str]]) -> None:
    report = parse_grid(seed_grid)
    assert report.general is not None
    assert (report.general.plan, report.general.actual, report.general.financed) == (
        Decimal("228.3"),
        Decimal("60.0"),
        Decimal("30.0"),
    )
    assert any("90,0" in str(w) and "13,1" in str(w) for w in report.warnings)
    assert len(report.warnings) == 1


def _replace(grid: list[list[str]], line: int, column: int, value: str) -> list[list[str]]:
    copy = [list(r) for r in grid]
    copy[line - 1][column - 1] = value
    return copy


def test_unreadable_number_names_line_and_column(seed_grid: list[list[str]]) -> None:
    # Line 17 is measure 1.1, a complete row: column 6 is the plan.
    bad = _replace(seed_grid, 17, 6, "2,4 тис")
    with pytest.raises(ImportFileError) as info:
        parse_grid(bad)
    assert (info.value.line, info.value.column) == (17, 6)
    assert "Рядок 17, колонка 6" in str(info.value)
    assert "«2,4 тис»" in str(info.value)


def test_negative_and_excess_percent_rejected(seed_grid: list[list[str]]) -> None:
    with pytest.raises(ImportFileError, match="від'ємне"):
        parse_grid(_replace(seed_grid, 17, 7, "-1"))
    with pytest.raises(ImportFileError, match="Рядок 17, колонка 9"):
        parse_grid(_replace(seed_grid, 17, 9, "140"))


def test_wrong_columns(seed_grid: list[list[str]]) -> None:
    short = [list(r) for r in seed_grid]
    short[16] = short[16][:5]
    with pytest.raises(ImportFileError, match="Рядок 17: замало колонок"):
        parse_grid(short)
    long = [list(r) for r in seed_grid]
    long[16] = [*long[16], "зайве"]
    with pytest.raises(ImportFileError, match="Рядок 17, колонка 11: зайві дані"):
        parse_grid(long)
    no_measure = _replace(seed_grid, 17, 3, "Забезпечення без номера")
    with pytest.raises(ImportFileError, match="Рядок 17: не знайдено заходу"):
        parse_grid(no_measure)


@pytest.mark.parametrize(
    "grid",
    [[], [[""]], [["Звіт"], ["про результати виконання"]], [["a", "b"], ["c"]]],
)
def test_not_a_report(grid: list[list[str]]) -> None:
    with pytest.raises(ImportFileError):
        parse_grid(grid)


def test_duplicate_measure(seed_grid: list[list[str]]) -> None:
    dup = _replace(seed_grid, 18, 3, "1.1. Ще раз")
    with pytest.raises(ImportFileError, match="захід 1.1 уже був у рядку 17"):
        parse_grid(dup)


def test_a_cell_of_invisible_characters_is_empty(seed_grid: list[list[str]]) -> None:
    """Line 17 is measure 1.1: zero-width characters in its actual amount read as an empty cell, around its
    plan as nothing, and an information cell of them as no information."""
    grid = _replace(seed_grid, 17, 7, "\u200b\u2060")
    grid = _replace(grid, 17, 6, "\ufeff2,4\u200b")
    grid = _replace(grid, 17, 10, "\u3164\u200b\u2800")
    measure = parse_grid(grid).measures[0]
    assert (measure.number, measure.plan, measure.actual, measure.info) == ("1.1", Decimal("2.4"), None, "")
