"""Excel's height for a row of wrapped text, from the font's own vertical metrics (issue 24: Excel is not
installed where the report is built or tested, so its row heights are computed, not measured).

Excel (Windows, 96 dpi) sizes a row in whole pixels from the font as GDI gives it:

- the em in whole pixels: ``ppem = round(size × 96 / 72)`` (GDI asks for a whole-pixel font height; ClosedXML's
  development notes measure Excel's digit width the same way, ``ROUND(advance / unitsPerEm ×
  ROUND(size / 72 × dpi))``: github.com/ClosedXML/ClosedXML/wiki/Cell-Dimensions);
- a line: GDI's ``tmHeight`` (OS/2 ``usWinAscent + usWinDescent`` scaled to the em, rounded) plus its
  ``tmExternalLeading`` (the hhea line gap less what the win metrics already add over hhea's ascender and
  descender, rounded): how GDI fills its TEXTMETRIC for a TrueType font without a VDMX table, as Wine
  reproduces it (Huw Davies on the FreeType list, lists.nongnu.org/archive/html/freetype/2003-02/msg00072.html;
  Wine's dlls/gdi/freetype.c);
- a row: the lines plus 2 pixels.

The per-line model is how writers without a renderer fit wrapped text (ClosedXML's ``XLRow.AdjustToContents``
multiplies the font's height by the number of lines: ClosedXML/ClosedXML, ClosedXML/Excel/Rows/XLRow.cs). The
constants were checked against published one-line heights Excel gives at 96 dpi (see tests/test_excel_rows.py):
Times New Roman 11 → 15 pt = 20 px (SpreadsheetLight's table measured in Excel, SLTool.GetDefaultRowHeight),
Arial 10 → 17 px (XlsxWriter, xlsxwriter/worksheet.py, its Excel 2003 style; Rick Rothstein's table,
excelbanter.com/597062-post11.html: Arial 10-16 → 17 19 20 22 24 25 27 px), Calibri 11 → 20 px (XlsxWriter's
default row). The model gives 8 of those 10 exactly and the other two within a pixel (Arial 12 and 16: the
hinted fonts' own per-size tables, VDMX, move a line by a pixel at some sizes, which no formula from the
scaled metrics reproduces). For Times New Roman 10, the form's table: 15 px (11.25 pt) a line, 17 px a
single-line row. Doubtful: GDI may round the ascent and the descent each (Wine's SCALE_Y), which gives
Times New Roman 10 a line of 16 px, not 15 (and Times New Roman 11 a one-line row of 19 px where 20 is
published, so the rounding of the sum is kept); nothing public measures Excel's wrapped rows at 10 pt.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

DPI: Final = 96
PAD_PIXELS: Final = 2  # a row's pixels beyond its lines
POINTS_PER_PIXEL: Final = 72 / DPI


@dataclass(frozen=True, slots=True)
class VerticalMetrics:
    """A font's vertical metrics, in font units (the OS/2 and hhea tables)."""

    units_per_em: int
    win_ascent: int
    win_descent: int
    ascender: int  # hhea
    descender: int  # hhea, negative below the baseline
    line_gap: int  # hhea


def _round(value: float) -> int:
    return math.floor(value + 0.5)


@cache
def read_metrics(path: Path) -> VerticalMetrics:
    """The vertical metrics of a TrueType/OpenType font file (its head, hhea and OS/2 tables)."""
    data = path.read_bytes()
    (count,) = struct.unpack_from(">H", data, 4)
    tables: dict[bytes, int] = {}
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    (units_per_em,) = struct.unpack_from(">H", data, tables[b"head"] + 18)
    ascender, descender, line_gap = struct.unpack_from(">hhh", data, tables[b"hhea"] + 4)
    win_ascent, win_descent = struct.unpack_from(">HH", data, tables[b"OS/2"] + 74)
    return VerticalMetrics(units_per_em, win_ascent, win_descent, ascender, descender, line_gap)


def ppem(size: float) -> int:
    """The font's em in whole pixels at 96 dpi."""
    return _round(size * DPI / 72)


def line_pixels(metrics: VerticalMetrics, size: float) -> int:
    """A line of text in Excel, in pixels: GDI's tmHeight plus tmExternalLeading."""
    em = ppem(size)
    win = metrics.win_ascent + metrics.win_descent
    height = _round(em * win / metrics.units_per_em)
    extra = max(0, metrics.line_gap - (win - (metrics.ascender - metrics.descender)))
    return height + _round(em * extra / metrics.units_per_em)


def row_pixels(lines: int, metrics: VerticalMetrics, size: float) -> int:
    """The height Excel fits a row showing ``lines`` lines of this font to, in pixels."""
    return max(1, lines) * line_pixels(metrics, size) + PAD_PIXELS


def row_points(lines: int, metrics: VerticalMetrics, size: float) -> float:
    """The same in points (a sheet's unit: 0.75 pt a pixel)."""
    return row_pixels(lines, metrics, size) * POINTS_PER_PIXEL
