"""Every page as filed (issue 24), measured on what prints: the seed's annual report and a term report over
three imported years (2021-2023 of the seed, «за 2020-2025 роки»), the PDF as written and the DOCX as
LibreOffice prints it:

- every page but the last filled to three quarters or more (``renderkit.fill``);
- no text below the top of the footer, and no drawn line there: the page is rasterized and the footer band
  (from the footer's top down) must be white beside the footer's own text (``_lines_in_footer``);
- the signature on a page that holds table rows (the totals);
- the annual report's texts whole: each measure's text, executors and information read whole down their
  column, page after page (``_columns``: the words by position, head rows, footers and continuation
  labels left out);
- in the term report's PDF every page with a year row names its measure (its number, or «N (продовж.)»).

One test per document, so each is written and rendered once (also under xdist); the report and the term
report are built once per module. LibreOffice and poppler are needed (``tests.renderkit`` skips, saying
why, where they are absent)."""

from __future__ import annotations

import asyncio
import bisect
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Final

import pytest
from PIL import Image

from reports import docx_writer, pdf_writer, texts
from reports.form import COL_EXECUTORS, COL_INFO, COL_MEASURE
from reports.importer import read_file_grid
from reports.model import Report
from reports.report_parser import ParsedReport, parse_grid
from reports.term_report import TermReport
from reports.term_report_form import WIDTHS as TERM_WIDTHS
from reports.writers import WRITERS
from tests import renderkit
from tests.conftest import SEED
from tests.test_report_formats import _build, _unlabelled
from tests.test_term_report_formats import _history, _term

FILL: Final = 0.75
DPI: Final = 50
MM: Final = 72 / 25.4


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Word:
    text: str
    left: float  # points from the page's left
    top: float  # points from the page's top
    bottom: float


_PAGE = re.compile(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', re.S)


def _words(pdf: Path) -> list[list[Word]]:
    """Every page's words with their positions (pdftotext -bbox-layout)."""
    import subprocess

    assert renderkit.PDFTOTEXT is not None
    html = subprocess.run(
        [renderkit.PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [
            Word(unescape(text), float(x), float(top), float(bottom))
            for x, top, bottom, text in _WORD.findall(page)
        ]
        for page in _PAGE.findall(html)
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, TermReport, Path]:
    renderkit.require_renderer()
    tmp = tmp_path_factory.mktemp("pages")
    report = asyncio.run(_build(tmp))
    term = asyncio.run(_term(asyncio.run(_history(tmp))))
    return report, term, tmp


def _rendered(built: tuple[Report, TermReport, Path], name: str, extension: str) -> Path:
    report, term, tmp = built
    path = tmp / f"{name}{extension}"
    if name == "annual":
        WRITERS[extension].write(report, path)
    else:
        WRITERS[extension].write_term(term, path)
    return path if extension == ".pdf" else renderkit.to_pdf(path, tmp / f"lo-{name}")


def _footer(page: renderkit.Page) -> renderkit.Line:
    [footer] = [line for line in page.lines if renderkit.FOOTER.match(line.text)]
    return footer


def _lines_in_footer(pdf: Path, pages: list[renderkit.Page]) -> list[int]:
    """The pages with anything drawn below the footer's top other than the footer's text (a table's
    border, a cell's text): the page at ``DPI``, its pixels from the footer's top down, beside the
    footer's text (centred; the middle fifth of the page is left out)."""
    spoiled = []
    for page, png in zip(pages, renderkit.to_png(pdf, pdf.parent / f"{pdf.stem}-px", dpi=DPI), strict=True):
        image = Image.open(png).convert("L")
        width, height = image.size
        top = int(_footer(page).top * DPI / 72) + 1
        band = image.crop((0, top, width, height))
        left, right = (
            band.crop((0, 0, width * 2 // 5, band.height)),
            band.crop((width * 3 // 5, 0, width, band.height)),
        )
        if any(part.getextrema()[0] < 160 for part in (left, right)):  # (its darkest pixel)
            spoiled.append(page.number)
    return spoiled


def _check_pages(pdf: Path, signatory: str) -> list[renderkit.Page]:
    pages = renderkit.pages(pdf)
    fills = [round(renderkit.fill(page), 2) for page in pages]
    assert all(fill >= FILL for fill in fills[:-1]), fills
    for page in pages:
        footer = _footer(page)
        below = [line.text for line in page.lines if line is not footer and line.bottom > footer.top + 0.5]
        assert not below, (page.number, below)
    assert _lines_in_footer(pdf, pages) == []
    # The signature's page holds table rows: the head rows (repeated only above rows) and a row under them.
    last = [line.text for line in pages[-1].lines]
    assert "11" in last and signatory in last, last  # "11": the column numbers' row ends
    assert last.index(signatory) > last.index("11") + 2, last
    return pages


def _lefts(shares: tuple[float, ...], left: float, width: float) -> list[float]:
    total = sum(shares)
    return [left + width * sum(shares[:i]) / total for i in range(len(shares) + 1)]


def _columns(pdf: Path, lefts: list[float]) -> dict[int, str]:
    """Each column's words, page after page, squeezed: below the column numbers' row (the head rows
    repeat), above the footer, continuation labels taken out."""
    streams: dict[int, list[str]] = {}
    for words in _words(pdf):
        numbers = [w for w in words if w.text == "11" and w.left > lefts[COL_INFO]]
        footer = [w for w in words if w.text == "Сторінка"]
        head_bottom = numbers[0].bottom if numbers else 0.0
        foot_top = footer[-1].top if footer else 1e9
        body = [w for w in words if head_bottom < w.top and w.bottom <= foot_top]
        body.sort(key=lambda w: (bisect.bisect_right(lefts, w.left) - 1, round(w.top), w.left))
        for word in body:
            streams.setdefault(bisect.bisect_right(lefts, word.left) - 1, []).append(word.text)
    return {column: _squeeze(_unlabelled(" ".join(parts))) for column, parts in streams.items()}


def _check_texts_whole(pdf: Path, lefts: list[float]) -> None:
    seed: ParsedReport = parse_grid(read_file_grid(SEED))
    columns = _columns(pdf, lefts)
    whole = 0
    for m in seed.measures:
        assert _squeeze(f"{m.number}. {m.text}") in columns[COL_MEASURE], m.number
        assert _squeeze(m.executors) in columns[COL_EXECUTORS], m.number
        assert _squeeze(m.info) in columns[COL_INFO], m.number
        whole += 2
    assert whole == 74  # the seed's measure and information texts


_PDF_LEFT: Final = pdf_writer.MARGIN_X
_DOCX_LEFT: Final = docx_writer.MARGIN_MM * MM


def test_annual_pdf_pages(built: tuple[Report, TermReport, Path]) -> None:
    pdf = _rendered(built, "annual", ".pdf")
    _check_pages(pdf, built[0].signatory_name)
    _check_texts_whole(pdf, list(pdf_writer._GRID.lefts))


def _first_body_lines(pdf: Path, lefts: list[float]) -> list[str]:
    """Each page's first line below the head rows (the column numbers' row, «… 10 11»), as LibreOffice
    printed it: the words within a few points of the topmost word under the head, left to right."""
    firsts = []
    for words in _words(pdf):
        head_bottom = min(
            (w for w in words if w.text == "11" and w.left > lefts[9]), key=lambda w: w.top
        ).bottom
        footer_top = min(w.top for w in words if w.text == "Сторінка")
        body = [w for w in words if head_bottom < w.top < footer_top]
        top = min(w.top for w in body)
        firsts.append(" ".join(w.text for w in sorted(body, key=lambda w: w.left) if w.top < top + 4))
    return firsts


_STARTS: Final = re.compile(r"(^|\s)\d+\.(\d+\.)?\s")  # a measure's start «2.9.», a task's «3.»
_CONTINUED: Final = re.compile(r"(^|\s)\d+\.\d+ \(продовж\.\)")


def _check_continuations_named(pdf: Path, lefts: list[float]) -> None:
    """Every page after the first whose first line is not a measure's (or a task's) start begins with
    «N.N (продовж.)»: the DOCX names the row it goes on with (issue 24, point 1); the funds' totals too."""
    totals = (texts.total_general().split()[0], texts.total_special().split()[0])
    firsts = _first_body_lines(pdf, lefts)[1:]
    for number, line in enumerate(firsts, start=2):
        if _STARTS.search(line) or line.startswith(totals):
            continue
        assert _CONTINUED.search(line), f"page {number} begins with no measure: {line!r}"
    assert sum(bool(_CONTINUED.search(line)) for line in firsts) >= 3, firsts


def test_annual_docx_pages_in_libreoffice(built: tuple[Report, TermReport, Path]) -> None:
    pdf = _rendered(built, "annual", ".docx")
    _check_pages(pdf, built[0].signatory_name)
    width = sum(docx_writer._WIDTHS) / 20
    lefts = _lefts(docx_writer.COLUMN_SHARES, _DOCX_LEFT, width)
    _check_texts_whole(pdf, lefts)
    _check_continuations_named(pdf, lefts)


def test_term_pdf_pages_name_their_measures(built: tuple[Report, TermReport, Path]) -> None:
    pdf = _rendered(built, "term", ".pdf")
    _check_pages(pdf, built[1].signatory_name)
    lefts = _lefts(TERM_WIDTHS, _PDF_LEFT, pdf_writer.TABLE_WIDTH)
    continued = _squeeze(texts.continued_number("")).rstrip()
    for number, words in enumerate(_words(pdf), start=1):
        first_year = next(
            (w for w in words if re.fullmatch(r"20\d\d", w.text) and lefts[2] <= w.left < lefts[3]), None
        )
        if first_year is None:
            continue
        # At the height of the page's first year row, or above it (below the head rows): the measure's
        # number or its label, or a fund's totals label.
        head_bottom = next(w.bottom for w in words if w.text == "11" and w.left > lefts[9])
        named = [
            w.text
            for w in words
            if w.left < lefts[2]
            and head_bottom < w.top <= first_year.top + 1
            and (
                re.fullmatch(r"\d+\.\d+\.", w.text)
                or continued in _squeeze(w.text)
                or w.text == texts.total_general().split()[-1]  # «фонду»: the funds' blocks
            )
        ]
        assert named, f"page {number}: a year row without its measure's number"


def test_term_docx_pages_in_libreoffice(built: tuple[Report, TermReport, Path]) -> None:
    pdf = _rendered(built, "term", ".docx")
    _check_pages(pdf, built[1].signatory_name)
    _check_continuations_named(pdf, _lefts(TERM_WIDTHS, _DOCX_LEFT, sum(docx_writer._WIDTHS) / 20))
