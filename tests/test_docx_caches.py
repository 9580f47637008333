"""The DOCX and PDF writers keep what a report repeats and a report written again reuses (wrapped texts,
cells' XML, the document around the table, «4.3 (продовж.)»): what they write is the same cold or warm,
and two forms of different columns (the annual's and the term's) written in turn do not take each
other's."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import pypdf
import pytest

from benchmarks.reports_bench import _seed_data
from reports import docx_pages, docx_writer, pdf_writer
from reports.consolidate import consolidate
from reports.term_report import TermReport
from reports.writers import WRITERS
from tests.test_term_report_formats import _history, _term


def _forget() -> None:
    docx_pages.forget_wrapped_texts()
    docx_writer.forget_skeletons()
    pdf_writer.forget_wrapped_texts()


def _docx(write: object) -> dict[str, bytes]:
    out = io.BytesIO()
    write(out)  # type: ignore[operator]
    with zipfile.ZipFile(out) as package:
        return {name: package.read(name) for name in package.namelist()}


def _pdf(write: object) -> list[bytes]:
    out = io.BytesIO()
    write(out)  # type: ignore[operator]
    return [page.get_contents().get_data() for page in pypdf.PdfReader(out).pages]


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory) -> TermReport:
    path = asyncio.run(_history(tmp_path_factory.mktemp("caches")))
    return asyncio.run(_term(path))


def test_written_again_and_in_turn_the_same(term: TermReport) -> None:
    annual = consolidate(*_seed_data(), 2023)
    docx, pdf = WRITERS[".docx"], WRITERS[".pdf"]
    writes = {
        "annual docx": lambda out: docx.write(annual, out),
        "term docx": lambda out: docx.write_term(term, out),
    }
    drawn = {
        "annual pdf": lambda out: pdf.write(annual, out),
        "term pdf": lambda out: pdf.write_term(term, out),
    }
    cold: dict[str, object] = {}
    for name, write in writes.items():
        _forget()
        cold[name] = _docx(write)
    for name, draw in drawn.items():
        _forget()
        cold[name] = _pdf(draw)
    for _ in range(2):  # warm, each after the other form
        for name, write in writes.items():
            assert _docx(write) == cold[name], name
        for name, draw in drawn.items():
            assert _pdf(draw) == cold[name], name


def test_another_title_another_document() -> None:
    """The document around the table is kept by its lines: a report of another year has its own."""
    data = _seed_data()
    first = _docx(lambda out: WRITERS[".docx"].write(consolidate(*data, 2023), out))
    second = _docx(lambda out: WRITERS[".docx"].write(consolidate(*data, 2024), out))
    assert "за 2023 рік".encode() in first["word/document.xml"]
    assert "за 2024 рік".encode() in second["word/document.xml"]
    assert "за 2023 рік".encode() not in second["word/document.xml"]


def test_cached_package_still_opens(tmp_path: Path) -> None:
    import docx

    annual = consolidate(*_seed_data(), 2023)
    for _ in range(2):
        path = tmp_path / "r.docx"
        WRITERS[".docx"].write(annual, path)
        assert len(docx.Document(str(path)).tables) > 1
