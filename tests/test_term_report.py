"""The final report over the term, from the published reports of several years."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reports.build import build_report
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from reports.term_report import consolidate_term
from storage.db import connect
from storage.programs import list_programs


def year_variant(seed: Path, tmp_path: Path, year: int) -> Path:
    """The seed as if published for ``year``: the same program and measures, that year's title."""
    text = seed.read_text(encoding="utf-8").replace("за 2023 рік", f"за {year} рік", 1)
    path = tmp_path / f"report_{year}.txt"
    path.write_text(text, encoding="utf-8")
    return path


async def test_three_imported_years_make_the_term_report(tmp_path: Path, seed_path: Path) -> None:
    db = await connect(tmp_path / "z.sqlite3")
    try:
        for year in (2021, 2022, 2023):
            source = seed_path if year == 2023 else year_variant(seed_path, tmp_path, year)
            await import_report(db, parse_grid(read_file_grid(source)), source_name=source.name)
        async with db.locked() as conn:
            program = (await list_programs(conn))[0]
        annual = [await build_report(db, program.id, year) for year in (2023, 2021, 2022)]
    finally:
        await db.close()
    term = consolidate_term(annual)
    assert term.years == (2021, 2022, 2023)
    assert [t.number for t in term.tasks] == [t.number for t in annual[0].tasks]
    one_year = {r.measure_number: r for r in annual[0].rows}
    for row in term.rows:
        year_row = one_year[row.measure_number]
        assert [f.year for f in row.years] == [2021, 2022, 2023]
        assert row.plan == year_row.plan * 3
        if year_row.financed is not None:
            assert row.financed == year_row.financed * 3
        assert [f.info for f in row.years] == [year_row.info] * 3
        if year_row.planned:  # the same percent every year: the mean over the term is that percent
            assert row.percent == year_row.percent
    assert term.general.plan == annual[0].general.plan * 3 == Decimal("684.9")
    assert term.general.financed == annual[0].general.financed * 3
    assert term.general.percent == annual[0].general.percent  # financed ÷ plan, the same ratio
    assert set(term.general_by_year) == {2021, 2022, 2023}
