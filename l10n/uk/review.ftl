# The review loop: /review, the coordinator's decisions, the executors' notices (bot/handlers/review.py,
# bot/review_notices.py). Messages are Telegram HTML: keep tags balanced; values put in are escaped by the code.

command-review = Перевірка звітів: /review 2023

# $count: reports waiting in the year
review-header = <b>Перевірка звітів за { $year } рік</b>: { $count ->
    [0] немає звітів, що чекають на перевірку.
    [one] { $count } звіт чекає на перевірку.
    [few] { $count } звіти чекають на перевірку.
   *[other] { $count } звітів чекають на перевірку.
}
review-department-count = • { $department }: { $count ->
    [one] { $count } звіт
    [few] { $count } звіти
   *[other] { $count } звітів
}
review-nothing = Усі подані звіти за { $year } рік перевірено.
# One report on its card. $plan: the year's plan, or «не встановлено»
review-card =
    <b>Захід { $number }</b> · { $department }
    { $text }
    План: { $plan } · факт: { $actual } · профінансовано: { $financed } · виконано: { $percent }
    <i>Що зроблено:</i> { $info }
    Подав(ла): { $author }, { $when }
review-card-changes = <i>Зміни від прийнятої редакції:</i>
review-card-first = <i>Раніше прийнятої редакції немає.</i>
# A report corrected after a return: the return it answers ($reviewer, $when: who returned it and when)
review-card-correction = ↩️ <i>Виправлення після повернення</i> ({ $reviewer }, { $when }): «{ $comment }»
# ... followed by what changed against the returned revision
review-card-changes-returned = <i>Зміни від поверненої редакції:</i>
review-button-accept = ✅ Прийняти
review-button-return = ↩️ Повернути з коментарем
review-button-accept-all = ✅ Прийняти все від { $department }
review-button-open = 🔎 Перевірити звіти ({ $count })
review-accepted = Звіт щодо заходу { $number } ({ $department }) прийнято.
review-accepted-all = Від { $department } прийнято { $count ->
    [one] { $count } звіт
    [few] { $count } звіти
   *[other] { $count } звітів
}.
# Reports (and facts) the department sent after the card with «Прийняти все від …» was shown: left waiting.
review-accepted-all-later = Від { $department } { $count ->
    [one] { $count } звіт надійшов уже після того, як ви відкрили картку: його не прийнято, перегляньте його.
    [few] { $count } звіти надійшли вже після того, як ви відкрили картку: їх не прийнято, перегляньте їх.
   *[other] { $count } звітів надійшло вже після того, як ви відкрили картку: їх не прийнято, перегляньте їх.
}
review-ask-comment = Напишіть одним повідомленням, що виправити у звіті щодо заходу { $number } ({ $department }). Підрозділ отримає ваш коментар. Інша команда скасовує повернення.
# A voice note, a sticker, an edit… while the comment is waited for
review-comment-text-only = Коментар приймаю лише текстом: напишіть одним повідомленням, що виправити. Інша команда скасовує повернення.
review-returned = Звіт щодо заходу { $number } ({ $department }) повернуто на доопрацювання з коментарем. Підрозділ повідомлено ({ $told ->
    [0] { $members ->
        [0] нікого з підрозділу ще немає в боті
       *[other] 0 осіб
    }
    [one] { $told } особу
    [few] { $told } особи
   *[other] { $told } осіб
}).
# The members of the department no notice of the return reaches. $names: comma-separated
review-returned-blocked = 🚫 { $count ->
    [one] Не отримає повідомлення (заблокував(-ла) бота або видалив(-ла) акаунт)
   *[other] Не отримають повідомлення (заблокували бота або видалили акаунт)
}: { $names }. Зв'яжіться з ними іншим способом.

## What the executors and the coordinators are told

review-notice-returned =
    ↩️ <b>Звіт щодо заходу { $number } повернуто на доопрацювання</b> ({ $department }, { $year } рік).
    Коментар координатора ({ $reviewer }): «{ $comment }»
    Виправте звіт і підтвердьте його знову.
review-notice-button = ✏️ Виправити захід { $number }
review-notice-resubmitted = 🔁 Після повернення знову { $count ->
    [one] подано { $count } звіт
    [few] подано { $count } звіти
   *[other] подано { $count } звітів
}: { $items }. Перевірити: /review { $year }
review-notice-item = { $number } ({ $department })
# The button under the notice above: the first report waiting for review, as /review shows it
review-notice-open-button = 🔎 Перевірити звіти

## /status and /history

status-review-counts = Чекають на перевірку: { $waiting }, повернуто: { $returned }, прийнято: { $accepted }.
history-review = {"   "}{ $state ->
    [accepted] ✅ прийнято
   *[returned] ↩️ повернуто: «{ $comment }»
} — { $reviewer }, { $when }

## The coordinators' digest (bot/reminders/rendering.py)

digest-review-waiting = 🔎 Чекають на вашу перевірку: { $count ->
    [one] { $count } звіт
    [few] { $count } звіти
   *[other] { $count } звітів
}. /review { $year }

## /report 2023 accepted

report-accepted-only = Лише прийняті координатором звіти (без поданих і повернутих).

## Evidence files (bot/handlers/evidence.py)

command-files = Файли-підтвердження: /files 2023
evidence-no-measure = Щоб додати файл, спершу відкрийте захід: /start, потім оберіть захід і надішліть файл або фото.
evidence-too-big = Файл «{ $name }» завеликий: бот може отримати файли до { $limit } МБ. Зменште його або розділіть на частини.
evidence-too-many = До заходу { $number } уже додано { $limit ->
    [one] { $limit } файл
    [few] { $limit } файли
   *[other] { $limit } файлів
} — це найбільше. Більше файлів надішліть координатору іншим способом.
evidence-not-downloaded = Не вдалося отримати файл «{ $name }». Спробуйте надіслати його ще раз.
evidence-added = 📎 Файл «{ $name }» додано до заходу { $number } ({ $count } з { $limit }).
evidence-added-not-imported = Поки захід відкритий, файли стають його підтвердженнями. Файл для імпорту програми чи планів надішліть після /cancel.
evidence-none = { $number ->
    [none] За { $year } рік файлів-підтверджень немає.
   *[other] За { $year } рік до заходу { $number } файлів-підтверджень немає.
}
# $part: the part's number when the files come in several ZIPs (Telegram takes 50 MB at most), else 0
evidence-zip-name = Файли { $year }{ $number ->
    [none] {""}
   *[other] {" "}{ $number }
}{ $part ->
    [0] {""}
   *[other] {" "}({ $part } з { $parts })
}.zip
evidence-zip-part = Частина { $part } з { $parts } (Telegram приймає файли до 50 МБ).
evidence-zip-caption = { $count ->
    [one] { $count } файл
    [few] { $count } файли
   *[other] { $count } файлів
} з { $measures ->
    [one] { $measures } заходу
   *[other] { $measures } заходів
}, у теці для кожного заходу.
evidence-zip-too-big = Архів більший за { $limit } МБ — Telegram не дозволяє його надіслати. Запросіть файли окремого заходу: /files 2023 4.1
review-card-files = 📎 Файли: { $names }
history-files = <i>Файли:</i> { $names }

## The XLSX's «Підсумки» sheet (reports/summary_sheet.py)

summary-evidence-title = Файли-підтвердження
summary-evidence-measure = Захід
summary-evidence-count = Файлів
# A second press of «Прийняти» (a double tap, or a card already decided) by the one who decided it: no next card again
review-decided-yours = Ви вже { $state ->
    [returned] повернули
   *[accepted] прийняли
} цей звіт.
# A second press of «Прийняти все від …» by the one who pressed it
review-accepted-all-yours = Ви вже прийняли все від { $department }.
# «Повернути з коментарем» pressed again while its comment is awaited (a double tap): the question is there already
review-comment-awaited = Чекаю на ваш коментар: напишіть його одним повідомленням.
