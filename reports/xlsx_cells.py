"""What every workbook we write shares: the default font, cell styles applied cheaply, texts made safe for a
cell (Excel's escapes, its cell limit, long texts cut where a line or a word ends).

The official form's sheet (``reports.xlsx_writer``), its summary sheet (``reports.summary_sheet``), the plan and
directory sheets (``reports.plan_sheet``, ``reports.directory_sheet``) build on it; it knows nothing of any of them.
"""

from __future__ import annotations

import re
import unicodedata
from copy import copy
from dataclasses import dataclass, field
from typing import Final

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.named_styles import NamedStyle, NamedStyleList
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet as StreamedSheet

# Excel's limit, counted in UTF-16 code units (an emoji takes two).
CELL_LIMIT: Final = 32_767
NUMBER_FORMAT: Final = "0.0"
# The workbook's default font: column widths are measured in its digits (see reports.layout).
DEFAULT_FONT: Final = Font(name="Times New Roman", size=12)
# A literal "_xHHHH_" in a cell's text is Excel's escape for character HHHH; its "_" is stored as "_x005F_".
ESCAPED_UNDERSCORE: Final = "_x005F_"
_ESCAPE_RE: Final = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# How far back from the hard limit a piece of a long text may end early to end at a line break or space.
_BREAK_WINDOW: Final = 2_000


@dataclass(frozen=True, slots=True)
class SheetStyles:
    """The looks of the sheets handed out to fill and send back (plans, the directory): a table's font and its
    bold, thin borders, wrapped text, grey for what is only read, yellow for what is filled in."""

    table: Font
    bold: Font
    border: Border
    wrap: Alignment
    grey: PatternFill
    fill_in: PatternFill

    @classmethod
    def of(cls, font: str, size: float) -> SheetStyles:
        thin = Side(style="thin")
        return cls(
            table=Font(name=font, size=size),
            bold=Font(name=font, size=size, bold=True),
            border=Border(left=thin, right=thin, top=thin, bottom=thin),
            wrap=Alignment(wrap_text=True, vertical="top"),
            grey=PatternFill("solid", fgColor="EEEEEE"),
            fill_in=PatternFill("solid", fgColor="FFF2CC"),
        )


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so a style lookup costs no Font hashing
class Style:
    font: Font
    alignment: Alignment
    border: Border | None = None
    number_format: str = "General"
    size: float = field(init=False)  # the font's, for measuring texts
    bold: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", float(self.font.size or 11))
        object.__setattr__(self, "bold", bool(self.font.b))


class Styler:
    """Gives cells a style by copying the style array of the first cell that got it the normal way.

    openpyxl's font/border/alignment setters hash the style object on every assignment, which with tens of
    thousands of table cells is most of the writing time; copying a cell's array of style ids (what
    openpyxl's own worksheet copy does) is cheap and gives the same result.
    """

    def __init__(self, ws: Worksheet | None = None) -> None:
        self._ws = ws
        self._arrays: dict[Style, StyleArray] = {}

    def array(self, style: Style, cell: Cell | MergedCell | None = None) -> StyleArray:
        """The style ids of ``style`` (found by styling ``cell``, or a cell of no row, the first time)."""
        array = self._arrays.get(style)
        if array is None:
            probe = cell if cell is not None else Cell(self._ws)  # type: ignore[arg-type]
            probe.font = style.font
            probe.alignment = style.alignment
            if style.border is not None:
                probe.border = style.border
            probe.number_format = style.number_format
            array = self._arrays[style] = StyleArray(probe._style)
        return array

    def apply(self, cell: Cell | MergedCell, style: Style) -> None:
        cell._style = StyleArray(self.array(style, cell))


def escape_text(value: str) -> str:
    """Protect a literal "_xHHHH_" from Excel's decoding (ECMA-376 ST_Xstring)."""
    return _ESCAPE_RE.sub(ESCAPED_UNDERSCORE, value) if "_x" in value else value


def cell_units(value: str) -> int:
    """Length of a cleaned text as Excel counts it once stored (UTF-16 code units, after escaping)."""
    return len(escape_text(value).encode("utf-16-le")) // 2


def split_for_cells(value: str, limit: int = CELL_LIMIT) -> list[str]:
    """Cut a cleaned text into pieces that each fit one cell; ``"".join(pieces) == value``."""
    if (len(value) <= limit // 2 and "_x" not in value) or cell_units(value) <= limit:
        return [value]
    escaped_at = {match.start() for match in _ESCAPE_RE.finditer(value)}
    pieces: list[str] = []
    start = 0
    end = len(value)
    while start < end:
        units = 0
        stop = start
        while stop < end:
            # Counting with the whole text's escapes over-counts at a piece's end, which only errs short.
            step = (2 if ord(value[stop]) > 0xFFFF else 1) + (6 if stop in escaped_at else 0)
            if units + step > limit:
                break
            units += step
            stop += 1
        if stop < end:
            stop = _break_before(value, start, stop)
        pieces.append(value[start:stop])
        start = stop
    return pieces


def _break_before(value: str, start: int, stop: int) -> int:
    """Where to end the piece value[start:stop] that hit the limit: after a line break or space if one is
    near, else at ``stop`` moved back so that no emoji sequence or accented letter is split."""
    low = max(start + 1, stop - _BREAK_WINDOW)
    for separator in ("\n", " "):
        found = value.rfind(separator, low - 1, stop)
        if found != -1:
            return found + 1
    cut = stop
    while cut - 1 > start and (joins_previous(value[cut]) or value[cut - 1] == "\u200d"):
        cut -= 1
    return cut


def joins_previous(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (an accent, a joiner, an emoji modifier): a text is
    never cut between them."""
    code = ord(char)
    return (
        char == "\u200d"  # zero-width joiner
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (emoji presentation)
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
    )


def form_workbook() -> Workbook:
    """A workbook whose default font (the "Normal" style, the unit of column widths) is ``DEFAULT_FONT``."""
    wb = Workbook()
    wb._fonts = IndexedList([DEFAULT_FONT])
    wb._named_styles = NamedStyleList()
    wb.add_named_style(NamedStyle(font=copy(DEFAULT_FONT), border=copy(DEFAULT_BORDER), builtinId=0))
    return wb


def write_text(ws: StreamedSheet, row: int, column: int, value: str, cell_format: Format) -> None:
    """A text as a literal string in an XlsxWriter sheet, whatever it looks like (0-based row and column)."""
    if len(value) > CELL_LIMIT // 2 and len(value.encode("utf-16-le")) // 2 > CELL_LIMIT:
        raise ValueError(f"row {row + 1}: a text longer than Excel's cell limit of {CELL_LIMIT} characters")
    if value.startswith("<r>") and value.endswith("</r>"):
        # XlsxWriter would take such a string for its own rich-text XML: as two runs it is escaped.
        ws.write_rich_string(row, column, value[:3], value[3:], cell_format)
    else:
        ws.write_string(row, column, value, cell_format)
