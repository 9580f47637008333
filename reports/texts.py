"""The official report form's wording, read from the message catalog (``l10n/uk/form.ftl``).

The writer lays these out and the reader recognises its own rows by them, so a wording changed in the
catalog (a city's ``CATALOG_DIR`` included) changes both sides at once. Every function reads the catalog
when called, so a catalog configured after import (``l10n.catalog.configure``) is the one used. A caller
that needs a text many times asks once (per document) and keeps it.

Only the form's layout stays here: column numbers, the shape of a measure's number, punctuation.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from l10n import t
from l10n.times import date
from storage.deadlines import Interim

# The official form numbers its columns without 6 (a column dropped from an older edition of the form).
COLUMN_NUMBERS: Final = (1, 2, 3, 4, 5, 7, 8, 9, 10, 11)
TERM_COLUMN_NUMBERS: Final = COLUMN_NUMBERS  # the annual form's numbering (issue 24)

# A task's and a measure's number: the importer's measure pattern (reports.report_parser) reads this shape.
TASK_NUMBER: Final = "{number}."
MEASURE_CELL: Final = "{number}. {text}"
ELLIPSIS: Final = "…"
# Ends a DOCX piece of a text cut at a page break inside a word (invisible): read back, the pieces meet as one word.
WORD_CUT: Final = "\u2060"  # WORD JOINER
TERM_YEARS_SEPARATOR: Final = ", "


def template(message_id: str, *fields: str) -> str:
    """The message with each of ``fields`` shown as ``{field}``: for building the importer's patterns."""
    return t(message_id, **{field: "{" + field + "}" for field in fields})


# --------------------------------------------------------------------------------------- the annual form
def sheet_title() -> str:
    return t("form-sheet-title")


def title() -> str:
    return t("form-title")


def subtitle() -> str:
    return t("form-subtitle")


def year_line(year: int) -> str:
    return t("form-year-line", year=year)


def interim_name(interim: Interim) -> str:
    """«І півріччя», «9 місяців», «ІІ квартал» (``l10n/uk/interim_form.ftl``)."""
    return t("interim-form-period", interim=interim.name)


def period_line(year: int, interim: Interim | None) -> str:
    """The title's period: «за 2024 рік», or an interim report's «за І півріччя 2024 року»."""
    if interim is None:
        return year_line(year)
    return t("interim-form-period-line", period=interim_name(interim), year=year)


def as_of_line(day: dt.date) -> str:
    """«станом на 01.07.2024»: the date an interim report's figures stand at."""
    return t("interim-form-as-of", date=date(day))


def decision_line(decision_number: str, decision_date: str) -> str:
    return t("form-decision-line", decision_number=decision_number, decision_date=decision_date)


def term_line(term: str) -> str:
    return t("form-term-line", term=term)


def section_measures() -> str:
    return t("form-section-measures")


def column_titles() -> tuple[str, ...]:
    """The writer prints these titles and the importer recognises its columns by them."""
    return (
        t("form-column-number"),
        t("form-column-task"),
        t("form-column-measure"),
        t("form-column-term"),
        t("form-column-executors"),
        t("form-column-plan"),
        t("form-column-actual"),
        t("form-column-financed"),
        t("form-column-percent"),
        t("form-column-info"),
    )


def task_word() -> str:
    """The word a council may write before a task's number, «Завдання 1» (the importer reads 1)."""
    return t("form-read-task-word")


def unit_hryvnia() -> str:
    """The hryvnia in a council's head, «грн»: with no thousand beside it, the amounts are in hryvnias."""
    return t("form-read-hryvnia")


def unit_thousand() -> str:
    """The thousand in «тис. грн», the form's unit of amounts."""
    return t("form-read-thousand")


def _listed(message: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in message.split(",") if w.strip())


def column_words() -> tuple[tuple[str, ...], ...]:
    """Per column of the form (``column_titles``), the words a council's own title for it holds: none for
    «№ з/п» and «Завдання», which are never looked for."""
    return (
        (),
        (),
        _listed(t("form-read-column-measure")),
        _listed(t("form-read-column-term")),
        _listed(t("form-read-column-executors")),
        _listed(t("form-read-column-plan")),
        _listed(t("form-read-column-actual")),
        _listed(t("form-read-column-financed")),
        _listed(t("form-read-column-percent")),
        _listed(t("form-read-column-info")),
    )


def fund_labels() -> tuple[str, ...]:
    """How a council's rows of a measure's figures by source of funding begin («загальний фонд», …)."""
    return _listed(t("form-read-fund-labels"))


def sum_labels() -> tuple[str, ...]:
    """How a council's own totals rows begin («Разом», «Всього по програмі»): read as totals, checked."""
    return _listed(t("form-read-sum-labels"))


def total_general() -> str:
    return t("form-total-general")


def total_special_start() -> str:
    """How the special fund's label begins: the importer recognises the row by it."""
    return t("form-total-special-start")


def total_special() -> str:
    return t("form-total-special")


def continuation(number: str) -> str:
    """Column C of a row carrying the rest of measure ``number``'s information text."""
    return t("form-continuation", number=number)


def table_continued() -> str:
    """The line above a table continued on the next page: «Продовження таблиці» (a council's; we write none)."""
    return t("form-table-continued")


def continued_number(number: str) -> str:
    """The number cell of a row continued on the next page: «4.3 (продовж.)» (``number`` without its dot)."""
    return t("form-continued-number", number=number)


def term_percent_note() -> str:
    """Under the term report's table: how its percents are computed."""
    return t("form-term-percent-note")


def page_line(page: int | str, pages: int | str) -> str:
    return t("form-page-line", page=page, pages=pages)


def page_footer() -> str:
    """The page line in Excel's header/footer codes: &P is the page number, &N the number of pages."""
    return page_line("&P", "&N")


# ----------------------------------------------------------------------------------- the summary sheet
def summary_sheet_title() -> str:
    return t("form-summary-sheet-title")


def summary_title(year: int, interim: Interim | None = None) -> str:
    if interim is not None:
        return t("interim-form-summary-title", period=interim_name(interim), year=year)
    return t("form-summary-title", year=year)


def section_completeness() -> str:
    return t("form-summary-section-completeness")


def completeness_headers(year: int) -> tuple[str, ...]:
    return (
        t("form-summary-completeness-number"),
        t("form-summary-completeness-department"),
        t("form-summary-completeness-measures", year=year),
        t("form-summary-completeness-reported"),
        t("form-summary-completeness-missing"),
        t("form-summary-completeness-share"),
    )


def section_finance() -> str:
    return t("form-summary-section-finance")


def finance_headers() -> tuple[str, ...]:
    return (
        t("form-summary-finance-number"),
        t("form-summary-finance-task"),
        t("form-summary-finance-plan"),
        t("form-summary-finance-actual"),
        t("form-summary-finance-financed"),
    )


def total() -> str:
    return t("form-summary-total")


def chart_completeness() -> tuple[str, str, str]:
    """The completeness chart's title, x axis and y axis."""
    return t("form-chart-completeness-title"), t("form-chart-completeness-x"), t("form-chart-completeness-y")


def chart_finance() -> tuple[str, str, str]:
    """The finance chart's title, x axis and y axis."""
    return t("form-chart-finance-title"), t("form-chart-finance-x"), t("form-chart-finance-y")


# ------------------------------------------------------------------------------------- the file formats
def unknown_format(name: str, known: str) -> str:
    return t("form-unknown-format", name=name, known=known)


def formats_or(first: str, last: str) -> str:
    return t("form-formats-or", first=first, last=last)


# ---------------------------------------------------------------------------------- the term's report
def term_years_line(first: int, last: int) -> str:
    return t("form-term-years-line", first=first, last=last)


def term_column_titles() -> tuple[str, ...]:
    return (
        t("form-term-column-number"),
        t("form-term-column-measure"),
        t("form-term-column-year"),
        t("form-term-column-term"),
        t("form-term-column-executors"),
        t("form-term-column-plan"),
        t("form-term-column-actual"),
        t("form-term-column-financed"),
        t("form-term-column-percent"),
        t("form-term-column-info"),
    )


def term_total() -> str:
    return t("form-term-total")


def term_years_left_out(years: list[int]) -> str:
    """The note above the table when years of the term have neither plans nor reports."""
    return t("form-term-years-left-out", years=TERM_YEARS_SEPARATOR.join(map(str, years)))
