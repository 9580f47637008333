"""The "Підсумки" sheet: completeness per department, plan and fact per task, two bar charts; the official
form on the first sheet stays as it was."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart
from openpyxl.worksheet.worksheet import Worksheet

from reports import summary_sheet as summary
from reports import texts
from reports.consolidate import consolidate
from reports.model import FundTotals, Report, ReportRow, TaskBlock
from reports.summary import department_completeness, task_sums
from reports.xlsx_writer import write_report
from storage.models import Department, Fund, Measure, MeasureDepartment, Program, Submission, Task

T0 = dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)
DEPS = {
    1: Department(id=1, code="ussms", name="Управління у справах сім'ї", short_name="УССМС"),
    2: Department(id=2, code="do", name="Департамент освіти", short_name="ДО"),
    3: Department(id=3, code="uk", name="Управління культури", short_name="УК"),
    4: Department(id=4, code="it", name="Управління інформаційних технологій", short_name="ІТ"),
    5: Department(id=5, code="dsp", name="Департамент соціальної політики", short_name="ДСП"),
}
PROGRAM = Program(
    id=1,
    name="Програма «Рівні можливості» на 2020-2025 роки",
    decision_number="1",
    decision_date=dt.date(2019, 12, 18),
    start_year=2020,
    end_year=2025,
    responsible_department="Управління",
)
LONG_TASK = (
    "Забезпечення рівних прав та можливостей жінок і чоловіків у всіх сферах життя громади, "
    "зокрема у сфері зайнятості, освіти, культури та соціального захисту"
)
TASKS = [
    Task(id=1, program_id=1, number="1", text="=SUM(A1)", position=0),
    Task(id=2, program_id=1, number="2", text=LONG_TASK, position=1),
]


def _measure(id_: int, task: int, number: str, term: str, *deps: int) -> Measure:
    return Measure(
        id=id_,
        program_id=1,
        task_id=task,
        number=number,
        text=f"Захід {number}",
        term=term,
        executors_text="…",
        position=id_,
        departments=tuple(MeasureDepartment(department_id=d, is_lead=i == 0) for i, d in enumerate(deps)),
    )


MEASURES = [
    _measure(10, 1, "1.1", "2020-2025", 1, 2, 3),  # УССМС reported, ДО reported, УК not
    _measure(11, 1, "1.2", "2020-2025", 1),  # УССМС reported
    _measure(20, 2, "2.1", "2020-2025", 2, 3, 4),  # ІТ reported, ДО and УК not
    _measure(21, 2, "2.2", "2021-2022", 5),  # not planned in 2023: ДСП's report does not count here
    _measure(22, 2, "2.3", "2023", 4, 2),  # ІТ reported, ДО not
]
PLANS = {
    (10, Fund.GENERAL): Decimal("10.0"),
    (11, Fund.GENERAL): Decimal("5.5"),
    (11, Fund.SPECIAL): Decimal("2"),
    (20, Fund.GENERAL): Decimal("3.333"),
    (22, Fund.GENERAL): Decimal("1.25"),
}


def _sub(id_: int, measure: int, dep: int, **kw: object) -> Submission:
    return Submission(
        id=id_,
        measure_id=measure,
        department_id=dep,
        year=2023,
        created_at=T0 + dt.timedelta(minutes=id_),
        **kw,
    )  # type: ignore[arg-type]


SUBS = [
    _sub(1, 10, 1, actual=Decimal("0.1"), financed=Decimal("0.1"), percent=Decimal(10)),
    _sub(2, 10, 1, actual=Decimal("2.5"), financed=Decimal(2), percent=Decimal(80)),  # a newer revision
    _sub(3, 10, 2, actual=Decimal("1.005"), financed=None, percent=Decimal(50)),
    _sub(
        4,
        11,
        1,
        actual=Decimal(1),
        financed=Decimal(1),
        actual_special=Decimal("0.5"),
        financed_special=Decimal("0.25"),
    ),
    _sub(5, 20, 4, actual=Decimal("0.001"), financed=Decimal("0.002")),
    _sub(6, 21, 5, actual=Decimal(7), financed=Decimal(7)),
    _sub(7, 22, 4, actual=None, financed=Decimal("1.25")),
]

# name -> (assigned, reported, missing, percent), in the order the sheet lists them.
EXPECTED_COMPLETENESS = [
    ("УК", 2, 0, 2, 0),
    ("ДО", 3, 1, 2, 33.3),
    ("ІТ", 2, 2, 0, 100),
    ("УССМС", 2, 2, 0, 100),
]
# number -> (plan, actual, financed): sums over the task's rows, None counting as 0.
EXPECTED_TASKS = [
    ("1.", Decimal("17.5"), Decimal("5.005"), Decimal("3.25")),
    ("2.", Decimal("4.583"), Decimal("7.001"), Decimal("8.252")),
]

FIRST_DEPARTMENT_ROW = summary.FIRST_DEPARTMENT_ROW
DEPARTMENTS_TOTAL_ROW = FIRST_DEPARTMENT_ROW + len(EXPECTED_COMPLETENESS)
FINANCE_SECTION_ROW = DEPARTMENTS_TOTAL_ROW + 2
FINANCE_HEADER_ROW = FINANCE_SECTION_ROW + 1
FIRST_TASK_ROW = FINANCE_HEADER_ROW + 1
TASKS_TOTAL_ROW = FIRST_TASK_ROW + len(EXPECTED_TASKS)
SHEET = "'Підсумки'"


def _report() -> Report:
    return consolidate(PROGRAM, TASKS, MEASURES, DEPS, PLANS, SUBS, 2023)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("summary") / "report.xlsx"
    write_report(_report(), path)
    return path


@pytest.fixture(scope="module")
def ws(written: Path) -> Worksheet:
    wb = openpyxl.load_workbook(written)
    sheet = wb[texts.summary_sheet_title()]
    assert isinstance(sheet, Worksheet)
    return sheet


def _values(ws: Worksheet, row: int, first: int = 1, last: int = 6) -> list[object]:
    return [ws.cell(row, column).value for column in range(first, last + 1)]


def _sheet_xml(path: Path | io.BytesIO, number: int) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")


def _stored_number(xml: str, reference: str) -> str:
    match = re.search(rf'<c r="{reference}"[^>]*>(?:<f>.*?</f>)?<v>([^<]*)</v>', xml)
    assert match, reference
    return match.group(1)


def test_sheet_names_and_the_official_form_is_untouched(written: Path) -> None:
    assert openpyxl.load_workbook(written).sheetnames == ["Звіт", "Підсумки"]
    without = io.BytesIO()
    write_report(_report(), without, summary=False)
    assert openpyxl.load_workbook(without).sheetnames == ["Звіт"]
    # The form's sheet is byte for byte what it is without the summary.
    assert _sheet_xml(written, 1) == _sheet_xml(without, 1)


def test_summary_false_writes_only_the_form(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    write_report(_report(), path, summary=False)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Звіт"]
    assert wb.active is not None and wb.active.title == "Звіт"


def test_title_and_headers(ws: Worksheet) -> None:
    assert ws.cell(summary.TITLE_ROW, 1).value == "Підсумки звіту за 2023 рік"
    assert ws.cell(summary.PROGRAM_ROW, 1).value == PROGRAM.name
    assert ws.cell(summary.COMPLETENESS_SECTION_ROW, 1).value == texts.section_completeness()
    assert _values(ws, summary.COMPLETENESS_HEADER_ROW) == [
        "№ з/п",
        "Підрозділ",
        "Заходів на 2023 рік",
        "Звіт подано",
        "Звіт не подано",
        "Подано, %",
    ]
    assert ws.cell(FINANCE_SECTION_ROW, 1).value == texts.section_finance()
    assert _values(ws, FINANCE_HEADER_ROW, last=5) == list(texts.finance_headers())


def test_completeness_per_department(ws: Worksheet) -> None:
    rows = [
        _values(ws, row)
        for row in range(FIRST_DEPARTMENT_ROW, FIRST_DEPARTMENT_ROW + len(EXPECTED_COMPLETENESS))
    ]
    # The least complete first; ДСП reported only on a measure not planned in 2023, so it is not listed.
    assert rows == [[i, *entry] for i, entry in enumerate(EXPECTED_COMPLETENESS, start=1)]
    assert _values(ws, DEPARTMENTS_TOTAL_ROW) == [None, texts.total(), 9, 5, 4, 55.6]
    assert ws.cell(FIRST_DEPARTMENT_ROW + 1, 6).number_format == "0.0"


def test_completeness_counts_without_writing() -> None:
    entries = department_completeness(_report())
    got = [(e.name, e.assigned, e.reported, e.missing, e.percent) for e in entries]
    assert got == [
        ("УК", 2, 0, 2, Decimal("0.0")),
        ("ДО", 3, 1, 2, Decimal("33.3")),
        ("ІТ", 2, 2, 0, Decimal("100.0")),
        ("УССМС", 2, 2, 0, Decimal("100.0")),
    ]


def test_equal_shares_sort_in_ukrainian_alphabetical_order() -> None:
    # Code point order would give Є, І, Д, И; the Ukrainian alphabet is Д, Є, И, І.
    rows = tuple(
        ReportRow("1.1", "Захід", "2023", "…", Decimal(1), None, None, None, "", missing=(name,))
        for name in ("І", "И", "Є", "Д")
    )
    report = replace(_report(), tasks=(TaskBlock("1", "Завдання", rows),))
    assert [e.name for e in department_completeness(report)] == ["Д", "Є", "И", "І"]


def test_plan_and_fact_per_task_are_exact(written: Path, ws: Worksheet) -> None:
    sums = task_sums(_report())
    assert [(t.number, t.plan, t.actual, t.financed) for t in sums] == EXPECTED_TASKS  # Decimal, exactly
    xml = _sheet_xml(written, 2)
    for offset, (number, plan, actual, financed) in enumerate(EXPECTED_TASKS):
        row = FIRST_TASK_ROW + offset
        assert ws.cell(row, 1).value == number
        for column, letter, expected in ((3, "C", plan), (4, "D", actual), (5, "E", financed)):
            cell = ws.cell(row, column)
            assert cell.data_type == "n" and cell.number_format == "0.0"
            # An XLSX number is a double: the one nearest to the exact sum (openpyxl prints it with 16 digits).
            assert cell.value == float(expected)
            assert float(_stored_number(xml, f"{letter}{row}")) == float(expected)


def test_totals_line_is_the_forms_totals(written: Path, ws: Worksheet) -> None:
    report = _report()
    expected = (
        report.general.plan + report.special.plan,
        report.general.actual + report.special.actual,
        report.general.financed + report.special.financed,
    )
    # Here they are also the sums of the task rows (ДСП's revision on 2.2 counts in both).
    assert expected == tuple(sum((t[i] for t in EXPECTED_TASKS), Decimal(0)) for i in (1, 2, 3))
    assert _values(ws, TASKS_TOTAL_ROW, last=2) == [None, texts.total()]
    xml = _sheet_xml(written, 2)
    for letter, value in zip("CDE", expected, strict=True):
        assert float(_stored_number(xml, f"{letter}{TASKS_TOTAL_ROW}")) == float(value)
    assert ws.cell(TASKS_TOTAL_ROW, 3).font.bold


def test_texts_stay_texts_and_long_task_texts_are_clipped(written: Path, ws: Worksheet) -> None:
    formula_like = ws.cell(FIRST_TASK_ROW, 2)
    assert formula_like.value == "=SUM(A1)" and formula_like.data_type == "s"
    assert formula_like.quotePrefix
    assert "<f>" not in _sheet_xml(written, 2)
    clipped = ws.cell(FIRST_TASK_ROW + 1, 2).value
    assert isinstance(clipped, str) and clipped.endswith("…") and len(clipped) <= summary.TASK_TEXT_LIMIT
    assert LONG_TASK.startswith(clipped[:-1])
    for row in range(FIRST_DEPARTMENT_ROW, DEPARTMENTS_TOTAL_ROW):
        assert ws.cell(row, 2).data_type == "s"


def test_clip() -> None:
    assert summary.clip("  коротко\nі ясно ", 80) == "коротко і ясно"
    assert summary.clip("слово " * 30, 20) == "слово слово слово…"
    assert summary.clip("а" * 100, 10) == "а" * 9 + "…"
    # An accent stays with its letter: "й" written as "и" + a combining breve.
    assert summary.clip("ии\u0306" + "б" * 10, 3) == "и…"


def test_two_bar_charts_over_the_tables(ws: Worksheet) -> None:
    charts = ws._charts
    assert len(charts) == 2
    assert all(isinstance(chart, BarChart) for chart in charts)
    completeness, finance = charts

    [series] = completeness.series
    last_department = DEPARTMENTS_TOTAL_ROW - 1
    assert series.val.numRef.f == f"{SHEET}!$F${FIRST_DEPARTMENT_ROW}:$F${last_department}"
    assert series.cat.strRef.f == f"{SHEET}!$B${FIRST_DEPARTMENT_ROW}:$B${last_department}"

    assert len(finance.series) == 3
    last_task = TASKS_TOTAL_ROW - 1
    for series, letter in zip(finance.series, "CDE", strict=True):
        assert series.val.numRef.f == f"{SHEET}!${letter}${FIRST_TASK_ROW}:${letter}${last_task}"
        # Task numbers («1.»): XlsxWriter takes them for numbers, as a reference either way.
        categories = series.cat.strRef or series.cat.numRef
        assert categories.f == f"{SHEET}!$A${FIRST_TASK_ROW}:$A${last_task}"
        assert series.tx.strRef.f == f"{SHEET}!{letter}{FINANCE_HEADER_ROW}"  # "План", "Факт", ...

    def title(element: object) -> str:
        return "".join(run.t for p in element.tx.rich.p for run in p.r)  # type: ignore[attr-defined]

    assert title(finance.title) == texts.chart_finance()[0]
    assert title(finance.x_axis.title) == texts.chart_finance()[1]
    assert title(finance.y_axis.title) == texts.chart_finance()[2]
    assert title(completeness.title) == texts.chart_completeness()[0]
    assert title(completeness.y_axis.title) == texts.chart_completeness()[2]


def test_charts_sit_below_the_tables_and_apart(ws: Worksheet) -> None:
    tops = [chart.anchor._from.row + 1 for chart in ws._charts]  # 1-based sheet rows
    assert tops[0] > TASKS_TOTAL_ROW
    assert tops[1] >= tops[0] + summary.CHART_ROWS
    # Each chart fits in its rows at the default row height (15 pt = 0.529 cm).
    assert summary.CHART_HEIGHT_CM < summary.CHART_ROWS * 0.529
    assert [b.id for b in ws.row_breaks.brk] == [tops[0] - 1]


def test_page_setup(ws: Worksheet) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, so a writer may leave it out), as many down as needed.
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.column_dimensions["B"].width == summary.COLUMN_WIDTHS[1]


def test_report_without_departments_or_tasks(tmp_path: Path) -> None:
    """A hand-made report with no department names gets the finance chart only; no tasks, no charts."""
    row = ReportRow("1.1", "Захід", "2023", "…", Decimal("2.4"), Decimal(1), None, None, "")
    zero = FundTotals(Decimal(0), Decimal(0), Decimal(0), None)
    report = replace(
        _report(),
        tasks=(TaskBlock("1", "Завдання", (row,)),),
        general=FundTotals(Decimal("2.4"), Decimal(1), Decimal(0), Decimal("0.0")),
        special=zero,
    )
    path = tmp_path / "no-departments.xlsx"
    write_report(report, path)
    ws = openpyxl.load_workbook(path)["Підсумки"]
    assert [len(chart.series) for chart in ws._charts] == [3]
    assert _values(ws, FIRST_DEPARTMENT_ROW) == [None, texts.total(), 0, 0, 0, None]

    empty = replace(report, tasks=(), general=zero)
    path = tmp_path / "empty.xlsx"
    write_report(empty, path)
    ws = openpyxl.load_workbook(path)["Підсумки"]
    assert ws._charts == []
