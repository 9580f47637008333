"""Importing a program from its report file into a real SQLite file: summary, idempotence, bad files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reports.importer import import_report, read_file_grid
from reports.report_parser import ImportFileError, parse_grid
from storage.db import connect
from storage.models import Source
from storage.programs import list_programs, load_plans, load_program
from storage.submissions import program_submissions
from tests.dbkit import dump, import_seed


async def test_import_seed(tmp_path: Path, seed_path: Path) -> None:
    summary = await import_seed(tmp_path / "z.db", seed_path)
    assert (summary.tasks, summary.measures, summary.year) == (4, 37, 2023)
    assert summary.plan_total == Decimal("228.3")
    assert summary.added == 37 and summary.unchanged == 0
    assert summary.unmatched == []
    assert "УССМС" in summary.departments and "МКСЦ" in summary.departments
    assert any("90,0" in str(w) for w in summary.warnings)
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
    await import_seed(tmp_path / "z.db", seed_path)
    before = dump(tmp_path / "z.db")
    summary = await import_seed(tmp_path / "z.db", seed_path)
    assert summary.added == 0 and summary.unchanged == 37
    assert dump(tmp_path / "z.db") == before


async def test_bad_file_leaves_database_as_it_was(tmp_path: Path, seed_path: Path) -> None:
    await import_seed(tmp_path / "z.db", seed_path)
    before = dump(tmp_path / "z.db")
    text = seed_path.read_text(encoding="utf-8").replace("\t40,0\t44,0", "\t40,0\tсорок чотири")
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match="колонка 7"):
        parse_grid(read_file_grid(bad))
    assert dump(tmp_path / "z.db") == before


async def test_failure_inside_the_transaction_rolls_back(tmp_path: Path, seed_path: Path) -> None:
    db = await connect(tmp_path / "z.db")
    parsed = parse_grid(read_file_grid(seed_path))
    # A measure pointing at a department code the directory lacks fails half-way through the load.
    from reports.directory import Directory

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
    from reports.directory import load_directory

    return load_directory()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", "порожній"),
        (b"   \n\n", "blank.txt", "порожній"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.png", "Це зображення \\(скан чи фото\\)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "звіт.docx", "Це зображення"),  # a scan, named as the document
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "IMG_0001.HEIC", "Це зображення"),  # a phone's photo
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "звіт.webp", "Це зображення"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "звіт.pdf", "Це PDF: .* як документ Word \\(.docx\\)"),
        (b"%PDF-1.4\n", "звіт.docx", "Це PDF"),  # renamed: it was «файл .docx пошкоджений»
        (
            b"BMW;Audi\n",
            "cars.csv",
            "заголовка",
        ),  # a text that begins as a picture's format might: read as text
        (b"PK\x03\x04garbage", "broken.xlsx", "Не вдалося прочитати"),
        (b"a\tb\tc\n", "table.txt", "заголовка"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        parse_grid(read_file_grid(path))


def test_cp1251_text_is_read(tmp_path: Path, seed_path: Path) -> None:
    path = tmp_path / "seed-1251.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").replace("\u2013", "-").encode("cp1251"))
    assert len(parse_grid(read_file_grid(path)).measures) == 37


async def test_long_measure_text_and_executors_import_whole(tmp_path: Path) -> None:
    """A measure text and executors cut over continuation rows of our own XLSX import as one text each."""
    from reports.xlsx_writer import write_report
    from tests.test_xlsx_writer import LONG_EXECUTORS, LONG_MEASURE_TEXT, long_own_texts_report

    path = tmp_path / "long-own.xlsx"
    write_report(long_own_texts_report(), path)
    await import_seed(tmp_path / "z.db", path)
    db = await connect(tmp_path / "z.db")
    try:
        async with db.locked() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
        assert tree is not None
        for number in ("1.1", "2.1"):
            measure = tree.measure_by_number(number)
            assert (measure.text, measure.executors_text) == (LONG_MEASURE_TEXT, LONG_EXECUTORS), number
        assert tree.measure_by_number("1.2").text == "Захід 1.2"
    finally:
        await db.close()
