"""Reading an uploaded workbook: bounded whatever the file claims, formulas refused, every failure in words.

The round trip of workbooks the writer makes is tested in test_xlsx_writer.py and test_report_seed.py.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from l10n import has_message
from reports import xlsx_reader
from reports.import_issues import ImportFileError
from reports.importer import read_file_grid as import_grid
from reports.xlsx_reader import FormulaError, WorkbookError, read_workbook_grid
from tests.botkit import World, fake_api_fixture, world_fixture  # noqa: F401

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
# What a Python exception's name looks like: none may reach a person.
EXCEPTION_NAME = re.compile(r"[A-Z][a-z]+(Error|Exception)|BadZip|KeyError|Traceback")


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _hostile() -> bytes:
    """5 KB that claims a sheet of 16,384 columns by 1,048,576 rows."""
    wb = Workbook()
    wb.active["A1"] = "Звіт"
    wb.active["XFD1048576"] = "x"
    return _save(wb)


def _replace(data: bytes, parts: dict[str, bytes | None]) -> bytes:
    """The zip with some parts replaced (None drops one), the rest copied as they are."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in parts:
                continue
            target.writestr(info, source.read(info))
        for name, content in parts.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _with_sheet(body: str, before: str = "") -> bytes:
    """A workbook whose first sheet's XML is ``before`` + <sheetData>``body``</sheetData> as written here."""
    xml = f"<worksheet {NS}>{before}<sheetData>{body}</sheetData></worksheet>"
    return _replace(_save(Workbook()), {SHEET: xml.encode()})


def _with_shared_strings(strings: list[str], body: str) -> bytes:
    """Like ``_with_sheet``, with a shared strings table as Excel writes one (openpyxl writes inline strings)."""
    data = _with_sheet(body)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    override = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    table = "".join(f"<si>{s}</si>" if s.startswith("<") else f"<si><t>{s}</t></si>" for s in strings)
    return _replace(
        data,
        {
            "[Content_Types].xml": types.replace("</Types>", override + "</Types>").encode(),
            "xl/sharedStrings.xml": f'<sst {NS} count="{len(strings)}">{table}</sst>'.encode(),
        },
    )


def _inline(address: str, text: str) -> str:
    return f'<c r="{address}" t="inlineStr"><is><t>{text}</t></is></c>'


def _refusal(data: bytes) -> WorkbookError:
    with pytest.raises(WorkbookError) as caught:
        read_workbook_grid(io.BytesIO(data))
    return caught.value


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every cell value the reader renders into the grid: the cells it materialises."""
    seen: list[object] = []
    render = xlsx_reader._render

    def counting(value: object, number_format: str) -> str:
        seen.append(value)
        return render(value, number_format)

    monkeypatch.setattr(xlsx_reader, "_render", counting)
    return seen


# -- bounds ------------------------------------------------------------------------------------------


def test_a_value_at_xfd1048576_is_refused_naming_the_cell_and_the_limits(rendered: list[object]) -> None:
    data = _hostile()
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        error = _refusal(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.message_id == "workbook-cell-out-of-bounds"
    assert error.arguments["cell"] == "XFD1048576"
    text = str(error)
    assert "XFD1048576" in text and "16 колонок (A–P)" in text and "20\xa0000 рядків" in text
    assert rendered == []  # refused while scanning: not one cell was read into a grid
    assert peak < 5 * 2**20


def test_the_dimension_is_not_trusted(rendered: list[object]) -> None:
    """A sheet that says it is A1:XFD1048576 but holds one cell reads as that one cell."""
    data = _with_sheet(f'<row r="1">{_inline("A1", "Звіт")}</row>', before='<dimension ref="A1:XFD1048576"/>')
    assert read_workbook_grid(io.BytesIO(data)) == [["Звіт"]]
    assert len(rendered) == 1


def test_empty_formatted_cells_beyond_the_bounds_are_ignored(rendered: list[object]) -> None:
    body = (
        f'<row r="1">{_inline("A1", "Звіт")}<c r="Q1" s="0"/><c r="XFD1" s="0"/></row>'
        '<row r="2"><c r="B2" s="0"/></row><row r="1048576"><c r="A1048576" s="0"/></row>'
    )
    assert read_workbook_grid(io.BytesIO(_with_sheet(body))) == [["Звіт"], []]
    assert len(rendered) == 2  # A1 and B2: nothing right of P or below row 20,000


def test_data_right_of_p_or_below_the_row_limit_is_refused() -> None:
    right = _refusal(_with_sheet(f'<row r="1">{_inline("A1", "Звіт")}{_inline("Q1", "x")}</row>'))
    assert right.message_id == "workbook-cell-out-of-bounds" and right.arguments["cell"] == "Q1"
    below = _refusal(_with_sheet('<row r="20001"><c r="C20001"><v>1</v></c></row>'))
    assert below.arguments["cell"] == "C20001"
    # Cells without addresses count from the previous one, as openpyxl counts them.
    unaddressed = _refusal(_with_sheet("<row>" + "<c/>" * 16 + "<c><v>1</v></c></row>"))
    assert unaddressed.arguments["cell"] == "Q1"


def test_the_last_allowed_cell_is_read() -> None:
    grid = read_workbook_grid(io.BytesIO(_with_sheet(f'<row r="20000">{_inline("P20000", "край")}</row>')))
    assert len(grid) == 20_000 and grid[-1] == [""] * 15 + ["край"]


@pytest.mark.parametrize(
    ("limit", "value", "body", "message_id"),
    [
        ("MAX_CELLS", 100, '<row r="1">' + '<c s="0"/>' * 101 + "</row>", "workbook-too-many-cells"),
        ("MAX_ROW_RECORDS", 100, '<row s="0"/>' * 101, "workbook-too-many-rows"),
        ("MAX_ELEMENTS", 100, '<row r="1"><c r="A1"><v>1</v></c></row>' * 51, "workbook-too-complex"),
        ("MAX_CHARS", 100, f'<row r="1">{_inline("A1", "ж" * 101)}</row>', "workbook-too-much-text"),
    ],
)
def test_sheet_limits(
    monkeypatch: pytest.MonkeyPatch, limit: str, value: int, body: str, message_id: str
) -> None:
    monkeypatch.setattr(xlsx_reader, limit, value)
    error = _refusal(_with_sheet(body))
    assert error.message_id == message_id and error.arguments == {"limit": value}
    assert str(value) in str(error)


def test_too_many_merges_and_shared_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_MERGES", 3)
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, 5))
    xml = f"<worksheet {NS}><sheetData/><mergeCells>{merges}</mergeCells></worksheet>"
    assert (
        _refusal(_replace(_save(Workbook()), {SHEET: xml.encode()})).message_id == "workbook-too-many-merges"
    )

    monkeypatch.setattr(xlsx_reader, "MAX_STRINGS", 3)
    data = _with_shared_strings(["а", "б", "в", "г"], '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    assert _refusal(data).message_id == "workbook-too-many-strings"


def test_text_is_counted_in_the_shared_strings_too(monkeypatch: pytest.MonkeyPatch) -> None:
    body = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    assert read_workbook_grid(io.BytesIO(_with_shared_strings(["ж" * 51], body))) == [["ж" * 51]]
    monkeypatch.setattr(xlsx_reader, "MAX_CHARS", 50)
    assert _refusal(_with_shared_strings(["ж" * 51], body)).message_id == "workbook-too-much-text"
    # The whole table counts: openpyxl holds all of it, used or not.
    assert _refusal(_with_shared_strings(["ж", "ж" * 50], body)).message_id == "workbook-too-much-text"


def test_a_part_that_unpacks_too_big_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_STREAM_BYTES", 2**20)
    body = '<row r="1"><c r="A1" s="0"/></row>' + " " * 2**20  # compresses to a few KB
    error = _refusal(_with_sheet(body))
    assert error.message_id == "workbook-part-too-big"
    assert error.arguments == {"part": SHEET, "size": 2, "limit": 1}


def test_a_zip_listing_too_many_files_is_refused_before_it_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_PARTS", 50)
    data = _replace(_save(Workbook()), {f"junk/{n}.bin": b"" for n in range(60)})
    listed: list[object] = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: listed.append(self))
    assert _refusal(data).message_id == "workbook-too-many-parts"
    assert listed == []


def test_a_zip64_directory_is_read_for_its_real_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 65,535 files a zip says so in a zip64 record: the count is read there, not taken as 65,535."""
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 5)  # zipfile writes the zip64 records past this
    wb = Workbook()
    wb.active["A1"] = "Звіт"
    data = bytearray(_replace(_save(wb), {}))
    assert data.rfind(b"PK\x06\x06") > 0
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\xff" * 4  # the classic record's counts say "see the zip64 record"
    data = bytes(data)
    assert read_workbook_grid(io.BytesIO(data)) == [["Звіт"]]
    monkeypatch.setattr(xlsx_reader, "MAX_PARTS", 5)
    assert _refusal(data).message_id == "workbook-too-many-parts"


def test_a_single_row_of_many_cells_is_refused_with_little_memory() -> None:
    """400,001 empty cells in one row (about 3 MB of XML, a few KB zipped): the cell cap, in a stream."""
    data = _with_sheet('<row r="1">' + "<c/>" * (xlsx_reader.MAX_CELLS + 1) + "</row>")
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        error = _refusal(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.message_id == "workbook-too-many-cells"
    assert peak < 5 * 2**20


# -- what is read ------------------------------------------------------------------------------------


def test_cells_covered_by_a_merge_read_empty_whatever_the_file_holds() -> None:
    body = (
        f'<row r="1">{_inline("A1", "ліва")}{_inline("B1", "прихована")}{_inline("C1", "поруч")}</row>'
        f'<row r="2">{_inline("A2", "під")}{_inline("B2", "теж")}</row>'
    )
    xml = f'<worksheet {NS}><sheetData>{body}</sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>'
    data = _replace(_save(Workbook()), {SHEET: xml.encode()})
    assert read_workbook_grid(io.BytesIO(data)) == [["ліва", "", "поруч"], []]


def test_a_merge_reaches_the_grid_as_openpyxl_sheets_do() -> None:
    xml = (
        f'<worksheet {NS}><sheetData><row r="1">{_inline("A1", "Звіт")}</row></sheetData>'
        '<mergeCells><mergeCell ref="A1:A3"/><mergeCell ref="A30000:B30001"/></mergeCells></worksheet>'
    )
    assert read_workbook_grid(io.BytesIO(_replace(_save(Workbook()), {SHEET: xml.encode()}))) == [
        ["Звіт"],
        [],
        [],
    ]


def test_rich_text_reads_without_its_phonetic_reading() -> None:
    rich = '<r><t>Зв</t></r><r><t>іт</t></r><rPh sb="0" eb="1"><t>x</t></rPh>'
    inline = f'<c r="A1" t="inlineStr"><is>{rich}</is></c>'
    assert read_workbook_grid(io.BytesIO(_with_sheet(f'<row r="1">{inline}</row>'))) == [["Звіт"]]
    shared = _with_shared_strings(
        [rich, "1.1. Захід"], '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    )
    assert read_workbook_grid(io.BytesIO(shared)) == [["Звіт", "1.1. Захід"]]
    # A cell whose text is only a phonetic reading is empty: beyond the bounds, it is ignored.
    phonetic = '<c r="Z1" t="inlineStr"><is><rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
    assert read_workbook_grid(io.BytesIO(_with_sheet(f'<row r="1">{inline}{phonetic}</row>'))) == [["Звіт"]]


def test_a_stream_that_cannot_seek_is_read() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            return self._data.readinto(buffer)

    wb = Workbook()
    wb.active["A1"] = "Звіт"
    assert read_workbook_grid(Pipe(_save(wb))) == [["Звіт"]]  # type: ignore[arg-type]


# -- formulas ----------------------------------------------------------------------------------------


def test_a_formula_without_a_cached_value_is_refused_with_its_cell(rendered: list[object]) -> None:
    wb = Workbook()
    wb.active["A1"] = "Звіт"
    wb.active["F12"] = "=SUM(F5:F11)"  # openpyxl writes no cached value, as any script does
    error = _refusal(_save(wb))
    assert isinstance(error, FormulaError)
    assert error.count == 1 and error.cells == [("F12", "=SUM(F5:F11)")]
    assert str(error).startswith("Клітинка F12 (=SUM(F5:F11)) містить формулу без обчисленого значення")
    assert "Вставити спеціальне → Значення" in str(error)
    assert rendered == []


def test_every_formula_is_counted_and_the_first_few_named() -> None:
    wb = Workbook()
    for row in range(12, 20):
        wb.active[f"F{row}"] = f"=SUM(F{row - 7}:F{row - 1})"
    wb.active["J3"] = '=CONCATENATE("дуже довгий текст формули, який не поміститься в повідомлення", A1, B1)'
    error = _refusal(_save(wb))
    assert isinstance(error, FormulaError) and error.count == 9
    text = str(error)
    assert text.startswith("Клітинки J3 (=CONCATENATE(") and "F13 (=SUM(F6:F12))" in text
    assert "…)" in text  # a long formula is cut
    assert "F16" not in text and "і ще 4 клітинки містять формули" in text


def test_shared_formulas_are_shown_as_in_their_own_cells() -> None:
    body = (
        '<row r="12"><c r="F12"><f t="shared" ref="F12:F15" si="0">SUM(F5:F11)</f><v>3</v></c></row>'
        '<row r="13"><c r="F13"><f t="shared" si="0"/><v>4</v></c></row>'
        '<row r="14"><c r="F14"><f t="shared" si="0"/></c></row>'
        '<row r="15"><c r="F15"><f t="dataTable" ref="F15"/></c></row>'
    )
    error = _refusal(_with_sheet(body))
    assert isinstance(error, FormulaError)  # the first two computed, the others not
    assert error.cells == [("F14", "=SUM(F7:F13)"), ("F15", None)]
    assert "F15 містять" in str(error)


def _computed(cells: dict[str, tuple[str, str, str]]) -> bytes:
    """A sheet of formula cells, each (formula, its number format, the value a program computed for it) as
    Excel saves them: the value beside the formula."""
    wb = Workbook()
    for address, (formula, number_format, _) in cells.items():
        wb.active[address] = formula
        wb.active[address].number_format = number_format
    data = _save(wb)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(SHEET).decode()
    for address, (formula, _, value) in cells.items():
        written = escape(formula[1:])
        text = value.startswith('"')  # a text's value: the cell says so
        xml = xml.replace(f"<f>{written}</f><v></v>", f"<f>{written}</f><v>{value.strip(chr(34))}</v>", 1)
        if text:
            xml = xml.replace(f'<c r="{address}"', f'<c r="{address}" t="str"', 1)
    return _replace(data, {SHEET: xml.encode()})


def test_a_formula_reads_as_the_value_it_shows() -> None:
    """The value the program that saved the file computed, as the cell's format shows it: to its decimals (half
    up), a percent a hundredfold, a binary sum's noise gone; a text formula's text."""
    data = _computed(
        {
            "A1": ("=0.1+0.2", "General", "0.30000000000000004"),
            "B1": ("=2/3*100", "0.0", "66.666666666666671"),
            "C1": ("=19/20", "0.0%", "0.95"),
            "D1": ('="a"&"b"', "General", '"ab"'),
            "E1": ("=SUM(1,2)", "#,##0.00", "3"),
            "F1": ("=2.25+0", "0.0", "2.25"),
            "G1": ("=2.3+0", "0.0#", "2.2999999999999998"),
            "H1": ("=2530", "General", "2530"),
        }
    )
    assert read_workbook_grid(io.BytesIO(data)) == [
        ["0,3", "66,7", "95,0", "ab", "3,00", "2,3", "2,3", "2530"]
    ]


def test_a_formula_whose_value_is_an_error_is_refused_with_its_cell() -> None:
    body = '<row r="12"><c r="I12" t="e"><f>H12/F12*100</f><v>#DIV/0!</v></c></row>'
    error = _refusal(_with_sheet(body))
    assert isinstance(error, FormulaError) and error.cells == [("I12", "=H12/F12*100")]


def test_a_formula_through_the_importer_names_the_cell_and_nothing_else(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["F12"] = "=SUM(F5:F11)"
    path = tmp_path / "zvit.xlsx"
    path.write_bytes(_save(wb))
    with pytest.raises(ImportFileError, match=r"^Клітинка F12 \(=SUM\(F5:F11\)\) містить формулу"):
        import_grid(path)


async def test_the_bot_refuses_a_workbook_with_formulas_and_changes_nothing(world: World) -> None:
    async with world.db.locked() as conn:
        before = (await (await conn.execute("SELECT COUNT(*) FROM plans")).fetchone())[0]
    wb = Workbook()
    wb.active["A1"] = "Звіт"
    wb.active["F15"] = "=SUM(F5:F11)"
    coordinator = world.coordinator()
    await coordinator.send_document("звіт.xlsx", _save(wb))
    await coordinator.expect("Отримав файл")
    reply = await coordinator.expect("містить формулу")
    assert "Файл не імпортовано. Клітинка F15 (=SUM(F5:F11))" in reply.text
    assert reply.reply_markup is None  # no «Застосувати»
    async with world.db.locked() as conn:
        assert (await (await conn.execute("SELECT COUNT(*) FROM plans")).fetchone())[0] == before


# -- files that are not workbooks, or broken ones -------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _encrypted_zip_entries() -> bytes:
    data = bytearray(_save(Workbook()))
    # Set the "encrypted" flag on every entry, local headers and central directory alike.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 0x1
            start += 4
    return bytes(data)


def _without_sheets() -> bytes:
    data = _save(Workbook())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    workbook = re.sub(r"<sheets>.*</sheets>", "<sheets/>", workbook)
    return _replace(data, {"xl/workbook.xml": workbook.encode()})


CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

BROKEN = {
    "no-byte": (b"", "workbook-empty-file"),
    "not-zip": (b"<html><body>\xd0\x97\xd0\xb2\xd1\x96\xd1\x82</body></html>", "workbook-not-zip"),
    "zip-of-text": (_zip({"readme.txt": b"hello"}), "workbook-not-workbook"),
    "docx": (
        _zip(
            {
                "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
            }
        ),
        "workbook-not-workbook",
    ),
    "xlsb": (_zip({"xl/workbook.bin": b"\x83\x01"}), "workbook-binary-format"),
    "ods": (
        _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
        "workbook-opendocument",
    ),
    "xls": (CFB, "workbook-old-format"),
    "encrypted-xlsx": (CFB + "EncryptedPackage".encode("utf-16-le"), "workbook-encrypted"),
    "encrypted-zip": (_encrypted_zip_entries(), "workbook-encrypted"),
    "truncated": (_hostile()[:3000], "workbook-corrupt"),
    "zip-header-only": (b"PK\x03\x04garbage", "workbook-corrupt"),
    "bad-sheet-xml": (
        _replace(_save(Workbook()), {SHEET: b"<worksheet><sheetData><row>"}),
        "workbook-corrupt",
    ),
    "sheet-missing": (_replace(_save(Workbook()), {SHEET: None}), "workbook-no-sheets"),
    "bad-shared-string": (
        _with_sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'),
        "workbook-corrupt",
    ),
    "negative-shared-string": (  # Python's list would give the last string
        _with_shared_strings(["Звіт", "999"], '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>'),
        "workbook-corrupt",
    ),
    "bad-number": (_with_sheet('<row r="1"><c r="A1"><v>сім</v></c></row>'), "workbook-corrupt"),
    "bad-address": (_with_sheet('<row r="1"><c r="1A"><v>1</v></c></row>'), "workbook-corrupt"),
    "doctype": (
        _replace(_save(Workbook()), {SHEET: b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>'}),
        "workbook-corrupt",
    ),
    "no-sheets": (_without_sheets(), "workbook-no-sheets"),
    "empty": (_save(Workbook()), "workbook-empty"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_every_failure_is_a_catalog_message_not_an_exception_name(case: str, tmp_path: Path) -> None:
    data, message_id = BROKEN[case]
    error = _refusal(data)
    assert error.message_id == message_id
    assert has_message(message_id)
    text = str(error)
    assert not EXCEPTION_NAME.search(text) and re.search("[а-яі]{5}", text)
    path = tmp_path / "report.xlsx"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as caught:
        import_grid(path)
    assert str(caught.value) == text


def test_an_empty_first_sheet_is_named() -> None:
    wb = Workbook()
    wb.active.title = "Звіт 2023"
    wb.create_sheet("Підсумки")["A1"] = "дані на другому аркуші"
    error = _refusal(_save(wb))
    assert error.message_id == "workbook-empty"
    assert "(«Звіт 2023») порожній" in str(error)


def test_every_message_id_the_reader_raises_is_in_the_catalog() -> None:
    source = Path(xlsx_reader.__file__).read_text(encoding="utf-8")
    ids = set(re.findall(r'"(workbook-[a-z-]+)"', source))
    assert len(ids) > 15
    assert {mid for mid in ids if not has_message(mid)} == set()
