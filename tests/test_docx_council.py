"""A council's own report as a clerk's Word document (``reports.docx_reader``): the form's table with the task
merged down over its measures, its head repeated, text around it; what Word keeps beside the text (tracked
changes, content controls, fields, hidden text, text boxes) reads as Word shows it, and a part that claims too much
is refused in words."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from decimal import Decimal

import pytest

from reports.docx_reader import MAX_CHARS, read_document_grid
from reports.import_issues import ImportFileError, Problem
from reports.importer import read_file_grid
from reports.report_parser import ParsedMeasure, ParsedTask, parse_grid
from tests.conftest import SEED
from tests.copykit import measures_of
from tests.test_docx_reader import NUMBERING_RELS, RELS, W, _zip

LINES = [line.split("\t") for line in SEED.read_text(encoding="utf-8").splitlines()]
HEADER = next(i for i, cells in enumerate(LINES) if len(cells) == 10)
SEED_REPORT = parse_grid(LINES)
TOTALS = [
    cells for cells in LINES if len(cells) > 1 and cells[1].startswith(("з загального", "з спеціального"))
]
SIGNATURE = [cells[0] for cells in LINES[LINES.index(TOTALS[-1]) + 1 :]]
_WORDS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_WORDS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'

Cells = list[str]
Change = Callable[[ParsedTask, ParsedMeasure, bool, Cells], Cells]


def _run(text: str, properties: str = "") -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>' if text else ""


def _paragraphs(text: str) -> str:
    return "".join(f"<w:p>{_run(line)}</w:p>" for line in text.split("\n")) if text else "<w:p/>"


def _cell(content: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def _amount(value: Decimal | None) -> str:
    return "" if value is None else str(value).replace(".", ",")


def _measure_cells(task: ParsedTask, measure: ParsedMeasure, first: bool) -> Cells:
    """A measure's row as a clerk makes it: the task's number and text merged down over its measures."""
    merge = '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"
    return [
        _cell(_paragraphs(f"{task.number}.") if first else "", merge),
        _cell(_paragraphs(task.text) if first else "", merge),
        _cell(_paragraphs(f"{measure.number}. {measure.text}")),
        _cell(_paragraphs(measure.term)),
        _cell(_paragraphs(measure.executors)),
        *(
            _cell(_paragraphs(_amount(v)))
            for v in (measure.plan, measure.actual, measure.financed, measure.percent)
        ),
        _cell(_paragraphs(measure.info)),
    ]


def _row(cells: Cells, properties: str = "") -> str:
    return f"<w:tr><w:trPr>{properties}</w:trPr>{''.join(cells)}</w:tr>"


def _head(rows: list[Cells] | None = None) -> list[str]:
    rows = rows or [[_cell(_paragraphs(c)) for c in LINES[HEADER]]]
    numbers = [_cell(_paragraphs(c)) for c in LINES[HEADER + 1]]
    return [_row(cells, "<w:tblHeader/>") for cells in [*rows, numbers]]


def _body(
    change: Change | None = None, head: list[str] | None = None, after_task: dict[int, str] | None = None
) -> str:
    """The seed as a council's document: title paragraphs, the form's table (its head marked to repeat, the
    totals' label over five columns), the signature; ``change`` makes a measure's cells otherwise,
    ``after_task`` closes the table after a task and puts text there."""
    parts = [_paragraphs(cells[0] if cells else "") for cells in LINES[:HEADER]]
    rows = head or _head()
    for k, task in enumerate(SEED_REPORT.tasks):
        for i, measure in enumerate(task.measures):
            cells = _measure_cells(task, measure, i == 0)
            rows.append(_row(change(task, measure, i == 0, cells) if change else cells))
        if after_task and k in after_task:
            parts.append("<w:tbl>" + "".join(rows) + "</w:tbl>" + after_task[k])
            rows = []
    for cells in TOTALS:
        label = next(c for c in cells if c.strip())
        figures = (cells[cells.index(label) + 3 :] + [""] * 5)[:5]
        rows.append(
            _row(
                [_cell(_paragraphs(label), '<w:gridSpan w:val="5"/>')]
                + [_cell(_paragraphs(f)) for f in figures]
            )
        )
    parts.append("<w:tbl>" + "".join(rows) + "</w:tbl>")
    parts += [_paragraphs(text) for text in SIGNATURE]
    return "".join(parts)


def _docx(body: str, *, numbering: bytes | None = None, namespace: str = _WORDS) -> bytes:
    document = f"<w:document {W.decode()} {_MC.decode()}><w:body>{body}</w:body></w:document>"
    parts = {"_rels/.rels": RELS, "word/document.xml": document.replace(_WORDS, namespace).encode()}
    if numbering is not None:
        parts |= {"word/_rels/document.xml.rels": NUMBERING_RELS, "word/numbering.xml": numbering}
    return _zip(parts)


def _read(data: bytes) -> list[tuple[object, ...]]:
    return measures_of(parse_grid(read_file_grid(io.BytesIO(data), "звіт.docx")))


def _expected(number: str, **fields: object) -> list[tuple[object, ...]]:
    """The seed's measures, ``number``'s fields as given (by ``measures_of``' names)."""
    names = (
        "task",
        "task_text",
        "number",
        "text",
        "term",
        "executors",
        "plan",
        "actual",
        "financed",
        "percent",
    )
    rows = []
    for row in measures_of(SEED_REPORT):
        if row[2] == number:
            row = tuple(fields.get(name, value) for name, value in zip((*names, "info"), row, strict=True))
        rows.append(row)
    return rows


def _one(number: str, column: int, content: str) -> Change:
    def change(task: ParsedTask, measure: ParsedMeasure, first: bool, cells: Cells) -> Cells:
        if measure.number == number:
            cells[column] = _cell(content)
        return cells

    return change


def test_a_clerks_document_reads_as_the_seed() -> None:
    assert _read(_docx(_body())) == measures_of(SEED_REPORT)


_PLAN_12 = SEED_REPORT.measures[1]  # 1.2: plan 12,0
_INFO_12 = _PLAN_12.info


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (  # a deletion a generator wrote with w:t, not w:delText: deleted all the same
            _one(
                "1.2",
                5,
                '<w:p><w:del w:id="1" w:author="a">' + _run("9") + "</w:del>" + _run("12,0") + "</w:p>",
            ),
            _expected("1.2"),
        ),
        (  # text moved away (the place it left): not read there
            _one(
                "1.2",
                9,
                '<w:p><w:moveFrom w:id="1" w:author="a">'
                + _run("ПЕРЕНЕСЕНО ")
                + "</w:moveFrom>"
                + _run(_INFO_12)
                + "</w:p>",
            ),
            _expected("1.2"),
        ),
        (  # Word's non-breaking hyphen is an element of its own: «2020‑2025», never «20202025»
            _one(
                "1.2", 3, "<w:p>" + _run("2020") + "<w:r><w:noBreakHyphen/></w:r>" + _run("2025") + "</w:p>"
            ),
            _expected("1.2"),
        ),
        (  # an empty content control shows its prompt, greyed: the cell is empty
            _one(
                "1.3",
                9,
                "<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
                + _run("Клацніть або торкніться тут, щоб ввести текст.")
                + "</w:sdtContent></w:sdt></w:p>",
            ),
            _expected("1.3", info=""),
        ),
        (  # hidden text is not what the document shows
            _one(
                "1.2",
                9,
                "<w:p>" + _run("ПРИХОВАНО ", "<w:rPr><w:vanish/></w:rPr>") + _run(_INFO_12) + "</w:p>",
            ),
            _expected("1.2"),
        ),
        (  # a text box is written twice (for Word 2010 and, as a fallback, for older ones): read once
            _one(
                "1.2",
                9,
                "<w:p>"
                + _run(_INFO_12)
                + '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
                + _paragraphs("Примітка")
                + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
                + _paragraphs("Примітка")
                + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
            ),
            _expected("1.2", info=f"Примітка\n{_INFO_12}"),
        ),
    ],
    ids=["deleted-t", "moved-from", "no-break-hyphen", "placeholder", "hidden", "text-box"],
)
def test_what_word_keeps_beside_the_text_is_read_as_word_shows_it(
    change: Change, expected: list[tuple[object, ...]]
) -> None:
    assert _read(_docx(_body(change))) == expected


def test_a_strict_document_reads_as_a_transitional_one() -> None:
    """Word's «Strict Open XML Document» names its elements in another namespace: it was read as an empty file."""
    assert _read(_docx(_body(), namespace=_STRICT_WORDS)) == measures_of(SEED_REPORT)


def _list_of(level_text: str) -> bytes:
    return (
        b"<w:numbering "
        + W
        + b'><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        b'<w:lvlText w:val="' + level_text.encode() + b'"/></w:lvl></w:abstractNum>'
        b'<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


_NUMBERED = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:p>'


def test_list_labels_count_in_the_documents_text() -> None:
    """A list's labels are the document's text too: many long ones are refused like long runs (40,000 labels of
    900 characters took 9 s and 60 MB, uncounted)."""
    paragraphs = _NUMBERED * (MAX_CHARS // 100 + 1)  # in one cell: no row to count
    data = _docx(f"<w:tbl><w:tr><w:tc>{paragraphs}</w:tc></w:tr></w:tbl>", numbering=_list_of("%1" * 100))
    with pytest.raises(ImportFileError) as caught:
        read_document_grid(data)
    assert caught.value.problem is Problem.DOCUMENT_TOO_MUCH_TEXT


def test_a_list_levels_text_longer_than_any_labels_nothing() -> None:
    """Every numbered paragraph searches its level's text: a 2 MB one on 10,000 paragraphs (a 5 KB file) took
    36 s; a text longer than Word's own lists have labels nothing."""
    data = _docx(_NUMBERED + _paragraphs("Текст"), numbering=_list_of("%1." + "x" * 2_000_000))
    assert read_document_grid(data) == [[""], ["Текст"]]


def test_a_term_executors_and_information_merged_down_belong_to_every_measure_under_them() -> None:
    """Clerks merge a cell down over a task's measures where they share it: each measure has the term, the
    executors and the information Word shows beside it (the term was read as empty and refused, the executors
    lost); an amount merged down stays the first measure's alone, as a copy has it (summed once, not per row)."""

    def merged(task: ParsedTask, measure: ParsedMeasure, first: bool, cells: Cells) -> Cells:
        merge = '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"
        top = task.measures[0]
        for column, text in ((3, top.term), (4, top.executors), (6, _amount(top.actual)), (9, top.info)):
            cells[column] = _cell(_paragraphs(text) if first else "", merge)
        return cells

    expected = []
    for task in SEED_REPORT.tasks:
        top = task.measures[0]
        for row, measure in zip(measures_of(SEED_REPORT), SEED_REPORT.measures, strict=True):
            if measure in task.measures:
                actual = top.actual if measure is top else None
                expected.append((*row[:4], top.term, top.executors, row[6], actual, *row[8:10], top.info))
    assert _read(_docx(_body(merged))) == expected


def test_a_dash_in_an_amounts_cell_is_no_amount() -> None:
    """Clerks put a dash where there is no amount («-», «–», «—»): read as an empty cell (it was «це не число»);
    a dash before a number is still a negative number, refused."""

    def dashes(task: ParsedTask, measure: ParsedMeasure, first: bool, cells: Cells) -> Cells:
        if measure.number == "1.3":  # its plan is 0,0
            cells[5:9] = [_cell(_paragraphs(dash)) for dash in ("—", "-", "–", " - ")]
        return cells

    assert _read(_docx(_body(dashes))) == _expected(
        "1.3", plan=Decimal(0), actual=None, financed=None, percent=None
    )
    with pytest.raises(ImportFileError) as caught:
        _read(_docx(_body(_one("1.3", 6, _paragraphs("-5,0")))))
    assert caught.value.problem is Problem.BAD_NUMBER


def test_a_head_of_two_rows_reads() -> None:
    """The form's head in two rows, as councils draw it: «Річний обсяг фінансування тис. грн» over two columns
    (w:gridSpan), «план» and «факт» under it, the other titles merged down (the second row was read as a measure
    and refused)."""
    titles = LINES[HEADER]
    down = '<w:vMerge w:val="restart"/>'
    first = [_cell(_paragraphs(titles[i]), down) for i in range(5)]
    first.append(_cell(_paragraphs("Річний обсяг фінансування тис. грн"), '<w:gridSpan w:val="2"/>'))
    first += [_cell(_paragraphs(titles[i]), down) for i in range(7, 10)]
    second = [_cell("", "<w:vMerge/>") for _ in range(5)] + [_cell(_paragraphs(t)) for t in ("план", "факт")]
    second += [_cell("", "<w:vMerge/>") for _ in range(7, 10)]
    assert _read(_docx(_body(head=_head([first, second])))) == measures_of(SEED_REPORT)


def test_a_table_continued_under_its_label_reads_as_one() -> None:
    """The table broken where a page begins, «Продовження таблиці 1» above the rest (as ДСТУ 4163 has it): read as
    one table (the line was read as a measure and refused); a table per task reads too."""
    label = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + _paragraphs("Продовження таблиці 1")
    assert _read(_docx(_body(after_task={1: label}))) == measures_of(SEED_REPORT)
    every = {k: "<w:p/>" for k in range(len(SEED_REPORT.tasks) - 1)}
    assert _read(_docx(_body(after_task=every))) == measures_of(SEED_REPORT)
