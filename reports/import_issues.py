"""What an import has to tell a person, as data: the errors that reject a file, the warnings about one.

Each carries a code, which is its message id in ``l10n/uk/import.ftl``, and the values to put in. The
text is made only when it is shown (``str()``), from the catalog, with numbers as ``l10n.numbers`` shows
them; so a parsed report holds no wording and a deployment's catalog applies to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from l10n import t
from l10n.numbers import number

# A value put into a message: text as it is, counts and line numbers, amounts and percents (Decimal; None
# is a figure not given).
Value = str | int | Decimal | None


class SheetGrid(list[list[str]]):
    """A workbook's sheet as a grid of text cells (``reports.xlsx_reader``), with what of it a person does not see
    there: the hidden rows (by number) and columns (by letter) that hold data. Whoever reads the grid decides what
    they mean (a report refuses them, ``reports.report_parser``)."""

    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[str, ...] = ()
    sheet: str = ""  # its name
    others: tuple[
        str, ...
    ] = ()  # the names of the workbook's other visible sheets the reader's caller took too


class MergedCell(str):
    """A document's cell merged into the one above it (``w:vMerge`` going on, ``reports.docx_reader``): empty,
    as a copy as text has it, and ``above``, the text Word shows across the merge (the cell it begins with), for
    the columns whose text belongs to every row it spans (``reports.report_parser``)."""

    above: str

    def __new__(cls, above: str) -> MergedCell:
        cell = super().__new__(cls, "")
        cell.above = above
        return cell


class Problem(StrEnum):
    """Why a file cannot be imported."""

    EMPTY_FILE = "import-empty-file"
    UNREADABLE = "import-unreadable"  # detail: "encoding" or "binary"
    WORKBOOK = "import-workbook"  # message: the workbook reader's own words (reports.xlsx_reader)
    DOCUMENT_CORRUPT = "import-document-corrupt"  # a DOCX that cannot be read (reports.docx_reader)
    DOCUMENT_NOT_DOCUMENT = "import-document-not-document"  # a zip without a document in it
    DOCUMENT_OLD_FORMAT = "import-document-old-format"  # Word 97-2003 (.doc), or an encrypted .docx
    DOCUMENT_TOO_BIG = "import-document-too-big"  # size, limit: MiB of its body's XML
    DOCUMENT_TOO_MUCH_TEXT = "import-document-too-much-text"  # limit: characters
    DOCUMENT_TOO_COMPLEX = "import-document-too-complex"  # limit: XML elements
    UNSUPPORTED = "import-unsupported"  # name
    PDF = "import-pdf"  # a PDF, whatever its name: its table has no cells to read
    IMAGE = "import-image"  # a picture (a scan or a photo of the report), whatever its name
    TOO_LONG = "import-too-long"  # lines, limit: more lines than a report has
    TOO_MANY_CELLS = "import-too-many-cells"  # cells, limit: more cells than a report has
    ROW_TOO_WIDE = (
        "import-row-too-wide"  # line; cells, width, separator: a row of a CSV parted more than its table
    )
    NO_HEADER = "import-no-header"
    NO_COLUMNS = "import-no-columns"  # the table's words are there, but no cells (a copy out of a PDF)
    NO_TITLE = "import-no-title"  # what
    NO_PROGRAM_NAME = "import-no-program-name"
    TITLE_LINE_TOO_LONG = "import-title-line-too-long"  # what (program, department, signatory), length, limit
    BAD_YEAR = "import-bad-year"
    BAD_DECISION = "import-bad-decision"
    BAD_TERM = "import-bad-term"
    NO_MEASURE = "import-no-measure"
    MEASURE_BEFORE_TASK = "import-measure-before-task"  # number
    TASK_WITHOUT_TEXT = "import-task-without-text"  # number
    TOO_FEW_COLUMNS = "import-too-few-columns"
    TOO_MANY_COLUMNS = "import-too-many-columns"  # value
    BAD_TERM_CELL = "import-bad-term-cell"  # value
    BAD_NUMBER = "import-bad-number"  # value, title, reason (a storage.numbers.NumberReason)
    DUPLICATE_MEASURE = "import-duplicate-measure"  # number, first_line
    NO_MEASURES = "import-no-measures"
    INTERIM_REPORT = "import-interim-report"  # title: its period line (l10n/uk/interim_form.ftl)
    TERM_REPORT = "import-term-report"  # title: its years line («за 2020-2025 роки»)
    SEVERAL_SHEETS = "import-several-sheets"  # sheets: the workbook's sheets that each hold a report's table
    SECOND_REPORT = "import-second-report"  # line, name: a second report's title after the first's table
    SEVERAL_PLANS = (
        "import-several-plans"  # year, titles: plan columns, none (or several) of the report's year
    )
    NO_COLUMN = "import-no-column"  # title: a column of the form a council's head does not have
    GROUP_SUMS = "import-group-sums"  # number, under, title, printed, computed: a measure over measures
    HIDDEN_CELLS = "import-hidden-cells"  # rows, columns: a workbook's hidden ones that hold data (or "")


class Notice(StrEnum):
    """A warning about a file that is imported all the same."""

    TOTAL_MISMATCH = "import-total-mismatch"  # line, label, title, printed, computed
    TOTAL_PERCENT = "import-total-percent"  # line, label, printed, computed
    SPECIAL_FUND = "import-special-fund"  # line
    FINANCED_OVER_ACTUAL = "import-financed-over-actual"  # number, line, financed, actual
    MEASURE_OUTSIDE_TASK = "import-measure-outside-task"  # number, line, task
    UNMATCHED_EXECUTORS = "import-unmatched-executors"  # number, pieces
    NO_DEPARTMENT = "import-no-department"  # count, numbers, department (the responsible one's short name)
    NOT_IN_FILE = "import-not-in-file"  # count, numbers
    HISTORY_FILE = "import-history-file"  # year, newest
    COUNCIL_DIFFERS = "import-council-differs"  # database, report: the councils' names
    # Section 2, «Виконання результативних показників» (reports.indicators_section; l10n/uk/indicators_form.ftl)
    INDICATOR_UNREAD = "import-indicator-unread"  # line, text
    INDICATOR_NO_KIND = "import-indicator-no-kind"  # line, number
    INDICATOR_DUPLICATE = "import-indicator-duplicate"  # line, number, first_line
    INDICATOR_DEVIATION = "import-indicator-deviation"  # line, number, printed, computed
    COLUMN_UNREAD = "import-column-unread"  # column, title: a council's column the form has not
    FUND_ROWS = "import-fund-rows"  # numbers, count: measures with rows by source of funding under them
    FUND_MISMATCH = "import-fund-mismatch"  # number, title, printed, computed
    GROUP_SUMS = (
        "import-group-sums-read"  # numbers, count: measures whose figures are those under them summed
    )
    HRYVNIAS = "import-hryvnias"  # unit: the head's words that give the amounts in hryvnias
    TEXT_UNREAD = "import-text-unread"  # line, text: a line after the measures' table that is read as nothing


def render(message_id: str, params: Mapping[str, Value]) -> str:
    return t(message_id, **{key: _shown(value) for key, value in params.items()})


def _shown(value: Value) -> str | int:
    # Amounts and percents as the form prints them; a count stays a number, for the plural forms.
    if value is None or isinstance(value, Decimal):
        return number(value)
    return value


class ImportFileError(ValueError):
    """The file cannot be imported: why (``problem``, ``params``) and where (``line``, ``column``)."""

    def __init__(
        self, problem: Problem, line: int | None = None, column: int | None = None, **params: Value
    ) -> None:
        super().__init__(problem.value, line, column)
        self.problem = problem
        self.line = line
        self.column = column
        self.params = params

    def __str__(self) -> str:
        message = render(self.problem, self.params)
        if self.line is not None and self.column is not None:
            return t("import-at", line=self.line, column=self.column, message=message)
        if self.line is not None:
            return t("import-at-line", line=self.line, message=message)
        return message


class ImportNotice(BaseModel):
    """A warning about the file; ``str()`` is its text."""

    model_config = ConfigDict(frozen=True)

    code: Notice
    params: dict[str, Value] = Field(default_factory=dict)

    def __str__(self) -> str:
        return render(self.code, self.params)


def notice(code: Notice, **params: Value) -> ImportNotice:
    return ImportNotice(code=code, params=params)
