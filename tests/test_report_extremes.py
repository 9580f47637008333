"""Reports of extreme programs, built through the real import and read back by our own importer: every
department blank, amounts at the most storage allows summing past it, a word of 20,000 letters cut across pages,
500 result indicators whose units run past a page. What a report writes, the import reads back unchanged (the
README: our XLSX and DOCX «import to what was written»)."""

from __future__ import annotations

import asyncio
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Final

import pypdf
import pytest

from reports.build import build_report
from reports.import_issues import ImportFileError
from reports.importer import import_report, read_file_grid
from reports.model import Report
from reports.report_parser import ParsedReport, parse_grid
from reports.writers import WRITERS
from storage.db import connect
from storage.programs import list_programs
from tests import renderkit

DEPARTMENT: Final = "Управління освіти міської ради"
HEAD: Final = (
    "№ з/п",
    "Завдання",
    "Зміст заходів",
    "Термін виконання",
    "Виконавці",
    "Річний обсяг фінансування тис. грн (план)",
    "Річний обсяг фінансування тис. грн (факт)",
    "Фактично профінансовано тис. грн",
    "Рівень виконання заходу %",
    "Інформація про виконання",
)

Measure = tuple[str, str, str, str, str, str, str, str]  # number and text, term, executors, plan .. info
Indicator = tuple[str, str, str, str, str, str, str]  # number, name, unit, plan, fact, deviation, reason


def measure(
    number: str, *, text: str = "Захід", plan: str = "1,0", fact: str = "1,0", financed: str = "1,0"
) -> Measure:
    percent = "100" if fact else ""
    return (
        f"{number}. {text}",
        "2020-2025",
        DEPARTMENT,
        plan,
        fact,
        financed,
        percent,
        "Зроблено" if fact else "",
    )


def program_text(
    measures: list[Measure],
    indicators: dict[str, list[Indicator]] | None = None,
    name: str = "Крайні випадки",
) -> str:
    """A published report of one task, as text copied out of the document."""
    lines = [
        "Звіт",
        "про результати виконання",
        f"цільова програма «{name}» на 2020-2025 роки",
        DEPARTMENT,
        "за 2023 рік",
        "Дата і номер рішення міської ради яким затверджено Програму №1 від 01.01.2020",
        "Термін реалізації Програми 2020-2025 роки",
        "1. Виконання заходів",
        "\t".join(HEAD),
        "\t".join(["1", "2", "3", "4", "5", "7", "8", "9", "10", "11"]),
    ]
    for index, row in enumerate(measures):
        lines.append("\t".join(["1." if index == 0 else "", "Завдання" if index == 0 else "", *row]))
    lines.append("\t".join(["", "з загального фонду", *[""] * 8]))
    lines.append("\t".join(["", "з спеціального фонду та інших джерел фінансування", *[""] * 8]))
    if indicators:
        lines += [
            "2. Виконання результативних показників",
            "№ з/п\tНазва показника\tОдиниця виміру\tПланове значення показника\tФактичне значення показника"
            "\tВідхилення\tПричини відхилення",
            "1\t2\t3\t4\t5\t6\t7",
        ]
        for group, rows in indicators.items():
            lines.append(group)
            lines += ["\t".join(row) for row in rows]
    lines += ["Начальник управління", "Іван ПЕТРЕНКО", ""]
    return "\n".join(lines)


async def _report(tmp: Path, text: str) -> Report:
    source = tmp / "program.txt"
    source.write_text(text, encoding="utf-8")
    db = await connect(tmp / "extreme.db")
    try:
        await import_report(db, parse_grid(read_file_grid(source)), source_name=source.name)
        async with db.locked() as conn:
            [program] = await list_programs(conn)
        return await build_report(db, program.id or 0, 2023)
    finally:
        await db.close()


def _read_back(report: Report, extension: str) -> ParsedReport:
    target = io.BytesIO()
    WRITERS[extension].write(report, target)
    target.seek(0)
    return parse_grid(read_file_grid(target, name=f"zvit{extension}"))


def _measures(parsed: ParsedReport) -> list[tuple[str, str, Decimal, Decimal | None, Decimal | None, str]]:
    return [
        (m.number, m.text, m.plan, m.actual, m.financed, m.info)
        for task in parsed.tasks
        for m in task.measures
    ]


@pytest.mark.parametrize("extension", [".xlsx", ".docx"])
def test_a_report_no_department_has_filled_reads_back(tmp_path: Path, extension: str) -> None:
    # Every department blank: the measures' rows hold a plan and nothing after it (a workbook's row ends there).
    text = program_text(
        [measure("1.1", fact="", financed=""), measure("1.2", plan="0,0", fact="", financed="")]
    )
    report = asyncio.run(_report(tmp_path, text))
    parsed = _read_back(report, extension)
    assert _measures(parsed) == [
        ("1.1", "Захід", Decimal("1.0"), None, None, ""),
        ("1.2", "Захід", Decimal("0.0"), None, None, ""),
    ]


GROUPS: Final = ("Показники затрат", "Показники продукту", "Показники ефективності", "Показники якості")
HOSTILE_UNITS: Final = ("%", "тис. грн", "<од.>", "&amp;", '"шт"', "м²", "👤", "שלום", "осіб/рік", "x" * 600)


def _indicators(count: int) -> dict[str, list[Indicator]]:
    """``count`` indicators of every kind with hostile units, one in ten of them a unit of 600 letters (a cell
    of some twenty lines), so that pages break inside units."""
    per_group = count // len(GROUPS)
    found: dict[str, list[Indicator]] = {}
    for kind, group in enumerate(GROUPS):
        rows: list[Indicator] = []
        for at in range(per_group):
            number = kind * per_group + at + 1
            unit = HOSTILE_UNITS[number % len(HOSTILE_UNITS)]
            plan, fact = ("50", "75,5") if unit == "%" else ("1 000 000,125", "999 999,999")
            rows.append((str(number), f"Показник {number} «<&>»", unit, plan, fact, "", ""))
        found[group] = rows
    return found


@pytest.mark.parametrize("extension", [".xlsx", ".docx"])
def test_indicators_whose_units_run_past_a_page_read_back(tmp_path: Path, extension: str) -> None:
    report = asyncio.run(_report(tmp_path, program_text([measure("1.1")], _indicators(200))))
    parsed = _read_back(report, extension)
    assert [(i.number, i.name, i.unit) for i in parsed.indicators] == [
        (number, f"Показник {number} «<&>»", HOSTILE_UNITS[number % len(HOSTILE_UNITS)])
        for number in range(1, 201)
    ]


def test_a_word_of_20000_letters_cut_across_pages_reads_back_whole(tmp_path: Path) -> None:
    # No space in it: each page break cuts it inside the word, in the measure's text and in its information.
    word = "Довгеслово" * 2000
    rows = [measure("1.1", text=word), measure("1.2")]
    rows[0] = (*rows[0][:7], word)
    report = asyncio.run(_report(tmp_path, program_text(rows)))
    for extension in (".xlsx", ".docx"):
        [first, second] = _measures(_read_back(report, extension))
        assert (first[1], first[5]) == (word, word), extension
        assert second[:2] == ("1.2", "Захід")


@pytest.mark.parametrize("extension", [".xlsx", ".docx"])
def test_totals_past_the_largest_amount_read_back(tmp_path: Path, extension: str) -> None:
    # Each measure at the most storage allows (a billion thousand UAH, to three places): the totals row sums
    # them past it, and the report is read back as written, totals and all.
    rows = [
        measure(f"1.{n}", plan="1 000 000 000", fact="1 000 000 000", financed="999 999 999,999")
        for n in (1, 2, 3)
    ]
    rows.append(measure("1.4", plan="0,001", fact="0,001", financed="0,001"))
    report = asyncio.run(_report(tmp_path, program_text(rows)))
    assert report.general.plan == Decimal("3000000000.001")
    parsed = _read_back(report, extension)
    # The workbook keeps the amounts exact; the document prints them to one decimal.
    smallest, total = (Decimal("0.001"), Decimal("3000000000.001"))
    if extension == ".docx":
        smallest, total = Decimal("0.0"), Decimal("3000000000.0")
    assert [m[2] for m in _measures(parsed)] == [Decimal("1000000000")] * 3 + [smallest]
    assert parsed.general is not None and parsed.general.plan == total


def test_docx_amounts_wider_than_their_column_stay_on_one_line(tmp_path: Path) -> None:
    # The totals (bold) of measures at the most storage allows: «11000000000,0» is wider than its column. As in
    # the PDF, it is printed a little smaller on its one line, never broken into «11000000000,» and «0».
    renderkit.require_renderer()
    rows = [
        measure(f"1.{n}", plan="1 000 000 000", fact="1 000 000 000", financed="1 000 000 000")
        for n in range(1, 12)
    ]
    report = asyncio.run(_report(tmp_path, program_text(rows)))
    document = tmp_path / "zvit.docx"
    with document.open("wb") as target:
        WRITERS[".docx"].write(report, target)
    words = [
        word
        for page in renderkit.pages(renderkit.to_pdf(document))
        for line in page.lines
        for word in line.text.split()
    ]
    assert words.count("11000000000,0") == 3  # plan, actual, financed of the general fund's totals
    assert words.count("1000000000,0") == 33
    assert not [word for word in words if word.endswith(",") and word[:-1].isdigit()]


def test_the_summary_sheet_of_a_program_named_in_1000_characters_prints_at_its_size(tmp_path: Path) -> None:
    # «Підсумки» names the program under its title: a name of 1,000 characters on one line ran far past the
    # table, and a sheet printed one page wide shrank to a fraction of its size. It wraps over the table's
    # width, whole, and the sheet prints as large as the seed's.
    renderkit.require_renderer()
    name = " ".join(f"слово{n} «<&>»" for n in range(80))[:1000]
    report = asyncio.run(_report(tmp_path, program_text([measure("1.1")], name=name)))
    workbook = tmp_path / "zvit.xlsx"
    with workbook.open("wb") as target:
        WRITERS[".xlsx"].write(report, target)
    pages = renderkit.pages(renderkit.to_pdf(workbook))
    [summary] = [page for page in pages if page.lines and page.lines[0].text.startswith("Підсумки звіту")]
    title = summary.lines[0]
    assert title.bottom - title.top > 10  # 12-pt bold, at the page's own scale (it was 3 pt)
    text = " ".join(line.text for line in summary.lines)
    assert " ".join(name.split()) in text


@pytest.mark.parametrize("where", ["program", "department", "signatory"])
def test_a_title_line_longer_than_a_report_can_print_is_refused_by_name(tmp_path: Path, where: str) -> None:
    # 42,000 characters: more than an XLSX cell holds (the workbook's title block is one cell a line), so no
    # report of it could be written. The import refuses it, naming the line, and the database stays empty.
    huge = " ".join(["Назва"] * 7000)
    text = program_text([measure("1.1")])
    text = {
        "program": text.replace("«Крайні випадки»", f"«{huge}»"),
        "department": text.replace(f"\n{DEPARTMENT}\n", f"\n{huge}\n", 1),
        "signatory": text.replace("Начальник управління", huge),
    }[where]
    source = tmp_path / "program.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        parse_grid(read_file_grid(source))
    message = str(refused.value)
    what = {
        "program": "Рядок 3: назва програми: ",
        "department": "Рядок 4: назва відповідального виконавця: ",
    }
    assert message.startswith(what.get(where, "Рядок підпису: ")), message[:200]
    assert "задовго, звіт вміщує щонайбільше 2" in message and "000. Скоротіть цей рядок у файлі." in message


def test_xlsx_numbers_wider_than_their_column_shrink_not_hash(tmp_path: Path) -> None:
    # A plan of 0,001 financed with a billion: the totals' percent is 100 000 000 000 000,0, far wider than its
    # column. A spreadsheet shows «###» for a number it cannot fit; shrunk to fit, it is printed whole, as the
    # PDF and the DOCX print it.
    renderkit.require_renderer()
    rows = [measure("1.1", plan="0,001", fact="1 000 000 000", financed="1 000 000 000")]
    report = asyncio.run(_report(tmp_path, program_text(rows)))
    workbook = tmp_path / "zvit.xlsx"
    with workbook.open("wb") as target:
        WRITERS[".xlsx"].write(report, target)
    [form, *_] = renderkit.pages(renderkit.to_pdf(workbook))
    text = form.text()
    assert "#" not in text
    assert "100000000000000" in text.replace(" ", "").replace("\u00a0", "")


def test_pdf_prints_an_indicators_name_longer_than_many_pages_whole(tmp_path: Path) -> None:
    # Section 2's name (B:C) is merged down over its indicator's continuation rows. A name of 21,000 letters
    # beside a reason of a few lines: its continuation was cut again at the reason's lines, and all but a page
    # of the name was never drawn (32 of its 1,500 pieces). Now it flows on, page after page.
    piece = "Показникдовгий"
    name = piece * 1500
    indicators = {"Показники затрат": [("1", name, "тис. грн", "1", "2", "", "Причина " * 100)]}
    report = asyncio.run(_report(tmp_path, program_text([measure("1.1")], indicators)))
    target = io.BytesIO()
    WRITERS[".pdf"].write(report, target)
    target.seek(0)
    pages = pypdf.PdfReader(target).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")
    # (each page break may part one piece: a label and the page's head come between its halves)
    assert text.count(piece) >= 1500 - len(pages)
    assert len(pages) > 10


def test_pdf_prints_a_tasks_text_longer_than_its_rows_and_many_pages_whole(tmp_path: Path) -> None:
    # A task's text (B) is merged down over its three measures and flows on over the pages they cover. Of
    # 19,500 letters the PDF drew what its rows' pages held (71 of 1,500 pieces) and dropped the rest; now its
    # last row takes the rest and is cut page after page.
    piece = "Завданнядовге"
    task = piece * 1500
    text = program_text([measure("1.1"), measure("1.2"), measure("1.3")])
    text = text.replace("\n1.\tЗавдання\t", f"\n1.\t{task}\t")
    report = asyncio.run(_report(tmp_path, text))
    target = io.BytesIO()
    WRITERS[".pdf"].write(report, target)
    target.seek(0)
    pages = pypdf.PdfReader(target).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")
    assert text.count(piece) >= 1500 - len(pages)
    assert re.findall(r"1\.\d\. Захід", text) == ["1.1. Захід", "1.2. Захід", "1.3. Захід"]
