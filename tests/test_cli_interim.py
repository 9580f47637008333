"""Interim reports from the command line (issue 24, point 3): ``python -m cli 2024 H1`` (9M, Q1-Q3) builds them in
every format, titled «за І півріччя 2024 року» with the date the figures stand at («станом на 01.07.2024»);
their plans are those of that date (a plan amended after it is not used); bad periods are refused in Ukrainian;
an interim report we wrote is refused by the importer as one, not imported as a year's."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from cli.__main__ import main as cli_main
from reports.import_issues import ImportFileError, Problem
from reports.importer import read_file_grid
from reports.report_parser import parse_grid
from storage.clock import KYIV
from storage.db import connect
from storage.models import Fund, NewSubmission
from storage.plans import PlanKey, apply_plans
from storage.programs import list_programs, load_program
from storage.submissions import add_submission
from tests.test_bot_coordinator import measure_rows

SEED = Path(__file__).parent / "data" / "seed_2023.txt"
KINDS = {  # the period typed: (its title line, the date its figures stand at)
    "H1": ("за І півріччя 2024 року", "станом на 01.07.2024"),
    "9M": ("за 9 місяців 2024 року", "станом на 01.10.2024"),
    "Q1": ("за І квартал 2024 року", "станом на 01.04.2024"),
    "Q2": ("за ІІ квартал 2024 року", "станом на 01.07.2024"),
    "Q3": ("за ІІІ квартал 2024 року", "станом на 01.10.2024"),
}
FORMATS = ("xlsx", "docx", "pdf")


async def _history(db_path: Path) -> None:
    """2024: measure 1.1's plan 10,0 set on 01.03, amended to 12,0 on 05.07 (after H1's date, before its
    deadline 10.07) and to 30,0 in November; a report on 1.1 on 03.07."""
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            assert tree is not None
            measure = next(m for m in tree.measures if m.number == "1.1")
            key = PlanKey(measure.id, 2024, Fund.GENERAL)
            for moment, amount in (((2024, 3, 1), "10"), ((2024, 7, 5), "12"), ((2024, 11, 1), "30")):
                when = dt.datetime(*moment, 10, 0, tzinfo=KYIV)
                await apply_plans(conn, {key: Decimal(amount)}, author_id=None, now=when)
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure.id,
                    department_id=measure.department_ids()[0],
                    year=2024,
                    actual=Decimal("4"),
                    financed=Decimal("4"),
                    percent=Decimal(40),
                    info="Перше півріччя: зроблено частину.",
                    created_at=dt.datetime(2024, 7, 3, 12, 0, tzinfo=KYIV),
                ),
            )
    finally:
        await db.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind in every format, built once by the command line, and the annual report beside them."""
    folder = tmp_path_factory.mktemp("interim")
    db = folder / "zvit.db"
    assert cli_main(["import", str(SEED), "--db", str(db)]) == 0
    asyncio.run(_history(db))
    files: dict[str, Path] = {}
    for kind in KINDS:
        for extension in FORMATS:
            out = folder / f"zvit-2024-{kind}.{extension}"
            assert cli_main(["2024", kind, "--db", str(db), "--out", str(out)]) == 0
            files[f"{kind}.{extension}"] = out
    annual = folder / "zvit-2024.xlsx"
    assert cli_main(["2024", "--db", str(db), "--out", str(annual)]) == 0
    files["year.xlsx"] = annual
    files["db"] = db
    return files


def _lines(path: Path) -> list[str]:
    """The document's first lines of text, as its own reader reads them."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path, read_only=True).worksheets[0]
        return [str(c) for (c,) in sheet.iter_rows(max_col=1, max_row=14, values_only=True) if c]
    if path.suffix == ".docx":
        return [p.text for p in Document(str(path)).paragraphs[:14]]
    return (PdfReader(path).pages[0].extract_text() or "").splitlines()[:14]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("extension", FORMATS)
def test_each_kind_in_each_format_says_its_period_and_date(
    built: dict[str, Path], kind: str, extension: str
) -> None:
    period, as_of = KINDS[kind]
    lines = [" ".join(line.split()) for line in _lines(built[f"{kind}.{extension}"])]
    assert period in lines and as_of in lines, lines
    assert lines.index(as_of) == lines.index(period) + 1  # right under the period
    assert not any("2024 рік" in line for line in lines)


def test_the_annual_report_keeps_its_title(built: dict[str, Path]) -> None:
    lines = _lines(built["year.xlsx"])
    assert "за 2024 рік" in lines and not any(line.startswith("станом на") for line in lines)


def test_plans_are_those_of_the_date_the_figures_stand_at(built: dict[str, Path]) -> None:
    """H1 (01.07): 10,0, not 05.07's 12,0 though its reports are read up to the deadline 10.07; 9M (01.10):
    12,0; the annual report: November's 30,0. Q1 (01.04) has the March plan but not the July report."""

    def row(key: str) -> tuple:
        return measure_rows(built[key].read_bytes())["1.1"]

    h1, m9, q1, year = row("H1.xlsx"), row("9M.xlsx"), row("Q1.xlsx"), row("year.xlsx")
    assert (h1[5], m9[5], q1[5], year[5]) == (10, 12, 10, 30)
    assert h1[9] == "Перше півріччя: зроблено частину." and h1[6] == 4
    assert q1[6] is None and not q1[9]


@pytest.mark.parametrize("typed", [["H3"], ["Q5"], ["Q0"], ["1H"], ["9"]])
def test_bad_periods_are_refused_in_ukrainian(
    built: dict[str, Path], typed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "never.xlsx"
    with pytest.raises(SystemExit) as exited:
        cli_main(["2024", *typed, "--db", str(built["db"]), "--out", str(out)])
    assert exited.value.code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert f"«{typed[0]}» — не проміжний період. Можна: H1 (І півріччя), 9M (9 місяців)" in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["2020-2025", "H1"], "Проміжний звіт (H1) складають за один рік, не за роки 2020-2025"),
        (["2024", "H1", "--at", "2024-07-01"], "--at з ним не вживають"),
    ],
)
def test_an_interim_report_asked_with_what_it_cannot_take_is_refused(
    built: dict[str, Path], args: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / ("never.zip" if "--all" in args else "never.xlsx")
    assert cli_main([*args, "--db", str(built["db"]), "--out", str(out)]) == 2
    assert says in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize(("kind", "plan"), [("H1", 10), ("9M", 12)])
def test_all_builds_every_programs_interim_report(
    built: dict[str, Path], kind: str, plan: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m cli report 2024 H1 --all``: the council's package of interim reports, titled as such, the
    plans of the period's date (as the single program's report above)."""
    out = tmp_path / "council.zip"
    args = [
        "report",
        "2024",
        kind,
        "--all",
        "--formats",
        "xlsx,docx",
        "--db",
        str(built["db"]),
        "--out",
        str(out),
    ]
    assert cli_main(args) == 0, capsys.readouterr().err
    period, as_of = KINDS[kind]
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        assert names[0] == f"Зведена таблиця програм {period}.xlsx", names
        assert [name.rsplit(".", 1)[1] for name in names[1:]] == ["xlsx", "docx"]
        form = package.read(names[1])
        docx = Document(io.BytesIO(package.read(names[2])))
    title = [
        str(c)
        for (c,) in load_workbook(io.BytesIO(form))
        .worksheets[0]
        .iter_rows(max_col=1, max_row=14, values_only=True)
        if c
    ]
    assert period in title and as_of in title, title
    assert period in [p.text for p in docx.paragraphs[:14]]
    assert measure_rows(form)["1.1"][5] == plan


def test_an_interim_report_we_wrote_is_refused_by_the_importer_as_one(built: dict[str, Path]) -> None:
    """Its figures are a part of the year: imported, they would pass for the year's. The importer says what
    the file is instead of «no year found», whichever «I» its title is typed with."""
    with pytest.raises(ImportFileError) as error:
        parse_grid(read_file_grid(built["H1.xlsx"]))
    assert error.value.problem is Problem.INTERIM_REPORT
    said = str(error.value)
    assert "Це проміжний звіт («за І півріччя 2024 року»)" in said and "лише річні звіти" in said
    latin = [
        [cell.replace("за ІІ квартал", "за II квартал") for cell in row]
        for row in read_file_grid(built["Q2.xlsx"])
    ]
    assert any("за II квартал 2024 року" in cell for row in latin for cell in row)
    with pytest.raises(ImportFileError) as error:
        parse_grid(latin)
    assert error.value.problem is Problem.INTERIM_REPORT


def test_the_workbooks_summary_sheet_and_the_pdfs_title_name_the_period(built: dict[str, Path]) -> None:
    summary = load_workbook(built["9M.xlsx"], read_only=True).worksheets[1]
    assert (
        next(summary.iter_rows(max_row=1, max_col=1, values_only=True))[0]
        == "Підсумки звіту за 9 місяців 2024 року"
    )
    assert PdfReader(built["Q3.pdf"]).metadata.title.endswith("за ІІІ квартал 2024 року")
