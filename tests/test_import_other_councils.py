"""Another hromada's report, in a form we never saw: written as its clerk would (three-level numbering, Roman
task numbers, a task on a row of its own, amounts in hryvnias, totals rows of its own, two programs in one file),
read through the importer's real entry points."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from cli.__main__ import main as cli_main
from reports.import_issues import ImportFileError
from reports.importer import read_file_grid
from reports.report_parser import ParsedReport, parse_grid
from storage.programs import list_departments
from tests.botkit import World
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture
from tests.test_bot_discovery import empty_world_fixture  # noqa: F401 - the empty fixture

HEAD = [
    "Звіт",
    "про результати виконання",
    "Програма благоустрою Бердичівської міської територіальної громади на 2023-2025 роки",
    "Управління житлово-комунального господарства Бердичівської міської ради",
    "за 2023 рік",
    "",
    "Дата і номер рішення міської ради яким затверджено Програму №512 від 20.12.2022",
    "Термін реалізації Програми 2023-2025 роки",
    "1. Виконання заходів",
]
COLUMNS = [
    "№ з/п",
    "Завдання",
    "Зміст заходів",
    "Термін виконання",
    "Виконавці",
    "Річний обсяг фінансування тис. грн (план)",
    "Річний обсяг фінансування тис. грн (факт)",
    "Фактично профінансовано у звітному періоді тис. грн",
    "Відсоток виконання заходу %",
    "Інформація про виконання",
]
NUMBERS = [str(n) for n in range(1, 11)]
UZHKG = "Управління житлово-комунального господарства Бердичівської міської ради"
# (measure number, text, executors, plan, actual, financed, percent, information)
ROADS = [
    ("1.1", "Поточний ремонт доріг", UZHKG, "1200,0", "1150,0", "1150,0", "95,8", "Відремонтовано 3 км"),
    (
        "1.2",
        "Утримання зливової каналізації",
        "КП «Бердичівводоканал»",
        "300,0",
        "300,0",
        "300,0",
        "100,0",
        "40",
    ),
]
TREES = [("2.1", "Висадка дерев", "КП «Зеленбуд»", "50,0", "45,0", "40,0", "80,0", "Висаджено 120 дерев")]
TASKS = [("1.", "Утримання вулично-дорожньої мережі", ROADS), ("2.", "Озеленення", TREES)]
GENERAL = ["", "з загального фонду", "", "", "", "1550,0", "1495,0", "1490,0", "96,1", ""]
SIGNATURE = [[""], ["Начальник управління"], ["Іван ПЕТРЕНКО"]]


def measure_row(task: tuple[str, str] | None, measure: tuple[str, ...]) -> list[str]:
    number, text, executors, *figures = measure
    return [*(task or ("", "")), f"{number}. {text}", "2023-2025", executors, *figures]


def report_rows(tasks=TASKS, columns=COLUMNS, totals=(GENERAL,), head=HEAD) -> list[list[str]]:
    rows = [[line] for line in head] + [list(columns), list(NUMBERS)]
    for number, text, measures in tasks:
        for i, measure in enumerate(measures):
            rows.append(measure_row((number, text) if i == 0 else None, measure))
    return rows + [list(row) for row in totals] + SIGNATURE


def write_text(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join("\t".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def write_workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def parsed(path: Path) -> ParsedReport:
    return parse_grid(read_file_grid(path))


def refusal(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        parsed(path)
    return str(caught.value)


def numbers(report: ParsedReport) -> list[tuple[str, list[str]]]:
    return [(t.number, [m.number for m in t.measures]) for t in report.tasks]


# ---- numbering ------------------------------------------------------------------------------------------


def test_three_level_numbers_read_as_written(tmp_path: Path) -> None:
    """Tasks «1.1», measures «1.1.1»: the measures were «1.1» with the text «1. …», then a duplicate of it."""
    roads = [("1.1.1", *ROADS[0][1:]), ("1.1.2", *ROADS[1][1:])]
    trees = [("1.2.1", *TREES[0][1:])]
    report = parsed(
        write_text(tmp_path / "r.txt", report_rows([("1.1.", "Дороги", roads), ("1.2.", "Дерева", trees)]))
    )
    assert numbers(report) == [("1.1", ["1.1.1", "1.1.2"]), ("1.2", ["1.2.1"])]
    assert report.measures[0].text == "Поточний ремонт доріг"
    assert report.warnings == ()
    # under tasks of one level
    report = parsed(
        write_text(
            tmp_path / "s.txt",
            report_rows([("1.", "Дороги", roads), ("2.", "Дерева", [("2.1.1", *TREES[0][1:])])]),
        )
    )
    assert numbers(report) == [("1", ["1.1.1", "1.1.2"]), ("2", ["2.1.1"])]
    assert report.warnings == ()


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        ("I.", "II.", ("I", "II")),
        ("\u0406.", "\u0406\u0406.", ("\u0406", "\u0406\u0406")),  # Roman numerals typed in Cyrillic
        ("Завдання 1", "Завдання 2.", ("1", "2")),
    ],
)
def test_tasks_numbered_in_roman_or_with_the_word_hold_their_measures(
    tmp_path: Path, first: str, second: str, kept: tuple[str, str]
) -> None:
    """Each measure was warned «stands in task I, but its number does not match»."""
    tasks = [(first, TASKS[0][1], ROADS), (second, TASKS[1][1], TREES)]
    report = parsed(write_text(tmp_path / "r.txt", report_rows(tasks)))
    assert numbers(report) == [(kept[0], ["1.1", "1.2"]), (kept[1], ["2.1"])]
    assert report.warnings == ()


def test_a_measure_under_another_tasks_number_is_still_warned(tmp_path: Path) -> None:
    tasks = [("I.", TASKS[0][1], ROADS), ("III.", TASKS[1][1], TREES)]
    report = parsed(write_text(tmp_path / "r.txt", report_rows(tasks)))
    assert [str(w) for w in report.warnings] == [
        "Захід 2.1 (рядок 14) стоїть у завданні III, але його номер цьому не відповідає."
    ]


def task_rows_apart(merged: bool) -> list[list[str]]:
    rows = []
    for row in report_rows():
        if row[0] in ("1.", "2."):
            rows.append([f"{row[0]} {row[1]}", *[""] * 9] if merged else [row[0], row[1], *[""] * 8])
            row = ["", "", *row[2:]]
        rows.append(row)
    return rows


@pytest.mark.parametrize("merged", [False, True], ids=["two-cells", "merged-across"])
def test_a_task_on_a_row_of_its_own_holds_the_measures_under_it(tmp_path: Path, merged: bool) -> None:
    """It was «no measure found» at the task's row."""
    rows = task_rows_apart(merged)
    for report in (
        parsed(write_text(tmp_path / "r.txt", rows)),
        parsed(write_workbook(tmp_path / "r.xlsx", {"Звіт": rows})),
    ):
        assert numbers(report) == [("1", ["1.1", "1.2"]), ("2", ["2.1"])]
        assert [t.text for t in report.tasks] == ["Утримання вулично-дорожньої мережі", "Озеленення"]
        assert report.warnings == ()


# ---- amounts -------------------------------------------------------------------------------------------


def in_hryvnias(value: str) -> str:
    """«1200,0» thousand as a clerk writes it in hryvnias: «1 200 000,00»."""
    whole, _, fraction = str(Decimal(value.replace(",", ".")) * 1000).partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return " ".join([whole, *groups]) + "," + (fraction + "00")[:2]


def hryvnia_rows() -> list[list[str]]:
    columns = [c.replace("тис. грн", "грн") for c in COLUMNS]
    tasks = [
        (number, text, [(*m[:3], *(in_hryvnias(v) for v in m[3:6]), *m[6:]) for m in measures])
        for number, text, measures in TASKS
    ]
    general = [*GENERAL[:5], *(in_hryvnias(v) for v in GENERAL[5:8]), *GENERAL[8:]]
    rows = report_rows(tasks, columns, (general,))
    rows[11][6] = "1 149 000,50"  # kopecks
    return rows


def test_amounts_in_hryvnias_are_read_as_thousands(tmp_path: Path, capsys) -> None:
    """A head saying «грн», not «тис. грн»: 1 200 000,00 was imported as 1 200 000 thousand, a thousand times over,
    with no word said."""
    rows = hryvnia_rows()
    for path in (write_text(tmp_path / "r.txt", rows), write_workbook(tmp_path / "r.xlsx", {"Звіт": rows})):
        report = parsed(path)
        first = report.measures[0]
        assert (first.plan, first.actual, first.financed, first.percent) == (
            Decimal("1200"),
            Decimal("1149.0005"),
            Decimal("1150"),
            Decimal("95.8"),
        )
        assert [m.plan for m in report.measures] == [Decimal(1200), Decimal(300), Decimal(50)]
        assert report.general is not None and report.general.plan == Decimal(1550)
        assert [str(w) for w in report.warnings] == [
            "Суми у файлі — у гривнях («Річний обсяг фінансування грн (план)»), а звіт веде їх у тисячах "
            "гривень: кожну суму поділено на 1000 (наприклад, 1 550 000,00 грн — це 1 550,0 тис. грн).",
            "Захід 1.1 (рядок 12): профінансовано 1150,0 більше за фактичний обсяг 1149,0.",
            "Рядок 15 («з загального фонду»): у файлі Річний обсяг фінансування тис. грн (факт) = 1495,0, "
            "а сума рядків = 1494,0; у звіті буде сума рядків.",
        ]
    db = tmp_path / "r.db"
    assert cli_main(["import", str(tmp_path / "r.xlsx"), "--db", str(db)]) == 0
    assert "План на рік, тис. грн: 1\u00a0550,0" in capsys.readouterr().out


def test_a_head_in_thousands_is_read_as_it_is(tmp_path: Path) -> None:
    """«тис. грн» anywhere in the head (or over it) keeps the amounts as written, «грн» in another column or not."""
    columns = [*COLUMNS[:5], "План, грн", *COLUMNS[6:]]
    report = parsed(write_text(tmp_path / "r.txt", report_rows(columns=columns)))
    assert [m.plan for m in report.measures] == [Decimal("1200.0"), Decimal("300.0"), Decimal("50.0")]
    columns = [*COLUMNS[:5], "План", "Факт", "Профінансовано", *COLUMNS[8:]]
    head = [*HEAD, "(тис. грн)"]
    report = parsed(write_text(tmp_path / "s.txt", report_rows(columns=columns, head=head)))
    assert [m.plan for m in report.measures] == [Decimal("1200.0"), Decimal("300.0"), Decimal("50.0")]
    assert report.warnings == ()


# ---- a council's own totals rows -------------------------------------------------------------------------

SPECIAL = ["", "з спеціального фонду та інших джерел фінансування", "", "", "", "", "", "", "", ""]


def sum_row(label: str, plan: str, actual: str, financed: str) -> list[str]:
    return ["", label, "", "", "", plan, actual, financed, "", ""]


@pytest.mark.parametrize(
    "totals",
    [
        [sum_row("Разом", "1550,0", "1495,0", "1490,0")],
        [sum_row("Всього по програмі", "1550,0", "1495,0", "1490,0")],
        [sum_row("ВСЬОГО по Програмі, у т.ч.:", "1550,0", "1495,0", "1490,0"), GENERAL, SPECIAL],
        [GENERAL, SPECIAL, sum_row("Усього", "1550,0", "1495,0", "1490,0")],
    ],
    ids=["razom", "vsogo", "vsogo-then-funds", "funds-then-usogo"],
)
def test_a_councils_totals_row_is_read_as_totals(tmp_path: Path, totals: list[list[str]]) -> None:
    """«Разом» and «Всього по програмі» were «no measure found» at their row."""
    report = parsed(write_text(tmp_path / "r.txt", report_rows(totals=totals)))
    assert numbers(report) == [("1", ["1.1", "1.2"]), ("2", ["2.1"])]
    assert report.signatory_name == "Іван ПЕТРЕНКО"
    assert report.warnings == ()


def test_a_tasks_totals_row_is_checked_against_its_task(tmp_path: Path) -> None:
    rows = report_rows(totals=[sum_row("Всього по програмі", "1550,0", "1495,0", "1490,0")])
    rows.insert(13, sum_row("Разом по завданню 1", "1500,0", "1450,0", "1450,0"))
    rows.append(sum_row("Разом по завданню 2", "50,0", "45,0", "40,0"))  # after the signature: read as a text
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert numbers(report) == [("1", ["1.1", "1.2"]), ("2", ["2.1"])]
    assert [str(w) for w in report.warnings] == [
        "Рядок 20 після таблиці не прочитано: «Разом по завданню 2 50,0 45,0 40,0»."
    ]
    rows[13] = sum_row("Разом по завданню 1", "1500,0", "1400,0", "1450,0")
    rows[15] = sum_row("Всього", "1550,0", "1445,0", "1490,0")  # the program's, after a task's
    report = parsed(write_text(tmp_path / "r.txt", rows[:-1]))
    assert [str(w) for w in report.warnings] == [
        "Рядок 14 («Разом по завданню 1»): у файлі Річний обсяг фінансування тис. грн (факт) = 1400,0, "
        "а сума рядків = 1450,0; у звіті буде сума рядків.",
        "Рядок 16 («Всього»): у файлі Річний обсяг фінансування тис. грн (факт) = 1445,0, "
        "а сума рядків = 1495,0; у звіті буде сума рядків.",
    ]


# ---- two programs in one file ----------------------------------------------------------------------------

EDUCATION_HEAD = [line.replace("благоустрою", "розвитку освіти").replace("№512", "№513") for line in HEAD]


def write_document(path: Path, reports: list[list[list[str]]]) -> Path:
    """A Word document as a clerk makes it: each report's title lines as paragraphs, its table, the signature."""
    import docx

    document = docx.Document()
    for rows in reports:
        table_rows = [row for row in rows if len(row) > 1]
        first = rows.index(table_rows[0])
        for row in rows[:first]:
            document.add_paragraph(row[0])
        table = document.add_table(rows=0, cols=len(COLUMNS))
        for row in table_rows:
            for cell, text in zip(table.add_row().cells, row, strict=False):
                cell.text = text
        for row in rows[first + len(table_rows) :]:
            document.add_paragraph(row[0])
    document.save(path)
    return path


def before_and_after(tmp_path: Path, path: Path) -> tuple[str, str, str]:
    """The import's refusal, with the database's dump before and after it."""
    db = tmp_path / "r.db"
    assert cli_main(["import", str(write_text(tmp_path / "first.txt", report_rows())), "--db", str(db)]) == 0
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert cli_main(["import", str(path), "--db", str(db)]) != 0
    return refusal(path), dump, "\n".join(sqlite3.connect(db).iterdump())


def test_two_programs_in_one_text_or_document_are_refused_naming_the_second(tmp_path: Path) -> None:
    """The second program's rows were each «not read after the table», the first imported alone."""
    reports = [report_rows(), report_rows(head=EDUCATION_HEAD)]
    name = "Програма розвитку освіти Бердичівської міської територіальної громади на 2023-2025 роки"
    for path, line in (
        (write_text(tmp_path / "two.txt", [*reports[0], [""], *reports[1]]), 20),
        (write_document(tmp_path / "two.docx", reports), 19),
    ):
        message, before, after = before_and_after(tmp_path, path)
        assert message == (
            f"Рядок {line}: тут починається звіт іншої програми («{name}»), а з одного файлу імпортується одна "
            "програма. Розділіть файл: кожну програму — окремим файлом, і надішліть по одному."
        )
        assert after == before


def test_two_programs_on_two_sheets_are_refused_naming_the_sheets(tmp_path: Path) -> None:
    """The second sheet's program was left out with no word said."""
    path = write_workbook(
        tmp_path / "two.xlsx",
        {
            "Обкладинка": [["Звіти програм за 2023 рік"]],
            "Благоустрій": report_rows(),
            "Освіта": report_rows(head=EDUCATION_HEAD),
        },
    )
    message, before, after = before_and_after(tmp_path, path)
    assert message.startswith(
        "У книзі кілька аркушів із таблицею для імпорту: «Благоустрій», «Освіта». З одного файлу імпортується "
        "одна програма: залиште в книзі один аркуш зі звітом"
    )
    assert after == before
    # the other one hidden: the visible one is the report
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Освіта"].sheet_state = "hidden"
    book.save(path)
    assert parsed(path).program_name.startswith("Програма благоустрою")


# ---- the bot's upload path ---------------------------------------------------------------------------------


async def test_the_bot_refuses_two_programs_and_previews_hryvnias_as_thousands(
    empty: World, tmp_path: Path
) -> None:
    coordinator = empty.coordinator()
    two = write_workbook(
        tmp_path / "two.xlsx", {"Благоустрій": report_rows(), "Освіта": report_rows(head=EDUCATION_HEAD)}
    )
    await coordinator.send_document(two.name, two.read_bytes())
    await coordinator.expect("Отримав файл")
    refused = await coordinator.expect("кілька аркушів")
    assert "«Благоустрій», «Освіта»" in refused.text
    async with empty.db.locked() as conn:
        assert await list_departments(conn) == []
    hryvnias = write_workbook(tmp_path / "uah.xlsx", {"Звіт": hryvnia_rows()})
    await coordinator.send_document(hryvnias.name, hryvnias.read_bytes())
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Що буде імпортовано")
    assert "План на рік, тис. грн: 1\u00a0550,0" in preview.text
    assert "Суми у файлі — у гривнях («Річний обсяг фінансування грн (план)»)" in preview.text
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    with sqlite3.connect(empty.db_path) as conn:
        plans = conn.execute("SELECT amount FROM plans").fetchall()
    assert sorted(Decimal(p) for (p,) in plans) == [Decimal(50), Decimal(300), Decimal(1200)]


def test_a_row_of_a_year_and_a_text_is_no_task(tmp_path: Path) -> None:
    """A measure's row broken in a copy (its term and executors on a line of their own) stays refused."""
    rows = report_rows()
    rows.insert(12, ["", "", "", "2023", UZHKG])
    assert refusal(write_text(tmp_path / "r.txt", rows)).startswith("Рядок 13: не знайдено заходу")


# ---- a council's columns -------------------------------------------------------------------------------------


def with_column(at: int, title: str, value: str, total: str = "") -> list[list[str]]:
    """The form with a column of the council's own before column ``at`` (0-based), ``value`` in every measure's
    row, ``total`` in the totals row."""
    rows = report_rows()
    for index, row in enumerate(rows):
        if len(row) > 1:
            cell = {9: title, 10: str(at + 1)}.get(index, total if row[1] == GENERAL[1] else value)
            row.insert(at, cell)
    rows[10] = [str(n) for n in range(1, 12)]
    return rows


EXPECTED_FIGURES = [
    ("1.1", "2023-2025", UZHKG, Decimal("1200.0"), Decimal("1150.0"), Decimal("1150.0"), Decimal("95.8")),
    (
        "1.2",
        "2023-2025",
        "КП «Бердичівводоканал»",
        Decimal("300.0"),
        Decimal("300.0"),
        Decimal("300.0"),
        Decimal("100.0"),
    ),
    ("2.1", "2023-2025", "КП «Зеленбуд»", Decimal("50.0"), Decimal("45.0"), Decimal("40.0"), Decimal("80.0")),
]


def figures(report: ParsedReport) -> list[tuple]:
    return [(m.number, m.term, m.executors, m.plan, m.actual, m.financed, m.percent) for m in report.measures]


@pytest.mark.parametrize(
    ("at", "title", "value", "total"),
    [
        (5, "КПКВК", "1216030", ""),
        (5, "Джерела фінансування", "бюджет громади", ""),
        (1, "КПКВК", "1216030", "1216030"),
        (8, "у т.ч. кредиторська заборгованість", "12,5", "12,5"),
    ],
    ids=["kpkvk", "sources", "kpkvk-first", "a-figure-of-its-own"],
)
def test_a_column_of_the_councils_own_is_left_out_and_named(
    tmp_path: Path, at: int, title: str, value: str, total: str
) -> None:
    """It was «column 11: data after „Інформація про виконання“: „Відремонтовано 3 км“», naming the wrong column
    (a figure of its own was read as the next column's, the percent as the information)."""
    rows = with_column(at, title, value, total)
    for path in (write_text(tmp_path / "r.txt", rows), write_workbook(tmp_path / "r.xlsx", {"Звіт": rows})):
        report = parsed(path)
        assert figures(report) == EXPECTED_FIGURES
        assert [m.info for m in report.measures] == ["Відремонтовано 3 км", "40", "Висаджено 120 дерев"]
        assert report.general is not None and report.general.plan == Decimal("1550.0")
        assert [str(w) for w in report.warnings] == [
            f"Колонку {at + 1} («{title}») не прочитано: у формі звіту такої немає, її дані не імпортовано."
        ]


def test_columns_in_another_order_are_read_by_their_titles(tmp_path: Path) -> None:
    """«Відповідальний виконавець» before «Термін»: the executors were refused as a term with no year."""
    rows = report_rows()
    for row in rows:
        if len(row) > 1:
            row[3], row[4] = row[4], row[3]
    rows[9][3] = "Відповідальний виконавець"
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert figures(report) == EXPECTED_FIGURES
    assert report.warnings == ()


def test_several_executors_columns_are_one(tmp_path: Path) -> None:
    rows = with_column(5, "Співвиконавці", "КП «Зеленбуд»")
    rows[9][4] = "Відповідальний виконавець"
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert [m.executors for m in report.measures] == [
        f"{UZHKG}; КП «Зеленбуд»",
        "КП «Бердичівводоканал»; КП «Зеленбуд»",
        "КП «Зеленбуд»; КП «Зеленбуд»",
    ]
    assert report.warnings == ()


def years_rows(titles: list[str]) -> list[list[str]]:
    rows = report_rows()
    for index, row in enumerate(rows):
        if len(row) > 1:
            extra = {9: titles, 10: [""] * len(titles)}.get(index, ["7,0"] * len(titles))
            row[5:5] = extra
    rows[10] = [str(n) for n in range(1, len(rows[9]) + 1)]
    return rows


def test_plan_columns_of_several_years_read_the_report_years(tmp_path: Path) -> None:
    """A plan column a year: the figures were read a column off (next years' plans as this year's), or refused
    naming the information's column."""
    titles = [
        "Обсяг фінансування на 2024 рік",
        "Обсяг фінансування на 2025 рік",
        "Обсяг фінансування на 2026 рік",
    ]
    report = parsed(write_text(tmp_path / "r.txt", years_rows(titles)))
    assert figures(report) == EXPECTED_FIGURES  # the annual plan, «(план)», beside the years to come
    assert str(report.warnings[0]) == (
        "Колонку 6 («Обсяг фінансування на 2024 рік») не прочитано: у формі звіту такої немає, її дані не "
        "імпортовано."
    )
    rows = years_rows(["План на 2023 рік", "План на 2024 рік"])
    rows[9][7] = "Річний обсяг фінансування тис. грн (план на 2022)"
    for row in rows[11:14]:
        row[5] = row[7]
    report = parsed(write_text(tmp_path / "s.txt", rows))
    assert figures(report) == EXPECTED_FIGURES
    rows = years_rows(["План на 2024 рік", "План на 2025 рік"])
    rows[9][7] = "План на 2026 рік"
    message = refusal(write_text(tmp_path / "t.txt", rows))
    assert message == (
        "Рядок 10: у таблиці кілька колонок плану («План на 2024 рік», «План на 2025 рік», «План на 2026 рік»), "
        "а звіт за 2023 рік читає одну: план на 2023 рік. Залиште колонку плану на звітний рік (чи позначте в її "
        "заголовку рік, «2023»), інші видаліть і надішліть файл ще раз."
    )


def test_a_head_without_a_term_column_is_refused_naming_it(tmp_path: Path) -> None:
    rows = with_column(5, "КПКВК", "1216030")
    rows[9][3] = "Рік"
    assert refusal(write_text(tmp_path / "r.txt", rows)) == (
        "Рядок 10: у таблиці немає колонки «Термін виконання» (її шукано в рядку заголовка за словами назви). "
        "Додайте її чи перейменуйте наявну так, як у формі звіту, і надішліть файл ще раз."
    )


# ---- what follows the table ------------------------------------------------------------------------------------


def test_notes_under_the_table_are_no_signature(tmp_path: Path) -> None:
    """A note under the table was read as the signatory's title, the next note as the name, the signature
    itself named as not read."""
    rows = report_rows()
    rows[15:15] = [
        [""],
        ["Примітка: кошти обласного бюджету враховано в загальному фонді."],
        ["* за даними фінансового управління"],
    ]
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert (report.signatory_title, report.signatory_name) == ("Начальник управління", "Іван ПЕТРЕНКО")
    assert [str(w) for w in report.warnings] == [
        "Рядок 17 після таблиці не прочитано: «Примітка: кошти обласного бюджету враховано в загальному фонді.».",
        "Рядок 18 після таблиці не прочитано: «* за даними фінансового управління».",
    ]


# ---- a measure's figures by source of funding ---------------------------------------------------------------


def fund_rows(plan: str, actual: str, financed: str, other: tuple[str, str, str]) -> list[list[str]]:
    return [
        ["", "", "у тому числі:", "", "", "", "", "", "", ""],
        ["", "", "загальний фонд", "", "", plan, actual, financed, "", ""],
        ["", "", "спеціальний фонд", "", "", *other, "", ""],
        ["", "", "інші джерела", "", "", "-", "-", "-", "", ""],
    ]


def test_a_measures_rows_by_source_of_funding_are_its_figures(tmp_path: Path) -> None:
    """Rows «загальний фонд», «спеціальний фонд», «інші джерела» under a measure were «no measure found»."""
    rows = report_rows()
    rows[12:12] = fund_rows(
        "1000,0", "950,0", "950,0", ("200,0", "200,0", "200,0")
    )  # under 1.1, as its row says
    rows[16][5:9] = ["", "", "", ""]  # 1.2's row without figures: its fund rows' sums are its figures
    rows[17:17] = fund_rows("250,0", "250,0", "250,0", ("50,0", "50,0", "50,0"))
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert figures(report) == [
        EXPECTED_FIGURES[0],
        (
            "1.2",
            "2023-2025",
            "КП «Бердичівводоканал»",
            Decimal("300.0"),
            Decimal("300.0"),
            Decimal("300.0"),
            Decimal("100.0"),
        ),
        EXPECTED_FIGURES[2],
    ]
    assert [str(w) for w in report.warnings] == [
        "Заходи 1.1, 1.2 мають суми за джерелами фінансування в окремих рядках під рядком заходу: сума заходу — з "
        "його рядка (а де той без сум — сума цих рядків), і в звіті вона загального фонду, бо форма не ділить суми "
        "заходів за фондами."
    ]
    rows[14][7] = "150,0"  # 1.1's special fund financed: 1 100 in all against 1 150 in its row
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert figures(report)[0] == EXPECTED_FIGURES[0]
    assert str(report.warnings[0]) == (
        "Захід 1.1: у його рядку Фактично профінансовано у звітному періоді тис. грн = 1150,0, а сума рядків джерел "
        "фінансування = 1100,0; у звіті — сума з рядка заходу."
    )


def test_measures_with_no_task_are_refused_saying_what_to_add(tmp_path: Path) -> None:
    rows = [["", "", *row[2:]] if row[0] in ("1.", "2.") else row for row in report_rows()]
    assert refusal(write_text(tmp_path / "r.txt", rows)) == (
        "Рядок 12, колонка 3: захід 1.1 стоїть перед першим завданням: над ним немає рядка завдання (номер у колонці "
        "«№ з/п», текст у колонці «Завдання» чи в рядку над заходами). Додайте завдання, до якого належать заходи, і "
        "надішліть файл ще раз."
    )


# ---- executors ------------------------------------------------------------------------------------------------


def with_executors(executors: list[str]) -> list[list[str]]:
    tasks = [
        (number, text, [(m[0], m[1], executors.pop(0), *m[3:]) for m in measures])
        for number, text, measures in TASKS
    ]
    return report_rows(tasks)


def test_a_body_written_as_its_initials_is_the_body_they_stand_for(tmp_path: Path, capsys) -> None:
    """«УЖКГ» beside «Управління житлово-комунального господарства …» were two new departments, «УЖКГ» and
    «УЖКГ-2», the measures of one under the other."""
    db = tmp_path / "r.db"
    rows = with_executors(["УЖКГ", "УЖКГ; КП «Зеленбуд»", f"{UZHKG}\nКП «Зеленбуд»"])
    assert (
        cli_main(["import", str(write_workbook(tmp_path / "r.xlsx", {"Звіт": rows})), "--db", str(db)]) == 0
    )
    out = capsys.readouterr().out
    assert "Підрозділів-виконавців: 2 (з довідника: 0, нових: 2)" in out
    assert f"- {UZHKG} → УЖКГ, відповідальний виконавець програми: заходи 1.1, 1.2, 2.1" in out
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT short_name, name FROM departments")) == [
            ("КП «Зеленбуд»", "КП «Зеленбуд»"),
            ("УЖКГ", UZHKG),
        ]
    # a second program of the council writes it by its initials alone: the same department
    rows = with_executors(["УЖКГ", "УЖКГ", "УЖКГ"])
    rows[2][0] = "Програма утримання кладовищ Бердичівської міської територіальної громади на 2023-2025 роки"
    assert cli_main(["import", str(write_text(tmp_path / "s.txt", rows)), "--db", str(db)]) == 0
    assert "Підрозділів-виконавців: 1 (з довідника: 1, нових: 0)" in capsys.readouterr().out


def test_a_title_in_a_councils_own_words_in_the_forms_place_reads_as_the_forms_column(tmp_path: Path) -> None:
    rows = report_rows()
    rows[9][6] = "Виконано, тис. грн"
    report = parsed(write_text(tmp_path / "r.txt", rows))
    assert figures(report) == EXPECTED_FIGURES
    assert report.warnings == ()


def group_rows(figures: tuple[str, str, str, str]) -> list[list[str]]:
    roads = [
        ("1.1", "Ремонт доріг, у тому числі:", UZHKG, *figures, ""),
        ("1.1.1", "вул. Шевченка", UZHKG, "1200,0", "1150,0", "1150,0", "95,8", "Відремонтовано"),
        ("1.1.2", "вул. Франка", UZHKG, "300,0", "300,0", "300,0", "100,0", "Відремонтовано"),
    ]
    return report_rows([("1.", "Дороги", roads), TASKS[1]])


def test_a_measure_over_measures_of_its_own_is_counted_once(tmp_path: Path) -> None:
    """1.1 over 1.1.1 and 1.1.2, its figures theirs summed: all three were imported with their figures, the plan
    1 550 read as 3 050."""
    report = parsed(write_text(tmp_path / "r.txt", group_rows(("1500,0", "1450,0", "1450,0", "96,7"))))
    assert [(m.number, m.plan, m.actual) for m in report.measures] == [
        ("1.1", Decimal(0), None),
        ("1.1.1", Decimal("1200.0"), Decimal("1150.0")),
        ("1.1.2", Decimal("300.0"), Decimal("300.0")),
        ("2.1", Decimal("50.0"), Decimal("45.0")),
    ]
    assert [str(w) for w in report.warnings] == [
        "Суми заходу 1.1 — це суми заходів під ним: у звіті вони лише в рядках тих заходів, щоб не скластися двічі."
    ]
    # a heading with no figures reads as it is, said nothing
    assert parsed(write_text(tmp_path / "s.txt", group_rows(("", "", "", "")))).warnings == ()
    # figures of its own beside theirs: the council says which
    assert refusal(write_text(tmp_path / "t.txt", group_rows(("1600,0", "1450,0", "1450,0", "")))) == (
        "Рядок 12: під заходом 1.1 є заходи 1.1.1, 1.1.2, а його Річний обсяг фінансування тис. грн (план) = "
        "1600,0 не дорівнює їхній сумі (1500,0): незрозуміло, чи це їхній підсумок, чи власні кошти заходу. "
        "Залиште суми або лише в рядках заходів під ним, або лише в його рядку, і надішліть файл ще раз."
    )
