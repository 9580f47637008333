# The plan sheet (/plan 2024): a workbook the coordinator fills with a year's plans.

plan-sheet-title = План фінансування заходів на { $year } рік, тис. грн
plan-sheet-title-short = План { $year }
plan-sheet-hint = Заповніть жовті колонки (тис. грн) і надішліть файл боту. Порожня клітинка — план не встановлено; 0 — план нульовий.
plan-sheet-hint-prefilled = Заповнено за планом { $year } року.
plan-sheet-col-task = № завдання
plan-sheet-col-number = № заходу
plan-sheet-col-text = Зміст заходу
plan-sheet-col-term = Термін виконання
plan-sheet-col-executors = Виконавці
plan-sheet-col-plan = { $year }, { $fund ->
    [special] спеціальний фонд
   *[general] загальний фонд
}

plan-sheet-refused = Файл плану не застосовано, нічого не змінено:
plan-sheet-cell-problem = • { $cell }: { $message }
plan-sheet-more-problems = …і ще { $count ->
    [one] { $count } помилка
    [few] { $count } помилки
   *[other] { $count } помилок
}
plan-sheet-not-a-plan-sheet = це не аркуш плану: у першому рядку має бути «План фінансування заходів на … рік». Надішліть файл, отриманий командою /plan.
plan-sheet-no-header = не знайдено рядок заголовків таблиці (колонка «{ $title }»).
plan-sheet-no-measure-number = суми без номера заходу.
plan-sheet-unknown-measure = заходу { $number } немає в програмі.
plan-sheet-duplicate-measure = захід { $number } уже є в рядку { $first }.
plan-sheet-bad-amount = «{ $value }»: { number-reason }
plan-sheet-missing-measures = у файлі бракує { $count ->
    [one] заходу
   *[other] заходів
} { $numbers }; не видаляйте рядки з аркуша.
plan-sheet-year-out-of-term = { $year } рік поза терміном програми ({ $start }–{ $end }).
plan-sheet-unknown-program = аркуш складено не для програми з бази («{ $name }»). Надішліть файл, отриманий командою /plan.

## What a filled sheet (or /plan 2024 1.2 12,5) changes

plan-not-set = не встановлено
plan-fund = { $fund ->
    [special] спеціальний фонд
   *[general] загальний фонд
}
plan-diff-header = План на { $year } рік: { $count ->
    [0] змін немає.
    [one] зміниться { $count } план.
    [few] зміняться { $count } плани.
   *[other] зміниться { $count } планів.
}
plan-diff-line = • { $number } ({ $fund ->
    [special] спец.
   *[general] заг.
}): { $old } → { $new }
plan-diff-more = …і ще { $count }
plan-diff-total = Разом, { $fund ->
    [special] спеціальний фонд та інші джерела
   *[general] загальний фонд
}: { $old } → { $new } тис. грн
