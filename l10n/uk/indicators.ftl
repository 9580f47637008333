# Result indicators on the phone (actions.indicators): the executor's card, the value, the reason, the review;
# the coordinator's review of a fact; the counts in /status.
# Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

indicator-kind = { $kind ->
    [cost] Показник затрат
    [product] Показник продукту
    [efficiency] Показник ефективності
   *[quality] Показник якості
}
# Before the first indicator, right after the department's last measure of the year
indicators-begin = Заходи подано. Лишилися результативні показники за { $year } рік — по одному.
# $plan: the planned value, or "none"
indicator-card =
    📊 Показник { $index } з { $total } · { $department }
    <b>{ $number }. { $name }</b>
    { $kind } · одиниця виміру: { $unit }
    План на { $year } рік: { $plan ->
        [none] не встановлено
       *[other] { $plan }
    }
indicator-reported = Факт уже подано; нове значення замінить його після підтвердження.
indicator-on-behalf = Ви звітуєте за підрозділ як координатор.
indicator-returned = ↩️ Координатор повернув цей показник: «{ $comment }». Виправте й підтвердьте ще раз.
# $current: the value given before, or "none"
indicator-ask-value = Надішліть фактичне значення за { $year } рік ({ $unit }) числом, наприклад 150 або 97,5.{ $current ->
    [none] {""}
   *[other] {" "}Зараз: { $current }.
}
indicator-ask-reason =
    Факт { $value } відхиляється від плану { $plan } на { $deviation } — більше ніж на десяту частину плану.
    Напишіть причину відхилення (вона піде у звіт).
indicator-reason-before = Причина, вказана раніше: «{ $reason }»
indicator-review =
    <b>Перевірте показник { $number }. { $name }</b>
    План: { $plan }
    Факт: { $value }
    Відхилення: { $deviation }
    Причина відхилення: { $reason }
indicator-value-problem = { $problem ->
    [empty] Надішліть значення числом, наприклад 150.
    [not_a_number] Це не схоже на число в одиницях «{ $unit }». Надішліть лише число, наприклад 150 або 97,5.
    [negative] Значення не може бути від'ємним. Надішліть, наприклад, 0 або 150.
    [percent_over_100] Відсоток не може бути більшим за 100. Надішліть число від 0 до 100, наприклад 97,5.
    [too_many_decimals] Забагато знаків після коми: не більше трьох, наприклад 12,345.
    [too_large] Завелике значення. Перевірте число.
    [reason_blank] Причина відхилення порожня, а вона обов'язкова: факт відхиляється від плану більше ніж на десяту частину. Напишіть причину словами.
    [reason_too_long] Причина задовга: не більше { $limit } символів. Скоротіть її.
   *[no_value] Спершу надішліть фактичне значення.
}
indicator-saved = ✅ Збережено: показник { $number }. { $name } — { $value }.
indicator-all-done = Усі показники подано. Дякуємо! Їх можна змінити, доки період відкритий.
indicator-cancelled = Зміни показника { $number } скасовано, нічого не збережено.
indicator-button-confirm = ✅ Підтвердити
indicator-button-value = Змінити значення
indicator-button-keep-reason = Залишити цю причину
indicator-button-cancel = Скасувати
indicator-not-text = Я розумію тут лише текст: надішліть число або скористайтеся кнопками під повідомленням.

## The coordinator's review of a fact
fact-review-card =
    📊 Показник { $number }. { $name } · { $department }
    План: { $plan }
    Факт: { $value } (відхилення { $deviation })
    Причина відхилення: { $reason }
    Подав(ла): { $author }, { $when }
fact-review-correction = Це виправлення після повернення: «{ $comment }» (було: { $before }).
fact-review-button-accept = ✅ Прийняти
fact-review-button-return = ↩️ Повернути з коментарем
fact-review-accepted = Прийнято: показник { $number } ({ $department }).
# «Прийняти все від …» accepted facts of the department's indicators too (after review-accepted-all, if any)
fact-review-accepted-all = Від { $department } прийнято { $count ->
    [one] { $count } факт результативного показника
    [few] { $count } факти результативних показників
   *[other] { $count } фактів результативних показників
}.
fact-review-ask-comment = Напишіть коментар до показника { $number } ({ $department }): що виправити. Його отримає підрозділ.
fact-review-returned = Повернуто на виправлення: показник { $number } ({ $department }).
# The department's members the notice of a returned fact did not reach (blocked the bot, deleted the account, or
# Telegram did not take it). $names: comma-separated
fact-return-unreached = ⚠️ Повідомлення не отримали: { $names }. Зв'яжіться з ними іншим способом.
# To the department's members
fact-return-notice = ↩️ Координатор повернув показник { $number }. { $name }: «{ $comment }». Виправте його: кнопка нижче.
fact-button-open = Виправити показник { $number }

## /status: the indicators beside the measures
status-indicators = Показники: подано { $reported } з { $total }; чекають перевірки — { $waiting }, повернуто — { $returned }, прийнято — { $accepted }.
# Under /review's header: facts of indicators wait too (their cards come after the measures' reports)
review-header-indicators = Показники: { $count ->
    [one] { $count } факт чекає
    [few] { $count } факти чекають
   *[other] { $count } фактів чекають
} на перевірку (після звітів про заходи).

## The department's list: its indicators after its measures
indicator-list = 📊 Результативні показники: залишилося { $left } з { $total }. Кнопки — під заходами.
# The list of a department that reports result indicators but executes no measure: $years "2023" or "2023, 2024"
indicator-list-alone =
    <b>{ $department }</b> · звіт за { $years } рік
    📊 Результативні показники: залишилося { $left } з { $total }.

    Оберіть показник кнопкою нижче, щоб подати його фактичне значення.
indicator-list-mark = { $status ->
    [waiting] ⏳
    [draft] ✏️
    [returned] ↩️
   *[other] ✅
} 📊

## Reminders of the annual report: the department's result indicators still owed (after its measures)
reminder-indicators = 📊 { $count ->
    [one] { $count } результативний показник без факту
    [few] { $count } результативні показники без факту
   *[other] { $count } результативних показників без факту
}

## The coordinators' digest after a deadline: facts of result indicators waiting for review (after the reports)
digest-facts-waiting = 🔎 Чекають на вашу перевірку: { $count ->
    [one] { $count } факт результативного показника
    [few] { $count } факти результативних показників
   *[other] { $count } фактів результативних показників
}. /review { $year }
