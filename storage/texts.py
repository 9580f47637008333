"""Everything the storage layer tells a person (import errors, warnings, CLI summaries), in Ukrainian."""

from __future__ import annotations

from storage.numbers import NumberReason

NUMBER_REASONS: dict[NumberReason, str] = {
    NumberReason.EMPTY: "порожньо",
    NumberReason.NOT_A_NUMBER: "це не число",
    NumberReason.NEGATIVE: "від'ємне число",
    NumberReason.TOO_MANY_PLACES: "забагато знаків після коми (не більше трьох)",
    NumberReason.TOO_LARGE: "занадто велике число",
    NumberReason.OUT_OF_RANGE: "відсоток має бути від 0 до 100",
}

# Import: errors (the file is rejected as a whole)
ERR_EMPTY_FILE = "Файл порожній."
ERR_UNREADABLE = "Не вдалося прочитати файл: {detail}"
ERR_UNSUPPORTED = (
    "Непідтримуваний формат файлу «{name}»: потрібен .txt/.tsv (текст із табуляціями) або .xlsx."
)
ERR_NO_HEADER = "Не знайдено рядок заголовка таблиці («№ з/п», «Завдання», «Зміст заходів», …)."
ERR_NO_TITLE = "Не знайдено рядок «{what}» над таблицею."
ERR_BAD_YEAR = "Не знайдено звітний рік (рядок на кшталт «за 2023 рік»)."
ERR_BAD_DECISION = "Не знайдено номер і дату рішення (на кшталт «№1688 від 18.12.2019»)."
ERR_BAD_TERM = (
    "Не знайдено термін реалізації програми (на кшталт «Термін реалізації Програми 2020-2025 роки»)."
)
ERR_NO_MEASURE = (
    "не знайдено заходу: у колонці «Зміст заходів» очікується номер і текст, наприклад «1.2. Проведення …»"
)
ERR_MEASURE_BEFORE_TASK = "захід {number} стоїть перед першим завданням"
ERR_TASK_WITHOUT_TEXT = "у завдання {number} немає тексту"
ERR_TOO_FEW_COLUMNS = (
    "замало колонок: після «Зміст заходів» мають бути термін, виконавці, три суми, відсоток і інформація"
)
ERR_TOO_MANY_COLUMNS = "зайві дані після колонки «Інформація про виконання»: «{value}»"
ERR_BAD_TERM_CELL = "термін виконання «{value}» не містить жодного року"
ERR_BAD_NUMBER = "«{value}» у колонці «{column}»: {reason}"
ERR_DUPLICATE_MEASURE = "захід {number} уже був у рядку {first_line}"
ERR_NO_MEASURES = "У таблиці немає жодного заходу."
ERR_AT = "Рядок {line}, колонка {column}: {message}"
ERR_AT_LINE = "Рядок {line}: {message}"

# Import: warnings (the file is loaded; a person should look)
WARN_TOTAL_MISMATCH = "Рядок {line} («{label}»): у файлі {column} = {printed}, а сума рядків = {computed}; у звіті буде сума рядків."
WARN_TOTAL_PERCENT = (
    "Рядок {line} («{label}»): у файлі відсоток {printed}, але жодна формула над рядками його не дає; "
    "за правилом звіту (профінансовано ÷ план × 100) це {computed}."
)
WARN_SPECIAL_FUND = (
    "Рядок {line}: у підсумку спеціального фонду є суми, але рядки заходів не ділять суми за фондами; "
    "суми заходів імпортовано як загальний фонд."
)
WARN_FINANCED_OVER_ACTUAL = (
    "Захід {number} (рядок {line}): профінансовано {financed} більше за фактичний обсяг {actual}."
)
WARN_MEASURE_OUTSIDE_TASK = (
    "Захід {number} (рядок {line}) стоїть у завданні {task}, але його номер цьому не відповідає."
)
WARN_UNMATCHED = "Захід {number}: не знайдено в довіднику виконавців: {pieces}."
WARN_NO_DEPARTMENT = (
    "Захід {number}: серед виконавців немає жодного підрозділу з довідника; "
    "звітувати за нього буде відповідальний підрозділ програми."
)
WARN_NOT_IN_FILE = "У базі є заходи, яких немає у файлі (їх не змінено): {numbers}."
WARN_RESPONSIBLE_UNMATCHED = "Відповідальний виконавець «{name}» не знайдений у довіднику підрозділів."

SUMMARY = (
    "Програма: {program}\n"
    "Звітний рік: {year}\n"
    "Завдань: {tasks}, заходів: {measures}\n"
    "План на рік, тис. грн: {plan_total}\n"
    "Підрозділів-виконавців знайдено: {departments}\n"
    "Звітів імпортовано: {added} нових, {unchanged} без змін"
)
SUMMARY_ISSUES = "Зауваження ({count}):"
SUMMARY_NO_ISSUES = "Зауважень немає."

IMPORT_AUTHOR = "імпорт: {name}"

# CLI
CLI_PERIOD_OPENED = "Звітний {year} рік програми «{program}» відкрито, кінцевий термін: {deadline}."
CLI_NO_PROGRAM = "У базі немає жодної програми. Спершу імпортуйте її: python -m storage import ФАЙЛ"
CLI_AMBIGUOUS_PROGRAM = "У базі кілька програм; вкажіть --program (номер або частину назви):\n{choices}"
CLI_UNKNOWN_PROGRAM = "Програму «{query}» не знайдено. Є:\n{choices}"
CLI_PERIOD_LOCKED = (
    "Звітний {year} рік програми «{program}» закрито: виконавці більше не можуть змінювати звіти."
)
CLI_BACKUP_DONE = "Копію бази збережено: {path}"
