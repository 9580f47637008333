"""Every Ukrainian text of the official report form, kept in one place.

The writer lays these out and the reader recognises its own rows by them, so a wording change here
changes both sides at once. The wording follows the published report (the seed), typos included where
the form has them, because the importer looks for the same texts in documents copied from the web.
"""

from __future__ import annotations

from typing import Final

SHEET_TITLE: Final = "Звіт"

TITLE: Final = "Звіт"
SUBTITLE: Final = "про результати виконання"
YEAR_LINE: Final = "за {year} рік"
DECISION_LINE: Final = (
    "Дата і номер рішення міської ради яким затверджено Програму №{decision_number} від {decision_date}"
)
TERM_LINE: Final = "Термін реалізації Програми {term} роки"
SECTION_MEASURES: Final = "1. Виконання заходів"

# The writer prints these titles and the importer recognises its columns by them.
COLUMN_TITLES: Final = (
    "№ з/п",
    "Завдання",
    "Зміст заходів",
    "Термін виконання",
    "Виконавці",
    "Річний обсяг фінансування тис. грн (план)",
    "Річний обсяг фінансування тис. грн (факт)",
    "Фактично профінансовано у звітному періоді тис. грн",
    "Відсоток виконання заходу %",
    "Інформація про виконання",
)
# The official form numbers its columns without 6 (a column dropped from an older edition of the form).
COLUMN_NUMBERS: Final = (1, 2, 3, 4, 5, 7, 8, 9, 10, 11)

TASK_NUMBER: Final = "{number}."
MEASURE_CELL: Final = "{number}. {text}"

# The totals rows. The importer finds them by how their labels begin (lower case, as the form prints them),
# so that a special fund's label worded differently after "фонду" is still recognised.
TOTAL_GENERAL: Final = "з загального фонду"
TOTAL_SPECIAL_START: Final = "з спеціального фонду"
TOTAL_SPECIAL: Final = TOTAL_SPECIAL_START + " та інших джерел фінансування"

# Column C of a row that carries the rest of a measure's too long information text (Excel's cell limit).
# It must never look like a measure cell ("1.2. ..."), or a text importer would take it for one.
CONTINUATION: Final = "(продовження інформації про виконання заходу {number})"

# Every page's footer; {page} and {pages} become the page number and the number of pages.
PAGE_LINE: Final = "Сторінка {page} з {pages}"
# The same in Excel's header/footer codes: &P is the page number, &N the number of pages.
PAGE_FOOTER: Final = PAGE_LINE.format(page="&P", pages="&N")

# The second sheet, "Підсумки": the report at a glance.
SUMMARY_SHEET_TITLE: Final = "Підсумки"
SUMMARY_TITLE: Final = "Підсумки звіту за {year} рік"
SECTION_COMPLETENESS: Final = "1. Повнота звітування за підрозділами"
COMPLETENESS_HEADERS: Final = (
    "№ з/п",
    "Підрозділ",
    "Заходів на {year} рік",
    "Звіт подано",
    "Звіт не подано",
    "Подано, %",
)
SECTION_FINANCE: Final = "2. План і факт за завданнями, тис. грн"
FINANCE_HEADERS: Final = ("№ з/п", "Завдання", "План", "Факт", "Профінансовано")
TOTAL: Final = "Усього"
CHART_COMPLETENESS_TITLE: Final = "Частка поданих звітів за підрозділами"
CHART_COMPLETENESS_X: Final = "Підрозділ"
CHART_COMPLETENESS_Y: Final = "Подано, %"
CHART_FINANCE_TITLE: Final = "План, факт і фінансування за завданнями"
CHART_FINANCE_X: Final = "Завдання"
CHART_FINANCE_Y: Final = "тис. грн"
ELLIPSIS: Final = "…"
# Ukrainian alphabetical order, for sorting department names (code point order puts Є, І, Ї before А).

# Choosing the report's file format by the file's extension (python -m reports ... --out FILE).
UNKNOWN_FORMAT: Final = "невідомий формат файлу «{name}»: звіт можна записати у файл {known}"
FORMATS_OR: Final = "{first} або {last}"

# The final report over the program's term (``/report 2020-2025``; ``reports.term_form``): the annual
# form's title and signature, one block of rows per measure, a row per year and the term's sum.
TERM_YEARS_LINE: Final = "за {first}-{last} роки"
TERM_COLUMN_TITLES: Final = (
    "№ з/п",
    "Зміст заходів",
    "Рік",
    "Термін виконання",
    "Виконавці",
    "Обсяг фінансування тис. грн (план)",
    "Обсяг фінансування тис. грн (факт)",
    "Фактично профінансовано тис. грн",
    "Відсоток виконання заходу %",
    "Інформація про виконання",
)
TERM_COLUMN_NUMBERS: Final = tuple(range(1, 11))
TERM_TOTAL: Final = "Усього"
# Above the table when years of the term have neither plans nor reports (e.g. an imported 2021-2023 history).
TERM_YEARS_LEFT_OUT: Final = "Роки без планів і звітів ({years}) у звіті не показано."
TERM_YEARS_SEPARATOR: Final = ", "
