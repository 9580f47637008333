"""Reading a report document (DOCX: ours, or a council's own in the official form) as a grid of text cells.

The grid has the shape of the document copied out as text (the seed; ``reports.report_parser``): a paragraph of
the body is a row of one cell, a row of a table a row of its cells, a merged cell's text once (where it begins),
a cell's paragraphs parted by line breaks. What our pages add where a page breaks (a head atop each page, rows
continued under «4.3 (продовж.)») is joined back by the importer (``reports.page_joins``), as for a copy.

A document is a zip of XML parts that can claim anything, as a workbook can (``reports.xlsx_reader``), and is
trusted no more: its list of parts is bounded before ``zipfile`` reads it, the main part is found through the
package's relationships and unpacked within ``MAX_DOCUMENT_BYTES`` (``zipfile`` never unpacks more than the
size a part declares), it is parsed as a stream by expat with no DOCTYPE and no entity allowed, and reading
stops at the first bound a report never reaches (``text_grid``'s lines and cells, ``MAX_CHARS``). Every refusal
is an ``ImportFileError`` in words.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from typing import Final
from xml.parsers import expat

from reports.import_issues import ImportFileError, MergedCell, Problem
from reports.text_grid import MAX_CELLS, MAX_LINES
from reports.zip_bounds import directory_size

MAX_PARTS: Final = 10_000  # files in the zip (a report's DOCX has about a dozen)
MAX_DIRECTORY_BYTES: Final = 4 * 2**20
MAX_RELATIONSHIPS_BYTES: Final = 2**20
MAX_NUMBERING_BYTES: Final = 4 * 2**20  # the lists' definitions (a report's: a few KB)
# A list level's text («%1.%2.»; Word's dialog takes a few dozen characters): a longer one labels nothing, since
# every numbered paragraph searches it (a 2 MB one on 10,000 paragraphs took 36 s).
MAX_LEVEL_TEXT: Final = 200
MAX_DOCUMENT_BYTES: Final = 64 * 2**20  # the body's XML unpacked (a 2,000-measure report of ours: 11 MB)
MAX_CHARS: Final = 5_000_000  # text in the document (the seed has 22,000)
# XML elements in the body (a 2,000-measure report of ours has about 80,000; Word's own, each run with its
# properties, several times that): each costs a call into Python, so a 0.1 MB zip of 10 million empty ones took
# 7 s before anything else could refuse it (now about 1 s).
MAX_ELEMENTS: Final = 1_000_000
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc (or .xls), or an encrypted .docx

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # Word's «Strict Open XML Document»
_PACKAGE_RELS: Final = "_rels/.rels"
_OFFICE_DOCUMENT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_DOCUMENT: Final = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_NUMBERING: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_STRICT_NUMBERING: Final = "http://purl.oclc.org/ooxml/officeDocument/relationships/numbering"
_STYLES: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_STRICT_STYLES: Final = "http://purl.oclc.org/ooxml/officeDocument/relationships/styles"
_CHUNK: Final = 64 * 1024


def is_document(data: bytes, *, named: bool = False) -> bool:
    """Whether ``data``, a zip, is to be read as a word-processing document: it holds one, or (``named``: its
    name says it is one) it holds no workbook either, and the document reader says what is wrong with it."""
    declared = directory_size(io.BytesIO(data))
    if declared is None or declared[0] > MAX_PARTS or declared[1] > MAX_DIRECTORY_BYTES:
        return named  # its reader refuses it, in the words of what its name says it is
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return named
    if any(name.startswith("word/") for name in names):
        return True
    return named and not any(name.startswith("xl/") for name in names)


def read_document_grid(data: bytes) -> list[list[str]]:
    """The document's body as rows of text cells (module doc). Raises ``ImportFileError``."""
    if data[: len(OLE_MAGIC)] == OLE_MAGIC:
        raise ImportFileError(Problem.DOCUMENT_OLD_FORMAT)
    _check_directory(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFileError(Problem.DOCUMENT_CORRUPT) from exc
    with archive:
        try:
            part = _main_part(archive)
            info = archive.getinfo(part)
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ImportFileError(Problem.DOCUMENT_CORRUPT)
            if info.file_size > MAX_DOCUMENT_BYTES:
                raise ImportFileError(
                    Problem.DOCUMENT_TOO_BIG,
                    size=-(-info.file_size // 2**20),
                    limit=MAX_DOCUMENT_BYTES // 2**20,
                )
            body = _Body(_numbering(archive, part))
            with archive.open(info) as src:
                body.parse(src)
            return body.rows
        except ImportFileError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError) as exc:
            raise ImportFileError(Problem.DOCUMENT_CORRUPT) from exc


def _check_directory(data: bytes) -> None:
    """Refuse what is not a zip, and a zip whose list of files is too long, before ``zipfile`` reads it."""
    declared = directory_size(io.BytesIO(data))
    if declared is None or declared[0] > MAX_PARTS or declared[1] > MAX_DIRECTORY_BYTES:
        raise ImportFileError(Problem.DOCUMENT_CORRUPT)


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document part, as the package's relationships name it (``word/document.xml`` in practice)."""
    if _PACKAGE_RELS not in archive.NameToInfo:
        raise ImportFileError(Problem.DOCUMENT_NOT_DOCUMENT)
    targets = _targets(archive, _PACKAGE_RELS, "", (_OFFICE_DOCUMENT, _STRICT_DOCUMENT))
    if not targets:
        raise ImportFileError(Problem.DOCUMENT_NOT_DOCUMENT)
    if targets[0] is None:
        raise ImportFileError(Problem.DOCUMENT_CORRUPT)
    return targets[0]


def _numbering(archive: zipfile.ZipFile, part: str) -> _Numbering:
    """The document's list numbering (its numbering part, as the main part's relationships name it), or none."""
    folder, name = posixpath.split(part)
    relationships = posixpath.join(folder, "_rels", name + ".rels")
    numbering = _Numbering()
    if relationships not in archive.NameToInfo:
        return numbering
    targets = _targets(archive, relationships, folder, (_NUMBERING, _STRICT_NUMBERING))
    if not targets or targets[0] is None:
        return numbering
    if archive.getinfo(targets[0]).file_size > MAX_NUMBERING_BYTES:
        raise ImportFileError(Problem.DOCUMENT_CORRUPT)
    numbering.parse(archive.read(targets[0]))
    styles = _targets(archive, relationships, folder, (_STYLES, _STRICT_STYLES))
    if styles and styles[0] is not None:
        if archive.getinfo(styles[0]).file_size > MAX_NUMBERING_BYTES:
            raise ImportFileError(Problem.DOCUMENT_CORRUPT)
        numbering.parse_styles(archive.read(styles[0]))
    return numbering


def _targets(
    archive: zipfile.ZipFile, relationships: str, folder: str, types: tuple[str, ...]
) -> list[str | None]:
    """The parts a relationships part names by ``types``, as paths in the zip (``folder``: where its targets
    are relative to); None for a target that is outside the package or not in it."""
    if archive.getinfo(relationships).file_size > MAX_RELATIONSHIPS_BYTES:
        raise ImportFileError(Problem.DOCUMENT_CORRUPT)
    found: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.endswith(" Relationship") and attributes.get("Type") in types:
            found.append(attributes.get("Target", ""))

    _parse(archive.read(relationships), start)
    paths: list[str | None] = []
    for target in found:
        path = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(folder, target))
        paths.append(None if path.startswith("..") or path not in archive.NameToInfo else path)
    return paths


class _Numbering:
    """Word's list numbering, as far as a report's numbers use it: decimal levels («%1.%2.»), their starts and a
    list's start overrides; a paragraph's label is its list's counters in its level's text. Counters run per
    list (``w:num``); a level's counter restarts when a higher level goes on. Other formats (bullets, letters,
    Roman numerals) label nothing: a number read wrong would be worse than none; nor does a level's text longer
    than ``MAX_LEVEL_TEXT``."""

    def __init__(self) -> None:
        self.levels: dict[
            str, dict[int, tuple[str, str, int]]
        ] = {}  # abstract id -> level -> (format, text, start)
        self.lists: dict[str, str] = {}  # list (numId) -> its abstract id
        self.starts: dict[tuple[str, int], int] = {}  # (list, level) -> its start override
        self.counters: dict[str, list[int | None]] = {}
        self.styles: dict[str, dict[str, str]] = {}  # paragraph style -> its own numPr ("numId", "ilvl")
        self.based_on: dict[str, str] = {}

    def parse_styles(self, xml: bytes) -> None:
        """The paragraph styles that number their paragraphs (a list style given by a paragraph style)."""
        style: str | None = None
        changed = 0

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal style, changed
            local = name.rpartition(" ")[2]
            value = attributes.get(f"{_W} val", "")
            if local == "style":
                style = (
                    attributes.get(f"{_W} styleId") if attributes.get(f"{_W} type") == "paragraph" else None
                )
            elif local == "pPrChange":
                changed += 1
            elif style is not None and local == "basedOn":
                self.based_on[style] = value
            elif style is not None and not changed and local in ("numId", "ilvl"):
                self.styles.setdefault(style, {})[local] = value

        def end(name: str) -> None:
            nonlocal style, changed
            local = name.rpartition(" ")[2]
            if local == "style":
                style = None
            elif local == "pPrChange":
                changed -= 1

        _parse(xml, start, end)

    def of_paragraph(self, own: dict[str, str]) -> tuple[str, int] | None:
        """A paragraph's list and level: its own numPr, else (part by part) its style's, through the styles it is
        based on; None where it is not numbered."""
        merged = dict(own)
        style, seen = own.get("style"), 0
        while style is not None and seen < 20 and not ("numId" in merged and "ilvl" in merged):
            for key, value in self.styles.get(style, {}).items():
                merged.setdefault(key, value)
            style, seen = self.based_on.get(style), seen + 1
        list_id = merged.get("numId", "")
        if list_id in ("", "0"):
            return None
        return list_id, _int(merged.get("ilvl", "0")) or 0

    def parse(self, xml: bytes) -> None:
        abstract: str | None = None
        level: int | None = None
        current: str | None = None  # the w:num being read
        override: int | None = None
        found: dict[str, str] = {}

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal abstract, level, current, override
            local = name.rpartition(" ")[2]
            value = attributes.get(f"{_W} val", "")
            if local == "abstractNum":
                abstract = attributes.get(f"{_W} abstractNumId")
            elif local == "num":
                current = attributes.get(f"{_W} numId")
            elif local == "lvl" and abstract is not None and current is None:
                level = _int(attributes.get(f"{_W} ilvl", ""))
                found.clear()
            elif local == "lvlOverride" and current is not None:
                override = _int(attributes.get(f"{_W} ilvl", ""))
            elif local in ("start", "numFmt", "lvlText") and level is not None:
                found[local] = value
            elif local == "startOverride" and current is not None and override is not None:
                start_value = _int(value)
                if start_value is not None:
                    self.starts[(current, override)] = start_value
            elif local == "abstractNumId" and current is not None:
                self.lists[current] = value

        def end(name: str) -> None:
            nonlocal abstract, level, current, override
            local = name.rpartition(" ")[2]
            if local == "lvl" and abstract is not None and level is not None:
                self.levels.setdefault(abstract, {})[level] = (
                    found.get("numFmt", "decimal"),
                    found.get("lvlText", ""),
                    _int(found.get("start", "1")) or 0,
                )
                level = None
            elif local == "abstractNum":
                abstract = None
            elif local == "num":
                current = None
            elif local == "lvlOverride":
                override = None

        _parse(xml, start, end)

    def label(self, list_id: str, level: int) -> str:
        """The next label of ``list_id`` at ``level`` (its counters moved on), or "" where it shows none."""
        levels = self.levels.get(self.lists.get(list_id, ""), {})
        if level not in levels or not 0 <= level < 9:
            return ""
        counters = self.counters.setdefault(list_id, [None] * 9)
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        current = counters[level]
        counters[level] = self._start(list_id, level, levels) if current is None else current + 1
        text = levels[level][1]
        if levels[level][0] not in _DECIMAL or len(text) > MAX_LEVEL_TEXT:
            return ""
        for shown in range(9):
            mark = f"%{shown + 1}"
            if mark not in text:
                continue
            if shown not in levels or levels[shown][0] not in _DECIMAL:
                return ""
            value = counters[shown]
            if value is None:
                value = self._start(list_id, shown, levels)
            text = text.replace(mark, f"{value:02d}" if levels[shown][0] == "decimalZero" else str(value))
        return text

    def _start(self, list_id: str, level: int, levels: dict[int, tuple[str, str, int]]) -> int:
        return self.starts.get((list_id, level), levels[level][2])


_DECIMAL: Final = ("decimal", "decimalZero")


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 10 else None


def _parse(
    xml: bytes, start: Callable[[str, dict[str, str]], None], end: Callable[[str], None] | None = None
) -> None:
    """A whole part (relationships, numbering, styles) through ``start`` and ``end``; broken XML is a corrupt file."""
    parser = _parser(start, end)
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise ImportFileError(Problem.DOCUMENT_CORRUPT) from exc


def _parser(
    start: Callable[[str, dict[str, str]], None], end: Callable[[str], None] | None = None
) -> expat.XMLParserType:
    """A parser that gives ``start`` and ``end`` a strict document's names as a transitional one's (looked at
    only where its first element is strict: the rest costs nothing more)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    strict = len(_STRICT_W)

    def start_strict(name: str, attributes: dict[str, str]) -> None:
        if name.startswith(_STRICT_W):
            name = _W + name[strict:]
            attributes = {_W + k[strict:] if k.startswith(_STRICT_W) else k: v for k, v in attributes.items()}
        start(name, attributes)

    def end_strict(name: str) -> None:
        assert end is not None
        end(_W + name[strict:] if name.startswith(_STRICT_W) else name)

    def first(name: str, attributes: dict[str, str]) -> None:
        if name.startswith(_STRICT_W):
            parser.StartElementHandler = start_strict
            parser.EndElementHandler = end_strict if end is not None else None
        else:
            parser.StartElementHandler = start
            parser.EndElementHandler = end
        parser.StartElementHandler(name, attributes)

    parser.StartElementHandler = first

    def no_doctype(*_: object) -> None:  # no part of a document has one; entities are a way to blow up
        raise ImportFileError(Problem.DOCUMENT_CORRUPT)

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    return parser


_P, _TBL, _TR, _TC, _T, _TAB, _BR, _CR, _BODY, _ILVL, _NUM_ID, _PPR_CHANGE, _VAL, _P_STYLE = (
    f"{_W} {n}"
    for n in (
        "p",
        "tbl",
        "tr",
        "tc",
        "t",
        "tab",
        "br",
        "cr",
        "body",
        "ilvl",
        "numId",
        "pPrChange",
        "val",
        "pStyle",
    )
)
_R, _PPR, _RPR_CHANGE, _VANISH, _NO_BREAK_HYPHEN, _SDT, _PLACEHOLDER = (
    f"{_W} {n}" for n in ("r", "pPr", "rPrChange", "vanish", "noBreakHyphen", "sdt", "showingPlcHdr")
)
_GRID_BEFORE, _GRID_SPAN, _V_MERGE = (f"{_W} {n}" for n in ("gridBefore", "gridSpan", "vMerge"))
# What the document does not show: text deleted or moved away (tracked changes; read as Word shows the document
# with them accepted, where the text inserted is read).
_NOT_SHOWN: Final = frozenset(f"{_W} {n}" for n in ("del", "moveFrom"))
_MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE, _CHOICE, _FALLBACK = (f"{_MC} {n}" for n in ("AlternateContent", "Choice", "Fallback"))
_OFF: Final = ("0", "false", "off")


def _on(attributes: dict[str, str]) -> bool:
    """An on/off property (``<w:vanish/>``, ``<w:vanish w:val="false"/>``)."""
    return attributes.get(_VAL, "true") not in _OFF


class _Body:
    """The body as rows while expat reads it: paragraphs outside tables, rows and cells of the outermost tables
    (a table inside a cell gives its text to that cell). Text is read as Word shows it: without what tracked
    changes deleted or moved away, hidden text, a content control's prompt (shown where it is empty), and a
    text box's copy for older versions of Word (``mc:Fallback`` after its ``mc:Choice``)."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.rows: list[list[str]] = []
        self.cells = 0
        self.chars = 0
        self.elements = 0
        self._in_body = False
        self._tables = 0  # tables open around the current element
        self._row: list[str] | None = None
        self._cell: list[str] | None = None  # the current outermost cell's paragraphs
        self._paragraphs: list[list[str]] = []  # open paragraphs (a text box's inside a run's)
        self._lists: list[
            dict[str, str]
        ] = []  # each open paragraph's own numbering ("numId", "ilvl", "style")
        self._changed = 0  # inside a tracked change of a paragraph's properties (its old numbering)
        self._in_text = 0
        self._skipped = 0  # depth inside an element whose content is not shown (_NOT_SHOWN, a Fallback)
        self._alternates: list[bool] = []  # each open mc:AlternateContent: whether a Choice was read
        self._runs: list[bool] = []  # each open run: whether it is hidden
        self._hidden = 0  # hidden runs open
        self._in_properties = 0  # inside a paragraph's properties, or a run's old ones (rPrChange)
        self._controls: list[bool] = []  # each open content control: whether it shows its prompt
        self._prompts = 0  # content controls open that show their prompt
        self._column = 0  # the outermost table's grid column the current cell begins at
        self._span = 1  # the current cell's columns (w:gridSpan)
        self._merge: str | None = None  # the current cell's w:vMerge: "restart", "continue" or None
        self._above: dict[int, str] = {}  # grid column -> the text of the vertical merge begun there

    def parse(self, src: io.BufferedIOBase) -> None:
        parser = _parser(self._start, self._end)
        parser.CharacterDataHandler = self._text
        parser.buffer_text = True
        try:
            while chunk := src.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ImportFileError(Problem.DOCUMENT_CORRUPT) from exc

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise ImportFileError(Problem.DOCUMENT_TOO_COMPLEX, limit=MAX_ELEMENTS)
        if self._skipped:
            self._skipped += 1
        elif name == _BODY:
            self._in_body = True
        elif not self._in_body:
            return
        elif name in _NOT_SHOWN or (name == _FALLBACK and self._alternates and self._alternates[-1]):
            self._skipped = 1
        elif name == _ALTERNATE:
            self._alternates.append(False)
        elif name == _CHOICE and self._alternates:
            self._alternates[-1] = True
        elif name == _R:
            self._runs.append(False)
        elif name in (_PPR, _RPR_CHANGE):
            self._in_properties += 1
        elif name == _VANISH and self._runs and not self._in_properties and not self._runs[-1]:
            if _on(attributes):
                self._runs[-1] = True
                self._hidden += 1
        elif name == _SDT:
            self._controls.append(False)
        elif name == _PLACEHOLDER and self._controls and not self._controls[-1] and _on(attributes):
            self._controls[-1] = True
            self._prompts += 1
        elif name == _NO_BREAK_HYPHEN and self._paragraphs and not self._hidden and not self._prompts:
            self._paragraphs[-1].append("-")
        elif name == _P:
            self._paragraphs.append([])
            self._lists.append({})
        elif name == _PPR_CHANGE:
            self._changed += 1
        elif name in (_ILVL, _NUM_ID, _P_STYLE) and self._lists and not self._changed:
            key = "numId" if name == _NUM_ID else "ilvl" if name == _ILVL else "style"
            self._lists[-1].setdefault(key, attributes.get(_VAL, ""))
        elif name == _T:
            self._in_text += 1
        elif name in (_TAB, _BR, _CR) and self._paragraphs and not self._hidden and not self._prompts:
            self._paragraphs[-1].append(" " if name == _TAB else "\n")
        elif name == _TBL:
            self._tables += 1
            if self._tables == 1:
                self._above = {}
        elif self._tables != 1:
            return
        elif name == _TR:
            self._row = []
            self._column = 0
        elif name == _TC:
            self._cell = []
            self._span, self._merge = 1, None
        elif name == _GRID_BEFORE:
            self._column += _int(attributes.get(_VAL, "")) or 0
        elif name == _GRID_SPAN and self._cell is not None:
            self._span = _int(attributes.get(_VAL, "")) or 1
        elif name == _V_MERGE and self._cell is not None:
            self._merge = "restart" if attributes.get(_VAL) == "restart" else "continue"

    def _end(self, name: str) -> None:
        if self._skipped:
            self._skipped -= 1
            return
        if not self._in_body:
            return
        if name == _ALTERNATE and self._alternates:
            self._alternates.pop()
        elif name == _R and self._runs:
            self._hidden -= self._runs.pop()
        elif name in (_PPR, _RPR_CHANGE):
            self._in_properties -= 1
        elif name == _SDT and self._controls:
            self._prompts -= self._controls.pop()
        elif name == _T:
            self._in_text -= 1
        elif name == _PPR_CHANGE:
            self._changed -= 1
        elif name == _P and self._paragraphs:
            text = "".join(self._paragraphs.pop())  # a text box's paragraph: a paragraph of its own
            numbered = self.numbering.of_paragraph(self._lists.pop())
            if numbered is not None:
                label = self.numbering.label(*numbered)
                self._count(len(label))  # text the document shows, as its runs' is
                text = f"{label} {text}" if label and text else label or text
            if self._cell is not None:
                self._cell.append(text)
            elif not self._tables:
                self._add([text])
        elif name == _TBL:
            self._tables -= 1
        elif self._tables == 1 and name == _TC and self._cell is not None and self._row is not None:
            text = "\n".join(self._cell)
            if self._merge == "continue" and not text.strip():
                self._row.append(MergedCell(self._above.get(self._column, "")))
            else:
                self._row.append(text)
                if self._merge == "restart":
                    self._above[self._column] = text
                else:
                    self._above.pop(self._column, None)
            self._column += self._span
            self._cell = None
            if self.cells + len(self._row) > MAX_CELLS:  # counted as they come: a row can hold millions
                raise ImportFileError(
                    Problem.TOO_MANY_CELLS, cells=self.cells + len(self._row), limit=MAX_CELLS
                )
        elif self._tables == 1 and name == _TR and self._row is not None:
            self._add(self._row)
            self._row = None
        elif name == _BODY:
            self._in_body = False

    def _text(self, data: str) -> None:
        if (
            self._in_text
            and self._paragraphs
            and not self._hidden
            and not self._prompts
            and not self._skipped
        ):
            self._count(len(data))
            self._paragraphs[-1].append(data)

    def _count(self, chars: int) -> None:
        self.chars += chars
        if self.chars > MAX_CHARS:
            raise ImportFileError(Problem.DOCUMENT_TOO_MUCH_TEXT, limit=MAX_CHARS)

    def _add(self, row: list[str]) -> None:
        self.rows.append(row)
        self.cells += len(row)
        if len(self.rows) > MAX_LINES:
            raise ImportFileError(Problem.TOO_LONG, lines=len(self.rows), limit=MAX_LINES)
        if self.cells > MAX_CELLS:
            raise ImportFileError(Problem.TOO_MANY_CELLS, cells=self.cells, limit=MAX_CELLS)
