"""Reading a report workbook (as ``reports.xlsx_writer`` writes it) back as a grid of text cells.

The grid has the shape of the published report copied as tab-separated text (the seed), so that one text
importer reads both: one list of strings per sheet row, list position ``i`` being sheet row ``i + 1``.

A workbook is a zip of XML parts that can claim anything: a 5 KB file can say its sheet runs to XFD1048576,
a 10 MB one can unpack to gigabytes. The reader trusts no claim. Before openpyxl parses a part, the part's
unpacked size (which ``zipfile`` enforces) is checked; the first sheet is scanned once as a stream, holding
nothing but counters, and refused on the first value outside the area a report can fill (``MAX_COLUMNS`` by
``MAX_ROWS``), past ``MAX_CELLS`` cells, and so on. Only then is it read, cell by cell, into a grid of that
area at most. A formula reads as the value it shows: the one the program that saved the file computed (Excel,
LibreOffice), as its cell's format shows it. A formula without one (a file a script wrote: nothing computed it)
or whose value is an error is refused, its cell named: an empty value would read as zero. Every refusal is a ``WorkbookError``, which names its message in the catalog
(``l10n/uk/workbook.ftl``): never a Python exception's name.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, BinaryIO, Final
from xml.parsers import expat

# openpyxl's reading machinery below its load_workbook(): load_workbook() would parse every sheet of the
# workbook (each one, in read-only mode, in full when it has no <dimension>); this reads only what the
# report needs, and only after the checks above. Pinned by pyproject (openpyxl < 4).
from openpyxl.cell.text import Text
from openpyxl.formula.translate import Translator
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import ExcelReader, _find_workbook_part
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from l10n import t
from reports.import_issues import SheetGrid
from reports.page_joins import Pieces, joined
from reports.xlsx_cells import ESCAPED_UNDERSCORE, escape_text
from reports.zip_bounds import directory_size

log = logging.getLogger(__name__)

Preference = Callable[[list[list[str]]], bool]  # whether a sheet's grid is the one a caller looks for

# The bounds. The form has ten columns (A..J) and a row per measure, task total and signature line.
MAX_COLUMNS: Final = 16  # A..P: a value right of P is refused, empty formatted cells there are ignored
MAX_ROWS: Final = 20_000  # a program of a few thousand measures, with room; a value below is refused
MAX_CELLS: Final = 400_000  # cells written in the sheet's XML, empty formatted ones included (> 16 x 20,000)
MAX_ROW_RECORDS: Final = 50_000  # rows written in the sheet's XML, empty formatted ones included
MAX_ELEMENTS: Final = 2_000_000  # XML elements in the sheet or in the shared strings
MAX_MERGES: Final = 20_000
MAX_STRINGS: Final = 100_000  # the workbook's shared strings, all held by openpyxl (a report has ~6 a row)
MAX_CHARS: Final = 5_000_000  # text in the workbook (the seed has 22,000; a 2,000-measure report 2.1 million)
MAX_PARTS: Final = 10_000  # files in the zip (a report has about twenty)
MAX_DIRECTORY_BYTES: Final = 4 * 2**20  # the zip's list of files, which zipfile reads whole on opening
MAX_STREAM_BYTES: Final = 64 * 2**20  # the sheet's and the shared strings' XML, unpacked (read as streams)
MAX_PART_BYTES: Final = 4 * 2**20  # other XML openpyxl parses whole: content types, workbook, styles
MAX_SHEETS_LOOKED: Final = 100  # sheets looked at for the one a caller prefers (a report's after a cover)
FORMULAS_LISTED: Final = 5  # formula cells without a value named in the message; the rest are counted
FORMULA_SHOWN: Final = 60  # characters of a formula shown in the message
MAX_SHARED_FORMULAS: Final = 10_000  # groups of shared formulas whose first cell is kept to name the others

_MAIN: Final = SHEET_MAIN_NS + "}"
_ROW, _VALUE, _FORMULA, _INLINE = (_MAIN + n for n in ("row", "v", "f", "is"))
_TEXT, _PHONETIC, _MERGE, _STRING = (_MAIN + n for n in ("t", "rPh", "mergeCell", "si"))
_COLUMN: Final = _MAIN + "col"
_TRUE: Final = ("1", "true")
_CFB_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file: old .xls, or an encrypted .xlsx
_ENCRYPTED_STREAM: Final = "EncryptedPackage".encode("utf-16-le")
_CHUNK: Final = 64 * 1024

_UNESCAPE_RE: Final = re.compile(re.escape(ESCAPED_UNDERSCORE) + r"(?=x[0-9A-Fa-f]{4}_)")
_PLACES_RE: Final = re.compile(r"\.(0+)")
_SHOWN_PLACES_RE: Final = re.compile(r"\.([0#?]+)")  # the decimals a format shows: 0 always, # and ? if any
_DIGITS_RE: Final = re.compile(r"[0#?]")
_ESCAPED_RE: Final = re.compile(r"_x005F(_x[0-9A-Fa-f]{4}_)")
_QUOTED_RE: Final = re.compile(r'"[^"]*"|\\.')  # a number format's literal text: "…" and \x


class WorkbookError(ValueError):
    """The workbook cannot be read. ``message_id`` is the catalog's message, ``arguments`` its values.

    ``str()`` gives the message in Ukrainian (``render``), so code that shows ``str(error)`` shows it.
    """

    def __init__(self, message_id: str, **arguments: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.arguments = arguments

    def render(self) -> str:
        return t(self.message_id, **self.arguments)

    def __str__(self) -> str:
        return self.render()


class FormulaError(WorkbookError):
    """Cells hold formulas without a value to read (none computed, or an error): ``cells`` are the first few as
    (address, formula or None), ``count`` all of them."""

    def __init__(self, cells: list[tuple[str, str | None]], count: int) -> None:
        super().__init__("workbook-formulas", count=count)
        self.cells = cells
        self.count = count

    def render(self) -> str:
        listed = ", ".join(
            t("workbook-formula-cell", cell=cell, formula=_clip(formula))
            if formula
            else t("workbook-formula-cell-bare", cell=cell)
            for cell, formula in self.cells
        )
        if self.count > len(self.cells):
            listed += " " + t("workbook-formulas-more", count=self.count - len(self.cells))
        return t("workbook-formulas", count=self.count, cells=listed)


def read_workbook_grid(
    source: str | os.PathLike[str] | BinaryIO,
    prefer: Preference | None = None,
    also: Preference | None = None,
) -> list[list[str]]:
    """The first sheet's rows as lists of strings, trailing empty cells trimmed (an empty row is ``[]``); with
    ``prefer``, the first visible sheet's whose grid it takes (else the first sheet's): a report's form after a
    cover sheet, not a hidden sheet before it. Sheets are looked at within ``MAX_SHEETS_LOOKED`` and, together,
    ``MAX_STREAM_BYTES`` of their XML; a sheet that cannot be read is passed over. With ``also``, the visible
    sheets after the one taken that it takes too are named in the grid's ``others`` (a second program's report).

    Numbers read as the report prints them: decimal comma, at least as many decimals as the cell's number
    format shows (``0.0`` -> 228.3 is "228,3", 100 is "100,0") and every decimal the value has beyond
    that ("12,345"); the column-number row, in the General format, reads "1", "2", ... Cells covered by
    a merge read "". A measure's continuation rows (see ``reports.xlsx_writer``) are joined into the
    measure row's cells (C: what follows the label's line, E, J) and read as ``[]`` themselves, so row
    positions stay sheet rows. A head (column titles and the column numbers below them) that repeats one
    read above it, as a page of the form begins with (``reports.xlsx_pages``), reads as ``[]`` too.

    Raises ``WorkbookError`` for anything that is not such a workbook within the bounds above.
    """
    with _binary(source) as stream:
        try:
            return _read(stream, prefer, also)
        except WorkbookError:
            raise
        except Exception as exc:  # openpyxl and zipfile raise anything for a damaged file
            log.info("unreadable workbook: %r", exc)
            raise WorkbookError("workbook-corrupt") from exc


@contextmanager
def _binary(source: str | os.PathLike[str] | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            yield stream
    elif source.seekable():
        yield source
    else:
        yield io.BytesIO(source.read())


def _read(stream: BinaryIO, prefer: Preference | None, also: Preference | None) -> list[list[str]]:
    head = stream.read(len(_CFB_MAGIC))
    stream.seek(0)
    if not head:
        raise WorkbookError("workbook-empty-file")
    if head == _CFB_MAGIC:
        # Excel encrypts a password-protected .xlsx into an OLE file; an old .xls is one too.
        encrypted = _ENCRYPTED_STREAM in stream.read(MAX_STREAM_BYTES)
        raise WorkbookError("workbook-encrypted" if encrypted else "workbook-old-format")
    _check_zip_directory(stream)
    try:
        reader = ExcelReader(stream, read_only=True, data_only=False, keep_links=False)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise WorkbookError("workbook-corrupt" if head.startswith(b"PK") else "workbook-not-zip") from exc
    archive = reader.archive
    try:
        return _read_archive(reader, archive, prefer, also)
    finally:
        archive.close()


def _read_archive(
    reader: ExcelReader, archive: zipfile.ZipFile, prefer: Preference | None, also: Preference | None
) -> list[list[str]]:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise WorkbookError("workbook-too-many-parts", limit=MAX_PARTS)
    if any(info.flag_bits & 0x1 for info in infos):
        raise WorkbookError("workbook-encrypted")
    names = set(reader.valid_files)
    # A zip without a workbook part: some other document, or the binary .xlsb which has a workbook.bin.
    not_a_workbook = "workbook-binary-format" if "xl/workbook.bin" in names else "workbook-not-workbook"
    if ARC_CONTENT_TYPES not in names:
        if _opendocument(archive, names):
            raise WorkbookError("workbook-opendocument")
        raise WorkbookError(not_a_workbook)
    _check_part(archive, ARC_CONTENT_TYPES, MAX_PART_BYTES)
    reader.read_manifest()
    try:
        workbook_part = _find_workbook_part(reader.package).PartName[1:]
    except OSError as exc:  # "File contains no valid workbook part"
        raise WorkbookError(not_a_workbook) from exc
    _check_part(archive, workbook_part, MAX_PART_BYTES)
    if get_rels_path(workbook_part) in names:
        _check_part(archive, get_rels_path(workbook_part), MAX_PART_BYTES)

    strings = reader.package.find(SHARED_STRINGS)
    chars = 0
    if strings is not None:
        strings_part = strings.PartName[1:]
        _check_part(archive, strings_part, MAX_STREAM_BYTES)
        chars = _scan_shared_strings(archive, strings_part)
    if strings is not None:
        reader.shared_strings = _shared_strings(archive, strings.PartName[1:])
    reader.read_workbook()
    if ARC_STYLE in names:
        _check_part(archive, ARC_STYLE, MAX_PART_BYTES)
    apply_stylesheet(archive, reader.wb)

    # The worksheets in order, as openpyxl's wb.worksheets: chartsheets and missing parts are skipped.
    sheets = [
        (sheet.name, rel.target, sheet.state in (None, "visible"))
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in names and "chartsheet" not in rel.Type
    ]
    if not sheets:
        raise WorkbookError("workbook-no-sheets")
    first: SheetGrid | None = None
    if prefer is not None:
        # The first visible sheet the caller takes for its own (a report's form after a cover sheet, not an old
        # version hidden before it), looked for within bounds; else the first sheet, as without a preference.
        for index, sheet_name, grid, looked in _visible_grids(reader, archive, sheets, chars):
            if prefer(grid):
                grid.sheet = sheet_name
                if also is not None:
                    # the visible sheets after it that ``also`` takes (a second program's report in the same
                    # workbook), looked for within the same bounds: the caller decides what they mean
                    grid.others = tuple(
                        name
                        for _, name, other, _ in _visible_grids(
                            reader, archive, sheets[index + 1 : MAX_SHEETS_LOOKED], chars, looked
                        )
                        if also(other)
                    )
                return grid
            if index == 0:
                first = grid  # the one to give if no sheet is taken: read once
    if first is not None:
        return first
    sheet_name, sheet_part, _ = sheets[0]
    return _sheet_grid(reader, archive, sheet_name, sheet_part, chars)


def _visible_grids(
    reader: ExcelReader,
    archive: zipfile.ZipFile,
    sheets: list[tuple[str, str, bool]],
    chars: int,
    looked: int = 0,
) -> Iterator[tuple[int, str, SheetGrid, int]]:
    """The visible sheets' grids in order (each with its index in ``sheets``, its name and the bytes of sheets
    looked at so far, ``looked`` before them), within ``MAX_SHEETS_LOOKED`` sheets and ``MAX_STREAM_BYTES``; a
    sheet that cannot be read is passed over."""
    for index, (sheet_name, sheet_part, visible) in enumerate(sheets[:MAX_SHEETS_LOOKED]):
        looked += archive.getinfo(sheet_part).file_size
        if looked > MAX_STREAM_BYTES:
            return
        if not visible:
            continue
        try:
            grid = _sheet_grid(reader, archive, sheet_name, sheet_part, chars)
        except WorkbookError:
            continue
        yield index, sheet_name, grid, looked


def _sheet_grid(
    reader: ExcelReader, archive: zipfile.ZipFile, sheet_name: str, sheet_part: str, chars: int
) -> SheetGrid:
    """One sheet's grid, scanned within the bounds first (``chars``: the shared strings' text)."""
    _check_part(archive, sheet_part, MAX_STREAM_BYTES)
    scan = _SheetScan(chars)
    scan.run(archive, sheet_part)
    if scan.formulas:
        raise FormulaError(scan.listed_formulas(), scan.formulas)
    grid = _grid(reader, sheet_part, scan)
    if not any(grid):
        raise WorkbookError("workbook-empty", sheet=sheet_name)
    return grid


def _opendocument(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether the zip is an OpenDocument file (LibreOffice's own .ods or .odt): its first part, «mimetype»,
    says so in a few bytes."""
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
        return False
    return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.")


def _check_zip_directory(stream: BinaryIO) -> None:
    """Refuse a zip whose list of files is too long before ``zipfile`` reads it all into memory."""
    declared = directory_size(stream)
    if declared is not None and (declared[0] > MAX_PARTS or declared[1] > MAX_DIRECTORY_BYTES):
        raise WorkbookError("workbook-too-many-parts", limit=MAX_PARTS)


def _check_part(archive: zipfile.ZipFile, name: str, limit: int) -> None:
    """The part exists, is stored or deflated (the one method with a bounded step), and unpacks within limit."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise WorkbookError("workbook-corrupt") from None
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise WorkbookError("workbook-corrupt")
    if info.file_size > limit:  # zipfile never unpacks more than this size, whatever the data holds
        raise WorkbookError(
            "workbook-part-too-big", part=name, size=-(-info.file_size // 2**20), limit=limit // 2**20
        )


def _parse_stream(archive: zipfile.ZipFile, name: str, parser: Any) -> None:
    """Feed a part to an expat parser in chunks; the handlers raise to stop early."""

    def no_doctype(*_: object) -> None:  # no part of a workbook has one; entities are a way to blow up
        raise WorkbookError("workbook-corrupt")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    with archive.open(name) as src:
        while chunk := src.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _expat() -> Any:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    return parser


def _scan_shared_strings(archive: zipfile.ZipFile, name: str) -> int:
    """Count the shared strings and their characters (openpyxl keeps them all); the characters."""
    parser = _expat()
    state = {"elements": 0, "strings": 0, "chars": 0, "text": 0, "phonetic": 0}

    def start(tag: str, _attrs: dict[str, str]) -> None:
        state["elements"] += 1
        if state["elements"] > MAX_ELEMENTS:
            raise WorkbookError("workbook-too-complex", limit=MAX_ELEMENTS)
        if tag == _STRING:
            state["strings"] += 1
            if state["strings"] > MAX_STRINGS:
                raise WorkbookError("workbook-too-many-strings", limit=MAX_STRINGS)
        elif tag == _PHONETIC:
            state["phonetic"] += 1
        elif tag == _TEXT and not state["phonetic"]:
            state["text"] += 1

    def end(tag: str) -> None:
        if tag == _PHONETIC:
            state["phonetic"] -= 1
        elif tag == _TEXT and state["text"]:
            state["text"] -= 1

    def data(text: str) -> None:
        if state["text"]:
            state["chars"] += len(text)
            if state["chars"] > MAX_CHARS:
                raise WorkbookError("workbook-too-much-text", limit=MAX_CHARS)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    _parse_stream(archive, name, parser)
    return state["chars"]


class _SheetScan:
    """One streaming pass over the sheet's XML: bounds, formulas, merges, and how far the grid reaches.

    Holds counters, the merges and the first few formulas, nothing per cell. Rows and cells are numbered as
    openpyxl's sheet parser numbers them: a row's ``r``, or the row after the previous one; a cell's ``r``,
    or the column after the previous cell of its row (any child element of a row is a cell to it).
    """

    def __init__(self, chars: int) -> None:
        self.chars = chars  # text counted so far (the shared strings)
        self.last_row = 0  # the last sheet row within MAX_ROWS with a cell or a merge: the grid's length
        self.rows_needed = 0  # row records to read to see every cell within the bounds
        self.formulas = 0  # formulas without a value to read
        self.computed: set[tuple[int, int]] = (
            set()
        )  # (row, column) of the formulas with one, within the bounds
        self.merges: list[tuple[int, int, int, int]] = []  # min row, min column, max row, max column
        self.hidden_rows: set[int] = set()  # hidden (or of no height) within the bounds
        self.hidden_columns: set[int] = set()  # hidden (or of no width) within the bounds
        self._formula_cells: list[tuple[str, str, str | None, str | None]] = []
        self._masters: dict[
            str, tuple[str, str]
        ] = {}  # a shared formula's group -> its first cell and formula
        self._merge_area = 0
        self._elements = self._row_records = self._cells = 0
        self._depth = 0
        self._row_depth = 0  # depth of the open row element; 0 outside one
        self._row = self._column = 0
        self._cell: tuple[int, int, str, str] | None = None  # row, column, address, type of the open cell
        self._cell_depth = 0
        self._inline = False  # inside the open cell's <is>
        self._phonetic = 0  # inside an <rPh> of it (a reading aid that is not part of the text)
        self._capture = ""  # "v", "t" or "f": the character data now is the cell's value, text or formula
        self._capture_depth = 0
        self._value: list[str] = []  # the start of the <v> text: enough to tell empty from not
        self._has_value = False  # the open cell has a <v> (a text formula's value may be empty)
        self._text_chars = 0
        self._formula: list[str] = []
        self._formula_attrs: tuple[str | None, str | None] | None = None  # the <f>'s t and si

    def run(self, archive: zipfile.ZipFile, name: str) -> None:
        parser = _expat()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        _parse_stream(archive, name, parser)

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self._elements += 1
        if self._elements > MAX_ELEMENTS:
            raise WorkbookError("workbook-too-complex", limit=MAX_ELEMENTS)
        self._depth += 1
        if self._cell is not None:
            self._in_cell(tag, attrs)
        elif self._row_depth and self._depth == self._row_depth + 1:
            self._open_cell(attrs)
        elif tag == _ROW:
            self._open_row(attrs)
        elif tag == _MERGE:
            self._merge(attrs.get("ref", ""))
        elif tag == _COLUMN:
            self._columns(attrs)

    def _in_cell(self, tag: str, attrs: dict[str, str]) -> None:
        level = self._depth - self._cell_depth
        if level == 1:
            if tag == _VALUE:
                self._has_value = True
                self._capture_from("v")
            elif tag == _FORMULA:
                if self._formula_attrs is None:  # openpyxl reads the first <f>
                    self._formula_attrs = (attrs.get("t"), attrs.get("si"))
                    self._capture_from("f")
            elif tag == _INLINE:
                self._inline = True
        elif self._inline:
            if tag == _PHONETIC:
                self._phonetic += 1
            elif tag == _TEXT and not self._phonetic and (level == 2 or level == 3):  # <is><t>, <is><r><t>
                self._capture_from("t")

    def _capture_from(self, what: str) -> None:
        self._capture = what
        self._capture_depth = self._depth

    def _open_row(self, attrs: dict[str, str]) -> None:
        self._row_records += 1
        if self._row_records > MAX_ROW_RECORDS:
            raise WorkbookError("workbook-too-many-rows", limit=MAX_ROW_RECORDS)
        number = attrs.get("r")
        if number is None:
            self._row += 1
        else:
            try:
                self._row = int(number)
            except ValueError:
                as_float = float(number)  # openpyxl takes "5.0"; anything else is a damaged file
                if not as_float.is_integer():
                    raise WorkbookError("workbook-corrupt") from None
                self._row = int(as_float)
        if (attrs.get("hidden") in _TRUE or _is_zero(attrs.get("ht"))) and self._row <= MAX_ROWS:
            self.hidden_rows.add(self._row)
        self._column = 0
        self._row_depth = self._depth

    def _open_cell(self, attrs: dict[str, str]) -> None:
        self._cells += 1
        if self._cells > MAX_CELLS:
            raise WorkbookError("workbook-too-many-cells", limit=MAX_CELLS)
        address = attrs.get("r")
        if address:
            row, self._column = coordinate_to_tuple(address)
        else:
            self._column += 1
            row = self._row
        self._cell = (row, self._column, address or "", attrs.get("t", "n"))
        self._cell_depth = self._depth
        self._value.clear()
        self._has_value = False
        self._text_chars = 0
        self._formula.clear()
        self._formula_attrs = None

    def _data(self, text: str) -> None:
        capture = self._capture
        if not capture:
            return
        if capture == "f":
            if sum(map(len, self._formula)) < 4 * FORMULA_SHOWN:  # enough to show, and to translate
                self._formula.append(text[: 4 * FORMULA_SHOWN])
            return
        if capture == "v":
            if len(self._value) < 4:
                self._value.append(text[:64])
        else:
            self._text_chars += len(text)
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise WorkbookError("workbook-too-much-text", limit=MAX_CHARS)

    def _end(self, tag: str) -> None:
        depth = self._depth
        self._depth -= 1
        if self._cell is None:
            if depth == self._row_depth:
                self._row_depth = 0
        elif depth == self._cell_depth:
            self._close_cell()
        elif self._capture and depth == self._capture_depth:
            self._capture = ""
        elif tag == _INLINE and depth == self._cell_depth + 1:
            self._inline = False
        elif tag == _PHONETIC and self._phonetic:
            self._phonetic -= 1

    def _close_cell(self) -> None:
        assert self._cell is not None
        row, column, address, kind = self._cell
        self._cell = None
        self._capture = ""
        self._inline = False
        self._phonetic = 0
        formula = self._formula_attrs is not None
        if kind == "inlineStr":
            filled = formula or self._text_chars > 0
        else:
            filled = formula or any(self._value)
        if filled and (row > MAX_ROWS or column > MAX_COLUMNS):
            raise WorkbookError(
                "workbook-cell-out-of-bounds",
                cell=_address(row, column, address),
                columns=MAX_COLUMNS,
                last_column=get_column_letter(MAX_COLUMNS),
                rows=MAX_ROWS,
            )
        if row <= MAX_ROWS:
            self.last_row = max(self.last_row, row)
            self.rows_needed = self._row_records
        if not formula:
            return
        kind_attr, shared = self._formula_attrs or (None, None)
        text = "".join(self._formula)
        if kind_attr == "shared" and shared is not None and text and len(self._masters) < MAX_SHARED_FORMULAS:
            # a shared formula's first cell: the others of its group are named with theirs, computed or not
            self._masters.setdefault(shared, (_address(row, column, address), "=" + text))
        if self._computed(kind):
            if row <= MAX_ROWS and column <= MAX_COLUMNS:
                self.computed.add((row, column))
            return
        self.formulas += 1
        if len(self._formula_cells) < FORMULAS_LISTED:
            self._formula_cells.append((_address(row, column, address), text, kind_attr, shared))

    def _computed(self, kind: str) -> bool:
        """Whether the open formula cell holds the value the program that saved the file computed: a number, a
        flag or a date in its <v>, a text (maybe empty) as its <v>; an error («#DIV/0!») is none."""
        if kind == "str":
            return self._has_value
        return kind != "e" and any(self._value)

    def _merge(self, ref: str) -> None:
        if len(self.merges) >= MAX_MERGES:
            raise WorkbookError("workbook-too-many-merges", limit=MAX_MERGES)
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_col is None or min_row is None or max_col is None or max_row is None:
            raise WorkbookError("workbook-corrupt")
        if min_row > MAX_ROWS:
            return
        max_row = min(max_row, MAX_ROWS)
        self.last_row = max(self.last_row, max_row)  # openpyxl's sheet reaches over merged cells too
        if min_col > MAX_COLUMNS:
            return
        max_col = min(max_col, MAX_COLUMNS)
        # Merges never overlap in a sound file, so together they cover no more than the grid.
        self._merge_area += (max_row - min_row + 1) * (max_col - min_col + 1)
        if self._merge_area > MAX_ROWS * MAX_COLUMNS:
            raise WorkbookError("workbook-corrupt")
        self.merges.append((min_row, min_col, max_row, max_col))

    def _columns(self, attrs: dict[str, str]) -> None:
        """A <col> record: columns min..max, hidden or of no width (a damaged record hides nothing)."""
        if attrs.get("hidden") not in _TRUE and not _is_zero(attrs.get("width")):
            return
        try:
            first, last = int(attrs["min"]), int(attrs["max"])
        except (KeyError, ValueError):
            return
        self.hidden_columns.update(range(max(first, 1), min(last, MAX_COLUMNS) + 1))

    def listed_formulas(self) -> list[tuple[str, str | None]]:
        """The first formula cells without a value, each with its formula (a shared one's as written in that
        cell)."""
        masters = self._masters
        listed: list[tuple[str, str | None]] = []
        for address, text, kind, shared in self._formula_cells:
            formula: str | None = "=" + text if text else None
            if kind == "shared" and shared is not None and not text:
                if shared in masters:
                    origin, master = masters[shared]
                    try:
                        formula = Translator(master, origin=origin).translate_formula(address)
                    except Exception:  # an unparsable formula is still a formula; show the cell alone
                        formula = None
            listed.append((address, formula))
        return listed


def _is_zero(size: str | None) -> bool:
    try:
        return size is not None and float(size) == 0
    except ValueError:
        return False


def _address(row: int, column: int, written: str) -> str:
    try:
        return f"{get_column_letter(column)}{row}"
    except ValueError:  # a column past XFD: say what the file says
        return written or f"R{row}C{column}"


def _clip(formula: str | None) -> str:
    formula = formula or ""
    return formula if len(formula) <= FORMULA_SHOWN else formula[: FORMULA_SHOWN - 1] + "…"


def _grid(reader: ExcelReader, sheet_part: str, scan: _SheetScan) -> list[list[str]]:
    """The sheet's cells within the bounds, rendered, covered cells blanked, continuation rows joined."""
    wb = reader.wb
    formats: dict[int, str] = {}
    rows: list[list[str]] = [[""] * MAX_COLUMNS for _ in range(scan.last_row)]
    chars = 0
    with reader.archive.open(sheet_part) as src:
        parser = WorkSheetParser(
            src,
            reader.shared_strings,
            data_only=True,  # a formula as the value it shows (the scan refused those without one)
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        records = parser.parse()
        # The scan counted the row records up to the last one with a cell inside the bounds: stop there.
        for _, cells in itertools.islice(records, scan.rows_needed):
            for cell in cells:
                row, column = cell["row"], cell["column"]
                if row > scan.last_row or column > MAX_COLUMNS:
                    continue  # empty: the scan refused anything else out there
                style_id = cell["style_id"]
                number_format = formats.get(style_id)
                if number_format is None:
                    number_format = formats[style_id] = _number_format(wb, style_id)
                value = cell["value"]
                if (row, column) in scan.computed and type(value) in (int, float):
                    text = _shown_number(value, number_format)
                else:
                    text = _render(value, number_format)
                chars += len(text)
                if chars > MAX_CHARS:
                    raise WorkbookError("workbook-too-much-text", limit=MAX_CHARS)
                rows[row - 1][column - 1] = text
        records.close()
    for min_row, min_col, max_row, max_col in scan.merges:
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                if (row, column) != (min_row, min_col):
                    rows[row - 1][column - 1] = ""
    # What a person does not see in the sheet, and holds data: the reader of the grid decides (a report is refused
    # with it named, our directory sheet keeps its hidden columns).
    hidden_rows = tuple(sorted(r for r in scan.hidden_rows if r <= len(rows) and any(rows[r - 1])))
    hidden_columns = tuple(
        get_column_letter(c) for c in sorted(scan.hidden_columns) if any(values[c - 1] for values in rows)
    )
    grid = SheetGrid(joined(rows, pieces=Pieces.EXACT))
    grid.hidden_rows, grid.hidden_columns = hidden_rows, hidden_columns
    for values in grid:
        while values and not values[-1]:
            values.pop()
    return grid


class _Strings(list[str]):
    """The shared strings as openpyxl's sheet parser indexes them: a negative index is a damaged file, not the
    last strings."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and index < 0:
            raise IndexError(index)
        return super().__getitem__(index)


def _shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    """The shared strings, each as ``_render`` takes a text (``escape_text``'s form: ``unescape_text`` gives
    it back). openpyxl's own table drops every "x005F_" it finds, which loses a literal "_x005F_x0041_";
    here the escape XlsxWriter (and Excel) put before a literal "_xHHHH_" is taken off exactly once."""
    strings = _Strings()
    tag = f"{{{SHEET_MAIN_NS}}}si"
    with archive.open(name) as src:
        for _, node in iterparse(src):
            if node.tag == tag:
                text = Text.from_tree(node).content
                node.clear()
                if "_x" in text:
                    text = escape_text(_ESCAPED_RE.sub(r"\1", text))
                strings.append(text)
    return strings


def _number_format(wb: Any, style_id: int) -> str:
    """The cell style's number format, as openpyxl's ``Cell.number_format`` gives it."""
    format_id = wb._cell_styles[style_id].numFmtId
    if format_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(format_id, "General")
    return wb._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]


def _render(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        if _is_percent(number_format):  # 0.952 in a «0.0%» cell shows, and means, 95,2 (the column's percent)
            return format_number(_hundredfold(value), _format_places(number_format))
        return format_number(value, _format_places(number_format))
    if isinstance(value, datetime | date | time):
        return _date_text(value, number_format)
    return str(value)


def _shown_number(value: int | float, number_format: str) -> str:
    """A formula's number as its cell shows it: to the decimals its format shows (half up, as Excel rounds), a
    percent format's a hundredfold, a float at the 15 significant digits Excel computes with (a sum of 0,1 and
    0,2 is 0,3, not 0,30000000000000004). A typed number is read whole (``_render``); a computed one is what
    the document says."""
    number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    section = _QUOTED_RE.sub("", number_format.split(";", 1)[0])
    if "%" in section:
        number = number.scaleb(2)
    places = _SHOWN_PLACES_RE.search(section)
    if places is None and not _DIGITS_RE.search(section):  # «General»: as many decimals as it has
        shown = number.normalize()
        return format_number(shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown, 0)
    decimals = len(places.group(1)) if places else 0
    always = len(places.group(1).rstrip("#?")) if places else 0  # «0.0#»: one always, a second if any
    number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return format_number(number.normalize() if always < decimals else number, always)


def _date_text(value: datetime | date | time, number_format: str) -> str:
    """A date as a person types it in Ukrainian, «31.12.2025» (Excel made a date of what was typed so): the day
    and month only where the cell's format shows them («yyyy»: «2025»), the time only where there is one."""
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    shown = set(_QUOTED_RE.sub("", number_format.split(";", 1)[0]).lower())
    pattern = "%d.%m.%Y" if "d" in shown or "y" not in shown else "%m.%Y" if "m" in shown else "%Y"
    if isinstance(value, datetime) and value.time() != time(0):
        pattern += " %H:%M"
    return value.strftime(pattern)


def unescape_text(value: str) -> str:
    """Undo ``reports.xlsx_writer.escape_text``: "_x005F_x0041_" is the literal text "_x0041_"."""
    return _UNESCAPE_RE.sub("_", value) if ESCAPED_UNDERSCORE in value else value


def _is_percent(number_format: str) -> bool:
    """Whether a number format shows its number a hundredfold: a «%» of the positive section, not quoted text."""
    section = _QUOTED_RE.sub("", number_format.split(";", 1)[0])
    return "%" in section


def _hundredfold(value: int | float | Decimal) -> Decimal:
    """The number a percent format shows, exactly: 0.952 is 95.2. A float is taken to the 15 significant digits
    Excel shows (95,2 % divided by 100 is 0.9520000000000001 in binary: Excel shows, and means, 0.952)."""
    number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
    shown = number.scaleb(2)
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown.normalize()


def _format_places(number_format: str) -> int:
    match = _PLACES_RE.search(number_format.split(";", 1)[0])
    return len(match.group(1)) if match else 0


def format_number(value: int | float | Decimal, min_places: int = 1) -> str:
    """A number as the report prints it: "228,3"; at least ``min_places`` decimals, none of its own lost.

    A float is taken at its shortest repr, which is the decimal that was written (openpyxl writes a
    Decimal with up to 16 significant digits), so 10.5 gives "10,5", not a binary expansion.
    """
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        number = value
    if not number.is_finite():
        return str(number)
    if number.is_zero():
        number = abs(number)  # no "-0,0"
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    text = format(number, "f") if -exponent >= min_places else format(number, f".{min_places}f")
    return text.replace(".", ",")
