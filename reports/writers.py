"""One report, several file formats: a writer per format, chosen by the file's extension.

Each writer renders the same table model (``reports.form``) and holds no report logic. The format
libraries are imported on first use, so choosing a writer costs nothing.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO, Final, Protocol

from reports import texts
from reports.model import Report
from reports.term_report import TermReport


class Writer(Protocol):
    extension: str  # ".xlsx"
    media_type: str

    def write(self, report: Report, target: str | os.PathLike[str] | BinaryIO) -> None: ...

    def write_term(self, term: TermReport, target: str | os.PathLike[str] | BinaryIO) -> None: ...


@dataclass(frozen=True, slots=True)
class _ModuleWriter:
    """A writer whose work is ``write_report(report, target)`` of a module imported when first needed."""

    extension: str
    media_type: str
    module: str

    def write(self, report: Report, target: str | os.PathLike[str] | BinaryIO) -> None:
        importlib.import_module(self.module).write_report(report, target)

    def write_term(self, term: TermReport, target: str | os.PathLike[str] | BinaryIO) -> None:
        """The final report over the term: its own form (``reports.term_report_form``), laid out by the same writer."""
        from reports.term_report_form import term_form_of

        importlib.import_module(self.module).write_form(term_form_of(term), target)


WRITERS: Final[dict[str, Writer]] = {
    writer.extension: writer
    for writer in (
        # The XLSX carries the "Підсумки" sheet too (reports.summary_sheet); the others the form only.
        _ModuleWriter(
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "reports.xlsx_writer",
        ),
        _ModuleWriter(
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "reports.docx_writer",
        ),
        _ModuleWriter(".pdf", "application/pdf", "reports.pdf_writer"),
    )
}


class UnknownFormat(ValueError):
    """The file's extension names no format a report is written in; the message is for people."""


def format_names() -> tuple[str, ...]:
    """Every format a report is written in, by its extension without the dot, in the registry's order
    (``("xlsx", "docx", "pdf")``): what a front end offers and a setting may name."""
    return tuple(extension.lstrip(".") for extension in WRITERS)


def known_formats() -> str:
    extensions = list(WRITERS)
    return texts.formats_or(first=", ".join(extensions[:-1]), last=extensions[-1])


def writer_for(path: str | os.PathLike[str]) -> Writer:
    """The writer for ``path``'s extension (any letter case)."""
    pure = PurePath(path)
    writer = WRITERS.get(pure.suffix.lower())
    if writer is None:
        raise UnknownFormat(texts.unknown_format(name=pure.name, known=known_formats()))
    return writer


def write(report: Report, path: str | os.PathLike[str]) -> None:
    """Write ``report`` to ``path`` in the format its extension names."""
    writer_for(path).write(report, path)


def write_term(term: TermReport, path: str | os.PathLike[str]) -> None:
    """Write the final report over the term to ``path`` in the format its extension names."""
    writer_for(path).write_term(term, path)
