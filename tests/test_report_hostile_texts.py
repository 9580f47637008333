"""What an outside tester types, in every format: the seed's 2023 report with its texts replaced by a word of
5,000 letters, emoji, right-to-left text and bidi marks, combining accents, zero-width characters, soft
hyphens, tabs, runs of line breaks, markup-like and formula-like texts, 40 executors, the widest amounts.

Each report is written as XLSX, DOCX and PDF and opened with its own reader (openpyxl, python-docx, pypdf):
nothing raises, the workbook reads back whole; the PDF draws nothing below its bottom margin but the footer,
no row of the PDF's or the DOCX's pages is taller than the page, and the PDF prints a text's characters as
they read (a tab as a space, no visible mark for an invisible character, an amount on one line)."""

from __future__ import annotations

import asyncio
import io
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from typing import Final

import docx
import openpyxl
import pypdf
import pytest

from reports import docx_pages, docx_writer, layout, pdf_writer
from reports.form import form_of
from reports.importer import read_file_grid
from reports.model import Report
from reports.writers import WRITERS
from tests.test_report_formats import _build

LONG_WORD: Final = "Довгеслово" * 500  # 5,000 letters, no space
EMOJI: Final = "Свято 👍🏽 для родин 🇺🇦 і 👨\u200d👩\u200d👧\u200d👦 сімей ❤️ ✅ 🏳️\u200d🌈 кінець"
RTL: Final = (
    "Арабською: مرحبا بالعالم ٢٠٢٣; івритом: שלום עולם; позначки \u200fRLM\u200e LRM "
    "\u202bвбудова\u202c \u2067ізоляція\u2069 \u202eперевернуто\u202c кінець"
)
COMBINING: Final = (
    "Cafe\u0301 і\u0308 ї й (и\u0306) n\u0303 Z\u0335\u0321\u0354a\u0338l\u0334g\u0337o\u0336 кінець"
)
ZERO_WIDTH: Final = "нуль\u200bширини\u200cне\u200dз'єднувач\u2060слово\ufeffBOM кінець"
SOFT_HYPHENS: Final = " ".join(["інформаційно\u00adпросвітницька ді\u00adяль\u00adність"] * 12)
TABS: Final = "Стовпець1\tСтовпець2\t\tКінець"
LINE_BREAKS: Final = "Початок" + "\n" * 60 + "Кінець"
MARKUP: Final = "<b>жирний</b> &amp; &lt; { $x } {$x} =SUM(A1) @user +1 -2 #N/A _x0041_ кінець"
EXECUTORS_40: Final = "; ".join(f"Департамент номер {i} міської ради" for i in range(1, 41))
WIDEST: Final = Decimal("1000000000.0")  # storage.numbers.MAX_AMOUNT, the most a measure's amount may be

TEXTS: Final = {
    "long_word": LONG_WORD,
    "emoji": EMOJI,
    "rtl": RTL,
    "combining": COMBINING,
    "zero_width": ZERO_WIDTH,
    "soft_hyphens": SOFT_HYPHENS,
    "tabs": TABS,
    "line_breaks": LINE_BREAKS,
    "markup": MARKUP,
}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return asyncio.run(_build(tmp_path_factory.mktemp("hostile")))


def _changed(
    report: Report, rows: dict[int, dict[str, object]], tasks: dict[int, str] | None = None
) -> Report:
    """``report`` with the fields of its rows (counted through the tasks) and tasks' texts replaced."""
    tasks = tasks or {}
    blocks = []
    index = 0
    for number, task in enumerate(report.tasks):
        new_rows = []
        for row in task.rows:
            new_rows.append(replace(row, **rows.get(index, {})))  # type: ignore[arg-type]
            index += 1
        blocks.append(replace(task, rows=tuple(new_rows), text=tasks.get(number, task.text)))
    return replace(report, tasks=tuple(blocks))


def _with_text(seed: Report, text: str) -> Report:
    """The text as task 2's text (B), a measure's text (C), executors (E), information (J) and a term (D)."""
    return _changed(
        seed,
        {
            0: {"info": text},
            3: {"measure_text": text},
            5: {"executors": text},
            7: {"info": text, "term": text[:200]},
        },
        {1: text},
    )


def _written(report: Report, extension: str) -> io.BytesIO:
    target = io.BytesIO()
    WRITERS[extension].write(report, target)
    target.seek(0)
    return target


def _pdf_drawn_below_margin(pdf: io.BytesIO) -> list[tuple[int, str]]:
    """The texts the PDF draws below its bottom margin, other than the page's footer: (page, text)."""
    below: list[tuple[int, str]] = []
    for number, page in enumerate(pypdf.PdfReader(pdf).pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y < pdf_writer.MARGIN_BOTTOM - 1 and not text.startswith("Сторінка"):
                below.append((number, text[:40]))  # noqa: B023 (the page's own list, used at once)

        page.extract_text(visitor_text=visit)
    return below


def _docx_pages_taller_than_a_page(report: Report) -> list[tuple[int, float]]:
    """The DOCX's pages (``docx_pages``) whose rows alone are taller than the page's room: (page, height)."""
    form = form_of(report)
    pages = docx_pages.paginate(
        form,
        docx_writer._TEXT_WIDTHS,
        page_height=(docx_writer.PAGE_HEIGHT_MM - 2 * docx_writer.MARGIN_MM) * docx_writer.POINTS_PER_MM,
        page_width=docx_writer._TABLE_WIDTH / 20,
        table_size=docx_writer.TABLE_SIZE,
        header_size=docx_writer.HEADER_SIZE,
        text_size=docx_writer.TEXT_SIZE,
    )
    room = (docx_writer.PAGE_HEIGHT_MM - 2 * docx_writer.MARGIN_MM) * docx_writer.POINTS_PER_MM
    over = []
    for number, page in enumerate(pages.pages, start=1):
        total = sum(pages.heights[id(row)] for row in page)
        if total > room:
            over.append((number, round(total, 1)))
    return over


# --- every format opens, the workbook reads back whole ---------------------------------------------------


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_format_opens_and_the_workbook_reads_back_whole(seed: Report, name: str) -> None:
    text = TEXTS[name]
    report = _with_text(seed, text)
    openpyxl.load_workbook(_written(report, ".xlsx"))
    docx.Document(_written(report, ".docx"))
    assert pypdf.PdfReader(_written(report, ".pdf")).pages[0].extract_text()
    cells = {cell for row in read_file_grid(_written(report, ".xlsx"), name="r.xlsx") for cell in row}
    assert text in cells and f"1.4. {text}" in cells


def test_formula_and_markup_like_texts_stay_texts(seed: Report) -> None:
    report = _changed(
        seed,
        {0: {"info": "=SUM(A1)", "executors": "@user"}, 1: {"info": "<b>x</b>"}, 2: {"info": "&amp;"}},
        {1: "=SUM(A1)"},
    )
    sheet = openpyxl.load_workbook(_written(report, ".xlsx")).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert {"=SUM(A1)", "@user", "<b>x</b>", "&amp;"} <= set(values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    cells = {cell for row in read_file_grid(_written(report, ".docx"), name="r.docx") for cell in row}
    assert {"=SUM(A1)", "@user", "<b>x</b>", "&amp;"} <= cells
    text = "".join(page.extract_text() for page in pypdf.PdfReader(_written(report, ".pdf")).pages)
    assert all(value in text for value in ("=SUM(A1)", "@user", "<b>x</b>", "&amp;"))


# --- pages: nothing past a page's end ----------------------------------------------------------------------


def test_a_row_taller_than_a_page_after_a_full_page_is_cut_on_the_next() -> None:
    """A row taller than a page that meets too little room at a page's end (the cut refused there) is cut on
    the next page, not put there whole, past the page's end."""

    def cut(box: layout.Box, room: float) -> tuple[layout.Box, layout.Box] | None:
        if room < 30:
            return None
        return layout.Box(room, box.body, keep=True), layout.Box(box.height - room, box.body, keep=box.keep)

    boxes = [layout.Box(80, 0), layout.Box(95, 1), layout.Box(250, 2)]
    pages = layout.paginate(boxes, first_used=0, repeated=0, capacity=100, cut=cut)
    assert [round(sum(box.height for box in page), 1) for page in pages] == [80, 95, 100, 100, 50]


@pytest.mark.parametrize(
    "case",
    ["soft_hyphens", "executors_40"],  # (each makes the seed's pages meet a tall row near a page's end)
)
def test_no_row_runs_past_the_page(seed: Report, case: str) -> None:
    if case == "executors_40":
        report = _changed(seed, {k: {"executors": EXECUTORS_40} for k in range(0, len(seed.rows), 3)})
    else:
        report = _with_text(seed, TEXTS[case])
    assert _pdf_drawn_below_margin(_written(report, ".pdf")) == []
    assert _docx_pages_taller_than_a_page(report) == []


# --- the PDF prints what the text reads ----------------------------------------------------------------


def _pdf_text(report: Report) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(_written(report, ".pdf")).pages)


def test_pdf_prints_a_tab_as_a_space(seed: Report) -> None:
    text = _pdf_text(_with_text(seed, TABS))
    assert "Стовпець1Стовпець2" not in text and re.search(r"Стовпець1\s+Стовпець2\s+Кінець", text)


@pytest.mark.parametrize("name", ["soft_hyphens", "zero_width", "rtl"])
def test_pdf_draws_no_mark_for_an_invisible_character(seed: Report, name: str) -> None:
    """Soft hyphens, zero-width spaces and joiners, bidi marks: the font has a visible glyph for each (a
    hyphen, a bar, a dotted box), and the PDF, which neither hyphenates nor reorders, would draw it."""
    text = _pdf_text(_with_text(seed, TEXTS[name]))
    assert not [c for c in text if unicodedata.category(c) == "Cf"]
    if name == "soft_hyphens":
        assert "інформаційнопросвітницька діяльність" in " ".join(text.split())


def test_pdf_composes_accents(seed: Report) -> None:
    """A letter and its combining accent are drawn as the one letter the font has («é», «ї», «й»)."""
    text = _pdf_text(_with_text(seed, COMBINING))
    assert "Café ї ї й (й) ñ" in text


def test_pdf_prints_the_widest_amounts_on_one_line(seed: Report) -> None:
    widest = {"plan": WIDEST, "actual": WIDEST, "financed": WIDEST, "percent": Decimal("100.0")}
    report = _changed(seed, {k: widest for k in range(len(seed.rows))})
    totals = replace(seed.general, plan=WIDEST * 37, actual=WIDEST * 37, financed=WIDEST * 37)
    report = replace(report, general=totals)
    text = _pdf_text(report)
    assert text.count("1000000000,0") == 3 * len(seed.rows)
    assert text.count("37000000000,0") == 3
