"""Our own pages read back as one table (``reports.page_joins``): the DOCX copied out as text, the way the seed
(a published report) was made, imports to what was written, as the workbook does. Each page's head and each row
continued under «4.3 (продовж.)» would otherwise stop the import («захід 1.2 уже був у рядку 16»), and a
section-2 reason cut at a page break would lose its end without a word."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reports import docx_writer, xlsx_writer
from reports.import_issues import ImportFileError, Problem
from reports.importer import read_file_grid
from reports.model import Report
from reports.page_joins import Pieces, joined
from reports.report_parser import parse_grid
from reports.xlsx_reader import read_workbook_grid
from tests.conftest import SEED
from tests.copykit import docx_as_text, measures_of
from tests.test_indicators_section import _long_reasons, rows_of


def _text_file(tmp_path: Path, report: Report, name: str = "r") -> Path:
    docx_writer.write_report(report, tmp_path / f"{name}.docx")
    text = tmp_path / f"{name}.txt"
    text.write_text(docx_as_text(tmp_path / f"{name}.docx"), encoding="utf-8")
    return text


def test_the_seeds_docx_copied_as_text_imports_as_the_seed(tmp_path: Path, seed_report: Report) -> None:
    text = _text_file(tmp_path, seed_report)
    copied = text.read_text(encoding="utf-8")
    assert (
        copied.count("Зміст заходів") > 5 and "1.2 (продовж.)" in copied
    )  # pages, and rows cut between them
    assert measures_of(parse_grid(read_file_grid(text))) == measures_of(parse_grid(read_file_grid(SEED)))


def test_long_texts_cut_on_many_pages_come_back_whole(tmp_path: Path, seed_report: Report) -> None:
    """Every measure's texts several pages long: each is cut at every break, its pieces under labels."""
    long = "Заходи проведено відповідно до плану, залучено громадські організації та волонтерів. " * 60
    tasks = tuple(
        dataclasses.replace(
            task,
            text=task.text + " " + long[:400],
            rows=tuple(
                dataclasses.replace(row, measure_text=f"{row.measure_text} {long[:700]}", info=f"{i}: {long}")
                for i, row in enumerate(task.rows)
            ),
        )
        for task in seed_report.tasks[:2]
    )
    report = dataclasses.replace(seed_report, tasks=tasks, indicators=())
    text = _text_file(tmp_path, report)
    assert text.read_text(encoding="utf-8").count("(продовж.)") > 20
    parsed = parse_grid(read_file_grid(text))
    written = [(t.number, t.text, r.measure_number, r.measure_text, r.info) for t in tasks for r in t.rows]
    read = [(t.number, t.text, m.number, m.text, m.info) for t in parsed.tasks for m in t.measures]
    assert read == [
        (n, tt.strip(), mn, mt.removeprefix(mn + ".").strip(), i.strip()) for n, tt, mn, mt, i in written
    ]


def test_section_2s_reasons_cut_at_page_breaks_come_back_whole(tmp_path: Path) -> None:
    report = _long_reasons()
    text = _text_file(tmp_path, report)
    assert "3 (продовж.)" in text.read_text(encoding="utf-8")
    assert rows_of(parse_grid(read_file_grid(text)).indicators) == report.indicators


def test_the_workbook_still_reads_back_whole(tmp_path: Path) -> None:
    report = _long_reasons()
    xlsx_writer.write_report(report, tmp_path / "r.xlsx")
    assert rows_of(parse_grid(read_workbook_grid(tmp_path / "r.xlsx")).indicators) == report.indicators


HEAD = [
    "№ з/п",
    "Завдання",
    "Зміст заходів",
    "Термін",
    "Виконавці",
    "План",
    "Факт",
    "Профінансовано",
    "%",
    "Інфо",
]
NUMBERS = ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11"]
ROW = ["1.", "Завдання", "1.1. Захід", "2023", "Управління", "1,0", "1,0", "1,0", "100,0", "Зроблено"]


def test_a_row_is_joined_only_to_the_row_its_label_names() -> None:
    stray = ["", "", "1.7 (продовж.)", "", "", "", "", "", "", "кінець"]
    grid = joined([HEAD, NUMBERS, list(ROW), stray], pieces=Pieces.COPIED)
    assert grid[3] == stray and grid[2] == ROW  # 1.7 is not the row above: left for the parser to name


def test_a_labelled_row_with_figures_is_not_a_continuation() -> None:
    with_figures = ["", "", "1.1 (продовж.)", "", "", "5,0", "", "", "", "ще"]
    grid = joined([HEAD, NUMBERS, list(ROW), with_figures], pieces=Pieces.COPIED)
    assert grid[3] == with_figures and grid[2] == ROW


def test_a_label_must_stand_alone() -> None:
    """«1.1 (продовж.)текст» glued to a word is some text, not our label."""
    glued = ["", "", "1.1 (продовж.)текст", "", "", "", "", "", "", "ще"]
    assert joined([HEAD, NUMBERS, list(ROW), glued], pieces=Pieces.COPIED)[3] == glued


@pytest.mark.parametrize(
    ("pieces", "label", "rest", "measure", "info"),
    [
        # a copy lost the space at the cut: put back; its label and text parted by a space, not a line break
        (Pieces.COPIED, "1.1 (продовж.) і ще", "ще", "1.1. Захід і ще", "Зроблено ще"),
        (Pieces.COPIED, "1.1 (продовж.)\n і ще", " ще", "1.1. Захід і ще", "Зроблено ще"),
        (Pieces.EXACT, "1.1 (продовж.)\nі ще", "ще", "1.1. Західі ще", "Зробленоще"),  # a workbook's: its own
        # our DOCX as a file: a cut inside a paragraph keeps its space, one without ended a paragraph
        (Pieces.PARAGRAPHS, "1.1 (продовж.)\nі ще", "ще", "1.1. Захід\nі ще", "Зроблено\nще"),
    ],
    ids=["copy-lost-space", "copy-kept-space", "workbook", "document"],
)
def test_pieces_meet_as_the_source_keeps_them(
    pieces: Pieces, label: str, rest: str, measure: str, info: str
) -> None:
    more = ["", "", label, "", "", "", "", "", "", rest]
    grid = joined([HEAD, NUMBERS, list(ROW), HEAD, NUMBERS, more], pieces=pieces)
    assert grid[2][2] == measure and grid[2][9] == info
    assert grid[3:] == [[], [], []]  # the page's head and the continued row: empty lines, numbered as before


def test_a_stray_label_is_named_by_the_parser(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "\t1.2. " in line)
    lines.insert(at + 1, "\t\t9.9 (продовж.)\t\t\t\t\t\t\tкінець")
    source = tmp_path / "stray.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        parse_grid(read_file_grid(source))
    assert caught.value.line == at + 2  # read as a row of its own, and what is wrong with it named


def test_our_term_report_is_refused_by_the_importer_as_one(tmp_path: Path, seed_report: Report) -> None:
    """Its sums are over several years: imported, they would pass for one year's. The importer says what the
    file is instead of «no year found», its own DOCX copied as text and its workbook alike."""
    from reports.docx_writer import write_form as write_docx
    from reports.term_report import consolidate_term
    from reports.term_report_form import term_form_of
    from reports.xlsx_writer import write_form as write_xlsx

    form = term_form_of(consolidate_term([seed_report, dataclasses.replace(seed_report, year=2022)]))
    write_docx(form, tmp_path / "term.docx")
    (tmp_path / "term.txt").write_text(docx_as_text(tmp_path / "term.docx"), encoding="utf-8")
    write_xlsx(form, tmp_path / "term.xlsx")
    for source in (tmp_path / "term.txt", tmp_path / "term.xlsx"):
        with pytest.raises(ImportFileError) as caught:
            parse_grid(read_file_grid(source))
        assert caught.value.problem is Problem.TERM_REPORT
        assert "Це звіт за весь термін програми («за 2022-2023 роки»)" in str(caught.value)
