"""A report given as text (``reports.text_grid``): a copy out of a document keeps every character; a spreadsheet
saved as text — tab, semicolon or comma separated, its cells quoted, in UTF-8, UTF-16 or Windows-1251 — reads
as the sheet it was. Our own workbook saved as text by LibreOffice imports to the seed, continued rows and all."""

from __future__ import annotations

import csv
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from reports import pdf_writer, xlsx_writer
from reports.import_issues import ImportFileError, Problem
from reports.importer import read_file_grid
from reports.model import Report
from reports.report_parser import ParsedReport, parse_grid
from reports.text_grid import text_grid
from reports.xlsx_reader import read_workbook_grid
from tests import renderkit
from tests.conftest import SEED
from tests.copykit import measures_of


def _read(path: Path) -> ParsedReport:
    return parse_grid(read_file_grid(path))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, seed_report: Report) -> Path:
    path = tmp_path_factory.mktemp("text_grid") / "seed.xlsx"
    xlsx_writer.write_report(seed_report, path)
    return path


@pytest.mark.parametrize(
    ("options", "name"),
    [("44,34,76,1", "comma, UTF-8"), ("59,34,76,1", "semicolon"), ("9,34,65535,1", "tab, UTF-16")],
    ids=["comma", "semicolon", "utf16"],
)
def test_our_workbook_saved_as_text_by_libreoffice_imports_as_the_seed(
    tmp_path: Path, workbook: Path, options: str, name: str
) -> None:
    """LibreOffice quotes every text, keeps line breaks inside quotes, writes numbers as its locale shows them."""
    saved = renderkit.convert(workbook, f"csv:Text - txt - csv (StarCalc):{options}", "csv", tmp_path)
    assert saved.read_bytes()[:1] == b'"' or saved.read_bytes()[:2] == b"\xff\xfe", name
    assert measures_of(_read(saved)) == measures_of(_read(SEED))


def _saved(grid: list[list[str]], delimiter: str, quoting: int = csv.QUOTE_MINIMAL) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(grid)
    return out.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "encoding", "suffix"),
    [("\t", "utf-8", ".txt"), (";", "cp1251", ".csv"), (",", "utf-8-sig", ".csv"), ("\t", "utf-16", ".txt")],
    ids=["excel-tab", "excel-csv-1251", "csv-bom", "excel-unicode-text"],
)
def test_a_sheet_saved_as_excel_saves_it(
    tmp_path: Path, workbook: Path, delimiter: str, encoding: str, suffix: str
) -> None:
    """Excel quotes only a cell that needs it (a line break, the separator, a quote, doubled inside)."""
    grid = read_workbook_grid(workbook)
    grid[20][9] += (
        '\nі рядок «другий», "в лапках"; ще'  # a measure's information: every character Excel quotes for
    )
    saved = tmp_path / f"saved{suffix}"
    saved.write_bytes(_saved(grid, delimiter).encode(encoding))
    expected = parse_grid(grid)
    assert measures_of(_read(saved)) == measures_of(expected)
    assert expected.measures[[m.line for m in expected.measures].index(21)].info.endswith('"в лапках"; ще')


def test_a_copy_out_of_a_document_keeps_its_quotes() -> None:
    """The seed holds quotes inside its texts; a cell that is only a quoted title is still the text's own."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "\t1.2. " in line)
    cells = lines[at].split("\t")
    cells[9] = '"Рівні можливості"'
    lines[at] = "\t".join(cells)
    cells = lines[at + 1].split("\t")
    cells[9] = '"Гендерний профіль" — збірник, "2023"'
    lines[at + 1] = "\t".join(cells)
    grid = text_grid("\n".join(lines))
    assert grid == [line.split("\t") for line in lines]


def test_the_separator_is_the_column_numbers_rows() -> None:
    """Texts full of semicolons do not make a comma-separated file a semicolon one."""
    text = _saved(
        [
            ["№ з/п", "Завдання", "Зміст заходів"],
            ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11"],
            ["1.", "а; б; в; г; д; е", "1.1. Захід; з крапками з комою"],
        ],
        ",",
    )
    assert text_grid(text)[2] == ["1.", "а; б; в; г; д; е", "1.1. Захід; з крапками з комою"]


@pytest.mark.parametrize(
    "text",
    [
        '"не закрито\t1\t2\nдалі\t3',
        '"1";2;3;4;5;7\n"обірвано;\n',
        "просто текст без розділювачів\nі ще рядок",
    ],
    ids=["unclosed-tab", "unclosed-semicolon", "no-separator"],
)
def test_broken_quoting_is_read_line_by_line_and_named_by_the_parser(tmp_path: Path, text: str) -> None:
    source = tmp_path / "broken.txt"
    source.write_text(text, encoding="utf-8")
    assert len(read_file_grid(source)) == len(text.splitlines())  # never a line swallowed by a quote
    with pytest.raises(ImportFileError) as caught:
        parse_grid(read_file_grid(source))
    assert str(caught.value)  # in words, from the catalog


@pytest.mark.parametrize(
    ("data", "problem", "said"),
    [
        (b"a\n" * 60_001, Problem.TOO_LONG, "60\u00a0001 рядок, а звіт має щонайбільше 50\u00a0000"),
        (
            b"\xd0\x97\xd0\xb2\xd1\x96\xd1\x82\t" + b"\t" * 1_200_000,
            Problem.TOO_MANY_CELLS,
            "1\u00a0200\u00a0002, а звіт",
        ),
        ((b'"x";' * 100 + b"\n") * 12_000, Problem.TOO_MANY_CELLS, "забагато клітинок"),
        (b'"x";' * 1_100_000, Problem.NO_HEADER, "Не знайдено рядок заголовка"),  # one line: no CSV, one cell
    ],
    ids=["lines", "tabs", "semicolons", "one-line"],
)
def test_a_text_bigger_than_any_report_is_refused_before_it_is_split(
    data: bytes, problem: Problem, said: str
) -> None:
    """A 10 MB file of a letter a line was 5 million rows: 600 MB and 17 s before the parser said «no header»."""
    with pytest.raises(ImportFileError) as caught:
        parse_grid(read_file_grid(io.BytesIO(data), "big.txt"))
    assert caught.value.problem is problem and said in str(caught.value), str(caught.value)


@pytest.mark.parametrize("layout", [False, True], ids=["text", "layout"])
def test_a_copy_out_of_our_pdf_is_told_it_has_no_columns(
    tmp_path: Path, seed_report: Report, layout: bool
) -> None:
    """A PDF's text has the table's words and no cells (its decimal commas do not make it a CSV): the message says
    so and how to send the table instead, not only «no header»."""
    renderkit.require_renderer()
    pdf_writer.write_report(seed_report, tmp_path / "seed.pdf")
    text = tmp_path / "seed.txt"
    subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(tmp_path / "seed.pdf"), str(text)],
        check=True,
        timeout=60,
    )
    with pytest.raises(ImportFileError) as caught:
        parse_grid(read_file_grid(text))
    assert caught.value.problem is Problem.NO_COLUMNS and "скопіюйте таблицю з документа Word" in str(
        caught.value
    )


def test_a_csv_without_the_column_numbers_is_parted_by_its_rows(workbook: Path) -> None:
    grid = [row for row in read_workbook_grid(workbook) if row[:3] != ["1", "2", "3"]]
    text = _saved(
        [row + [""] * (10 - len(row)) for row in grid], ","
    )  # as Excel: every row to the last column
    assert measures_of(_read_text(text)) == measures_of(parse_grid(grid))


def _read_text(text: str) -> ParsedReport:
    return parse_grid(read_file_grid(io.BytesIO(text.encode()), "saved.csv"))


def _comma_csv(edit: int, row: list[str]) -> str:
    """The seed as a comma CSV a person wrote by hand: cells with a comma quoted, but line ``edit`` as ``row``,
    unquoted."""
    out = []
    for index, line in enumerate(SEED.read_text(encoding="utf-8").splitlines()):
        cells = row if index == edit else line.split("\t")
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        out.append(",".join(cells) if index == edit else buffer.getvalue())
    return "\n".join(out)


def test_a_decimal_comma_unquoted_in_a_comma_csv_is_refused_not_read_a_column_off() -> None:
    """A measure whose figures are whole but one, «1,5» written unquoted, its information empty: parted at the
    comma its figures would each be read a column off and the last one as the information."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    index = next(
        i for i, line in enumerate(lines) if line.split("\t")[2:3] and line.split("\t")[2].startswith("1.2.")
    )
    cells = lines[index].split("\t")
    cells = [cell.replace(",", "") for cell in cells[:5]] + ["1,5", "0", "0", "0", ""]  # no other comma
    with pytest.raises(ImportFileError) as caught:
        parse_grid(text_grid(_comma_csv(index, cells)))
    assert caught.value.line == index + 1
    assert str(caught.value).startswith(
        f"Рядок {index + 1}: 11 клітинок замість 10 — мабуть, у клітинці є «,» без лапок"
    )
    cells[5] = "1.5"  # the same row with a decimal point reads
    assert parse_grid(text_grid(_comma_csv(index, cells))).tasks[0].measures[1].plan == Decimal("1.5")


def test_a_row_wider_than_the_others_of_a_csv_without_column_numbers_is_refused() -> None:
    """A plan sheet (or any table) saved as a comma CSV, then a «12,5» typed unquoted in a text editor: the row
    is one cell wider than every other, and its plans would be read a fund off."""
    rows = ["Захід,Текст,2024 загальний,2024 спеціальний,Примітка"] + [
        f"1.{n},Захід {n},{n}.5,0," for n in range(1, 9)
    ]
    rows[4] = "1.4,Захід 4,12,5,0,"
    with pytest.raises(ImportFileError) as caught:
        text_grid("\n".join(rows))
    assert caught.value.problem is Problem.ROW_TOO_WIDE and caught.value.line == 5
    rows[4] = '1.4,Захід 4,"12,5",0,'  # quoted, as Excel and LibreOffice write it
    assert text_grid("\n".join(rows))[4] == ["1.4", "Захід 4", "12,5", "0", ""]
