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
# A plan column's header (F5, G5) is not the one written: a column was inserted, deleted or moved
plan-sheet-moved-column = тут має бути колонка «{ $title }», а { $found ->
    [none] заголовок порожній
   *[other] в заголовку — «{ $found }»
}. Не вставляйте, не видаляйте й не переставляйте колонки аркуша: поверніть їх на місце або отримайте новий аркуш командою /plan.
plan-sheet-no-measure-number = суми без номера заходу.
plan-sheet-unknown-measure = заходу { $number } немає в програмі.
plan-sheet-duplicate-measure = захід { $number } уже є в рядку { $first }.
plan-sheet-bad-amount = «{ $value }»: { number-reason }
plan-sheet-missing-measures = у файлі бракує { $count ->
    [one] заходу
   *[other] заходів
} { $numbers }; не видаляйте рядки з аркуша.
plan-sheet-year-out-of-term = { $year } рік поза терміном програми ({ $start }–{ $end }).
# A4 of the sheet: what it was made for (reports.plan_sheet.SheetKey); $key: the machine-readable key
plan-sheet-key = Ключ аркуша для бота (не змінюйте цей рядок): { $key }
# The sheet's key (A4) is gone or changed: we cannot tell what the sheet was made for
plan-sheet-no-key = у рядку 4 немає ключа аркуша, тож невідомо, для якої програми і бази його складено. Отримайте новий аркуш командою /plan { $year }, заповніть і надішліть, не змінюючи рядки 1–4.
# The key names another database (another bot, a copy): $name: the program line (A2), $year: the key's year
plan-sheet-other-database = аркуш складено іншим ботом (іншою базою даних) — для програми «{ $name }» на { $year } рік. Тут його не застосовано; отримайте аркуш цього бота командою /plan { $year }.
# The program line (A2) is not the program the key says: $named: A2, $program: the key's program
plan-sheet-other-program = у рядку 2 — програма «{ $named }», а аркуш складено для програми «{ $program }» на { $year } рік. Надішліть аркуш потрібної програми, отриманий командою /plan, не змінюючи рядки 1–4.
# The title's year (A1) is not the key's year
plan-sheet-other-year = у заголовку — { $title } рік, а аркуш складено на { $year } рік (програма «{ $program }»). Для { $title } року отримайте аркуш командою /plan { $title }.

## What a filled sheet (or /plan 2024 1.2 12,5) changes

plan-not-set = не встановлено
plan-fund = { $fund ->
    [special] спеціальний фонд
   *[general] загальний фонд
}
# $program: the program's name; $count: plans that change in the database
plan-diff-header = План на { $year } рік, програма «{ $program }»: { $count ->
    [0] змін немає.
    [one] зміниться { $count } план.
    [few] зміняться { $count } плани.
   *[other] зміниться { $count } планів.
}
# A sheet prefilled from another year: what the person did to it, before the rest
plan-diff-edits = { $count ->
    [0] Ви не змінили в аркуші жодного плану.
    [one] Ви змінили в аркуші { $count } план:
    [few] Ви змінили в аркуші { $count } плани:
   *[other] Ви змінили в аркуші { $count } планів:
}
# $cleared: yes when the person emptied a prefilled plan
plan-diff-line = • { $number } ({ $fund ->
    [special] спец.
   *[general] заг.
}): { $old } → { $new }{ $cleared ->
    [yes] {" "}(очищено)
   *[no] {""}
}
# The plans the sheet sets as it came prefilled from $year
plan-diff-as-sent = { $count ->
    [one] ще { $count } план — як у плані { $year } року.
    [few] ще { $count } плани — як у плані { $year } року.
   *[other] ще { $count } планів — як у плані { $year } року.
}
# A prefilled sheet sets plans the year already has (set after the sheet was made) back to the prefilled ones
plan-diff-overwrites = { $count ->
    [one] Замінить { $count } план, уже встановлений на { $year } рік:
    [few] Замінить { $count } плани, уже встановлені на { $year } рік:
   *[other] Замінить { $count } планів, уже встановлених на { $year } рік:
}
plan-diff-more = …і ще { $count }
plan-diff-total = Разом, { $fund ->
    [special] спеціальний фонд та інші джерела
   *[general] загальний фонд
}: { $old } → { $new } тис. грн
# After «Застосувати» (the bot and python -m cli plan --apply): how many changed, then the new totals
plan-sheet-applied = ✅ План на { $year } рік застосовано (програма «{ $program }»): { $count ->
    [one] змінено { $count } план.
    [few] змінено { $count } плани.
   *[other] змінено { $count } планів.
}
# After «Застосувати»: the totals the year has now
plan-applied-total = Разом, { $fund ->
    [special] спеціальний фонд та інші джерела
   *[general] загальний фонд
}: { $new } тис. грн
