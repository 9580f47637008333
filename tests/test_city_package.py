"""Every program's report in one ZIP (reports.city_package, reports.city_sheet) and ``python -m cli report 2023 --all``
on a city of 32 programs (tests/citykit.py): safe, unique, short names; every report inside opens; the city's sheet
adds up."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest

from actions.actor import Actor
from actions.reports import city_reports
from cli.__main__ import main
from reports.city_package import program_file_names, safe_name, short_name, write_city_package
from reports.city_sheet import city_sheet
from storage.db import connect
from tests.citykit import ELSEWHERE, PROGRAMS, YEAR, label, make_city

CLI = Actor.command_line("test")


@pytest.fixture(scope="module")
def city_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city") / "city.sqlite3"
    asyncio.run(make_city(path))
    return path


def test_names_inside_are_safe_unique_and_short() -> None:
    names = [
        "Програма «Житомир – безпечна громада» на 2020-2025 роки",
        "Програма «Житомир – безпечна громада» на 2026-2030 роки",  # the same short name: the number tells them apart
        'Програма «A/B: "тест" <1>|*?» ',
        "«" + "дуже довга назва програми " * 10 + "»",
        "«...»",
    ]
    files = [name for files in program_file_names(names, ("xlsx", "pdf")) for name in files]
    assert files[:4] == [
        "01 безпечна громада.xlsx",
        "01 безпечна громада.pdf",
        "02 безпечна громада.xlsx",
        "02 безпечна громада.pdf",
    ]
    assert files[4] == "03 A B тест 1.xlsx"
    assert len(set(files)) == len(files)
    assert all(len(name) <= 3 + 60 + 5 for name in files)
    assert all(not set(name) & set('\\/:*?"<>|') for name in files)
    assert files[8] == "05 _.xlsx"
    assert (
        short_name("Житомирська міська ОТГ – територія рівних можливостей") == "територія рівних можливостей"
    )
    assert safe_name("  а. ") == "а"


async def test_the_package_holds_every_program_and_the_sheet_adds_up(city_file: Path, tmp_path: Path) -> None:
    db = await connect(city_file)
    try:
        city = await city_reports(db, CLI, YEAR)
    finally:
        await db.close()
    assert [short_name(p.name) for p in city.without_data] == [label(n) for n in ELSEWHERE]
    reports = [built.report for _, built in city.reports]
    assert len(reports) == PROGRAMS - len(ELSEWHERE)
    sheet = city_sheet(YEAR, reports, [p.name for p in city.without_data])
    totals = sheet.totals
    assert totals.plan == sum((r.general.plan + r.special.plan for r in reports), Decimal(0))
    assert totals.actual == sum((r.general.actual + r.special.actual for r in reports), Decimal(0))
    assert totals.financed == sum((r.general.financed + r.special.financed for r in reports), Decimal(0))
    assert totals.measures == sum(p.measures for p in sheet.programs) and totals.reported < totals.measures
    buffer = io.BytesIO()
    package = write_city_package(
        YEAR, reports, [p.name for p in city.without_data], ("xlsx", "docx", "pdf"), buffer
    )
    with zipfile.ZipFile(buffer) as archive:
        assert archive.namelist() == list(package.names)
        assert len(package.names) == 1 + 3 * len(reports)
        for name in package.names[1:]:
            data = archive.read(name)
            if name.endswith(".xlsx"):
                assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].max_row > 37
            elif name.endswith(".pdf"):
                assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
            else:
                assert data.startswith(b"PK")  # a DOCX is a ZIP too


def test_the_command_line_writes_the_same_archive(
    city_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "усі.zip"
    assert main(["report", str(YEAR), "--all", "--db", str(city_file), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"звіти {PROGRAMS - len(ELSEWHERE)} програм" in printed
    assert all(label(n) in printed for n in ELSEWHERE)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    with_data = [n for n in range(1, PROGRAMS + 1) if n not in ELSEWHERE]
    assert names == [
        f"Зведена таблиця програм за {YEAR} рік.xlsx",
        *(f"{i:02d} {label(n)}.{ext}" for i, n in enumerate(with_data, start=1) for ext in ("xlsx", "pdf")),
    ]
    assert main([str(YEAR), "--all", "--formats", "docx", "--db", str(city_file), "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist()[1] == "01 напрям 01.docx"
    # A range of years, a file that is not a ZIP, a year without data: said, nothing written.
    for argv, said in (
        (["2020-2023", "--all"], "одного року"),
        ([str(YEAR), "--all", "--out", str(tmp_path / "x.xlsx")], ".zip"),
        (
            ["2021", "--all", "--out", str(tmp_path / "x.zip")],
            "Жодна програма не має ні планів, ні звітів за 2021",
        ),
    ):
        assert main([*argv, "--db", str(city_file)]) == 1
        assert said in capsys.readouterr().err, argv
    with pytest.raises(SystemExit):  # a format no writer has: argparse's error
        main(
            [str(YEAR), "--all", "--formats", "odt", "--out", str(tmp_path / "x.zip"), "--db", str(city_file)]
        )
    assert "odt" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "x.xlsx").exists()


def test_the_packages_files_are_dated_now_in_the_councils_zone() -> None:
    zone = ZoneInfo("Pacific/Kiritimati")  # UTC+14: never the hour of a server's zone
    before = dt.datetime.now(zone).replace(tzinfo=None, microsecond=0) - dt.timedelta(seconds=2)
    buffer = io.BytesIO()
    write_city_package(YEAR, [], ["Програма без даних"], ("xlsx",), buffer, zone=zone)
    after = dt.datetime.now(zone).replace(tzinfo=None)
    with zipfile.ZipFile(buffer) as archive:
        [entry] = archive.infolist()
    assert before <= dt.datetime(*entry.date_time) <= after
    assert entry.external_attr >> 16 == 0o100644  # a plain file anyone may read once unpacked
