"""The XLSX report as LibreOffice prints it (issue 24): the seed's annual report and a term report over three
imported years (2021-2023), each converted to PDF once for the module and measured page by page — every
page of the form but the last filled to three quarters at least, no text in the footer, the signature with
table rows, the form's pages numbered among themselves (the summary sheet's not counted), every text of
the seed whole — and the rows' heights against what LibreOffice finds its texts need."""

from __future__ import annotations

import asyncio
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from reports import term_report_form, texts
from reports.form import COLUMN_WIDTHS
from reports.importer import read_file_grid
from reports.report_parser import ParsedReport, parse_grid
from reports.term_report import TermReport
from reports.writers import WRITERS
from reports.xlsx_pages import continued
from reports.xlsx_writer import FIRST_MEASURE_ROW
from tests import renderkit
from tests.conftest import SEED
from tests.test_report_formats import _build
from tests.test_term_report_formats import _history, _term

FILL: float = 0.75
LO_PYTHON = Path("/usr/bin/python3")


@dataclass(frozen=True)
class Word:
    text: str
    x: float  # its middle
    top: float


@dataclass
class Printed:
    book: Path
    pages: list[renderkit.Page]
    words: list[list[Word]]  # per page

    def form_pages(self) -> list[renderkit.Page]:
        """The form's pages: those with its footer (the summary sheet's pages follow them)."""
        return [page for page in self.pages if any(renderkit.FOOTER.match(line.text) for line in page.lines)]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', re.S)
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


def _words(pdf: Path) -> list[list[Word]]:
    html = subprocess.run(
        [str(renderkit.PDFTOTEXT), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout
    return [
        [
            Word(unescape(text), (float(x0) + float(x1)) / 2, float(top))
            for x0, top, x1, text in _WORD.findall(body)
        ]
        for body in _PAGE.findall(html)
    ]


def _print(book: Path) -> Printed:
    pdf = renderkit.to_pdf(book, book.parent)
    return Printed(book, renderkit.pages(pdf), _words(pdf))


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory) -> TermReport:
    return asyncio.run(_term(asyncio.run(_history(tmp_path_factory.mktemp("term-history")))))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, term: TermReport) -> dict[str, Printed]:
    renderkit.require_renderer()
    tmp = tmp_path_factory.mktemp("render-xlsx")
    report = asyncio.run(_build(tmp))
    annual, over_term = tmp / "annual" / "zvit.xlsx", tmp / "term" / "zvit.xlsx"
    annual.parent.mkdir()
    over_term.parent.mkdir()
    WRITERS[".xlsx"].write(report, annual)
    WRITERS[".xlsx"].write_term(term, over_term)
    return {"annual": _print(annual), "term": _print(over_term)}


@pytest.fixture(scope="module")
def seed() -> ParsedReport:
    return parse_grid(read_file_grid(SEED))


@pytest.mark.parametrize("name", ["annual", "term"])
def test_every_page_but_the_last_is_full(printed: dict[str, Printed], name: str) -> None:
    pages = printed[name].form_pages()
    assert len(pages) > 5
    fills = [round(renderkit.fill(page), 2) for page in pages]
    assert all(fill >= FILL for fill in fills[:-1]), fills


@pytest.mark.parametrize("name", ["annual", "term"])
def test_nothing_in_the_footer(printed: dict[str, Printed], name: str) -> None:
    for page in printed[name].form_pages():
        footer = next(line for line in page.lines if renderkit.FOOTER.match(line.text))
        body = [line for line in page.lines if line is not footer]
        assert max(line.bottom for line in body) < footer.top, page.number


@pytest.mark.parametrize("name", ["annual", "term"])
def test_the_signature_page_holds_table_rows(
    printed: dict[str, Printed], name: str, seed: ParsedReport
) -> None:
    last = printed[name].form_pages()[-1].text()
    # The annual form's totals rows, and above them the last measure's last lines; the term form's last
    # fund's block (a row per year and «Усього»).
    totals = texts.total_general() if name == "annual" else texts.total_special().split(" та ")[0]
    assert seed.signatory_name in last and totals in last
    above = last.split(totals)[0]
    head = "\n".join([*texts.column_titles(), *texts.term_column_titles(), "1 2 3 4 5 7 8 9 10 11"])
    rows = [line for line in above.splitlines() if line.strip() and line not in head]
    assert rows if name == "annual" else last.count("20") >= 3


@pytest.mark.parametrize("name", ["annual", "term"])
def test_only_the_forms_pages_are_numbered(printed: dict[str, Printed], name: str) -> None:
    result = printed[name]
    form = result.form_pages()
    assert form == result.pages[: len(form)]  # the form's pages come first, all numbered
    numbers = [next(line.text for line in page.lines if renderkit.FOOTER.match(line.text)) for page in form]
    assert numbers == [texts.page_line(n, len(form)) for n in range(1, len(form) + 1)]
    if name == "annual":  # the summary sheet prints after the form (LibreOffice prints every sheet)
        rest = result.pages[len(form) :]
        assert rest and texts.summary_sheet_title() not in "".join(p.text() for p in form)
        assert not any("Сторінка" in page.text() for page in rest)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _columns(result: Printed, widths: tuple[float, ...]) -> list[str]:
    """Each column's printed text, page after page, top to bottom. The column-number row every page
    repeats («1 2 3 4 5 7 8 9 10 11», each number centred in its column) places the columns: with the
    widths the form gives them, the first and last centres give where each column begins."""
    streams = [""] * 10
    edges = list(itertools.accumulate(widths, initial=0.0))
    for page in result.words[: len(result.form_pages())]:
        numbers = [w for w in page if w.text in {"1", "2", "3", "4", "5", "7", "8", "9", "10", "11"}]
        row = min(numbers, key=lambda w: w.top).top
        centres = sorted(w.x for w in numbers if abs(w.top - row) < 1)
        assert len(centres) == 10
        first, last = widths[0] / 2, edges[9] + widths[9] / 2
        scale = (centres[-1] - centres[0]) / (last - first)
        left = centres[0] - first * scale
        bounds = [left + edge * scale for edge in edges[1:10]]
        body = sorted((w for w in page if w.top > row + 2), key=lambda w: (w.top, w.x))
        for word in body:
            column = sum(word.x > bound for bound in bounds)
            streams[column] += word.text
    return streams


def test_every_seed_text_is_whole_on_paper(printed: dict[str, Printed], seed: ParsedReport) -> None:
    """The 37 measures' texts and information texts (74), each whole in its column, page after page (a
    text cut at a page break reads on with the continuation row's label taken out)."""
    streams = _columns(printed["annual"], COLUMN_WIDTHS)
    measures = streams[2]
    for m in seed.measures:
        measures = measures.replace(_squeeze(continued(m.number)), "")
    checked = 0
    for m in seed.measures:
        assert _squeeze(f"{m.number}. {m.text}") in measures, m.number
        assert _squeeze(m.info) in streams[9], m.number
        checked += 2
    assert checked == 74


def test_every_term_text_is_whole_on_paper(printed: dict[str, Printed], term: TermReport) -> None:
    """The term report: each measure's text in B across its pages (the label of a continued page taken
    out), every year's information text in J."""
    streams = _columns(printed["term"], term_report_form.WIDTHS)
    texts_b = streams[1]
    for measure in term.rows:
        texts_b = texts_b.replace(_squeeze(continued(measure.measure_number)), "")
    for measure in term.rows:
        assert _squeeze(measure.measure_text) in texts_b, measure.measure_number
        for figures in measure.years:
            assert _squeeze(figures.info) in streams[9], (measure.measure_number, figures.year)


def _lo_heights(books: list[Path], profile: Path) -> dict[Path, dict[int, tuple[float, float]]]:
    out = subprocess.run(
        [str(LO_PYTHON), str(Path(__file__).parent / "lo_row_heights.py"), str(profile), *map(str, books)],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout
    result: dict[Path, dict[int, tuple[float, float]]] = {}
    current: dict[int, tuple[float, float]] = {}
    for line in out.splitlines():
        if line.startswith("# "):
            current = result.setdefault(Path(line[2:]), {})
        elif line.strip():
            row, have, need = line.split()
            current[int(row)] = (float(have), float(need))
    return result


def test_row_heights_within_15_percent_of_what_libreoffice_needs(
    printed: dict[str, Printed], tmp_path: Path
) -> None:
    """Each table row against LibreOffice's optimal height for it (its own cells; a text merged down over
    several rows is not counted there, so rows that end such a text are left out, and rows with a text
    merged across are too). Checked with LibreOffice's own Python (uno), where it is installed."""
    if shutil.which("soffice") is None or not LO_PYTHON.exists():
        pytest.skip("LibreOffice with its Python (python3-uno) is needed to ask it for row heights")
    if subprocess.run([str(LO_PYTHON), "-c", "import uno"], capture_output=True).returncode:
        pytest.skip("python3-uno is not installed: apt-get install python3-uno")
    books = [printed["annual"].book, printed["term"].book]
    heights = _lo_heights(books, tmp_path / "lo-profile")
    ratios: list[tuple[float, str, int]] = []
    for book in books:
        ws = openpyxl.load_workbook(book).worksheets[0]
        left_out: set[int] = set()
        for merge in ws.merged_cells.ranges:
            if isinstance(ws.cell(merge.min_row, merge.min_col).value, str):
                left_out.add(merge.max_row)  # a merged text ends here (or spans it across)
        last = max(r for r in heights[book] if isinstance(ws.cell(r, 1).value, str) or r < FIRST_MEASURE_ROW)
        for row, (have, need) in heights[book].items():
            if row < FIRST_MEASURE_ROW or row in left_out or row > last:
                continue
            ratios.append((round(have / need, 3), book.parent.name, row))
    ratios.sort()
    assert len(ratios) > 50
    assert ratios[0][0] >= 1.0, ratios[:5]  # the text is never cut short
    assert ratios[-1][0] <= 1.15, ratios[-10:]  # nor a row much taller than its text
