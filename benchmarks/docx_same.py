"""Whether the DOCX and PDF writers still write what they wrote: the DOCX's ``word/document.xml`` (and its
other parts), the PDF's page contents, byte for byte, for the seed's annual report, the seed's term report (three imported
years, 2021-2023, over 2020-2025) and a synthetic report of 800 measures.

    python -m benchmarks.docx_same --dump DIR    # write them to DIR (before a change)
    python -m benchmarks.docx_same --check DIR   # compare today's with DIR's; exit 1 where any differs
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdf

from actions.actor import Actor
from actions.reports import term_report
from benchmarks.reports_bench import YEAR, _database, _read, _seed_data
from reports.consolidate import consolidate
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from reports.writers import WRITERS
from storage.db import connect
from storage.programs import list_programs
from tests.conftest import SEED


def _term(tmp: Path):  # -> a TermReport
    async def build():
        db = await connect(tmp / "history.db")
        try:
            for year in (2021, 2022, 2023):
                text = SEED.read_text(encoding="utf-8").replace("за 2023 рік", f"за {year} рік", 1)
                source = tmp / f"zvit-{year}.txt"
                source.write_text(text.replace("У 2023 році", f"У {year} році"), encoding="utf-8")
                await import_report(db, parse_grid(read_file_grid(source)), source_name=source.name)
            async with db.locked() as conn:
                [program] = await list_programs(conn)
            return await term_report(db, Actor.command_line("test"), program, 2020, 2025)
        finally:
            await db.close()

    return asyncio.run(build())


def _docx_xml(write: Callable[[io.BytesIO], None]) -> bytes:
    out = io.BytesIO()
    write(out)
    with zipfile.ZipFile(out) as package:
        return package.read("word/document.xml")


def _docx_parts(write: Callable[[io.BytesIO], None]) -> bytes:
    """The package's other parts, each named (their contents; not when they were written)."""
    out = io.BytesIO()
    write(out)
    with zipfile.ZipFile(out) as package:
        return b"".join(
            item.filename.encode() + b"\n" + package.read(item.filename) + b"\n"
            for item in package.infolist()
            if item.filename != "word/document.xml"
        )


def _pdf_pages(write: Callable[[io.BytesIO], None]) -> bytes:
    out = io.BytesIO()
    write(out)
    return b"\n%%page%%\n".join(page.get_contents().get_data() for page in pypdf.PdfReader(out).pages)


def outputs() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        annual = consolidate(*_seed_data(), YEAR)
        term = _term(Path(tmp))
        path = Path(tmp) / "bench-20.sqlite3"
        _database(path, 20, 40, 1)
        synthetic = _read(path)
    docx, pdf = WRITERS[".docx"], WRITERS[".pdf"]
    return {
        "annual.docx.xml": _docx_xml(lambda o: docx.write(annual, o)),
        "term.docx.xml": _docx_xml(lambda o: docx.write_term(term, o)),
        "synthetic-800.docx.xml": _docx_xml(lambda o: docx.write(synthetic, o)),
        "annual.docx.parts": _docx_parts(lambda o: docx.write(annual, o)),
        "term.docx.parts": _docx_parts(lambda o: docx.write_term(term, o)),
        "annual.pdf.pages": _pdf_pages(lambda o: pdf.write(annual, o)),
        "term.pdf.pages": _pdf_pages(lambda o: pdf.write_term(term, o)),
        "synthetic-800.pdf.pages": _pdf_pages(lambda o: pdf.write(synthetic, o)),
    }


def main() -> int:
    mode, directory = sys.argv[1], Path(sys.argv[2])
    differ = 0
    for name, data in outputs().items():
        digest = hashlib.sha256(data).hexdigest()[:16]
        if mode == "--dump":
            directory.mkdir(parents=True, exist_ok=True)
            (directory / name).write_bytes(data)
            print(f"{name}: {len(data):,} bytes, sha256 {digest}")
            continue
        same = (directory / name).read_bytes() == data
        differ += not same
        print(f"{name}: {len(data):,} bytes, sha256 {digest}, {'same' if same else 'DIFFERENT'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
