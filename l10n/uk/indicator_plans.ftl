# Result indicators' plans (issue 25): the plan sheet's block (reports.indicator_plan_sheet),
# /plan 2024 показник 3 150 (bot/handlers/indicator_plans.py) and python -m cli plan 2024 --indicator 3 --value 150.

## The plan sheet's block, under the measures

indicator-plan-block-title = Результативні показники на { $year } рік
# $prefilled: the year the plans came from, or none
indicator-plan-block-hint = Заповніть жовту колонку: планове значення кожного показника в його одиниці виміру (кількість, тис. грн, відсотки від 0 до 100, дні…). Порожня клітинка — план не встановлено.{ $prefilled ->
    [none] {""}
   *[other] {" "}Заповнено за планом { $prefilled } року.
}
indicator-plan-col-number = № з/п
indicator-plan-col-measure = № заходу
indicator-plan-col-name = Назва показника
indicator-plan-col-unit = Одиниця виміру
indicator-plan-col-rule = Допустимі значення
indicator-plan-col-plan = { $year }, планове значення
indicator-plan-col-earlier = { $year }, план
# What a plan may be, by its unit
indicator-plan-rule = { $percent ->
    [yes] від 0 до 100
   *[no] число ≥ 0
}
indicator-plan-group = { $kind ->
    [cost] Показники затрат
    [product] Показники продукту
    [efficiency] Показники ефективності
   *[quality] Показники якості
}
# Excel's own message when a typed value breaks the cell's validation
indicator-plan-validation-title = Планове значення показника
indicator-plan-validation-count = Введіть число, не менше 0 (порожня клітинка — план не встановлено).
indicator-plan-validation-percent = Введіть відсоток від 0 до 100 (порожня клітинка — план не встановлено).

## A returned sheet's indicators: each problem named by its cell (the list opens with plan-sheet-refused)

indicator-plan-no-number = планове значення без номера показника.
indicator-plan-unknown = показника { $number } немає в програмі.
indicator-plan-duplicate = показник { $number } уже є в рядку { $first }.
indicator-plan-missing = у блоці показників бракує { $count ->
    [one] показника
   *[other] показників
} { $numbers }; не видаляйте рядки з аркуша.
# $problem: storage.indicators' IndicatorValueProblem; $unit: the indicator's unit as written
indicator-plan-bad-value = «{ $value }»: { indicator-plan-problem }
indicator-plan-problem = { $problem ->
    [empty] порожньо
    [negative] від'ємне число, а значення показника не може бути менше 0
    [percent_over_100] відсоток має бути від 0 до 100
    [too_many_decimals] забагато знаків після коми (не більше трьох)
    [too_large] занадто велике число
   *[not_a_number] це не число в одиницях «{ $unit }»
}

## What a sheet or the command changes

indicator-plan-value = { $value } { $unit }
indicator-plan-diff-header = Показники: { $count ->
    [0] змін немає.
    [one] зміниться { $count } план.
    [few] зміняться { $count } плани.
   *[other] зміниться { $count } планів.
}
# $cleared: yes when the person emptied a plan
indicator-plan-diff-line = • показник { $number } «{ $name }»: { $old } → { $new }{ $cleared ->
    [yes] {" "}(очищено)
   *[no] {""}
}
indicator-plan-applied = Показники: змінено { $count ->
    [one] { $count } план.
    [few] { $count } плани.
   *[other] { $count } планів.
}

## /plan 2024 показник 3 150

# The word after the year that says the plan is an indicator's (comma-separated, lower case)
indicator-plan-words = показник, показн., пок.
indicator-plan-usage = Як задати план показника: <code>/plan { $year } показник 3 150</code> — номер показника (з розділу «2. Виконання результативних показників») і планове значення в його одиниці виміру.
indicator-plan-bad-number = План не змінено: «{ $value }» — не номер показника. Наприклад: <code>/plan { $year } показник 3 150</code>.
# $name, $unit: the indicator's; $old, $new: its plans (with the unit, or «не встановлено»)
indicator-plan-preview =
    <b>План показника { $number } на { $year } рік</b>
    «{ $name }»
    { $old } → <b>{ $new }</b>

    Застосувати?
indicator-plan-same = План показника { $number } на { $year } рік уже { $new } — нічого не змінено.
indicator-plan-set = ✅ План показника { $number } «{ $name }» на { $year } рік: { $old } → <b>{ $new }</b>. Зміну записано в історію.
indicator-plan-cancelled = План показника не змінено.

## python -m cli plan 2024 --indicator 3 --value 150

cli-help-plan-indicator = номер результативного показника, чий план задати (з --value)
cli-help-plan-value = планове значення показника в його одиниці виміру
cli-indicator-plan-no-value = Вкажіть планове значення: --value.
# $old, $new: with the unit, or «не встановлено»
cli-indicator-plan-change = Показник { $number } «{ $name }», план на { $year } рік: { $old } → { $new }
cli-indicator-plan-applied = { $changed ->
    [yes] План показника { $number } на { $year } рік застосовано (записано в історію).
   *[no] План показника { $number } на { $year } рік уже { $new } — нічого не змінено.
}

## /history показник 3 2024

indicator-history-usage = Як переглянути історію показника: <code>/history показник 3 2024</code> — номер показника і рік.
indicator-history-empty = За { $year } рік ні змін плану, ні звітів щодо показника { $number } ще немає.
indicator-history-header = <b>Історія показника { $number }</b> за { $year } рік: «{ $name }»
# $old, $new: with the unit, or «не встановлено»
indicator-history-plan = • { $when } · { $author }: { $old } → { $new }
indicator-history-fact = • { $when } · { $author } · фактично: { $value }{ $has_reason ->
    [yes] {" "}— причина відхилення: «{ $reason }»
   *[no] {""}
}
