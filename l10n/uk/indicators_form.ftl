# The report's second section (issue 25): «2. Виконання результативних показників», after the measures' table
# and before the signature, in every format; and what the import says about it.
#
# The importer finds the section by these same words (its title, the first words of its column titles, the
# group rows): a wording changed here changes what the writer prints and what the reader looks for at once.

indicators-form-section = 2. Виконання результативних показників

## The section's columns, 1..7

indicators-form-column-number = № з/п
indicators-form-column-name = Назва показника
indicators-form-column-unit = Одиниця виміру
indicators-form-column-plan = Планове значення показника
indicators-form-column-fact = Фактичне значення показника
indicators-form-column-deviation = Відхилення
indicators-form-column-reason = Причини відхилення

# What a published table writes in a value cell for «no value», besides a dash (space-separated; the importer
# reads these as no value, with or without a dot).
indicators-form-no-value-marks = х x

## A group row per kind, in this order

indicators-form-group-cost = Показники затрат
indicators-form-group-product = Показники продукту
indicators-form-group-efficiency = Показники ефективності
indicators-form-group-quality = Показники якості

## The report over the term: a row per year, then the term's value. Flows (costs, product counts) are summed
## over the years; levels (percents, efficiency and quality) are the last year's value.

indicators-form-term-sum = Усього за термін
indicators-form-term-last = На кінець терміну ({ $year })

## The workbook's summary sheet

indicators-form-summary-met = Результативних показників виконано (факт не менший за план)
indicators-form-summary-met-value = { $met } з { $planned }

## The import's summary: what it read, and what it could not read

import-indicators-read = Результативних показників прочитано: { $count }.
import-indicator-unread = Рядок { $line } розділу «2. Виконання результативних показників» не прочитано: «{ $text }».
import-indicator-no-kind = Рядок { $line }: показник { $number } стоїть перед рядком групи («Показники затрат», «Показники продукту», «Показники ефективності», «Показники якості»), тож його вид невідомий; показник не завантажено.
import-indicator-duplicate = Рядок { $line }: показник № { $number } уже є в рядку { $first_line }; другий не завантажено.
import-indicator-deviation = Рядок { $line }: у показника { $number } відхилення надруковано { $printed }, а факт − план дає { $computed }; збережено план і факт, відхилення обчислюється.
import-text-unread = Рядок { $line } після таблиці не прочитано: «{ $text }».

## An amended program's indicators, compared as its measures are (the summary and the preview list them)

import-change-indicator-added = + новий результативний показник { $number }: { $new }
import-change-indicator-retired = − показник { $number } вилучено з { $year } року (його значення за попередні роки зберігаються): { $old }
import-change-indicator-renumbered = ↪ показник { $old } тепер має номер { $new } (його плани і факти зберігаються)
import-change-indicator-name = ✎ показник { $number }, нова назва: «{ $new }» (була: «{ $old }»)
import-change-indicator-unit = ✎ показник { $number }, одиниця виміру: «{ $old }» → «{ $new }»
import-change-indicator-kind = ✎ показник { $number }, вид: { $old ->
    [cost] показник затрат
    [product] показник продукту
    [efficiency] показник ефективності
   *[quality] показник якості
} → { $new ->
    [cost] показник затрат
    [product] показник продукту
    [efficiency] показник ефективності
   *[quality] показник якості
}
import-change-indicator-restored = ↩ показник { $number } знову в Програмі з { $year } року: { $new }

