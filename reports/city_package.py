"""The council session's package: every program's report of a year, in the formats asked for, and the city's sheet
(``reports.city_sheet``), in one ZIP. The chat's ``/report 2024 all`` sends it; ``python -m cli report 2024 --all``
writes it.

Names inside: the city's sheet first, then «NN name.ext» per program: NN its place (so the names are unique and
sort as the sheet's rows), the name the program's short one (the part in «» after a dash, as people call it),
without the characters a file system refuses, at most ``NAME_LIMIT`` characters. Ukrainian stays Ukrainian
(``zipfile`` marks the names UTF-8). Each is dated when the package is written, in the council's zone: a ZIP's
times have no zone, and an archive program shows them as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO, Final
from zoneinfo import ZoneInfo

from l10n import t
from l10n.times import archive_time
from reports.city_sheet import city_sheet, write_city_sheet
from reports.model import Report
from reports.texts import period_line
from reports.writers import writer_for
from storage.clock import KYIV
from storage.deadlines import Interim

NAME_LIMIT: Final = 60
_UNSAFE: Final = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
# Formats that are ZIP packages already: stored as they are (deflating them again gains nothing).
_PACKED: Final = frozenset({"xlsx", "docx"})


def short_name(name: str) -> str:
    """A program as people call it: the part of its name inside «» when there is one, of that the part after a
    dash ("Житомирська міська ОТГ – територія рівних можливостей": the part after the dash tells them apart)."""
    quoted = re.search(r"«([^»]+)»", name)
    inner = quoted.group(1) if quoted else name
    tail = re.split(r"\s[–—-]\s", inner)[-1].strip()
    return " ".join((tail or inner).split())


def safe_name(text: str, limit: int = NAME_LIMIT) -> str:
    """``text`` as a file's name: no characters a file system refuses, no dots or spaces at the ends, at most
    ``limit`` characters (cut at a word where one is near)."""
    name = " ".join(_UNSAFE.sub(" ", text).split()).strip(" .")
    if len(name) > limit:
        cut = name.rfind(" ", 0, limit + 1)
        name = name[: cut if cut > limit * 2 // 3 else limit].rstrip(" .")
    return name or "_"


@dataclass(frozen=True, slots=True)
class Package:
    """What the ZIP holds, for the caller to say (its bytes are written to the target)."""

    names: tuple[str, ...]  # the files inside, in order


def program_file_names(names: Sequence[str], formats: Sequence[str]) -> list[list[str]]:
    """For each program (its full name), its files' names in ``formats``: «NN short name.ext»."""
    width = max(2, len(str(len(names))))
    return [
        [f"{index:0{width}d} {safe_name(short_name(name))}.{extension}" for extension in formats]
        for index, name in enumerate(names, start=1)
    ]


def write_city_package(
    year: int,
    reports: Sequence[Report],
    without_data: Sequence[str],
    formats: Sequence[str],
    target: BinaryIO,
    interim: Interim | None = None,
    zone: ZoneInfo = KYIV,
) -> Package:
    """The ZIP of ``reports`` (each in ``formats``: "xlsx", "pdf", …) and the city's sheet, written to ``target``;
    ``without_data``: the names of the programs without data that year (the sheet lists them); ``interim``: the
    package of interim reports (``reports`` are such), its sheet and names «за І півріччя 2024 року»; ``zone``: the
    council's, in which its files are dated."""
    writers = [
        writer_for(f"report.{extension}") for extension in formats
    ]  # an unknown format: before any work
    names: list[str] = []
    now = archive_time(dt.datetime.now(dt.UTC), zone)
    with zipfile.ZipFile(target, "w") as archive:
        sheet = io.BytesIO()
        write_city_sheet(city_sheet(year, reports, without_data, interim), sheet)
        period = period_line(year, interim)
        sheet_name = f"{safe_name(t('city-sheet-file-name', period=period))}.xlsx"
        archive.writestr(_entry(sheet_name, now, zipfile.ZIP_STORED), sheet.getvalue())
        names.append(sheet_name)
        file_names = program_file_names([r.program_name for r in reports], formats)
        for report, files in zip(reports, file_names, strict=True):
            for writer, extension, name in zip(writers, formats, files, strict=True):
                buffer = io.BytesIO()
                writer.write(report, buffer)
                packed = extension in _PACKED
                archive.writestr(
                    _entry(name, now, zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED),
                    buffer.getvalue(),
                )
                names.append(name)
    return Package(tuple(names))


def _entry(name: str, when: tuple[int, int, int, int, int, int], compression: int) -> zipfile.ZipInfo:
    """A file of the package: dated ``when``, readable by everyone once unpacked."""
    info = zipfile.ZipInfo(name, when)
    info.compress_type = compression
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    return info
